import pytest
from django.core.cache import caches
from django.db import connection


@pytest.mark.django_db
def test_migrations_create_the_shared_cache_table_and_it_works(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "wego_cache"}
    }
    cache = caches["default"]

    cache.set("diagnosis:test", {"sections": "<section></section>"}, timeout=60)

    assert "wego_cache" in connection.introspection.table_names()
    assert cache.get("diagnosis:test") == {"sections": "<section></section>"}
