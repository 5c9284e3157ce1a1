"""Every log line of a request carries its id: the X-Request-ID a trusted proxy set (nginx's $request_id, a load
balancer's), else one made here; the response echoes it, so a citizen's error page, the proxy's access log and
the application's log lines can be matched. The worker's jobs log with their task id the same way.

The id travels in a context variable (each thread, and each asyncio task, sees its own) and RequestIdFilter
copies it onto every log record, so no call to the logger has to pass it."""

import contextvars
import re
import uuid

from django.conf import settings

HEADER = "X-Request-ID"
# What an id may look like when a proxy sends it: nginx's 32 hex digits, a UUID, an AWS trace id. Anything else
# (too long, spaces, control characters) is replaced rather than written into every log line.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:=+/-]{1,128}")

current = contextvars.ContextVar("shikayat_request_id", default="")


def _from_proxy(request) -> str:
    """The proxy's id, only when a trusted proxy stands in front of us (SHIKAYAT_TRUSTED_PROXIES): a client
    talking to the app directly must not choose the id its requests are logged under."""
    if settings.SHIKAYAT["TRUSTED_PROXIES"] <= 0:
        return ""
    given = request.META.get("HTTP_X_REQUEST_ID", "").strip()
    return given if _ACCEPTED.fullmatch(given) else ""


class RequestIdMiddleware:
    """First in MIDDLEWARE (after the probes): the id is set before anything else can log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _from_proxy(request) or uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is closed (request_finished), not reset on the way out: Django logs 4xx and
        # 5xx responses ("Not Found: …") after the last middleware returns, and a streamed body logs later still.
        current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter:
    """A logging filter (on the handler) that puts `request_id` on every record: "" outside a request or job."""

    def filter(self, record) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current.get()
        return True


def _request_finished(**kwargs) -> None:
    current.set("")


def follow_requests_and_tasks() -> None:
    """Forget a request's id once its response is closed, so that a thread's lines between requests carry
    none."""
    from django.core.signals import request_finished

    request_finished.connect(_request_finished, dispatch_uid="shikayat.ops.request_finished")
    _follow_tasks()


def _follow_tasks() -> None:
    """A job's log lines carry its task id: django-tasks signals the start and end of each run in the thread
    that runs it (database and RQ engines alike)."""
    from django_tasks.signals import task_finished, task_started

    task_started.connect(_task_started, dispatch_uid="shikayat.ops.task_started")
    task_finished.connect(_task_finished, dispatch_uid="shikayat.ops.task_finished")


def _task_started(sender, task_result, **kwargs) -> None:
    current.set(f"task-{task_result.id}")


def _task_finished(sender, task_result, **kwargs) -> None:
    current.set("")
