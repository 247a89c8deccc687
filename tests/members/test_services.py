import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from tests.factories import CityFactory, CountryFactory
from tests.members.helpers import MAYOR, apply, letter, pdf_bytes
from tests.personas import make_user
from wego.common.models import AuditEvent, Notification
from wego.members.models import (
    ApplicationStatus,
    City,
    Invoice,
    InvoiceCounter,
    MemberCategory,
    MemberContact,
    Membership,
    MembershipApplication,
    Payment,
    RegionalOffice,
)
from wego.members.selectors import office_of
from wego.members.services import (
    ContactInput,
    MembershipRefused,
    NewCityInput,
    contact_add,
    fee_set,
    invoice_issue,
    invoices_issue_for_year,
    membership_apply,
    membership_approve,
    membership_reject,
    office_assign,
    payment_record,
)
from wego.members.storage import private_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return make_user("sec@example.org", "secretariat")


@pytest.fixture
def applicant():
    return make_user("applicant@example.org")


def _approve(application, user, **overrides):
    arguments = {
        "application": application,
        "approved_by": user,
        "approved_at_meeting": "Executive Committee meeting 2026",
        "approving_body": "executive_committee",
    }
    arguments.update(overrides)
    return membership_approve(**arguments)


# Applying --------------------------------------------------------------------------------------


def test_apply_makes_an_existing_city_an_associate_member(applicant, secretariat):
    city = CityFactory(name="Gamma City", member_category=MemberCategory.NON_MEMBER)

    application = apply(city, applicant)

    city.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert city.member_category == "associate"
    assert city.joined_year == application.submitted_at.year
    assert list(Membership.objects.filter(city=city).values_list("category", "valid_to")) == [
        ("associate", None)
    ]
    assert list(MemberContact.objects.filter(city=city).values_list("role", "name")) == [
        ("mayor", "Mayor Demo")
    ]


def test_apply_stores_the_letter_in_the_private_folder_with_no_url(applicant):
    application = apply(CityFactory(member_category=MemberCategory.NON_MEMBER), applicant)

    path = application.letter.path
    assert path.startswith(str(private_root()))
    with pytest.raises(ValueError, match="private files have no URL"):
        application.letter.url  # noqa: B018
    assert Path(path).read_bytes() == pdf_bytes()
    assert application.letter_size == len(pdf_bytes())


def test_apply_for_a_new_city_creates_it(applicant):
    CountryFactory(iso3="PER", name="Peru", region="Americas")

    application = membership_apply(
        applicant=applicant,
        new_city=NewCityInput(name="Demo Lima", country_iso3="PER", latitude=-12.05, longitude=-77.04),
        mayor_name="Mayor Demo",
        letter=letter(),
        contacts=[MAYOR, ContactInput(role="cio", name="CIO Demo", email="cio@example.org")],
    )

    city = City.objects.get(slug="demo-lima")
    assert application.city == city
    assert (city.name, city.country_id, city.member_category) == ("Demo Lima", "PER", "associate")
    assert MemberContact.objects.filter(city=city).count() == 2


def test_apply_notifies_the_secretariat_and_audits(
    applicant, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(
            CityFactory(name="Gamma City", member_category=MemberCategory.NON_MEMBER), applicant
        )

    assert list(Notification.objects.values_list("recipient__email", "subject")) == [
        ("sec@example.org", "Membership application: Gamma City")
    ]
    assert [m.to for m in mail.outbox] == [["sec@example.org"]]
    assert list(AuditEvent.objects.values_list("action", "object_id")) == [
        ("membership.apply", str(application.pk))
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"GIF89a not a pdf", "letter.pdf", "The letter 'letter.pdf' is not a PDF file"),
        (b"%PDF-1.4 but cut off", "letter.pdf", "The letter 'letter.pdf' is not a PDF file"),
        (b"", "letter.pdf", "The letter file is empty."),
    ],
)
def test_apply_refuses_a_letter_that_is_not_a_pdf(applicant, content, name, message):
    city = CityFactory(member_category=MemberCategory.NON_MEMBER)

    with pytest.raises(MembershipRefused) as caught:
        apply(city, applicant, letter=letter(name, content))

    assert caught.value.messages[0].startswith(message)
    city.refresh_from_db()
    assert city.member_category == "non_member"
    assert MembershipApplication.objects.count() == 0
    assert not private_root().exists() or list(private_root().rglob("*.pdf")) == []


def test_apply_refuses_a_letter_over_the_size_limit(applicant, monkeypatch):
    monkeypatch.setattr("wego.members.services.MAX_LETTER_BYTES", 100)

    with pytest.raises(MembershipRefused) as caught:
        apply(CityFactory(member_category=MemberCategory.NON_MEMBER), applicant)

    assert caught.value.messages == [
        f"The letter is {len(pdf_bytes()) / 1024 / 1024:.1f} MB; the limit is 0 MB."
    ]


def test_apply_refuses_a_full_member(applicant):
    city = CityFactory(name="Gamma City", member_category=MemberCategory.FULL)

    with pytest.raises(MembershipRefused) as caught:
        apply(city, applicant)

    assert caught.value.messages == ["Gamma City is already a Full member."]


def test_apply_refuses_a_second_waiting_application(applicant):
    city = CityFactory(name="Gamma City", member_category=MemberCategory.NON_MEMBER)
    apply(city, applicant)

    with pytest.raises(MembershipRefused) as caught:
        apply(city, applicant)

    assert caught.value.messages == ["Gamma City already has an application waiting for approval."]
    assert MembershipApplication.objects.count() == 1


def test_apply_refuses_without_contacts_or_with_a_bad_role(applicant):
    city = CityFactory(member_category=MemberCategory.NON_MEMBER)

    with pytest.raises(MembershipRefused) as none:
        apply(city, applicant, contacts=[])
    with pytest.raises(MembershipRefused) as bad:
        apply(city, applicant, contacts=[ContactInput(role="boss", name="X", email="x@example.org")])

    assert none.value.messages == ["Give at least one contact person."]
    assert bad.value.messages == ["Contact 1: 'boss' is not a contact role."]


def test_apply_refuses_an_unknown_country_for_a_new_city(applicant):
    with pytest.raises(MembershipRefused) as caught:
        membership_apply(
            applicant=applicant,
            new_city=NewCityInput(name="Nowhere", country_iso3="XXX", latitude=0, longitude=0),
            mayor_name="Mayor Demo",
            letter=letter(),
            contacts=[MAYOR],
        )

    assert caught.value.messages == ["'XXX' is not a country code in the list."]
    assert City.objects.count() == 0


# Approving -------------------------------------------------------------------------------------


def test_approve_makes_the_city_a_full_member_with_history(applicant, secretariat):
    city = CityFactory(member_category=MemberCategory.NON_MEMBER)
    application = apply(city, applicant)
    today = application.submitted_at.date()

    period = _approve(application, secretariat, approved_on=today)

    city.refresh_from_db()
    application.refresh_from_db()
    assert city.member_category == "full"
    assert (period.category, period.valid_from, period.valid_to) == ("full", today, None)
    assert (period.approving_body, period.approved_at_meeting) == (
        "executive_committee",
        "Executive Committee meeting 2026",
    )
    assert list(Membership.objects.filter(city=city).values_list("category", "valid_from", "valid_to")) == [
        ("associate", today, today),
        ("full", today, None),
    ]
    assert (application.status, application.decided_by) == ("approved", secretariat)


def test_approve_notifies_the_applicant_and_audits(applicant, secretariat):
    city = CityFactory(name="Gamma City", member_category=MemberCategory.NON_MEMBER)
    application = apply(city, applicant)
    Notification.objects.all().delete()

    _approve(application, secretariat)

    assert list(Notification.objects.values_list("recipient__email", "subject")) == [
        ("applicant@example.org", "Gamma City is now a Full member of WeGO")
    ]
    assert list(
        AuditEvent.objects.filter(action="membership.approve").values_list("actor__email", flat=True)
    ) == ["sec@example.org"]


def test_approve_refuses_the_wrong_body_for_the_date(applicant, secretariat):
    application = apply(CityFactory(member_category=MemberCategory.NON_MEMBER), applicant)

    with pytest.raises(MembershipRefused) as caught:
        _approve(application, secretariat, approving_body="general_assembly")

    today = application.submitted_at.date().isoformat()
    assert caught.value.messages == [
        f"On {today} new members are approved by the Executive Committee, not the General Assembly."
    ]
    application.refresh_from_db()
    assert application.status == "submitted"


def test_approve_by_the_general_assembly_before_2018(applicant, secretariat):
    application = apply(CityFactory(member_category=MemberCategory.NON_MEMBER), applicant)
    MembershipApplication.objects.filter(pk=application.pk).update(
        submitted_at=dt.datetime(2016, 3, 1, tzinfo=dt.UTC)
    )
    Membership.objects.filter(application=application).update(valid_from=dt.date(2016, 3, 1))
    application.refresh_from_db()

    period = _approve(
        application,
        secretariat,
        approving_body="general_assembly",
        approved_at_meeting="General Assembly, Ulyanovsk Region 2017",
        approved_on=dt.date(2017, 6, 1),
    )

    assert (period.category, period.valid_from) == ("full", dt.date(2017, 6, 1))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"approved_at_meeting": "  "}, "Name the meeting at which the membership was approved."),
        ({"approving_body": "secretariat"}, "'secretariat' is not a body that approves members."),
    ],
)
def test_approve_refuses_bad_input(applicant, secretariat, overrides, message):
    application = apply(CityFactory(member_category=MemberCategory.NON_MEMBER), applicant)

    with pytest.raises(MembershipRefused) as caught:
        _approve(application, secretariat, **overrides)

    assert caught.value.messages == [message]


def test_approve_refuses_a_date_before_the_application(applicant, secretariat):
    application = apply(CityFactory(member_category=MemberCategory.NON_MEMBER), applicant)
    before = application.submitted_at.date() - dt.timedelta(days=1)

    with pytest.raises(MembershipRefused) as caught:
        _approve(application, secretariat, approved_on=before)

    assert caught.value.messages == [
        f"The approval date {before.isoformat()} is before the application was submitted."
    ]


def test_approve_twice_is_refused(applicant, secretariat):
    application = apply(CityFactory(name="Gamma City", member_category=MemberCategory.NON_MEMBER), applicant)
    _approve(application, secretariat)

    with pytest.raises(MembershipRefused) as caught:
        _approve(application, secretariat)

    assert caught.value.messages == [
        "The application of Gamma City is not waiting for approval (it is Approved: full member)."
    ]
    assert Membership.objects.filter(category="full").count() == 1


def test_reject_keeps_the_city_associate(applicant, secretariat):
    city = CityFactory(member_category=MemberCategory.NON_MEMBER)
    application = apply(city, applicant)

    membership_reject(application=application, decided_by=secretariat, note="Letter not signed by the mayor")

    city.refresh_from_db()
    application.refresh_from_db()
    assert (application.status, application.decision_note) == ("rejected", "Letter not signed by the mayor")
    assert city.member_category == "associate"


# Fees, invoices, payments ----------------------------------------------------------------------


def test_invoice_takes_the_fee_of_the_category_and_year(secretariat):
    city = CityFactory(member_category=MemberCategory.FULL, joined_year=2012)
    fee_set(year=2026, category="full", amount="1500", actor=secretariat)
    fee_set(year=2026, category="associate", amount="500", actor=secretariat)

    invoice = invoice_issue(city=city, year=2026, actor=secretariat, issued_on=dt.date(2026, 1, 10))

    assert (invoice.number, invoice.category, invoice.amount, invoice.currency) == (
        "WEGO-2026-0001",
        "full",
        Decimal("1500.00"),
        "USD",
    )
    assert invoice.due_on == dt.date(2026, 3, 11)


def test_invoice_issue_notifies_the_coordinator_and_audits(secretariat):
    city = CityFactory(name="Gamma City", member_category=MemberCategory.FULL)
    make_user("coord@example.org", "coordinator", city)
    fee_set(year=2026, category="full", amount="1500", actor=secretariat)

    invoice = invoice_issue(city=city, year=2026, actor=secretariat)

    assert list(Notification.objects.values_list("recipient__email", "subject")) == [
        ("coord@example.org", "Invoice WEGO-2026-0001: WeGO membership fee 2026")
    ]
    assert list(
        AuditEvent.objects.filter(action="membership.invoice_issue").values_list("object_id", flat=True)
    ) == [str(invoice.pk)]


def test_invoice_numbers_have_no_gaps_when_one_issue_fails(secretariat):
    first, second = CityFactory(member_category="full"), CityFactory(member_category="full")
    fee_set(year=2026, category="full", amount="100", actor=secretariat)
    invoice_issue(city=first, year=2026, actor=secretariat)

    with pytest.raises(MembershipRefused):
        invoice_issue(city=first, year=2026, actor=secretariat)
    invoice = invoice_issue(city=second, year=2026, actor=secretariat)

    assert invoice.number == "WEGO-2026-0002"
    assert InvoiceCounter.objects.get(year=2026).last == 2


def test_invoice_refused_without_a_fee(secretariat):
    city = CityFactory(member_category=MemberCategory.FULL)

    with pytest.raises(MembershipRefused) as caught:
        invoice_issue(city=city, year=2026, actor=secretariat)

    assert caught.value.messages == [
        "No fee is set for the category Full member in 2026: set it in the fee schedule first."
    ]
    assert Invoice.objects.count() == 0
    assert InvoiceCounter.objects.count() == 0


def test_invoices_issue_for_year_skips_members_already_invoiced_and_non_members(secretariat):
    CityFactory(name="A", member_category="full")
    CityFactory(name="B", member_category="associate")
    CityFactory(name="C", member_category="non_member")
    fee_set(year=2026, category="full", amount="100", actor=secretariat)
    fee_set(year=2026, category="associate", amount="50", actor=secretariat)

    first = invoices_issue_for_year(year=2026, actor=secretariat)
    second = invoices_issue_for_year(year=2026, actor=secretariat)

    assert sorted((i.city.name, i.amount) for i in first) == [
        ("A", Decimal("100.00")),
        ("B", Decimal("50.00")),
    ]
    assert second == []


def test_partial_payments_add_up_and_overpayment_is_refused(secretariat):
    city = CityFactory(member_category=MemberCategory.FULL)
    fee_set(year=2026, category="full", amount="1000", actor=secretariat)
    invoice = invoice_issue(city=city, year=2026, actor=secretariat)
    payment_record(invoice=invoice, amount="300", paid_on=dt.date(2026, 1, 20), actor=secretariat)

    with pytest.raises(MembershipRefused) as caught:
        payment_record(invoice=invoice, amount="700.01", paid_on=dt.date(2026, 1, 21), actor=secretariat)
    payment_record(
        invoice=invoice, amount="700", paid_on=dt.date(2026, 1, 21), reference="T-2", actor=secretariat
    )

    assert caught.value.messages == [
        "700.01 is more than the 700.00 USD still due on invoice WEGO-2026-0001."
    ]
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [Decimal("300.00"), Decimal("700.00")]
    assert AuditEvent.objects.filter(action="membership.payment_record").count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "A payment must be more than zero."),
        ("abc", "Amount: 'abc' is not an amount."),
        ("NaN", "Amount: 'NaN' is not an amount."),
    ],
)
def test_payment_refuses_bad_amounts(secretariat, amount, message):
    city = CityFactory(member_category=MemberCategory.FULL)
    fee_set(year=2026, category="full", amount="1000", actor=secretariat)
    invoice = invoice_issue(city=city, year=2026, actor=secretariat)

    with pytest.raises(MembershipRefused) as caught:
        payment_record(invoice=invoice, amount=amount, paid_on=dt.date(2026, 1, 20), actor=secretariat)

    assert caught.value.messages == [message]
    assert Payment.objects.count() == 0


def test_fee_refuses_bad_input(secretariat):
    with pytest.raises(MembershipRefused) as category:
        fee_set(year=2026, category="non_member", amount="1", actor=secretariat)
    with pytest.raises(MembershipRefused) as negative:
        fee_set(year=2026, category="full", amount="-1", actor=secretariat)

    assert category.value.messages == ["'non_member' is not a member category."]
    assert negative.value.messages == ["A fee cannot be negative."]


# Regional offices ------------------------------------------------------------------------------


def test_office_defaults_to_the_region_and_can_be_assigned(secretariat):
    asia = CityFactory(name="Chengdu", member_category="full")
    europe_host = CityFactory(name="Ulyanovsk Region", country=CountryFactory(iso3="RUS", region="Europe"))
    chengdu = RegionalOffice.objects.create(name="Asia office", host_city=asia, region="Asia")
    ulyanovsk = RegionalOffice.objects.create(name="Europe office", host_city=europe_host, region="Europe")
    member = CityFactory(name="Gamma City", member_category="full")

    default = office_of(member)
    office_assign(city=member, office=ulyanovsk, actor=secretariat)
    member = City.objects.get(pk=member.pk)
    assigned = office_of(member)

    assert (default, assigned) == (chengdu, ulyanovsk)
    assert AuditEvent.objects.filter(action="membership.office").count() == 1


# Concurrency (PostgreSQL runs the transactions truly at once) ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_invoices_get_distinct_numbers_without_gaps():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that runs transactions at once (PostgreSQL)")
    secretariat = make_user("sec@example.org", "secretariat")
    cities = [CityFactory(member_category="full") for _ in range(8)]
    fee_set(year=2026, category="full", amount="100", actor=secretariat)
    barrier = threading.Barrier(len(cities))
    errors = []

    def issue(city):
        barrier.wait()
        try:
            invoice_issue(city=city, year=2026, actor=secretariat)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(city,)) for city in cities]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(Invoice.objects.values_list("number", flat=True)) == [
        f"WEGO-2026-{n:04d}" for n in range(1, 9)
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_never_exceed_the_amount():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that runs transactions at once (PostgreSQL)")
    secretariat = make_user("sec@example.org", "secretariat")
    city = CityFactory(member_category="full")
    fee_set(year=2026, category="full", amount="100", actor=secretariat)
    invoice = invoice_issue(city=city, year=2026, actor=secretariat)
    barrier = threading.Barrier(4)
    outcomes = []

    def pay():
        barrier.wait()
        try:
            payment_record(invoice=invoice, amount="60", paid_on=dt.date(2026, 1, 2), actor=secretariat)
            outcomes.append("paid")
        except MembershipRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["paid", "refused", "refused", "refused"]
    assert Payment.objects.count() == 1


def test_invoices_issue_for_year_is_all_or_nothing_when_a_fee_is_missing(secretariat):
    CityFactory(name="A", member_category="full")
    CityFactory(name="B", member_category="corporate")
    fee_set(year=2026, category="full", amount="100", actor=secretariat)

    with pytest.raises(MembershipRefused) as caught:
        invoices_issue_for_year(year=2026, actor=secretariat)

    assert caught.value.messages == [
        "No fee is set for the category Corporate member in 2026: set it in the fee schedule first."
    ]
    assert Invoice.objects.count() == 0
    assert InvoiceCounter.objects.count() == 0


def test_invoice_refused_for_a_year_before_the_city_joined(secretariat):
    city = CityFactory(name="Gamma City", member_category="full", joined_year=2020)
    fee_set(year=2019, category="full", amount="100", actor=secretariat)

    with pytest.raises(MembershipRefused) as caught:
        invoice_issue(city=city, year=2019, actor=secretariat)

    assert caught.value.messages == ["Gamma City was not a member in 2019."]


def test_apply_notifies_the_regional_office_of_the_region(applicant, secretariat):
    from wego.accounts.models import Role

    office = make_user("asia-office@example.org")
    Role.objects.create(user=office, kind="regional_office", region="Asia")
    elsewhere = make_user("europe-office@example.org")
    Role.objects.create(user=elsewhere, kind="regional_office", region="Europe")

    apply(CityFactory(member_category=MemberCategory.NON_MEMBER), applicant)

    assert sorted(Notification.objects.values_list("recipient__email", flat=True)) == [
        "asia-office@example.org",
        "sec@example.org",
    ]


def test_contact_add_keeps_the_role_and_audits(secretariat):
    city = CityFactory(member_category="full")

    contact = contact_add(
        city=city,
        contact=ContactInput(role="finance", name="Finance Officer", email="finance@example.org"),
        actor=secretariat,
    )

    assert (contact.role, contact.name, contact.city) == ("finance", "Finance Officer", city)
    assert AuditEvent.objects.filter(action="membership.contact_add").count() == 1
