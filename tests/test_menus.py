"""The header menu per post of the demo force: it lists what the post may use, every listed page opens, and
the pages it leaves out are closed to that post (the menu and the pages ask the same question)."""

import re

import pytest
from django.urls import reverse

from shikayat.accounts.models import User
from shikayat.web.menu import ENTRIES, GROUPS, header_menu, officer_menu

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
    assert_grouped(header_menu(user), home.content.decode(), MENUS[post])
    assert 'data-menu="complaints" aria-current="page"' in home.content.decode()  # the page the officer is on
    for code in MENUS[post]:
        assert client.get(URLS[code]).status_code == 200, (POSTS[post], code)


def test_every_entry_belongs_to_one_known_group_or_stands_alone():
    codes = [entry.code for entry in ENTRIES]
    assert len(codes) == len(set(codes))
    assert {entry.group for entry in ENTRIES} - {None} == set(GROUPS)
    assert len({group.code for group in GROUPS}) == len(GROUPS)
    # Zainab Alert's form is never folded away (nor the officer's inbox).
    assert {entry.code for entry in ENTRIES if entry.group is None} >= {"missing_child_new", "complaints"}


def assert_grouped(items: list[dict], html: str, codes: set[str]) -> None:
    """The header shows each of `codes` exactly once, a group only with two entries or more (one gives way to a
    plain link, none to nothing), and the missing-child form outside every group."""
    shown = [entry["code"] for item in items for entry in item.get("entries", [item])]
    assert sorted(shown) == sorted(codes)
    assert all(len(item["entries"]) >= 2 for item in items if "entries" in item), items
    assert "missing_child_new" not in {entry["code"] for item in items for entry in item.get("entries", [])}
    header = html.split("<header>", 1)[1].split("</header>", 1)[0]
    folded = re.findall(r'<details class="menu-group" data-menu-group="([a-z_]+)">(.*?)</details>', header, re.S)
    assert {group for group, _ in folded} == {item["code"] for item in items if "entries" in item} | {"public"}
    for group, inside in folded:
        assert len(re.findall(r"<a href=", inside)) >= 2, group
        assert 'data-menu="missing_child_new"' not in inside


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
