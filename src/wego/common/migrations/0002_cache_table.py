from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The shared cache (settings.CACHES) is a table; creating it here means `migrate` is
    # the only set-up step, on SQLite and PostgreSQL alike.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
