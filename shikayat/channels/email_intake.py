"""Complaints by email: one raw RFC 5322 message in, one InboundMessage out.

Each message is decided once (its Message-ID, or a sha256 of the raw bytes
when it has none, is the InboundMessage's external_id):

- automatic mail (auto-replies, out-of-office, bounces, list mail) and our
  own mail coming back (a loop) are recorded as ignored, nothing else;
- a reply threads to its complaint, by a valid E-tag in the subject or by
  In-Reply-To / References naming an earlier message that made or joined a
  complaint; the text (without the quoted original) becomes `add_information`
  and each file `add_attachment`, taken as the citizen (CitizenActor of the
  complaint's mobile) or, for a complaint with only an email address, as the
  system actor on the citizen's behalf (channel "email" either way).
  Only the complaint's own email address may add to it: anyone else's reply
  is refused, so a stranger who knows an E-tag cannot write into someone
  else's complaint (the From header is trusted as far as the receiving mail
  server checked it: SPF/DKIM/DMARC belong there);
- STOP or START alone in the subject or the reply's first line turns updates
  to the sender's address off or on (shikayat.updates), answered by email;
- anything else is a new complaint, registered by the system actor.

Everything one message causes is written in one transaction: a message that
fails validation is recorded REJECTED with the reasons and nothing else.

Attachments that fail the content check (only photos, PDF and voice notes are
kept, recognised by their bytes) do not cost the citizen the complaint: it is
registered (or the reply added) without them, and the refused file names are
listed in the InboundMessage's detail and in an internal note on the
complaint, so the officer knows to ask for them another way. Refusing the
whole email for one unsupported file would lose a complaint the citizen
believes was made."""

import hashlib
import html
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from mimetypes import guess_extension

import phonenumbers
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shikayat.complaints import actions, intake, permissions
from shikayat.complaints import etag as etags
from shikayat.complaints.attachments import check_upload
from shikayat.complaints.models import Attachment, Complaint
from shikayat.core import clock
from shikayat.core.errors import DomainError, InvalidInput
from shikayat.core.jsonsafe import clean_text
from shikayat.core.phones import normalise_mobile
from shikayat.notifications import outbox
from shikayat.updates import replies as update_replies
from shikayat.updates import stops

from .mailboxes import Mailbox
from .models import InboundMessage

log = logging.getLogger("shikayat.channels.email")

CHANNEL = "email"
Outcome = InboundMessage.Outcome
# Our outgoing mail carries this header; seeing it come back in is a loop.
LOOP_HEADER = "X-Shikayat-Loop"
AUTOMATIC_SENDER = re.compile(r"^(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?)([+-].*)?$",
                              re.IGNORECASE)
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
ETAG_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}(?![0-9A-Za-z])")
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
# Where a reply's quoted original begins (Gmail, Outlook, Thunderbird).
# "Re:", "Fwd:", "AW:" … before a subject, as mail programs add them.
SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv)\s*:\s*)+", re.IGNORECASE)
QUOTE_START = re.compile(r"^\s*(-{2,}\s*original message\s*-{2,}|_{10,}|.*\bwrote:\s*)$", re.IGNORECASE)


@dataclass
class ParsedEmail:
    external_id: str
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    text: str = ""
    uploads: list = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    message: EmailMessage | None = None
    problem: str = ""  # why the message could not be read at all


@dataclass
class Processed:
    inbound: InboundMessage
    duplicate: bool = False  # seen before: nothing changed


# Reading the message ---------------------------------------------------------------------------------------------


class _TextFromHtml(HTMLParser):
    """The readable text of an HTML body: tags dropped, scripts and styles
    skipped, entities decoded; nothing is ever rendered or fetched."""

    BLOCKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr"}
    SKIPPED = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextFromHtml()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in html.unescape("".join(parser.chunks)).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _part_text(part: EmailMessage) -> str:
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # unknown or lying charset
        text = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    text = text.replace("\r\n", "\n")
    return html_to_text(text) if part.get_content_subtype() == "html" else text.strip()


def _file_name(part: EmailMessage, position: int) -> str:
    name = (part.get_filename() or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        name = f"attachment-{position}{guess_extension(part.get_content_type()) or ''}"
    return name[-200:]


def _attachment_parts(message: EmailMessage, body: EmailMessage | None) -> list[EmailMessage]:
    """Every part sent as a file: marked as attachment, or inline but not text
    (a pasted photo). Forwarded emails are one file each, not opened up."""
    found = []

    def visit(part: EmailMessage) -> None:
        if part is body:
            return
        if part.get_content_maintype() == "multipart":
            for sub in part.iter_parts():
                visit(sub)
        elif part.get_content_disposition() == "attachment" or part.get_content_maintype() != "text":
            found.append(part)

    visit(message)
    return found


def _upload(part: EmailMessage, position: int) -> SimpleUploadedFile:
    # A forwarded email has no decoded payload: its bytes go to the content check (which refuses it).
    message = part.get_content_maintype() == "message"
    content = part.as_bytes() if message else (part.get_payload(decode=True) or b"")
    return SimpleUploadedFile(_file_name(part, position), content, content_type=part.get_content_type())


def _message_ids(value) -> list[str]:
    return MESSAGE_ID.findall(str(value or ""))


def _external_id(message: EmailMessage | None, raw: bytes) -> str:
    ids = _message_ids(message.get("Message-ID")) if message is not None else []
    if ids and len(ids[0]) <= 255:
        return ids[0]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def read_message(raw: bytes) -> ParsedEmail:
    """Parse one raw message; never raises (an unreadable one says why in
    `problem`). Its text is storable: NUL (a UTF-16 part read as another
    charset) and lone surrogates (raw 8-bit bytes in a header) as U+FFFD."""
    parsed = _read(raw)
    for name in ("external_id", "sender", "sender_name", "subject", "text", "problem"):
        setattr(parsed, name, clean_text(getattr(parsed, name)))
    parsed.references = [clean_text(reference) for reference in parsed.references]
    return parsed


def _read(raw: bytes) -> ParsedEmail:
    message = None
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        parsed = ParsedEmail(external_id=_external_id(message, raw), message=message)
        parsed.subject = " ".join(str(message.get("Subject") or "").split())
        addresses = [a for a in getattr(message.get("From"), "addresses", ()) if "@" in a.addr_spec]
        if addresses:
            parsed.sender = addresses[0].addr_spec.strip()
            parsed.sender_name = addresses[0].display_name.strip() or addresses[0].username
        parsed.references = _message_ids(message.get("In-Reply-To")) + _message_ids(message.get("References"))
        body = message.get_body(preferencelist=("plain", "html"))
        parsed.text = _part_text(body) if body is not None else ""
        parsed.uploads = [_upload(part, n) for n, part in enumerate(_attachment_parts(message, body), start=1)]
    except Exception as error:  # a malformed header or MIME structure: record it, never stop the run
        log.warning("unreadable email: %s", error)
        try:
            external_id = _external_id(message, raw)
        except Exception:
            external_id = "sha256:" + hashlib.sha256(raw).hexdigest()
        return ParsedEmail(external_id=external_id, problem=_("The message could not be read: %(error)s")
                           % {"error": f"{type(error).__name__}: {error}"[:300]})
    return parsed


# Deciding what it is ---------------------------------------------------------------------------------------------


def automatic_reason(parsed: ParsedEmail) -> tuple[str, str] | None:
    """(outcome, detail) when the message is our own mail coming back or mail
    no person wrote (auto-reply, out-of-office, bounce, list); else None."""
    message = parsed.message
    own = settings.SHIKAYAT.get("EMAIL_INTAKE_ADDRESS", "").strip().casefold()
    if message.get(LOOP_HEADER) is not None:
        return Outcome.IGNORED_LOOP, _("It carries our own %(header)s header.") % {"header": LOOP_HEADER}
    if own and parsed.sender.casefold() == own:
        return Outcome.IGNORED_LOOP, _("It was sent from our own intake address.")

    def header(name: str) -> str:
        return str(message.get(name) or "").strip()

    auto_submitted = header("Auto-Submitted").split(";")[0].strip().lower()
    suppress = {token.strip().lower() for token in header("X-Auto-Response-Suppress").split(",")}
    reasons = [
        (auto_submitted and auto_submitted != "no", f"Auto-Submitted: {auto_submitted}"),
        (message.get("X-Autoreply") is not None, "X-Autoreply"),
        (message.get("X-Autorespond") is not None, "X-Autorespond"),
        (header("Precedence").lower() in BULK_PRECEDENCE, f"Precedence: {header('Precedence').lower()}"),
        (bool(suppress & {"oof", "all"}), f"X-Auto-Response-Suppress: {header('X-Auto-Response-Suppress')}"),
        (header("Return-Path") == "<>", "Return-Path: <>"),
        (message.get_content_type() == "multipart/report", "Content-Type: multipart/report"),
        (bool(AUTOMATIC_SENDER.match(parsed.sender.split("@")[0])), f"From: {parsed.sender}"),
    ]
    for applies, what in reasons:
        if applies:
            return Outcome.IGNORED_AUTO_REPLY, _("Automatic message (%(what)s).") % {"what": what[:200]}
    return None


def etags_in(subject: str) -> list[str]:
    """Valid E-tags (canonical form) written in a subject line."""
    found = []
    for token in ETAG_CANDIDATE.findall(subject or ""):
        if etags.is_valid(token):
            canonical = etags.normalise(token)
            if canonical not in found:
                found.append(canonical)
    return found


def thread_target(parsed: ParsedEmail) -> Complaint | None:
    """The complaint this message answers: by an E-tag in the subject, else by
    the messages it replies to."""
    for etag in etags_in(parsed.subject):
        complaint = Complaint.objects.filter(etag=etag).first()
        if complaint is not None:
            return complaint
    if parsed.references:
        earlier = (InboundMessage.objects.filter(channel=CHANNEL, external_id__in=parsed.references,
                                                 complaint__isnull=False)
                   .select_related("complaint").order_by("-received_at").first())
        if earlier is not None:
            return earlier.complaint
    return None


def guess_language(text: str) -> str:
    """ur for Arabic script, hi for Devanagari, else en: whichever script most letters are in."""
    arabic = devanagari = latin = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
            arabic += 1
        elif "\u0900" <= ch <= "\u097f":
            devanagari += 1
        elif ch.isascii():
            latin += 1
    best = max(arabic, devanagari, latin)
    if best and best == arabic:
        return "ur"
    if best and best == devanagari:
        return "hi"
    return "en"


def find_mobile(text: str) -> str:
    """The first mobile number written in the text (E.164), or ""."""
    region = settings.SHIKAYAT["DEFAULT_REGION"]
    for match in phonenumbers.PhoneNumberMatcher(text or "", region):
        if phonenumbers.number_type(match.number) not in MOBILE_TYPES:
            continue
        try:
            return normalise_mobile(match.raw_string, region)
        except InvalidInput:
            continue
    return ""


def reply_text(text: str) -> str:
    """What the citizen wrote in a reply, without the quoted original."""
    kept = []
    for line in (text or "").splitlines():
        if QUOTE_START.match(line):
            if kept and kept[-1].lstrip().lower().startswith("on "):  # "On Mon … <x@y>\n wrote:" wrapped
                kept.pop()
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def _checked(uploads: list) -> tuple[list, list[str]]:
    """(acceptable uploads, "name: why" for each refused one)."""
    accepted, refused = [], []
    for upload in uploads:
        try:
            check_upload(upload)
        except InvalidInput as error:
            refused.append(f"{upload.name}: {error.message}")
        else:
            accepted.append(upload)
    return accepted, refused


def _refused_note(refused: list[str]) -> str:
    return _("Attachments sent by email that could not be kept:") + "\n" + "\n".join(refused)


def describe(error: DomainError) -> str:
    parts = [str(error.message)]
    for name, problems in error.fields.items():
        parts.append(f"{name}: " + " ".join(str(p) for p in problems))
    return "\n".join(parts)


# Writing ---------------------------------------------------------------------------------------------------------


def _record(parsed: ParsedEmail, outcome: str, detail: str, now: datetime) -> Processed:
    try:
        with transaction.atomic():
            inbound = InboundMessage.objects.create(
                channel=CHANNEL, external_id=parsed.external_id, sender=parsed.sender[:254],
                subject=parsed.subject[:300], received_at=now, outcome=outcome, detail=detail)
    except IntegrityError:
        return _already_seen(parsed)
    return Processed(inbound)


def _already_seen(parsed: ParsedEmail) -> Processed:
    return Processed(InboundMessage.objects.get(channel=CHANNEL, external_id=parsed.external_id), duplicate=True)


def _new_complaint(parsed: ParsedEmail, now: datetime, stored: list[Attachment]) -> tuple[Complaint, str]:
    limit = settings.SHIKAYAT["DESCRIPTION_MAX_LENGTH"]
    description = "\n\n".join(part for part in (parsed.subject, parsed.text) if part).strip()
    notes = []
    if len(description) > limit:
        description = description[: limit - 1] + "…"
        notes.append(_("The description was cut to %(max)d characters.") % {"max": limit})
    accepted, refused = _checked(parsed.uploads)
    data = {
        "category": settings.SHIKAYAT.get("EMAIL_INTAKE_CATEGORY", "OTHER-GENERAL"),
        "description": description,
        "name": parsed.sender_name[: intake.MAX_NAME],
        "email": parsed.sender,
        "mobile": find_mobile(f"{parsed.subject}\n{parsed.text}"),
        "language": guess_language(f"{parsed.subject}\n{parsed.text}"),
    }
    complaint = intake.lodge_with_attachments(actor=permissions.SYSTEM, channel=CHANNEL, data=data,
                                              uploads=accepted, now=now)
    stored.extend(complaint.attachments.all())
    if refused:
        actions.add_note(complaint, actor=permissions.SYSTEM, text=_refused_note(refused), channel=CHANNEL, now=now)
        notes.append(_refused_note(refused))
    return complaint, "\n".join(notes)


def _reply(parsed: ParsedEmail, complaint: Complaint, now: datetime, stored: list[Attachment]) -> str:
    text = reply_text(parsed.text)[: actions.MAX_TEXT]
    accepted, refused = _checked(parsed.uploads)
    if not text and not accepted:
        message = _("The reply has no text and no attachment that could be kept.")
        raise InvalidInput(message, fields={"text": [message], **({"attachments": refused} if refused else {})})
    # The complainant speaks through email; without a mobile there is no citizen identity to act as.
    actor = permissions.CitizenActor(complaint.complainant_mobile, credential="email") \
        if complaint.complainant_mobile else permissions.SYSTEM
    if text:
        actions.add_information(complaint, actor=actor, text=text, channel=CHANNEL, now=now)
    for upload in accepted:
        stored.append(actions.add_attachment(complaint, actor=actor, upload=upload, channel=CHANNEL, now=now))
    if refused:
        actions.add_note(complaint, actor=permissions.SYSTEM, text=_refused_note(refused), channel=CHANNEL, now=now)
        return _refused_note(refused)
    return ""


def process_message(raw: bytes, *, now: datetime | None = None) -> Processed:
    """Decide one raw email and record what became of it (see the module
    docstring). Bad input never raises: it is recorded REJECTED with the
    reasons. Only unexpected failures (e.g. the database) raise, writing nothing."""
    now = now or clock.now()
    parsed = read_message(raw)
    if InboundMessage.objects.filter(channel=CHANNEL, external_id=parsed.external_id).exists():
        return _already_seen(parsed)
    if parsed.problem:
        return _record(parsed, Outcome.REJECTED, parsed.problem, now)
    automatic = automatic_reason(parsed)
    if automatic:
        return _record(parsed, *automatic, now)
    if not parsed.sender:
        return _record(parsed, Outcome.REJECTED, _("The message has no sender address."), now)

    word = updates_word(parsed)
    if word:
        return _switch_updates(parsed, word, now)

    complaint = thread_target(parsed)
    if complaint is not None and parsed.sender.casefold() != complaint.complainant_email.strip().casefold():
        return _record(parsed, Outcome.REJECTED, _(
            "A reply about complaint %(etag)s from %(sender)s, which is not the complainant's email address: "
            "nothing was added to the complaint.") % {"etag": complaint.etag_display, "sender": parsed.sender}, now)

    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            # Claim the Message-ID first: a second worker reading the same message waits here, then fails.
            inbound = InboundMessage.objects.create(
                channel=CHANNEL, external_id=parsed.external_id, sender=parsed.sender[:254],
                subject=parsed.subject[:300], received_at=now, outcome=Outcome.REJECTED)
            if complaint is None:
                inbound.complaint, inbound.detail = _new_complaint(parsed, now, stored)
                inbound.outcome = Outcome.COMPLAINT_CREATED
            else:
                inbound.detail = _reply(parsed, complaint, now, stored)
                inbound.complaint, inbound.outcome = complaint, Outcome.INFORMATION_ADDED
            inbound.save()
    except DomainError as error:
        _forget(stored)
        return _record(parsed, Outcome.REJECTED, describe(error), now)
    except IntegrityError:
        _forget(stored)
        if InboundMessage.objects.filter(channel=CHANNEL, external_id=parsed.external_id).exists():
            return _already_seen(parsed)
        raise
    except Exception:
        _forget(stored)
        raise
    return Processed(inbound)


def updates_word(parsed: ParsedEmail) -> str | None:
    """"stop" or "start" when the subject (without Re:/Fwd:) or the reply's first line is just that word."""
    subject = SUBJECT_PREFIX.sub("", parsed.subject)
    first = next((line for line in reply_text(parsed.text).splitlines() if line.strip()), "")
    return stops.keyword(subject) or stops.keyword(first)


def _switch_updates(parsed: ParsedEmail, word: str, now: datetime) -> Processed:
    """STOP or START from this address: updates about its complaints off or on, and an answer saying so."""
    address = parsed.sender.strip().lower()
    lang = update_replies.language_for(address, f"{parsed.subject}\n{parsed.text}")
    try:
        with transaction.atomic():
            inbound = InboundMessage.objects.create(
                channel=CHANNEL, external_id=parsed.external_id, sender=parsed.sender[:254],
                subject=parsed.subject[:300], received_at=now,
                outcome=Outcome.UPDATES_STOPPED if word == "stop" else Outcome.UPDATES_STARTED)
            update_replies.switch(word, address, CHANNEL)
            outbox.enqueue(channel=CHANNEL, recipient=parsed.sender, template=update_replies.ANSWERS[word],
                           language=lang, context={}, dedupe_key=f"email:{word}:{inbound.pk}")
    except IntegrityError:
        return _already_seen(parsed)
    return Processed(inbound)


def _forget(stored: list[Attachment]) -> None:
    """The transaction rolled back: remove the files it had stored."""
    for attachment in stored:
        attachment.file.delete(save=False)


def intake_from(mailbox: Mailbox, *, progress: Callable[[list], Iterable] = iter) -> Counter:
    """Process every waiting message of a mailbox, each in its own transaction,
    and count the outcomes ("already_seen" for repeats, "error" for failures).
    A message is marked done only once its outcome is recorded; one that fails
    unexpectedly is logged and left waiting, and the others go on."""
    counts: Counter = Counter()
    for key in progress(mailbox.pending()):
        try:
            result = process_message(mailbox.read(key))
        except Exception:
            log.exception("email %s could not be processed; it stays in the mailbox", key)
            counts["error"] += 1
            continue
        mailbox.done(key)
        counts["already_seen" if result.duplicate else result.inbound.outcome] += 1
    return counts
