"""The Kobo forms and imports move from `assessments` to this app with their rows: the tables keep
their names (`assessments_koboform`, `assessments_koboimport`), so only Django's record of which
app owns them changes (assessments 0006 forgets them once this has taken them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0003_history'),
        ('assessments', '0005_need_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='KoboForm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('asset_uid', models.CharField(help_text="The form's id on the Kobo server, as in /api/v2/assets/<uid>/.", max_length=64, unique=True, verbose_name='Kobo asset uid')),
                        ('title', models.CharField(blank=True, max_length=200, verbose_name='title on Kobo')),
                        ('last_fetched_at', models.DateTimeField(blank=True, null=True, verbose_name='last fetched at')),
                        ('framework', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='kobo_forms', to='assessments.framework', verbose_name='framework')),
                    ],
                    options={
                        'verbose_name': 'Kobo form',
                        'verbose_name_plural': 'Kobo forms',
                        'db_table': 'assessments_koboform',
                        'ordering': ['framework', 'asset_uid'],
                    },
                ),
                migrations.CreateModel(
                    name='KoboImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('file', 'XLSX export'), ('api', 'Kobo server')], max_length=10, verbose_name='source')),
                        ('status', models.CharField(choices=[('fetching', 'Fetching'), ('ready', 'Ready for preview'), ('failed', 'Failed'), ('imported', 'Imported')], default='ready', max_length=10, verbose_name='status')),
                        ('filename', models.CharField(blank=True, max_length=255, verbose_name='file')),
                        ('submissions', models.JSONField(blank=True, default=list, verbose_name='submissions')),
                        ('fetched', models.PositiveIntegerField(default=0, verbose_name='submissions fetched')),
                        ('total', models.PositiveIntegerField(blank=True, null=True, verbose_name='submissions to fetch')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('created_count', models.PositiveIntegerField(default=0, verbose_name='assessments created')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('imported_at', models.DateTimeField(blank=True, null=True, verbose_name='imported at')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='kobo_imports', to=settings.AUTH_USER_MODEL, verbose_name='imported by')),
                        ('framework', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='kobo_imports', to='assessments.framework', verbose_name='framework')),
                        ('kobo_form', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='imports', to='kobo.koboform', verbose_name='Kobo form')),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='kobo_imports', to='accounts.organisation', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'Kobo import',
                        'verbose_name_plural': 'Kobo imports',
                        'db_table': 'assessments_koboimport',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
