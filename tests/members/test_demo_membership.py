import pytest

from wego.demo.loader import demo_load
from wego.members.models import (
    Fee,
    Invoice,
    MembershipApplication,
    Payment,
    RegionalOffice,
)
from wego.members.selectors import fees_fully_paid, office_of

pytestmark = pytest.mark.django_db


def test_membership_demo_is_labelled_and_loads_once():
    first = demo_load()
    invoices = Invoice.objects.count()

    second = demo_load()

    assert first["demo applications"] == 1
    assert second["demo invoices"] == 0
    assert second["demo applications"] == 0
    assert Invoice.objects.count() == invoices == 2 * 58 + 1  # the applicant city: 2026 only
    assert Invoice.objects.filter(is_demo=False).count() == 0
    assert Payment.objects.filter(is_demo=False).count() == 0
    assert Fee.objects.filter(is_demo=False).count() == 0
    application = MembershipApplication.objects.get()
    assert (application.city.name, application.status, application.is_demo) == (
        "Demo Harbour City",
        "submitted",
        True,
    )
    assert application.city.member_category == "associate"


def test_membership_demo_has_paid_and_unpaid_members_and_offices():
    demo_load()

    unpaid = [i for i in Invoice.objects.select_related("city") if not fees_fully_paid(i.city, i.year)]
    seoul = Invoice.objects.filter(city__slug="seoul").first().city

    assert fees_fully_paid(seoul, 2026) is True
    assert len(unpaid) > 0
    assert Payment.objects.count() > 0
    assert sorted(RegionalOffice.objects.values_list("region", flat=True)) == [
        "Americas",
        "Asia",
        "Europe",
        "Mediterranean",
    ]
    assert office_of(seoul).name == "Regional Office for Asia (Chengdu)"
    beyoglu = Invoice.objects.filter(city__slug="beyoglu").first().city
    assert office_of(beyoglu).name == "Regional Office for the Mediterranean (Beyoglu)"
