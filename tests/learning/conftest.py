import pytest

from tests.personas import build_world


@pytest.fixture
def world(db):
    """Two member cities (Alpha, Beta) and one person per role (tests/personas.py)."""
    return build_world()
