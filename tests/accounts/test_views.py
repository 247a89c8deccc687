import re

import pytest
from django.core import mail
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import CityFactory
from tests.personas import PASSWORD, build_world, log_in, make_user
from wego.accounts.models import Role, RoleKind, User
from wego.accounts.services import invitation_create
from wego.assessments.models import SectionAssignment

pytestmark = pytest.mark.django_db


def test_login_by_email_lands_on_assessments(client):
    make_user("Ana@Example.org".lower(), RoleKind.COORDINATOR, CityFactory())

    response = client.post("/account/login/", {"email": "ANA@example.org", "password": PASSWORD})

    assert (response.status_code, response.headers["Location"]) == (302, "/assessments/")


def test_login_ignores_an_outside_next_url(client):
    make_user("ana@example.org")

    response = client.post(
        "/account/login/", {"email": "ana@example.org", "password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response.headers["Location"] == "/assessments/"


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_login_is_throttled_after_repeated_failures_even_with_the_right_password(client):
    make_user("ana@example.org")
    for _ in range(3):
        client.post("/account/login/", {"email": "ana@example.org", "password": "wrong"})

    response = client.post("/account/login/", {"email": "ana@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert "Too many failed attempts. Try again in 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_one_message_that_does_not_say_which_part_is_wrong(client):
    make_user("ana@example.org")

    for email in ("ana@example.org", "nobody@example.org"):
        response = client.post("/account/login/", {"email": email, "password": "wrong"})
        assert "The email address or the password is not right." in response.content.decode()


def test_secretariat_must_pass_two_factor_before_anything_else(client):
    user = make_user("sec@example.org", RoleKind.SECRETARIAT, is_staff=True)
    client.force_login(user)

    blocked = client.get("/cycles/")
    setup = client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key):06d}"
    wrong = client.post("/account/two-factor/", {"code": "000000" if code != "000000" else "111111"})
    throttled = client.post("/account/two-factor/", {"code": code})
    TOTPDevice.objects.get(user=user).throttle_reset()  # as if the wait had passed
    verified = client.post("/account/two-factor/", {"code": code, "next": "/cycles/"})
    after = client.get("/cycles/")

    assert (blocked.status_code, blocked.headers["Location"]) == (302, "/account/two-factor/?next=/cycles/")
    assert b"QR code for your authenticator app" in setup.content
    assert b"That code is not right" in wrong.content
    assert b"Too many wrong codes in a row" in throttled.content
    assert (verified.status_code, verified.headers["Location"]) == (302, "/cycles/")
    assert after.status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed is True


@pytest.mark.parametrize("kind", [RoleKind.REGIONAL_OFFICE, RoleKind.JUDGE])
def test_regional_offices_and_judges_need_the_second_factor_too(client, kind):
    user = make_user("privileged@example.org", kind)
    client.force_login(user)

    response = client.get("/assessments/")

    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/account/two-factor/?next=/assessments/",
    )


def test_city_roles_need_no_second_factor(client):
    user = make_user("coord@example.org", RoleKind.COORDINATOR, CityFactory())
    client.force_login(user)

    assert client.get("/assessments/").status_code == 200


def test_invitation_email_link_creates_account_role_and_assignments(client):
    world = build_world()
    inviter = world.users["coordinator_a"]

    _invitation, link = invitation_create(
        email="new@example.org",
        kind=RoleKind.RESPONDENT,
        actor=inviter,
        city=world.city_a,
        assessment=world.assessment_a,
        sections=["PI", "RC"],
    )
    path = re.search(r"http://[^/]+(/account/invitation/\S+)", mail.outbox[0].body).group(1)
    page = client.get(path)
    accepted = client.post(
        path,
        {
            "full_name": "New Official",
            "password1": "correct horse battery",
            "password2": "correct horse battery",
        },
    )
    reused = client.get(path)

    user = User.objects.get(email="new@example.org")
    assert link.endswith(path)
    assert page.status_code == 200
    assert (accepted.status_code, accepted.headers["Location"]) == (302, "/assessments/")
    assert list(Role.objects.filter(user=user).values_list("kind", "city")) == [
        ("respondent", world.city_a.pk)
    ]
    assert sorted(SectionAssignment.objects.filter(user=user).values_list("section_id", flat=True)) == [
        "PI",
        "RC",
    ]
    assert reused.status_code == 404


def test_password_reset_sends_a_link(client):
    make_user("ana@example.org")

    response = client.post("/account/password-reset/", {"email": "ana@example.org"})

    assert response.status_code == 302
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "/account/password-reset/" in mail.outbox[0].body


def test_api_token_is_shown_once_and_can_be_revoked(client):
    user = make_user("ana@example.org", RoleKind.COORDINATOR, CityFactory())
    log_in(client, user)

    created = client.post("/account/", {"name": "reporting script"})
    token = re.search(r'<code id="new-token">(wego_[^<]+)</code>', created.content.decode()).group(1)
    again = client.get("/account/")
    record = user.api_tokens.get()
    client.post(f"/account/tokens/{record.pk}/revoke/")

    assert token.startswith("wego_")
    assert token not in again.content.decode()
    assert record.token_hash != token
    assert user.api_tokens.get().revoked_at is not None


def test_secretariat_invites_a_regional_office_that_then_sees_its_region(client):
    world = build_world()
    log_in(client, world.users["secretariat"])

    refused = client.post("/account/invite/", {"email": "ro@example.org", "kind": "regional_office"})
    sent = client.post(
        "/account/invite/", {"email": "ro@example.org", "kind": "regional_office", "region": "Asia"}
    )
    path = re.search(r"http://[^/]+(/account/invitation/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    client.post(
        path,
        {
            "full_name": "Regional Officer",
            "password1": "correct horse battery",
            "password2": "correct horse battery",
        },
    )
    officer = User.objects.get(email="ro@example.org")

    assert "Choose the region of the office." in refused.content.decode()
    assert sent.status_code == 302
    assert officer.has_perm("assessments.view_assessment", world.assessment_a) is True
    assert officer.has_perm("assessments.view_assessment", world.assessment_b) is False
