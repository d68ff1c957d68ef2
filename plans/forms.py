"""The form IOM staff use to record that a project funds a facility's need."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Need
from assessments.templatetags.assessment_tags import mad
from common.forms import BootstrapFormMixin

from .models import Project
from .services import check_funding

# The list offers the most urgent, then the costliest, open needs; a search narrows it further.
NEED_CHOICES_LIMIT = 200


def fundable_needs(project: Project, search: str = ""):
    """Open confirmed needs no project funds yet, in the project's regions (every region for a
    national project), most urgent first, then costliest; `search` matches the facility's name
    or code or the need's description."""
    needs = (
        Need.objects.open()
        .filter(funding__isnull=True)
        .select_related("facility")
        .order_by("urgency", "-total_cost", "pk")
    )
    if not project.is_national:
        needs = needs.filter(facility__region__in=project.regions.all())
    if search:
        needs = needs.filter(
            Q(facility__name__icontains=search)
            | Q(facility__code__icontains=search)
            | Q(description__icontains=search)
        )
    return needs


def need_label(need: Need) -> str:
    """How a need reads in the list: facility code · description · total cost."""
    description = need.description if len(need.description) <= 60 else need.description[:59] + "…"
    return f"{need.facility.code} · {description} · {mad(need.total_cost)}"


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return need_label(obj)


class NeedFundingForm(BootstrapFormMixin, forms.Form):
    """Choose an open need of the project's regions and the amount the project commits to it.

    The list shows at most `NEED_CHOICES_LIMIT` needs; any need may be posted and is then checked
    by the same rules as those listed (`plans.services.check_funding`), with a clear message.
    """

    need = NeedChoiceField(
        label=_("Need"),
        queryset=Need.objects.select_related("facility"),
        empty_label=_("Choose a need"),
        error_messages={
            "required": _("Choose the need the project funds."),
            "invalid_choice": _("This need does not exist; choose one from the list."),
        },
    )
    amount = forms.DecimalField(
        label=_("Amount (MAD)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Left empty, the need's total cost."),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args, project: Project, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        candidates = list(fundable_needs(project, search)[: NEED_CHOICES_LIMIT + 1])
        self.more_needs = len(candidates) > NEED_CHOICES_LIMIT
        self.fields["need"].widget.choices = [
            ("", self.fields["need"].empty_label),
            *((need.pk, need_label(need)) for need in candidates[:NEED_CHOICES_LIMIT]),
        ]
        self.has_needs = bool(candidates)
        self.limit = NEED_CHOICES_LIMIT

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise ValidationError(_("The amount must be more than zero."))
        return amount

    def clean(self):
        cleaned_data = super().clean()
        need = cleaned_data.get("need")
        if need is None or "amount" in self.errors:
            return cleaned_data
        if cleaned_data.get("amount") is None:
            if not need.total_cost:
                self.add_error("amount", _("This need has no cost recorded; give the amount."))
                return cleaned_data
            cleaned_data["amount"] = need.total_cost
        try:
            check_funding(need, self.project, cleaned_data["amount"])
        except ValidationError as error:
            self.add_model_errors(error)
        return cleaned_data

    def add_model_errors(self, error: ValidationError) -> None:
        """Show each rule the funding breaks on the field it concerns, the others above."""
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)
