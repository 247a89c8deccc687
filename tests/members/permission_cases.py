"""The membership rows of the permission matrix (tests/test_permissions.py).

Builds what the rows need: an application of a new city submitted by coordinator B, and an
invoice of city A. Statuses per persona: anonymous, coordinator_a, respondent_a,
coordinator_b, consultant_a, judge, secretariat.
"""

from __future__ import annotations

from tests.factories import CityFactory, CountryFactory
from tests.members.helpers import apply
from wego.members.services import fee_set, invoice_issue


def member_cases(world) -> list[tuple]:
    secretariat = world.users["secretariat"]
    gamma = CityFactory(
        name="Gamma City", member_category="non_member", country=CountryFactory(iso3="DEU", region="Europe")
    )
    application = apply(gamma, world.users["coordinator_b"])
    fee_set(year=2026, category="full", amount="1000", actor=secretariat)
    invoice = invoice_issue(city=world.city_a, year=2026, actor=secretariat)
    app, inv, slug = application.pk, invoice.pk, world.city_a.slug
    staff_only = [302, 403, 403, 403, 403, 403, 200]
    return [
        ("GET", "/members/", None, [200] * 7),
        ("GET", "/members/statistics/", None, [200] * 7),
        ("GET", f"/members/cities/{slug}/", None, [200] * 7),
        ("GET", f"/members/cities/{slug}/record/", None, [302, 200, 403, 403, 403, 403, 200]),
        ("POST", f"/members/cities/{slug}/record/", {}, [302, 403, 403, 403, 403, 403, 302]),
        ("GET", "/members/apply/", None, [302, 200, 200, 200, 200, 200, 200]),
        ("POST", "/members/apply/", {}, [302, 422, 422, 422, 422, 422, 422]),
        ("GET", "/members/mine/", None, [302, 200, 200, 200, 200, 200, 200]),
        ("GET", "/members/applications/", None, staff_only),
        ("GET", f"/members/applications/{app}/", None, [302, 403, 403, 200, 403, 403, 200]),
        ("POST", f"/members/applications/{app}/decide/", {}, [302, 403, 403, 403, 403, 403, 422]),
        ("GET", f"/members/applications/{app}/letter.pdf", None, [302, 403, 403, 200, 403, 403, 200]),
        ("GET", "/members/fees/", None, staff_only),
        ("POST", "/members/fees/", {}, [302, 403, 403, 403, 403, 403, 422]),
        ("GET", "/members/invoices/", None, staff_only),
        ("POST", "/members/invoices/", {}, [302, 403, 403, 403, 403, 403, 422]),
        ("GET", f"/members/invoices/{inv}/", None, [302, 200, 403, 403, 403, 403, 200]),
        ("POST", f"/members/invoices/{inv}/payments/", {}, [302, 403, 403, 403, 403, 403, 422]),
        ("GET", f"/members/invoices/{inv}/invoice.pdf", None, [302, 200, 403, 403, 403, 403, 200]),
    ]
