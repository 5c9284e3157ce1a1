"""The API's JSON parser: DRF's, except that a body nested beyond what any
of our inputs needs is a 400. DRF's own lets Python's RecursionError through
as a 500, and a body just under the recursion limit fails later, when it is
validated or stored."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from shikayat.core import jsonsafe

MAX_DEPTH = jsonsafe.MAX_DEPTH


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("The request body is nested too deeply.")) from error
        if jsonsafe.deeper_than(data, MAX_DEPTH):
            raise ParseError(_("The request body is nested too deeply."))
        return data
