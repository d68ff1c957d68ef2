"""Recording that a project funds a facility's need: the funding and the need's status together."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Need

from .models import NeedFunding, Project


def check_funding(need: Need, project: Project, amount: Decimal) -> NeedFunding:
    """The funding `project` would give `need`, validated; a ValidationError names what is wrong.

    The need must be confirmed (no assessment, or a validated one), not done, not funded yet, in
    a region the project covers; the project must not be completed; the amount above zero.
    """
    existing = NeedFunding.objects.filter(need=need).select_related("project").first()
    if existing:
        raise ValidationError(
            {
                "need": _("This need is already funded by %(code)s.")
                % {"code": existing.project.code}
            }
        )
    if not Need.objects.open().filter(pk=need.pk).exists():
        raise ValidationError(
            {"need": _("Only a confirmed need that is not done yet can be funded.")}
        )
    funding = NeedFunding(need=need, project=project, amount=amount)
    funding.full_clean(exclude=["recorded_by"])
    return funding


def record_funding(need: Need, project: Project, amount: Decimal, user) -> NeedFunding:
    """Record that `project` funds `need` with `amount` MAD, and move the need to funded.

    Everything happens in one transaction, with the need locked so that two people funding it
    at once cannot both succeed; raises ValidationError and stores nothing when it may not be.
    """
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        funding = check_funding(need, project, amount)
        funding.recorded_by = user
        funding.recorded_at = timezone.now()
        funding.save()
        need.mark_funded(user)
    return funding
