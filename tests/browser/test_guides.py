"""The user guides' walk-throughs, one per role, in Chromium; they take the guides' screenshots.

Each test does a role's main tasks as a person does them and checks what the person must
see at each step. At each step a guide shows, it takes a screenshot (1200 x 800): always into
pytest's tmp_path, and also into the folder named by WEGO_GUIDE_SCREENSHOTS when it is set:

    WEGO_GUIDE_SCREENSHOTS=docs/guides/images pytest tests/browser/test_guides.py

GUIDE_SCREENSHOTS is the one list of the screenshots: the walk-throughs must take exactly
these, in this order, and test_guides_show_exactly_the_screenshots_the_walk_throughs_take
checks that the guides in docs/guides/ show exactly these files. All data here is invented
test data (Testville and its people).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.awards.world import filled, recommended
from tests.browser.conftest import PASSWORD, log_in_with_second_factor
from tests.factories import CityFactory
from wego.accounts.models import Role, RoleKind, User
from wego.accounts.services import invitation_create
from wego.assessments.models import Answer, AssessmentStatus
from wego.assessments.services import AnswerInput, answer_save, assessments_score
from wego.awards import services as awards
from wego.awards.models import ApplicationStatus, Assignment, Judge, Phase, PhaseKind, Winner
from wego.members.models import Fee, MemberCategory
from wego.members.services import ContactInput, membership_apply

GUIDES = Path(__file__).resolve().parents[2] / "docs" / "guides"
SCREENSHOTS_FOLDER_VARIABLE = "WEGO_GUIDE_SCREENSHOTS"
VIEWPORT = {"width": 1200, "height": 800}
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

# The screenshots of each guide, in the order its walk-through takes them; the file of a step
# is docs/guides/images/<role>-<step>.png.
GUIDE_SCREENSHOTS: dict[str, tuple[str, ...]] = {
    "coordinator": (
        "01-log-in",
        "02-assessments",
        "03-assessment",
        "04-team",
        "05-answer",
        "06-workbook",
        "07-workbook-refused",
        "08-submitted",
        "09-dashboard",
        "10-key-gaps",
        "11-benchmarks",
        "12-master-plan",
        "13-report",
    ),
    "respondent": (
        "01-invitation",
        "02-sections",
        "03-answer-with-evidence",
        "04-conflict",
        "05-progress",
    ),
    "judge": (
        "01-two-factor",
        "02-judging-list",
        "03-entry",
        "04-scores",
        "05-scores-saved",
        "06-conflict-declared",
    ),
    "secretariat": (
        "01-cycles",
        "02-open-a-cycle",
        "03-cycle",
        "04-overview",
        "05-awards-edition",
        "06-awards-panels",
        "07-awards-round",
        "08-awards-results",
        "09-membership-applications",
        "10-invoices",
        "11-audit-log",
    ),
}


class Camera:
    """Takes a role's screenshots under their stable names, and checks none is missed."""

    def __init__(self, role: str, tmp_path: Path):
        self.role = role
        self.folders = [tmp_path / "guides"]
        if os.environ.get(SCREENSHOTS_FOLDER_VARIABLE):
            self.folders.append(Path(os.environ[SCREENSHOTS_FOLDER_VARIABLE]))
        for folder in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
        self.taken: list[str] = []

    def shoot(self, page, step: str, *, scroll_to=None, element=None, full_page: bool = False) -> None:
        """The viewport (from `scroll_to` when given), the whole page, or just one `element`."""
        assert step in GUIDE_SCREENSHOTS[self.role], f"{self.role}-{step} is not in GUIDE_SCREENSHOTS"
        if scroll_to is not None:
            # The part of the page the guide talks about at the top of the picture.
            scroll_to.evaluate("element => element.scrollIntoView({block: 'start'})")
        if element is not None:
            png = element.screenshot(animations="disabled", caret="hide")
        else:
            png = page.screenshot(full_page=full_page, animations="disabled", caret="hide")
        for folder in self.folders:
            (folder / f"{self.role}-{step}.png").write_bytes(png)
        self.taken.append(step)

    def check_all_taken(self) -> None:
        assert tuple(self.taken) == GUIDE_SCREENSHOTS[self.role]


def _new_page(chromium):
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(20_000)
    return context, context.new_page()


def _text(locator) -> str:
    return " ".join(locator.inner_text().split())


def _question(page, question_id: str):
    return page.locator(f'article.question[id="q-{question_id}"]')


def _level(page, question_id: str, level: int):
    return _question(page, question_id).locator(
        "label.level", has=page.locator(f'input[type="radio"][value="{level}"]')
    )


def _answer_most_of_the_questionnaire(assessment) -> None:
    """Invented answers to every scale question outside Governance Mechanism (GM), which the
    walk-through answers itself: levels 1 to 4 in turn, so that the diagnosis has gaps."""
    framework = assessment.cycle.framework.load()
    questions = [q for q in framework.questions() if q.type == "scale" and not q.id.startswith("GM.")]
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_id=q.id, value=str(1 + i % 4)) for i, q in enumerate(questions)
    )
    assessment.status = AssessmentStatus.IN_PROGRESS
    assessment.save()


def _person(email: str, kind: str, *, name: str, city=None, second_factor: bool = False, **extra):
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name, **extra)
    Role.objects.create(user=user, kind=kind, city=city)
    if second_factor:
        return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def _log_in_with_second_factor(page, live_server, email: str, device, camera: Camera) -> None:
    """As conftest.log_in_with_second_factor, with a screenshot of the code filled in."""

    def photograph(page):
        assert page.locator("h1").inner_text() == "Two-factor authentication"
        camera.shoot(page, "01-two-factor")

    log_in_with_second_factor(page, live_server, email, device, before_verify=photograph)
    page.wait_for_url(f"{live_server.url}/assessments/")


def _closed_edition(secretariat, now):
    """The 5th Test Awards, applications closed yesterday."""
    return awards.edition_create(
        number=5,
        year=now.year,
        title="Test Awards",
        category_set="2020",
        actor=secretariat,
        applications_open_at=now - dt.timedelta(days=30),
        applications_close_at=now - dt.timedelta(days=1),
    )


def test_coordinator_guide(chromium, live_server, scenario, tmp_path):
    from playwright.sync_api import expect

    camera = Camera("coordinator", tmp_path)
    assessment = scenario.assessment
    city = assessment.city
    User.objects.filter(email=scenario.email).update(full_name="Testville Coordinator")
    _answer_most_of_the_questionnaire(assessment)
    _person("respondent@testville.example", RoleKind.RESPONDENT, name="Testville Respondent", city=city)
    context, page = _new_page(chromium)

    # Log in; the Assessments page lists the city's assessments.
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Email address").fill(scenario.email)
    page.get_by_label("Password").fill(scenario.password)
    camera.shoot(page, "01-log-in")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/assessments/")
    assert page.locator("h1").inner_text() == "Assessments"
    row = page.locator("tbody tr").first
    assert [_text(cell) for cell in row.locator("td").all()][:3] == [
        "Testville",
        assessment.cycle.name,
        "In progress",
    ]
    camera.shoot(page, "02-assessments")

    # Open it: progress by section, and the actions.
    row.get_by_role("link", name="Testville").click()
    assert page.locator("h1").inner_text() == f"Testville: {assessment.cycle.name}"
    expect(page.locator("table.sections tbody tr").first).to_contain_text("Governance Mechanism 0 / 15")
    camera.shoot(page, "03-assessment")

    # Team: give the respondent two sections, and invite another official.
    page.get_by_role("button", name="Team", exact=True).click()
    respondent_row = page.locator("tbody tr").filter(has_text="respondent@testville.example")
    respondent_row.get_by_label("Governance Mechanism").check()
    respondent_row.get_by_label("Policy & Institution").check()
    respondent_row.get_by_role("button", name="Save assignments").click()
    assert _text(page.locator(".message-success")) == "Assignments saved for Testville Respondent."
    page.get_by_label("Email address of the official").fill("it-office@testville.example")
    page.locator("fieldset.section-checks").last.get_by_label("Resource Capacity").check()
    page.get_by_role("button", name="Invite", exact=True).click()
    assert _text(page.locator(".message-success")) == (
        "An invitation is on its way to it-office@testville.example."
    )
    assert [m.to for m in mail.outbox] == [["it-office@testville.example"]]
    camera.shoot(page, "04-team")

    # Answer a question: a click on a level saves it.
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Governance Mechanism").click()
    assert page.locator("h1").inner_text() == "Governance Mechanism"
    _level(page, "GM.1.1", 3).click()
    expect(_question(page, "GM.1.1").locator(".answer-state")).to_have_text("Level 3")
    _level(page, "GM.1.2", 4).click()
    expect(_question(page, "GM.1.2").locator(".answer-state")).to_have_text("Level 4")
    expect(page.locator("#progress-section-text")).to_have_text("2 / 15")
    camera.shoot(page, "05-answer", scroll_to=page.locator("h1"))

    # The Excel workbook page; a file that is not a workbook is refused with the reason.
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Excel workbook").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_role("button", name="Upload Excel workbook").click()
    assert page.locator("h1").inner_text() == "Answer offline in an Excel workbook"
    camera.shoot(page, "06-workbook")
    page.get_by_label("Filled-in workbook (.xlsx)").set_input_files(
        files=[{"name": "answers.xlsx", "mimeType": "text/csv", "buffer": b"GM.1.1;3\n"}]
    )
    page.get_by_role("button", name="Upload and save").click()
    assert _text(page.locator("#workbook-errors-title")) == "The workbook has 1 problem; nothing was saved."
    assert _text(page.locator(".workbook-errors td.error")) == (
        "The file is not an Excel workbook (.xlsx). Upload the workbook downloaded from this page, "
        "saved as an Excel Workbook."
    )
    camera.shoot(page, "07-workbook-refused")

    # Submit.
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    page.get_by_role("button", name="Submit the assessment").click()
    assert _text(page.locator(".message-success")) == (
        "Submitted. The assessment is locked; it can be reopened with a reason."
    )
    expect(page.locator("hgroup .status-submitted")).to_have_text("Submitted")
    camera.shoot(page, "08-submitted")

    # The diagnosis: scores and stage, key gaps, benchmarks.
    page.get_by_role("button", name="Diagnosis").click()
    assert page.locator("h1").inner_text() == "Diagnosis: Testville"
    stats = page.locator("section.stats article")
    assert stats.nth(0).inner_text().splitlines()[1] == "overall score (0-100)"
    assert stats.nth(1).inner_text().splitlines()[1] == "stage"
    assert page.locator("svg.chart-radar").count() == 1
    camera.shoot(page, "09-dashboard")
    assert page.locator("ol.gaps > li").count() == 8
    camera.shoot(page, "10-key-gaps", scroll_to=page.locator("#gaps-title"))
    bench = page.locator("section[aria-labelledby=bench-title] tbody tr").first
    assert bench.locator("td").nth(2).inner_text() == "fewer than five submitted assessments: no statistics"
    camera.shoot(page, "11-benchmarks", scroll_to=page.locator("#bench-title"))

    # The Master Plan, built from this diagnosis.
    page.get_by_role("link", name="The city's Master Plan: these modules by quarter").click()
    page.get_by_role("button", name=f"Build the plan from the {assessment.cycle.year} diagnosis").click()
    assert _text(page.locator(".message-success")) == (
        f"The Master Plan is built from the {assessment.cycle.year} diagnosis."
    )
    assert page.locator("h1").inner_text() == "Master Plan of Testville"
    assert page.locator("table.plan-table tbody tr").count() >= 1
    camera.shoot(page, "12-master-plan")

    # The diagnostic report (PDF).
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/dashboard/")
    page.get_by_role("button", name="Diagnostic report (PDF)").click()
    assert page.locator("h1").inner_text() == "Diagnostic report: Testville"
    download_link = page.get_by_role("button", name="Download the report (PDF)")
    expect(download_link).to_be_visible(timeout=60_000)
    camera.shoot(page, "13-report")
    with page.expect_download() as download:
        download_link.click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    context.close()
    camera.check_all_taken()


def test_respondent_guide(chromium, live_server, scenario, tmp_path):
    from playwright.sync_api import expect

    camera = Camera("respondent", tmp_path)
    assessment = scenario.assessment
    coordinator = User.objects.get(email=scenario.email)
    coordinator.full_name = "Testville Coordinator"
    coordinator.save()
    _invitation, link = invitation_create(
        email="respondent@testville.example",
        kind=RoleKind.RESPONDENT,
        actor=coordinator,
        city=assessment.city,
        assessment=assessment,
        sections=["GM", "PI"],
    )
    context, page = _new_page(chromium)

    # The invitation link: a name and a password, and the account is ready.
    page.goto(live_server.url + link[link.index("/account/invitation/") :])
    assert page.locator("h1").inner_text() == "Welcome to the WeGO platform"
    page.get_by_label("Your name").fill("Testville Respondent")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    camera.shoot(page, "01-invitation")
    page.get_by_role("button", name="Accept and continue").click()
    page.wait_for_url(f"{live_server.url}/assessments/")
    assert _text(page.locator(".message-success")) == "Welcome. Your account is ready."

    # The assessment: the assigned sections can be changed, the others are read only.
    page.get_by_role("link", name="Testville").click()
    sections = page.locator("table.sections tbody tr")
    assert _text(sections.nth(0).locator("td").first) == "Governance Mechanism"
    assert _text(sections.nth(1).locator("td").first) == "Policy & Institution"
    assert _text(sections.nth(2).locator("td").first) == "Resource Capacity (read only)"
    camera.shoot(page, "02-sections")

    # Answer by level, with an evidence link; "don't know" where nobody knows.
    sections.nth(0).get_by_role("link").click()
    _level(page, "GM.1.1", 4).click()
    first = _question(page, "GM.1.1")
    expect(first.locator(".answer-state")).to_have_text("Level 4")
    first.get_by_text("Help, evidence, comment").click()
    first.get_by_label("Evidence link").fill("https://testville.example/decisions/2024-12.pdf")
    first.get_by_label("Evidence link").press("Tab")
    expect(first.locator("input[name=version]")).to_have_value("2")
    camera.shoot(page, "03-answer-with-evidence", element=first)
    _question(page, "GM.1.2").get_by_label("Don't know").check()
    expect(_question(page, "GM.1.2").locator(".answer-state")).to_have_text("Don't know")
    expect(page.locator("#progress-section-text")).to_have_text("2 / 15")

    # Someone else answers GM.1.3 while the page is open: the platform shows both answers.
    answer_save(assessment=assessment, actor=coordinator, item=AnswerInput(question_id="GM.1.3", value="2"))
    _level(page, "GM.1.3", 4).click()
    conflict = _question(page, "GM.1.3").locator(".conflict")
    expect(conflict).to_contain_text("Testville Coordinator changed this answer at")
    expect(conflict).to_contain_text("after you opened the page. Theirs: Level 2. Yours: Level 4.")
    camera.shoot(page, "04-conflict", scroll_to=_question(page, "GM.1.3"))
    conflict.get_by_role("button", name="Use mine").click()
    expect(_question(page, "GM.1.3").locator(".answer-state")).to_have_text("Level 4")
    assert Answer.objects.get(assessment=assessment, question_id="GM.1.3").value == "4"

    # Progress, on the assessment's page.
    page.get_by_role("link", name=f"Testville: {assessment.cycle.name}").click()
    assert _text(page.locator("#progress-title + p")).startswith("3 of ")
    assert _text(sections.nth(0).locator("td").nth(1)) == "3 / 15"
    camera.shoot(page, "05-progress")
    context.close()
    camera.check_all_taken()


def test_judge_guide(chromium, live_server, scenario, tmp_path):
    camera = Camera("judge", tmp_path)
    now = timezone.now()
    secretariat = _person("secretariat@wego.example", RoleKind.SECRETARIAT, name="WeGO Secretariat")
    judge_user, device = _person("judge@example.org", RoleKind.JUDGE, name="Judge One", second_factor=True)
    edition = _closed_edition(secretariat, now)
    mobility = edition.categories.get(slug="mobility")
    coordinator = User.objects.get(email=scenario.email)
    for title in ("Night bus app", "Bike lanes map"):
        entry = filled(
            edition,
            coordinator,
            scenario.assessment.city,
            mobility,
            title,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=now - dt.timedelta(days=2),
        )
        recommended(entry)
    judge = Judge.objects.create(edition=edition, user=judge_user, email=judge_user.email, name="Judge One")
    mobility.panel.members.add(judge)
    awards.round_open(edition=edition, number=1, actor=secretariat)
    context, page = _new_page(chromium)

    # Log in with the second factor; My judging lists the entries to score.
    _log_in_with_second_factor(page, live_server, judge_user.email, device, camera)
    page.goto(f"{live_server.url}/awards/")
    page.get_by_role("link", name="My judging").click()
    assert page.locator("h1").inner_text() == "My judging"
    rows = page.locator("tbody tr")
    assert [_text(r.locator("td").nth(4)) for r in rows.all()] == ["to score", "to score"]
    camera.shoot(page, "02-judging-list")

    # Open an entry: the application, then one 1-10 score per criterion.
    page.get_by_role("link", name="Night bus app").click()
    assert page.locator("h1").inner_text().endswith(": Night bus app")
    camera.shoot(page, "03-entry")
    criteria = page.locator("select[name^='score-']")
    assert criteria.count() == edition.criteria.count()
    for select in criteria.all():
        assert select.locator("option").all_inner_texts() == ["-", *(str(n) for n in range(1, 11))]
        select.select_option("8")
    page.get_by_label("Overall comment (optional)").fill("Clear results, measured over a year.")
    camera.shoot(page, "04-scores", scroll_to=page.get_by_role("heading", name="Your scores"))
    page.get_by_role("button", name="Submit the scores").click()
    assert _text(page.locator(".message-success")) == "Scores saved."
    assert page.get_by_role("heading", name="Other judges' scores").is_visible()
    camera.shoot(page, "05-scores-saved")

    # A conflict of interest with the other entry: declared, it leaves the list.
    page.get_by_role("link", name="My judging").first.click()
    page.get_by_role("link", name="Bike lanes map").click()
    page.get_by_label("Type").select_option(label="Employer")
    page.get_by_label("Note").fill("I advised the city on this project.")
    page.get_by_role("button", name="Declare and remove from my list").click()
    assert (
        _text(page.locator(".message-success")) == "Conflict declared: the entry is removed from your list."
    )
    assert [_text(r.locator("td").nth(4)) for r in page.locator("tbody tr").all()] == ["submitted"]
    camera.shoot(page, "06-conflict-declared")
    context.close()
    camera.check_all_taken()


def test_secretariat_guide(chromium, live_server, scenario, tmp_path):
    from playwright.sync_api import expect

    camera = Camera("secretariat", tmp_path)
    assessment = scenario.assessment
    city = assessment.city
    coordinator = User.objects.get(email=scenario.email)
    _answer_most_of_the_questionnaire(assessment)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    assessments_score(assessments=[assessment])
    secretariat, device = _person(
        "secretariat@wego.example",
        RoleKind.SECRETARIAT,
        name="WeGO Secretariat",
        second_factor=True,
        is_staff=True,
    )
    now = timezone.now()
    edition = _closed_edition(secretariat, now)
    Phase.objects.create(edition=edition, kind=PhaseKind.APPLICATION, starts_at=now - dt.timedelta(days=30))
    Phase.objects.create(edition=edition, kind=PhaseKind.FIRST_ROUND, starts_at=now)
    mobility = edition.categories.get(slug="mobility")
    for title in ("Night bus app", "Bike lanes map"):
        recommended(
            filled(
                edition,
                coordinator,
                city,
                mobility,
                title,
                status=ApplicationStatus.SUBMITTED,
                submitted_at=now - dt.timedelta(days=2),
            )
        )
    judges = []
    for number in (1, 2):
        user = _person(f"judge{number}@example.org", RoleKind.JUDGE, name=f"Judge {number}")
        judges.append(
            Judge.objects.create(edition=edition, user=user, email=user.email, name=f"Judge {number}")
        )
    newtown = CityFactory(name="Newtown", slug="newtown", member_category="non_member")
    membership_apply(
        applicant=coordinator,
        city=newtown,
        mayor_name="Mayor of Newtown",
        letter=SimpleUploadedFile("letter.pdf", PDF),
        contacts=[ContactInput(role="mayor", name="Mayor of Newtown", email="mayor@newtown.example")],
    )
    context, page = _new_page(chromium)
    log_in_with_second_factor(page, live_server, secretariat.email, device)
    page.wait_for_url(f"{live_server.url}/assessments/")

    # Cycles: open next year's cycle for Testville.
    page.get_by_role("link", name="Cycles").click()
    assert page.locator("h1").inner_text() == "Assessment cycles"
    camera.shoot(page, "01-cycles")
    page.get_by_role("button", name="Open a cycle").click()
    year = timezone.localdate().year + 1
    page.get_by_label("Year").fill(str(year))
    page.get_by_label("Name").fill(f"CeDS {year}")
    page.get_by_label("Framework version").select_option(index=1)
    page.get_by_label("Opens on").fill(f"{year}-03-01")
    page.get_by_label("Closes on (last day to submit, UTC)").fill(f"{year}-06-30")
    page.get_by_label("Share of questions that must be answered to submit (%)").fill("80")
    page.get_by_label("Invited members (none selected: all members)").select_option(value=str(city.pk))
    camera.shoot(page, "02-open-a-cycle", full_page=True)
    page.get_by_role("button", name="Open the cycle").click()
    assert _text(page.locator(".message-success")) == f"Cycle CeDS {year} is open."
    assert page.locator("h1").inner_text() == f"CeDS {year}"
    assert [_text(c) for c in page.locator("tbody tr").first.locator("td").all()][:3] == [
        "Testville",
        city.country.name,
        "Not started",
    ]
    camera.shoot(page, "03-cycle")

    # The overview of this year's cycle across the network.
    page.get_by_role("link", name="Overview").click()
    page.get_by_label("Cycle", exact=True).select_option(label=assessment.cycle.name)
    page.get_by_role("button", name="Show").click()
    assert page.locator("h1").inner_text() == "Overview of the network"
    participation = page.locator("section.stats article")
    assert [a.inner_text().splitlines() for a in participation.all()] == [
        ["2", "invited"],  # Testville, and Newtown: an associate member once it has applied
        ["1", "started"],
        ["1", "submitted"],
    ]
    camera.shoot(page, "04-overview")

    # The awards: the edition, its panel, the first round, the results.
    page.goto(f"{live_server.url}/awards/editions/5/")
    phases = page.locator("table").filter(has_text="Phase").locator("tbody tr")
    assert [_text(r.locator("td").first) for r in phases.all()] == ["Applications", "First judging round"]
    page.get_by_role("link", name="Manage this edition").click()
    assert page.locator("tbody tr").count() == 2
    camera.shoot(page, "05-awards-edition")
    page.get_by_role("link", name="Judges and panels").click()
    panel = page.locator("form").filter(has=page.locator("legend", has_text="Mobility"))
    panel.get_by_label("Judge 1").check()
    panel.get_by_label("Judge 2").check()
    panel.get_by_role("button", name="Save the panel").click()
    assert _text(page.locator(".message-success")) == "Panel saved."
    camera.shoot(page, "06-awards-panels", scroll_to=page.get_by_role("heading", name="Panels"))
    page.get_by_role("link", name="Rounds and progress").click()
    page.get_by_role("button", name="Open the first round").click()
    assert _text(page.locator(".message-success")) == (
        "Round 1 is open: 4 assignments; 0 entries may not enter judging."
    )
    camera.shoot(page, "07-awards-round")
    for assignment in Assignment.objects.select_related("judge__user", "application"):
        score = 8 if assignment.application.project_title == "Night bus app" else 6
        awards.scores_save(
            assignment=assignment,
            actor=assignment.judge.user,
            values={c.pk: (score, "") for c in awards.criteria_for(assignment.application)},
            comment="",
            submit=True,
        )
    page.get_by_role("link", name="Results").click()
    entries = (
        page.locator("table").filter(has=page.locator("caption", has_text="Entries")).locator("tbody tr")
    )
    assert _text(entries.first).startswith("1 ")
    assert "Night bus app" in _text(entries.first)
    page.get_by_label("Reason (written, kept with the results)").fill("The higher calibrated score.")
    page.get_by_role("button", name="Record the chair decision").click()
    assert _text(page.locator(".message-success")) == "Decision recorded for Mobility."
    camera.shoot(page, "08-awards-results", scroll_to=page.get_by_role("heading", name="Mobility"))
    page.get_by_role("button", name="Publish the results").click()
    assert _text(page.locator(".message-success")) == "The results are published."
    winners = Winner.objects.filter(edition=edition).order_by("rank")
    assert list(winners.values_list("application__project_title", "rank")) == [
        ("Night bus app", 1),
        ("Bike lanes map", 2),
    ]

    # Membership: the applications, then the year's invoices.
    page.get_by_role("link", name="Members").first.click()
    page.get_by_role("link", name="Applications").click()
    assert page.locator("h1").inner_text() == "Membership applications"
    expect(page.locator("#applications tbody tr").first).to_contain_text("Newtown")
    camera.shoot(page, "09-membership-applications")
    page.get_by_role("link", name="Invoices and payments").click()
    issue = page.get_by_role("button", name="Issue the year's invoices to every member without one")
    issue.click()
    this_year = timezone.localdate().year
    assert _text(page.locator("p.error")) == (
        f"No fee is set for the category Associate member in {this_year}: set it in the fee schedule first."
    )
    for category in MemberCategory.values:
        if category != MemberCategory.NON_MEMBER:
            Fee.objects.create(year=this_year, category=category, amount=1000)
    issue.click()
    expect(page.locator(".message-success")).to_have_text("2 invoices issued.")
    camera.shoot(page, "10-invoices")

    # The audit log: every change, with who made it.
    page.get_by_role("link", name="Audit log").click()
    assert page.locator("h1").inner_text() == "Audit log"
    actions = [_text(r.locator("td").nth(2)) for r in page.locator("tbody tr").all()]
    assert "cycle.open" in actions
    camera.shoot(page, "11-audit-log")
    context.close()
    camera.check_all_taken()


def test_guides_show_exactly_the_screenshots_the_walk_throughs_take():
    images = GUIDES / "images"
    expected = {f"{role}-{step}.png" for role, steps in GUIDE_SCREENSHOTS.items() for step in steps}
    shown: dict[str, set[str]] = {}
    for role in GUIDE_SCREENSHOTS:
        text = (GUIDES / f"{role}.md").read_text(encoding="utf-8")
        shown[role] = set(re.findall(r"!\[[^\]]*\]\(images/([^)\s]+)\)", text))

    for role, names in shown.items():
        assert names == {f"{role}-{step}.png" for step in GUIDE_SCREENSHOTS[role]}, role
    assert {p.name for p in images.iterdir()} == expected
