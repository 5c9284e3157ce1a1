"""Verifications an employer or landlord applies for on behalf of the person
verified, with that person's consent (shikayat/services/consent.py): employee
verification is added beside the services' data, and the tenant and
domestic-worker services are marked as applied for on someone's behalf."""

from django.db import transaction

from shikayat.services.models import RequiredDocument, Service

CNIC = ("cnic", "Copy of the employee's CNIC / identity card", "ملازم کے شناختی کارڈ کی نقل",
        "कर्मचारी के पहचान पत्र की प्रति", True)
PHOTO = ("photo", "Photograph of the employee", "ملازم کی تصویر", "कर्मचारी की फ़ोटो", True)
EMPLOYER = ("employer", "Employer's CNIC or company letter", "آجر کا شناختی کارڈ یا کمپنی کا خط",
            "नियोक्ता का पहचान पत्र या कंपनी का पत्र", True)
EMPLOYEE = {
    "code": "employee-verification", "name_en": "Employee verification", "name_ur": "ملازم کی تصدیق",
    "name_hi": "कर्मचारी सत्यापन", "fee_note_en": "Free", "fee_note_ur": "مفت", "fee_note_hi": "निःशुल्क",
    "sla_hours": 72, "issues_certificate": True, "needs_address_verification": True, "needs_record_check": True,
    "overseas_allowed": False, "on_behalf": True,
}
ON_BEHALF = ("tenant-registration", "domestic-worker", "employee-verification")


@transaction.atomic
def load_verifications() -> int:
    code = EMPLOYEE["code"]
    order = (Service.objects.exclude(code=code).order_by("-sort_order").values_list("sort_order", flat=True)
             .first() or 0) + 1
    service, _created = Service.objects.update_or_create(
        code=code, defaults={key: value for key, value in EMPLOYEE.items() if key != "code"} | {"sort_order": order})
    for n, (doc, en, ur, hi, required) in enumerate((CNIC, PHOTO, EMPLOYER)):
        RequiredDocument.objects.update_or_create(service=service, code=doc, defaults={
            "name_en": en, "name_ur": ur, "name_hi": hi, "required": required, "sort_order": n})
    return Service.objects.filter(code__in=ON_BEHALF).update(on_behalf=True)
