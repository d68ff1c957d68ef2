"""The assessment framework as a page, besides its PDF reference guide: the dimensions and their
criteria (question, guidance, standard cited, critical or not, which facilities are asked), in
the reader's language."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import permissions
from facilities.models import Facility, localized

from .models import Answer, Dimension, Framework

# Published first (the one in use), then retired ones (kept for past assessments), then drafts.
STATUS_ORDER = [Framework.Status.PUBLISHED, Framework.Status.RETIRED, Framework.Status.DRAFT]


def _versions(user) -> list[Framework]:
    """The frameworks `user` may read, in the order the version chooser lists them."""
    frameworks = Framework.objects.all()
    if not permissions.reads_draft_frameworks(user):
        frameworks = frameworks.exclude(status=Framework.Status.DRAFT)
    return sorted(
        frameworks,
        key=lambda framework: (
            STATUS_ORDER.index(framework.status),
            -(framework.published_at.timestamp() if framework.published_at else 0),
            -framework.pk,
        ),
    )


def _criterion(criterion, kinds: dict) -> dict:
    """What the page prints of one criterion; a text missing in the reader's language falls
    back to French, marked as French for screen readers."""
    question, question_in_french = localized(criterion, "question")
    guidance, guidance_in_french = localized(criterion, "guidance")
    return {
        "criterion": criterion,
        "question": question,
        "question_in_french": question_in_french,
        "guidance": guidance,
        "guidance_in_french": guidance_in_french,
        "kinds": [kinds[kind] for kind in criterion.facility_kinds if kind in kinds],
    }


@login_required
@require_GET
def framework(request):
    """Every signed-in user reads the published and retired frameworks (IOM roles the drafts
    too); ?version=<id> chooses one, the one in use by default."""
    versions = _versions(request.user)
    chosen = versions[0] if versions else None
    if request.GET.get("version"):
        chosen = next((f for f in versions if str(f.pk) == request.GET["version"]), None)
        if chosen is None:
            raise Http404
    dimensions = []
    if chosen is not None:
        kinds = dict(Facility.Kind.choices)
        by_dimension = {dimension: [] for dimension in Dimension.values}
        for criterion in chosen.criteria.order_by("order", "code"):
            by_dimension[criterion.dimension].append(_criterion(criterion, kinds))
        weights = chosen.dimension_weights()
        for dimension in Dimension:
            criteria = by_dimension[dimension.value]
            dimensions.append(
                {
                    "value": dimension.value,
                    "label": dimension.label,
                    "weight": weights[dimension.value],
                    "criteria": criteria,
                    "critical": sum(1 for item in criteria if item["criterion"].is_critical),
                }
            )
    return render(
        request,
        "assessments/framework.html",
        {
            "framework": chosen,
            "versions": versions,
            "dimensions": dimensions,
            "scale": Answer.Score.choices,
            "total": sum(len(d["criteria"]) for d in dimensions),
        },
    )
