"""The network in one go, in Chromium: a city applies for membership, the secretariat approves
it at a meeting, and the new member registers an official for a webinar and downloads its .ics."""

import datetime as dt

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import PASSWORD, log_in_with_second_factor
from tests.members.helpers import pdf_bytes
from wego.accounts.models import Role, RoleKind, User
from wego.governance.models import Body, BodyKind, Meeting
from wego.learning.models import Webinar, WebinarRegistration
from wego.members.models import ApplicationStatus, City, MembershipApplication


def test_apply_approve_at_a_meeting_then_register_an_official_and_download_the_ics(
    chromium, coordinator_page, live_server, scenario, tmp_path
):
    City.objects.filter(slug="testville").update(member_category="non_member")
    city = City.objects.get(slug="testville")
    official = User.objects.create_user(email="official@testville.example", full_name="Testville Official")
    Role.objects.create(user=official, kind=RoleKind.RESPONDENT, city=city)
    today = timezone.localdate()
    committee = Body.objects.create(kind=BodyKind.EXECUTIVE_COMMITTEE, name="Executive Committee")
    meeting = Meeting.objects.create(
        body=committee, title="Executive Committee today", starts_on=today, ends_on=today
    )
    starts = (timezone.now() + dt.timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    Webinar.objects.create(
        slug="open-data-for-cities",
        title="Open data for cities",
        starts_at=starts,
        duration_minutes=60,
        capacity=30,
        join_url="https://meet.example.org/j/42",
    )
    page = coordinator_page

    # 1. The city applies, with the mayor's signed letter.
    page.goto(f"{live_server.url}/members/apply/")
    page.locator("#id_city").select_option(label="Testville")
    page.get_by_label("Name of the mayor who signed the letter").fill("Mayor of Testville")
    page.get_by_label("The mayor's signed letter (PDF)").set_input_files(
        files=[
            {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("Testville applies")}
        ]
    )
    page.locator("#id_contact_1_role").select_option("mayor")
    page.get_by_label("Contact 1: name").fill("Mayor of Testville")
    page.get_by_label("Contact 1: email address").fill("mayor@testville.example")
    page.get_by_role("button", name="Submit the application").click()
    application = MembershipApplication.objects.get()
    page.wait_for_url(f"{live_server.url}/members/applications/{application.pk}/")

    # 2. The secretariat, with its second factor, approves it at the meeting.
    secretariat = User.objects.create_user(email="secretariat@wego.example", password=PASSWORD, is_staff=True)
    Role.objects.create(user=secretariat, kind=RoleKind.SECRETARIAT)
    device = TOTPDevice.objects.create(user=secretariat, name="app", confirmed=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    staff = context.new_page()
    log_in_with_second_factor(staff, live_server, secretariat.email, device)
    staff.wait_for_url(f"{live_server.url}/assessments/")
    staff.goto(f"{live_server.url}/governance/meetings/{meeting.pk}/")
    staff.get_by_role("button", name="Membership approvals").click()
    staff.get_by_role("button", name="Approve Testville").click()
    assert staff.locator(".message-success").inner_text() == (
        f"Testville approved as a Full member at {meeting.reference}."
    )
    context.close()
    application.refresh_from_db()
    city.refresh_from_db()
    assert (application.status, city.member_category) == (ApplicationStatus.APPROVED, "full")

    # 3. The new member registers an official for a webinar and takes the .ics.
    page.goto(f"{live_server.url}/learning/")
    page.get_by_role("link", name="Open data for cities").click()
    page.get_by_label("Official", exact=True).select_option(
        label="Testville Official (official@testville.example)"
    )
    page.get_by_role("button", name="Register the official").click()
    assert list(WebinarRegistration.objects.values_list("person__email", "status")) == [
        ("official@testville.example", "registered")
    ]
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    saved = tmp_path / "event.ics"
    info.value.save_as(saved)
    lines = saved.read_bytes().decode().split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert f"DTSTART:{starts:%Y%m%dT090000Z}" in lines
    assert "SUMMARY:Open data for cities" in lines
