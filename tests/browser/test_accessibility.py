"""WCAG 2.2 AA: axe-core checks the pages in Chromium; no serious or critical violation.

Public pages, a coordinator's pages, and every HTML page the permission matrix opens to the
secretariat and to a judge (84 and 40 pages with the matrix's world).

axe-core (MPL-2.0, vendored under tests/browser/vendor/) is injected into each page; the
browser context bypasses the Content-Security-Policy for that injection only (the site's
own pages never run inline scripts).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import log_in
from wego.assessments.models import Answer, AssessmentStatus
from wego.assessments.services import assessments_score

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def audited(chromium, live_server, scenario):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


PUBLIC_PAGES = [
    "/",
    "/account/login/",
    "/account/password-reset/",
    "/practices/",
    "/partners/",
    "/members/",
    "/members/statistics/",
    "/awards/",
    "/awards/winners/",
    "/learning/",
    "/governance/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_violation(audited, live_server, path):
    audited.goto(f"{live_server.url}{path}")

    assert violations(audited) == []


def _submitted(scenario):
    assessment = scenario.assessment
    Answer.objects.create(assessment=assessment, question_id="GM.1.1", value="2")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    assessments_score(assessments=[assessment])
    return assessment


COORDINATOR_PAGES = [
    "/assessments/",
    "/assessments/{a}/",
    "/assessments/{a}/sections/GM/",
    "/assessments/{a}/history/",
    "/assessments/{a}/team/",
    "/assessments/{a}/dashboard/",
    "/assessments/{a}/report/",
    "/assessments/{a}/workbook/upload/",
    "/cities/{city}/benchmarking/",
    "/cities/{city}/plan/",
    "/modules/",
    "/modules/digital-identity-sso/?assessment={a}",
    "/account/",
    "/account/inbox/",
    "/account/two-factor/",
    "/assistance/",
    "/members/mine/",
    "/members/apply/",
]


def test_coordinator_pages_have_no_serious_violation(audited, live_server, scenario):
    from wego.solutions.services import plan_create

    assessment = _submitted(scenario)
    plan_create(assessment=assessment, user=None)
    log_in(audited, live_server, scenario)

    found = {}
    for path in COORDINATOR_PAGES:
        audited.goto(f"{live_server.url}{path.format(a=assessment.pk, city=assessment.city_id)}")
        problems = violations(audited)
        if problems:
            found[path] = problems

    assert found == {}


@pytest.mark.parametrize("persona", ["secretariat", "judge"])
def test_every_page_the_secretariat_and_a_judge_reach_has_no_serious_violation(
    chromium, live_server, transactional_db, persona
):
    """The pages the permission matrix says this persona may open (200), each checked by axe."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.browser.conftest import PASSWORD, log_in_with_second_factor
    from tests.personas import build_world
    from tests.test_permissions import PERSONAS, cases

    world = build_world()
    index = PERSONAS.index(persona)
    pages = sorted(
        {url for method, url, _data, statuses in cases(world) if method == "GET" and statuses[index] == 200}
    )
    user = world.users[persona]
    user.set_password(PASSWORD)
    user.save()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in_with_second_factor(page, live_server, user.email, device)
    page.wait_for_load_state()

    found = {}
    checked = 0
    for path in pages:
        # Files (PDFs, workbooks, attachments) are not pages.
        if "text/html" not in page.request.get(f"{live_server.url}{path}").headers.get("content-type", ""):
            continue
        page.goto(f"{live_server.url}{path}")
        assert page.url == f"{live_server.url}{path}"  # the page itself, not a login redirect
        checked += 1
        problems = violations(page)
        if problems:
            found[path] = problems
    context.close()

    assert checked > 10
    assert found == {}
