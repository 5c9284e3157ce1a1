"""Django's message middleware, with the message store made only when something uses it.

Django makes the store (a cookie store with its signer, and a session store) on every request; most requests
never read or add a message (the API, public tracking). Here it is made on first use: adding a message,
reading them (templates, get_messages), or a view that touches request._messages. A store never made has
nothing to save: Django's would have saved nothing either (it stores only when messages were read or added)."""

from django.contrib.messages import middleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty


class MessageMiddleware(middleware.MessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response
        return super().process_response(request, response)
