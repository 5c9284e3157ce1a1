from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from shikayat.core.errors import InvalidInput
from shikayat.core.query import MAX_ID, Query


def _bad_cursor() -> InvalidInput:
    return InvalidInput(_("This page link is out of date; start again from the first page."),
                        fields={"cursor": [_("Invalid page link.")]})


class ComplaintCursorPagination(CursorPagination):
    """Keyset pagination: page 10,000 costs the same as page 1. A cursor that
    is not one this API wrote (tampered, truncated, a position that is not an
    id) is a 400 naming `cursor`, like the list's other parameters."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        query = Query(request.query_params)
        query.text(self.cursor_query_param, max_length=200)
        if query.errors:
            raise _bad_cursor()
        try:
            cursor = super().decode_cursor(request)
        except NotFound as error:
            raise _bad_cursor() from error
        position = cursor.position if cursor else None
        if position is not None and not (position.isascii() and position.isdigit() and int(position) <= MAX_ID):
            raise _bad_cursor()
        return cursor
