"""The form IOM staff use to record a value of a typed indicator."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapFormMixin

from .models import Indicator, IndicatorValue


class IndicatorValueForm(BootstrapFormMixin, forms.ModelForm):
    """A value for a period, in the indicator's unit, maybe for one group of people.

    The model's rules (unit, period inside the plan's or project's, disaggregation the indicator
    allows) run on validation, so a refused value is never stored.
    """

    class Meta:
        model = IndicatorValue
        fields = [
            "period_start",
            "period_end",
            "value",
            "unit",
            "sex",
            "age_band",
            "status_group",
            "source",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        self.fields["unit"].initial = indicator.unit
        self.fields["value"].help_text = _("Target: %(target)s") % {"target": indicator.target}
        allowed = indicator.disaggregations()
        for name in ("sex", "age_band", "status_group"):
            if name not in allowed:
                del self.fields[name]
            else:
                self.fields[name].help_text = _("Leave empty for the total.")
