"""Demo data for technical assistance: an invented expert, one request of the demo city on
its most urgent action item, in progress, with two messages, and one eGovFrame technical
support request of the demo city, answered by the expert. All of it labelled demo.

Called by wego.demo.loader.demo_users() once the assessments and the demo city's
coordinator exist; loading it again creates nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wego.accounts.models import Role, RoleKind
from wego.assessments.models import Assessment, AssessmentStatus
from wego.assistance.models import (
    AssistanceEvent,
    AssistanceMessage,
    AssistanceRequest,
    EgovArea,
    Kind,
    State,
)
from wego.assistance.services import routing_region

EXPERT_EMAIL = "expert@demo.wego.invalid"
EXPERT_NAME = "Demo expert (e-government advisor)"
DUE_IN_DAYS = 60


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo expert and the demo city's request; returns the expert's login."""
    from wego.analysis.diagnosis import action_items_for
    from wego.analysis.selectors import dashboard
    from wego.demo.loader import COORDINATOR_EMAIL, DEMO_CITY, DEMO_PASSWORD

    user_model = get_user_model()
    expert, created = user_model.objects.get_or_create(
        email=EXPERT_EMAIL, defaults={"full_name": EXPERT_NAME, "organisation": "Demo advisory pool"}
    )
    if created:
        expert.set_password(DEMO_PASSWORD)
        expert.save()
    Role.objects.get_or_create(user=expert, kind=RoleKind.EXPERT, city=None)
    login = [
        (
            EXPERT_EMAIL,
            DEMO_PASSWORD,
            "expert; works on the demo assistance request of Seoul (in progress) and answered its "
            "demo eGovFrame support request",
        )
    ]

    coordinator = user_model.objects.filter(email=COORDINATOR_EMAIL).first()
    baseline = (
        Assessment.objects.filter(city__slug=DEMO_CITY, status=AssessmentStatus.SUBMITTED)
        .select_related("city__country", "cycle__framework")
        .order_by("-cycle__year")
        .first()
    )
    if coordinator is None or baseline is None:
        return login
    _egovframe_demo(baseline.city, coordinator, expert)
    if AssistanceRequest.objects.filter(city=baseline.city, kind=Kind.ACTION_ITEM, is_demo=True).exists():
        return login
    items = action_items_for(dashboard(baseline), baseline)
    if not items:
        return login
    module = items[0].module
    now = timezone.now()
    assistance = AssistanceRequest.objects.create(
        city=baseline.city,
        assessment=baseline,
        module_id=module.id,
        indicator_ids=list(module.improves.indicators),
        title=f"{module.title.get('en')} (demo)",
        description=(
            "Demo request (invented). Our diagnosis ranks this module first. We have a budget line for "
            "next year but no one on the team has run such a project: we need help to write the "
            "requirements and to plan the procurement."
        ),
        state=State.IN_PROGRESS,
        routed_region=routing_region(baseline.city),
        expert=expert,
        due_on=now.date() + dt.timedelta(days=DUE_IN_DAYS),
        created_by=coordinator,
        is_demo=True,
    )
    note = f"{expert}, {assistance.due_on.isoformat()}"
    for action, before, after, actor, text in (
        ("create", "", State.NEW, coordinator, ""),
        ("assign", State.NEW, State.ASSIGNED, None, note),
        ("start", State.ASSIGNED, State.IN_PROGRESS, expert, ""),
    ):
        AssistanceEvent.objects.create(
            request=assistance, action=action, from_state=before, to_state=after, actor=actor, note=text
        )
    AssistanceMessage.objects.create(
        request=assistance,
        author=coordinator,
        body=(
            "Demo message (invented). Could we start with a one-day workshop"
            " with the departments that will use the system?"
        ),
    )
    AssistanceMessage.objects.create(
        request=assistance,
        author=expert,
        body=(
            "Demo message (invented). Yes: I propose a workshop in two weeks, then a first draft of "
            "the requirements and a procurement plan a month later, following the module's plan and "
            "procure steps."
        ),
    )
    return login


def _egovframe_demo(city, coordinator, expert) -> None:
    """One eGovFrame support request of the demo city, answered by the demo expert."""
    if not city.is_member:
        return
    if AssistanceRequest.objects.filter(city=city, kind=Kind.EGOVFRAME, is_demo=True).exists():
        return
    now = timezone.now()
    assistance = AssistanceRequest.objects.create(
        kind=Kind.EGOVFRAME,
        city=city,
        egov_area=EgovArea.RUNTIME,
        egov_version="4.2",
        title="Batch jobs of the permit system stop after the upgrade (demo)",
        description=(
            "Demo request (invented). Since we moved the permit system to the new framework "
            "version, the nightly batch job that sends permit reminders stops halfway without an "
            "error in the application log. What should we check first?"
        ),
        state=State.ANSWERED,
        routed_region=routing_region(city),
        expert=expert,
        due_on=now.date() + dt.timedelta(days=14),
        answered_at=now,
        created_by=coordinator,
        is_demo=True,
    )
    note = f"{expert}, {assistance.due_on.isoformat()}"
    for action, before, after, actor, text in (
        ("create", "", State.NEW, coordinator, ""),
        ("assign", State.NEW, State.ASSIGNED, None, note),
        ("answer", State.ASSIGNED, State.ANSWERED, expert, ""),
    ):
        AssistanceEvent.objects.create(
            request=assistance, action=action, from_state=before, to_state=after, actor=actor, note=text
        )
    AssistanceMessage.objects.create(
        request=assistance,
        author=expert,
        body=(
            "Demo message (invented). Check the batch job's chunk size and the transaction timeout "
            "in the job configuration, which the upgrade may have reset, then run the job on a day "
            "of data with the batch log level raised. Reply here with the log if it still stops."
        ),
    )
