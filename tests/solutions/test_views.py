import pytest

from tests.personas import build_world, log_in
from wego.assessments.services import assessments_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_module_list_shows_the_whole_catalogue(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.get("/modules/")

    assert response.status_code == 200
    assert len(response.context["catalogue"].modules) == 32
    assert 'href="/modules/integrated-call-centre/"' in response.content.decode()


def test_module_page_shows_five_phases_of_steps_prerequisites_and_kpis(client, world):
    log_in(client, world.users["coordinator_a"])

    response = client.get("/modules/digital-identity-sso/")

    page = response.content.decode()
    headings = ["1. Plan", "2. Procure", "3. Build", "4. Launch", "5. Operate"]
    positions = [page.find(f"{h}</h3>") for h in headings]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert [m.id for m in response.context["prerequisites"]] == [
        "base-registries",
        "cybersecurity-operations",
    ]
    assert "What to measure" in page


def test_unknown_module_is_404(client, world):
    log_in(client, world.users["coordinator_a"])

    assert client.get("/modules/no-such-module/").status_code == 404


def test_dashboard_recommends_modules_with_reasons(client, world):
    world.assessment_a.status = "submitted"
    world.assessment_a.save()
    assessments_score(assessments=[world.assessment_a])
    log_in(client, world.users["coordinator_a"])

    response = client.get(f"/assessments/{world.assessment_a.pk}/dashboard/")

    actions = response.context["actions"]
    page = response.content.decode()
    assert actions[0].rank == 1
    assert [a.urgency for a in actions] == sorted((a.urgency for a in actions), reverse=True)
    assert f'id="action-{actions[0].module.id}"' in page
    assert actions[0].explanation.startswith("Closing its gaps would add ")
