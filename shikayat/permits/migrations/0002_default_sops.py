"""The SOP of each kind of permission, as the force starts with it (admin-editable afterwards)."""

from django.db import migrations

# kind: (minimum notice in working days, station hours, special-branch hours, decision hours, largest attendance)
DEFAULTS = {
    "procession": (5, 24, 48, 72, 200000),
    "rally": (3, 24, 48, 72, 100000),
    "event": (3, 24, 48, 72, 50000),
    "loudspeaker": (2, 16, 24, 40, 20000),
    "film": (3, 24, 48, 72, 2000),
}


def add(apps, schema_editor):
    PermitSOP = apps.get_model("permits", "PermitSOP")
    for kind, (notice, station, branch, decision, attendance) in DEFAULTS.items():
        PermitSOP.objects.get_or_create(kind=kind, defaults={
            "min_notice_days": notice, "station_hours": station, "branch_hours": branch,
            "decision_hours": decision, "max_attendance": attendance})


class Migration(migrations.Migration):
    dependencies = [("permits", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
