"""What each PDF shows: the template, its data and its file name, for one language.

Each builder reads what the document needs in a fixed number of queries and returns the context
that `pdf.render_html` turns into HTML. Permissions are checked by the views before.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.db.models import Prefetch, Q, Sum
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Answer,
    Assessment,
    Dimension,
    Framework,
    Need,
    PrioritySettings,
)
from assessments.prioritisation import ranked_assessments
from assessments.scoring import CRITICAL_GAP_BELOW, MAX_ANSWER
from facilities.models import Facility, Region, ServiceCategory
from referrals.models import (
    ActorProfile,
    ActorService,
    Pathway,
    PathwayStep,
    Recommendation,
    SwotEntry,
)

# When each urgency's work happens in the suggested action plan: (first month, last month).
URGENCY_MONTHS = {
    Need.Urgency.IMMEDIATE: (1, 1),
    Need.Urgency.THREE_MONTHS: (1, 3),
    Need.Urgency.TWELVE_MONTHS: (4, 12),
}
PLAN_PERIODS = [(1, 1), (2, 3), (4, 6), (7, 12)]
PERIOD_LABELS = [_("Month 1"), _("Months 2–3"), _("Months 4–6"), _("Months 7–12")]

# The checklist a partner keeps to run the facility well, by heading.
MANAGEMENT_CHECKLIST = [
    (
        _("Safety routines"),
        [
            _("Fire extinguishers checked monthly; evacuation plan posted; a drill twice a year."),
            _("Wiring and gas appliances inspected once a year by a qualified person."),
            _("A first-aid kit complete and in date; at least two trained first-aiders per shift."),
            _("Night-time presence of staff and lighting of access routes and sanitary areas."),
        ],
    ),
    (
        _("Protection and safeguarding procedures"),
        [
            _("A code of conduct signed by every staff member and volunteer."),
            _("A named focal point for protection against sexual exploitation and abuse (PSEA)."),
            _("Separate, lockable sleeping and sanitary areas for women and for children alone."),
            _("A written referral procedure to health, psychosocial, legal and child protection."),
        ],
    ),
    (
        _("Complaint and feedback mechanism"),
        [
            _("At least two ways to complain, one anonymous (box, phone line, focal point)."),
            _("Complaints recorded and answered in an agreed time, explained to residents."),
            _("Abuse or exploitation complaints sent to the protection focal point that day."),
        ],
    ),
    (
        _("Information to residents"),
        [
            _("House rules, rights and services displayed in the languages residents speak."),
            _("An information session for each arrival, with the contacts of outside services."),
            _("Emergency numbers and the facility's own contacts posted at the entrance."),
        ],
    ),
]


def filename_for(*parts) -> str:
    """A download name made of the parts, e.g. guide-fac-0042.pdf. A part with no ASCII letter
    or digit (an Arabic name) is left out rather than leaving an empty part behind."""
    slugs = [slug for slug in (slugify(str(part)) for part in parts if part) if slug]
    return "-".join(slugs or ["document"]) + ".pdf"


def latest_validated(facility: Facility) -> Assessment | None:
    return (
        Assessment.objects.filter(facility=facility, is_latest_validated=True)
        .select_related("framework", "assessor_organisation", "validated_by")
        .first()
    )


def facility_guide(facility: Facility, assessment: Assessment, *, with_comments: bool) -> dict:
    """The reinforcement guide of a facility from its latest validated assessment.

    `with_comments`: whether the reader may read the assessor's comments and general
    observations (accounts.permissions.reads_assessor_comments); viewers get the guide without.
    """
    answers = list(
        assessment.answers.select_related("criterion").order_by(
            "criterion__order", "criterion__code"
        )
    )
    below = [
        a for a in answers if not a.not_applicable and a.score is not None and a.score < MAX_ANSWER
    ]
    critical = sorted(
        (a for a in below if a.criterion.is_critical and a.score < CRITICAL_GAP_BELOW),
        key=lambda a: (a.score, a.criterion.order),
    )
    scores = assessment.dimension_scores()
    dimensions = [
        {
            "label": dimension.label,
            "score": scores[dimension.value],
            **_bar(scores[dimension.value]),
            "answers": sorted(
                (a for a in below if a.criterion.dimension == dimension.value),
                key=lambda a: (a.score, a.criterion.order),
            ),
        }
        for dimension in Dimension
    ]
    needs = list(
        Need.objects.filter(assessment=assessment).select_related("criterion").order_by("pk")
    )
    urgency_order = list(Need.Urgency.values)
    plan = []
    for need in sorted(needs, key=lambda n: (urgency_order.index(n.urgency), -n.total_cost)):
        if not need.is_open:
            continue
        first, last = URGENCY_MONTHS[need.urgency]
        plan.append(
            {
                "need": need,
                "periods": [start <= last and end >= first for start, end in PLAN_PERIODS],
                "responsible": _responsible(facility, need),
            }
        )
    totals = defaultdict(Decimal)
    for need in needs:
        totals[need.get_urgency_display()] += need.total_cost
    return {
        "facility": facility,
        "assessment": assessment,
        "framework": assessment.framework,
        "critical": critical,
        "dimensions": dimensions,
        "needs": needs,
        "needs_total": sum((n.total_cost for n in needs), Decimal(0)),
        "open_total": sum((n.total_cost for n in needs if n.is_open), Decimal(0)),
        "totals_by_urgency": dict(totals),
        "plan": plan,
        "period_labels": PERIOD_LABELS,
        "checklist": MANAGEMENT_CHECKLIST,
        "with_comments": with_comments,
    }


def _bar(score: float | None) -> dict:
    """An SVG bar (0-100 wide, whole numbers) growing from the reading side, coloured by band."""
    width = round(score or 0)
    colour = "#b02a37" if width < 40 else "#a04b00" if width < 60 else "#146c43"
    return {"bar": width, "bar_x": 100 - width if get_language_bidi() else 0, "colour": colour}


def _responsible(facility: Facility, need: Need) -> str:
    """Who leads the work: the owner for building works when known, else the managing partner."""
    if need.kind == Need.Kind.RENOVATION and facility.owner_authority:
        return facility.owner_authority
    return str(facility.managing_organisation)


def framework_guide(framework: Framework) -> dict:
    """Every criterion of a framework, by dimension: the handbook partners keep."""
    by_dimension = defaultdict(list)
    for criterion in framework.criteria.order_by("order", "code"):
        by_dimension[criterion.dimension].append(criterion)
    return {
        "framework": framework,
        "dimensions": [
            {"label": d.label, "criteria": by_dimension.get(d.value, [])} for d in Dimension
        ],
        "scale": Answer.Score.choices,
        "kinds": dict(Facility.Kind.choices),
    }


def public_path(facility: Facility, language: str) -> str:
    """The facility's page in the public directory (its address is fixed by the directory)."""
    return f"/{language}/directory/{facility.slug}/"


# The information sheet is one A4 page whatever the facility's texts: the long free texts are cut
# at these lengths (at a word) and the sheet sends the reader to the public page for the rest,
# and a sheet with much to say prints in a smaller type (`compact`).
SHEET_CUT = {"description": 420, "access_conditions": 300}
SHEET_COMPACT_FROM = 900  # characters of text on the sheet


@dataclass
class SheetText:
    """A free text as the sheet prints it: cut to fit, and whether it is the French fallback."""

    text: str
    in_french: bool
    cut: bool


def _sheet_text(localized: tuple[str, bool], length: int) -> SheetText:
    text, in_french = localized
    short = Truncator(text).chars(length)
    return SheetText(short, in_french, short != text)


def information_sheet(facility: Facility, public_url: str) -> dict:
    """One A4 page for migrants: how to reach the place, what it offers and for whom, a QR code
    of its public page, which holds whatever the sheet had to cut."""
    qr = segno.make(public_url, error="m")
    services = list(facility.services.all())
    target_groups = list(facility.target_groups.all())
    description = _sheet_text(facility.description(), SHEET_CUT["description"])
    access = _sheet_text(facility.access_conditions(), SHEET_CUT["access_conditions"])
    printed = [
        facility.public_name[0],
        description.text,
        access.text,
        facility.opening_hours()[0],
        facility.address,
        facility.commune,
        *(service.name for service in services),
        *(group.name for group in target_groups),
        *facility.language_names(),
    ]
    return {
        "facility": facility,
        "name": facility.public_name,
        "description": description,
        "access_conditions": access,
        "cut": description.cut or access.cut,
        "compact": sum(len(text) for text in printed) >= SHEET_COMPACT_FROM,
        "services": services,
        "target_groups": target_groups,
        "public_url": public_url,
        "qr_svg": qr.svg_inline(
            scale=4,
            dark="#000",
            light="#fff",
            omitsize=False,
            title=_("QR code of the public page: %(address)s") % {"address": public_url},
        ),
    }


def region_priorities(region: Region, user) -> dict:
    """The ranked facilities of a region with their scores and open needs totals."""
    rows = list(ranked_assessments(user, PrioritySettings.load()).filter(facility__region=region))
    open_cost = dict(
        Need.objects.open()
        .filter(facility__region=region)
        .values_list("facility")
        .annotate(total=Sum("total_cost"))
        .values_list("facility", "total")
    )
    for row in rows:
        row.open_needs_cost = open_cost.get(row.facility_id, Decimal(0))
    return {
        "region": region,
        "rows": rows,
        "open_total": sum((row.open_needs_cost for row in rows), Decimal(0)),
        "generated_on": timezone.localdate(),
    }


def region_actors(region: Region) -> dict:
    """Actors of a region by service, coverage gaps, SWOT grids, recommendations and pathways."""
    services = list(
        ActorService.objects.filter(is_active=True, regions=region)
        .select_related("actor__organisation", "category")
        .order_by("category__order", "actor__organisation__name")
    )
    by_category = defaultdict(list)
    for service in services:
        by_category[service.category_id].append(service)
    categories = list(ServiceCategory.objects.all())
    actors = list(
        ActorProfile.objects.filter(regions=region)
        .select_related("organisation")
        .prefetch_related("swot")
        .order_by("organisation__name")
    )
    steps = PathwayStep.objects.select_related("service__actor__organisation").order_by("order")
    return {
        "region": region,
        "coverage": [{"category": c, "services": by_category.get(c.pk, [])} for c in categories],
        "gaps": [c for c in categories if not by_category.get(c.pk)],
        "actors": actors,
        "recommendations": list(
            Recommendation.objects.filter(Q(region=region) | Q(actor__regions=region))
            .distinct()
            .select_related("actor__organisation", "responsible")
            .order_by("status", "due_on", "pk")
        ),
        "pathways": list(
            Pathway.objects.filter(region=region)
            .select_related("category")
            .prefetch_related(Prefetch("steps", queryset=steps))
        ),
        "quadrants": SwotEntry.Quadrant.choices,
        "generated_on": timezone.localdate(),
    }
