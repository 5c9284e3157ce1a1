"""Officers' ranks in the reader's language, also inside labels written earlier in another one."""

from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _

from shikayat.core.i18n import LANGS

from .models import Rank


@cache
def _rank_endings() -> tuple[tuple[str, Rank], ...]:
    """" (Sub-Inspector)", " (سب انسپکٹر)", … → Rank.SI: the endings str(User) writes in each language,
    longest first (one rank's label may end another's)."""
    endings = []
    for lang in LANGS:
        with translation.override(lang):
            endings += [(f" ({rank.label})", rank) for rank in Rank]
    return tuple(sorted(set(endings), key=lambda ending: -len(ending[0])))


def shown_actor(label: str) -> str:
    """A stored actor label ("Ali Khan (Sub-Inspector)", as the timeline event recorded it in the actor's
    language) with the rank in the reader's: "Ali Khan (سب انسپکٹر)". The name stays as it was written. The two
    labels events.py writes in English for everyone, "system" and "citizen +92…", are read in the reader's too."""
    if label == "system":
        return _("the system (automatic)")
    if label.startswith("citizen "):
        citizen = _("citizen")
        return f"{citizen} {label.removeprefix('citizen ')}"
    for ending, rank in _rank_endings():
        if label.endswith(ending):
            return f"{label[:-len(ending)]} ({rank.label})"
    return label
