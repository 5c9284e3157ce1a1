"""Files handed to the browser: always as a download (Content-Disposition:
attachment), never rendered in the site's origin, under the content type the
server decided and a file name that cannot carry a path, a header or a
misleading extension."""

import re
import unicodedata

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def safe_filename(name: str, extension: str = "", default: str = "download") -> str:
    """The last part of `name`, without control characters, quotes, path or header separators, at most
    100 characters, ending in `extension` (instead of whatever it ended in) when one is given."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = UNSAFE.sub("_", name).strip(" ._") or default
    if extension:
        stem = name.rsplit(".", 1)[0] if "." in name else name
        name = f"{(stem.strip(' ._') or default)[:90]}.{extension}"
    return name[-100:]


def as_download(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark a response (an export, a generated PDF) as a download under a safe name."""
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_download(file, *, content_type: str, filename: str) -> FileResponse:
    """A stored file as a download: `content_type` is what the server checked, never what the sender said."""
    response = FileResponse(file, as_attachment=True, filename=safe_filename(filename), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
