"""Governance in Chromium: the secretariat approves a membership application at a meeting of
the Executive Committee, and the new member's delegate casts a secret ballot and checks its
receipt in the published tally."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import PASSWORD, log_in_with_second_factor
from wego.accounts.models import Role, RoleKind, User
from wego.governance.models import Ballot, Body, BodyKind, Meeting, Vote
from wego.governance.services import vote_create, vote_open
from wego.members.models import ApplicationStatus, City, MembershipApplication
from wego.members.services import ContactInput, membership_apply

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _secretariat() -> tuple[User, TOTPDevice]:
    user = User.objects.create_user(email="secretariat@wego.example", password=PASSWORD, is_staff=True)
    Role.objects.create(user=user, kind=RoleKind.SECRETARIAT)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device


def _log_in_with_second_factor(page, live_server, user: User, device: TOTPDevice) -> None:
    log_in_with_second_factor(page, live_server, user.email, device)
    page.wait_for_url(f"{live_server.url}/assessments/")


def test_secretariat_approves_at_a_meeting_and_the_delegate_votes(
    chromium, live_server, scenario, coordinator_page
):
    city = City.objects.get(slug="testville")
    city.member_category = "non_member"
    city.save()
    coordinator = User.objects.get(email=scenario.email)
    application = membership_apply(
        applicant=coordinator,
        city=city,
        mayor_name="Mayor of Testville",
        letter=SimpleUploadedFile("letter.pdf", PDF),
        contacts=[ContactInput(role="mayor", name="Mayor of Testville", email="mayor@testville.example")],
    )
    today = timezone.localdate()
    committee = Body.objects.create(kind=BodyKind.EXECUTIVE_COMMITTEE, name="Executive Committee")
    meeting = Meeting.objects.create(
        body=committee, title="Executive Committee today", starts_on=today, ends_on=today
    )
    secretariat, device = _secretariat()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    staff = context.new_page()
    _log_in_with_second_factor(staff, live_server, secretariat, device)

    # The secretariat approves the application at the meeting.
    staff.goto(f"{live_server.url}/governance/meetings/{meeting.pk}/")
    staff.get_by_role("button", name="Membership approvals").click()
    staff.get_by_role("button", name="Approve Testville").click()

    assert staff.locator(".message-success").inner_text() == (
        f"Testville approved as a Full member at {meeting.reference}."
    )
    application.refresh_from_db()
    assert (application.status, application.approved_at_meeting) == (
        ApplicationStatus.APPROVED,
        meeting.reference,
    )
    assert MembershipApplication.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 0
    context.close()

    # A motion is opened; Testville, now a Full member, votes through its coordinator.
    now = timezone.now()
    vote = vote_create(
        meeting=meeting,
        kind="motion",
        title="Adopt the work plan",
        question="Shall the Executive Committee adopt the work plan?",
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(hours=1),
        actor=secretariat,
    )
    vote_open(vote=vote, actor=secretariat)
    page = coordinator_page
    page.goto(f"{live_server.url}/governance/votes/{vote.pk}/")
    page.get_by_role("link", name="Cast the ballot").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Cast the ballot").click()

    receipt = page.locator("#receipt-code").inner_text()
    assert receipt == Ballot.objects.get().receipt

    # The window closes; the results are published and the receipt is in the tally.
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    page.goto(f"{live_server.url}/governance/votes/{vote.pk}/")
    page.get_by_label("Receipt code").fill(receipt)
    page.get_by_role("button", name="Check").click()

    assert (
        page.locator(".receipt-result").inner_text()
        == f"Receipt {receipt} is in the tally, counted for: Yes."
    )
    assert page.locator(".vote-outcome strong").inner_text() == "Adopted"
