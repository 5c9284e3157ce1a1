"""Signing an officer in through the real sign-in page, as every browser test does."""

TEST_PASSWORD = "pass-word-123"  # tests.factories.officer's password


def sign_in(page, base: str, username: str, password: str = TEST_PASSWORD, lands: str = "**/officer/**") -> None:
    """Sign `username` in at `base` and wait for the page the sign-in leads to (`lands`, a URL glob)."""
    page.goto(f"{base}/officer/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lands)
