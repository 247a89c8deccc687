"""From a gap on the dashboard to the Master Plan's PDF, as a coordinator does it in Chromium."""

from pypdf import PdfReader

from wego.assessments.models import Answer, AssessmentStatus
from wego.assessments.services import assessments_score


def test_gap_to_action_item_to_steps_to_plan_to_pdf(coordinator_page, live_server, scenario, tmp_path):
    assessment = scenario.assessment
    Answer.objects.create(assessment=assessment, question_id="GM.1.1", value="2")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    assessments_score(assessments=[assessment])
    page = coordinator_page
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/dashboard/")

    # A key gap names the module that closes it; the link leads to the action item.
    recommended = page.locator("ol.gaps > li").filter(has_text="Recommended:").first.locator("small a").first
    title = recommended.inner_text()
    recommended.click()
    item = page.locator("ol.actions-list > li:target")
    assert item.locator("strong").inner_text() == title

    # The action item opens the module's steps, which offer to accept it into the plan.
    item.locator("a").first.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator("section.phase").count() == 5
    page.get_by_role("button", name="Accept into the Master Plan").click()

    # The plan shows it accepted and scheduled; the PDF has its chapters.
    assert page.locator("h1").inner_text() == "Master Plan of Testville"
    row = page.locator("table.plan-table tr").filter(has_text=title)
    assert row.locator("td.status-accepted").inner_text() == "Accepted"
    assert page.locator("svg.chart-gantt rect.bar-accepted").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the plan (PDF)").click()
    pdf = tmp_path / "plan.pdf"
    download.value.save_as(pdf)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Master Plan" in text
    assert "Action plan" in text
    assert title in text.replace("\n", " ")
