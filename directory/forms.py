"""The search form of the public directory: a town or region, a service, who the place is for."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facilities.models import Region, ServiceCategory, TargetGroup


def _choices(model, empty_label):
    """Code/name pairs in the active language, read when the form is built (one query)."""
    return [("", empty_label)] + [(item.code, item.name) for item in model.objects.all()]


class DirectorySearchForm(forms.Form):
    """The search form as the page shows it; `search()` applies the same parameters."""

    q = forms.CharField(
        label=_("Town, region or place name"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "address-level2"}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    group = forms.ChoiceField(label=_("The place is for"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _choices(Region, _("All regions"))
        self.fields["service"].choices = _choices(ServiceCategory, _("All services"))
        self.fields["group"].choices = _choices(TargetGroup, _("Everyone"))

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


def search(facilities, params):
    """Narrow the published facilities to what the visitor asked for, straight from the query.

    The text is looked for in the facility's names and places in every language, whatever the
    page's language: a visitor may know a place by its French name and read the Arabic page.

    Codes are matched as they are (an unknown code finds nothing), so the map's data and the
    list answer the same search without building the form's choices.
    """
    text = (params.get("q") or "").strip()[:80]
    if text:
        facilities = facilities.filter(
            Q(commune__icontains=text)
            | Q(postal_code__startswith=text)
            | Q(name__icontains=text)
            | Q(name_ar__icontains=text)
            | Q(name_en__icontains=text)
            | Q(province__name_fr__icontains=text)
            | Q(province__name_ar__icontains=text)
            | Q(province__name_en__icontains=text)
            | Q(region__name_fr__icontains=text)
            | Q(region__name_ar__icontains=text)
            | Q(region__name_en__icontains=text)
        )
    for parameter, lookup in (
        ("region", "region__code"),
        ("service", "services__code"),
        ("group", "target_groups__code"),
    ):
        code = (params.get(parameter) or "").strip()[:40]
        if code:
            facilities = facilities.filter(**{lookup: code})
    return facilities
