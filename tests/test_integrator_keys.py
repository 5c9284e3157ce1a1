"""Integrators' API keys: shown once, stored only as a hash, replaced by a new issue."""

import pytest

from shikayat.integrations.keys import digest, integrator_for, issue_key
from shikayat.integrations.models import Integrator

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_as_its_hash_and_found_by_it():
    app = Integrator.objects.create(name="Lahore city app")
    key = issue_key(app)
    app.refresh_from_db()
    assert key not in (app.key_hash, app.key_prefix) and app.key_hash == digest(key)
    assert key.startswith(app.key_prefix)
    assert integrator_for(key) == app


def test_a_new_key_retires_the_old_and_an_inactive_integrator_has_none():
    app = Integrator.objects.create(name="NGO tool")
    old = issue_key(app)
    new = issue_key(app)
    assert integrator_for(old) is None and integrator_for(new) == app
    app.is_active = False
    app.save()
    assert integrator_for(new) is None


@pytest.mark.parametrize("key", ["", "shk_", "not-a-key", "shk_" + "x" * 300])
def test_anything_else_finds_nobody(key):
    Integrator.objects.create(name="City app")
    assert integrator_for(key) is None


def test_the_admin_issues_a_key_shown_once_and_keeps_only_its_hash(admin_client):
    app = Integrator.objects.create(name="Lahore city app")

    page = admin_client.post("/admin/integrations/integrator/", {"action": "issue_new_key",
                                                                  "_selected_action": [app.pk]}, follow=True)

    shown = [str(m) for m in page.context["messages"] if "shk_" in str(m)]
    assert page.status_code == 200 and len(shown) == 1 and "not shown again" in shown[0]
    key = shown[0].rsplit(": ", 1)[1]
    app.refresh_from_db()
    assert integrator_for(key) == app and app.key_hash == digest(key) and key not in app.key_prefix
    change = admin_client.get(f"/admin/integrations/integrator/{app.pk}/change/").content.decode()
    assert key not in change and app.key_hash not in change


def test_a_rate_of_none_a_minute_is_refused_with_the_way_to_stop_a_key():
    """0 a minute would let one request a minute through while the refusal says "at most 0": the admin refuses it
    and its help says to make the key inactive instead."""
    from django.core.exceptions import ValidationError

    app = Integrator(name="City app", rate_per_minute=0)
    with pytest.raises(ValidationError) as refused:
        app.full_clean()
    assert "rate_per_minute" in refused.value.message_dict
    assert "inactive" in str(Integrator._meta.get_field("rate_per_minute").help_text)
    app.rate_per_minute = 1
    app.full_clean()
