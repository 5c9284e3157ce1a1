"""The public searches as a read-only JSON API (/api/v1/searches/…): the same functions, limits and public
fields as the web page and WhatsApp (search.py); errors in the API's one shape (api/errors.py), 429 when the
client has searched too often."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shikayat.core.query import Query
from shikayat.core.ratelimit import request_client

from . import search
from .models import Gender

GENDERS = ["", *Gender.values]


def _results(name: str):
    return inline_serializer(name, {"results": serializers.ListField(child=serializers.DictField()),
                                    "more": serializers.BooleanField()})


def _answer(found: search.Found) -> Response:
    return Response({"results": found.rows, "more": found.more})


def _ages(query: Query) -> tuple[int | None, int | None]:
    return query.number("age_from", maximum=120), query.number("age_to", maximum=120)


class PublicSearch(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]


class VehicleSearch(PublicSearch):
    @extend_schema(parameters=[OpenApiParameter("q", str, required=True,
                                                description="Registration, chassis or engine number, or a part")],
                   responses=_results("VehicleSearchResults"))
    def get(self, request):
        query = Query(request.query_params)
        text = query.text("q", max_length=60)
        query.check()
        return _answer(search.search_vehicles(text, client=request_client(request)))


class PersonSearch(PublicSearch):
    @extend_schema(parameters=[OpenApiParameter(name, str) for name in ("name", "area", "age_from", "age_to",
                                                                         "gender")],
                   responses=_results("MissingPersonSearchResults"))
    def get(self, request):
        query = Query(request.query_params)
        name, area = query.text("name", max_length=120), query.text("area", max_length=120)
        low, high = _ages(query)
        gender = query.choice("gender", GENDERS, _("Choose male, female or other."))
        query.check()
        return _answer(search.search_persons(search.PersonQuery(name=name, area=area, age_from=low, age_to=high,
                                                                gender=gender), client=request_client(request)))


class BodySearch(PublicSearch):
    @extend_schema(parameters=[OpenApiParameter(name, str) for name in ("area", "found_from", "found_to", "gender",
                                                                         "age_from", "age_to", "marks")],
                   responses=_results("UnidentifiedBodySearchResults"))
    def get(self, request):
        query = Query(request.query_params)
        area, marks = query.text("area", max_length=120), query.text("marks", max_length=120)
        found_from, found_to = query.moment("found_from"), query.moment("found_to")
        low, high = _ages(query)
        gender = query.choice("gender", GENDERS, _("Choose male, female or other."))
        query.check()
        return _answer(search.search_bodies(search.BodyQuery(
            area=area, marks=marks, gender=gender, age_from=low, age_to=high,
            found_from=found_from.date() if found_from else None, found_to=found_to.date() if found_to else None),
            client=request_client(request)))
