"""The sweep benchmark's baseline: the same writes as the deadline sweep, on the same due rows, in the same
batches and transactions, with the least code — one set-based statement per batch through psycopg (claim with
SKIP LOCKED, mark, write the ledger entries, timeline events and outbox rows), nothing computed in Python.

It is the honest floor for the sweep's own figure: PostgreSQL's cost of touching those rows (a complaint row
updated rewrites every index entry and the search vector) is in both; what the ratio measures is everything the
application adds. Where the sweep decides something with more rules than SQL needs here (which supervisor,
the wording of a message), the baseline takes the simplest fitting choice: the nearest supervisor above, one
SMS per recipient with a short context; the rows written are the same in number and kind (see `outbox` in the
bench's output)."""

import time
from datetime import timedelta

ESCALATIONS_PER_TRANSACTION = 20  # as the sweep (deadlines/sweep.py)


def _sql():
    """The statements, built once Django is set up (the open statuses come from the workflow)."""
    from shikayat.complaints.workflow import OPEN

    open_list = ", ".join(f"'{status}'" for status in sorted(OPEN))
    outbox = ("INSERT INTO notifications_outboxmessage (channel, recipient, template, language, context, dedupe_key, "
              "complaint_id, state, attempts, next_attempt_at, last_error, provider_message_id, created_at) ")
    ledger = ("INSERT INTO deadlines_delayentry (complaint_id, stage, cycle_started_at, due_at, detected_at, "
              "officer_id, unit_id, unit_path, explanation, outcome) ")
    event = ("INSERT INTO complaints_complaintevent (complaint_id, at, action, actor_label, actor_role, channel, "
             "from_status, to_status, is_public, note, data) ")
    # The nearest supervisor posted above the complaint's unit (the sweep also checks rank and bars).
    supervisor = ("(SELECT p.user_id FROM accounts_posting p JOIN jurisdictions_unit u ON u.id = p.unit_id "
                  "WHERE p.role = 'supervisor' AND p.is_active AND c.unit_path LIKE u.path || '%%' "
                  "AND u.path <> c.unit_path ORDER BY length(u.path) DESC, p.user_id LIMIT 1)")
    steps = "steps AS (SELECT * FROM unnest(%(cats)s::int[], %(levels)s::int[], %(hours)s::int[]) AS s(cat, lvl, h))"

    def breach(due: str, done: str, breached: str, stage: str) -> str:
        return f"""
WITH {steps},
claimed AS (SELECT id FROM complaints_complaint WHERE status IN ({open_list}) AND {done} IS NULL
            AND {breached} IS NULL AND {due} <= %(now)s ORDER BY {due}, id LIMIT %(batch)s FOR UPDATE SKIP LOCKED),
ledger AS ({ledger} SELECT c.id, '{stage}', c.cycle_started_at, c.{due}, %(now)s, c.assignee_id, c.unit_id,
            c.unit_path, '', 'pending' FROM complaints_complaint c JOIN claimed USING (id) ON CONFLICT DO NOTHING)
UPDATE complaints_complaint c SET {breached} = %(now)s, next_escalation_at = COALESCE(c.next_escalation_at,
  c.{due} + (SELECT make_interval(hours => s.h) FROM steps s
             WHERE s.cat = c.category_id AND s.lvl = c.escalation_level))
FROM claimed WHERE c.id = claimed.id"""

    def escalate(claim: str, level: str, next_at: str) -> str:
        return f"""
WITH {steps},
claimed AS ({claim}),
up AS (UPDATE complaints_complaint c SET escalation_level = {level}, next_escalation_at = {next_at},
         escalated_to_id = claimed.sup, escalated_at = %(now)s, updated_at = %(now)s
       FROM claimed WHERE c.id = claimed.id
       RETURNING c.id, c.etag, c.status, c.language, c.complainant_mobile, c.escalated_to_id, c.escalation_level),
ev AS ({event} SELECT up.id, %(now)s, 'escalate', 'system', 'system', 'system', up.status, up.status, true, '',
         jsonb_build_object('level', up.escalation_level, 'stage', claimed.stage, 'officer', up.escalated_to_id)
       FROM up JOIN claimed USING (id)),
told AS ({outbox} SELECT 'sms', u.mobile, 'escalated_to_you', 'en', jsonb_build_object('etag', up.etag),
           up.etag || ':escalated:' || up.escalation_level || ':' || u.id || ':sms', up.id, 'pending', 0, %(now)s,
           '', '', %(now)s FROM up JOIN accounts_user u ON u.id = up.escalated_to_id WHERE u.mobile <> ''
         UNION ALL SELECT 'sms', up.complainant_mobile, 'complaint_update', up.language,
           jsonb_build_object('etag', up.etag, 'steps', 'escalated'), up.etag || ':update:sms:' || up.escalation_level,
           up.id, 'pending', 0, %(now)s, '', '', %(now)s FROM up WHERE up.complainant_mobile <> '')
SELECT count(*) FROM up"""

    contact_late = "c.contact_breached_at IS NOT NULL AND c.first_contacted_at IS NULL"
    late_due = f"CASE WHEN {contact_late} THEN c.contact_due_at ELSE c.report_due_at END"
    escalation_claim = (f"SELECT c.id, {supervisor} AS sup, CASE WHEN {contact_late} THEN 'contact' ELSE 'report' "
                        "END AS stage FROM complaints_complaint c WHERE c.next_escalation_at <= %(now)s "
                        "ORDER BY c.next_escalation_at, c.id LIMIT %(batch)s FOR UPDATE OF c SKIP LOCKED")
    # Like the sweep: every step whose time has come is climbed at once, the next one (if any) scheduled.
    step_at = f"{late_due} + make_interval(hours => s.h)"
    climbed = (f"GREATEST(c.escalation_level + 1, (SELECT count(*) FROM steps s WHERE s.cat = c.category_id "
               f"AND {step_at} <= %(now)s))")
    next_step = f"(SELECT min({step_at}) FROM steps s WHERE s.cat = c.category_id AND {step_at} > %(now)s)"

    def remind(due: str, done: str, breached: str, reminded: str, template: str, stage: str) -> str:
        return f"""
WITH claimed AS (SELECT id FROM complaints_complaint WHERE status IN ({open_list}) AND {done} IS NULL
                 AND {breached} IS NULL AND {due} > %(now)s AND {due} <= %(now)s + %(lead)s AND {reminded} IS NULL
                 ORDER BY {due}, id LIMIT %(batch)s FOR UPDATE SKIP LOCKED),
up AS (UPDATE complaints_complaint c SET {reminded} = %(now)s FROM claimed WHERE c.id = claimed.id
       RETURNING c.id, c.etag, c.assignee_id, c.{due} AS due, c.cycle_started_at),
told AS ({outbox} SELECT 'sms', u.mobile, '{template}', 'en',
           jsonb_build_object('etag', up.etag, 'due', up.due, 'url', %(officer_url)s || up.etag || '/'),
           up.etag || ':{stage}-due-soon:' || extract(epoch FROM up.cycle_started_at)::bigint || ':' || u.id || ':sms',
           up.id, 'pending', 0, %(now)s, '', '', %(now)s
         FROM up JOIN accounts_user u ON u.id = up.assignee_id WHERE u.mobile <> '')
SELECT count(*) FROM up"""

    return {
        "contact_breaches": (breach("contact_due_at", "first_contacted_at", "contact_breached_at", "contact"), None),
        "report_breaches": (breach("report_due_at", "resolution_proposed_at", "report_breached_at", "report"), None),
        "escalated": (escalate(escalation_claim, climbed, next_step), ESCALATIONS_PER_TRANSACTION),
        "reminded_contact": (remind("contact_due_at", "first_contacted_at", "contact_breached_at",
                                    "contact_reminded_at", "contact_due_soon", "contact"), None),
        "reminded_report": (remind("report_due_at", "resolution_proposed_at", "report_breached_at",
                                   "report_reminded_at", "report_due_soon", "report"), None),
        "feedback_lapses": ("""
WITH cb AS (SELECT * FROM unnest(%(cb_cats)s::int[], %(cb_hours)s::int[]) AS s(cat, h)),
claimed AS (SELECT id FROM complaints_complaint WHERE status = 'awaiting_feedback' AND feedback_lapsed_at IS NULL
            AND feedback_due_at <= %(now)s ORDER BY feedback_due_at, id LIMIT %(batch)s FOR UPDATE SKIP LOCKED)
UPDATE complaints_complaint c SET feedback_lapsed_at = %(now)s, callback_due_at = c.feedback_due_at
  + make_interval(hours => COALESCE((SELECT h FROM cb WHERE cb.cat = c.category_id), 48))
FROM claimed WHERE c.id = claimed.id""", None),
        "callback_checks": (f"""
WITH claimed AS (SELECT id, feedback_attempts FROM complaints_complaint WHERE status = 'awaiting_feedback'
                 AND callback_due_at IS NOT NULL AND callback_checked_at IS NULL AND callback_due_at <= %(now)s
                 ORDER BY callback_due_at, id LIMIT %(batch)s FOR UPDATE SKIP LOCKED),
ledger AS ({ledger} SELECT c.id, 'feedback', c.cycle_started_at, c.callback_due_at, %(now)s, NULL, c.unit_id,
            c.unit_path, '', 'pending' FROM complaints_complaint c JOIN claimed USING (id)
            WHERE claimed.feedback_attempts < %(attempts)s ON CONFLICT DO NOTHING)
UPDATE complaints_complaint c SET callback_checked_at = %(now)s FROM claimed WHERE c.id = claimed.id""", None),
        "followups": (f"""
WITH claimed AS (SELECT id FROM complaints_complaint WHERE status = 'closed' AND followup_asked_at IS NULL
                 AND closed_at <= %(asked_before)s AND closed_at > %(asked_after)s
                 ORDER BY closed_at, id LIMIT %(batch)s FOR UPDATE SKIP LOCKED),
up AS (UPDATE complaints_complaint c SET followup_asked_at = %(now)s FROM claimed WHERE c.id = claimed.id
       RETURNING c.id, c.etag, c.complainant_mobile, c.language),
told AS ({outbox} SELECT 'sms', up.complainant_mobile, 'followup_question', up.language,
           jsonb_build_object('etag', up.etag, 'url', %(track_url)s || up.etag), up.etag || ':followup:sms', up.id,
           'pending', 0, %(now)s, '', '', %(now)s FROM up WHERE up.complainant_mobile <> ''
           AND up.complainant_mobile NOT IN (SELECT address FROM updates_updatestop))
SELECT count(*) FROM up""", None),
        "enquiry_breaches": (f"""
WITH {steps},
claimed AS (SELECT id FROM accountability_enquiry WHERE due_at <= %(now)s AND reported_at IS NULL
            AND breached_at IS NULL ORDER BY due_at, id LIMIT %(batch)s FOR UPDATE SKIP LOCKED),
marked AS (UPDATE accountability_enquiry e SET breached_at = %(now)s FROM claimed WHERE e.id = claimed.id
           RETURNING e.complaint_id, e.kind, e.ordered_at, e.due_at, e.officer_id),
ledger AS ({ledger} SELECT m.complaint_id, m.kind || '_enquiry', m.ordered_at, m.due_at, %(now)s, m.officer_id,
            c.unit_id, c.unit_path, '', 'pending' FROM marked m JOIN complaints_complaint c ON c.id = m.complaint_id
            WHERE c.status IN ({open_list}) ON CONFLICT DO NOTHING),
chosen AS (SELECT c.id, {supervisor} AS sup FROM complaints_complaint c JOIN marked m ON m.complaint_id = c.id
           WHERE c.status IN ({open_list})),
up AS (UPDATE complaints_complaint c SET escalation_level = c.escalation_level + 1, escalated_to_id = chosen.sup,
         escalated_at = %(now)s, updated_at = %(now)s FROM chosen WHERE c.id = chosen.id
       RETURNING c.id, c.etag, c.status, c.language, c.complainant_mobile, c.escalated_to_id, c.escalation_level),
ev AS ({event} SELECT id, %(now)s, 'escalate', 'system', 'system', 'system', status, status, true, '',
         jsonb_build_object('level', escalation_level, 'stage', 'initial_enquiry', 'officer', escalated_to_id)
       FROM up),
told AS ({outbox} SELECT 'sms', u.mobile, 'escalated_to_you', 'en', jsonb_build_object('etag', up.etag),
           up.etag || ':escalated:' || up.escalation_level || ':' || u.id || ':sms', up.id, 'pending', 0, %(now)s,
           '', '', %(now)s FROM up JOIN accounts_user u ON u.id = up.escalated_to_id WHERE u.mobile <> ''
         UNION ALL SELECT 'sms', up.complainant_mobile, 'complaint_update', up.language,
           jsonb_build_object('etag', up.etag, 'steps', 'escalated'), up.etag || ':update:sms:' || up.escalation_level,
           up.id, 'pending', 0, %(now)s, '', '', %(now)s FROM up WHERE up.complainant_mobile <> '')
SELECT count(*) FROM marked""", None),
        "service_breaches": (f"""
WITH claimed AS (SELECT id FROM services_servicerequest WHERE due_at <= %(now)s AND breached_at IS NULL
                 AND status IN ('submitted', 'address_verified', 'record_checked')
                 ORDER BY due_at, id LIMIT %(batch)s FOR UPDATE SKIP LOCKED),
up AS (UPDATE services_servicerequest r SET breached_at = %(now)s FROM claimed WHERE r.id = claimed.id
       RETURNING r.id, r.etag, r.station_path),
told AS ({outbox} SELECT DISTINCT 'sms', u.mobile, 'service_overdue', 'en', jsonb_build_object('etag', up.etag),
           'svc:' || up.etag || ':overdue:' || u.id || ':sms', NULL::bigint, 'pending', 0, %(now)s, '', '', %(now)s
         FROM up JOIN jurisdictions_unit un ON up.station_path LIKE un.path || '%%'
         JOIN accounts_posting p ON p.unit_id = un.id AND p.is_active AND p.role IN ('service_centre', 'supervisor')
         JOIN accounts_user u ON u.id = p.user_id AND u.is_active WHERE u.mobile <> '')
SELECT count(*) FROM up""", None),
    }


def _parameters(now, batch: int) -> dict:
    """What the statements need from the SOPs and settings: the ladders, call-back hours and reminder leads."""
    from django.conf import settings

    from shikayat.deadlines.followup import CATCH_UP, followup_days
    from shikayat.deadlines.rules import category_rules, reminder_leads

    rules = category_rules()
    ladder = [(cat, level, step.hours_after_breach) for cat, rule in rules.items()
              for level, step in enumerate(rule.ladder)]
    newest = now - timedelta(days=followup_days())
    public = settings.SHIKAYAT["PUBLIC_URL"].rstrip("/")
    return {
        "now": now, "batch": batch, "cats": [r[0] for r in ladder], "levels": [r[1] for r in ladder],
        "hours": [r[2] for r in ladder], "cb_cats": list(rules), "cb_hours": [r.callback_hours for r in rules.values()],
        "attempts": settings.SHIKAYAT["FEEDBACK_ATTEMPTS_BEFORE_SUPERVISOR_CLOSE"],
        "asked_before": newest, "asked_after": newest - CATCH_UP, "officer_url": f"{public}/officer/complaints/",
        "track_url": f"{public}/track/", "lead_contact": max(reminder_leads(rules, "contact"), default=timedelta(0)),
        "lead_report": max(reminder_leads(rules, "report"), default=timedelta(0)),
    }


def run_baseline(url: str, now, batch: int) -> tuple[float, dict, dict]:
    """Seconds for every step, in the sweep's order and batches (one transaction each), the rows done, and the
    seconds of each step."""
    import psycopg

    statements, params = _sql(), _parameters(now, batch)
    done, steps = {}, {}
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        for step, (sql, size) in statements.items():
            step_started = time.perf_counter()
            size = min(batch, size or batch)
            lead = params["lead_report" if step == "reminded_report" else "lead_contact"]
            values = {**params, "batch": size, "lead": lead}
            total = 0
            while True:
                with conn.transaction():
                    cursor = conn.execute(sql, values)
                    count = cursor.fetchone()[0] if cursor.description else cursor.rowcount
                total += count
                if count < size:
                    break
            done[step] = total
            steps[step] = round(time.perf_counter() - step_started, 4)
        seconds = time.perf_counter() - started
    done["reminded"] = done.pop("reminded_contact") + done.pop("reminded_report")
    return seconds, done, steps
