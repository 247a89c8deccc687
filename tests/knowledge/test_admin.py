import pytest

from tests.knowledge.conftest import partner, practice
from tests.personas import build_world, log_in
from wego.knowledge.models import Partner
from wego.knowledge.services import partners_load, practices_load

pytestmark = pytest.mark.django_db


def test_administration_shows_practices_and_changes_only_a_partners_settings(
    client, practices_file, partners_file
):
    world = build_world()
    world.users["secretariat"].is_superuser = True
    world.users["secretariat"].save()
    practices_load(practices_file([practice("a", "Alpha")]))
    partners_load(partners_file([partner("itu", name="ITU")]))
    itu = Partner.objects.get(slug="itu")
    log_in(client, world.users["secretariat"])

    listing = client.get("/admin/knowledge/practice/")
    changed = client.post(
        f"/admin/knowledge/partner/{itu.pk}/change/",
        {"contact_email": "desk@itu.example.org", "name": "Other"},
    )

    itu.refresh_from_db()
    assert (listing.status_code, changed.status_code) == (200, 302)
    assert (itu.name, itu.contact_email, itu.active) == ("ITU", "desk@itu.example.org", False)
