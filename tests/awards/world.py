"""An awards world on top of the personas' (tests/personas.py): an edition open for
applications, one in judging, one published, with entries, a judge, a conflict and a winner.

`awards_cases(world)` gives the rows of the page permission matrix (tests/test_permissions.py).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wego.accounts.models import User
from wego.awards import services
from wego.awards.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Attachment,
    Conflict,
    ConflictKind,
    Edition,
    EditionStatus,
    Judge,
    JudgeStatus,
    Recommendation,
    Round,
    Score,
    Winner,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name: str = "letter.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def filled(edition: Edition, applicant: User, city, category, title: str, **extra) -> Application:
    """A draft with every required field filled in."""
    fields = dict(
        edition=edition,
        applicant=applicant,
        city=city,
        category=category,
        project_title=title,
        project_key=services.project_key(title),
        summary=f"{title}: summary.",
        problem="The problem.",
        solution="What was done.",
        results="Measured results.",
        forms_in_english=True,
        contact_name="Contact",
        contact_email=applicant.email,
        step=3,
    )
    fields.update(extra)
    return Application.objects.create(**fields)


def recommended(application: Application, *, received: bool = True) -> Recommendation:
    now = timezone.now()
    return Recommendation.objects.create(
        application=application,
        recommender_name="Recommender",
        recommender_email=f"rec-{application.pk}@example.org",
        recommender_organisation="Mayor's office",
        token_hash=services.token_hash(f"token-{application.pk}"),
        due_at=application.edition.applications_close_at or now + dt.timedelta(days=5),
        received_at=now if received else None,
    )


def attach(application: Application, name: str = "doc.pdf") -> Attachment:
    attachment = Attachment(
        application=application,
        kind="document",
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=application.applicant,
    )
    attachment.file.save(name, io.BytesIO(PDF), save=False)
    attachment.save()
    return attachment


def open_edition(number: int = 9, *, actor=None, days: int = 10, **settings) -> Edition:
    now = timezone.now()
    return services.edition_create(
        number=number,
        year=now.year,
        title=f"Test Awards {number}",
        category_set="2020",
        actor=actor,
        applications_open_at=now - dt.timedelta(days=30),
        applications_close_at=now + dt.timedelta(days=days),
        **settings,
    )


@dataclass
class AwardsWorld:
    open: Edition
    judging: Edition
    published: Edition
    draft_a: Application
    draft_attachment: Attachment
    entry: Application
    entry_attachment: Attachment
    conflicted_entry: Application
    conflicted_attachment: Attachment
    judge: Judge
    assignment: Assignment
    conflicted_assignment: Assignment
    winner: Winner
    token: str


def build_awards(world) -> AwardsWorld:
    users = world.users
    secretariat = users["secretariat"]
    edition = open_edition(9, actor=secretariat)
    mobility = edition.categories.get(slug="mobility")
    draft_a = Application.objects.create(
        edition=edition, applicant=users["coordinator_a"], city=world.city_a, category=mobility
    )
    draft_attachment = attach(draft_a)
    rec = recommended(draft_a, received=False)
    token = "personal-token-a"
    rec.token_hash = services.token_hash(token)
    rec.save()

    judging = open_edition(8, actor=secretariat, days=-5)
    judging.status = EditionStatus.JUDGING
    judging.save()
    category = judging.categories.get(slug="mobility")
    entry = filled(
        judging, users["coordinator_b"], world.city_b, category, "Bus app", status=ApplicationStatus.SUBMITTED
    )
    recommended(entry)
    conflicted = filled(
        judging,
        users["respondent_a"],
        world.city_a,
        category,
        "Bike share",
        status=ApplicationStatus.SUBMITTED,
    )
    recommended(conflicted)
    judge = Judge.objects.create(
        edition=judging,
        user=users["judge"],
        email=users["judge"].email,
        name="Judge One",
        status=JudgeStatus.ACCEPTED,
    )
    category.panel.members.add(judge)
    round_ = Round.objects.create(edition=judging, number=1)
    assignment = Assignment.objects.create(
        round=round_, judge=judge, application=entry, submitted_at=timezone.now()
    )
    for criterion in judging.criteria.all():
        Score.objects.create(assignment=assignment, criterion=criterion, value=7)
    conflicted_assignment = Assignment.objects.create(round=round_, judge=judge, application=conflicted)
    Conflict.objects.create(
        judge=judge, application=conflicted, kind=ConflictKind.OTHER, note="advises the city"
    )

    published = open_edition(7, actor=secretariat, days=-60)
    published.status = EditionStatus.PUBLISHED
    published.published_at = timezone.now()
    published.save()
    won = filled(
        published,
        users["coordinator_b"],
        world.city_b,
        published.categories.get(slug="safe-city"),
        "Safe streets",
        status=ApplicationStatus.SUBMITTED,
    )
    winner = Winner.objects.create(
        edition=published,
        category=won.category,
        application=won,
        rank=1,
        tier="Best",
        city_name=str(world.city_b),
        project_title=won.project_title,
    )
    return AwardsWorld(
        open=edition,
        judging=judging,
        published=published,
        draft_a=draft_a,
        draft_attachment=draft_attachment,
        entry=entry,
        entry_attachment=attach(entry),
        conflicted_entry=conflicted,
        conflicted_attachment=attach(conflicted),
        judge=judge,
        assignment=assignment,
        conflicted_assignment=conflicted_assignment,
        winner=winner,
        token=token,
    )


def awards_cases(world) -> list[tuple]:
    """Rows of the page matrix: (method, url, data, statuses of anonymous, coordinator_a,
    respondent_a, coordinator_b, consultant_a, judge, secretariat)."""
    aw = build_awards(world)
    o, j, p = aw.open.number, aw.judging.number, aw.published.number
    d = aw.draft_a.pk
    e = aw.entry.pk
    only_secretariat = [302, 403, 403, 403, 403, 403, 200]
    return [
        ("GET", "/awards/", None, [200] * 7),
        ("GET", "/awards/winners/", None, [200] * 7),
        ("GET", f"/awards/editions/{o}/", None, [200] * 7),
        ("POST", f"/awards/editions/{o}/apply/", {}, [302] * 7),
        ("GET", f"/awards/editions/{p}/winners/{aw.winner.pk}/certificate.pdf", None, [200] * 7),
        ("GET", f"/awards/recommend/{aw.token}/", None, [200] * 7),
        ("GET", "/awards/applications/", None, [302, 200, 200, 200, 200, 200, 200]),
        # A draft of coordinator A: only its applicant edits it; the secretariat reads it.
        ("GET", f"/awards/applications/{d}/", None, [302, 200, 403, 403, 403, 403, 200]),
        ("GET", f"/awards/applications/{d}/step/1/", None, [302, 200, 403, 403, 403, 403, 403]),
        ("GET", f"/awards/applications/{d}/step/4/", None, [302, 200, 403, 403, 403, 403, 403]),
        ("POST", f"/awards/applications/{d}/recommender/", {}, [302, 302, 403, 403, 403, 403, 403]),
        ("POST", f"/awards/applications/{d}/attachments/", {}, [302, 302, 403, 403, 403, 403, 403]),
        (
            "POST",
            f"/awards/applications/{d}/attachments/999999/delete/",
            {},
            [302, 404, 403, 403, 403, 403, 403],
        ),
        # Incomplete: refused with a message for its applicant; nobody else may submit it.
        ("POST", f"/awards/applications/{d}/submit/", {"key": "k-1"}, [302, 302, 403, 403, 403, 403, 403]),
        ("GET", f"/awards/applications/{d}/recommendation.pdf", None, [302, 404, 403, 403, 403, 403, 404]),
        ("GET", f"/awards/attachments/{aw.draft_attachment.pk}/", None, [302, 200, 403, 403, 403, 403, 200]),
        # An entry in judging, assigned to the judge; and one the judge has a conflict with.
        ("GET", f"/awards/attachments/{aw.entry_attachment.pk}/", None, [302, 403, 403, 200, 403, 200, 200]),
        (
            "GET",
            f"/awards/attachments/{aw.conflicted_attachment.pk}/",
            None,
            [302, 403, 200, 403, 403, 403, 200],
        ),
        ("GET", f"/awards/editions/{o}/manage/", None, only_secretariat),
        ("POST", f"/awards/applications/{e}/waive/", {"reason": ""}, [302, 403, 403, 403, 403, 403, 302]),
        ("GET", f"/awards/editions/{j}/judges/", None, only_secretariat),
        # Members (their coordinators) and the secretariat nominate judges.
        ("GET", f"/awards/editions/{o}/nominate/", None, [302, 200, 403, 200, 403, 403, 200]),
        ("GET", f"/awards/editions/{j}/conflicts/", None, only_secretariat),
        ("GET", f"/awards/editions/{j}/progress/", None, only_secretariat),
        ("GET", f"/awards/editions/{j}/results/", None, only_secretariat),
        ("GET", f"/awards/editions/{j}/results/mobility/pack.pdf", None, only_secretariat),
        ("GET", "/awards/judging/", None, [302, 403, 403, 403, 403, 200, 200]),
        ("GET", f"/awards/judging/{aw.assignment.pk}/", None, [302, 404, 404, 404, 404, 200, 404]),
        ("GET", f"/awards/judging/{aw.conflicted_assignment.pk}/", None, [302, 404, 404, 404, 404, 404, 404]),
        ("POST", f"/awards/judging/{aw.assignment.pk}/conflict/", {}, [302, 404, 404, 404, 404, 302, 404]),
    ]
