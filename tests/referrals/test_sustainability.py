"""Reintegration sustainability: the arithmetic, the indicators loaded, follow-ups and pages."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from referrals.models import FollowUp, SustainabilityIndicator, SustainabilitySettings
from referrals.sustainability import (
    DIMENSIONS,
    IndicatorAnswer,
    answer_score,
    sustainability_scores,
)
from tests.factories import CaseFactory

EQUAL = dict.fromkeys(DIMENSIONS, 1.0)


def test_each_dimension_is_the_weighted_mean_and_the_composite_the_mean_of_dimensions():
    answers = [
        IndicatorAnswer("economic", 1, 1.0),
        IndicatorAnswer("economic", 3, 0.5),  # (1 + 1.5) / 4 = 0.625
        IndicatorAnswer("social", 1, 0.25),
        IndicatorAnswer("psychosocial", 1, 0.0),
    ]

    scores = sustainability_scores(answers, EQUAL)

    assert scores == {
        "economic": 0.625,
        "social": 0.25,
        "psychosocial": 0.0,
        "composite": 0.292,
    }


def test_changing_a_dimension_weight_changes_the_composite():
    answers = [IndicatorAnswer("economic", 1, 1.0), IndicatorAnswer("social", 1, 0.0)]

    equal = sustainability_scores(answers, EQUAL)["composite"]
    economic_first = sustainability_scores(answers, {**EQUAL, "economic": 3})["composite"]

    assert (equal, economic_first) == (0.5, 0.75)


def test_a_dimension_without_answers_is_left_out_and_no_answer_gives_no_score():
    assert sustainability_scores([IndicatorAnswer("social", 1, 0.5)], EQUAL)["composite"] == 0.5
    assert sustainability_scores([], EQUAL) == dict.fromkeys([*DIMENSIONS, "composite"])


def test_answers_become_scores_between_0_and_1_and_bad_values_are_refused():
    assert [answer_score(v, "five_point") for v in range(5)] == [0, 0.25, 0.5, 0.75, 1]
    assert answer_score(1, "yes_no") == 1.0
    with pytest.raises(ValueError):
        answer_score(5, "five_point")
    with pytest.raises(ValueError):
        answer_score(2, "yes_no")


@given(
    st.lists(
        st.builds(
            IndicatorAnswer,
            dimension=st.sampled_from(DIMENSIONS),
            weight=st.floats(min_value=0, max_value=5),
            score=st.floats(min_value=0, max_value=1),
        ),
        max_size=30,
    ),
    st.fixed_dictionaries({d: st.floats(min_value=0, max_value=5) for d in DIMENSIONS}),
)
def test_every_score_stays_between_0_and_1(answers, weights):
    for value in sustainability_scores(answers, weights).values():
        assert value is None or 0 <= value <= 1


@pytest.mark.django_db
def test_fifteen_indicators_are_loaded_in_three_languages_and_three_dimensions():
    indicators = SustainabilityIndicator.objects.all()

    assert indicators.count() == 15
    assert set(indicators.values_list("dimension", flat=True)) == set(DIMENSIONS)
    assert all(i.question_fr and i.question_ar and i.question_en for i in indicators)


@pytest.mark.django_db
def test_a_follow_up_with_answers_is_scored_and_shown_over_time(client, iom_user, iom_org):
    case = CaseFactory(owner=iom_org)
    client.force_login(iom_user)
    data = {"date": "2026-11-20", "kind": "phone"}
    for indicator in SustainabilityIndicator.objects.all():
        data[f"rss_{indicator.code}"] = "1" if indicator.scale == "yes_no" else "4"

    client.post(reverse("referrals:follow_up_create", args=[case.pk]), data)
    page = client.get(reverse("referrals:case_detail", args=[case.pk])).text
    dashboard = client.get(reverse("referrals:dashboard")).text

    follow_up = FollowUp.objects.get()
    assert (follow_up.score_economic, follow_up.score_composite) == (1.0, 1.0)
    assert 'data-testid="sustainability-chart"' in page
    assert "1 sur 1" in dashboard.split('data-testid="sustainable-overall"')[1][:200]


@pytest.mark.django_db
def test_raising_the_threshold_changes_who_counts_as_sustainable(client, iom_user, iom_org):
    case = CaseFactory(owner=iom_org)
    follow_up = FollowUp.objects.create(case=case, kind="phone")
    follow_up.score_composite = 0.6
    follow_up.save()
    settings_row = SustainabilitySettings.load()
    client.force_login(iom_user)
    before = client.get(reverse("referrals:dashboard")).text
    settings_row.threshold = 0.7
    settings_row.save()
    after = client.get(reverse("referrals:dashboard")).text

    assert "1 sur 1" in before.split('data-testid="sustainable-overall"')[1][:200]
    assert "0 sur 1" in after.split('data-testid="sustainable-overall"')[1][:200]
