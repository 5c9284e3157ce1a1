"""Static files in production: WhiteNoise serves them from the web processes under hashed names, compressed —
collectstatic stores a gzip and a Brotli copy beside each stylesheet and script, and a browser that accepts
Brotli gets that copy, marked immutable."""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.http import HttpResponseNotFound
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from shikayat.core.staticfiles import CompressedManifestStorage

ROOT = Path(__file__).resolve().parent.parent
STORAGE = "shikayat.core.staticfiles.CompressedManifestStorage"


def test_production_serves_static_files_with_whitenoise_from_the_compressing_storage():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SHIKAYAT_", "DJANGO_", "DATABASE_"))}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="s" * 50,
                 DATABASE_URL="postgres://postgres@127.0.0.1:5432/shikayat", SHIKAYAT_TOTP_KEYS="t" * 40,
                 SHIKAYAT_PUBLIC_URL="https://shikayat.example.org")
    code = ("import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.STORAGES['staticfiles']['BACKEND'], s.MIDDLEWARE]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    backend, middleware = json.loads(done.stdout)
    assert backend == STORAGE
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == middleware.index(
        "django.middleware.security.SecurityMiddleware") + 1


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic into a folder of its own, with production's static storage."""
    root = tmp_path_factory.mktemp("static")
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": STORAGE}}
    with override_settings(STATIC_ROOT=str(root), STATIC_URL="/static/", STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
        assert isinstance(staticfiles_storage._wrapped, CompressedManifestStorage)
        yield root, staticfiles_storage._wrapped


def test_each_stylesheet_and_script_is_stored_hashed_with_its_gzip_and_brotli_copies(collected):
    root, storage = collected
    for name in ("web/site.css", "web/site.js", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"):
        hashed = root / storage.stored_name(name)
        assert hashed.name != Path(name).name  # the content's hash in the name
        original = hashed.read_bytes()
        assert brotli.decompress((root / f"{hashed.relative_to(root)}.br").read_bytes()) == original, name
        assert gzip.decompress((root / f"{hashed.relative_to(root)}.gz").read_bytes()) == original, name
    # already compressed (fonts) or never fetched by a page (source maps): no copies
    font = root / storage.stored_name("vendor/fonts/noto-naskh-arabic-arabic-400-normal.woff2")
    assert font.exists() and not Path(f"{font}.br").exists() and not Path(f"{font}.gz").exists()
    maps = list(root.rglob("*.map"))
    assert maps and not list(root.rglob("*.map.br")) and not list(root.rglob("*.map.gz"))


def test_a_browser_that_accepts_brotli_gets_the_compressed_copy_marked_immutable(collected):
    root, storage = collected
    url = storage.url("web/site.css")
    with override_settings(STATIC_ROOT=str(root), STATIC_URL="/static/", WHITENOISE_AUTOREFRESH=False,
                           STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                                     "staticfiles": {"BACKEND": STORAGE}}):
        serve = WhiteNoiseMiddleware(lambda request: HttpResponseNotFound())
        compressed = serve(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br"))
        plain = serve(RequestFactory().get(url))
    original = (root / storage.stored_name("web/site.css")).read_bytes()
    assert compressed.status_code == 200 and compressed["Content-Encoding"] == "br"
    assert "Accept-Encoding" in compressed["Vary"] and "immutable" in compressed["Cache-Control"]
    assert brotli.decompress(b"".join(compressed.streaming_content)) == original
    assert "Content-Encoding" not in plain and b"".join(plain.streaming_content) == original
