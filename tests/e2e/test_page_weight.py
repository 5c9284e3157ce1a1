"""What a citizen's phone downloads for the home and lodge pages in each language, counted by the browser from the
real responses (headers and bodies as transferred), with static files served as production serves them (hashed
names, far-future immutable caching): a first visit in Urdu ≤ 250 KB, in English or Hindi ≤ 100 KB, and any
second page ≤ 30 KB because its fonts, styles and scripts come from the cache."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.test.testcases import LiveServerThread

from ..test_worker import ROOT

FIRST_VISIT_LIMIT = {"en": 100_000, "ur": 250_000, "hi": 100_000}
SECOND_PAGE_LIMIT = 30_000
PAGES = {"home": "/", "lodge": "/lodge/"}
# The fonts each language's pages may fetch (fonts.css): a file outside its set is a font the page did not need.
FONTS = {"en": {"language-name-urdu", "language-name-hindi"},
         "ur": {"nastaliq-urdu", "naskh-arabic", "language-name-urdu", "language-name-hindi"},
         "hi": {"sans-devanagari", "language-name-urdu", "language-name-hindi"}}


def _production_static_settings() -> dict:
    """MIDDLEWARE and STORAGES as config/settings/production.py sets them (read in a child process: importing
    production here would change the running test settings' shared dicts)."""
    code = ("import json, config.settings.production as p; "
            "print(json.dumps({'MIDDLEWARE': p.MIDDLEWARE, 'STORAGES': p.STORAGES}))")
    env = {**os.environ, "SECRET_KEY": "s" * 40, "SHIKAYAT_TOTP_KEYS": "t" * 40, "DATABASE_URL": "sqlite:///unused",
           "SHIKAYAT_PUBLIC_URL": "https://shikayat.example.org"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture
def production_server(tmp_path, transactional_db):
    """The application with production's static files (collectstatic into a fresh directory, WhiteNoise) on a live
    server that does not serve static files itself, unlike pytest-django's."""
    call_command("load_demo", complaints=0, verbosity=0)
    with override_settings(**_production_static_settings(), STATIC_ROOT=tmp_path / "static"):
        call_command("collectstatic", interactive=False, verbosity=0)
        server = LiveServerThread("localhost", static_handler=lambda handler: handler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
        server.terminate()


def _visit(page, url: str) -> list[dict]:
    """Open `url` and wait for its fonts; each response the browser received over the network, with its size."""
    finished = []

    def collect(request):
        finished.append(request)

    page.on("requestfinished", collect)
    page.goto(url)
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", collect)
    responses = []
    for request in finished:
        sizes = request.sizes()
        responses.append({"url": request.url, "bytes": sizes["responseHeadersSize"] + sizes["responseBodySize"],
                          "cache": request.response().headers.get("cache-control", "")})
    return responses


def _fonts(responses: list[dict]) -> set[str]:
    """The font files that came over the network (one from the cache counts no bytes)."""
    return {r["url"].rsplit("/", 1)[1].split(".")[0] for r in responses if ".woff2" in r["url"] and r["bytes"]}


@pytest.mark.django_db(transaction=True)
def test_page_weights_first_visit_and_second_page(production_server, browser_page, capsys):
    browser = browser_page.context.browser
    rows, problems = [], []
    for lang in ("en", "ur", "hi"):
        for first, second in (("home", "lodge"), ("lodge", "home")):
            context = browser.new_context(viewport={"width": 360, "height": 800})  # an empty cache
            context.add_cookies([{"name": "django_language", "value": lang, "url": production_server}])
            page = context.new_page()
            cold = _visit(page, production_server + PAGES[first])
            warm = _visit(page, production_server + PAGES[second])
            context.close()

            assert page.url.endswith(PAGES[second]) and cold and warm
            statics = [r for r in cold if "/static/" in r["url"]]
            assert statics and all("immutable" in r["cache"] and "max-age=315360000" in r["cache"] for r in statics)
            cold_bytes, warm_bytes = sum(r["bytes"] for r in cold), sum(r["bytes"] for r in warm)
            rows.append((lang, first, cold_bytes, second, warm_bytes, ", ".join(sorted(_fonts(cold))) or "–"))
            if cold_bytes > FIRST_VISIT_LIMIT[lang]:
                problems.append(f"{lang} {first} first visit {cold_bytes:,} B > {FIRST_VISIT_LIMIT[lang]:,} B: {cold}")
            if warm_bytes > SECOND_PAGE_LIMIT:
                problems.append(f"{lang} {second} after {first} {warm_bytes:,} B > {SECOND_PAGE_LIMIT:,} B: {warm}")
            if not _fonts(cold) <= FONTS[lang]:
                problems.append(f"{lang} {first} fetched fonts it does not need: {_fonts(cold) - FONTS[lang]}")
            if _fonts(warm):
                problems.append(f"{lang} {second} after {first} fetched fonts again: {_fonts(warm)}")
    with capsys.disabled():
        print("\n| language | first page | first visit (cold cache) | then | second page (warm cache) "
              "| fonts fetched |")
        print("| --- | --- | ---: | --- | ---: | --- |")
        for lang, first, cold_bytes, second, warm_bytes, fonts in rows:
            print(f"| {lang} | {first} | {cold_bytes / 1000:.1f} KB | {second} | {warm_bytes / 1000:.1f} KB "
                  f"| {fonts} |")
    assert not problems, "\n".join(problems)
    # Urdu readers get Nastaliq (a single file, FONTS above: one weight)
    assert any("nastaliq-urdu" in row[5] for row in rows if row[0] == "ur")
