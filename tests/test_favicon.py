"""/favicon.ico answers at the site's root (browsers and tools ask there), and pages link the hashed static copy."""

from pathlib import Path

from django.test import override_settings

ICON = Path(__file__).resolve().parent.parent / "shikayat" / "web" / "static" / "web" / "favicon.ico"


def test_favicon_at_the_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content == ICON.read_bytes() and response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age=604800" in response["Cache-Control"]


@override_settings(STATIC_URL="/static/")
def test_pages_link_the_icon(client, db):
    page = client.get("/privacy/").content.decode()
    assert '<link rel="icon" href="/static/web/favicon.ico">' in page
