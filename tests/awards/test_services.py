"""The awards' rules: deadline, idempotent submission, eligibility, attachments, recommendations,
conflicts, assignment, scores, decisions and publication."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.awards.world import PDF, PNG, attach, filled, open_edition, pdf_upload, recommended
from tests.factories import CityFactory, CountryFactory
from tests.personas import make_user
from wego.accounts.models import RoleKind
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
    Recommendation,
    Round,
    Score,
    Winner,
)
from wego.awards.services import AwardsRefused
from wego.common.models import AuditEvent, Notification
from wego.members.models import MemberCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "secretariat": make_user("sec@example.org", RoleKind.SECRETARIAT),
        "applicant": make_user("applicant@example.org"),
        "other": make_user("other@example.org"),
    }


@pytest.fixture
def city():
    return CityFactory(name="Alpha City", country=CountryFactory(iso3="KOR", name="Korea", region="Asia"))


@pytest.fixture
def edition(people):
    return open_edition(9, actor=people["secretariat"])


def ready(edition, applicant, city, title="Smart bus", category="mobility", **extra) -> Application:
    application = filled(edition, applicant, city, edition.categories.get(slug=category), title, **extra)
    recommended(application, received=False)
    return application


# The archive -----------------------------------------------------------------------------------


def test_archive_holds_the_four_past_editions_with_their_reported_facts():
    rows = list(
        Edition.objects.filter(status=EditionStatus.ARCHIVE)
        .order_by("number")
        .values_list("number", "year", "reported_applications", "reported_winners")
    )

    assert rows == [(1, 2012, 47, 10), (2, 2014, 68, 15), (3, 2017, 73, 18), (4, 2020, 52, 18)]


def test_archive_category_sets_per_edition():
    names = {
        e.year: [c.name for c in e.categories.all()]
        for e in Edition.objects.filter(status=EditionStatus.ARCHIVE)
    }

    assert names[2012] == ["Services", "Efficiency", "Open City", "Urban Management", "Digital Divide"]
    assert names[2014] == names[2012]
    assert names[2017] == [
        "Open City",
        "e-Government Service",
        "Digital Inclusion",
        "Innovative Smart City",
        "Sustainable City",
        "Cooperative City",
    ]
    assert names[2020] == [
        "Efficient Government",
        "Emerging Technology",
        "Mobility",
        "Open and Inclusive City",
        "Safe City",
        "Sustainable City",
    ]


def test_archive_known_winners():
    first = Winner.objects.get(edition__number=1)
    mobility = list(
        Winner.objects.filter(edition__number=4, category__slug="mobility").values_list(
            "city_name", "project_title"
        )
    )

    assert (first.city_name, first.project_title, first.tier, first.category.name) == (
        "Surrey",
        "Mobile Building Inspections",
        "Best",
        "Services",
    )
    assert Winner.objects.filter(edition__number=2).count() == 5
    assert mobility == [("Belo Horizonte", "SIU Mobile"), ("George Town", "Green Connectivity")]


def test_new_edition_gets_categories_criteria_and_a_panel_each(edition):
    assert edition.categories.count() == 6
    assert edition.panels.count() == 6
    assert list(edition.criteria.values_list("slug", "weight")) == [
        ("impact", 3),
        ("innovation", 2),
        ("citizen-centred", 2),
        ("sustainability", 2),
        ("transferability", 1),
    ]
    assert edition.prize_tiers == ["Best", "Outstanding"]
    assert (edition.max_per_city, edition.winners_per_category) == (2, 2)


# Deadline and submission -----------------------------------------------------------------------------


def test_submission_at_the_deadline_is_accepted(edition, people, city):
    application = ready(edition, people["applicant"], city)

    done, created = services.application_submit(
        application=application,
        actor=people["applicant"],
        idempotency_key="k1",
        now=edition.applications_close_at,
    )

    assert (done.status, created) == (ApplicationStatus.SUBMITTED, True)


def test_submission_one_second_after_the_deadline_is_refused_and_nothing_changes(edition, people, city):
    application = ready(edition, people["applicant"], city)
    late = edition.applications_close_at + dt.timedelta(seconds=1)

    with pytest.raises(AwardsRefused) as refused:
        services.application_submit(
            application=application, actor=people["applicant"], idempotency_key="k1", now=late
        )

    application.refresh_from_db()
    assert refused.value.message.startswith("Applications to the Test Awards 9 are closed")
    assert (application.status, application.submitted_at, application.idempotency_key) == (
        "draft",
        None,
        None,
    )
    assert AuditEvent.objects.filter(action="awards.application.submit").count() == 0


def test_grace_period_accepts_until_its_end_and_not_a_second_more(edition, people, city):
    edition.grace_minutes = 5
    edition.save()
    first = ready(edition, people["applicant"], city, "One")
    second = ready(edition, people["applicant"], city, "Two")
    end = edition.applications_close_at + dt.timedelta(minutes=5)

    services.application_submit(application=first, actor=people["applicant"], idempotency_key="a", now=end)
    with pytest.raises(AwardsRefused):
        services.application_submit(
            application=second,
            actor=people["applicant"],
            idempotency_key="b",
            now=end + dt.timedelta(seconds=1),
        )

    assert list(
        Application.objects.filter(edition=edition).order_by("pk").values_list("status", flat=True)
    ) == [
        "submitted",
        "draft",
    ]


def test_submitting_twice_creates_one_submission(edition, people, city):
    application = ready(edition, people["applicant"], city)

    first = services.application_submit(
        application=application, actor=people["applicant"], idempotency_key="k1"
    )
    again = services.application_submit(
        application=application, actor=people["applicant"], idempotency_key="k1"
    )

    assert (first[1], again[1]) == (True, False)
    assert first[0].submitted_at == again[0].submitted_at
    assert AuditEvent.objects.filter(action="awards.application.submit").count() == 1
    assert Notification.objects.filter(subject__startswith="Application").count() == 1


def test_a_key_cannot_submit_two_applications(edition, people, city):
    one = ready(edition, people["applicant"], city, "One")
    two = ready(edition, people["applicant"], city, "Two")
    services.application_submit(application=one, actor=people["applicant"], idempotency_key="same")

    with pytest.raises(AwardsRefused):
        services.application_submit(application=two, actor=people["applicant"], idempotency_key="same")

    two.refresh_from_db()
    assert two.status == "draft"


def test_someone_else_cannot_submit(edition, people, city):
    application = ready(edition, people["applicant"], city)

    with pytest.raises(PermissionDenied):
        services.application_submit(application=application, actor=people["other"], idempotency_key="k")


# Eligibility -------------------------------------------------------------------------------------------


def test_a_city_submits_at_most_two_applications(edition, people, city):
    for title in ("One", "Two"):
        services.application_submit(
            application=ready(edition, people["applicant"], city, title),
            actor=people["applicant"],
            idempotency_key=title,
        )
    third = ready(edition, people["other"], city, "Three")

    with pytest.raises(AwardsRefused) as refused:
        services.application_submit(application=third, actor=people["other"], idempotency_key="three")

    assert refused.value.message == (
        "Alpha City has already submitted 2 applications to this edition, the most allowed."
    )
    assert refused.value.field == "city"


def test_the_limit_per_city_is_a_setting(edition, people, city):
    edition.max_per_city = 1
    edition.save()
    services.application_submit(
        application=ready(edition, people["applicant"], city, "One"),
        actor=people["applicant"],
        idempotency_key="1",
    )

    with pytest.raises(AwardsRefused):
        services.application_submit(
            application=ready(edition, people["applicant"], city, "Two"),
            actor=people["applicant"],
            idempotency_key="2",
        )


def test_one_category_per_project(edition, people, city):
    services.application_submit(
        application=ready(edition, people["applicant"], city, "Smart Bus"),
        actor=people["applicant"],
        idempotency_key="1",
    )
    same = ready(edition, people["applicant"], city, "smart  bus!", category="safe-city")

    with pytest.raises(AwardsRefused) as refused:
        services.application_submit(application=same, actor=people["applicant"], idempotency_key="2")

    assert refused.value.field == "project_title"


def test_english_fields_are_required(edition, people, city):
    application = ready(edition, people["applicant"], city, solution="", forms_in_english=False)

    problems = services.eligibility_problems(application)

    assert problems == [
        ("solution", "what was done (English) is required."),
        ("forms_in_english", "Applications are accepted in English only; confirm the texts are."),
    ]


def test_non_members_may_apply_unless_the_edition_is_members_only(edition, people):
    outsider = CityFactory(name="Outside Town", member_category=MemberCategory.NON_MEMBER)
    application = ready(edition, people["applicant"], outsider)
    assert services.eligibility_problems(application) == []

    edition.members_only = True
    edition.save()
    application.edition.refresh_from_db()

    assert services.eligibility_problems(Application.objects.get(pk=application.pk)) == [
        ("city", "This edition is open to WeGO members only.")
    ]


def test_a_provider_needs_the_citys_recorded_approval(edition, people, city):
    application = ready(
        edition, people["applicant"], city, applicant_kind="provider", organisation="Bus Soft Ltd"
    )

    assert [field for field, _ in services.eligibility_problems(application)] == [
        "city_approval_by",
        "attachments",
    ]

    application.city_approval_by = "Jane Doe, CIO of Alpha City"
    application.city_approval_on = dt.date(2026, 1, 10)
    application.save()
    services.attachment_add(
        application=application, actor=people["applicant"], upload=pdf_upload("approval.pdf"), kind="approval"
    )

    assert services.eligibility_problems(Application.objects.get(pk=application.pk)) == []


# Attachments -----------------------------------------------------------------------------------------


def test_attachment_type_comes_from_the_bytes_not_the_name(edition, people, city):
    application = ready(edition, people["applicant"], city)

    stored = services.attachment_add(
        application=application,
        actor=people["applicant"],
        upload=SimpleUploadedFile("photo.pdf", PNG, content_type="application/pdf"),
        kind="image",
    )

    assert (stored.content_type, stored.original_name, stored.size) == ("image/png", "photo.pdf", len(PNG))


def test_a_program_renamed_pdf_is_refused_and_nothing_is_stored(edition, people, city):
    application = ready(edition, people["applicant"], city)

    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            application=application,
            actor=people["applicant"],
            upload=SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 60),
            kind="document",
        )

    assert refused.value.messages == [
        "report.pdf: the file's content is not a PDF, an image (PNG, JPEG, GIF, WebP) or a Word, "
        "PowerPoint or OpenDocument text."
    ]
    assert Attachment.objects.count() == 0


def test_an_attachment_over_the_size_limit_is_refused(edition, people, city, settings):
    settings.MAX_UPLOAD_MB = 1
    application = ready(edition, people["applicant"], city)

    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            application=application,
            actor=people["applicant"],
            upload=SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)),
            kind="document",
        )

    assert refused.value.messages == ["big.pdf is larger than 1 MB."]


def test_attachments_are_stored_in_the_private_folder_with_no_url(edition, people, city):
    from wego.members.storage import private_root

    application = ready(edition, people["applicant"], city)

    stored = services.attachment_add(
        application=application, actor=people["applicant"], upload=pdf_upload(), kind="document"
    )

    path = Path(stored.file.path)
    assert path.read_bytes() == PDF
    assert private_root() in path.parents
    with pytest.raises(ValueError, match="private files have no URL"):
        stored.file.url  # noqa: B018  (served only through the permission-checked view)


# Recommendations -------------------------------------------------------------------------------------------


def test_the_recommender_gets_a_personal_link_and_uploads_through_it(edition, people, city):
    application = filled(edition, people["applicant"], city, edition.categories.get(slug="mobility"), "Bus")

    with pytest.raises(AttributeError):
        application.recommendation  # noqa: B018
    recommendation, link = services.recommendation_request(
        application=application,
        actor=people["applicant"],
        name="Mayor",
        email="Mayor@Alpha.example",
        organisation="City Hall",
    )
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert recommendation.status() == "pending"
    assert services.recommendation_from_token(token) == recommendation

    services.recommendation_upload(recommendation=recommendation, letter=pdf_upload())

    recommendation.refresh_from_db()
    assert recommendation.status() == "received"
    assert recommendation.recommender_email == "mayor@alpha.example"
    assert (
        Notification.objects.filter(
            recipient=people["applicant"], subject__startswith="Recommendation received"
        ).count()
        == 1
    )


def test_a_recommendation_not_received_after_its_due_date_is_late(edition, people, city):
    application = ready(edition, people["applicant"], city)
    recommendation = application.recommendation

    assert recommendation.status(edition.applications_close_at) == "pending"
    assert recommendation.status(edition.applications_close_at + dt.timedelta(seconds=1)) == "late"


def test_reminders_go_to_recommenders_due_within_a_week_and_not_twice_in_two_days(edition, people, city):
    application = ready(edition, people["applicant"], city)
    Recommendation.objects.filter(pk=application.recommendation.pk).update(
        due_at=timezone.now() + dt.timedelta(days=3)
    )
    mail.outbox.clear()

    first = services.recommendations_remind()
    again = services.recommendations_remind()

    assert (first, again) == (1, 0)
    assert (
        Notification.objects.filter(recipient=people["applicant"], subject__endswith="is not in yet").count()
        == 1
    )
    assert Recommendation.objects.get(pk=application.recommendation.pk).reminders_sent == 1


def test_without_a_recommendation_an_entry_cannot_enter_judging_unless_waived(edition, people, city):
    application = ready(edition, people["applicant"], city)
    services.application_submit(application=application, actor=people["applicant"], idempotency_key="k")
    application.refresh_from_db()
    assert services.may_enter_judging(application) is False

    with pytest.raises(AwardsRefused):
        services.application_waive_recommendation(
            application=application, actor=people["secretariat"], reason="  "
        )
    services.application_waive_recommendation(
        application=application,
        actor=people["secretariat"],
        reason="The mayor's office confirmed by letter post.",
    )

    application.refresh_from_db()
    assert services.may_enter_judging(application) is True
    assert AuditEvent.objects.get(action="awards.recommendation.waive").data == {
        "reason": "The mayor's office confirmed by letter post."
    }


# Conflicts, assignment, scores ----------------------------------------------------------------------------


def judging_setup(edition, people, city, *, judges=3, entries=2):
    """Submitted, recommended entries in Mobility and a panel of judges (from another country)."""
    category = edition.categories.get(slug="mobility")
    elsewhere = CityFactory(
        name="Far City", country=CountryFactory(iso3="BRA", name="Brazil", region="Americas")
    )
    apps = []
    for i in range(entries):
        application = filled(
            edition, people["applicant"], city, category, f"Entry {i}", status=ApplicationStatus.SUBMITTED
        )
        recommended(application)
        apps.append(application)
    pool = [
        Judge.objects.create(edition=edition, email=f"j{i}@example.org", name=f"Judge {i}", city=elsewhere)
        for i in range(judges)
    ]
    category.panel.members.set(pool)
    return category, apps, pool


def test_conflicts_are_flagged_from_geography_and_organisation(edition, people, city):
    _category, (entry, _other), _pool = judging_setup(edition, people, city, entries=2)
    entry.organisation = "Bus Soft Ltd"
    entry.save()
    same_city = Judge.objects.create(edition=edition, email="a@example.org", name="Local", city=city)
    same_country = Judge.objects.create(
        edition=edition, email="b@example.org", name="Compatriot", country=city.country
    )
    employer = Judge.objects.create(
        edition=edition, email="c@example.org", name="Staff", organisation="bus soft ltd."
    )
    vendor = Judge.objects.create(
        edition=edition, email="d@example.org", name="Partner", vendors="Other Co\nBus Soft Ltd"
    )

    flagged = services.conflicts_detect(edition=edition, actor=people["secretariat"])

    found = sorted(Conflict.objects.filter(application=entry).values_list("judge__name", "kind"))
    assert found == [
        ("Compatriot", "same_country"),
        ("Local", "same_city"),
        ("Partner", "vendor"),
        ("Staff", "employer"),
    ]
    assert flagged == 6  # and for the second entry (no organisation): Local, Compatriot
    assert services.conflicts_detect(edition=edition, actor=people["secretariat"]) == 0
    assert {same_city.pk, same_country.pk, employer.pk, vendor.pk} == set(
        Conflict.objects.filter(application=entry).values_list("judge_id", flat=True)
    )


def test_full_panel_assigns_every_non_conflicted_judge(edition, people, city):
    _category, (one, two), (a, b, c) = judging_setup(edition, people, city)
    services.conflict_declare(
        judge=b, application=one, kind=ConflictKind.OTHER, note="advisor", actor=people["secretariat"]
    )

    report = services.round_open(edition=edition, number=1, actor=people["secretariat"])

    pairs = sorted(Assignment.objects.values_list("application_id", "judge_id"))
    assert pairs == sorted([(one.pk, a.pk), (one.pk, c.pk), (two.pk, a.pk), (two.pk, b.pk), (two.pk, c.pk)])
    assert report.assignments == 5
    edition.refresh_from_db()
    assert edition.status == EditionStatus.JUDGING


def test_k_per_entry_honours_conflicts(edition, people, city):
    edition.judges_per_entry = 2
    edition.save()
    _category, (one, _two), (a, _b, _c) = judging_setup(edition, people, city)
    services.conflict_declare(
        judge=a, application=one, kind=ConflictKind.EMPLOYER, actor=people["secretariat"]
    )

    services.round_open(edition=edition, number=1, actor=people["secretariat"])

    assert Assignment.objects.filter(application=one).count() == 2
    assert Assignment.objects.filter(application=one, judge=a).count() == 0


def test_an_infeasible_assignment_is_reported_and_nothing_is_written(edition, people, city):
    edition.judges_per_entry = 3
    edition.save()
    _category, (one, _two), (a, _b, _c) = judging_setup(edition, people, city)
    services.conflict_declare(
        judge=a, application=one, kind=ConflictKind.SAME_CITY, actor=people["secretariat"]
    )

    with pytest.raises(AwardsRefused) as refused:
        services.round_open(edition=edition, number=1, actor=people["secretariat"])

    assert refused.value.message.startswith("No assignment is possible for Mobility: ")
    assert (Round.objects.count(), Assignment.objects.count()) == (0, 0)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.APPLICATIONS


def test_entries_without_recommendation_stay_out_of_the_round(edition, people, city):
    _category, (one, two), _pool = judging_setup(edition, people, city)
    Recommendation.objects.filter(application=two).update(received_at=None)

    report = services.round_open(edition=edition, number=1, actor=people["secretariat"])

    assert [a.pk for a in report.excluded] == [two.pk]
    assert set(Assignment.objects.values_list("application_id", flat=True)) == {one.pk}


def _judge_user(judge):
    user = make_user(judge.email, RoleKind.JUDGE)
    judge.user = user
    judge.save()
    return user


def test_scores_are_one_to_ten_and_every_change_is_audited(edition, people, city):
    _category, (one, _two), (a, _b, _c) = judging_setup(edition, people, city)
    services.round_open(edition=edition, number=1, actor=people["secretariat"])
    user = _judge_user(a)
    assignment = Assignment.objects.get(judge=a, application=one)
    criteria = {c.slug: c.pk for c in edition.criteria.all()}

    with pytest.raises(AwardsRefused):
        services.scores_save(assignment=assignment, actor=user, values={criteria["impact"]: (11, "")})
    with pytest.raises(AwardsRefused) as incomplete:
        services.scores_save(
            assignment=assignment, actor=user, values={criteria["impact"]: (8, "")}, submit=True
        )
    services.scores_save(
        assignment=assignment, actor=user, values={pk: (6, "") for pk in criteria.values()}, submit=True
    )
    services.scores_save(
        assignment=assignment, actor=user, values={criteria["impact"]: (9, "better on a second read")}
    )

    assert incomplete.value.message == (
        "Score every criterion before submitting: Innovation, Citizen-centred design, Sustainability, Transferability."
    )
    assert Score.objects.get(assignment=assignment, criterion_id=criteria["impact"]).value == 9
    actions = list(
        AuditEvent.objects.filter(object_type="awards.assignment")
        .order_by("pk")
        .values_list("action", "data")
    )
    assert actions[-1] == (
        "awards.score.change",
        {"application": one.pk, "changes": {"impact": [6, 9]}},
    )
    assert [a for a, _ in actions] == [
        "awards.score.submit",
        "awards.score.change",
    ]  # refused saves wrote nothing


def test_a_conflicted_judge_cannot_score(edition, people, city):
    _category, (one, _two), (a, _b, _c) = judging_setup(edition, people, city)
    services.round_open(edition=edition, number=1, actor=people["secretariat"])
    user = _judge_user(a)
    assignment = Assignment.objects.get(judge=a, application=one)
    services.conflict_declare(judge=a, application=one, kind=ConflictKind.VENDOR, actor=user)

    with pytest.raises(PermissionDenied):
        services.scores_save(assignment=assignment, actor=user, values={})


def test_closing_a_round_needs_every_cell_or_a_written_exemption(edition, people, city):
    judging_setup(edition, people, city)
    report = services.round_open(edition=edition, number=1, actor=people["secretariat"])

    with pytest.raises(AwardsRefused) as refused:
        services.round_close(round_=report.round, actor=people["secretariat"])
    closed = services.round_close(
        round_=report.round, actor=people["secretariat"], exemption_reason="Judge 2 fell ill."
    )

    assert (
        refused.value.message
        == "6 scorecards are not submitted yet; close anyway only with a written exemption."
    )
    assert closed.closed_at is not None


# Decisions and publication --------------------------------------------------------------------------------


def test_publishing_needs_a_decision_for_every_category_with_entries(edition, people, city):
    _category, _entries, _pool = judging_setup(edition, people, city)

    with pytest.raises(AwardsRefused) as refused:
        services.results_publish(edition=edition, actor=people["secretariat"])

    assert refused.value.message == "No decision yet for: Mobility."


def test_a_decision_needs_a_reason_and_publishing_creates_the_winners(edition, people, city):
    category, (one, two), _pool = judging_setup(edition, people, city)

    with pytest.raises(AwardsRefused):
        services.decision_record(
            edition=edition, category=category, actor=people["secretariat"], winners=[one.pk], reason=""
        )
    services.decision_record(
        edition=edition,
        category=category,
        actor=people["secretariat"],
        winners=[two.pk, one.pk],
        reason="As ranked.",
    )
    services.results_publish(edition=edition, actor=people["secretariat"])

    assert list(Winner.objects.filter(edition=edition).values_list("application_id", "rank", "tier")) == [
        (two.pk, 1, "Best"),
        (one.pk, 2, "Outstanding"),
    ]
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    assert (
        AuditEvent.objects.filter(action__in=["awards.decision.record", "awards.results.publish"]).count()
        == 2
    )


def test_a_decision_names_at_most_k_winners_of_the_category(edition, people, city):
    category, (one, two), _pool = judging_setup(edition, people, city)
    edition.winners_per_category = 1
    edition.save()

    with pytest.raises(AwardsRefused):
        services.decision_record(
            edition=edition,
            category=category,
            actor=people["secretariat"],
            winners=[one.pk, two.pk],
            reason="x",
        )


def test_attach_helper_writes_private_files(edition, people, city):
    stored = attach(ready(edition, people["applicant"], city))

    assert "private" in Path(stored.file.path).parts


def test_a_second_round_assigns_only_the_finalists(edition, people, city):
    edition.finalists_per_category = 1
    edition.save()
    _category, (_one, two), _pool = judging_setup(edition, people, city)
    first = services.round_open(edition=edition, number=1, actor=people["secretariat"])

    with pytest.raises(AwardsRefused):
        services.round_open(edition=edition, number=2, actor=people["secretariat"])
    services.finalists_select(edition=edition, actor=people["secretariat"], applications=[two])
    second = services.round_open(edition=edition, number=2, actor=people["secretariat"])

    assert (first.assignments, second.assignments) == (6, 3)
    assert set(second.round.assignments.values_list("application_id", flat=True)) == {two.pk}


def test_the_reminder_command_reports_how_many(edition, people, city):
    from io import StringIO

    from django.core.management import call_command

    application = ready(edition, people["applicant"], city)
    Recommendation.objects.filter(pk=application.recommendation.pk).update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )
    out = StringIO()

    call_command("awards_remind", stdout=out)

    assert out.getvalue() == "1 recommenders reminded\n"


def test_the_new_edition_command_copies_a_category_set(people):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "awards_new_edition",
        "--number=6",
        "--year=2027",
        "--title=6th WeGO Awards",
        "--categories=2017",
        "--opens=2027-01-10T00:00",
        "--deadline=2027-03-31T15:00",
        stdout=out,
    )

    edition = Edition.objects.get(number=6)
    assert out.getvalue() == "created 6th WeGO Awards: 6 categories, deadline 2027-03-31 15:00 UTC\n"
    assert edition.status == EditionStatus.APPLICATIONS
