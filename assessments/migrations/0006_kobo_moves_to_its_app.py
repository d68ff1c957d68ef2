"""The Kobo forms and imports now belong to the `kobo` app, which took them over with their tables
and rows in kobo 0001; `assessments` only forgets them, the database is not touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_need_version"),
        ("kobo", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="KoboImport"),
                migrations.DeleteModel(name="KoboForm"),
            ],
            database_operations=[],
        ),
    ]
