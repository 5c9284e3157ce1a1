"""Start-up check of the updates' settings: a bad value stops `manage.py check`, runserver and the worker with
the setting named, instead of failing at the first complaint."""

from django.core import checks

from . import config


@checks.register()
def update_settings_are_sound(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [checks.Error(problem, hint="See the complainant's updates in config/settings/base.py.",
                         id="updates.E001") for problem in config.problems()]
