"""`manage.py notify_due_actions`: tell people of the roadmap actions and support follow-up
actions due today that are still open.

Run it daily (cron). A roadmap action goes to its responsible organisation (else IOM staff); a
follow-up action of a support activity to the organisation supported and to the person who
recorded the activity. Each person is told once per action and due date, so running it twice
the same day tells nobody again.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import Kind
from notifications.services import notify
from plans.models import SupportFollowUp
from referrals.services import remind_due_recommendations


def remind_due_follow_up_actions(today, site_url: str = "") -> int:
    """Tell of each open follow-up action due `today`, once per action and due date."""
    User = get_user_model()
    told = 0
    due = SupportFollowUp.objects.filter(due_on=today, is_done=False).select_related(
        "activity__recorded_by"
    )
    for action in due:
        activity = action.activity
        people = list(User.objects.filter(organisation_id=activity.organisation_id))
        if activity.recorded_by is not None:
            people.append(activity.recorded_by)
        told += len(
            notify(
                people,
                Kind.FOLLOW_UP_ACTION_DUE,
                {"action": action.action[:120], "activity": activity.topic[:80]},
                reverse("plans:support_detail", args=[activity.pk]),
                site_url=site_url,
                once_key=f"follow_up:{action.pk}:{today.isoformat()}",
            )
        )
    return told


class Command(BaseCommand):
    help = "Notify those concerned of the roadmap and follow-up actions due today (once each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="Address of Manara for the links in mails, e.g. https://manara.example.org",
        )

    def handle(self, *args, base_url, **options):
        today = timezone.localdate()
        with transaction.atomic():
            told = remind_due_recommendations(today, base_url)
            told += remind_due_follow_up_actions(today, base_url)
        self.stdout.write(f"{told} person(s) told of actions due today.")
