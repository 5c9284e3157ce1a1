"""Bring a test complaint to any status through the real actions."""

from shikayat.complaints.workflow import Status
from shikayat.demo.journey import Cast, advance, citizen_of

__all__ = ["bring_to", "citizen_of"]


def bring_to(status: str, force, new_complaint, **overrides):
    o = force.officers
    cast = Cast(cell=o["cell_A"], officer=o["sho_A"], supervisor=o["dpo_A"], agent=o["agent"])
    complaint = new_complaint(**overrides)
    original = new_complaint(**overrides) if status == Status.MERGED else None
    return advance(complaint, status, cast, duplicate_of=original)
