"""The search box's one field, with the limits a person is told about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapFormMixin

MIN_LENGTH = 2
MAX_LENGTH = 100


class SearchForm(BootstrapFormMixin, forms.Form):
    """What to look for: at least two characters (one finds half the registry), at most 100."""

    q = forms.CharField(
        label=_("Search"),
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        strip=True,
        error_messages={
            "required": _("Type what to look for."),
            "min_length": _("Type at least %(limit_value)d characters."),
            "max_length": _("Type at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name, code, case reference…"),
                "autocomplete": "off",
            }
        ),
    )
