"""Filters of the prioritisation ranking and of the open needs list (django-filter, GET forms)."""

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


class PriorityFilterForm(FacilityFilterForm):
    """A dimension alone says nothing: it needs the threshold it must score below."""

    def clean(self):
        cleaned_data = super().clean()
        missing_threshold = cleaned_data.get("dimension") and cleaned_data.get("below") is None
        if missing_threshold and "below" not in self.errors:
            self.add_error("below", _("Give the score the dimension must be below."))
        return cleaned_data


class PriorityFilter(FacilityPlaceFilter):
    """Narrow the ranking by place, kind, organisation, or a dimension scoring below a threshold.

    A threshold without a dimension keeps the facilities where any dimension scores below it.
    """

    dimension = django_filters.ChoiceFilter(
        label=_("Dimension"),
        choices=Dimension.choices,
        empty_label=_("Any dimension"),
        method="below_threshold",
    )
    below = django_filters.NumberFilter(
        label=_("Scoring below"),
        method="below_threshold",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
    )

    class Meta:
        model = Assessment
        fields = []
        form = PriorityFilterForm

    def below_threshold(self, queryset, name, value):
        """Dimension and threshold filter together: applied once, on the threshold."""
        if name != "below" or value is None:
            return queryset
        dimension = self.form.cleaned_data.get("dimension")
        dimensions = [dimension] if dimension else Dimension.values
        condition = Q()
        for each in dimensions:
            condition |= Q(**{f"score_{each}__lt": value})
        return queryset.filter(condition)


class NeedFilter(FacilityPlaceFilter):
    """Narrow the open needs by place, kind of facility, dimension, kind, urgency and status;
    `?facility=` keeps one facility's needs."""

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
        label=_("Status"),
        # Closed needs are not open: offering "done" would always give an empty list.
        choices=[
            (value, label)
            for value, label in Need.Status.choices
            if value not in Need.CLOSED_STATUSES
        ],
        empty_label=_("All open statuses"),
    )
    # The facility page's "see all" link: a hidden field, so that it travels with the other
    # filters; the list's queryset is already the user's scope, so another's facility is empty.
    facility = django_filters.NumberFilter(
        field_name="facility_id", widget=forms.HiddenInput, min_value=1
    )

    class Meta:
        model = Need
        fields = []
        form = FacilityFilterForm
