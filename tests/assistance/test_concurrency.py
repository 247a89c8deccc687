"""Two people at the same moment: nothing duplicated, and one state change wins."""

import datetime as dt
import threading

import pytest
from django.db import connection

from tests.assistance.conftest import MODULE
from tests.personas import build_world, make_user
from wego.accounts.models import RoleKind, User
from wego.assistance.models import AssistanceEvent, AssistanceRequest
from wego.assistance.services import (
    AssistanceRefused,
    assistance_answer,
    assistance_assign,
    assistance_close,
    assistance_create,
    assistance_decline,
    assistance_reopen,
    assistance_start,
    egovframe_request_create,
)


def run_together(*calls) -> list[str]:
    """Run the calls in threads released at once; each result is 'ok' or the refusal."""
    barrier = threading.Barrier(len(calls))
    results: list[str] = []

    def run(call):
        barrier.wait()
        try:
            call()
            results.append("ok")
        except AssistanceRefused as exc:
            results.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


@pytest.fixture
def server_world(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that runs two transactions at once (PostgreSQL)")
    return build_world()


def test_a_double_submit_at_the_same_moment_creates_one_request(server_world):
    world = server_world

    def ask():
        actor = User.objects.get(pk=world.users["coordinator_a"].pk)  # a fresh object per thread
        assistance_create(actor=actor, assessment=world.assessment_a, module_id=MODULE, description="Help")

    results = run_together(ask, ask)

    assert results == ["An open request for this module already exists for Alpha City.", "ok"]
    assert AssistanceRequest.objects.count() == 1


def test_start_and_decline_at_the_same_moment_one_wins(server_world):
    world = server_world
    expert = make_user("expert@example.org", RoleKind.EXPERT)
    request = assistance_create(
        actor=world.users["coordinator_a"],
        assessment=world.assessment_a,
        module_id=MODULE,
        description="Help",
    )
    assistance_assign(
        actor=world.users["secretariat"],
        assistance=request,
        expert=expert,
        due_on=dt.date.today() + dt.timedelta(days=5),
    )

    results = run_together(
        lambda: assistance_start(actor=User.objects.get(pk=expert.pk), assistance=request),
        lambda: assistance_decline(
            actor=User.objects.get(pk=world.users["secretariat"].pk), assistance=request, reason="No budget"
        ),
    )

    request.refresh_from_db()
    assert results[1] == "ok"
    assert results[0] in (
        "A request that is declined cannot be started.",
        "A request that is in progress cannot be declined.",
    )
    assert request.state in ("in_progress", "declined")
    assert AssistanceEvent.objects.filter(request=request).count() == 3


def test_egovframe_close_and_reopen_at_the_same_moment_one_wins(server_world):
    world = server_world
    expert = make_user("expert@example.org", RoleKind.EXPERT)
    request = egovframe_request_create(
        actor=world.users["coordinator_a"], city=world.city_a, area="runtime", description="Help"
    )
    assistance_assign(
        actor=world.users["secretariat"],
        assistance=request,
        expert=expert,
        due_on=dt.date.today() + dt.timedelta(days=5),
    )
    assistance_answer(actor=expert, assistance=request, answer="Check the chunk size.")

    def coordinator():
        return User.objects.get(pk=world.users["coordinator_a"].pk)

    results = run_together(
        lambda: assistance_close(actor=coordinator(), assistance=request),
        lambda: assistance_reopen(actor=coordinator(), assistance=request, reason="Still broken"),
    )

    request.refresh_from_db()
    assert results[1] == "ok"
    assert results[0] in (
        "A request that is closed cannot be reopened.",
        "A request that is assigned cannot be closed.",
    )
    assert request.state in ("closed", "assigned")
    assert AssistanceEvent.objects.filter(request=request).count() == 4
