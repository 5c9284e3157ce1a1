"""Thin endpoints: parse, authorise, call one action or selector, render."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from shikayat.categories.models import Category
from shikayat.complaints import handlers, selectors
from shikayat.complaints.attachments import checked_type
from shikayat.complaints.inbox import FILTER_KEYS
from shikayat.complaints.intake import register_complaint
from shikayat.core import ratelimit
from shikayat.core.downloads import file_download, safe_filename
from shikayat.core.errors import DomainError, NotFound
from shikayat.core.query import Query
from shikayat.jurisdictions.models import Unit

from . import serializers as s
from .errors import domain_error_body

JSON = JSONRenderer()
ALLOW = "GET, HEAD, OPTIONS"

ACTION_INPUTS = {
    "assign": s.AssignInput, "transfer": s.TransferInput, "log_contact": s.ContactInput,
    "record_contact_attempt": s.ContactAttemptInput,
    "log_field_visit": s.FieldVisitInput, "add_note": s.NoteInput, "propose_resolution": s.ResolutionInput,
    "approve_resolution": s.OptionalNoteInput, "return_resolution": s.ReasonInput, "feedback": s.FeedbackInput,
    "record_feedback_attempt": s.AttemptInput, "close_without_confirmation": s.ReasonsInput,
    "request_rejection": s.RejectionInput, "approve_rejection": s.OptionalNoteInput,
    "deny_rejection": s.RequiredNoteInput, "mark_duplicate": s.DuplicateInput, "withdraw": s.WithdrawInput,
    "add_attachment": s.AttachmentInput, "add_information": s.InformationInput,
    "report_action": s.ActionReportInput, "link_fir": s.FirInput,
    "submit_final_report": s.FinalReportInput,
    "record_review_direction": s.ReviewDirectionInput, "appeal": s.AppealInput, "followup": s.FollowupInput,
    # Complaints against police (shikayat/accountability).
    "name_accused": s.NameAccusedInput, "accused_unidentified": s.ReasonInput,
    "submit_enquiry_report": s.EnquiryReportInput,
    "record_enquiry_entry": s.EnquiryEntryInput, "request_filing": s.FilingInput,
    "approve_filing": s.OptionalNoteInput, "order_regular_enquiry": s.RegularEnquiryInput,
    "record_finding": s.FindingInput, "recommend_proceedings": s.ProceedingsInput,
    "record_proceedings_outcome": s.ProceedingsOutcomeInput, "inform_outcome": s.OutcomeMessageInput,
}


class ComplaintListCreate(ListAPIView):
    serializer_class = s.ComplaintSerializer

    @extend_schema(parameters=[OpenApiParameter(name, str) for name in FILTER_KEYS if name != "sort"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = {k: self.request.query_params.get(k) for k in FILTER_KEYS if k != "sort"}
        return selectors.complaints_for_officer(self.request.user, filters)

    @extend_schema(request=s.ComplaintCreateSerializer, responses={201: s.ComplaintSerializer})
    def post(self, request):
        payload = s.ComplaintCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        complaint = register_complaint(actor=request.user, channel=data.pop("channel"), data=data)
        return Response(s.ComplaintSerializer(complaint, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class ComplaintDetail(APIView):
    @extend_schema(responses=s.ComplaintDetailSerializer)
    def get(self, request, etag: str):
        complaint = selectors.complaint_for(request.user, etag, via="api")
        return Response(s.ComplaintDetailSerializer(complaint, context={"request": request}).data)


class ComplaintTimeline(APIView):
    @extend_schema(responses=s.EventSerializer(many=True))
    def get(self, request, etag: str):
        complaint = selectors.complaint_for(request.user, etag, via="api")
        return Response(s.EventSerializer(selectors.timeline_for(request.user, complaint), many=True).data)


class ComplaintAction(APIView):
    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="ActionPayload", serializers=list(ACTION_INPUTS.values()), resource_type_field_name=None
        ),
        responses={200: s.ComplaintDetailSerializer, 409: s.ConflictSerializer},
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=sorted(ACTION_INPUTS))],
        description="Perform one workflow action. The payload is the one named after the action "
        "(e.g. AssignInput for `assign`). 404 outside your jurisdiction, 403 for the wrong role, 409 when the "
        "complaint's status does not allow the action, 400 for invalid input.\n\n"
        "Two people acting at once: every payload takes an optional `version`, the complaint's `version` as you "
        "read it. If anything happened to the complaint since, the answer is 409 with code `stale_version`, a "
        "message naming who did what and when, and `error.current` = {status, status_label, version, changes: "
        "[{id, at, action, label, status, by, assignee?}]}; nothing of yours is written. Read it again (or take "
        "`current.version`) and decide. Without `version` the action applies to whatever the complaint is now.",
    )
    def post(self, request, etag: str, action: str):
        input_class = ACTION_INPUTS.get(action)
        if input_class is None:
            raise NotFound(_("Unknown action “%(action)s”.") % {"action": action[:40]})
        complaint = selectors.complaint_for(request.user, etag, via="api")
        payload = input_class(data=request.data)
        payload.is_valid(raise_exception=True)
        params = dict(payload.validated_data)
        channel = request.data.get("channel") or "web"
        complaint = handlers.run(complaint, action, actor=request.user, params=params, channel=str(channel)[:20],
                                 version=params.pop("version", None))
        return Response(s.ComplaintDetailSerializer(complaint, context={"request": request}).data)


class ComplaintAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=s.AttachmentSerializer(many=True))
    def get(self, request, etag: str):
        complaint = selectors.complaint_for(request.user, etag, via="api")
        return Response(s.AttachmentSerializer(selectors.attachments_for(request.user, complaint), many=True).data)

    @extend_schema(request={"multipart/form-data": s.AttachmentInput}, responses={201: s.AttachmentSerializer})
    def post(self, request, etag: str):
        complaint = selectors.complaint_for(request.user, etag, via="api")
        payload = s.AttachmentInput(data=request.data)
        payload.is_valid(raise_exception=True)
        params = dict(payload.validated_data)
        attachment = handlers.run(complaint, "add_attachment", actor=request.user, params=params,
                                  version=params.pop("version", None))
        return Response(s.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDownload(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, etag: str, pk: int):
        complaint = selectors.complaint_for(request.user, etag, via="api")
        attachment = selectors.attachments_for(request.user, complaint).filter(pk=pk).first()
        if attachment is None:
            raise NotFound(_("No such attachment on this complaint."))
        file = attachment.file.open("rb")
        content_type, extension = checked_type(file)  # by its bytes, not by its name
        return file_download(file, content_type=content_type, filename=safe_filename(attachment.original_name,
                                                                                     extension, "attachment"))


class TrackComplaint(APIView):
    """Public: no sign-in, narrow indexed queries, within the tracking limits every
    channel shares (per client address and per E-tag: core/ratelimit.py; 429)."""

    # The busiest request of all: a GET is answered without DRF's request wrapper, content negotiation and
    # renderer choice (about a tenth of its CPU): always JSON, the bytes DRF's JSONRenderer writes, errors in the
    # API's one shape (api/errors.py). Other methods (OPTIONS, and 405 for the rest) go through DRF.
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def dispatch(self, request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            response = self.answer(request)
            response["Allow"] = ALLOW
            return response
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(parameters=[OpenApiParameter("etag", str, required=True),
                               OpenApiParameter("mobile", str, required=True)],
                   responses=s.PublicStatusSerializer)
    def get(self, request):
        return self.answer(request)  # dispatch() calls answer() itself; this documents the endpoint

    @staticmethod
    def answer(request) -> HttpResponse:
        try:
            data, status_code = selectors.public_status(request.GET.get("etag", ""), request.GET.get("mobile", ""),
                                                        client=ratelimit.request_client(request)), 200
        except DomainError as error:
            data, status_code = domain_error_body(error), error.status_code
        return HttpResponse(JSON.render(data), status=status_code, content_type=JSON.media_type)


class CategoryList(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("Category", {"code": serializers.CharField()}, many=True))
    def get(self, request):
        rows = Category.objects.filter(is_active=True).select_related("parent", "sop")
        return Response([
            {"code": c.code, "parent": c.parent.code if c.parent_id else None, "name": c.name,
             "name_en": c.name_en, "name_ur": c.name_ur, "name_hi": c.name_hi}
            for c in rows
        ])


class UnitList(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("parent", str)],
                   responses=inline_serializer("Unit", {"code": serializers.CharField()}, many=True))
    def get(self, request):
        query = Query(request.query_params)
        parent_code = query.text("parent", max_length=32)
        query.check()
        units = Unit.objects.filter(is_active=True).select_related("level")
        units = units.filter(parent__code=parent_code) if parent_code else units.filter(parent__isnull=True)
        return Response([
            {"code": u.code, "name": u.name, "level": u.level.code, "lat": u.lat, "lng": u.lng, "phone": u.phone}
            for u in units
        ])
