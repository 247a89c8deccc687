"""Reads of frameworks and assessments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Q

from wego.scoring import Framework, Plan, compile_plan, load_framework_text


@lru_cache(maxsize=32)
def _parse(content_hash: str, source_text: str, source_name: str) -> tuple[Framework, Plan]:
    framework = load_framework_text(source_text, source=source_name, content_hash=content_hash)
    return framework, compile_plan(framework)


def framework_parsed(version) -> Framework:
    """The parsed framework of a stored version; parsed once per process (keyed by hash)."""
    return _parse(version.content_hash, version.source_text, version.source_name)[0]


def framework_plan(version) -> Plan:
    return _parse(version.content_hash, version.source_text, version.source_name)[1]


# Sections and questions ---------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    id: str
    part: str
    node: object
    question_ids: tuple[str, ...]
    # (heading, questions) groups: indicators or systems inside the section
    groups: tuple[tuple[object, tuple[object, ...]], ...]

    @property
    def title(self) -> str:
        """In the language of the request: the sections are cached across requests."""
        from django.utils.translation import get_language

        title = self.node.title
        getter = getattr(title, "get", None)
        return getter(get_language() or "en") if callable(getter) else str(title)


@lru_cache(maxsize=32)
def _sections(content_hash: str, source_text: str, source_name: str) -> tuple[Section, ...]:
    framework = _parse(content_hash, source_text, source_name)[0]
    sections = []
    for part, node in framework.section_nodes():
        groups: list[tuple[object, tuple[object, ...]]] = []
        ids: list[str] = []
        children = [node] if node.is_question else node.children
        loose: list[object] = []
        for child in children:
            if child.is_question:
                loose.append(child)
                ids.append(child.id)
            else:
                questions = tuple(n for n in _walk(child) if n.is_question)
                groups.append((child, questions))
                ids.extend(q.id for q in questions)
        if loose:
            groups.insert(0, (None, tuple(loose)))
        sections.append(Section(node.id, part, node, tuple(ids), tuple(groups)))
    return tuple(sections)


def _walk(node):
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if not item.is_question:
            stack.extend(reversed(item.children))


def framework_sections(version) -> tuple[Section, ...]:
    return _sections(version.content_hash, version.source_text, version.source_name)


def section_of_question(version, question_id: str) -> Section | None:
    for section in framework_sections(version):
        if question_id in section.question_ids:
            return section
    return None


# Tenancy: what a user may see ----------------------------------------------------------


def assessments_visible_to(user):
    """Assessments the user may open: never another city's, unless a role allows it."""
    from wego.accounts.models import RoleKind
    from wego.accounts.rules import city_ids, is_secretariat, regions
    from wego.assessments.models import Assessment

    qs = Assessment.objects.select_related("city__country", "cycle__framework")
    if not user.is_authenticated:
        return qs.none()
    if is_secretariat(user):
        return qs
    cities = city_ids(user, RoleKind.COORDINATOR, RoleKind.RESPONDENT, RoleKind.CONSULTANT)
    return qs.filter(Q(city_id__in=cities) | Q(city__country__region__in=regions(user)))


def assigned_sections(user, assessment) -> set[str] | None:
    """The sections a user may answer: None means all (a coordinator), empty means none."""
    from wego.accounts.rules import is_coordinator_of, is_respondent_of
    from wego.assessments.models import SectionAssignment

    if is_coordinator_of(user, assessment):
        return None
    if is_respondent_of(user, assessment):
        return set(
            SectionAssignment.objects.filter(assessment=assessment, user=user).values_list(
                "section_id", flat=True
            )
        )
    return set()


def answer_counts(assessment_ids) -> dict[int, int]:
    """Answered questions per assessment, in one query."""
    from wego.assessments.models import Answer

    rows = (
        Answer.objects.filter(assessment_id__in=list(assessment_ids))
        .values("assessment_id")
        .annotate(n=Count("id"))
    )
    return {row["assessment_id"]: row["n"] for row in rows}


# Cycles and participation ---------------------------------------------------------------


def cycles_open():
    from django.utils import timezone

    from wego.assessments.models import Cycle

    today = timezone.now().date()
    found = list(
        Cycle.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .select_related("framework")
        .prefetch_related("invited")
    )
    for cycle in found:
        cycle.invited_ids = {c.pk for c in cycle.invited.all()}
    return found


def cycles_with_participation():
    from wego.assessments.models import AssessmentStatus, Cycle

    return (
        Cycle.objects.select_related("framework")
        .annotate(
            started=Count("assessments", filter=~Q(assessments__status=AssessmentStatus.NOT_STARTED)),
            submitted=Count("assessments", filter=Q(assessments__status=AssessmentStatus.SUBMITTED)),
            invited_count=Count("invited", distinct=True),
        )
        .order_by("-year", "name")
    )


def cycle_participation(cycle, user) -> list[dict]:
    """Per invited city (all members when none are invited): status and share answered."""
    from wego.accounts.rules import is_secretariat, regions
    from wego.assessments.models import Assessment, AssessmentStatus
    from wego.members.models import City, MemberCategory

    cities = (
        cycle.invited.all()
        if cycle.invited.exists()
        else City.objects.exclude(member_category=MemberCategory.NON_MEMBER)
    )
    cities = cities.select_related("country").order_by("name")
    if not is_secretariat(user):
        cities = cities.filter(country__region__in=regions(user))
    assessments = {a.city_id: a for a in Assessment.objects.filter(cycle=cycle)}
    counts = answer_counts(a.pk for a in assessments.values())
    total = cycle.framework.question_count or 1
    rows = []
    for city in cities:
        assessment = assessments.get(city.pk)
        status = assessment.status if assessment else AssessmentStatus.NOT_STARTED
        share = counts.get(assessment.pk, 0) / total if assessment else 0.0
        rows.append({"city": city, "assessment": assessment, "status": status, "share": share})
    return rows


def team_of(assessment) -> list[dict]:
    """The city's people and, for respondents, their sections in this assessment."""
    from wego.accounts.models import Role
    from wego.assessments.models import SectionAssignment

    roles = Role.objects.filter(city=assessment.city).select_related("user").order_by("user__email", "kind")
    assigned: dict[int, list[str]] = {}
    for user_id, section_id in SectionAssignment.objects.filter(assessment=assessment).values_list(
        "user_id", "section_id"
    ):
        assigned.setdefault(user_id, []).append(section_id)
    people: dict[int, dict] = {}
    for role in roles:
        entry = people.setdefault(
            role.user_id, {"user": role.user, "roles": [], "sections": sorted(assigned.get(role.user_id, []))}
        )
        entry["roles"].append(role.get_kind_display())
    return list(people.values())
