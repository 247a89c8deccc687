"""The awards pages: applying, recommending, judging, results and what each person may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.awards.world import PDF, build_awards, filled, open_edition, recommended
from tests.factories import CityFactory
from tests.personas import build_world, log_in, make_user
from wego.accounts.models import RoleKind
from wego.awards.models import (
    Application,
    ApplicationStatus,
    Assignment,
    EditionStatus,
    Judge,
    Round,
    Score,
)
from wego.common.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def recommend(client, application):
    return client.post(
        f"/awards/applications/{application.pk}/recommender/",
        {"name": "Mayor B", "email": "mayor@beta.example", "organisation": "Beta City Hall"},
    )


@pytest.fixture
def aw(world):
    return build_awards(world)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_apply_through_every_step_and_submit_twice_creates_one_submission(
    client, world, aw, django_capture_on_commit_callbacks
):
    user = world.users["coordinator_b"]
    log_in(client, user)
    started = client.post(f"/awards/editions/{aw.open.number}/apply/")
    application = Application.objects.get(applicant=user, edition=aw.open)
    mobility = aw.open.categories.get(slug="mobility")

    steps = [
        client.post(
            f"/awards/applications/{application.pk}/step/1/",
            {
                "applicant_kind": "city",
                "city": world.city_b.pk,
                "contact_name": "B Coordinator",
                "contact_email": user.email,
            },
        ),
        client.post(
            f"/awards/applications/{application.pk}/step/2/",
            {"category": mobility.pk, "project_title": "Night bus app", "summary": "Buses at night."},
        ),
        client.post(
            f"/awards/applications/{application.pk}/step/3/",
            {
                "problem": "No buses.",
                "solution": "An app.",
                "results": "30% more riders.",
                "forms_in_english": "on",
            },
        ),
        client.post(
            f"/awards/applications/{application.pk}/attachments/",
            {"kind": "document", "file": SimpleUploadedFile("plan.pdf", PDF)},
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        steps.append(recommend(client, application))
    final = client.get(f"/awards/applications/{application.pk}/step/4/")
    key = final.context["submit_form"].initial["key"]
    first = client.post(f"/awards/applications/{application.pk}/submit/", {"key": key})
    second = client.post(f"/awards/applications/{application.pk}/submit/", {"key": key})

    application.refresh_from_db()
    assert started.status_code == 302
    assert [r.status_code for r in steps] == [302] * 5
    assert steps[-1].url == f"/awards/applications/{application.pk}/step/4/"  # back to the final step
    assert final.context["problems"] == []
    assert (first.status_code, second.status_code) == (302, 302)
    assert (application.status, application.project_key) == (ApplicationStatus.SUBMITTED, "night bus app")
    assert (
        AuditEvent.objects.filter(action="awards.application.submit", object_id=str(application.pk)).count()
        == 1
    )
    assert mail.outbox[-1].to == ["mayor@beta.example"]
    assert "/awards/recommend/" in mail.outbox[-1].body


def test_submitting_one_second_after_the_deadline_is_refused(client, world, aw):
    user = world.users["coordinator_b"]
    application = filled(aw.open, user, world.city_b, aw.open.categories.get(slug="mobility"), "Late entry")
    recommended(application, received=False)
    aw.open.applications_close_at = timezone.now() - dt.timedelta(seconds=1)
    aw.open.save()
    log_in(client, user)

    response = client.post(f"/awards/applications/{application.pk}/submit/", {"key": "k-late"}, follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert messages_of(response)[0].startswith("Applications to the Test Awards 9 are closed")


def test_a_step_shows_what_is_missing_and_saves_nothing(client, world, aw):
    log_in(client, world.users["coordinator_a"])

    response = client.post(f"/awards/applications/{aw.draft_a.pk}/step/2/", {"project_title": ""})

    assert response.status_code == 422
    assert response.context["form"].errors["project_title"] == ["This field is required."]
    aw.draft_a.refresh_from_db()
    assert aw.draft_a.project_title == ""


def test_the_recommender_uploads_through_the_personal_link(client, aw):
    response = client.post(
        f"/awards/recommend/{aw.token}/",
        {"letter": SimpleUploadedFile("letter.pdf", PDF), "statement": "Yes."},
    )

    aw.draft_a.recommendation.refresh_from_db()
    assert response.status_code == 302
    assert aw.draft_a.recommendation.status() == "received"
    assert client.get("/awards/recommend/not-a-token/").status_code == 404


def test_the_recommender_cannot_upload_a_non_pdf(client, aw):
    response = client.post(
        f"/awards/recommend/{aw.token}/",
        {"letter": SimpleUploadedFile("letter.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 9)},
    )

    aw.draft_a.recommendation.refresh_from_db()
    assert response.status_code == 200
    assert messages_of(response) == ["letter.pdf: upload the letter as a PDF."]
    assert aw.draft_a.recommendation.received_at is None


# Judges -------------------------------------------------------------------------------------------------


def test_a_judge_lists_only_assigned_non_conflicted_entries(client, world, aw):
    log_in(client, world.users["judge"])

    response = client.get("/awards/judging/")

    assert [a.pk for a in response.context["assignments"]] == [aw.assignment.pk]
    assert "Bike share" not in response.content.decode()


def test_others_scores_are_hidden_until_the_judge_submits(client, world, aw):
    other_user = make_user("judge2@example.org", RoleKind.JUDGE)
    other = Judge.objects.create(
        edition=aw.judging, user=other_user, email=other_user.email, name="Judge Two"
    )
    mine = Assignment.objects.create(round=aw.assignment.round, judge=other, application=aw.entry)
    log_in(client, other_user)

    before = client.get(f"/awards/judging/{mine.pk}/")
    values = {f"score-{c.pk}": "5" for c in aw.judging.criteria.all()}
    client.post(f"/awards/judging/{mine.pk}/", {**values, "action": "submit"})
    after = client.get(f"/awards/judging/{mine.pk}/")

    assert before.context["others"] == []
    assert [a.pk for a in after.context["others"]] == [aw.assignment.pk]
    assert Score.objects.filter(assignment=mine).count() == 5


def test_blind_judging_hides_the_applicant(client, world, aw):
    aw.judging.blind_judging = True
    aw.judging.save()
    log_in(client, world.users["judge"])

    page = client.get(f"/awards/judging/{aw.assignment.pk}/").content.decode()

    assert "Beta City" not in page
    assert "Blind judging: the applicant" in page


def test_a_judge_without_the_second_factor_is_sent_to_set_it_up(client, world, aw):
    client.force_login(world.users["judge"])

    response = client.get("/awards/judging/")

    assert response.status_code == 302
    assert response.url == "/account/two-factor/?next=/awards/judging/"


def test_declaring_a_conflict_removes_the_entry_from_the_judge(client, world, aw):
    log_in(client, world.users["judge"])

    client.post(f"/awards/judging/{aw.assignment.pk}/conflict/", {"kind": "same_country", "note": ""})

    assert client.get(f"/awards/judging/{aw.assignment.pk}/").status_code == 404
    assert client.get(f"/awards/attachments/{aw.entry_attachment.pk}/").status_code == 403


# Results ---------------------------------------------------------------------------------------------------


def test_results_are_invisible_before_publication(client, world, aw):
    judging_winner = aw.winner.__class__.objects.create(
        edition=aw.judging, category=aw.entry.category, application=aw.entry, rank=1, city_name="Beta City"
    )

    certificate = client.get(
        f"/awards/editions/{aw.judging.number}/winners/{judging_winner.pk}/certificate.pdf"
    )
    winners = client.get("/awards/winners/").content.decode()

    assert certificate.status_code == 404
    assert "Bus app" not in winners
    assert "Safe streets" in winners


def test_the_secretariat_decides_and_publishes_from_the_results_page(client, world, aw):
    log_in(client, world.users["secretariat"])
    url = f"/awards/editions/{aw.judging.number}/results/"
    category = aw.entry.category

    page = client.get(url)
    client.post(
        url, {"action": "decide", "category": category.pk, "rank-1": aw.entry.pk, "reason": "Highest score."}
    )
    client.post(url, {"action": "publish"})

    aw.judging.refresh_from_db()
    assert page.context["computed"].categories[0].rows[0].raw == 7.0
    assert aw.judging.status == EditionStatus.PUBLISHED
    assert list(aw.judging.winners.values_list("application_id", "tier")) == [(aw.entry.pk, "Best")]
    pdf = client.get(
        f"/awards/editions/{aw.judging.number}/winners/{aw.judging.winners.get().pk}/certificate.pdf"
    )
    assert pdf["Content-Type"] == "application/pdf"


def test_opening_an_infeasible_round_reports_the_reason(client, world):
    secretariat = world.users["secretariat"]
    edition = open_edition(5, actor=secretariat, days=-1, judges_per_entry=2)
    application = filled(
        edition,
        world.users["coordinator_b"],
        world.city_b,
        edition.categories.get(slug="mobility"),
        "Solo",
        status=ApplicationStatus.SUBMITTED,
    )
    recommended(application)
    judge = Judge.objects.create(edition=edition, email="only@example.org", name="Only judge")
    edition.categories.get(slug="mobility").panel.members.add(judge)
    log_in(client, secretariat)

    response = client.post(
        f"/awards/editions/{edition.number}/progress/", {"action": "open", "round": "1"}, follow=True
    )

    assert messages_of(response)[0].startswith("No assignment is possible for Mobility: ")
    assert Round.objects.filter(edition=edition).count() == 0


# Query counts of the list pages -----------------------------------------------------------------------------


def _applications(edition, user, city, n):
    for i in range(n):
        filled(edition, user, city, edition.categories.get(slug="mobility"), f"P{i}", status="submitted")


@pytest.mark.parametrize("n", [1, 3])
def test_my_applications_query_count(client, world, django_assert_max_num_queries, n):
    user = world.users["coordinator_b"]
    edition = open_edition(6, actor=world.users["secretariat"])
    _applications(edition, user, world.city_b, n)
    log_in(client, user)

    with django_assert_max_num_queries(12):
        assert client.get("/awards/applications/").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_manage_applications_query_count(client, world, django_assert_max_num_queries, n):
    edition = open_edition(6, actor=world.users["secretariat"])
    _applications(edition, world.users["coordinator_b"], CityFactory(), n)
    log_in(client, world.users["secretariat"])

    with django_assert_max_num_queries(14):
        assert client.get(f"/awards/editions/{edition.number}/manage/").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_judging_list_query_count(client, world, django_assert_max_num_queries, n):
    edition = open_edition(6, actor=world.users["secretariat"], days=-1)
    _applications(edition, world.users["coordinator_b"], world.city_b, n)
    judge = Judge.objects.create(
        edition=edition, user=world.users["judge"], email="judge@example.org", name="J"
    )
    round_ = Round.objects.create(edition=edition, number=1)
    for application in Application.objects.filter(edition=edition):
        Assignment.objects.create(round=round_, judge=judge, application=application)
    log_in(client, world.users["judge"])

    with django_assert_max_num_queries(12):
        response = client.get("/awards/judging/")
    assert len(response.context["assignments"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_winners_page_query_count(client, world, django_assert_max_num_queries, n):
    edition = open_edition(6, actor=world.users["secretariat"], days=-10)
    edition.status = EditionStatus.PUBLISHED
    edition.save()
    for i in range(n):
        edition.winners.create(category=edition.categories.first(), rank=i + 1, city_name=f"City {i}")

    with django_assert_max_num_queries(6):
        assert client.get("/awards/winners/").status_code == 200


def test_a_member_nominates_a_judge_and_the_secretariat_invites(client, world, aw):
    log_in(client, world.users["coordinator_a"])
    response = client.post(
        f"/awards/editions/{aw.open.number}/nominate/",
        {
            "name": "Dr Expert",
            "email": "Expert@Example.org",
            "organisation": "An institute",
            "expertise": "Mobility",
        },
    )
    nominee = Judge.objects.get(edition=aw.open, email="expert@example.org")
    assert response.status_code == 302
    assert (nominee.status, nominee.nominated_by) == ("nominated", world.users["coordinator_a"])

    client.logout()
    log_in(client, world.users["secretariat"])
    client.post(f"/awards/editions/{aw.open.number}/judges/", {"action": "invite", "judge": nominee.pk})

    nominee.refresh_from_db()
    assert nominee.status == "invited"
    assert AuditEvent.objects.filter(action="awards.judge.invite", object_id=str(nominee.pk)).count() == 1


def test_edition_page_links_its_general_assembly_meeting(client, world):
    from wego.governance.models import Body, BodyKind, Meeting

    edition = open_edition()
    assembly = Body.objects.create(kind=BodyKind.GENERAL_ASSEMBLY, name="General Assembly")
    meeting = Meeting.objects.create(
        body=assembly,
        title="General Assembly 2027",
        starts_on=dt.date(2027, 9, 1),
        ends_on=dt.date(2027, 9, 3),
    )
    edition.general_assembly_meeting = meeting
    edition.save()

    page = client.get(f"/awards/editions/{edition.number}/").content.decode()

    assert f'<a href="/governance/meetings/{meeting.pk}/">General Assembly 2027</a>' in page
