"""Signing an officer in through the real sign-in page, as every browser test does."""

TEST_PASSWORD = "pass-word-123"  # tests.factories.officer's password


def sign_in(page, base: str, username: str, password: str = TEST_PASSWORD, lands: str = "**/officer/**") -> None:
    """Sign `username` in at `base` and wait for the page the sign-in leads to (`lands`, a URL glob)."""
    page.goto(f"{base}/officer/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lands)


def verify_mobile(page, base: str, mobile: str) -> None:
    """Open the lodging form as a citizen: the mobile is verified first with the code sent to it (read from the
    outbox), and the form follows."""
    from shikayat.notifications.models import OutboxMessage

    page.goto(f"{base}/lodge/")
    page.fill("input[name=mobile]", mobile)
    page.locator("form:has(input[name=step][value=send]) button").click()
    code = OutboxMessage.objects.filter(template="otp_code").latest("id").context["code"]
    page.fill("input[name=code]", code)
    page.locator("form:has(input[name=step][value=check]) button").click()
    page.wait_for_selector("select[name=category]")


def open_menu_link(page, href: str) -> None:
    """Follow the header's link to `href` as an officer does: open the group the header folds it into, if any
    (web/menu.py), then click it."""
    group = page.locator(f"header details.menu-group:has(a[href='{href}'])")
    if group.count() and not group.first.evaluate("details => details.open"):
        group.first.locator("summary").click()
    page.click(f"header a[href='{href}']")
