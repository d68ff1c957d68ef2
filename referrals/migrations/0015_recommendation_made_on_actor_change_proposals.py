"""A recommendation's date of making (its due date cannot be earlier), and the changes partners
propose to their actor profile.

Recommendations made before this migration take the date of their first history record; one
due earlier than that (an overdue action recorded late) takes its due date, so no stored
recommendation breaks the new rule.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def date_existing_recommendations(apps, schema_editor):
    Recommendation = apps.get_model("referrals", "Recommendation")
    History = apps.get_model("referrals", "HistoricalRecommendation")
    first = {}
    for row in History.objects.order_by("history_date").values("id", "history_date"):
        first.setdefault(row["id"], row["history_date"].date())
    for recommendation in Recommendation.objects.all():
        made_on = first.get(recommendation.pk, recommendation.created_on)
        if recommendation.due_on and recommendation.due_on < made_on:
            made_on = recommendation.due_on
        if made_on != recommendation.created_on:
            Recommendation.objects.filter(pk=recommendation.pk).update(created_on=made_on)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0014_drop_old_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrecommendation",
            name="created_on",
            field=models.DateField(
                default=django.utils.timezone.localdate, editable=False, verbose_name="made on"
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="created_on",
            field=models.DateField(
                default=django.utils.timezone.localdate, editable=False, verbose_name="made on"
            ),
        ),
        migrations.CreateModel(
            name="ActorChangeProposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField(default=0, editable=False)),
                ("changed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "subject",
                    models.CharField(
                        choices=[
                            ("profile", "The profile (description, address)"),
                            ("service", "A service (its regions, conditions, contacts)"),
                        ],
                        max_length=10,
                        verbose_name="what changes",
                    ),
                ),
                ("proposed", models.JSONField(default=dict, verbose_name="proposed values")),
                ("note", models.TextField(blank=True, verbose_name="note to IOM")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for IOM"),
                            ("accepted", "Accepted"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "proposed_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="proposed on"),
                ),
                (
                    "reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reviewed on"),
                ),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="change_proposals",
                        to="referrals.actorprofile",
                        verbose_name="actor",
                    ),
                ),
                (
                    "changed_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="proposed by",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewed by",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="change_proposals",
                        to="referrals.actorservice",
                        verbose_name="service",
                    ),
                ),
            ],
            options={
                "verbose_name": "proposed change to an actor profile",
                "verbose_name_plural": "proposed changes to actor profiles",
                "ordering": ["-proposed_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalActorChangeProposal",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField(default=0, editable=False)),
                (
                    "subject",
                    models.CharField(
                        choices=[
                            ("profile", "The profile (description, address)"),
                            ("service", "A service (its regions, conditions, contacts)"),
                        ],
                        max_length=10,
                        verbose_name="what changes",
                    ),
                ),
                ("proposed", models.JSONField(default=dict, verbose_name="proposed values")),
                ("note", models.TextField(blank=True, verbose_name="note to IOM")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for IOM"),
                            ("accepted", "Accepted"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "proposed_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="proposed on"),
                ),
                (
                    "reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reviewed on"),
                ),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="referrals.actorprofile",
                        verbose_name="actor",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="proposed by",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewed by",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="referrals.actorservice",
                        verbose_name="service",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical proposed change to an actor profile",
                "verbose_name_plural": "historical proposed changes to actor profiles",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(date_existing_recommendations, migrations.RunPython.noop),
    ]
