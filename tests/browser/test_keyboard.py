"""Everything works from the keyboard: every control on the main pages is reached with Tab and
shows where the focus is; the skip link, the language switcher and the charts' data tables
are operated without a mouse. Pages are also checked by axe-core in Arabic (right to left)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_accessibility import violations
from wego.assessments.models import Answer, AssessmentStatus
from wego.assessments.services import assessments_score

# What a person can focus: the same list the browser uses for Tab, less what is hidden. Each
# gets a number, so that two look-alike links ("Open", "Open") are still told apart; the radio
# buttons of one group share a number, since Tab stops once per group (arrows move inside it).
FOCUSABLE = """() => [...document.querySelectorAll(
    'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]),'
    + ' textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])')]
  .filter(el => !el.matches(':disabled') && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden'
    && !el.closest('details:not([open]) > :not(summary)'))
  .map((el, i) => {
    const group = el.type === 'radio' ? el.form && [...document.forms].indexOf(el.form) + ':' + el.name : null;
    const first = group && document.querySelector(`[data-kbd-group="${CSS.escape(group)}"]`);
    if (group && !first) el.dataset.kbdGroup = group;
    el.dataset.kbd = first ? first.dataset.kbd : i;
    return Number(el.dataset.kbd); })
  .filter((n, i, all) => all.indexOf(n) === i)"""

# The focused element's number, whether a focus indicator shows (an outline or a box shadow:
# Pico draws focus rings as shadows), and its markup for the failure message.
ACTIVE = """() => { const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return [el.dataset.kbd === undefined ? -1 : Number(el.dataset.kbd), shown, el.outerHTML.slice(0, 100)]; }"""


def tab_through(page) -> tuple[list[int], list[str]]:
    """Press Tab until the focus comes round again: (the numbers of what was focused, in
    order; the markup of what was focused without a visible indicator)."""
    page.locator("body").focus()
    reached, unmarked = [], []
    for _ in range(500):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active is None or (reached and active[0] == reached[0]):
            break
        number, shown, markup = active
        reached.append(number)
        if not shown:
            unmarked.append(markup)
    return reached, unmarked


@pytest.fixture
def submitted(scenario):
    assessment = scenario.assessment
    Answer.objects.create(assessment=assessment, question_id="GM.1.1", value="2")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    assessments_score(assessments=[assessment])
    return assessment


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/assessments/",
        "/assessments/{pk}/dashboard/",
        "/assessments/{pk}/sections/GM/",
        "/practices/",
        "/cities/{city}/plan/",
    ],
)
def test_every_control_is_reached_with_tab_and_shows_its_focus(
    browser_page, live_server, scenario, submitted, path
):
    page = browser_page
    log_in(page, live_server, scenario)
    page.goto(live_server.url + path.format(pk=submitted.pk, city=submitted.city_id))

    focusable = page.evaluate(FOCUSABLE)
    reached, unmarked = tab_through(page)

    assert len(focusable) > 5
    assert sorted(set(focusable) - set(reached)) == []
    assert unmarked == []


def test_skip_link_is_the_first_stop_and_moves_to_the_content(browser_page, live_server, scenario):
    page = browser_page
    page.goto(f"{live_server.url}/practices/")

    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.textContent.trim()")
    box = page.evaluate("() => document.activeElement.getBoundingClientRect().left")
    page.keyboard.press("Enter")

    assert first == "Skip to content"
    assert box >= 0  # on screen once focused
    assert page.evaluate("() => location.hash") == "#main"


def test_language_is_changed_from_the_keyboard(browser_page, live_server, scenario):
    from playwright.sync_api import expect

    page = browser_page
    page.goto(f"{live_server.url}/practices/")

    page.get_by_label("Language").focus()
    page.keyboard.press("ArrowDown")  # English -> 한국어
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Change language"
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/practices/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("link", name="우수사례")).to_be_visible()


def test_map_data_table_opens_from_the_keyboard(browser_page, live_server, scenario):
    page = browser_page
    page.goto(f"{live_server.url}/")
    summary = page.locator("details.chart-data summary").first
    table = page.locator("details.chart-data table").first

    hidden_before = table.is_visible()
    summary.focus()
    page.keyboard.press("Enter")

    assert hidden_before is False
    assert table.is_visible()
    assert table.locator("tbody th").all_inner_texts() != []
    assert "Testville" in table.inner_text()


@pytest.mark.parametrize("path", ["/", "/practices/", "/members/", "/awards/", "/account/login/"])
def test_arabic_pages_are_right_to_left_and_have_no_serious_violation(chromium, live_server, scenario, path):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + path)

    direction = page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
    found = violations(page)
    context.close()

    assert direction == ["ar", "rtl"]
    assert found == []
