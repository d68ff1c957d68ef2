"""Filters of the project list and its download (django-filter, a GET form)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facilities.filters import FacilityFilterForm
from facilities.models import Region

from .models import Donor, Project, ThematicArea


class ProjectFilter(django_filters.FilterSet):
    """Narrow projects by status, donor, region and theme, search them, and sort them.

    A national project works in every region, so it matches whichever region is chosen. Filters
    on the many-to-many fields go through subqueries: a project never shows twice.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Code, PRIMA id, title, short name…")}
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("All statuses")
    )
    donor = django_filters.ModelChoiceFilter(
        label=_("Donor"),
        queryset=Donor.objects.all(),
        empty_label=_("All donors"),
        method="funded_by",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
        method="working_in",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thematic area"),
        queryset=ThematicArea.objects.all(),
        empty_label=_("All themes"),
        method="on_theme",
    )
    o = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("code", "code"), ("starts_on", "start"), ("budget_in_mad", "budget")),
        field_labels={
            "code": _("Code"),
            "starts_on": _("Start"),
            "budget_in_mad": _("Budget (MAD)"),
        },
        empty_label=_("Latest start first"),
        widget=forms.HiddenInput,  # the column headers sort; the filters keep the order
    )

    class Meta:
        model = Project
        fields = []
        form = FacilityFilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value)
            | Q(prima_id__icontains=value)
            | Q(title__icontains=value)
            | Q(short_name__icontains=value)
        )

    def funded_by(self, queryset, name, donor):
        return queryset.filter(pk__in=Project.objects.filter(donors=donor).values("pk"))

    def working_in(self, queryset, name, region):
        return queryset.filter(
            Q(is_national=True) | Q(pk__in=Project.objects.filter(regions=region).values("pk"))
        )

    def on_theme(self, queryset, name, theme):
        return queryset.filter(pk__in=Project.objects.filter(themes=theme).values("pk"))
