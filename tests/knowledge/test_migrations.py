import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_search_structure_exists_only_on_its_own_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'knowledge_practice_fts'")
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_practicetext_search_gin'"
            )
        found = cursor.fetchall()

    if connection.vendor == "sqlite":
        assert found == [("knowledge_practice_fts",)]
    else:
        assert found == [
            (
                "CREATE INDEX knowledge_practicetext_search_gin ON public.knowledge_practicetext "
                "USING gin (search_vector)",
            )
        ]
