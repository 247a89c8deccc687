"""Load the public archive: the first four WeGO Awards, their categories and known winners."""

from django.db import migrations


def load(apps, schema_editor):
    from wego.awards.archive import archive_load

    archive_load(
        apps.get_model("awards", "Edition"),
        apps.get_model("awards", "Category"),
        apps.get_model("awards", "Winner"),
        using=schema_editor.connection.alias,
    )


def unload(apps, schema_editor):
    Edition = apps.get_model("awards", "Edition")
    Edition.objects.using(schema_editor.connection.alias).filter(status="archive", number__lte=4).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
