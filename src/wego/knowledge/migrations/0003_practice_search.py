"""Full-text search of practice texts: an FTS5 table on SQLite, a GIN index on PostgreSQL.

Each is created only on its own database; both are filled by wego.knowledge.services
(never by signals). See docs/knowledge.md.
"""

from django.db import migrations

FTS_TABLE = "knowledge_practice_fts"
GIN_INDEX = "knowledge_practicetext_search_gin"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "text_id UNINDEXED, practice_id UNINDEXED, language UNINDEXED, title, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON knowledge_practicetext USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_practices")]

    operations = [migrations.RunPython(create, drop)]
