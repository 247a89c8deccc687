"""A coordinator's benchmarking settings: sharing results and custom peer groups."""

import pytest

from tests.factories import AssessmentFactory, CityFactory
from tests.personas import build_world, log_in
from wego.analysis.models import PeerGroup
from wego.analysis.selectors import benchmarks

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_coordinator_shares_and_stops_sharing_results(client, world):
    log_in(client, world.users["coordinator_a"])
    url = f"/cities/{world.city_a.pk}/benchmarking/"

    client.post(url, {"action": "share", "shares": "on"})
    world.city_a.refresh_from_db()
    shared = world.city_a.shares_results
    client.post(url, {"action": "share"})
    world.city_a.refresh_from_db()

    assert (shared, world.city_a.shares_results) == (True, False)


def test_coordinator_saves_and_deletes_a_peer_group(client, world):
    log_in(client, world.users["coordinator_a"])
    url = f"/cities/{world.city_a.pk}/benchmarking/"

    response = client.post(url, {"action": "group", "name": "Twins", "members": [world.city_b.pk]})
    group = PeerGroup.objects.get(owner=world.city_a)
    members = [c.name for c in group.members.all()]
    page = client.get(url).content.decode()
    client.post(url, {"action": "delete", "group": group.pk})

    assert response.status_code == 302
    assert (group.name, members) == ("Twins", ["Beta City"])
    assert "<td>Twins</td><td>Beta City</td>" in page
    assert PeerGroup.objects.count() == 0


def test_a_peer_group_without_a_name_is_refused_and_nothing_saved(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.post(
        f"/cities/{world.city_a.pk}/benchmarking/", {"action": "group", "name": "", "members": []}
    )

    assert response.status_code == 200
    assert response.context["group_form"].errors["name"] == ["This field is required."]
    assert PeerGroup.objects.count() == 0


def test_a_city_outside_the_coordinators_reach_cannot_be_edited(client, world):
    group = PeerGroup.objects.create(owner=world.city_a, name="Ours")
    log_in(client, world.users["coordinator_b"])
    url = f"/cities/{world.city_a.pk}/benchmarking/"

    refused = [
        client.post(url, {"action": "share", "shares": "on"}).status_code,
        client.post(url, {"action": "group", "name": "Theirs", "members": [world.city_b.pk]}).status_code,
        client.post(url, {"action": "delete", "group": group.pk}).status_code,
    ]
    world.city_a.refresh_from_db()

    assert refused == [403, 403, 403]
    assert world.city_a.shares_results is False
    assert list(PeerGroup.objects.values_list("name", flat=True)) == ["Ours"]


def test_a_coordinator_cannot_delete_another_citys_group_through_its_own_page(client, world):
    theirs = PeerGroup.objects.create(owner=world.city_b, name="Theirs")
    log_in(client, world.users["coordinator_a"])

    response = client.post(
        f"/cities/{world.city_a.pk}/benchmarking/", {"action": "delete", "group": theirs.pk}
    )

    assert response.status_code == 404
    assert PeerGroup.objects.filter(pk=theirs.pk).exists()


def test_a_saved_peer_group_shows_in_the_benchmarks(client, world):
    a = world.assessment_a
    a.status, a.scores = "submitted", {"overall": 50.0}
    a.save()
    peers = [
        AssessmentFactory(
            city=CityFactory(name=f"Peer {i}"), cycle=a.cycle, status="submitted", scores={"overall": v}
        )
        for i, v in enumerate([20.0, 40.0, 60.0, 80.0])
    ]
    log_in(client, world.users["coordinator_a"])

    client.post(
        f"/cities/{world.city_a.pk}/benchmarking/",
        {"action": "group", "name": "Twins", "members": [p.city.pk for p in peers]},
    )
    twins = next(g for g in benchmarks(a)["overall"] if g.label == "Twins")

    assert (twins.n, twins.enough, twins.median, twins.percentile) == (5, True, 50.0, 50.0)


def test_the_dashboard_links_to_the_settings_for_the_coordinator_only(client, world):
    url = f"/assessments/{world.assessment_a.pk}/dashboard/"
    link = f'href="/cities/{world.city_a.pk}/benchmarking/"'
    log_in(client, world.users["coordinator_a"])
    coordinator_page = client.get(url).content.decode()
    client.logout()
    log_in(client, world.users["respondent_a"])
    respondent_page = client.get(url).content.decode()

    assert link in coordinator_page
    assert link not in respondent_page


def test_circumstances_change_what_is_within_reach_on_the_dashboard(client):
    from tests.personas import build_world, log_in
    from wego.assessments.services import assessments_score

    world = build_world()
    world.assessment_a.status = "submitted"
    world.assessment_a.save()
    assessments_score(assessments=[world.assessment_a])
    log_in(client, world.users["coordinator_a"])
    dashboard = f"/assessments/{world.assessment_a.pk}/dashboard/"
    before = {a.module.id: a.reasonable for a in client.get(dashboard).context["actions"]}

    saved = client.post(
        f"/cities/{world.city_a.pk}/benchmarking/",
        {"action": "circumstances", "budget_band": "low", "ict_staff_fte": "1", "connectivity": "low"},
    )
    after = {a.module.id: a.reasonable for a in client.get(dashboard).context["actions"]}

    world.city_a.refresh_from_db()
    assert saved.status_code == 302
    assert (world.city_a.budget_band, float(world.city_a.ict_staff_fte), world.city_a.connectivity) == (
        "low",
        1.0,
        "low",
    )
    assert sum(before.values()) > sum(after.values())
    assert set(before) == set(after)
