import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AssessmentFactory, CityFactory
from tests.personas import build_world, log_in, make_user
from wego.accounts.models import RoleKind
from wego.assessments.models import Answer, AnswerRevision, Cycle

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    return build_world()


def test_section_page_shows_levels_help_and_saved_answers(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.get(f"/assessments/{world.assessment_a.pk}/sections/GM/")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<article id="q-') == 15
    assert page.count('name="answer" value="5"') == 15
    assert 'value="3" checked' in page
    assert "3 / 15" not in page
    assert "1 / 15" in page
    assert "Evidence:" in page


def test_unanswered_filter_hides_answered_questions(client, world):
    log_in(client, world.users["coordinator_a"])

    page = client.get(f"/assessments/{world.assessment_a.pk}/sections/GM/?unanswered=1").content.decode()

    assert page.count('<article id="q-') == 14
    assert 'id="q-GM.1.1"' not in page


@pytest.mark.parametrize("answers", [1, 3])
def test_section_page_query_count_does_not_grow_with_answers(
    client, world, django_assert_max_num_queries, answers
):
    for question in ["GM.1.2", "GM.1.3", "GM.2.1"][: answers - 1]:
        Answer.objects.create(assessment=world.assessment_a, question_id=question, value="2")
    log_in(client, world.users["coordinator_a"])

    with django_assert_max_num_queries(14):
        client.get(f"/assessments/{world.assessment_a.pk}/sections/GM/")


@pytest.mark.parametrize("count", [1, 3])
def test_my_assessments_query_count_does_not_grow(client, world, django_assert_max_num_queries, count):
    cycle = world.assessment_a.cycle
    for _ in range(count - 1):
        AssessmentFactory(city=CityFactory(country=world.city_a.country), cycle=cycle)
    log_in(client, world.users["secretariat"])

    with django_assert_max_num_queries(12):
        response = client.get("/assessments/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_cycle_participation_query_count_does_not_grow(client, world, django_assert_max_num_queries, count):
    cycle = world.assessment_a.cycle
    for _ in range(count - 1):
        AssessmentFactory(city=CityFactory(country=world.city_a.country), cycle=cycle)
    log_in(client, world.users["secretariat"])

    with django_assert_max_num_queries(12):
        client.get(f"/cycles/{cycle.pk}/")


def test_htmx_save_returns_the_question_and_updated_progress(client, world):
    log_in(client, world.users["respondent_a"])

    response = client.post(
        f"/assessments/{world.assessment_a.pk}/questions/GM.1.2/", {"answer": "4", "version": "0"}, **HTMX
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<article id="q-GM.1.2"')
    assert 'id="progress-section" hx-swap-oob="true" value="2" max="15"' in page
    assert 'id="progress-overall-text" hx-swap-oob="true">2 / 200<' in page
    assert Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.2").value == "4"


def test_htmx_conflict_shows_both_answers_and_lets_the_writer_choose(client, world):
    log_in(client, world.users["respondent_a"])
    Answer.objects.filter(assessment=world.assessment_a, question_id="GM.1.1").update(value="5", version=2)

    response = client.post(
        f"/assessments/{world.assessment_a.pk}/questions/GM.1.1/", {"answer": "2", "version": "1"}, **HTMX
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Theirs: <strong>Level 5</strong>" in page
    assert "Yours: <strong>Level 2</strong>" in page
    assert '<input type="hidden" name="version" value="2">' in page
    assert Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.1").value == "5"


def test_invalid_answer_is_shown_in_place_and_nothing_changes(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.post(
        f"/assessments/{world.assessment_a.pk}/questions/GM.1.1/", {"answer": "7", "version": "1"}, **HTMX
    )

    assert response.status_code == 422
    assert "&#x27;7&#x27; is not a level" in response.content.decode()
    assert AnswerRevision.objects.count() == 0


def test_dont_know_and_comment_are_saved(client, world):
    log_in(client, world.users["coordinator_a"])

    client.post(
        f"/assessments/{world.assessment_a.pk}/questions/GM.2.1/",
        {
            "answer": "dk",
            "version": "0",
            "comment": "Figures are with the finance office",
            "evidence_url": "https://example.org/plan.pdf",
        },
        **HTMX,
    )

    answer = Answer.objects.get(assessment=world.assessment_a, question_id="GM.2.1")
    assert (answer.status, answer.value, answer.comment, answer.evidence_url) == (
        "dont_know",
        "",
        "Figures are with the finance office",
        "https://example.org/plan.pdf",
    )


def test_submit_from_the_page_lists_what_is_missing(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.post(f"/assessments/{world.assessment_a.pk}/submit/", follow=True)

    page = response.content.decode()
    assert "0% of the questions are answered; 100% are needed to submit." in page
    assert "Governance Mechanism</a>: 14" in page


def test_secretariat_opens_a_cycle_for_invited_members(client, world):
    log_in(client, world.users["secretariat"])
    version = world.assessment_a.cycle.framework
    today = timezone.now().date()

    response = client.post(
        "/cycles/new/",
        {
            "year": today.year + 1,
            "name": "CeDS next",
            "framework": version.pk,
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=90)).isoformat(),
            "threshold": 80,
            "invited": [world.city_a.pk],
        },
    )

    cycle = Cycle.objects.get(name="CeDS next")
    participation = client.get(f"/cycles/{cycle.pk}/")
    assert response.status_code == 302
    assert (cycle.completeness_threshold, list(cycle.invited.all())) == (0.8, [world.city_a])
    assert [row["city"].name for row in participation.context["rows"]] == ["Alpha City"]
    assert participation.context["rows"][0]["status"] == "not_started"


def test_cycle_form_refuses_closing_before_opening(client, world):
    log_in(client, world.users["secretariat"])

    response = client.post(
        "/cycles/new/",
        {
            "year": 2031,
            "name": "Bad",
            "framework": world.assessment_a.cycle.framework.pk,
            "opens_on": "2031-05-01",
            "closes_on": "2031-04-01",
            "threshold": 100,
        },
    )

    assert response.status_code == 200
    assert "The cycle must close after it opens." in response.content.decode()
    assert not Cycle.objects.filter(name="Bad").exists()


def test_participation_shows_share_answered_per_city(client, world):
    log_in(client, world.users["secretariat"])

    response = client.get(f"/cycles/{world.assessment_a.cycle.pk}/")

    rows = {
        r["city"].name: (r["status"], r["share"])
        for r in response.context["rows"]
        if r["city"].name in ("Alpha City", "Beta City")
    }
    assert rows == {"Alpha City": ("in_progress", 1 / 200), "Beta City": ("in_progress", 1 / 200)}


def test_coordinator_invites_a_respondent_for_chosen_sections(client, world, mailoutbox):
    log_in(client, world.users["coordinator_a"])

    response = client.post(
        f"/assessments/{world.assessment_a.pk}/team/",
        {"action": "invite", "email": "dept@example.org", "sections": ["IN", "CR"]},
    )

    assert response.status_code == 302
    assert mailoutbox[0].to == ["dept@example.org"]
    assert world.assessment_a.invitations.get().sections == ["IN", "CR"]


def test_history_lists_every_change_with_who_and_values(client, world):
    coordinator = world.users["coordinator_a"]
    log_in(client, coordinator)
    client.post(
        f"/assessments/{world.assessment_a.pk}/questions/GM.1.1/", {"answer": "4", "version": "1"}, **HTMX
    )

    response = client.get(f"/assessments/{world.assessment_a.pk}/history/?question=GM.1.1")

    rows = list(response.context["page"])
    assert [(r.old_value, r.new_value, r.actor) for r in rows] == [("3", "4", coordinator)]


def test_audit_log_is_for_the_secretariat(client, world):
    log_in(client, world.users["coordinator_a"])
    client.post(
        f"/assessments/{world.assessment_a.pk}/questions/GM.1.1/", {"answer": "4", "version": "1"}, **HTMX
    )
    client.logout()
    log_in(client, world.users["secretariat"])

    response = client.get("/audit/?action=answer.answer")

    assert [e.action for e in response.context["page"]] == ["answer.answer"]


def test_respondent_sees_other_sections_read_only(client, world):
    make_user("x@example.org", RoleKind.RESPONDENT, world.city_b)
    log_in(client, world.users["respondent_a"])

    page = client.get(f"/assessments/{world.assessment_a.pk}/sections/PI/").content.decode()

    assert "Read only: you cannot change answers here." in page
    assert page.count("<fieldset disabled>") == 15


def test_detail_counts_carried_over_answers_still_to_confirm_per_section(client, world):
    Answer.objects.filter(assessment=world.assessment_a, question_id="GM.1.1").update(carried_from_year=2024)
    log_in(client, world.users["coordinator_a"])

    response = client.get(f"/assessments/{world.assessment_a.pk}/")

    rows = {row["section"].id: row["to_confirm"] for row in response.context["progress"]}
    assert (rows["GM"], rows["PI"], response.context["carried"]) == (1, 0, 1)
    assert "1 answer is carried over from the last assessment" in response.content.decode()


def test_question_opened_as_a_page_goes_to_its_section(client, world):
    log_in(client, world.users["respondent_a"])

    page = client.get(f"/assessments/{world.assessment_a.pk}/questions/GM.1.1/")
    fragment = client.get(f"/assessments/{world.assessment_a.pk}/questions/GM.1.1/", **HTMX)

    assert page.status_code == 302
    assert page["Location"] == f"/assessments/{world.assessment_a.pk}/sections/GM/#q-GM.1.1"
    assert fragment.status_code == 200
    assert fragment.content.decode().lstrip().startswith("<article")
