"""Browser tests: Debian's Chromium driven by Playwright against Django's
live server (a real HTTP server on 127.0.0.1)."""

import os
import shutil

import pytest

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser_page(chromium):
    """A page in a context of its own (no cookies, storage or cache from another test), closed after the test."""
    page = chromium.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.context.close()


@pytest.fixture(scope="package")
def chromium(tmp_path_factory):
    """The browser itself, for a test that needs its own context (JavaScript off, a granted location). Launched
    once for the browser tests: each test's page or context is a fresh one, sharing nothing with another's."""
    path = chromium_path()
    if path is None:
        message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS,
                                             env={**os.environ, "HOME": str(tmp_path_factory.mktemp("chromium"))})
        yield browser
        browser.close()
