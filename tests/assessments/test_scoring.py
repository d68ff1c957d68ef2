"""The scoring arithmetic of DESIGN.md, by hand-worked examples, edge cases and properties."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assessments.scoring import ScoredAnswer, dimension_score, score_answers, severity_for

DIMENSIONS = ["accessibility", "safety", "services", "protection"]


def answer(dimension="safety", score=3, weight=1, critical=False):
    return ScoredAnswer(dimension=dimension, weight=weight, score=score, is_critical=critical)


def test_dimension_score_is_the_weighted_share_of_the_maximum():
    # (2×3 + 1×1 + 1×2) / ((2 + 1 + 1) × 3) = 9 / 12 = 75 %
    answers = [answer(score=3, weight=2), answer(score=1), answer(score=2)]

    assert dimension_score(answers) == 75.0


def test_not_applicable_answers_are_left_out_of_the_dimension_score():
    answers = [answer(score=3), answer(score=None, weight=5), answer(score=0)]

    assert dimension_score(answers) == 50.0


def test_a_dimension_where_everything_is_not_applicable_has_no_score():
    assert dimension_score([answer(score=None), answer(score=None)]) is None


def test_all_threes_score_100_with_severity_1_and_no_critical_gap():
    answers = [answer(d, 3, critical=(d == "safety")) for d in DIMENSIONS]

    results = score_answers(answers, DIMENSIONS)

    assert results.dimension_scores == dict.fromkeys(DIMENSIONS, 100.0)
    assert (results.overall, results.severity, results.critical_gaps) == (100.0, 1, 0)


def test_overall_score_is_the_mean_of_the_dimension_scores():
    # accessibility 100, safety 50 (3 and 0), services 2/3 = 66.7, protection 1/3 = 33.3
    answers = [
        answer("accessibility", 3),
        answer("safety", 3),
        answer("safety", 0),
        answer("services", 2),
        answer("protection", 1),
    ]

    results = score_answers(answers, DIMENSIONS)

    assert results.dimension_scores == {
        "accessibility": 100.0,
        "safety": 50.0,
        "services": 66.7,
        "protection": 33.3,
    }
    assert results.overall == 62.5
    assert results.severity == 2


def test_dimension_weights_of_the_framework_weigh_the_overall_score():
    answers = [answer("accessibility", 3), answer("safety", 0)]

    results = score_answers(answers, ["accessibility", "safety"], {"safety": 3})

    # (1 × 100 + 3 × 0) / 4
    assert results.overall == 25.0


def test_a_dimension_without_score_does_not_count_in_the_overall_score():
    answers = [answer("accessibility", 3), answer("safety", None), answer("services", 0)]

    results = score_answers(answers, DIMENSIONS)

    assert results.dimension_scores["safety"] is None
    assert results.dimension_scores["protection"] is None
    assert results.overall == 50.0


def test_one_critical_zero_makes_severity_at_least_4_even_with_a_good_overall_score():
    answers = [answer(d, 3) for d in DIMENSIONS for _ in range(5)]
    answers.append(answer("safety", 0, critical=True))

    results = score_answers(answers, DIMENSIONS)

    assert results.overall > 90
    assert results.severity == 4
    assert results.critical_gaps == 1


def test_critical_criteria_scored_0_or_1_are_critical_gaps_but_only_0_raises_severity():
    answers = [answer(d, 3) for d in DIMENSIONS for _ in range(5)]
    answers += [answer("safety", 1, critical=True), answer("protection", 2, critical=True)]

    results = score_answers(answers, DIMENSIONS)

    assert results.critical_gaps == 1
    assert results.severity == 1


def test_a_critical_criterion_not_applicable_is_not_a_gap():
    results = score_answers([answer("safety", None, critical=True)], DIMENSIONS)

    assert (results.overall, results.severity, results.critical_gaps) == (None, None, 0)


def test_no_answer_at_all_gives_no_scores():
    results = score_answers([], DIMENSIONS)

    assert results.dimension_scores == dict.fromkeys(DIMENSIONS)
    assert (results.overall, results.severity, results.critical_gaps) == (None, None, 0)


@pytest.mark.parametrize(
    ("overall", "severity"),
    [
        (100, 1),
        (80, 1),
        (79.9, 2),
        (60, 2),
        (59.9, 3),
        (40, 3),
        (39.9, 4),
        (20, 4),
        (19.9, 5),
        (0, 5),
    ],
)
def test_severity_bands_follow_the_design(overall, severity):
    assert severity_for(overall) == severity


def test_severity_with_a_critical_zero_never_goes_below_4_but_keeps_5():
    assert severity_for(95, has_critical_zero=True) == 4
    assert severity_for(10, has_critical_zero=True) == 5


def test_a_score_outside_0_to_3_is_refused():
    with pytest.raises(ValueError, match="0 to 3"):
        dimension_score([answer(score=4)])


answers_strategy = st.lists(
    st.builds(
        ScoredAnswer,
        dimension=st.sampled_from(DIMENSIONS),
        weight=st.integers(min_value=1, max_value=5),
        score=st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
        is_critical=st.booleans(),
    ),
    max_size=40,
)


@given(answers_strategy)
def test_every_score_stays_between_0_and_100_and_severity_between_1_and_5(answers):
    results = score_answers(answers, DIMENSIONS)

    for score in [*results.dimension_scores.values(), results.overall]:
        assert score is None or 0 <= score <= 100
    assert results.severity is None or 1 <= results.severity <= 5
    assert 0 <= results.critical_gaps <= len(answers)


@given(answers_strategy.filter(bool), st.data())
def test_raising_one_answer_never_lowers_its_dimension_score(answers, data):
    index = data.draw(st.integers(min_value=0, max_value=len(answers) - 1))
    raised = answers[index]
    assume(raised.score is not None and raised.score < 3)
    new_score = data.draw(st.integers(min_value=raised.score + 1, max_value=3))
    better = list(answers)
    better[index] = ScoredAnswer(raised.dimension, raised.weight, new_score, raised.is_critical)

    before = score_answers(answers, DIMENSIONS).dimension_scores[raised.dimension]
    after = score_answers(better, DIMENSIONS).dimension_scores[raised.dimension]

    assert after >= before
