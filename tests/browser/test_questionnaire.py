"""The questionnaire in a real browser: answering with htmx, the keyboard, a phone screen, submitting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import log_in

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def question(page, question_id: str):
    # Question ids contain dots (GM.1.1): `#q-GM.1.1` would read as classes, so match the id.
    return page.locator(f'article.question[id="q-{question_id}"]')


def state(page, question_id: str):
    return question(page, question_id).locator(".answer-state")


def radio(page, question_id: str, value: str):
    return question(page, question_id).locator(f'input[type="radio"][name="answer"][value="{value}"]')


def level_label(page, question_id: str, level: int):
    """The clickable label of a level: the radio input sits inside `label.level`."""
    return question(page, question_id).locator(
        "label.level", has=page.locator(f'input[type="radio"][value="{level}"]')
    )


def section_url(live_server, scenario, section_id: str = "GM") -> str:
    return f"{live_server.url}/assessments/{scenario.assessment.pk}/sections/{section_id}/"


def expect_text(locator, text: str) -> None:
    from playwright.sync_api import expect

    expect(locator).to_have_text(text)


def test_questionnaire_answers_survive_a_reload_and_the_assessment_is_submitted(
    coordinator_page, live_server, scenario
):
    from playwright.sync_api import expect

    page = coordinator_page
    page.goto(section_url(live_server, scenario))
    expect_text(state(page, "GM.1.1"), "Not answered yet")

    # Two answers by clicking the level labels; each is saved by htmx and the article
    # comes back from the server saying so.
    level_label(page, "GM.1.1", 3).click()
    expect_text(state(page, "GM.1.1"), "Level 3")
    level_label(page, "GM.1.2", 5).click()
    expect_text(state(page, "GM.1.2"), "Level 5")
    question(page, "GM.1.3").get_by_label("Don't know").check()
    expect_text(state(page, "GM.1.3"), "Don't know")
    expect_text(page.locator("#progress-section-text"), "3 / 15")
    if os.environ.get("WEGO_SCREENSHOTS"):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "section.png"), full_page=True)

    page.reload()

    expect(radio(page, "GM.1.1", "3")).to_be_checked()
    expect(radio(page, "GM.1.2", "5")).to_be_checked()
    expect(radio(page, "GM.1.3", "dk")).to_be_checked()
    assert question(page, "GM.1.1").locator("input[name=answer]:checked").count() == 1
    assert question(page, "GM.2.1").locator("input[name=answer]:checked").count() == 0
    expect_text(page.locator("#progress-section-text"), "3 / 15")

    page.goto(f"{live_server.url}/assessments/{scenario.assessment.pk}/")
    page.get_by_role("button", name="Submit the assessment").click()

    expect_text(page.locator("hgroup .status-submitted"), "Submitted")
    scenario.assessment.refresh_from_db()
    assert scenario.assessment.status == "submitted"


def test_questionnaire_answers_with_the_keyboard(coordinator_page, live_server, scenario):
    from playwright.sync_api import expect

    page = coordinator_page
    page.goto(section_url(live_server, scenario))
    first = question(page, "GM.1.1").locator("input[name=answer]").first

    # Tab through the page until the first question's radio group has the focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if first.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first question's answers")

    page.keyboard.press("Space")
    expect_text(state(page, "GM.1.1"), "Level 1")
    # The article was replaced by the server's answer; the focus must stay on the
    # chosen radio, or the next arrow key goes nowhere.
    expect(radio(page, "GM.1.1", "1")).to_be_focused()

    page.keyboard.press("ArrowDown")
    expect_text(state(page, "GM.1.1"), "Level 2")
    expect(radio(page, "GM.1.1", "2")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect_text(state(page, "GM.1.1"), "Level 3")
    expect(radio(page, "GM.1.1", "3")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect_text(state(page, "GM.1.1"), "Level 2")

    # A comment, by keyboard: Tab leaves the radio group for "Help, evidence, comment",
    # Enter opens it; leaving the comment saves it, and the focus goes on to the link.
    article = question(page, "GM.1.1")
    page.keyboard.press("Tab")
    expect(article.locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(article.get_by_label("Comment")).to_be_focused()
    page.keyboard.type("Decision 12/2024 names the CIO.")
    page.keyboard.press("Tab")
    # Saved: the article came back from the server with the answer's next version.
    expect(article.locator("input[name=version]")).to_have_value("5")
    expect(article.get_by_label("Evidence link")).to_be_focused()

    page.reload()
    expect(radio(page, "GM.1.1", "2")).to_be_checked()
    expect(question(page, "GM.1.1").get_by_label("Comment")).to_have_value("Decision 12/2024 names the CIO.")
    expect_text(page.locator("#progress-section-text"), "1 / 15")


def test_section_page_fits_a_phone_screen(chromium, live_server, scenario):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        log_in(page, live_server, scenario)
        page.goto(section_url(live_server, scenario))
        page.locator('[id="q-GM.1.1"]').wait_for()

        width = page.evaluate("document.documentElement.scrollWidth")

        assert width <= 390, f"the section page is {width} px wide on a 390 px screen: it scrolls sideways"
    finally:
        context.close()
