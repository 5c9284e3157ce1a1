"""The menu of the 15 services: numbered text, because a WhatsApp list holds
only ten rows. A number at the menu starts its service."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import appealing, info, lodging, tracking, words
from .turn import Turn

# (number, key, label)
SERVICES = [
    (1, "complaint", gettext_lazy("Report a crime / lodge a complaint")),
    (2, "ig_cell", gettext_lazy("IG complaint cell")),
    (3, "service_centre", gettext_lazy("Police service centre facilities")),
    (4, "helplines", gettext_lazy("Helpline numbers")),
    (5, "harassment", gettext_lazy("Report gender harassment (confidential)")),
    (6, "offices", gettext_lazy("Police offices near you")),
    (7, "overseas", gettext_lazy("Overseas citizens' facilities")),
    (8, "social_media", gettext_lazy("Police on social media")),
    (9, "website", gettext_lazy("Police website")),
    (10, "missing_child", gettext_lazy("Missing child: report, or see alerts")),
    (11, "most_wanted", gettext_lazy("Most wanted")),
    (12, "citizen_portal", gettext_lazy("Citizen portal")),
    (13, "verification", gettext_lazy("Certificates and verification: apply, or report a delay")),
    (14, "suggestion", gettext_lazy("Feedback and suggestions")),
    (15, "status", gettext_lazy("Complaint status by E-tag")),
]
# Services answered from an InfoTopic row (shikayat.information), by its code.
TOPICS = {"ig_cell": "ig-cell", "service_centre": "service-centre", "overseas": "overseas",
          "social_media": "social-media", "website": "website", "citizen_portal": "citizen-portal"}


def show_menu(turn: Turn, welcome: bool = False, feedback: bool = False) -> None:
    """The numbered menu. With `feedback` (a greeting), a complaint waiting
    for this citizen's feedback, or whose follow-up question is open, is asked about first."""
    turn.to_menu()
    if feedback and (tracking.ask_pending_feedback(turn) or appealing.ask_pending_followup(turn)):
        return
    lines = [_("*Police services on WhatsApp*"), _("Reply with the number of the service you need:"), ""]
    lines += [f"{number}. {label}" for number, _key, label in SERVICES]
    lines += ["", _("At any time: 0 shows this menu, “cancel” stops what you are doing, “language” changes the "
                    "language.")]
    if welcome:
        lines.insert(0, _("Welcome! Here you can lodge a complaint, follow it and find police information.") + "\n")
    turn.say("\n".join(lines))


def choose_service(turn: Turn) -> None:
    """At the menu: a service number starts that service; a greeting shows the menu. Right after the question
    "did the police action hold?" was sent, 1 or 2 answers it (appealing.py)."""
    if appealing.answers_followup(turn):
        return
    key = next((k for n, k, _label in SERVICES if n == turn.number), None)
    if key is None:
        greeting = turn.is_one_of(words.GREETINGS)
        if not greeting:
            turn.say(_("Sorry, we did not understand that. Please reply with a number from 1 to %(n)d.")
                     % {"n": len(SERVICES)})
        show_menu(turn, feedback=greeting)
    elif key in TOPICS:
        info.show_topic(turn, TOPICS[key])
    elif key in ("complaint", "harassment", "suggestion"):
        lodging.start(turn, key)
    else:
        # Missing child and verification offer information first, then the complaint flow.
        opens = {"helplines": info.show_helplines, "offices": info.ask_for_offices, "status": tracking.start,
                 "missing_child": info.offer_missing_child, "most_wanted": info.show_most_wanted,
                 "verification": info.offer_verification}
        opens[key](turn)
