import datetime as dt

import pytest

from tests.factories import CityFactory
from tests.members.helpers import apply
from tests.personas import make_user
from wego.members.models import ApprovingBodyRule, MemberCategory
from wego.members.selectors import approving_body_on, fees_fully_paid, member_category_on
from wego.members.services import (
    fee_set,
    invoice_issue,
    membership_approve,
    membership_change,
    payment_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return make_user("sec@example.org", "secretariat")


def test_member_category_on_a_city_without_history_follows_joined_year():
    city = CityFactory(member_category=MemberCategory.FULL, joined_year=2012)

    assert member_category_on(city, dt.date(2011, 12, 31)) == "non_member"
    assert member_category_on(city, dt.date(2012, 1, 1)) == "full"
    assert member_category_on(city.pk, dt.date(2020, 6, 1)) == "full"


def test_member_category_on_follows_the_history_through_application_and_approval(secretariat):
    city = CityFactory(member_category=MemberCategory.NON_MEMBER)
    application = apply(city, secretariat)
    submitted = application.submitted_at.date()

    membership_approve(
        application=application,
        approved_by=secretariat,
        approved_at_meeting="Executive Committee, demo meeting",
        approving_body="executive_committee",
        approved_on=submitted + dt.timedelta(days=10),
    )

    assert member_category_on(city, submitted - dt.timedelta(days=1)) == "non_member"
    assert member_category_on(city, submitted) == "associate"
    assert member_category_on(city, submitted + dt.timedelta(days=9)) == "associate"
    assert member_category_on(city, submitted + dt.timedelta(days=10)) == "full"


def test_member_category_on_after_a_change_of_category(secretariat):
    city = CityFactory(member_category=MemberCategory.FULL, joined_year=2014)

    membership_change(
        city=city, category="non_member", on=dt.date(2020, 3, 1), reason="Left the network", actor=secretariat
    )

    assert member_category_on(city, dt.date(2014, 1, 1)) == "full"
    assert member_category_on(city, dt.date(2020, 2, 29)) == "full"
    assert member_category_on(city, dt.date(2020, 3, 1)) == "non_member"


def test_approving_body_default_is_the_general_assembly_until_2017():
    assert approving_body_on(dt.date(2017, 12, 31)) == "general_assembly"
    assert approving_body_on(dt.date(2018, 1, 1)) == "executive_committee"


def test_approving_body_rules_replace_the_default():
    ApprovingBodyRule.objects.create(valid_from=dt.date(2010, 1, 1), body="general_assembly")
    ApprovingBodyRule.objects.create(valid_from=dt.date(2030, 1, 1), body="executive_committee")

    assert approving_body_on(dt.date(2026, 1, 1)) == "general_assembly"
    assert approving_body_on(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)) == "executive_committee"


def test_fees_fully_paid_with_no_invoice_is_true():
    assert fees_fully_paid(CityFactory(), 2026) is True


def test_fees_fully_paid_needs_every_earlier_invoice_paid_in_full(secretariat):
    city = CityFactory(member_category=MemberCategory.FULL, joined_year=2012)
    fee_set(year=2025, category="full", amount="1000", actor=secretariat)
    fee_set(year=2026, category="full", amount="1200", actor=secretariat)
    old = invoice_issue(city=city, year=2025, actor=secretariat, issued_on=dt.date(2025, 1, 15))
    new = invoice_issue(city=city, year=2026, actor=secretariat, issued_on=dt.date(2026, 1, 15))
    payment_record(invoice=new, amount="1200", paid_on=dt.date(2026, 2, 1), actor=secretariat)
    payment_record(invoice=old, amount="400", paid_on=dt.date(2025, 2, 1), actor=secretariat)

    assert fees_fully_paid(city, 2024) is True
    assert fees_fully_paid(city, 2025) is False
    assert fees_fully_paid(city, 2026) is False

    payment_record(invoice=old, amount="600.00", paid_on=dt.date(2025, 3, 1), actor=secretariat)

    assert fees_fully_paid(city, 2025) is True
    assert fees_fully_paid(city, 2026) is True
