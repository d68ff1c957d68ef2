"""A needs row of a Kobo submission checked as a need: the dimension, kind and urgency among the
choices, a description, a quantity above zero and a unit cost in dirhams within what `Need`'s
decimal fields hold. Kept apart from `importing.py`, which checks the whole submission.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from assessments.models import Dimension, Need

from . import submissions as kobo

CENT = Decimal("0.01")
# The largest values Need's decimal fields hold (max_digits minus the two decimals).
MAX_QUANTITY = Decimal(10) ** 8
MAX_UNIT_COST = Decimal(10) ** 10
MAX_TOTAL_COST = Decimal(10) ** 12


@dataclass
class CheckedNeed:
    dimension: str
    kind: str
    description: str
    quantity: Decimal
    unit: str
    unit_cost: Decimal
    urgency: str

    @property
    def total_cost(self) -> Decimal:
        return self.quantity * self.unit_cost


def parse_amount(text: str) -> Decimal | None:
    """A number as people type it ("1 250,5" or "1250.50"), to the cent; None if it is not one."""
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number.quantize(CENT, rounding=ROUND_HALF_UP) if number.is_finite() else None


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def checked_need(values: dict[str, str]) -> tuple[CheckedNeed | None, list[str]]:
    """A needs row as a need, or the reasons it cannot be one.

    An empty quantity is 1 (the form's default); an empty urgency is an error, as on the web.
    """

    def text(name: str) -> str:
        return (values.get(name) or "").strip()

    errors = []
    dimension, kind = text(kobo.NEED_DIMENSION), text(kobo.NEED_KIND)
    urgency = text(kobo.NEED_URGENCY)
    for value, choices, label in (
        (dimension, Dimension.values, _("dimension")),
        (kind, Need.Kind.values, _("kind")),
        (urgency, Need.Urgency.values, _("urgency")),
    ):
        if value not in choices:
            errors.append(
                _("the %(field)s “%(value)s” is not one of %(choices)s.")
                % {"field": label, "value": _shown(value), "choices": ", ".join(choices)}
                if value
                else _("the %(field)s is missing.") % {"field": label}
            )
    description = text(kobo.NEED_DESCRIPTION)
    if not description:
        errors.append(_("the description is missing."))
    unit = text(kobo.NEED_UNIT)
    if len(unit) > Need._meta.get_field("unit").max_length:
        errors.append(_("the unit is longer than 40 characters."))
    quantity = parse_amount(text(kobo.NEED_QUANTITY) or "1")
    if quantity is None or not Decimal("0") < quantity < MAX_QUANTITY:
        errors.append(
            _("the quantity “%(value)s” is not a number above zero.")
            % {"value": _shown(text(kobo.NEED_QUANTITY))}
        )
    unit_cost = parse_amount(text(kobo.NEED_UNIT_COST)) if text(kobo.NEED_UNIT_COST) else None
    if unit_cost is None or not Decimal("0") <= unit_cost < MAX_UNIT_COST:
        errors.append(
            _("the unit cost “%(value)s” is not an amount in dirhams, zero or more.")
            % {"value": _shown(text(kobo.NEED_UNIT_COST))}
            if text(kobo.NEED_UNIT_COST)
            else _("the unit cost is missing.")
        )
    if not errors and quantity * unit_cost >= MAX_TOTAL_COST:
        errors.append(_("the total cost is too large."))
    if errors:
        return None, errors
    return CheckedNeed(dimension, kind, description, quantity, unit, unit_cost, urgency), []
