"""The demo force's posts, as the seeds name them, and the header menu each must get (web/menu.py): shared by
the page tests (tests/test_menus.py) and the browser tests (tests/e2e/test_role_menus.py)."""

from django.core.management import call_command

from shikayat.accounts.models import Posting, Role

MISSING_CHILD = {"missing_child_new", "missing_child_alerts"}
# The station's and its supervisors' citizen-service pages: the FIR register (every posted officer may read it;
# sensitive FIRs' complainants withheld), lost-article reports, permissions, vehicles / missing persons / bodies.
PAPERS_AND_PERMITS = {"firs", "lost", "permits", "registers"}
# Every post's menu; what is left out matters as much as what is in.
MENUS = {
    "igp": {"complaints", *MISSING_CHILD, "dashboard", "ledger", "review", "services", *PAPERS_AND_PERMITS,
                 "security"},
    "cell": {"complaints", "call_centre", "callbacks", "calls", "front_desk", *MISSING_CHILD, "imports", "portals",
             "dashboard", "ledger", "review", "quality", "hot_spots", "open311", "firs", "registers",
                 "security"},
    "accountability": {"complaints", "dashboard", "ledger", "review", "accountability", "access_log", "firs",
                       "security"},
    "agent1": {"complaints", "call_centre", "callbacks", "calls", *MISSING_CHILD, "firs", "security"},
    "admin": {"complaints", "imports", "admin", "firs", "security"},
    "rpo": {"complaints", *MISSING_CHILD, "dashboard", "ledger", "review", "services", *PAPERS_AND_PERMITS,
                 "security"},
    "lhr.dpo": {"complaints", *MISSING_CHILD, "dashboard", "ledger", "review", "services", *PAPERS_AND_PERMITS,
                 "security"},
    "lhr.cell": {"complaints", "call_centre", "callbacks", "calls", "front_desk", *MISSING_CHILD, "imports",
                 "portals", "dashboard", "ledger", "review", "quality", "hot_spots", "open311", "firs", "registers",
                 "security"},
    "lhr.accountability": {"complaints", "dashboard", "ledger", "review", "accountability", "access_log",
                           "firs", "security"},
    "lhr.women_cell": {"complaints", "review", "firs", "security"},
    "lhr.service": {"complaints", "services", "firs", "lost", "security"},
    "lhr-cnt.sdpo": {"complaints", *MISSING_CHILD, "dashboard", "ledger", "review", "services", *PAPERS_AND_PERMITS,
                 "security"},
    "lhr-mdt-mdt.sho": {"complaints", *MISSING_CHILD, "dashboard", "ledger", "review", "services", *PAPERS_AND_PERMITS,
                 "security"},
    "lhr-mdt-mdt.si": {"complaints", *MISSING_CHILD, "services", "firs", "lost", "registers", "security"},
    "lhr-mdt-mdt.desk": {"complaints", "front_desk", *MISSING_CHILD, "firs", "lost", "registers", "security"},
}
# What the seeds call each post (for failure messages and the reader).
POSTS = {"igp": "IGP", "cell": "CPO complaint cell", "accountability": "internal accountability branch (CPO)",
         "agent1": "8787 helpline agent", "admin": "administrator", "rpo": "RPO (Lahore region)",
         "lhr.dpo": "DPO Lahore", "lhr.cell": "Lahore complaint cell", "lhr.accountability": "Lahore accountability",
         "lhr.women_cell": "Lahore women officers' cell", "lhr.service": "Khidmat Markaz staff, Lahore",
         "lhr-cnt.sdpo": "SDPO / circle officer", "lhr-mdt-mdt.sho": "SHO", "lhr-mdt-mdt.si": "sub-inspector",
         "lhr-mdt-mdt.desk": "front desk"}


def load_demo_force() -> dict[str, str]:
    """The Punjab demo force without complaints; returns MENUS' keys → usernames (the region's RPO is looked up,
    since the region's code is the data's)."""
    call_command("load_demo", profile="punjab", complaints=0, verbosity=0)
    lahore = Posting.objects.get(user__username="lhr.dpo").unit
    rpo = Posting.objects.get(unit=lahore.parent, role=Role.SUPERVISOR).user.username
    return {key: (rpo if key == "rpo" else key) for key in MENUS}
