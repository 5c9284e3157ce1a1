"""The header menu per post of the demo force: it lists what the post may use, every listed page opens, and
the pages it leaves out are closed to that post (the menu and the pages ask the same question)."""

import re

import pytest
from django.urls import reverse

from shikayat.accounts.models import User
from shikayat.web.menu import ENTRIES, officer_menu

from .roles import MENUS, POSTS, load_demo_force

URLS = {entry.code: reverse(entry.url_name) for entry in ENTRIES}


@pytest.fixture
def usernames(db):
    return load_demo_force()


def header_codes(html: str) -> set[str]:
    header = html.split("<header>", 1)[1].split("</header>", 1)[0]
    return set(re.findall(r'data-menu="([a-z0-9_]+)"', header)) - {"updates"}


@pytest.mark.parametrize("post", sorted(MENUS))
def test_each_post_s_menu_lists_its_pages_and_every_one_opens(client, usernames, post):
    user = User.objects.get(username=usernames[post])
    assert {item["code"] for item in officer_menu(user)} == MENUS[post], POSTS[post]
    client.force_login(user)
    home = client.get(reverse("web:officer-complaints"))
    assert home.status_code == 200
    assert header_codes(home.content.decode()) == MENUS[post], POSTS[post]
    for code in MENUS[post]:
        assert client.get(URLS[code]).status_code == 200, (POSTS[post], code)


# Pages that answer 403 or 404 to whoever may not use them; the menu must not offer them to those posts.
CLOSED = {"ledger", "dashboard", "hot_spots", "accountability", "access_log", "missing_child_new",
          "missing_child_alerts", "call_centre", "callbacks", "front_desk", "imports", "portals", "open311"}


@pytest.mark.parametrize("post", sorted(MENUS))
def test_pages_left_out_of_a_menu_are_closed_to_that_post(client, usernames, post):
    client.force_login(User.objects.get(username=usernames[post]))
    for code in sorted(CLOSED - MENUS[post]):
        assert client.get(URLS[code]).status_code in (302, 403, 404), (POSTS[post], code)


def test_the_zainab_alert_form_is_one_click_from_the_front_desk_and_the_sho(client, usernames):
    for post in ("lhr-mdt-mdt.desk", "lhr-mdt-mdt.sho", "agent1", "lhr.cell"):
        client.force_login(User.objects.get(username=usernames[post]))
        html = client.get(reverse("web:officer-complaints")).content.decode()
        assert f'href="{URLS["missing_child_new"]}"' in html, post


def test_signed_out_visitors_get_no_officer_menu(client, usernames):
    html = client.get(reverse("web:home")).content.decode()
    assert header_codes(html) == set()
    assert 'href="/officer/login/"' in html
