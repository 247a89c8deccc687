"""Reads of the awards, each filtered by what the acting person may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from wego.awards.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Category,
    Conflict,
    Edition,
    EditionStatus,
    Judge,
    Round,
    Score,
    Winner,
)


def editions_public() -> QuerySet[Edition]:
    return Edition.objects.exclude(status=EditionStatus.DRAFT).order_by("-number")


def edition_open_calls() -> QuerySet[Edition]:
    return Edition.objects.filter(status=EditionStatus.APPLICATIONS).order_by("applications_close_at")


def applications_of(user) -> QuerySet[Application]:
    """The person's own applications, and nothing else."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(applicant=user)
        .select_related("edition", "category", "city", "recommendation")
        .order_by("-edition__number", "-pk")
    )


def winners_published() -> QuerySet[Winner]:
    """Winners of published editions and of the archive: what the public may read."""
    return (
        Winner.objects.filter(edition__status__in=[EditionStatus.PUBLISHED, EditionStatus.ARCHIVE])
        .select_related("edition", "category")
        .order_by("-edition__number", "category__order", "rank", "city_name")
    )


def conflicted_pairs(edition: Edition) -> set[tuple[int, int]]:
    return set(Conflict.objects.filter(judge__edition=edition).values_list("judge_id", "application_id"))


def assignments_for_judge(user) -> QuerySet[Assignment]:
    """The person's assignments in every edition, without the entries they have a conflict with."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    conflicted = Conflict.objects.filter(judge__user=user).values_list("application_id", flat=True)
    return (
        Assignment.objects.filter(judge__user=user)
        .exclude(application_id__in=conflicted)
        .select_related("round__edition", "application__category", "application__city", "judge")
        .annotate(n_scores=Count("scores"))
        .order_by(
            "-round__edition__number", "round__number", "application__category__order", "application_id"
        )
    )


def assignment_visible(user, pk: int) -> Assignment | None:
    return assignments_for_judge(user).filter(pk=pk).first()


def others_scores(assignment: Assignment) -> list[Assignment]:
    """Other judges' submitted scorecards of the entry: shown only once this judge has submitted."""
    if assignment.submitted_at is None:
        return []
    conflicted = Conflict.objects.filter(application=assignment.application).values_list(
        "judge_id", flat=True
    )
    return list(
        Assignment.objects.filter(
            application=assignment.application, round=assignment.round, submitted_at__isnull=False
        )
        .exclude(pk=assignment.pk)
        .exclude(judge_id__in=conflicted)
        .select_related("judge")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


@dataclass
class Progress:
    judges: list[dict] = field(default_factory=list)  # name, assigned, submitted, conflicts
    categories: list[dict] = field(default_factory=list)  # name, entries, cells, submitted


def progress(round_: Round) -> Progress:
    """Scorecards submitted per judge and per category; conflicted cells are left out."""
    conflicted = conflicted_pairs(round_.edition)
    per_judge: dict[int, dict] = {}
    per_category: dict[int, dict] = {}
    rows = round_.assignments.select_related("judge", "application__category").order_by("judge__name")
    for a in rows:
        if (a.judge_id, a.application_id) in conflicted:
            per_judge.setdefault(
                a.judge_id, {"judge": a.judge, "assigned": 0, "submitted": 0, "excluded": 0}
            )["excluded"] += 1
            continue
        j = per_judge.setdefault(a.judge_id, {"judge": a.judge, "assigned": 0, "submitted": 0, "excluded": 0})
        c = per_category.setdefault(
            a.application.category_id,
            {"category": a.application.category, "entries": set(), "cells": 0, "submitted": 0},
        )
        j["assigned"] += 1
        c["cells"] += 1
        c["entries"].add(a.application_id)
        if a.submitted_at:
            j["submitted"] += 1
            c["submitted"] += 1
    categories = sorted(per_category.values(), key=lambda c: c["category"].order)
    for c in categories:
        c["entries"] = len(c["entries"])
    return Progress(judges=list(per_judge.values()), categories=categories)


def edition_applications(edition: Edition) -> QuerySet[Application]:
    return (
        Application.objects.filter(edition=edition)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("category", "city__country", "applicant", "recommendation", "waived_by")
        .order_by("category__order", "pk")
    )


def judges_of(edition: Edition) -> QuerySet[Judge]:
    return (
        Judge.objects.filter(edition=edition)
        .select_related("city", "country", "user")
        .prefetch_related("panels__category", "expertise")
        .annotate(n_conflicts=Count("conflicts", distinct=True))
        .order_by("name")
    )


def score_cells(round_: Round) -> list[dict]:
    """Every submitted, non-conflicted scorecard of a round: judge, entry, category, {criterion slug: value}."""
    conflicted = conflicted_pairs(round_.edition)
    cells = []
    assignments = (
        round_.assignments.filter(submitted_at__isnull=False)
        .select_related("application")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    for a in assignments:
        if (a.judge_id, a.application_id) in conflicted:
            continue
        cells.append(
            {
                "judge": a.judge_id,
                "entry": a.application_id,
                "category": a.application.category_id,
                "scores": {s.criterion.slug: s.value for s in a.scores.all()},
                "by_id": {s.criterion_id: s.value for s in a.scores.all()},
            }
        )
    return cells


def excluded_cells(round_: Round) -> list[Assignment]:
    conflicted = Conflict.objects.filter(judge__edition=round_.edition)
    pairs = Q()
    found = False
    for judge_id, application_id in conflicted.values_list("judge_id", "application_id"):
        pairs |= Q(judge_id=judge_id, application_id=application_id)
        found = True
    if not found:
        return []
    return list(round_.assignments.filter(pairs).select_related("judge", "application"))


def categories_with_entries(edition: Edition) -> list[Category]:
    return list(
        Category.objects.filter(edition=edition)
        .annotate(n=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)))
        .filter(n__gt=0)
        .order_by("order")
    )


def by_category(items, key) -> dict:
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped
