"""The last step of every flow that files something (a complaint, a lost-article report, an application): the
citizen has read back what will be filed and answers yes or no. Yes files it; no files nothing and shows the
menu; anything else asks again, with the same two buttons."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from . import menu
from .replies import buttons
from .turn import Turn


def yes_no(yes: str) -> dict:
    """The two buttons under a confirmation: `yes` names what happens ("Yes, register"), no cancels."""
    return buttons([("yes", yes), ("no", _("No, cancel"))])


def take(turn: Turn, on_yes: Callable[[Turn], None], again: str, yes: str) -> None:
    """Answer a confirmation: on_yes(turn) for yes; cancelled for no; else `again` ("reply 1 to …") with the
    buttons labelled `yes`."""
    answer = turn.yes_or_no()
    if answer:
        on_yes(turn)
    elif answer is False:
        turn.say(_("Cancelled. Nothing was registered."))
        menu.show_menu(turn)
    else:
        turn.say(again, yes_no(yes))
