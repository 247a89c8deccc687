import datetime as dt
import re

import pytest
from pypdf import PdfReader

from tests.factories import CityFactory, CountryFactory
from tests.members.helpers import apply, letter, pdf_bytes
from tests.personas import build_world, log_in, make_user
from wego.members.models import MemberCategory, Membership, MembershipApplication, RegionalOffice
from wego.members.services import fee_set, invoice_issue, payment_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return make_user("sec@example.org", "secretariat")


def _members(n: int) -> None:
    europe = CountryFactory(iso3="FRA", name="France", region="Europe")
    for i in range(n):
        CityFactory(name=f"Member {i}", member_category="full", joined_year=2012 + i)
        CityFactory(name=f"Friend {i}", member_category="friendship", country=europe, joined_year=2015)


# The public directory ------------------------------------------------------------------------------


def test_directory_lists_members_with_map_and_filters(client):
    _members(2)
    CityFactory(name="Outsider", member_category="non_member")

    everyone = client.get("/members/")
    europe = client.get("/members/", {"region": "Europe"})
    full = client.get("/members/", {"category": "full"})

    assert everyone.status_code == 200
    assert [r.city.name for r in everyone.context["rows"]] == ["Friend 0", "Friend 1", "Member 0", "Member 1"]
    assert [r.city.name for r in europe.context["rows"]] == ["Friend 0", "Friend 1"]
    assert [r.city.name for r in full.context["rows"]] == ["Member 0", "Member 1"]
    assert b'class="map-point' in everyone.content
    assert b"Outsider" not in everyone.content


def test_directory_ignores_unknown_filters(client):
    _members(1)

    response = client.get("/members/", {"region": "Atlantis", "category": "non_member"})

    assert (response.context["region"], response.context["category"]) == ("", "")
    assert len(response.context["rows"]) == 2


def test_directory_shows_the_regional_office(client):
    host = CityFactory(name="Chengdu", member_category="full")
    RegionalOffice.objects.create(name="Regional office for Asia", host_city=host, region="Asia")

    response = client.get("/members/")

    assert [(r.city.name, r.office.name) for r in response.context["rows"]] == [
        ("Chengdu", "Regional office for Asia")
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_directory_query_count_does_not_grow_with_members(client, django_assert_max_num_queries, count):
    _members(count)

    with django_assert_max_num_queries(5):
        response = client.get("/members/")

    assert response.status_code == 200


def test_directory_never_shows_fees_or_contacts(client, secretariat):
    city = CityFactory(name="Gamma City", member_category="non_member")
    apply(city, secretariat)
    fee_set(year=2026, category="associate", amount="777", actor=secretariat)
    invoice_issue(city=city, year=2026, actor=secretariat)

    pages = (
        client.get("/members/").content.decode()
        + client.get(f"/members/cities/{city.slug}/").content.decode()
    )

    assert "Gamma City" in pages
    assert "777" not in pages
    assert "mayor@example.org" not in pages
    assert "WEGO-2026" not in pages


def test_member_page_shows_category_history(client, secretariat):
    city = CityFactory(name="Gamma City", member_category="non_member")
    application = apply(city, secretariat)

    response = client.get(f"/members/cities/{city.slug}/")

    assert response.status_code == 200
    assert [p.category for p in response.context["history"]] == ["associate"]
    assert response.context["history"][0].valid_from == application.submitted_at.date()


def test_member_page_of_a_non_member_is_not_found(client):
    city = CityFactory(member_category="non_member")

    assert client.get(f"/members/cities/{city.slug}/").status_code == 404


def test_statistics_chart_and_table_by_region(client):
    _members(2)  # Asia: 2012, 2013; Europe: two friendship members from 2015

    response = client.get("/members/statistics/")

    stats = response.context["stats"]
    year = dt.date.today().year
    assert stats.years == list(range(2012, year + 1))
    assert stats.regions == ["Asia", "Europe"]
    assert stats.counts["Asia"][:4] == [1, 2, 2, 2]
    assert stats.counts["Europe"][:4] == [0, 0, 0, 2]
    assert stats.totals[-1] == 4
    page = response.content.decode()
    assert page.count('class="chart-svg chart-trend"') == 1
    assert "<title>WeGO members by region, at the end of each year</title>" in page
    assert ">\u201912</tspan>" in page  # more than ten years: two-digit year labels
    assert '<th scope="row">2015</th><td>2</td><td>2</td><td>4</td>' in page


@pytest.mark.parametrize("count", [1, 3])
def test_statistics_query_count_does_not_grow_with_members(client, django_assert_max_num_queries, count):
    _members(count)

    with django_assert_max_num_queries(3):
        response = client.get("/members/statistics/")

    assert response.status_code == 200


# Applying through the page -----------------------------------------------------------------------


def _form(city, **overrides):
    data = {
        "city": city.pk if city else "",
        "mayor_name": "Mayor Demo",
        "letter": letter(),
        "contact_1_role": "mayor",
        "contact_1_name": "Mayor Demo",
        "contact_1_email": "mayor@example.org",
        "contact_2_role": "cio",
        "contact_2_name": "CIO Demo",
        "contact_2_email": "cio@example.org",
    }
    data.update(overrides)
    return data


def test_apply_page_submits_an_application(client):
    user = make_user("applicant@example.org")
    city = CityFactory(name="Gamma City", member_category="non_member")
    log_in(client, user)

    response = client.post("/members/apply/", _form(city))

    application = MembershipApplication.objects.get()
    assert response.status_code == 302
    assert response.url == f"/members/applications/{application.pk}/"
    assert list(application.contacts.values_list("role", flat=True).order_by("role")) == ["cio", "mayor"]
    city.refresh_from_db()
    assert city.member_category == "associate"


def test_apply_page_refuses_a_renamed_image_with_a_clear_message(client):
    log_in(client, make_user("applicant@example.org"))
    city = CityFactory(member_category="non_member")

    response = client.post("/members/apply/", _form(city, letter=letter("scan.pdf", b"\x89PNG\r\n\x1a\n...")))

    assert response.status_code == 422
    assert response.context["form"].errors["letter"] == [
        "The letter 'scan.pdf' is not a PDF file: scan or export the signed letter as PDF."
    ]
    assert MembershipApplication.objects.count() == 0


def test_apply_page_needs_the_new_city_fields_without_a_city(client):
    log_in(client, make_user("applicant@example.org"))

    response = client.post("/members/apply/", _form(None, new_name="Demo Town"))

    assert response.status_code == 422
    assert response.context["form"].errors["new_country"] == ["Needed for a city that is not in the list."]


def test_letter_is_served_only_to_those_who_may_see_the_application(client, secretariat):
    world = build_world()
    city = CityFactory(name="Gamma City", member_category="non_member")
    applicant = make_user("applicant@example.org")
    application = apply(city, applicant)
    url = f"/members/applications/{application.pk}/letter.pdf"

    log_in(client, applicant)
    own = client.get(url)
    log_in(client, world.users["coordinator_b"])
    other = client.get(url)

    assert own.status_code == 200
    assert own.content == pdf_bytes()
    assert own["Content-Type"] == "application/pdf"
    assert other.status_code == 403
    assert not re.search(
        r"/media/.*letter", client.get(f"/members/applications/{application.pk}/").content.decode()
    )


def test_secretariat_records_the_approval_at_a_meeting(client, secretariat):
    city = CityFactory(name="Gamma City", member_category="non_member")
    application = apply(city, make_user("applicant@example.org"))
    log_in(client, secretariat)
    today = application.submitted_at.date()

    response = client.post(
        f"/members/applications/{application.pk}/decide/",
        {
            "decision": "approve",
            "approving_body": "executive_committee",
            "meeting": "Executive Committee meeting, demo",
            "decided_on": today.isoformat(),
        },
    )

    assert response.status_code == 302
    city.refresh_from_db()
    assert city.member_category == "full"
    assert Membership.objects.get(city=city, valid_to__isnull=True).approved_at_meeting == (
        "Executive Committee meeting, demo"
    )


def test_approval_with_the_wrong_body_shows_the_rule(client, secretariat):
    application = apply(CityFactory(member_category="non_member"), make_user("applicant@example.org"))
    log_in(client, secretariat)

    response = client.post(
        f"/members/applications/{application.pk}/decide/",
        {"decision": "approve", "approving_body": "general_assembly", "meeting": "GA"},
    )

    today = dt.date.today().isoformat()
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        f"On {today} new members are approved by the Executive Committee, not the General Assembly."
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_applications_list_query_count(client, secretariat, django_assert_max_num_queries, count):
    for _ in range(count):
        apply(CityFactory(member_category="non_member"), secretariat)
    log_in(client, secretariat)

    with django_assert_max_num_queries(8):
        response = client.get("/members/applications/")

    assert len(response.context["rows"]) == count


# Fees, invoices, payments through the pages ------------------------------------------------------


def test_fee_schedule_page_saves_a_fee(client, secretariat):
    log_in(client, secretariat)

    response = client.post(
        "/members/fees/", {"year": 2026, "category": "full", "amount": "1200", "currency": "usd"}
    )
    page = client.get("/members/fees/")

    assert response.status_code == 302
    assert page.context["rows"][0][0] == 2026
    assert str(page.context["rows"][0][1][0].amount) == "1200.00"


def test_invoice_page_records_a_partial_payment(client, secretariat):
    city = CityFactory(member_category="full")
    fee_set(year=2026, category="full", amount="1000", actor=secretariat)
    invoice = invoice_issue(city=city, year=2026, actor=secretariat)
    log_in(client, secretariat)

    response = client.post(
        f"/members/invoices/{invoice.pk}/payments/",
        {"amount": "250", "paid_on": "2026-01-05", "reference": "T1"},
    )
    page = client.get(f"/members/invoices/{invoice.pk}/")

    assert response.status_code == 302
    assert (str(page.context["paid"]), str(page.context["balance"])) in {
        ("250.00", "750.00"),
        ("250", "750"),
    }
    assert b"750.00 USD" in page.content


def test_overpayment_on_the_page_says_why(client, secretariat):
    city = CityFactory(member_category="full")
    fee_set(year=2026, category="full", amount="100", actor=secretariat)
    invoice = invoice_issue(city=city, year=2026, actor=secretariat)
    log_in(client, secretariat)

    response = client.post(
        f"/members/invoices/{invoice.pk}/payments/", {"amount": "150", "paid_on": "2026-01-05"}
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "150.00 is more than the 100.00 USD still due on invoice WEGO-2026-0001."
    ]


def test_invoice_pdf_has_number_amount_and_demo_label(client, secretariat):
    city = CityFactory(name="Gamma City", member_category="full")
    fee_set(year=2026, category="full", amount="1000", actor=secretariat)
    invoice = invoice_issue(city=city, year=2026, actor=secretariat, is_demo=True)
    payment_record(invoice=invoice, amount="400", paid_on=dt.date(2026, 1, 5), actor=secretariat)
    log_in(client, secretariat)

    response = client.get(f"/members/invoices/{invoice.pk}/invoice.pdf")

    import io

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="WEGO-2026-0001.pdf"'
    assert "Invoice WEGO-2026-0001" in text
    assert "Gamma City" in text
    assert "600.00 USD" in text
    assert "Demo data" in text


@pytest.mark.parametrize("count", [1, 3])
def test_invoices_list_query_count(client, secretariat, django_assert_max_num_queries, count):
    fee_set(year=2026, category="full", amount="100", actor=secretariat)
    for _ in range(count):
        invoice_issue(city=CityFactory(member_category="full"), year=2026, actor=secretariat)
    log_in(client, secretariat)

    with django_assert_max_num_queries(8):
        response = client.get("/members/invoices/")

    assert len(response.context["rows"]) == count


def test_coordinator_sees_own_invoices_only(client, secretariat):
    world = build_world()
    fee_set(year=2026, category="full", amount="100", actor=secretariat)
    own = invoice_issue(city=world.city_a, year=2026, actor=secretariat)
    other = invoice_issue(city=world.city_b, year=2026, actor=secretariat)
    log_in(client, world.users["coordinator_a"])

    mine = client.get("/members/mine/")

    assert [i.number for i in mine.context["invoices"]] == [own.number]
    assert client.get(f"/members/invoices/{own.pk}/").status_code == 200
    assert client.get(f"/members/invoices/{other.pk}/").status_code == 403


def test_member_record_assigns_a_regional_office(client, secretariat):
    city = CityFactory(name="Gamma City", member_category="full")
    europe = RegionalOffice.objects.create(
        name="Europe office",
        host_city=CityFactory(country=CountryFactory(iso3="RUS", region="Europe")),
        region="Europe",
    )
    log_in(client, secretariat)

    response = client.post(f"/members/cities/{city.slug}/record/", {"office": europe.pk})
    page = client.get(f"/members/cities/{city.slug}/record/")

    assert response.status_code == 302
    assert page.context["office"] == europe


def test_member_category_constant_matches_public_directory():
    assert [str(c) for c in MemberCategory if c != MemberCategory.NON_MEMBER] == [
        "full",
        "associate",
        "friendship",
        "corporate",
    ]


def test_member_record_records_a_change_of_category(client, secretariat):
    city = CityFactory(name="Gamma City", member_category="full", joined_year=2012)
    log_in(client, secretariat)

    response = client.post(
        f"/members/cities/{city.slug}/record/",
        {"action": "category", "category": "friendship", "on": "2026-02-01", "reason": "Became an agency"},
    )

    city.refresh_from_db()
    assert response.status_code == 302
    assert city.member_category == "friendship"
    assert list(Membership.objects.filter(city=city).values_list("category", "valid_from", "valid_to")) == [
        ("full", dt.date(2012, 1, 1), dt.date(2026, 2, 1)),
        ("friendship", dt.date(2026, 2, 1), None),
    ]


def test_member_record_refuses_a_change_before_the_current_period(client, secretariat):
    city = CityFactory(name="Gamma City", member_category="full", joined_year=2012)
    log_in(client, secretariat)

    response = client.post(
        f"/members/cities/{city.slug}/record/",
        {"action": "category", "category": "non_member", "on": "2011-01-01", "reason": "Left"},
    )

    assert response.status_code == 422
    assert response.context["category_form"].non_field_errors() == [
        "Gamma City has been in the category Full member since 2012-01-01; a change cannot start before that."
    ]
    assert Membership.objects.count() == 0


def test_member_record_shows_whether_fees_are_fully_paid(client, secretariat):
    world = build_world()
    fee_set(year=dt.date.today().year, category="full", amount="100", actor=secretariat)
    invoice = invoice_issue(city=world.city_a, year=dt.date.today().year, actor=secretariat)
    log_in(client, world.users["coordinator_a"])

    before = client.get(f"/members/cities/{world.city_a.slug}/record/")
    payment_record(invoice=invoice, amount="100", paid_on=dt.date.today(), actor=secretariat)
    after = client.get(f"/members/cities/{world.city_a.slug}/record/")

    assert (before.context["fees_paid"], after.context["fees_paid"]) == (False, True)
    assert before.context["category_form"] is None
