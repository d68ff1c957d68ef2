"""Reintegration sustainability scores, in the way IOM's Reintegration Sustainability Survey
reports them: one score per dimension (economic, social, psychosocial) and a composite, 0 to 1.

A pure function over plain values. The weights and the threshold are settings an admin changes:
the published survey's own weights and threshold could not be confirmed (see the README).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DIMENSIONS = ("economic", "social", "psychosocial")


@dataclass(frozen=True)
class IndicatorAnswer:
    """One answer, already turned into a score between 0 (worst) and 1 (best)."""

    dimension: str
    weight: float
    score: float


def sustainability_scores(
    answers: Iterable[IndicatorAnswer], dimension_weights: Mapping[str, float]
) -> dict[str, float | None]:
    """Weighted mean per dimension, then the composite: the weighted mean of the dimensions
    that have an answer (None where nothing was answered)."""
    answers = list(answers)
    result: dict[str, float | None] = {}
    for dimension in DIMENSIONS:
        mine = [a for a in answers if a.dimension == dimension and a.weight > 0]
        total = sum(a.weight for a in mine)
        result[dimension] = (
            round(sum(a.weight * a.score for a in mine) / total, 3) if total else None
        )
    weighted = [
        (dimension_weights.get(d, 1.0), s)
        for d, s in result.items()
        if s is not None and dimension_weights.get(d, 1.0) > 0
    ]
    total = sum(w for w, _ in weighted)
    result["composite"] = round(sum(w * s for w, s in weighted) / total, 3) if total else None
    return result


def answer_score(value: int, scale: str) -> float:
    """A five-point answer (0 worst .. 4 best) or a yes/no (0/1) as a score from 0 to 1."""
    if scale == "yes_no":
        if value not in (0, 1):
            raise ValueError("A yes/no answer is 0 or 1.")
        return float(value)
    if not 0 <= value <= 4:
        raise ValueError("A five-point answer runs from 0 to 4.")
    return value / 4
