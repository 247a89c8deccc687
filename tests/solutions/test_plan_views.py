"""The Master Plan's pages: the plan with its Gantt chart, changes with reasons, PDF and workbook."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.personas import build_world, log_in
from wego.assessments.services import assessments_score
from wego.solutions.services import plan_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.assessment_a.status = "submitted"
    world.assessment_a.save()
    assessments_score(assessments=[world.assessment_a])
    return world


def _plan(world, keep):
    plan = plan_create(assessment=world.assessment_a, user=world.users["coordinator_a"])
    plan.items.exclude(module_id__in=keep).delete()
    return plan


def test_coordinator_builds_the_plan_from_the_page(client, world):
    log_in(client, world.users["coordinator_a"])

    empty = client.get(f"/cities/{world.city_a.pk}/plan/").content.decode()
    client.post(
        f"/cities/{world.city_a.pk}/plan/change/", {"action": "create", "assessment": world.assessment_a.pk}
    )
    page = client.get(f"/cities/{world.city_a.pk}/plan/").content.decode()

    assert "Build the plan from the 2026 diagnosis" in empty
    assert "chart-gantt" in page
    assert "Budget by year" in page


def test_refused_move_shows_the_reason_and_changes_nothing(client, world):
    plan = _plan(world, {"base-registries", "digital-identity-sso", "cybersecurity-operations"})
    log_in(client, world.users["coordinator_a"])

    response = client.post(
        f"/cities/{world.city_a.pk}/plan/change/",
        {"action": "move", "module": "digital-identity-sso", "quarter": "0"},
        follow=True,
    )

    text = response.content.decode()
    assert "Not changed: " in text
    assert plan.items.get(module_id="digital-identity-sso").pinned_quarter is None


def test_accept_from_the_module_page_goes_back_to_the_plan(client, world):
    log_in(client, world.users["coordinator_a"])
    module_page = client.get(f"/modules/base-registries/?assessment={world.assessment_a.pk}").content.decode()

    response = client.post(
        f"/cities/{world.city_a.pk}/plan/change/",
        {
            "action": "decide",
            "status": "accepted",
            "module": "base-registries",
            "assessment": world.assessment_a.pk,
        },
    )

    assert "Accept into the Master Plan" in module_page
    assert response.status_code == 302
    assert response["Location"] == f"/cities/{world.city_a.pk}/plan/"
    assert world.city_a.plan.items.get(module_id="base-registries").status == "accepted"


def test_module_page_offers_nothing_to_another_city(client, world):
    log_in(client, world.users["coordinator_b"])

    page = client.get(f"/modules/base-registries/?assessment={world.assessment_a.pk}").content.decode()

    assert "Accept into the Master Plan" not in page
    assert "Alpha City" not in page


def test_plan_pdf_has_the_two_chapters(client, world):
    _plan(world, {"ict-governance-office", "base-registries"})
    log_in(client, world.users["respondent_a"])

    response = client.get(f"/cities/{world.city_a.pk}/plan.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Recommended solution" in text
    assert "Action plan" in text
    assert "Budget by year" in text


def test_plan_workbook_lists_items_budget_and_limits(client, world):
    plan = _plan(world, {"ict-governance-office", "base-registries"})
    log_in(client, world.users["coordinator_a"])

    response = client.get(f"/cities/{world.city_a.pk}/plan.xlsx")

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Plan", "Budget", "About"]
    rows = list(book["Plan"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Priority", "Module id", "Module", "Decision")
    assert [r[1] for r in rows[1:]] == list(plan.items.values_list("module_id", flat=True))
    last_year = plan.start_year + (plan.start_quarter - 1 + 11) // 4  # twelve quarters
    assert [r[0] for r in book["Budget"].iter_rows(min_row=2, values_only=True)] == list(
        range(plan.start_year, last_year + 1)
    )


@pytest.mark.parametrize("count", [1, 3])
def test_plan_page_query_count_does_not_grow_with_items(client, world, django_assert_max_num_queries, count):
    keep = ["ict-governance-office", "base-registries", "cybersecurity-operations"][:count]
    _plan(world, set(keep))
    log_in(client, world.users["coordinator_a"])
    client.get(f"/cities/{world.city_a.pk}/plan/")  # warm the framework caches

    with django_assert_max_num_queries(10):
        response = client.get(f"/cities/{world.city_a.pk}/plan/")

    assert response.status_code == 200
    assert len(response.context["rows"]) == count


def test_report_includes_the_plan_chapters_when_a_plan_exists(world):
    from wego.analysis.report import report_context, report_inputs_hash

    before = report_inputs_hash(world.assessment_a)
    _plan(world, {"ict-governance-office"})

    context = report_context(world.assessment_a)

    assert context["plan_chapters"]["rows"][0].item.module_id == "ict-governance-office"
    assert report_inputs_hash(world.assessment_a) != before
