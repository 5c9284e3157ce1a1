"""Input parsing (types only; the domain validates meaning) and output shapes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shikayat.complaints import permissions, versions
from shikayat.complaints.models import Attachment, Channel, Complaint, ComplaintEvent
from shikayat.deadlines.models import ReportKind

ACCUSED_HELP = _("Against police: a list of {\"officer\": belt number or username, \"description\": name, rank, "
                 "police station}, or one line of text.")


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
    accused = serializers.JSONField(required=False, help_text=ACCUSED_HELP)
    seal_identity = serializers.BooleanField(
        required=False, default=False, help_text=_("Hide the complainant's identity from the unit handling it "
                                                   "(where the category allows)."))


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "is_public", "uploaded_at", "uploaded_by", "url"]

    def get_url(self, obj) -> str:
        return f"/api/v1/complaints/{obj.complaint.etag}/attachments/{obj.pk}/"


class ActionInput(serializers.Serializer):
    """Every action's payload may say which version of the complaint its author saw (the `version` of the
    complaint as read from the API, or the hidden field of the officer page's forms)."""

    version = serializers.IntegerField(
        required=False, min_value=0, max_value=2 ** 63 - 1,
        help_text=_("The complaint's `version` you read before acting. When given and anything has happened to "
                    "the complaint since, the action is refused with 409 `stale_version`, saying what changed "
                    "(`error.current`: status, status_label, version, changes); nothing is written. Leave it out "
                    "to act whatever happened meanwhile."))


class AttachmentInput(ActionInput):
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

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["identity_sealed"] = obj.identity_sealed
        if not permissions.can_see_identity(self._actor(), obj):
            sealed = str(_("Identity sealed"))
            data.update(complainant_name=sealed, complainant_mobile="", complainant_email="",
                        complainant_id_number="", complainant_address="")
        return data

    def get_complainant_email(self, obj) -> str:
        return obj.complainant_email if permissions.can_see_contact(self._actor(), obj) else ""

    def get_available_actions(self, obj) -> list[str]:
        return [t.action for t in permissions.available_transitions(self._actor(), obj)]


class ComplaintDetailSerializer(ComplaintSerializer):
    """One complaint as read before acting on it (detail and action answers; lists leave `version` out)."""

    version = serializers.SerializerMethodField(
        help_text=_("What you have read of the complaint (the last timeline event you may see): send it back as "
                    "`version` with an action to be told (409) instead of overriding what someone else did "
                    "meanwhile."))

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "version"]

    def get_version(self, obj) -> int:
        return versions.version_of(self._actor(), obj)


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


class AssignInput(ActionInput):
    officer = serializers.CharField(label=_("Officer (username)"), help_text=_("Username of the officer"))
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class TransferInput(ActionInput):
    unit = serializers.CharField(label=_("Unit code"), help_text=_("Code of the unit to transfer to"))
    reason = serializers.CharField(label=_("Reason"), allow_blank=True)


class ContactInput(ActionInput):
    method = serializers.ChoiceField(label=_("How"), choices=CONTACT_METHODS)
    outcome = serializers.CharField(label=_("What was discussed"), allow_blank=True)


class FieldVisitInput(ActionInput):
    findings = serializers.CharField(label=_("Findings"), allow_blank=True)
    photos = serializers.ListField(label=_("Photos from the visit"), child=serializers.FileField(), required=False,
                                   default=list, max_length=10)


class ActionReportInput(ActionInput):
    report = serializers.CharField(label=_("Action taken"), allow_blank=True)


class FirInput(ActionInput):
    fir_number = serializers.CharField(label=_("FIR number"), allow_blank=True)
    police_station = serializers.CharField(label=_("Police station of the FIR"), required=False, allow_blank=True,
                                           default="")


class FinalReportInput(ActionInput):
    """Ends the investigation after an FIR (shikayat/deadlines/investigation.py checks the values)."""

    kind = serializers.ChoiceField(label=_("Challan or final report"), choices=ReportKind.choices)
    number = serializers.CharField(label=_("Number of the challan or final report"), allow_blank=True)
    date = serializers.CharField(label=_("Date submitted to the court (dd/mm/yyyy)"), allow_blank=True)
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class NoteInput(ActionInput):
    text = serializers.CharField(label=NOTE, allow_blank=True)


class ReviewDirectionInput(ActionInput):
    direction = serializers.CharField(label=_("Direction of the review meeting"), allow_blank=True)


class ResolutionInput(ActionInput):
    resolution = serializers.CharField(label=_("Action taken"), allow_blank=True)


class OptionalNoteInput(ActionInput):
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class ReasonInput(ActionInput):
    reason = serializers.CharField(label=_("Reason"), allow_blank=True)


class FeedbackInput(ActionInput):
    satisfied = serializers.BooleanField(label=_("Satisfied?"))
    rating = serializers.IntegerField(label=_("Rating (1–5)"), required=False, allow_null=True, default=None)
    comment = serializers.CharField(label=_("Comment"), required=False, allow_blank=True, default="")


class AttemptInput(ActionInput):
    outcome = serializers.ChoiceField(label=_("Outcome"), choices=ATTEMPT_OUTCOMES, default="unreachable")
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class ContactAttemptInput(ActionInput):
    method = serializers.ChoiceField(label=_("How"), choices=CONTACT_METHODS, default="call")
    outcome = serializers.ChoiceField(label=_("Outcome"), choices=ATTEMPT_OUTCOMES, default="unreachable")
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class ReasonsInput(ActionInput):
    reasons = serializers.CharField(label=_("Reasons"), allow_blank=True)


class RejectionInput(ActionInput):
    reason = serializers.ChoiceField(label=_("Reason"), choices=REJECTION_REASONS)
    explanation = serializers.CharField(label=_("Explanation"), allow_blank=True)
    refer_to = serializers.CharField(label=_("Office the complainant should go to instead"), required=False,
                                     allow_blank=True, default="", max_length=150,
                                     help_text=_("If the matter belongs elsewhere; the complainant is told it."))


class RequiredNoteInput(ActionInput):
    note = serializers.CharField(label=NOTE, allow_blank=True)


class InformationInput(ActionInput):
    text = serializers.CharField(label=_("Information from the complainant"), allow_blank=True)


class DuplicateInput(ActionInput):
    original_etag = serializers.CharField(label=_("E-tag of the original complaint"))


class AppealInput(ActionInput):
    grounds = serializers.CharField(label=_("Grounds of the appeal"), allow_blank=True)


class FollowupInput(ActionInput):
    held = serializers.BooleanField(label=_("Did the police action hold?"))
    note = serializers.CharField(label=_("What happened since"), required=False, allow_blank=True, default="")


class WithdrawInput(ActionInput):
    reason = serializers.CharField(label=_("Reason"), required=False, allow_blank=True, default="")


# --- complaints against police: the enquiry chain (shikayat/accountability) ---

@extend_schema_field({"oneOf": [
    {"type": "array", "items": {"type": "object", "properties": {"accused": {"type": "integer"},
                                                                 "text": {"type": "string"}}}},
    {"type": "string"}]})
class AllegationsField(serializers.Field):
    """A list of {"accused": id, "text": …} (JSON), or from a form one allegation per line as
    "<accused number>: <allegation>" (the numbers the complaint page shows against each accused)."""

    default_error_messages = {"invalid": _("Give each allegation as “<accused number>: <allegation>”.")}

    def to_internal_value(self, data):
        if isinstance(data, list):
            return data
        if not isinstance(data, str):
            self.fail("invalid")
        items = []
        for line in data.splitlines():
            if not line.strip():
                continue
            number, colon, text = line.partition(":")
            if not colon or not number.strip().lstrip("#").isdigit():
                self.fail("invalid")
            items.append({"accused": int(number.strip().lstrip("#")), "text": text.strip()})
        return items

    def to_representation(self, value):
        return value


class NameAccusedInput(ActionInput):
    accused = serializers.JSONField(label=_("Accused officer (name, rank, belt number, police station)"),
                                    help_text=ACCUSED_HELP)


class EnquiryReportInput(ActionInput):
    report = serializers.CharField(label=_("Enquiry report"), allow_blank=True)


class EnquiryEntryInput(ActionInput):
    kind = serializers.ChoiceField(label=_("Kind"), choices=[("statement", _("Statement")),
                                                             ("evidence", _("Evidence"))])
    person = serializers.CharField(label=_("Whose statement / source"), required=False, allow_blank=True,
                                   default="")
    text = serializers.CharField(label=_("Statement or evidence"), allow_blank=True)


class FilingInput(ActionInput):
    reasons = serializers.CharField(label=_("Reasons for filing"), allow_blank=True)


class RegularEnquiryInput(ActionInput):
    officer = serializers.CharField(label=_("Enquiry officer (username)"), help_text=_("Username of the officer"))
    allegations = AllegationsField(label=_("Allegations, one per line: <accused number>: <allegation>"))
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


FINDINGS = [("proved", _("Proved")), ("partly_proved", _("Partly proved")), ("not_proved", _("Not proved"))]
PROCEEDINGS = [("minor_penalty", _("Minor-penalty proceedings")), ("major_penalty", _("Major-penalty proceedings")),
               ("criminal_case", _("Criminal case")), ("suspension", _("Suspension pending proceedings"))]
OUTCOMES = [("dismissal", _("Dismissal from service")), ("removal", _("Removal from service")),
            ("compulsory_retirement", _("Compulsory retirement")), ("reduction_in_rank", _("Reduction in rank")),
            ("forfeiture_of_service", _("Forfeiture of approved service")),
            ("stoppage_of_increment", _("Stoppage of increment")), ("censure", _("Censure")),
            ("warning", _("Warning")), ("exonerated", _("Exonerated in proceedings"))]


class FindingInput(ActionInput):
    allegation = serializers.IntegerField(label=_("Allegation number"))
    finding = serializers.ChoiceField(label=_("Finding"), choices=FINDINGS)
    reasons = serializers.CharField(label=_("Reasons"), allow_blank=True)


class ProceedingsInput(ActionInput):
    allegation = serializers.IntegerField(label=_("Allegation number"))
    kind = serializers.ChoiceField(label=_("Proceedings"), choices=PROCEEDINGS)
    accused = serializers.IntegerField(label=_("Against accused number (default: the allegation's)"),
                                       required=False, allow_null=True, default=None)
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class ProceedingsOutcomeInput(ActionInput):
    proceedings = serializers.IntegerField(label=_("Proceedings number"))
    outcome = serializers.ChoiceField(label=_("Outcome"), choices=OUTCOMES)
    note = serializers.CharField(label=NOTE, required=False, allow_blank=True, default="")


class OutcomeMessageInput(ActionInput):
    message = serializers.CharField(label=_("What the complainant is told"), allow_blank=True)


# --- the answer when someone else acted first (complaints.versions.StaleVersion) ----------------------------


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The timeline event's id"))
    at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.CharField()
    status = serializers.CharField(help_text=_("The status it left the complaint in"))
    by = serializers.CharField(required=False)
    assignee = serializers.CharField(required=False, help_text=_("Whom it was marked to, when it was"))


class CurrentSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField()
    version = serializers.IntegerField(help_text=_("The version to send to act on the complaint as it is now"))
    changes = ChangeSerializer(many=True, help_text=_("What happened since the version you sent, oldest first"))


class ConflictErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="stale_version (or transition_not_allowed, without `current`)")
    message = serializers.CharField()
    fields = serializers.DictField()
    current = CurrentSerializer(required=False)


class ConflictSerializer(serializers.Serializer):
    error = ConflictErrorSerializer()
