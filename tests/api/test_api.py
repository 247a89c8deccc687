"""The JSON API: exact payloads, the batch save with its version check, submit, auth."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.api.conftest import World
from tests.api.test_api_permissions import operations
from tests.factories import AssessmentFactory, CityFactory, CycleFactory
from tests.scoring.conftest import SMALL
from wego.accounts.services import api_token_revoke
from wego.api.api import api
from wego.assessments.models import (
    Answer,
    AnswerRevision,
    AnswerStatus,
    Assessment,
    AssessmentStatus,
    FrameworkVersion,
)
from wego.assessments.selectors import framework_sections
from wego.assessments.services import framework_load

pytestmark = pytest.mark.django_db

GM_QUESTIONS = [f"GM.{i}.{j}" for i in range(1, 6) for j in range(1, 4)]


def get(client: Client, world: World, persona: str, url: str):
    return client.get(url, headers=world.headers(persona))


def post(client: Client, world: World, persona: str, url: str, body: dict | None = None):
    return client.post(url, body or {}, content_type="application/json", headers=world.headers(persona))


def answers_url(assessment: Assessment) -> str:
    return f"/api/assessments/{assessment.pk}/answers"


def stored(assessment: Assessment) -> list[tuple]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("question_id")
        .values_list("question_id", "status", "value", "version")
    )


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def ms(moment: dt.datetime) -> dt.datetime:
    """JSON carries times to the millisecond."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


# Frameworks and cycles ------------------------------------------------------------------------


def test_frameworks_lists_the_current_version_of_each_framework(client, world):
    hashes = dict(FrameworkVersion.objects.values_list("slug", "content_hash"))

    response = get(client, world, "judge", "/api/frameworks")

    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "ceds",
            "version": "2026.2",
            "title": "CeDS e-Government Maturity Model",
            "content_hash": hashes["ceds"],
            "question_count": 200,
        },
        {
            "slug": "egdi",
            "version": "2018",
            "title": "UN E-Government Development Index (EGDI)",
            "content_hash": hashes["egdi"],
            "question_count": 3,
        },
        {
            "slug": "smart-city",
            "version": "2026.1",
            "title": "WeGO-TM Forum Smart City Maturity & Benchmark Model",
            "content_hash": hashes["smart-city"],
            "question_count": 55,
        },
    ]


def test_frameworks_leaves_out_versions_that_are_no_longer_current(client, world):
    FrameworkVersion.objects.create(
        slug="ceds",
        version="2025.1",
        title="Old CeDS",
        content_hash="0" * 64,
        source_text="",
        source_name="ceds.yaml",
        question_count=1,
        is_current=False,
    )

    response = get(client, world, "coordinator_a", "/api/frameworks")

    assert [(f["slug"], f["version"]) for f in response.json()] == [
        ("ceds", "2026.2"),
        ("egdi", "2018"),
        ("smart-city", "2026.1"),
    ]


def test_cycles_lists_every_cycle_with_its_framework_and_dates(client, world, today):
    older = CycleFactory(
        framework=world.ceds,
        year=today.year - 1,
        name="CeDS last year",
        opens_on=dt.date(today.year - 1, 3, 1),
        closes_on=dt.date(today.year - 1, 6, 30),
        completeness_threshold=0.8,
    )

    response = get(client, world, "coordinator_a", "/api/cycles")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": world.cycle.pk,
            "year": today.year,
            "name": f"CeDS {today.year}",
            "framework": {"slug": "ceds", "content_hash": world.ceds.content_hash},
            "opens_on": (today - dt.timedelta(days=10)).isoformat(),
            "closes_on": (today + dt.timedelta(days=20)).isoformat(),
            "completeness_threshold": 1.0,
        },
        {
            "id": older.pk,
            "year": today.year - 1,
            "name": "CeDS last year",
            "framework": {"slug": "ceds", "content_hash": world.ceds.content_hash},
            "opens_on": f"{today.year - 1}-03-01",
            "closes_on": f"{today.year - 1}-06-30",
            "completeness_threshold": 0.8,
        },
    ]


# Assessments -------------------------------------------------------------------------------------


def test_assessments_lists_only_the_coordinators_city_with_share_answered(client, world):
    Answer.objects.bulk_create(
        [Answer(assessment=world.assessment_a, question_id=q, value="3") for q in GM_QUESTIONS[:3]]
    )

    response = get(client, world, "coordinator_a", "/api/assessments")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": world.assessment_a.pk,
            "city": {"id": world.city_a.pk, "name": "Aville", "slug": "aville", "country": "KOR"},
            "cycle_id": world.cycle.pk,
            "status": "not_started",
            "submitted_at": None,
            "share_answered": 0.015,
        }
    ]


def test_assessments_lists_every_city_for_the_secretariat(client, world):
    response = get(client, world, "secretariat", "/api/assessments")

    assert [(a["id"], a["city"]["name"]) for a in response.json()] == [
        (world.assessment_a.pk, "Aville"),
        (world.assessment_b.pk, "Btown"),
    ]


@pytest.mark.parametrize("persona", ["judge", "consultant_a", "respondent_a", "coordinator_b"])
def test_assessments_lists_what_each_persona_may_see(client, world, persona):
    expected = {
        "judge": [],
        "consultant_a": [world.assessment_a.pk],
        "respondent_a": [world.assessment_a.pk],
        "coordinator_b": [world.assessment_b.pk],
    }[persona]

    response = get(client, world, persona, "/api/assessments")

    assert [a["id"] for a in response.json()] == expected


@pytest.mark.parametrize("count", [1, 3])
def test_assessments_query_count_does_not_grow_with_assessments(
    client, world, django_assert_max_num_queries, count
):
    for _ in range(count - 1):
        AssessmentFactory(city=CityFactory(), cycle=world.cycle)
    Answer.objects.create(assessment=world.assessment_a, question_id="GM.1.1", value="2")

    with django_assert_max_num_queries(6):
        response = get(client, world, "secretariat", "/api/assessments")

    assert len(response.json()) == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_cycles_query_count_does_not_grow_with_cycles(client, world, django_assert_max_num_queries, count):
    for i in range(count - 1):
        CycleFactory(framework=world.ceds, year=2000 + i, name=f"CeDS {2000 + i}")

    with django_assert_max_num_queries(4):
        response = get(client, world, "judge", "/api/cycles")

    assert len(response.json()) == count


# The questionnaire -----------------------------------------------------------------------------


def test_questionnaire_lists_sections_in_order_with_their_questions(client, world):
    response = get(client, world, "respondent_a", f"/api/assessments/{world.assessment_a.pk}/questionnaire")

    body = response.json()
    assert response.status_code == 200
    assert (body["assessment_id"], body["framework"], body["language"]) == (
        world.assessment_a.pk,
        {"slug": "ceds", "content_hash": world.ceds.content_hash},
        "en",
    )
    assert [(s["id"], s["part"], s["title"], len(s["questions"])) for s in body["sections"]] == [
        ("GM", "tree", "Governance Mechanism", 15),
        ("PI", "tree", "Policy & Institution", 15),
        ("RC", "tree", "Resource Capacity", 15),
        ("IN", "tree", "ICT Network", 15),
        ("CR", "tree", "Citizen Readiness", 15),
        ("PS", "tree", "Public Service Infrastructure", 15),
        ("eadmin", "inventory", "e-Admin (G2E)", 30),
        ("elife", "inventory", "e-Life (G2C)", 35),
        ("eindustry", "inventory", "e-Industry (G2B)", 20),
        ("einfra", "inventory", "e-Infra", 25),
    ]
    assert [q["id"] for q in body["sections"][0]["questions"]] == GM_QUESTIONS


def test_questionnaire_gives_each_question_its_texts_levels_and_allowed_answers(client, world):
    response = get(client, world, "coordinator_a", f"/api/assessments/{world.assessment_a.pk}/questionnaire")

    sections = response.json()["sections"]
    assert sections[0]["questions"][0] == {
        "id": "GM.1.1",
        "type": "scale",
        "text": "Who leads e-government in the city administration, and with what mandate?",
        "levels": [
            "No one is formally responsible for e-government; each department decides on its own ICT.",
            "A named official (often the head of the IT section) coordinates e-government across "
            "departments; the role may lack a written mandate or cover technical support only.",
            "A CIO/CDO or equivalent is appointed by written decision, with a mandate covering "
            "e-government in all departments, and reports to a deputy mayor or the chief "
            "administrative officer.",
            "As level 3, and the mandate gives the CIO/CDO formal sign-off on new ICT projects and ICT "
            "spending in all departments, and the CIO/CDO sits on the city's senior management board.",
            "As level 4, and the CIO/CDO reports directly to the mayor or city manager, has yearly "
            "objectives tied to the digital strategy, and the role is set in the city's organisational "
            "regulation so that it continues across political terms.",
        ],
        "options": [],
        "multiple": False,
        "unit": None,
        "help": "A Chief Information Officer (CIO) or Chief Digital Officer (CDO) is a senior official "
        "accountable for e-government across all departments. Choose the highest level whose every "
        "element is true today; a draft or announced appointment does not count.",
        "evidence": "Appointment decision or job description of the lead official; organisation chart "
        "showing the reporting line; the written mandate or delegation of authority.",
        "dont_know": True,
        "not_applicable": True,
    }
    assert sections[6]["questions"][0]["id"] == "eadmin.edms.use"
    assert sections[6]["questions"][0]["levels"] == [
        "Not present.",
        "Planned or being procured: approved in a plan or budget, not yet in use.",
        "In place but limited: a pilot, or used by some departments or for some of the intended users.",
        "In operational use across the administration, or for all intended users.",
        "In use, integrated with other city systems (shared data or single sign-on), with usage "
        "measured and reviewed at least once a year.",
    ]


def test_questionnaire_in_a_language_the_framework_lacks_falls_back_to_english(client, world):
    url = f"/api/assessments/{world.assessment_a.pk}/questionnaire"
    english = get(client, world, "coordinator_a", url).json()

    french = get(client, world, "coordinator_a", url + "?lang=fr").json()

    assert french["language"] == "fr"
    assert french["sections"] == english["sections"]
    assert french["sections"][0]["title"] == "Governance Mechanism"


def test_questionnaire_in_korean_and_spanish_gives_the_framework_translations(client, world):
    url = f"/api/assessments/{world.assessment_a.pk}/questionnaire"

    korean = get(client, world, "coordinator_a", url + "?lang=ko").json()
    spanish = get(client, world, "coordinator_a", url + "?lang=es").json()

    assert (korean["language"], korean["sections"][0]["title"]) == ("ko", "거버넌스 체계")
    assert (spanish["language"], spanish["sections"][0]["title"]) == ("es", "Mecanismo de gobernanza")


def test_questionnaire_gives_choice_options_and_other_question_types(client, world, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    small, _ = framework_load(path=path)
    assessment = AssessmentFactory(
        city=world.city_a, cycle=CycleFactory(framework=small, year=2020, name="Small 2020")
    )

    response = get(client, world, "coordinator_a", f"/api/assessments/{assessment.pk}/questionnaire")

    questions = [q for s in response.json()["sections"] for q in s["questions"]]
    assert [(q["id"], q["type"], q["text"], q["levels"], q["options"], q["multiple"]) for q in questions] == [
        ("A1", "scale", "Level of A1", ["one", "two", "three", "four", "five"], [], False),
        ("A2", "yesno", "Does A2 exist?", [], [], False),
        ("B1", "percent", "Share of B1", [], [], False),
        (
            "B2",
            "choice",
            "Which B2 channels?",
            [],
            [{"id": "web", "text": "Web"}, {"id": "phone", "text": "Phone"}, {"id": "none", "text": "None"}],
            True,
        ),
    ]


# Reading answers ------------------------------------------------------------------------------------


def test_answers_lists_every_field_in_questionnaire_order(client, world):
    coordinator = world.users["coordinator_a"]
    Answer.objects.create(
        assessment=world.assessment_a,
        question_id="eadmin.edms.use",
        value="4",
        carried_from_year=world.cycle.year - 1,
    )
    Answer.objects.create(
        assessment=world.assessment_a,
        question_id="GM.1.2",
        status=AnswerStatus.DONT_KNOW,
        comment="Asking the HR department.",
        answered_by=coordinator,
        version=2,
    )
    Answer.objects.create(
        assessment=world.assessment_a,
        question_id="GM.1.1",
        value="3",
        comment="Decision 12/2024.",
        evidence_url="https://aville.example/decision-12",
        answered_by=coordinator,
    )
    at = {a.question_id: ms(a.answered_at) for a in Answer.objects.all()}

    response = get(client, world, "consultant_a", answers_url(world.assessment_a))

    body = response.json()
    assert response.status_code == 200
    assert [when(a.pop("answered_at")) for a in body] == [
        at["GM.1.1"],
        at["GM.1.2"],
        at["eadmin.edms.use"],
    ]
    assert body == [
        {
            "question_id": "GM.1.1",
            "status": "answered",
            "value": "3",
            "comment": "Decision 12/2024.",
            "evidence_url": "https://aville.example/decision-12",
            "version": 1,
            "carried_from_year": None,
            "answered_by": "coordinator@aville.example",
        },
        {
            "question_id": "GM.1.2",
            "status": "dont_know",
            "value": "",
            "comment": "Asking the HR department.",
            "evidence_url": "",
            "version": 2,
            "carried_from_year": None,
            "answered_by": "coordinator@aville.example",
        },
        {
            "question_id": "eadmin.edms.use",
            "status": "answered",
            "value": "4",
            "comment": "",
            "evidence_url": "",
            "version": 1,
            "carried_from_year": world.cycle.year - 1,
            "answered_by": None,
        },
    ]


# Saving answers -----------------------------------------------------------------------------------


def test_answers_batch_saves_every_answer_and_returns_the_new_versions(client, world):
    Answer.objects.create(assessment=world.assessment_a, question_id="GM.1.3", value="2", version=4)
    body = {
        "answers": [
            {
                "question_id": "GM.1.1",
                "status": "answered",
                "value": "3",
                "comment": "Decision 12/2024.",
                "evidence_url": "https://aville.example/decision-12",
                "expected_version": 0,
            },
            {"question_id": "GM.1.2", "status": "dont_know"},
            {"question_id": "GM.1.3", "status": "answered", "value": 5, "expected_version": 4},
        ]
    }

    response = post(client, world, "respondent_a", answers_url(world.assessment_a), body)

    saved = response.json()["answers"]
    for answer in saved:
        answer.pop("answered_at")
    assert response.status_code == 200
    assert saved == [
        {
            "question_id": "GM.1.1",
            "status": "answered",
            "value": "3",
            "comment": "Decision 12/2024.",
            "evidence_url": "https://aville.example/decision-12",
            "version": 1,
            "carried_from_year": None,
            "answered_by": "respondent@aville.example",
        },
        {
            "question_id": "GM.1.2",
            "status": "dont_know",
            "value": "",
            "comment": "",
            "evidence_url": "",
            "version": 1,
            "carried_from_year": None,
            "answered_by": "respondent@aville.example",
        },
        {
            "question_id": "GM.1.3",
            "status": "answered",
            "value": "5",
            "comment": "",
            "evidence_url": "",
            "version": 5,
            "carried_from_year": None,
            "answered_by": "respondent@aville.example",
        },
    ]
    assert stored(world.assessment_a) == [
        ("GM.1.1", "answered", "3", 1),
        ("GM.1.2", "dont_know", "", 1),
        ("GM.1.3", "answered", "5", 5),
    ]
    assert AnswerRevision.objects.filter(actor=world.users["respondent_a"]).count() == 3
    world.assessment_a.refresh_from_db()
    assert world.assessment_a.status == AssessmentStatus.IN_PROGRESS


def test_answers_batch_with_a_stale_version_is_a_conflict_and_saves_nothing(client, world):
    Answer.objects.create(assessment=world.assessment_a, question_id="GM.1.1", value="2", version=2)
    body = {
        "answers": [
            {"question_id": "GM.1.2", "status": "answered", "value": "4", "expected_version": 0},
            {"question_id": "GM.1.1", "status": "answered", "value": "5", "expected_version": 1},
        ]
    }

    response = post(client, world, "coordinator_a", answers_url(world.assessment_a), body)

    assert response.status_code == 409
    assert response.json() == {
        "errors": [
            {"question_id": "GM.1.1", "message": "Someone else changed this answer since you loaded it."}
        ]
    }
    assert stored(world.assessment_a) == [("GM.1.1", "answered", "2", 2)]
    assert AnswerRevision.objects.count() == 0


def test_answers_batch_with_an_invalid_value_names_the_question_and_saves_nothing(client, world):
    body = {
        "answers": [
            {"question_id": "GM.1.1", "status": "answered", "value": "4"},
            {"question_id": "GM.1.2", "status": "answered", "value": "7"},
            {"question_id": "GM.9.9", "status": "answered", "value": "1"},
        ]
    }

    response = post(client, world, "coordinator_a", answers_url(world.assessment_a), body)

    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {
                "question_id": "GM.1.2",
                "message": "'7' is not a level: expected a whole number from 1 to 5",
            },
            {"question_id": "GM.9.9", "message": "There is no such question in this framework."},
        ]
    }
    assert stored(world.assessment_a) == []


@pytest.mark.parametrize(
    ("answer", "loc", "kind"),
    [
        ({"question_id": "GM.1.1", "status": "maybe", "value": "4"}, "status", "literal_error"),
        # A misspelt expected_version must not silently turn the version check off.
        (
            {"question_id": "GM.1.1", "status": "answered", "value": "4", "expected_verison": 1},
            "expected_verison",
            "extra_forbidden",
        ),
    ],
)
def test_answers_batch_not_matching_the_schema_is_refused(client, world, answer, loc, kind):
    response = post(client, world, "coordinator_a", answers_url(world.assessment_a), {"answers": [answer]})

    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["detail"]] == [
        (["body", "payload", "answers", 0, loc], kind)
    ]
    assert stored(world.assessment_a) == []


def test_answers_batch_by_a_respondent_outside_their_section_is_forbidden_and_saves_nothing(client, world):
    body = {
        "answers": [
            {"question_id": "GM.1.1", "status": "answered", "value": "4"},
            {"question_id": "PI.1.1", "status": "answered", "value": "4"},
        ]
    }

    response = post(client, world, "respondent_a", answers_url(world.assessment_a), body)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not have permission to do this. (section PI is not assigned to this person)"
    }
    assert stored(world.assessment_a) == []


def test_answers_batch_on_a_submitted_assessment_is_forbidden(client, world):
    Assessment.objects.filter(pk=world.assessment_a.pk).update(status=AssessmentStatus.SUBMITTED)
    body = {"answers": [{"question_id": "GM.1.1", "status": "answered", "value": "4"}]}

    response = post(client, world, "coordinator_a", answers_url(world.assessment_a), body)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not have permission to do this (assessments.answer_assessment)."
    }
    assert stored(world.assessment_a) == []


# Tenancy and read-only personas --------------------------------------------------------------------


def test_coordinator_of_another_city_can_neither_read_nor_write(client, world):
    Answer.objects.create(
        assessment=world.assessment_a, question_id="GM.1.1", value="3", comment="Aville's secret plan"
    )
    url = answers_url(world.assessment_a)

    responses = [
        get(client, world, "coordinator_b", url),
        get(client, world, "coordinator_b", f"/api/assessments/{world.assessment_a.pk}/questionnaire"),
        post(
            client,
            world,
            "coordinator_b",
            url,
            {"answers": [{"question_id": "GM.1.1", "status": "answered", "value": "1"}]},
        ),
        post(client, world, "coordinator_b", f"/api/assessments/{world.assessment_a.pk}/submit"),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, {"detail": "Not found."})] * 4
    assert stored(world.assessment_a) == [("GM.1.1", "answered", "3", 1)]


def test_unknown_assessment_is_not_found(client, world):
    response = get(client, world, "secretariat", "/api/assessments/999999/answers")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_consultant_reads_answers_but_cannot_write_them(client, world):
    Answer.objects.create(assessment=world.assessment_a, question_id="GM.1.1", value="3")
    body = {"answers": [{"question_id": "GM.1.1", "status": "answered", "value": "5"}]}

    read = get(client, world, "consultant_a", answers_url(world.assessment_a))
    write = post(client, world, "consultant_a", answers_url(world.assessment_a), body)

    assert [(a["question_id"], a["value"]) for a in read.json()] == [("GM.1.1", "3")]
    assert (write.status_code, write.json()) == (
        403,
        {"detail": "You do not have permission to do this (assessments.answer_assessment)."},
    )
    assert stored(world.assessment_a) == [("GM.1.1", "answered", "3", 1)]


# Authentication ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/api/frameworks"), ("get", "/api/assessments"), ("post", "/api/assessments/{pk}/answers")],
)
def test_anonymous_is_unauthorized(client, world, method, url):
    url = url.format(pk=world.assessment_a.pk)

    response = getattr(client, method)(url, {}, content_type="application/json")

    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_revoked_token_is_unauthorized(client, world):
    user = world.users["coordinator_a"]
    api_token_revoke(token=user.api_tokens.get(), actor=user)

    response = get(client, world, "coordinator_a", "/api/assessments")

    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_unknown_token_is_unauthorized(client, world):
    response = client.get("/api/assessments", headers={"Authorization": "Bearer wego_not-a-real-token"})

    assert response.status_code == 401


def test_token_of_an_inactive_person_is_unauthorized(client, world):
    user = world.users["coordinator_a"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = get(client, world, "coordinator_a", "/api/assessments")

    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_token_records_when_it_was_last_used(client, world):
    token = world.users["judge"].api_tokens.get()
    assert token.last_used_at is None

    get(client, world, "judge", "/api/cycles")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_secretariat_token_works_without_a_second_factor(client, world):
    response = get(client, world, "secretariat", f"/api/assessments/{world.assessment_b.pk}/answers")

    assert (response.status_code, response.json()) == (200, [])


def test_session_reads_without_a_token(client, world):
    client.force_login(world.users["coordinator_a"])

    response = client.get("/api/assessments")

    assert [a["id"] for a in response.json()] == [world.assessment_a.pk]


def test_session_of_an_inactive_person_is_unauthorized(client, world):
    user = world.users["coordinator_a"]
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get("/api/assessments")

    assert response.status_code == 401


def test_session_writes_only_with_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator_a"])
    client.get("/account/")  # any page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    body = {"answers": [{"question_id": "GM.1.1", "status": "answered", "value": "4"}]}
    url = answers_url(world.assessment_a)

    without = client.post(url, body, content_type="application/json")
    with_token = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": csrf})

    assert (without.status_code, without.json()) == (403, {"detail": "CSRF check Failed"})
    assert with_token.status_code == 200
    assert stored(world.assessment_a) == [("GM.1.1", "answered", "4", 1)]


def test_session_with_a_wrong_token_header_is_judged_by_the_token(client, world):
    client.force_login(world.users["coordinator_a"])

    response = client.get("/api/assessments", headers={"Authorization": "Bearer wego_revoked-or-wrong"})

    assert response.status_code == 401


def test_secretariat_session_without_second_factor_goes_to_the_two_factor_page(client, world):
    client.force_login(world.users["secretariat"])

    response = client.get("/api/assessments")

    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/?next=/api/assessments"


# Submitting -----------------------------------------------------------------------------------------


def test_submit_a_complete_assessment_locks_it(client, world):
    Answer.objects.bulk_create(
        [
            Answer(assessment=world.assessment_a, question_id=q, status=AnswerStatus.DONT_KNOW)
            for section in framework_sections(world.ceds)
            for q in section.question_ids
        ]
    )

    response = post(client, world, "coordinator_a", f"/api/assessments/{world.assessment_a.pk}/submit")

    body = response.json()
    world.assessment_a.refresh_from_db()
    assert response.status_code == 200
    assert when(body.pop("submitted_at")) == ms(world.assessment_a.submitted_at)
    assert body == {
        "id": world.assessment_a.pk,
        "city": {"id": world.city_a.pk, "name": "Aville", "slug": "aville", "country": "KOR"},
        "cycle_id": world.cycle.pk,
        "status": "submitted",
        "share_answered": 1.0,
    }
    assert world.assessment_a.status == AssessmentStatus.SUBMITTED


def test_submit_an_incomplete_assessment_lists_the_missing_questions(client, world):
    Answer.objects.bulk_create(
        [Answer(assessment=world.assessment_a, question_id=q, value="3") for q in GM_QUESTIONS[:3]]
    )

    response = post(client, world, "coordinator_a", f"/api/assessments/{world.assessment_a.pk}/submit")

    body = response.json()
    assert response.status_code == 422
    assert body["detail"] == "2% of the questions are answered; 100% are needed to submit."
    assert [(m["section_id"], len(m["question_ids"])) for m in body["missing"]] == [
        ("GM", 12),
        ("PI", 15),
        ("RC", 15),
        ("IN", 15),
        ("CR", 15),
        ("PS", 15),
        ("eadmin", 30),
        ("elife", 35),
        ("eindustry", 20),
        ("einfra", 25),
    ]
    assert body["missing"][0]["question_ids"] == GM_QUESTIONS[3:]
    world.assessment_a.refresh_from_db()
    assert world.assessment_a.status == AssessmentStatus.NOT_STARTED


def test_submit_twice_is_refused_without_a_missing_list(client, world):
    Assessment.objects.filter(pk=world.assessment_a.pk).update(status=AssessmentStatus.SUBMITTED)

    response = post(client, world, "coordinator_a", f"/api/assessments/{world.assessment_a.pk}/submit")

    assert (response.status_code, response.json()) == (
        422,
        {"detail": "The assessment is already submitted.", "missing": []},
    )


def test_submit_by_a_respondent_is_forbidden(client, world):
    response = post(client, world, "respondent_a", f"/api/assessments/{world.assessment_a.pk}/submit")

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "You do not have permission to do this (assessments.manage_assessment)."},
    )


# The schema and the documentation ------------------------------------------------------------------


def test_openapi_schema_lists_every_endpoint(client, world):
    response = client.get("/api/openapi.json")

    schema = response.json()
    assert response.status_code == 200
    assert (schema["info"]["title"], schema["info"]["version"]) == ("WeGO platform API", "1")
    listed = sorted((path, method.upper()) for path, methods in schema["paths"].items() for method in methods)
    operation_ids = [op["operationId"] for methods in schema["paths"].values() for op in methods.values()]
    # Every registered operation is in the schema (the permission walk lists them), each with its own id.
    assert listed == sorted(
        ("/api" + path, method) for methods, path, _view in operations(api) for method in methods.split("/")
    )
    assert len(set(operation_ids)) == len(operation_ids)
    assert ("/api/frameworks", "GET") in listed
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"},
        "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }


def test_docs_page_is_served_with_local_assets(client, world):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content
    assert b"cdn." not in response.content
