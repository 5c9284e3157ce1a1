"""Photos, documents and voice notes sent on WhatsApp, attached to complaints,
and the documents of service applications made in chat.

The conversation engine calls request_attachment(complaint, incoming), or
request_document(incoming, code, language) for an application's document,
in its own transaction; a worker then downloads the file, outside any
transaction:
GET {BASE_URL}/{API_VERSION}/{media id} with the bearer token answers
{url, mime_type, file_size}; GET that url with the token is the file. A file
over SHIKAYAT["ATTACHMENT_MAX_BYTES"] is refused before download when Meta
gives its size, and the download stops at the limit otherwise. The file goes
through complaints.actions.add_attachment like any other upload, which
checks its content by its first bytes (an HTML page named .jpg is refused).
An application's document is checked the same way against what services
take (services.actions.check_document) and kept in MediaFetch.staged until
the application is submitted; the conversation is then told it has settled
(shikayat.bot.applying.document_settled), which submits an application that
was only waiting for it.

A refusal is recorded on the MediaFetch row and the citizen is told why on
WhatsApp. Timeouts, 5xx and 429 answers are retried with growing pauses.

The bearer token goes to the configured Graph API (BASE_URL) and to the file
URL it answers with only when that URL is https on one of the media hosts
(WHATSAPP["MEDIA_HOSTS"], by default Meta's graph.facebook.com and
lookaside.fbsbx.com) or on BASE_URL's own origin. Redirects are never
followed: Meta answers both requests directly, so a redirect (which could
carry the token elsewhere) fails the fetch like a file WhatsApp no longer
has, as does a file URL on any other host; neither is retried."""

import logging
import mimetypes
import time
import uuid
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from shikayat.complaints import actions, permissions
from shikayat.complaints.models import Complaint
from shikayat.core import clock
from shikayat.core.errors import DomainError
from shikayat.notifications import outbox
from shikayat.notifications.adapters.whatsapp import config

from .models import MediaFetch
from .types import Incoming

log = logging.getLogger("shikayat.whatsapp")
State = MediaFetch.State

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(seconds=30)  # then 60, 120, 240 s
LEASE = timedelta(minutes=5)  # a download gives up well before (DOWNLOAD_SECONDS)
DOWNLOAD_SECONDS = 120
STAGED_KEEP = timedelta(days=1)  # a conversation times out long before: the applicant gave up
RETRYABLE_STATUS = {401, 403, 408, 429}  # besides 5xx: a token being renewed, throttling


class TryLater(Exception):
    """WhatsApp did not answer properly this time."""


class Unavailable(Exception):
    """WhatsApp says there is no such file (any more)."""


class Refused(Exception):
    """The file is not acceptable; the message is for the citizen."""


def request_attachment(complaint: Complaint, incoming: Incoming) -> MediaFetch | None:
    """Queue the download of the message's file for the complaint, in the
    caller's transaction. The same file for the same complaint is queued
    once. None when the message carries no file."""
    if not incoming.media_id:
        return None
    now = clock.now()
    row, created = MediaFetch.objects.get_or_create(complaint=complaint, media_id=incoming.media_id[:128], defaults={
        "message_id": incoming.message_id[:255], "wa_id": incoming.wa_id[:140], "kind": incoming.kind[:16],
        "mime_type": incoming.media_mime[:100], "filename": incoming.media_filename[:255], "next_attempt_at": now,
        "created_at": now})
    if created:
        transaction.on_commit(lambda: _queue(row.pk))
    return row


def request_document(incoming: Incoming, code: str, language: str) -> MediaFetch:
    """Queue the download of a service application's document, in the caller's transaction."""
    now = clock.now()
    row = MediaFetch.objects.create(
        document_code=code[:40], language=language[:2], message_id=incoming.message_id[:255],
        media_id=incoming.media_id[:128], wa_id=incoming.wa_id[:140], kind=incoming.kind[:16],
        mime_type=incoming.media_mime[:100], filename=incoming.media_filename[:255], next_attempt_at=now,
        created_at=now)
    transaction.on_commit(lambda: _queue(row.pk))
    return row


def _queue(fetch_id: int) -> None:
    try:
        from .tasks import fetch_media

        fetch_media.enqueue(fetch_id)
    except Exception:  # the periodic job retries due fetches
        log.exception("could not queue the WhatsApp media fetch %s", fetch_id)


def fetch_due(limit: int = 5, now: datetime | None = None) -> int:
    """Try the fetches that are due (new ones nobody queued, retries); returns how many were tried."""
    now = now or clock.now()
    ids = list(MediaFetch.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    for pk in ids:
        fetch(pk, now=now)
    return len(ids)


def fetch(fetch_id: int, now: datetime | None = None) -> str:
    """Download one file and attach it (a complaint's) or stage it (an application's document); returns
    the row's state afterwards.
    A row another worker holds, or one not yet due, is left alone."""
    now = now or clock.now()
    claimed = MediaFetch.objects.filter(pk=fetch_id, state=State.PENDING, next_attempt_at__lte=now).update(
        next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    row = MediaFetch.objects.select_related("complaint").get(pk=fetch_id)
    if not claimed:
        return row.state
    if row.complaint_id is not None:
        return _attempt(row, _attach, row.complaint.language, on_refused=_tell_citizen)
    from shikayat.services.actions import MAX_DOCUMENT_BYTES

    state = _attempt(row, _stage, row.language, limit=MAX_DOCUMENT_BYTES)
    if state != State.PENDING:
        _settled(row.pk)
    return state


def _attempt(row: MediaFetch, keep, language: str, limit: int | None = None, on_refused=None) -> str:
    """Download the file and `keep(row, upload)` it (its attachment, if any, is recorded); a refusal is
    recorded (and `on_refused(row, reason)`, in the same transaction), a fault retried. Returns the state."""
    with translation.override(language or "en"):  # refusals are told to the citizen
        try:
            attachment = keep(row, download(row, limit=limit))
        except TryLater as error:
            return _retry_or_fail(row, str(error))
        except Unavailable as error:
            return _finish(row, State.FAILED, error=str(error))
        except (Refused, DomainError) as error:
            reason = str(error.message) if isinstance(error, DomainError) else str(error)
            with transaction.atomic():
                if on_refused is not None:
                    on_refused(row, reason)
                return _finish(row, State.REFUSED, error=reason)
        except Exception as error:  # e.g. storage trouble: retried like a network fault
            log.exception("WhatsApp media %s (%s)", row.media_id, row)
            return _retry_or_fail(row, f"{type(error).__name__}: {error}")
    return _finish(row, State.DONE, attachment=attachment)


def _attach(row: MediaFetch, upload: SimpleUploadedFile):
    """A complaint's file: attached like any upload (which checks it)."""
    complaint = row.complaint
    return actions.add_attachment(complaint, actor=_actor(complaint), upload=upload, channel="whatsapp")


def _stage(row: MediaFetch, upload: SimpleUploadedFile) -> None:
    """A service application's document: checked as the application form checks it, and kept until the
    application is submitted."""
    from shikayat.services.actions import check_document

    problem = check_document(upload)
    if problem:
        raise Refused(problem)
    row.staged.save(f"{uuid.uuid4().hex}{_extension(upload.name)}", upload, save=False)


def discard_unused_documents(now: datetime | None = None) -> int:
    """Delete the staged files of applications never submitted (abandoned in chat) after STAGED_KEEP."""
    before = (now or clock.now()) - STAGED_KEEP
    rows = list(MediaFetch.objects.filter(service_request__isnull=True, created_at__lt=before)
                .exclude(document_code="").exclude(staged=""))
    for row in rows:
        row.staged.delete(save=False)
    MediaFetch.objects.filter(pk__in=[row.pk for row in rows]).update(staged="")
    return len(rows)


def _extension(name: str) -> str:
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    return f".{suffix}" if suffix.isalnum() and len(suffix) <= 5 else ""


def _settled(fetch_id: int) -> None:
    """Tell the conversation its document is done with; a failure there leaves the fetch as it is."""
    try:
        from shikayat.bot.applying import document_settled

        document_settled(fetch_id)
    except Exception:
        log.exception("bot: handling the settled WhatsApp document %s", fetch_id)


def _actor(complaint: Complaint):
    """The complainant themselves when we know their mobile, else the system."""
    if complaint.complainant_mobile:
        return permissions.CitizenActor(complaint.complainant_mobile, credential="whatsapp")
    return permissions.SYSTEM


def download(row: MediaFetch, limit: int | None = None) -> SimpleUploadedFile:
    conf = config()
    limit = limit or settings.SHIKAYAT["ATTACHMENT_MAX_BYTES"]
    headers = {"Authorization": f"Bearer {conf['TOKEN']}"}
    timeout = httpx.Timeout(float(conf["READ_TIMEOUT"]), connect=float(conf["CONNECT_TIMEOUT"]))
    give_up_at = time.monotonic() + DOWNLOAD_SECONDS
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            response = client.get(f"{conf['BASE_URL'].rstrip('/')}/{conf['API_VERSION']}/{row.media_id}",
                                  headers=headers)
            _check(response, "media information")
            try:
                info = response.json()
                url, size = str(info["url"]), int(info.get("file_size") or 0)
            except (ValueError, KeyError, TypeError) as error:
                raise TryLater(f"unreadable media information: {response.text[:200]}") from error
            if size > limit:
                raise Refused(_too_large(limit))
            if not token_may_go_to(url, conf):
                raise Unavailable(f"the media URL is not on an allowed host, not asked: {_origin(url)}")
            mime = str(info.get("mime_type") or row.mime_type or "application/octet-stream")
            with client.stream("GET", url, headers=headers) as file_response:
                _check(file_response, "file")
                if int(file_response.headers.get("Content-Length") or 0) > limit:
                    raise Refused(_too_large(limit))
                content, received = [], 0
                for chunk in file_response.iter_bytes():
                    received += len(chunk)
                    if received > limit:
                        raise Refused(_too_large(limit))
                    if time.monotonic() > give_up_at:
                        raise TryLater("the download took too long")
                    content.append(chunk)
    except httpx.TransportError as error:
        raise TryLater(f"WhatsApp unreachable or slow: {type(error).__name__}") from error
    return SimpleUploadedFile(_file_name(row, mime), b"".join(content), content_type=mime.split(";")[0].strip())


def token_may_go_to(url: str, conf: dict) -> bool:
    """May the access token be sent to `url`? Only over https to a configured media host (an entry starting
    with a dot also allows its subdomains), or to the configured Graph API's own origin."""
    try:
        target, base = httpx.URL(url), httpx.URL(conf["BASE_URL"])
    except (httpx.InvalidURL, TypeError):
        return False
    if not target.host:
        return False
    if (target.scheme, target.host, target.port) == (base.scheme, base.host, base.port):
        return True
    if target.scheme != "https" or target.port not in (None, 443):
        return False
    host = target.host.lower().rstrip(".")
    for allowed in conf.get("MEDIA_HOSTS") or ():
        allowed = allowed.strip().lower()
        if host == allowed or (allowed.startswith(".") and (host.endswith(allowed) or host == allowed[1:])):
            return True
    return False


def _origin(url: str) -> str:
    """scheme://host:port of a URL, for logs (never its path or query, which may be signed)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "(unreadable URL)"
    return f"{parsed.scheme}://{parsed.host}{f':{parsed.port}' if parsed.port else ''}"


def _check(response: httpx.Response, what: str) -> None:
    if 300 <= response.status_code < 400:  # never followed: the token would go along (see the module's docstring)
        location = _origin(response.headers.get("Location", ""))
        raise Unavailable(f"WhatsApp answered {response.status_code} (a redirect to {location}, not followed) "
                          f"for the {what}")
    if response.status_code >= 500 or response.status_code in RETRYABLE_STATUS:
        raise TryLater(f"WhatsApp answered {response.status_code} for the {what}")
    if response.status_code >= 400:
        raise Unavailable(f"WhatsApp answered {response.status_code} for the {what}: {response.text[:200]}")


def _too_large(limit: int) -> str:
    # The same words as for any other upload (complaints/attachments.py).
    return _("Attachments must be between 1 byte and %(mb)d MB.") % {"mb": limit // (1024 * 1024)}


def _file_name(row: MediaFetch, mime: str) -> str:
    if row.filename:
        return row.filename[-200:]
    extension = mimetypes.guess_extension(mime.split(";")[0].strip()) or ""
    return f"whatsapp-{row.kind or 'file'}{extension}"


def _retry_or_fail(row: MediaFetch, error: str) -> str:
    if row.attempts >= MAX_ATTEMPTS:
        return _finish(row, State.FAILED, error=error)
    MediaFetch.objects.filter(pk=row.pk).update(error=error[:2000],
                                                next_attempt_at=clock.now() + FIRST_RETRY * 2 ** (row.attempts - 1))
    log.warning("WhatsApp media %s: %s; will retry", row.media_id, error)
    return State.PENDING


def _finish(row: MediaFetch, state: str, error: str = "", attachment=None) -> str:
    row.state, row.error, row.attachment, row.finished_at = state, error[:2000], attachment, clock.now()
    row.save(update_fields=["state", "error", "attachment", "staged", "finished_at"])
    if state != State.DONE:
        log.warning("WhatsApp media %s (%s) %s: %s", row.media_id, row, state, error)
    return state


def _tell_citizen(row: MediaFetch, reason: str) -> None:
    complaint = row.complaint
    outbox.enqueue(channel="whatsapp", recipient=row.wa_id, template="whatsapp_attachment_refused",
                   language=complaint.language or "en", context={"etag": complaint.etag_display, "reason": reason},
                   dedupe_key=f"wa-media:{row.pk}:refused", complaint=complaint)
