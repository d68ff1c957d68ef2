"""One date format per language: a day reads the same in a list, a history and a timeline."""

import datetime
import zoneinfo

import pytest

from assessments.models import Assessment
from facilities.models import ServiceCategory
from tests.factories import (
    ActorServiceFactory,
    CaseFactory,
    ReferralFactory,
    validated_assessment,
)

DAY = datetime.date(2026, 3, 15)
MOMENT = datetime.datetime(2026, 3, 15, 10, 30, tzinfo=zoneinfo.ZoneInfo("Africa/Casablanca"))
# The Arabic short date carries right-to-left marks so that it reads day first in any context.
SHORT_DATES = {"ar": "15\u200f/03\u200f/2026", "fr": "15/03/2026", "en": "03/15/2026"}


def _section(html: str, marker: str, end: str) -> str:
    return html.split(marker, 1)[1].split(end, 1)[0]


@pytest.fixture
def assessment_of_the_day(facility_a, iom_user):
    assessment = validated_assessment(facility_a, iom_user)
    Assessment.objects.filter(pk=assessment.pk).update(assessed_on=DAY, created_at=MOMENT)
    assessment.moves.update(at=MOMENT)
    return assessment


@pytest.fixture
def referral_of_the_day(iom_org, iom_user):
    referral = ReferralFactory(
        case=CaseFactory(owner=iom_org),
        service=ActorServiceFactory(category=ServiceCategory.objects.get(code="mhpss")),
    )
    referral.move("sent", iom_user)
    referral.__class__.objects.filter(pk=referral.pk).update(due_on=DAY, created_at=MOMENT)
    referral.moves.update(at=MOMENT)
    return referral


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_assessment_list_and_its_status_history_write_the_day_alike(
    client, iom_user, assessment_of_the_day, language
):
    client.force_login(iom_user)
    date = SHORT_DATES[language]

    listed = client.get(f"/{language}/assessments/").text
    detail = client.get(f"/{language}/assessments/{assessment_of_the_day.pk}/").text

    assert f">{date}</td>" in listed
    history = _section(detail, '<time datetime="2026-03-15T10:30:00', "</ul>")
    assert history.count(f">{date} ") == 3  # started, submitted, validated


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_referral_list_and_its_timeline_write_the_day_alike(
    client, iom_user, referral_of_the_day, language
):
    client.force_login(iom_user)
    date = SHORT_DATES[language]

    listed = client.get(f"/{language}/referrals/").text
    detail = client.get(f"/{language}/referrals/{referral_of_the_day.pk}/").text

    assert f">{date}</td>" in listed
    timeline = _section(detail, '<time datetime="2026-03-15T10:30:00', "</ul>")
    assert timeline.count(f">{date} ") == 2  # created, sent
