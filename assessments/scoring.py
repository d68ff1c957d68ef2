"""The arithmetic of an assessment, as DESIGN.md defines it, kept free of the database.

`score_answers` takes plain values and returns plain values, so the rules can be checked by
hand-worked examples and property-based tests; `Assessment.compute_results()` feeds it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MAX_ANSWER = 3
# The answer that "meets the standard": below it, the criterion is still a gap to close.
MEETS_STANDARD = MAX_ANSWER
# A critical criterion scored below "partial" (0 absent or dangerous, 1 insufficient) is a gap.
CRITICAL_GAP_BELOW = 2
# Severity 1..5 from the overall score: (lowest overall score of the band, severity).
SEVERITY_BANDS = ((80, 1), (60, 2), (40, 3), (20, 4))
WORST_SEVERITY = 5
# Any critical criterion scored 0 makes the facility at least this severe.
CRITICAL_ZERO_SEVERITY = 4


@dataclass(frozen=True)
class ScoredAnswer:
    """One answer as the arithmetic sees it; `score` is None when not applicable."""

    dimension: str
    weight: int
    score: int | None
    is_critical: bool = False


@dataclass(frozen=True)
class Results:
    """What is stored on an assessment: scores 0-100 (None when nothing could be scored)."""

    dimension_scores: Mapping[str, float | None] = field(default_factory=dict)
    overall: float | None = None
    severity: int | None = None
    critical_gaps: int = 0


def dimension_score(answers: Iterable[ScoredAnswer], precise: bool = False) -> float | None:
    """100 × Σ(weight × score) / Σ(weight × 3) over the answered criteria; None if none was.

    Rounded to one decimal unless `precise` (the overall score is computed from precise values).
    """
    achieved = possible = 0
    for answer in answers:
        if answer.score is None:
            continue
        if not 0 <= answer.score <= MAX_ANSWER:
            raise ValueError(f"An answer scores 0 to {MAX_ANSWER}, not {answer.score}.")
        achieved += answer.weight * answer.score
        possible += answer.weight * MAX_ANSWER
    if possible == 0:
        return None
    score = 100 * achieved / possible
    return score if precise else round(score, 1)


def meets_standard(score: int | None) -> bool:
    """Whether an answer meets its criterion's standard; a criterion not scored does not."""
    return score is not None and score >= MEETS_STANDARD


def severity_for(overall: float | None, has_critical_zero: bool = False) -> int | None:
    """Severity 1 (overall ≥ 80) to 5 (below 20); at least 4 when a critical criterion is 0."""
    if overall is None:
        return CRITICAL_ZERO_SEVERITY if has_critical_zero else None
    severity = next((level for floor, level in SEVERITY_BANDS if overall >= floor), WORST_SEVERITY)
    if has_critical_zero:
        severity = max(severity, CRITICAL_ZERO_SEVERITY)
    return severity


def score_answers(
    answers: Iterable[ScoredAnswer],
    dimensions: Iterable[str],
    dimension_weights: Mapping[str, int] | None = None,
) -> Results:
    """Score every dimension, the overall score (weighted mean), severity and critical gaps.

    A dimension where every criterion is not applicable has no score and does not count in the
    overall score; the overall score is None only when no dimension could be scored.
    """
    answers = list(answers)
    dimensions = list(dimensions)
    weights = dimension_weights or {}
    scores = {
        dimension: dimension_score((a for a in answers if a.dimension == dimension), precise=True)
        for dimension in dimensions
    }
    weighted = [(weights.get(d, 1), s) for d, s in scores.items() if s is not None]
    total_weight = sum(w for w, _ in weighted)
    overall = round(sum(w * s for w, s in weighted) / total_weight, 1) if total_weight else None
    critical = [a for a in answers if a.is_critical and a.score is not None]
    return Results(
        dimension_scores={d: None if s is None else round(s, 1) for d, s in scores.items()},
        overall=overall,
        severity=severity_for(overall, any(a.score == 0 for a in critical)),
        critical_gaps=sum(1 for a in critical if a.score < CRITICAL_GAP_BELOW),
    )
