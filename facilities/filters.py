"""Filters of the staff facility list and map (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from common.forms import BootstrapFormMixin

from .models import Facility, Province, Region, ServiceCategory, TargetGroup


class FacilityFilterForm(BootstrapFormMixin, forms.Form):
    """The filter form, styled like every other form."""


class FacilityFilter(django_filters.FilterSet):
    """Search and narrow facilities; the same filters drive the table and the map."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, code, town…")}),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("All regions")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province or prefecture"),
        queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Facility.Kind.choices, empty_label=_("All kinds")
    )
    managing_organisation = django_filters.ModelChoiceFilter(
        label=_("Managing organisation"),
        queryset=Organisation.objects.filter(managed_facilities__isnull=False).distinct(),
        empty_label=_("All organisations"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Facility.Status.choices, empty_label=_("All statuses")
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
        empty_label=_("All groups"),
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Service"),
        field_name="services",
        queryset=ServiceCategory.objects.all(),
        empty_label=_("All services"),
    )
    o = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("code", "code"),
            ("region__code", "region"),
            ("kind", "kind"),
            ("capacity", "capacity"),
            ("occupancy", "occupancy"),
            ("updated_at", "updated"),
        ),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Facility
        fields = []
        form = FacilityFilterForm

    def search(self, queryset, name, value):
        words = value.split()
        for word in words[:8]:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(name_ar__icontains=word)
                | Q(name_en__icontains=word)
                | Q(code__icontains=word)
                | Q(commune__icontains=word)
                | Q(address__icontains=word)
                | Q(managing_organisation__name__icontains=word)
                | Q(managing_organisation__acronym__iexact=word)
            )
        return queryset
