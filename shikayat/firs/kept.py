"""An FIR copy is kept as issued. It is a paper handed to a citizen, so the register imported again later (sections
added, the status moved on) must not change it: at issue its PDF is drawn once from the FIR as it is then, stored
through Django's file storage (local disk or a private S3 bucket, like every other file), and the copy's row keeps
the file's SHA-256 and what the paper says (`facts`). Every download serves those bytes; the verification page
shows those facts, and says so when the register has changed since.

Copies issued before copies were kept have no file: the first download draws and keeps theirs (`pdf_of`)."""

import hashlib
import logging
from datetime import UTC, datetime

from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shikayat.complaints.links import public_url
from shikayat.core import clock, verification
from shikayat.core.errors import DomainError

from . import pdf
from .models import Fir, FirCopy

logger = logging.getLogger(__name__)


class CopyNotKept(DomainError):
    """The copy could not be drawn or stored: nothing of it is recorded, the citizen may ask again."""

    status_code = 503
    code = "copy_not_kept"
    default_message = _("Your FIR copy could not be made just now, and nothing was recorded. Please try again in a "
                        "few minutes, or ask for the copy at the police station.")


class CopyUnavailable(DomainError):
    """The stored copy cannot be read now, or its bytes are not the ones kept (logged): never served."""

    status_code = 503
    code = "copy_unavailable"
    default_message = _("Your FIR copy cannot be opened just now. Please try again in a few minutes, or ask for the "
                        "copy at the police station.")


def register_facts(fir: Fir) -> dict:
    """What a copy says of its FIR that a new import of the register may change, as the snapshot keeps it."""
    return {"registered_at": fir.registered_at.astimezone(UTC).isoformat(), "sections": list(fir.sections),
            "complainant": fir.complainant_name, "investigating_officer": fir.investigating_officer,
            "status": fir.status, "brief_facts": fir.brief_facts}


def snapshot(copy: FirCopy) -> dict:
    """Everything the copy's paper says, from its FIR as the register has it now, in the copy's language."""
    fir, language = copy.fir, copy.language
    with translation.override(language):
        return {"number": copy.number, "issued_at": copy.issued_at.isoformat(), "language": language,
                "fir_number": fir.display_number, "station": fir.unit.name_in(language),
                "station_code": fir.unit.code, "status_label": str(fir.get_status_display()),
                **register_facts(fir)}


def verification_url(number: str) -> str:
    return public_url(verification.path(number))


def keep(copy: FirCopy, *, now: datetime) -> bytes:
    """Draw the copy from its FIR as it is now and store it; sets file, sha256, facts and kept_at (the row is not
    saved here). CopyNotKept if it cannot be drawn or stored: then nothing of it is stored."""
    facts = snapshot(copy)
    try:
        content = pdf.copy_pdf(facts, url=verification_url(copy.number))
        copy.file.save(f"{copy.number}.pdf", ContentFile(content), save=False)
    except Exception as error:
        logger.exception("FIR copy %s could not be drawn or stored", copy.number)
        raise CopyNotKept() from error
    copy.sha256, copy.facts, copy.kept_at = hashlib.sha256(content).hexdigest(), facts, now
    return content


def discard(copy: FirCopy) -> None:
    """Remove the stored file of a copy whose row was not written after all (no orphan left in the storage)."""
    if not copy.file:
        return
    try:
        copy.file.delete(save=False)
    except Exception:  # the storage failing now must not hide why the copy failed
        logger.exception("The stored file %s of an FIR copy that was not issued could not be removed",
                         copy.file.name)


def pdf_of(copy: FirCopy) -> bytes:
    """The copy's PDF as issued: the stored bytes, checked against the SHA-256 kept with them (CopyUnavailable
    when they cannot be read or do not match). A copy issued before copies were kept is drawn and kept now."""
    if not copy.file:
        return _keep_late(copy)
    try:
        with copy.file.storage.open(copy.file.name, "rb") as stored:
            content = stored.read()
    except Exception as error:
        logger.exception("The stored FIR copy %s could not be read", copy.number)
        raise CopyUnavailable() from error
    if hashlib.sha256(content).hexdigest() != copy.sha256:
        logger.error("The stored FIR copy %s (%s) does not match its SHA-256: not served", copy.number,
                     copy.file.name)
        raise CopyUnavailable()
    return content


def _keep_late(copy: FirCopy) -> bytes:
    """A copy issued before copies were kept, at its first download. Stored before the row is written (no lock held
    over the storage's network transfer); should another download have kept it meanwhile, theirs is the copy."""
    content = keep(copy, now=clock.now())
    written = FirCopy.objects.filter(pk=copy.pk, file="").update(file=copy.file.name, sha256=copy.sha256,
                                                                 facts=copy.facts, kept_at=copy.kept_at)
    if written:
        return content
    discard(copy)
    copy.refresh_from_db()
    return pdf_of(copy)


def register_changed(copy: FirCopy) -> bool:
    """Does the register say something else of the copy's FIR now than the copy says?"""
    fir = copy.fir
    if copy.facts and any(copy.facts.get(name) != value for name, value in register_facts(fir).items()):
        return True
    if copy.kept_at is None or copy.kept_at > copy.issued_at:
        # Issued before copies were kept: what it said at issue is not known, only whether its FIR changed since.
        return fir.updated_at > copy.issued_at
    return False
