"""Test clients signed in as an officer (Django's test client, no sign-in page: the page tests of the sign-in
itself are in test_signin.py and the browser tests)."""

from django.test import Client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
