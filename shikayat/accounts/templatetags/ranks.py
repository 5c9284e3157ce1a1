"""`{{ event.actor_label|shown_actor }}` (a builtin): the officer's rank in the reader's language."""

from django import template

from shikayat.accounts.ranks import shown_actor

register = template.Library()
register.filter("shown_actor", shown_actor)
