"""Filters of the prioritisation list and of the needs list (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from facilities.filters import FacilityFilterForm
from facilities.models import Facility, Province, Region

from .models import Assessment, Dimension, Need


class FacilityPlaceFilter(django_filters.FilterSet):
    """Region, province, kind and managing organisation of the facility a row belongs to."""

    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="facility__region",
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province or prefecture"),
        field_name="facility__province",
        queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of facility"),
        field_name="facility__kind",
        choices=Facility.Kind.choices,
        empty_label=_("All kinds"),
    )
    managing_organisation = django_filters.ModelChoiceFilter(
        label=_("Managing organisation"),
        field_name="facility__managing_organisation",
        queryset=Organisation.objects.filter(managed_facilities__isnull=False).distinct(),
        empty_label=_("All organisations"),
    )


class PriorityFilter(FacilityPlaceFilter):
    """Narrow the ranking by place, kind, organisation, or a dimension scoring below a threshold."""

    dimension = django_filters.ChoiceFilter(
        label=_("Dimension"),
        choices=Dimension.choices,
        empty_label=_("Any dimension"),
        method="keep",
    )
    below = django_filters.NumberFilter(
        label=_("Scoring below"),
        method="keep",
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
    )

    class Meta:
        model = Assessment
        fields = []
        form = FacilityFilterForm

    def keep(self, queryset, name, value):
        """Dimension and threshold act together, in `filter_queryset`."""
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        dimension = self.form.cleaned_data.get("dimension")
        below = self.form.cleaned_data.get("below")
        if below is not None:
            if dimension:
                return queryset.filter(**{f"score_{dimension}__lt": below})
            # Any dimension below the threshold.
            condition = Q()
            for value in Dimension.values:
                condition |= Q(**{f"score_{value}__lt": below})
            return queryset.filter(condition)
        return queryset


class NeedFilter(FacilityPlaceFilter):
    """Narrow the open needs by place, kind of facility, dimension, kind, urgency and status."""

    dimension = django_filters.ChoiceFilter(
        label=_("Dimension"), choices=Dimension.choices, empty_label=_("All dimensions")
    )
    need_kind = django_filters.ChoiceFilter(
        label=_("Kind of need"),
        field_name="kind",
        choices=Need.Kind.choices,
        empty_label=_("All kinds of need"),
    )
    urgency = django_filters.ChoiceFilter(
        label=_("Urgency"), choices=Need.Urgency.choices, empty_label=_("Any urgency")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Need.Status.choices, empty_label=_("All open statuses")
    )

    class Meta:
        model = Need
        fields = []
        form = FacilityFilterForm
