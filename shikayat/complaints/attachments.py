"""Checking uploaded evidence: photos, PDF documents and voice notes only,
recognised by their first bytes (not by the name the sender gave)."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from shikayat.core.errors import InvalidInput

# (magic bytes at offset 0, content type, extension)
SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
    (b"OggS", "audio/ogg", "ogg"),
    (b"ID3", "audio/mpeg", "mp3"),
    (b"\xff\xfb", "audio/mpeg", "mp3"),
    (b"RIFF", "audio/wav", "wav"),
]


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            if magic == b"RIFF" and head[8:12] != b"WAVE":
                continue
            return content_type, extension
    if head[4:8] == b"ftyp":  # MP4 family: m4a voice notes
        return "audio/mp4", "m4a"
    return None


def check_upload(upload: UploadedFile | None) -> tuple[str, str]:
    """(content type, extension) of an acceptable upload, or InvalidInput."""
    if upload is None:
        raise InvalidInput(_("Please choose a file to attach."), fields={"file": [_("This field is required.")]})
    limit = settings.SHIKAYAT["ATTACHMENT_MAX_BYTES"]
    if upload.size == 0 or upload.size > limit:
        message = _("Attachments must be between 1 byte and %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        raise InvalidInput(message, fields={"file": [message]})
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind is None:
        message = _("Only photos (JPEG, PNG), PDF documents and voice notes (OGG, MP3, M4A, WAV) can be attached.")
        raise InvalidInput(message, fields={"file": [message]})
    return kind


def checked_type(file) -> tuple[str, str]:
    """(content type, extension) of a stored attachment by its first bytes, as at upload; a file that no
    longer reads as any accepted kind (altered on disk, an old row) is application/octet-stream."""
    file.seek(0)
    kind = sniff(file.read(16))
    file.seek(0)
    return kind or ("application/octet-stream", "bin")
