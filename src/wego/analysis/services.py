"""Writes of the analysis: targets, peer groups, the choice to share results."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from wego.analysis.models import PeerGroup, Target
from wego.common.services import audit_record


@transaction.atomic
def target_set(*, assessment, actor, node_id: str, value: float | None) -> Target | None:
    """Set a target for a dimension or the overall score; None restores the default."""
    from wego.assessments.selectors import framework_sections

    if not actor.has_perm("assessments.manage_assessment", assessment):
        raise PermissionDenied("assessments.manage_assessment")
    framework = assessment.cycle.framework.load()
    allowed = {"overall"} | {s.id for s in framework_sections(assessment.cycle.framework) if s.part == "tree"}
    if node_id not in allowed:
        raise ValidationError(gettext("Targets are set for the overall score and each dimension."))
    if value is None:
        Target.objects.filter(assessment=assessment, node_id=node_id).delete()
        audit_record(actor=actor, action="target.reset", obj=assessment, data={"node": node_id})
        return None
    if not framework.scale.min <= value <= framework.scale.max:
        raise ValidationError(
            gettext("A target is a score from %(low)g to %(high)g.")
            % {"low": framework.scale.min, "high": framework.scale.max}
        )
    target, _created = Target.objects.update_or_create(
        assessment=assessment, node_id=node_id, defaults={"value": value, "set_by": actor}
    )
    audit_record(actor=actor, action="target.set", obj=assessment, data={"node": node_id, "value": value})
    return target


@transaction.atomic
def peer_group_save(*, city, actor, name: str, members) -> PeerGroup:
    if not actor.has_perm("assessments.start_assessment", city):
        raise PermissionDenied("assessments.start_assessment")
    name = name.strip()
    if not name:
        raise ValidationError(gettext("Give the group a name."))
    group, _created = PeerGroup.objects.get_or_create(owner=city, name=name)
    group.members.set([m for m in members if m.pk != city.pk])
    audit_record(actor=actor, action="peer_group.save", obj=group, data={"members": [m.pk for m in members]})
    return group


@transaction.atomic
def sharing_set(*, city, actor, shares: bool) -> None:
    if not actor.has_perm("assessments.start_assessment", city):
        raise PermissionDenied("assessments.start_assessment")
    city.shares_results = shares
    city.save(update_fields=["shares_results"])
    audit_record(actor=actor, action="city.sharing", obj=city, data={"shares_results": shares})


@transaction.atomic
def peer_group_delete(*, group: PeerGroup, actor) -> None:
    if not actor.has_perm("assessments.start_assessment", group.owner):
        raise PermissionDenied("assessments.start_assessment")
    audit_record(actor=actor, action="peer_group.delete", obj=group.owner, data={"name": group.name})
    group.delete()


@transaction.atomic
def circumstances_set(
    *, city, actor, budget_band: str, ict_staff_fte, connectivity: str | None = None
) -> None:
    """The city's budget and staff for one project and its residents' connectivity: what the
    recommended modules are judged against."""
    if not actor.has_perm("assessments.start_assessment", city):
        raise PermissionDenied("assessments.start_assessment")
    city.budget_band = budget_band
    city.ict_staff_fte = ict_staff_fte
    if connectivity is not None:
        city.connectivity = connectivity
    city.save(update_fields=["budget_band", "ict_staff_fte", "connectivity"])
    audit_record(
        actor=actor,
        action="city.circumstances",
        obj=city,
        data={
            "budget_band": budget_band,
            "ict_staff_fte": float(ict_staff_fte),
            "connectivity": city.connectivity,
        },
    )
