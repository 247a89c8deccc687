"""The diagnosis and the map, as a person sees them in Chromium."""

from wego.assessments.models import Answer, AssessmentStatus
from wego.assessments.services import assessments_score


def test_dashboard_shows_the_radar_the_stage_and_the_top_gap(coordinator_page, live_server, scenario):
    assessment = scenario.assessment
    for question, value in {"GM.1.1": "4", "GM.1.2": "4", "PI.1.1": "2"}.items():
        Answer.objects.create(assessment=assessment, question_id=question, value=value)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    assessments_score(assessments=[assessment])
    page = coordinator_page

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/dashboard/")

    assert page.locator("h1").inner_text() == "Diagnosis: Testville"
    assert page.locator("svg.chart-radar").count() == 1
    assert page.locator("svg.chart-radar polygon").count() >= 2
    assert page.locator(".stats article").nth(1).inner_text().splitlines()[0] == "Emerging"
    # Unanswered dimensions score 0 against a target of 12.5; an indicator of a
    # four-indicator dimension weighs 1/24 of the total (1/30 in five), ties go by id.
    assert (
        page.locator("ol.gaps > li")
        .first.inner_text()
        .startswith("Residents' internet access and use (CR.1)")
    )


def test_home_page_map_places_the_members(chromium, live_server, scenario):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    page.goto(f"{live_server.url}/")

    dots = page.locator("svg.chart-map circle")
    assert dots.count() == 1
    assert dots.first.locator("title").text_content().startswith("Testville")
    assert page.locator("svg.chart-map path").count() > 150
    box = page.locator("svg.chart-map").bounding_box()
    assert box["width"] > 600
    context.close()


def test_from_a_recommended_module_on_the_dashboard_to_its_steps(coordinator_page, live_server, scenario):
    assessment = scenario.assessment
    Answer.objects.create(assessment=assessment, question_id="GM.1.1", value="2")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    assessments_score(assessments=[assessment])
    page = coordinator_page
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/dashboard/")
    first = page.locator("ol.actions-list > li").first
    title = first.locator("strong").inner_text()

    first.locator("a").click()

    assert page.locator("h1").inner_text() == title
    assert page.locator("section.phase").count() == 5
    assert page.locator("section.phase h3").first.inner_text() == "1. Plan"
