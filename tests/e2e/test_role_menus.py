"""Every post of the demo force in a real browser: it signs in, its header lists what the post may use, each
listed link shows once its group is opened (the header folds officers' pages into groups), and every listed page
opens (no 4xx/5xx). Then the SHO heads his station: he marks a new complaint of his station
to his sub-inspector, and approves the resolution the sub-inspector proposes."""

import pytest

from shikayat.accounts.models import Posting, User
from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.complaints.workflow import Status
from shikayat.demo.force import DEMO_PASSWORD

from ..roles import MENUS, POSTS, load_demo_force
from . import signin


def sign_in(page, base: str, username: str) -> None:
    signin.sign_in(page, base, username, DEMO_PASSWORD, lands="**/officer/complaints/**")


def menu(page) -> dict[str, str]:
    """The header's officer entries: code → address."""
    links = page.locator("header a[data-menu]")
    return {links.nth(i).get_attribute("data-menu"): links.nth(i).get_attribute("href")
            for i in range(links.count())}


def reach(page, code: str) -> None:
    """Open the group the header folds `code`'s link into, if any, as an officer would, and see the link."""
    link = page.locator(f"header a[data-menu='{code}']")
    group = page.locator(f"header details.menu-group:has(a[data-menu='{code}'])")
    if group.count():
        assert not link.is_visible(), code  # folded until its group is opened
        group.locator("summary").click()
    assert link.is_visible(), code
    if group.count():
        page.keyboard.press("Escape")
        assert not link.is_visible(), code


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("post", sorted(MENUS))
def test_each_post_signs_in_and_opens_every_page_its_menu_lists(live_server, browser_page, post):
    username = load_demo_force()[post]
    page = browser_page
    sign_in(page, live_server.url, username)

    listed = menu(page)
    assert set(listed) - {"updates"} == MENUS[post], POSTS[post]
    for code in sorted(listed):
        reach(page, code)
    for code, href in sorted(listed.items()):
        response = page.goto(f"{live_server.url}{href}")
        assert response is not None and response.status < 400, (POSTS[post], code, href, response and response.status)
        if code != "admin":  # Django's admin site has its own header
            # The menu is on every page it leads to, the same for the post.
            assert set(menu(page)) - {"updates"} == MENUS[post], (POSTS[post], code)


def submit(page, action: str, **fields) -> None:
    """Fill an action form's posted fields by their names (whatever widget shows them: a text box with a list, a
    select, or a picker over a hidden input) and send it."""
    form = page.locator(f"form[action$='/actions/{action}/']")
    for name, value in fields.items():
        form.locator(f"[name={name}]").first.evaluate(
            "(el, value) => { el.value = value; el.dispatchEvent(new Event('input', {bubbles: true}));"
            " el.dispatchEvent(new Event('change', {bubbles: true})); }", value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_the_sho_marks_his_station_s_complaint_to_his_sub_inspector_and_approves(live_server, browser_page):
    load_demo_force()
    sho, si = User.objects.get(username="lhr-mdt-mdt.sho"), User.objects.get(username="lhr-mdt-mdt.si")
    station = Posting.objects.get(user=sho, role="station_head").unit
    complaint = register_complaint(actor=SYSTEM, channel="web", data={
        "category": "CRIME-THEFT", "unit": station.code, "name": "Ali Raza", "mobile": "03001234567",
        "description": "My motorcycle was stolen outside the mosque after Friday prayers.", "language": "en"})
    assert complaint.unit == station and complaint.status == Status.REGISTERED
    page = browser_page
    sign_in(page, live_server.url, sho.username)

    # His station's new complaint is in his "awaiting routing" list, and he marks it to his sub-inspector.
    page.goto(f"{live_server.url}/officer/complaints/?box=routing")
    page.click(f"a[href='/officer/complaints/{complaint.etag}/']")
    submit(page, "assign", officer=si.username)
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSIGNED and complaint.assignee == si
    assert si.get_full_name() in page.locator("main").inner_text()

    # The sub-inspector does the work and proposes a resolution; no paper disposal.
    actions.log_contact(complaint, actor=si, method="call", outcome="Spoke to the complainant.")
    actions.log_field_visit(complaint, actor=si, findings="Visited the mosque; CCTV footage taken.")
    actions.propose_resolution(complaint, actor=si, resolution="Motorcycle recovered and returned.")

    page.goto(f"{live_server.url}/officer/complaints/?box=approvals")
    page.click(f"a[href='/officer/complaints/{complaint.etag}/']")
    submit(page, "approve_resolution")
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.AWAITING_FEEDBACK
    assert complaint.events.filter(action="approve_resolution", actor=sho).exists()
