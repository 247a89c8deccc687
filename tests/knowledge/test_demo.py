import pytest

from tests.factories import CityFactory
from wego.knowledge.demo import knowledge_demo_load
from wego.knowledge.models import Practice

pytestmark = pytest.mark.django_db


def test_demo_loads_the_real_library_and_links_member_cities_twice_safely():
    seoul = CityFactory(name="Seoul", slug="seoul")

    first = knowledge_demo_load()
    second = knowledge_demo_load()

    assert first == second == {"practices": 19, "partners": 12}
    assert Practice.objects.filter(city=seoul).count() == 9
    assert Practice.objects.filter(demo=True).count() == 0
