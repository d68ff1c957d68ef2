"""Filters of the referral caseloads and of the case list (django-filter)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from facilities.filters import FacilityFilterForm
from facilities.models import Region, ServiceCategory

from .models import Case, FollowUp, Referral

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _reference_search(queryset, field: str, value: str):
    words = value.split()[:4]
    for word in words:
        queryset = queryset.filter(**{f"{field}__icontains": word})
    return queryset


def follow_ups_due_this_week():
    """Follow-ups whose next date falls today or within the next seven days."""
    today = timezone.localdate()
    return FollowUp.objects.filter(
        next_date__gte=today, next_date__lte=today + datetime.timedelta(days=7)
    )


class CheckboxFilter(django_filters.BooleanFilter):
    """A yes-or-nothing filter drawn as one checkbox (unticked is no filter, not "no")."""

    field_class = forms.BooleanField


class ReferralFilter(django_filters.FilterSet):
    """Narrow a caseload by case reference, status, service, region, due date, lateness and the
    organisation that sent or received the referrals."""

    q = django_filters.CharFilter(
        label=_("Case reference"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "RET-2026-00012"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Referral.Status.choices, empty_label=_("All statuses")
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Service"),
        field_name="service__category",
        queryset=ServiceCategory.objects.all(),
        empty_label=_("All services"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="case__region",
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    due_after = django_filters.DateFilter(
        label=_("Answer due from"), field_name="due_on", lookup_expr="gte", widget=DATE_INPUT
    )
    due_before = django_filters.DateFilter(
        label=_("Answer due until"), field_name="due_on", lookup_expr="lte", widget=DATE_INPUT
    )
    overdue = CheckboxFilter(label=_("Overdue answers only"), method="overdue_only")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        empty_label=_("All organisations"),
        method="involving",
    )
    side = django_filters.ChoiceFilter(
        label=_("The organisation's side"),
        choices=[("sent", _("It sent them")), ("received", _("It received them"))],
        empty_label=_("Sent or received"),
        method="on_side",
    )

    class Meta:
        model = Referral
        fields = []
        form = FacilityFilterForm

    def search(self, queryset, name, value):
        return _reference_search(queryset, "case__reference", value)

    def overdue_only(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=Referral.Status.SENT, due_on__lt=timezone.localdate())

    def involving(self, queryset, name, organisation):
        """Referrals the organisation sent or received, or only one side of them (`side`)."""
        side = self.form.cleaned_data.get("side")
        if side == "sent":
            return queryset.filter(from_organisation=organisation)
        if side == "received":
            return queryset.filter(to_organisation=organisation)
        return queryset.filter(Q(from_organisation=organisation) | Q(to_organisation=organisation))

    def on_side(self, queryset, name, value):
        # Read by `involving`: a side without an organisation narrows nothing.
        return queryset


class CaseFilter(django_filters.FilterSet):
    """Search cases by reference; narrow by programme, region, referrals' status, vulnerability
    and owning organisation."""

    q = django_filters.CharFilter(
        label=_("Reference"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "RET-2026-00012"}),
    )
    programme = django_filters.ChoiceFilter(
        label=_("Programme"), choices=Case.Programme.choices, empty_label=_("All programmes")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region of return"), queryset=Region.objects.all(), empty_label=_("All regions")
    )
    referral_status = django_filters.ChoiceFilter(
        label=_("With a referral that is"),
        choices=Referral.Status.choices,
        empty_label=_("Any, or none"),
        method="with_referral",
    )
    vulnerability = django_filters.ChoiceFilter(
        label=_("Vulnerability"),
        choices=Case.VULNERABILITIES,
        empty_label=_("All"),
        method="with_vulnerability",
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owning organisation"),
        queryset=Organisation.objects.filter(cases__isnull=False).distinct(),
        empty_label=_("All organisations"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Case status"), choices=Case.Status.choices, empty_label=_("Open and closed")
    )
    follow_up_due = CheckboxFilter(
        label=_("With a follow-up due this week"), method="with_follow_up_due"
    )

    class Meta:
        model = Case
        fields = []
        form = FacilityFilterForm

    def search(self, queryset, name, value):
        return _reference_search(queryset, "reference", value)

    def with_referral(self, queryset, name, value):
        return queryset.filter(Q(pk__in=Referral.objects.filter(status=value).values("case_id")))

    def with_follow_up_due(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=follow_ups_due_this_week().values("case_id"))

    def with_vulnerability(self, queryset, name, value):
        # The list is stored as JSON text: a quoted code matches that code alone, on SQLite and
        # PostgreSQL alike (JSON containment is not available on SQLite).
        return queryset.filter(vulnerabilities__icontains=f'"{value}"')
