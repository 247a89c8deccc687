import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wego.operations import data
from wego.operations.health import database_check, worker_check

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def queue_task(*, waited: dt.timedelta, status="READY"):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="wego.analysis.tasks.report_make",
        backend_name="default",
        run_after=timezone.now() - waited,
        status=status,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


def test_health_all_ok_answers_200_with_each_check(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"status": "ok"}, "worker": {"status": "ok", "worker": "not used"}},
    }


def test_health_worker_keeping_up_is_ok(client, settings):
    settings.TASKS = DATABASE_TASKS
    settings.HEALTH_TASK_WAIT_SECONDS = 300
    queue_task(waited=dt.timedelta(seconds=30))
    queue_task(waited=dt.timedelta(hours=2), status="SUCCESSFUL")

    response = client.get("/health")

    assert response.status_code == 200
    worker = response.json()["checks"]["worker"]
    assert worker["status"] == "ok"
    assert worker["tasks_waiting"] == 1
    assert 30 <= worker["oldest_wait_seconds"] < 60
    assert worker["limit_seconds"] == 300


def test_health_task_waiting_too_long_answers_503(client, settings):
    settings.TASKS = DATABASE_TASKS
    settings.HEALTH_TASK_WAIT_SECONDS = 300
    queue_task(waited=dt.timedelta(minutes=10))

    response = client.get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["worker"]["status"] == "fail"
    assert body["checks"]["worker"]["tasks_waiting"] == 1


def test_worker_check_counts_a_scheduled_task_from_its_start_time(settings):
    settings.TASKS = DATABASE_TASKS
    task = queue_task(waited=dt.timedelta(hours=1))
    # Enqueued an hour ago to run in a minute: not waiting yet.
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now() + dt.timedelta(minutes=1))

    assert worker_check()["tasks_waiting"] == 0
    assert worker_check()["status"] == "ok"


def test_database_check_unreachable_database_fails(tmp_path):
    missing = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "no-such-folder" / "db.sqlite3"),
    }

    with data.extra_database(missing, alias="unreachable") as alias:
        assert database_check(using=alias) == {"status": "fail"}


def test_health_answers_head_and_refuses_writes(client):
    assert client.head("/health").status_code == 200
    assert client.post("/health").status_code == 405
