"""The background worker: periodic jobs enqueued once per period however many
schedulers run, the jobs themselves, and real worker processes (django-tasks'
db_worker on this test database, RQ's rqworker on the local Redis) running them."""

import importlib
import os
import signal
import subprocess
import sys
import threading
import time
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from shikayat.notifications import outbox
from shikayat.notifications.models import OutboxMessage
from shikayat.webhooks.models import DeliveryAttempt
from shikayat.worker import tasks
from shikayat.worker.models import ScheduledRun
from shikayat.worker.schedule import ENQUEUED, LATE, TAKEN, WAITING, PeriodicJob, Scheduler

from .conftest import local_redis

ROOT = Path(__file__).resolve().parent.parent
JOBS = {"deliver_outbox", "sweep_deadlines", "fold_rollups", "send_digests", "prune_history", "freeze_month_ends",
        "make_disposal_files"}
# 09:00:02 in Karachi (UTC+5): the digest (07:00) is two hours late, within its six-hour catch-up.
MONDAY_9AM = datetime(2026, 3, 2, 4, 0, 2, tzinfo=UTC)


def queued(job: str) -> int:
    return DBTaskResult.objects.filter(task_path=f"shikayat.worker.tasks.{job}").count()


def finish_all() -> None:
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL, finished_at=MONDAY_9AM)


def pending_message(key: str = "worker-test") -> OutboxMessage:
    return outbox.enqueue(channel="sms", recipient="+923001234567", template="otp_code", language="en",
                          context={"code": "482913", "minutes": 5}, dedupe_key=key)


def stub(monkeypatch, module_name: str, name: str, fake) -> None:
    """Replace a deadline-engine function, whether or not its module exists yet."""
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        module = types.ModuleType(module_name)
        monkeypatch.setitem(sys.modules, module_name, module)
    monkeypatch.setattr(module, name, fake, raising=False)


# --- periods -----------------------------------------------------------------------------------------------


def test_interval_periods_are_aligned_to_the_clock_so_every_scheduler_agrees():
    job = PeriodicJob("sweep_deadlines", every=timedelta(seconds=60))
    assert job.period_start(datetime(2026, 3, 2, 4, 0, 59, 999, tzinfo=UTC)) == datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
    assert job.period_start(datetime(2026, 3, 2, 4, 1, 0, tzinfo=UTC)) == datetime(2026, 3, 2, 4, 1, tzinfo=UTC)
    outbox_job = PeriodicJob("deliver_outbox", every=timedelta(seconds=5))
    assert outbox_job.period_start(datetime(2026, 3, 2, 4, 0, 9, tzinfo=UTC)) == datetime(2026, 3, 2, 4, 0, 5,
                                                                                        tzinfo=UTC)


def test_the_daily_period_starts_at_the_digest_hour_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Karachi"
    job = PeriodicJob("send_digests", daily_at_hour=7)
    # 06:59 in Karachi still belongs to yesterday's digest; 07:00 starts today's.
    assert job.period_start(datetime(2026, 3, 2, 1, 59, tzinfo=UTC)) == datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert job.period_start(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)) == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


# --- the scheduler -----------------------------------------------------------------------------------------


def test_a_second_scheduler_in_the_same_period_enqueues_nothing(db, settings):
    settings.TIME_ZONE = "Asia/Karachi"
    assert Scheduler().tick(MONDAY_9AM) == dict.fromkeys(JOBS, ENQUEUED)
    assert Scheduler().tick(MONDAY_9AM + timedelta(seconds=1)) == dict.fromkeys(JOBS, TAKEN)
    assert {job: queued(job) for job in JOBS} == dict.fromkeys(JOBS, 1)
    task_id = str(DBTaskResult.objects.get(task_path__endswith="deliver_outbox").id)
    runs = ScheduledRun.objects.filter(job="deliver_outbox")
    assert [(run.period_start, run.task_id) for run in runs] == [(datetime(2026, 3, 2, 4, 0, tzinfo=UTC), task_id)]


def test_each_job_is_enqueued_again_when_its_own_period_comes_round(db, settings):
    settings.TIME_ZONE = "Asia/Karachi"
    scheduler = Scheduler()
    scheduler.tick(MONDAY_9AM)
    finish_all()
    # Five seconds on: a new outbox period, the same sweep minute and digest day.
    assert scheduler.tick(MONDAY_9AM + timedelta(seconds=5)) == {"deliver_outbox": ENQUEUED,
                                                                 "fold_rollups": ENQUEUED}
    assert scheduler.tick(MONDAY_9AM + timedelta(seconds=6)) == {}
    finish_all()
    next_minute = scheduler.tick(MONDAY_9AM + timedelta(seconds=60))
    assert next_minute == {"deliver_outbox": ENQUEUED, "sweep_deadlines": ENQUEUED, "fold_rollups": ENQUEUED}
    assert (queued("deliver_outbox"), queued("sweep_deadlines"), queued("send_digests")) == (3, 2, 1)


def test_a_job_whose_last_run_still_waits_in_the_queue_is_not_piled_up(db, settings):
    settings.TIME_ZONE = "Asia/Karachi"
    scheduler = Scheduler()
    scheduler.tick(MONDAY_9AM)
    # No worker ran it: the next outbox period is skipped rather than queued behind it.
    assert scheduler.tick(MONDAY_9AM + timedelta(seconds=5)) == {"deliver_outbox": WAITING,
                                                                 "fold_rollups": WAITING}
    assert queued("deliver_outbox") == 1
    DBTaskResult.objects.filter(task_path__endswith="deliver_outbox").update(status=TaskResultStatus.RUNNING)
    assert scheduler.tick(MONDAY_9AM + timedelta(seconds=10)) == {"deliver_outbox": ENQUEUED,
                                                                  "fold_rollups": WAITING}


def test_a_digest_missed_by_more_than_its_catch_up_waits_for_the_next_day(db, settings):
    settings.TIME_ZONE = "Asia/Karachi"
    settings.SHIKAYAT = {**settings.SHIKAYAT, "SCHEDULE": {**settings.SHIKAYAT["SCHEDULE"], "DIGEST_CATCH_UP_HOURS": 6}}
    late_evening = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 19:00 in Karachi, twelve hours after 07:00
    assert Scheduler().tick(late_evening)["send_digests"] == LATE
    assert queued("send_digests") == 0
    next_morning = datetime(2026, 3, 3, 2, 0, 30, tzinfo=UTC)
    assert Scheduler().tick(next_morning)["send_digests"] == ENQUEUED


@pytest.mark.django_db(transaction=True)
def test_schedulers_racing_in_two_threads_enqueue_each_job_once(settings):
    settings.TIME_ZONE = "Asia/Karachi"
    start = threading.Barrier(2)
    outcomes, errors = [], []

    def scheduler():
        try:
            start.wait(timeout=10)
            outcomes.append(Scheduler().tick(MONDAY_9AM))
        except Exception as error:  # reported below: an exception in a thread would vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    for job in JOBS:
        assert sorted(outcome[job] for outcome in outcomes) == sorted([ENQUEUED, TAKEN]), job
        assert queued(job) == 1, job
    assert ScheduledRun.objects.count() == len(JOBS)


def test_run_scheduler_once_reports_what_it_enqueued(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "deliver_outbox: enqueued" in out.getvalue()
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "deliver_outbox: taken by another scheduler" in out.getvalue()
    assert queued("deliver_outbox") == 1


# --- the jobs ----------------------------------------------------------------------------------------------


def test_deliver_outbox_sends_batch_after_batch_until_nothing_is_due(db):
    for n in range(5):
        pending_message(f"batch-{n}")
    assert tasks.deliver_outbox.call(batch=2) == 5
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxMessage.State.SENT}


def test_deliver_outbox_stops_when_its_time_budget_is_spent(db, monkeypatch):
    calls = []

    def always_a_full_batch(limit=100, now=None):
        calls.append(limit)
        return limit

    monkeypatch.setattr("shikayat.notifications.delivery.deliver_due", always_a_full_batch)
    assert tasks.deliver_outbox.call(batch=10, budget_seconds=0) == 10
    assert calls == [10]


def test_the_sweep_and_digest_jobs_call_the_deadline_engine(db, monkeypatch):
    stub(monkeypatch, "shikayat.deadlines.sweep", "run_sweep", lambda: {"reminded": 2, "escalated": 1})
    stub(monkeypatch, "shikayat.deadlines.digest", "send_digests", lambda: 3)
    assert tasks.sweep_deadlines.call() == {"reminded": 2, "escalated": 1}
    assert tasks.send_digests.call() == 3


def test_the_sweep_and_digest_jobs_run_the_real_deadline_engine(force):
    pytest.importorskip("shikayat.deadlines.sweep", reason="the deadline engine has not landed yet")
    pytest.importorskip("shikayat.deadlines.digest", reason="the deadline engine has not landed yet")
    counts = tasks.sweep_deadlines.call()
    assert isinstance(counts, dict) and all(isinstance(n, int) for n in counts.values())
    assert isinstance(tasks.send_digests.call(), int)


def test_prune_history_forgets_old_runs_and_results_only(db, settings):
    now = datetime.now(UTC)
    ScheduledRun.objects.create(job="deliver_outbox", period_start=now - timedelta(days=30), enqueued_at=now)
    recent = ScheduledRun.objects.create(job="deliver_outbox", period_start=now - timedelta(hours=1), enqueued_at=now)
    old_result = tasks.deliver_outbox.enqueue()
    DBTaskResult.objects.filter(id=old_result.id).update(status=TaskResultStatus.SUCCESSFUL,
                                                         finished_at=now - timedelta(days=30))
    waiting = tasks.deliver_outbox.enqueue()
    log_kept = DeliveryAttempt.objects.create(event_id="evt_new", attempted_at=now - timedelta(days=89))
    DeliveryAttempt.objects.create(event_id="evt_old", attempted_at=now - timedelta(days=91))
    assert tasks.prune_history.call() == {"scheduled_runs": 1, "task_results": 1, "whatsapp_staged_documents": 0,
                                          "webhook_attempts": 1}
    assert list(ScheduledRun.objects.all()) == [recent]
    assert list(DeliveryAttempt.objects.all()) == [log_kept]
    assert [str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)] == [waiting.id]


# --- real worker processes ---------------------------------------------------------------------------------


def worker_database_url() -> str:
    """This test run's database, for a worker in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def manage_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHIKAYAT_") and k not in ("REDIS_URL",)}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=worker_database_url(), **extra)
    return env


def manage(*args, timeout: float = 120, **env) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=manage_env(**env),
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"manage.py {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
    return result


def state_of(message: OutboxMessage) -> str:
    return OutboxMessage.objects.get(dedupe_key=message.dedupe_key).state


@pytest.mark.django_db(transaction=True)
def test_a_db_worker_process_runs_an_enqueued_task():
    message = pending_message()
    result = tasks.deliver_outbox.enqueue()
    assert state_of(message) == OutboxMessage.State.PENDING
    manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert state_of(message) == OutboxMessage.State.SENT
    done = DBTaskResult.objects.get(id=result.id)
    assert (done.status, done.return_value) == (TaskResultStatus.SUCCESSFUL, 1)


@pytest.mark.django_db(transaction=True)
def test_run_worker_burst_schedules_the_due_jobs_and_runs_them():
    message = pending_message()
    out = manage("run_worker", "--burst").stdout
    assert "deliver_outbox: enqueued" in out
    assert state_of(message) == OutboxMessage.State.SENT
    run = ScheduledRun.objects.get(job="deliver_outbox")
    assert DBTaskResult.objects.get(id=run.task_id).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)  # the worker closes its connection between tasks
def test_run_worker_burst_fails_when_a_job_it_enqueued_failed(monkeypatch):
    from django.core.management import CommandError, call_command

    def broken_sweep():
        raise RuntimeError("the sweep broke")

    stub(monkeypatch, "shikayat.deadlines.sweep", "run_sweep", broken_sweep)
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with pytest.raises(CommandError, match="these jobs failed .*: sweep_deadlines$"):
            call_command("run_worker", "--burst", verbosity=0)
    finally:
        for signum, handler in handlers.items():  # the in-process worker installed its own
            signal.signal(signum, handler)
    sweep = DBTaskResult.objects.get(task_path__endswith="sweep_deadlines")
    assert (sweep.status, sweep.exception_class_path) == (TaskResultStatus.FAILED, "builtins.RuntimeError")
    assert DBTaskResult.objects.get(task_path__endswith="deliver_outbox").status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("engine", ["database", "redis"])
def test_run_worker_keeps_sending_and_stops_cleanly_on_sigterm(engine, request):
    env = {"SHIKAYAT_OUTBOX_SECONDS": "1", "SHIKAYAT_TASKS_BACKEND": engine}
    if engine == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker", "--tick", "0.2", "--interval", "0.2"],
                              cwd=ROOT, env=manage_env(**env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        first = pending_message("first")
        deadline = time.monotonic() + 60
        while state_of(first) != OutboxMessage.State.SENT and time.monotonic() < deadline:
            time.sleep(0.2)
        assert state_of(first) == OutboxMessage.State.SENT
        # A message queued later goes out on a later period, without anyone enqueueing by hand.
        second = pending_message("second")
        while state_of(second) != OutboxMessage.State.SENT and time.monotonic() < deadline:
            time.sleep(0.2)
        assert state_of(second) == OutboxMessage.State.SENT
        assert ScheduledRun.objects.filter(job="deliver_outbox").count() >= 2
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
            pytest.fail(f"run_worker did not stop within 30 s of SIGTERM:\n{output}")
    assert worker.returncode == 0, output
    assert "scheduler stopped" in output and "worker stopped" in output


@pytest.fixture
def redis_url():
    """A Redis database of its own on the local server (emptied before and after), or a skip — except
    under CI, where a missing Redis is a failure."""
    number = 1 + os.getpid() % 15
    url = f"redis://127.0.0.1:6379/{number}"
    client = local_redis(number, "the RQ engine tests")
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.mark.django_db(transaction=True)
def test_the_redis_engine_schedules_into_rq_and_an_rqworker_runs_the_job(redis_url):
    from redis import Redis
    from rq.job import Job

    message = pending_message()
    out = manage("run_scheduler", "--once", SHIKAYAT_TASKS_BACKEND="redis", REDIS_URL=redis_url).stdout
    assert "deliver_outbox: enqueued" in out
    run = ScheduledRun.objects.get(job="deliver_outbox")
    assert run.task_id, "the job id is recorded once RQ has it"
    assert state_of(message) == OutboxMessage.State.PENDING
    assert DBTaskResult.objects.count() == 0, "nothing went to the database queue"

    manage("rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default",
           SHIKAYAT_TASKS_BACKEND="redis", REDIS_URL=redis_url)
    assert state_of(message) == OutboxMessage.State.SENT
    with Redis.from_url(redis_url) as client:
        assert Job.fetch(run.task_id, connection=client).get_status() == "finished"


@pytest.mark.django_db(transaction=True)
def test_run_worker_on_the_redis_engine(redis_url):
    message = pending_message()
    out = manage("run_worker", "--burst", SHIKAYAT_TASKS_BACKEND="redis", REDIS_URL=redis_url).stdout
    assert "deliver_outbox: enqueued" in out
    assert state_of(message) == OutboxMessage.State.SENT


def test_an_unknown_engine_is_refused_with_a_clear_message():
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
                                 "SHIKAYAT_TASKS_BACKEND": "celery"})
    assert result.returncode != 0
    assert "SHIKAYAT_TASKS_BACKEND must be 'database' or 'redis', not 'celery'" in result.stderr
