"""Liveness checks for `/health`: can the application query its database, and is a
background worker taking the queued tasks.

The worker check looks at the task queue (django-tasks' database backend): it fails when a
task that is ready to run has waited longer than `WEGO_HEALTH_TASK_WAIT_SECONDS`. It cannot
tell an idle, healthy worker from a stopped one while nothing is queued; it does tell when
work is piling up, which is what users notice (reports stuck in "queued").
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def database_check(*, using: str = "default") -> dict:
    try:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("health: the database does not answer: %s", exc)
        return {"status": "fail"}
    return {"status": "ok"}


def worker_check(*, now: dt.datetime | None = None) -> dict:
    backends = {name: conf for name, conf in settings.TASKS.items() if conf["BACKEND"] == DATABASE_BACKEND}
    if not backends:
        # Tasks run in the web process (or nowhere): there is no worker to watch.
        return {"status": "ok", "worker": "not used"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    try:
        waiting = list(
            DBTaskResult.objects.ready()
            .filter(backend_name__in=list(backends))
            .order_by()
            .values_list("enqueued_at", "run_after")
        )
    except DatabaseError as exc:
        logger.error("health: the task queue cannot be read: %s", exc)
        return {"status": "fail"}
    date_max = get_date_max()
    # A task scheduled for later starts waiting at its run_after time.
    waits = [
        (now - (enqueued if run_after == date_max else max(enqueued, run_after)))
        for enqueued, run_after in waiting
    ]
    oldest = max(waits, default=dt.timedelta(0)).total_seconds()
    limit = settings.HEALTH_TASK_WAIT_SECONDS
    result = {
        "status": "ok" if oldest <= limit else "fail",
        "tasks_waiting": len(waiting),
        "oldest_wait_seconds": int(oldest),
        "limit_seconds": limit,
    }
    if result["status"] == "fail":
        logger.error(
            "health: %s tasks waiting, the oldest for %s s: is a worker running?", len(waiting), int(oldest)
        )
    return result


def health_report() -> tuple[bool, dict]:
    """(all ok, the report). The worker is checked only when the database answers."""
    database = database_check()
    worker = worker_check() if database["status"] == "ok" else {"status": "unknown"}
    ok = database["status"] == "ok" and worker["status"] == "ok"
    return ok, {"status": "ok" if ok else "fail", "checks": {"database": database, "worker": worker}}
