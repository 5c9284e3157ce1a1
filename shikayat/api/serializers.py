"""Input parsing (types only; the domain validates meaning) and output shapes."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shikayat.complaints import permissions
from shikayat.complaints.models import Attachment, Channel, Complaint, ComplaintEvent


class ComplaintCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.CharField(max_length=40, help_text=_("Category code, see /api/v1/categories/"))
    description = serializers.CharField(allow_blank=True, trim_whitespace=True)
    name = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    mobile = serializers.CharField(required=False, allow_blank=True, max_length=64)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=64, help_text="CNIC / Aadhaar")
    address = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    is_overseas = serializers.BooleanField(required=False, default=False)
    anonymous = serializers.BooleanField(required=False, default=False)
    language = serializers.CharField(required=False, default="en", max_length=8)
    incident_at = serializers.CharField(required=False, allow_blank=True, max_length=40)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=64, help_text=_("Police station code"))
    incident_address = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    lat = serializers.CharField(required=False, allow_blank=True, max_length=32)
    lng = serializers.CharField(required=False, allow_blank=True, max_length=32)
    external_ref = serializers.CharField(required=False, allow_blank=True, max_length=200)
    fir_number = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "is_public", "uploaded_at", "uploaded_by", "url"]

    def get_url(self, obj) -> str:
        return f"/api/v1/complaints/{obj.complaint.etag}/attachments/{obj.pk}/"


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField(label=_("File"), help_text=_("JPEG, PNG, PDF, OGG, MP3, M4A or WAV"))
    is_public = serializers.BooleanField(label=_("Visible to the citizen"), required=False, default=True,
                                         help_text=_("Whether the citizen sees it when tracking"))


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintEvent
        fields = ["at", "action", "actor_label", "actor_role", "channel", "from_status", "to_status", "is_public",
                  "note", "data"]


class ComplaintSerializer(serializers.ModelSerializer):
    etag = serializers.CharField(source="etag_display")
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name")
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    incident_unit = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    complainant_mobile = serializers.SerializerMethodField()
    complainant_email = serializers.SerializerMethodField()
    complainant_id_number = serializers.CharField(source="masked_id_number")
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "etag", "channel", "status", "category", "category_name", "description", "is_anonymous",
            "complainant_name", "complainant_mobile", "complainant_email", "complainant_id_number",
            "complainant_address", "is_overseas", "language", "incident_at", "incident_unit", "incident_address",
            "lat", "lng", "fir_number", "unit", "unit_name", "assignee", "is_confidential", "escalation_level",
            "reopen_count", "feedback_attempts", "received_at", "contact_due_at", "report_due_at",
            "feedback_due_at", "first_contacted_at", "field_verified_at", "resolution_proposed_at", "closed_at",
            "resolution", "satisfaction_rating", "available_actions",
        ]

    def _actor(self):
        return self.context["request"].user

    def get_incident_unit(self, obj) -> str | None:
        return obj.incident_unit.code if obj.incident_unit_id else None

    def get_assignee(self, obj) -> str | None:
        return obj.assignee.username if obj.assignee_id else None

    def get_complainant_mobile(self, obj) -> str:
        return obj.complainant_mobile if permissions.can_see_contact(self._actor(), obj) else obj.masked_mobile

    def get_complainant_email(self, obj) -> str:
        return obj.complainant_email if permissions.can_see_contact(self._actor(), obj) else ""

    def get_available_actions(self, obj) -> list[str]:
        return [t.action for t in permissions.available_transitions(self._actor(), obj)]


class PublicStatusSerializer(serializers.ModelSerializer):
    """What anyone holding the E-tag and mobile may see."""

    etag = serializers.CharField(source="etag_display")
    status_label = serializers.CharField(source="get_status_display")
    category = serializers.CharField(source="category.name")
    unit = serializers.CharField(source="unit.name")
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = ["etag", "status", "status_label", "category", "unit", "received_at", "contact_due_at",
                  "report_due_at", "feedback_due_at", "closed_at", "timeline"]

    def get_timeline(self, obj) -> list[dict]:
        rows = obj.events.filter(is_public=True).order_by("at", "id").values_list("at", "action", "to_status")
        return [{"at": at, "action": action, "status": status} for at, action, status in rows]


# --- action payloads -------------------------------------------------------
# Labels are what the officer pages show; the domain re-checks every value.

NOTE = _("Note")
CONTACT_METHODS = [("call", _("Phone call")), ("visit", _("Visit")), ("message", _("Message")),
                   ("in_person", _("In person at the station"))]
REJECTION_REASONS = [("not_pertaining", _("Does not pertain to the police")),
                     ("false_or_frivolous", _("False or frivolous")), ("civil_matter", _("Civil matter")),
                     ("sub_judice", _("Pending in court")), ("no_contact", _("Complainant cannot be traced")),
                     ("other", _("Other"))]
ATTEMPT_OUTCOMES = [("unreachable", _("No answer")), ("switched_off", _("Phone switched off")),
                    ("wrong_number", _("Wrong number")), ("call_back_later", _("Asked to call back later"))]


class AssignInput(serializers.Serializer):
    officer = serializers.CharField(label=_("Officer (username)"), help_text=_("Username of the officer"))
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class TransferInput(serializers.Serializer):
    unit = serializers.CharField(label=_("Unit code"), help_text=_("Code of the unit to transfer to"))
    reason = serializers.CharField(label=_("Reason"), allow_blank=True)


class ContactInput(serializers.Serializer):
    method = serializers.ChoiceField(label=_("How"), choices=CONTACT_METHODS)
    outcome = serializers.CharField(label=_("What was discussed"), allow_blank=True)


class FieldVisitInput(serializers.Serializer):
    findings = serializers.CharField(label=_("Findings"), allow_blank=True)
    photos = serializers.ListField(label=_("Photos from the visit"), child=serializers.FileField(), required=False,
                                   default=list, max_length=10)


class ActionReportInput(serializers.Serializer):
    report = serializers.CharField(label=_("Action taken"), allow_blank=True)


class FirInput(serializers.Serializer):
    fir_number = serializers.CharField(label=_("FIR number"), allow_blank=True)
    police_station = serializers.CharField(label=_("Police station of the FIR"), required=False, allow_blank=True,
                                           default="")


class NoteInput(serializers.Serializer):
    text = serializers.CharField(label=NOTE, allow_blank=True)


class ReviewDirectionInput(serializers.Serializer):
    direction = serializers.CharField(label=_("Direction of the review meeting"), allow_blank=True)


class ResolutionInput(serializers.Serializer):
    resolution = serializers.CharField(label=_("Action taken"), allow_blank=True)


class OptionalNoteInput(serializers.Serializer):
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), allow_blank=True)


class FeedbackInput(serializers.Serializer):
    satisfied = serializers.BooleanField(label=_("Satisfied?"))
    rating = serializers.IntegerField(label=_("Rating (1–5)"), required=False, allow_null=True, default=None)
    comment = serializers.CharField(label=_("Comment"), required=False, allow_blank=True, default="")


class AttemptInput(serializers.Serializer):
    outcome = serializers.ChoiceField(label=_("Outcome"), choices=ATTEMPT_OUTCOMES, default="unreachable")
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class ReasonsInput(serializers.Serializer):
    reasons = serializers.CharField(label=_("Reasons"), allow_blank=True)


class RejectionInput(serializers.Serializer):
    reason = serializers.ChoiceField(label=_("Reason"), choices=REJECTION_REASONS)
    explanation = serializers.CharField(label=_("Explanation"), allow_blank=True)


class RequiredNoteInput(serializers.Serializer):
    note = serializers.CharField(label=NOTE, allow_blank=True)


class InformationInput(serializers.Serializer):
    text = serializers.CharField(label=_("Information from the complainant"), allow_blank=True)


class DuplicateInput(serializers.Serializer):
    original_etag = serializers.CharField(label=_("E-tag of the original complaint"))


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), required=False, allow_blank=True, default="")
