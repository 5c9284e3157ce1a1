"""The menu: ten rows at the top (a WhatsApp list holds ten), two of them
groups that open a second list. Each list is sent as an interactive list
and as numbered text, so typing the number works on every phone; a tapped
row works whatever list it came from.

Services written in other modules are opened by dotted name when chosen
(import_string): a flow that is not installed answers "not available yet"
instead of breaking the menu."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shikayat.complaints import etag as etags
from shikayat.core.errors import DomainError
from shikayat.information.models import InfoTopic
from shikayat.notifications.adapters import whatsapp as limits
from shikayat.services import consent as consents

from . import appealing, info, lodging, tracking, words
from .replies import fit
from .turn import MENU_STATE, Turn

ROW_PREFIX = "m:"
ABOUT_TOPIC = "about"  # InfoTopic code of "About <the force>": its title names the force (data, per profile)
SOS_WORDS = frozenset(words.clean(word) for word in ("sos", "مدد", "मदद"))


@dataclass(frozen=True)
class Entry:
    """One row of a list: a service (opened by `opens`) or a group of rows."""

    key: str
    title: object  # lazy text, at most 24 characters in every language (the row's title)
    description: object = ""
    opens: str | Callable[[Turn], None] | None = None  # a callable, a dotted name, or None for a group
    rows: tuple["Entry", ...] = ()


def _topic(code: str) -> Callable[[Turn], None]:
    return lambda turn: info.show_topic(turn, code)


def _lodge(kind: str) -> Callable[[Turn], None]:
    return lambda turn: lodging.start(turn, kind)


INFORMATION = (
    Entry("about", gettext_lazy("About the police"), gettext_lazy("Who we are, our units and how to reach us"),
          _topic(ABOUT_TOPIC)),
    Entry("ig_cell", gettext_lazy("IG complaint cell"), gettext_lazy("Complaints against police officers"),
          _topic("ig-cell")),
    Entry("helplines", gettext_lazy("Helpline numbers"), gettext_lazy("Emergency and other helplines"),
          lambda turn: info.show_helplines(turn)),
    Entry("offices", gettext_lazy("Police offices near you"), gettext_lazy("Share your location or type a name"),
          lambda turn: info.ask_for_offices(turn)),
    Entry("service_centre", gettext_lazy("Service centres"), gettext_lazy("Police service centre facilities"),
          _topic("service-centre")),
    Entry("overseas", gettext_lazy("Overseas citizens"), gettext_lazy("Facilities for citizens living abroad"),
          _topic("overseas")),
    Entry("social_media", gettext_lazy("Police on social media"), "", _topic("social-media")),
    Entry("website", gettext_lazy("Police website"), "", _topic("website")),
    Entry("citizen_portal", gettext_lazy("Citizen portal"), "", _topic("citizen-portal")),
)
SEARCHES = (
    Entry("searches", gettext_lazy("Vehicles and persons"),
          gettext_lazy("Stolen vehicles, missing persons, unidentified bodies"), "shikayat.bot.searches.start"),
    Entry("missing_child", gettext_lazy("Missing child"), gettext_lazy("Report a missing child, or see the alerts"),
          lambda turn: info.offer_missing_child(turn)),
    Entry("most_wanted", gettext_lazy("Most wanted"), gettext_lazy("Wanted criminals; tell us in confidence"),
          lambda turn: info.show_most_wanted(turn)),
)
MENU = (
    Entry("complaint", gettext_lazy("Lodge a complaint"), gettext_lazy("Report a crime or lodge a complaint"),
          _lodge("complaint")),
    Entry("status", gettext_lazy("Complaint status"), gettext_lazy("Follow a complaint or application by E-tag"),
          lambda turn: tracking.start(turn)),
    Entry("lost", gettext_lazy("Lost article report"), gettext_lazy("Lost documents or things: receipt at once"),
          "shikayat.bot.lost.start"),
    Entry("fir", gettext_lazy("FIR copy"), gettext_lazy("A copy of your FIR by its number"), "shikayat.bot.fir.start"),
    Entry("verification", gettext_lazy("Verification"),
          gettext_lazy("Certificates, tenant, employee and worker checks"), lambda turn: info.offer_verification(turn)),
    Entry("harassment", gettext_lazy("Gender harassment"), gettext_lazy("Report harassment (confidential)"),
          _lodge("harassment")),
    Entry("search", gettext_lazy("Search and alerts"), gettext_lazy("Vehicles, missing persons, most wanted"),
          rows=SEARCHES),
    Entry("information", gettext_lazy("Police information"), gettext_lazy("About us, helplines, offices, websites"),
          rows=INFORMATION),
    Entry("suggestion", gettext_lazy("Feedback, suggestions"), gettext_lazy("Tell us how we can serve you better"),
          _lodge("suggestion")),
    Entry("sos", gettext_lazy("SOS emergency"), gettext_lazy("Alert the police now"), "shikayat.bot.sos.start"),
)
GROUPS = {entry.key: entry for entry in MENU if entry.rows}


def all_entries() -> list[Entry]:
    return [row for entry in MENU for row in (entry, *entry.rows)]


def path_to(key: str) -> list[int]:
    """The numbers a citizen types to reach `key`, e.g. [8, 2] for the IG complaint cell."""
    for number, entry in enumerate(MENU, start=1):
        if entry.key == key:
            return [number]
        for sub, row in enumerate(entry.rows, start=1):
            if row.key == key:
                return [number, sub]
    raise KeyError(key)


def title_of(entry: Entry) -> str:
    """The row's title; "About the police" names the force, as its topic's title does (data, per profile)."""
    if entry.key == "about":
        topic = InfoTopic.objects.filter(code=ABOUT_TOPIC, is_active=True).first()
        if topic is not None:
            return topic.title_in()
    return str(entry.title)


def entry_list(button: str, rows: tuple[Entry, ...], section: str) -> dict:
    """A WhatsApp list of the rows, each title and description cut to Meta's limits."""
    if not 1 <= len(rows) <= limits.LIST_ROWS_MAX:
        raise ValueError(f"{len(rows)} rows: a WhatsApp list holds 1 to {limits.LIST_ROWS_MAX}")
    items = []
    for entry in rows:
        title = title_of(entry)
        row = {"id": ROW_PREFIX + entry.key, "title": fit(title, limits.ROW_TITLE_MAX)}
        # A title too long for the row is given whole in the description.
        description = title if row["title"] != title else str(entry.description)
        if description:
            row["description"] = fit(description, limits.ROW_DESCRIPTION_MAX)
        items.append(row)
    return {"type": "list", "action": {"button": fit(button, limits.LIST_BUTTON_MAX), "sections": [
        {"title": fit(section, limits.SECTION_TITLE_MAX), "rows": items}]}}


def _numbered(rows: tuple[Entry, ...]) -> list[str]:
    return [f"{number}. {title_of(entry)}" for number, entry in enumerate(rows, start=1)]


def show_menu(turn: Turn, welcome: bool = False, feedback: bool = False) -> None:
    """The menu. With `feedback` (a greeting), a complaint waiting for this citizen's feedback, or whose
    follow-up question is open, is asked about first."""
    turn.to_menu()
    if feedback and (tracking.ask_pending_feedback(turn) or appealing.ask_pending_followup(turn)):
        return
    lines = [_("*Police services on WhatsApp*"), _("Reply with a number, or tap “Services”:"), ""]
    lines += _numbered(MENU)
    lines += ["", _("At any time: 0 shows this menu, “cancel” stops what you are doing, “language” changes the "
                    "language.")]
    if welcome:
        lines.insert(0, _("Welcome! Here you can lodge a complaint, follow it and find police information.") + "\n")
    turn.say("\n".join(lines), entry_list(_("Services"), MENU, _("Police services")))


def show_group(turn: Turn, group: Entry) -> None:
    """A group's own list; its numbers count from 1 until the menu is shown again."""
    lines = [f"*{title_of(group)}*", _("Reply with a number, or 0 for the menu:"), "", *_numbered(group.rows)]
    turn.say("\n".join(lines), entry_list(_("Choose"), group.rows, str(group.title)))
    turn.go(MENU_STATE, {"group": group.key})


def open_group(turn: Turn) -> Entry | None:
    """The group whose list the citizen is answering, unless they left it idle (then numbers are the menu's)."""
    group = GROUPS.get(turn.answers.get("group", ""))
    last = turn.conversation.last_message_at
    idle = timedelta(minutes=int(settings.SHIKAYAT.get("BOT_IDLE_MINUTES", 30)))
    if group is None or (last is not None and turn.incoming.at - last > idle):
        return None
    return group


def chosen(turn: Turn) -> Entry | None:
    """The row tapped (from any list) or the number typed in the list the citizen is answering."""
    if turn.choice.startswith(ROW_PREFIX):
        return next((e for e in all_entries() if ROW_PREFIX + e.key == turn.choice), None)
    number = turn.number
    group = open_group(turn)
    rows = group.rows if group else MENU
    return rows[number - 1] if number is not None and 1 <= number <= len(rows) else None


def choose_service(turn: Turn) -> None:
    """At the menu (or a group's list): a row or its number opens the service or the group; an E-tag shows its
    status; "SOS" starts the SOS flow; a greeting shows the menu. Right after the question "did the police action
    hold?" was sent, 1 or 2 answers it (appealing.py)."""
    if appealing.answers_followup(turn):
        return
    entry = chosen(turn)
    if entry is None and turn.is_one_of(SOS_WORDS):
        entry = next(e for e in MENU if e.key == "sos")
    if entry is not None:
        open_entry(turn, entry)
    elif looks_like_etag(turn):
        turn.go(tracking.STATUS_ETAG, {})
        tracking.take_etag(turn)
    elif not consent_given(turn):
        greeting = turn.is_one_of(words.GREETINGS)
        group = open_group(turn)
        if not greeting:
            turn.say(_("Sorry, we did not understand that. Please reply with a number from 1 to %(n)d.")
                     % {"n": len(group.rows if group else MENU)})
        if group and not greeting:
            show_group(turn, group)
        else:
            show_menu(turn, feedback=greeting)


def consent_given(turn: Turn) -> bool:
    """A six-digit code from the number it was sent to: the person verified agrees to an application made on
    their behalf (shikayat.services.consent). False when the message is not such a code."""
    code = words.clean(turn.text) if turn.incoming.kind == "text" else ""
    mobile = tracking.verified_mobile(turn)
    if not (len(code) == 6 and code.isdigit() and mobile):
        return False
    try:
        consent = consents.confirm_by_subject(mobile, code, now=turn.now)
    except DomainError as error:
        turn.say(" ".join(str(m) for messages in getattr(error, "fields", {}).values() for m in messages)
                 or str(error.message))
        return True
    if consent is None:
        return False
    turn.say(_("Thank you. Your consent to the application by %(applicant)s (%(service)s) is recorded.")
             % {"applicant": consent.applicant_name, "service": consent.service.name_in()} + "\n\n" + info.footer())
    return True


def looks_like_etag(turn: Turn) -> bool:
    return (turn.incoming.kind == "text" and turn.number is None and bool(turn.mobile)
            and not turn.is_one_of(words.GREETINGS) and etags.is_valid(turn.text))


def open_entry(turn: Turn, entry: Entry) -> None:
    if entry.rows:
        show_group(turn, entry)
        return
    opens = entry.opens
    if isinstance(opens, str):
        try:
            opens = import_string(opens)
        except ImportError:
            turn.say(_("Sorry, “%(service)s” is not available here yet. Please choose another service.")
                     % {"service": title_of(entry)})
            show_menu(turn)
            return
    opens(turn)
