"""A city applies for WeGO membership in Chromium, with the mayor's letter as a PDF upload.

(Approval at a meeting of the approving body is in the governance browser test.)
"""

from tests.members.helpers import pdf_bytes
from wego.members.models import City, MembershipApplication


def test_a_city_applies_for_membership_with_the_mayors_letter(coordinator_page, live_server, scenario):
    City.objects.filter(slug="testville").update(member_category="non_member")
    page = coordinator_page

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
    page.locator("#id_contact_2_role").select_option("cio")
    page.get_by_label("Contact 2: name").fill("Chief Information Officer")
    page.get_by_label("Contact 2: email address").fill("cio@testville.example")
    page.get_by_role("button", name="Submit the application").click()

    application = MembershipApplication.objects.get()
    page.wait_for_url(f"{live_server.url}/members/applications/{application.pk}/")
    assert page.locator("h1").inner_text() == "Membership application: Testville"
    assert (
        page.locator(".application-status").inner_text() == "Submitted: associate member, awaiting approval"
    )
    letter = page.request.get(f"{live_server.url}/members/applications/{application.pk}/letter.pdf")
    assert letter.status == 200
    assert letter.body() == pdf_bytes("Testville applies")

    page.goto(f"{live_server.url}/members/?category=associate")

    rows = page.locator("table.members tbody tr")
    assert rows.count() == 1
    assert (
        rows.first.locator("td").nth(3).inner_text()
        == f"Associate member (since {application.submitted_at.year})"
    )


def test_a_letter_that_is_not_a_pdf_is_refused_on_the_page(coordinator_page, live_server, scenario):
    City.objects.filter(slug="testville").update(member_category="non_member")
    page = coordinator_page

    page.goto(f"{live_server.url}/members/apply/")
    page.locator("#id_city").select_option(label="Testville")
    page.get_by_label("Name of the mayor who signed the letter").fill("Mayor of Testville")
    page.get_by_label("The mayor's signed letter (PDF)").set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": b"not really a pdf"}]
    )
    page.locator("#id_contact_1_role").select_option("mayor")
    page.get_by_label("Contact 1: name").fill("Mayor of Testville")
    page.get_by_label("Contact 1: email address").fill("mayor@testville.example")
    page.get_by_role("button", name="Submit the application").click()

    assert page.locator("small.error").first.inner_text() == (
        "The letter 'letter.pdf' is not a PDF file: scan or export the signed letter as PDF."
    )
    assert MembershipApplication.objects.count() == 0
