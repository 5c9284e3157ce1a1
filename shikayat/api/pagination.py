from rest_framework.pagination import CursorPagination


class ComplaintCursorPagination(CursorPagination):
    """Keyset pagination: page 10,000 costs the same as page 1."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
