"""The awards in a real browser: apply, recommend through the link, judge, publish, download a certificate."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import PASSWORD, log_in_with_second_factor
from wego.accounts.models import Role, RoleKind, User
from wego.awards import services
from wego.awards.models import Application, Edition, Judge

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _person(email: str, kind: str) -> tuple[User, TOTPDevice]:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=email.split("@")[0])
    Role.objects.create(user=user, kind=kind)
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def _log_in(context, live_server, user: User, device: TOTPDevice, then: str):
    page = context.new_page()
    log_in_with_second_factor(page, live_server, user.email, device)
    page.wait_for_url(f"{live_server.url}/assessments/")
    page.goto(f"{live_server.url}{then}")
    return page


def test_apply_recommend_judge_publish_and_download_a_certificate(
    chromium, live_server, scenario, coordinator_page
):
    secretariat, secretariat_device = _person("secretariat@wego.example", RoleKind.SECRETARIAT)
    judge_user, judge_device = _person("judge@example.org", RoleKind.JUDGE)
    now = timezone.now()
    edition = services.edition_create(
        number=5,
        year=now.year,
        title="Test Awards",
        category_set="2020",
        actor=secretariat,
        applications_open_at=now - timezone.timedelta(days=1),
        applications_close_at=now + timezone.timedelta(days=10),
    )
    page = coordinator_page

    # Phase 1: the applicant goes through the steps.
    page.goto(f"{live_server.url}/awards/editions/5/")
    page.get_by_role("button", name="Start an application").click()
    page.locator("select[name=city]").select_option(label="Testville")
    page.get_by_label("Contact person").fill("Test Coordinator")
    page.get_by_role("button", name="Save and continue").click()
    page.locator("select[name=category]").select_option(label="Mobility")
    page.get_by_label("Project title (English)").fill("Night bus app")
    page.get_by_label("Summary (English)").fill("Buses on demand at night.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("The problem it addresses (English)").fill("No buses after midnight.")
    page.get_by_label("What was done (English)").fill("An app to call a bus.")
    page.get_by_label("Results and evidence (English)").fill("12,000 rides in the first month.")
    page.get_by_label("The texts are in English").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Recommender's name").fill("Mayor of Testville")
    page.get_by_label("Recommender's email").fill("mayor@testville.example")
    page.get_by_label("Recommender's organisation").fill("Testville City Hall")
    page.get_by_role("button", name="Send the upload link").click()
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_url("**/awards/applications/*/")
    assert "Submitted" in page.locator("main").inner_text()

    # The recommender uploads the letter through the personal link, without an account.
    letter = next(m for m in mail.outbox if m.to == ["mayor@testville.example"])
    link = next(line for line in letter.body.splitlines() if "/awards/recommend/" in line)
    recommender = chromium.new_context().new_page()
    recommender.goto(live_server.url + link[link.index("/awards/recommend/") :])
    recommender.get_by_label("Recommendation letter (PDF)").set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    recommender.get_by_role("button", name="Upload the recommendation").click()
    assert "Recommendation received" in recommender.locator("main").inner_text()

    # Phase 2: the secretariat sets the panel and opens the round; the judge scores.
    application = Application.objects.get(edition=edition)
    judge = Judge.objects.create(edition=edition, user=judge_user, email=judge_user.email, name="Judge One")
    application.category.panel.members.add(judge)
    services.round_open(edition=edition, number=1, actor=secretariat)
    judging = _log_in(chromium.new_context(), live_server, judge_user, judge_device, "/awards/judging/")
    judging.get_by_role("link", name="Night bus app").click()
    for select in judging.locator("select[name^='score-']").all():
        select.select_option("8")
    judging.get_by_role("button", name="Submit the scores").click()
    assert "Scores saved." in judging.locator("main").inner_text()

    # Phase 3: the chair decides and publishes.
    results = _log_in(
        chromium.new_context(), live_server, secretariat, secretariat_device, "/awards/editions/5/results/"
    )
    results.get_by_label("Reason (written, kept with the results)").fill(
        "The only entry, scored 8 throughout."
    )
    results.get_by_role("button", name="Record the chair decision").click()
    results.get_by_role("button", name="Publish the results").click()
    assert Edition.objects.get(number=5).status == "published"

    # Anyone downloads the winner's certificate.
    public = chromium.new_context(accept_downloads=True).new_page()
    public.goto(f"{live_server.url}/awards/winners/")
    with public.expect_download() as download:
        public.get_by_role("link", name="PDF").first.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
