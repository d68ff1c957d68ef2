"""Forms of IOM's support to partners: the activity with its participants and follow-up actions,
checked together, and the filters of the support list."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from common.forms import BootstrapFormMixin
from facilities.models import Facility

from .models import Project, SupportActivity, SupportFollowUp, SupportParticipants
from .models.support import ATTENDANCE_SIGNATURES

# Which name endings each accepted kind of file may carry, in the order of ATTENDANCE_SIGNATURES.
EXTENSIONS_BY_SIGNATURE = dict(
    zip(ATTENDANCE_SIGNATURES, (("pdf",), ("jpg", "jpeg"), ("png",)), strict=True)
)
CONTENT_TYPE_BY_SIGNATURE = dict(
    zip(ATTENDANCE_SIGNATURES, ("application/pdf", "image/jpeg", "image/png"), strict=True)
)


def attendance_content_type(head: bytes) -> str | None:
    """The content type of an attendance sheet from its first bytes; None for any other file."""
    return next(
        (
            kind
            for signature, kind in CONTENT_TYPE_BY_SIGNATURE.items()
            if head.startswith(signature)
        ),
        None,
    )


class SupportActivityForm(BootstrapFormMixin, forms.ModelForm):
    """What IOM did, when, for which organisation (and facility), under which project."""

    class Meta:
        model = SupportActivity
        fields = [
            "kind",
            "date",
            "organisation",
            "facility",
            "project",
            "topic",
            "summary",
            "attendance_sheet",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "attendance_sheet": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).exclude(
            kind=Organisation.Kind.IOM
        )
        self.fields["facility"].queryset = Facility.objects.select_related(
            "managing_organisation"
        ).order_by("name", "pk")
        self.fields["facility"].label_from_instance = lambda facility: (
            f"{facility.name} — "
            f"{facility.managing_organisation.acronym or facility.managing_organisation.name}"
        )
        self.fields["facility"].help_text = _("Optional; a facility the organisation manages.")
        self.fields["project"].queryset = Project.objects.order_by("code")
        self.fields["project"].help_text = _("Optional; the IOM project that paid for it.")
        for name, message in (
            ("organisation", _("Choose an organisation from the list.")),
            ("facility", _("Choose a facility from the list.")),
            ("project", _("Choose a project from the list.")),
        ):
            self.fields[name].error_messages["invalid_choice"] = message

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and date > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return date

    def clean_attendance_sheet(self):
        """Refuse a file whose content is of another accepted kind than its name says.

        Size and kind themselves are the model's rules, checked when the form validates it.
        """
        upload = self.cleaned_data.get("attendance_sheet")
        if not upload:
            return upload
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        for signature, extensions in EXTENSIONS_BY_SIGNATURE.items():
            if head.startswith(signature) and extension not in extensions:
                raise ValidationError(
                    _("The attendance sheet must be a PDF, JPEG or PNG file."), code="mismatch"
                )
        return upload


class ParticipantsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SupportParticipants
        fields = ["organisation", "women", "men"]
        widgets = {
            "women": forms.NumberInput(attrs={"min": 0}),
            "men": forms.NumberInput(attrs={"min": 0}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "Choose an organisation from the list."
        )

    def clean(self):
        cleaned_data = super().clean()
        women, men = cleaned_data.get("women"), cleaned_data.get("men")
        if cleaned_data.get("organisation") and women == 0 and men == 0:
            raise ValidationError(_("Give the number of women or men of this organisation."))
        return cleaned_data


def _kept_forms(formset):
    """The rows of a formset that were filled in: the browser always sends the empty ones too."""
    return [
        form
        for form in formset.forms
        if form.has_changed() and not formset._should_delete_form(form)
    ]


class BaseParticipantsFormSet(forms.BaseInlineFormSet):
    """Who took part: at least one person, each organisation on one row."""

    @cached_property
    def organisation_choices(self) -> list[tuple]:
        """The organisations, read once for every row rather than once per row."""
        field = self.form.base_fields["organisation"]
        return [("", field.empty_label)] + [
            (organisation.pk, str(organisation))
            for organisation in Organisation.objects.filter(is_active=True)
        ]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["organisation"].choices = self.organisation_choices

    def clean(self):
        if any(self.errors):
            return
        rows = _kept_forms(self)
        organisations = [form.cleaned_data["organisation"] for form in rows]
        # Checked before Django's own unique check, whose message names no row.
        if len(organisations) != len(set(organisations)):
            raise ValidationError(_("Each organisation appears on one row only."))
        if not any(form.cleaned_data["women"] + form.cleaned_data["men"] for form in rows):
            raise ValidationError(_("Record at least one participant (women or men)."))
        super().clean()


class FollowUpForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SupportFollowUp
        fields = ["action", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BaseFollowUpFormSet(forms.BaseInlineFormSet):
    """Actions agreed during the activity, each due on or after the activity's date."""

    activity_date = None

    def clean(self):
        super().clean()
        if self.activity_date is None:
            return
        for form in _kept_forms(self):
            due_on = form.cleaned_data.get("due_on")
            if due_on and due_on < self.activity_date:
                form.add_error("due_on", _("The due date cannot be before the activity."))


ParticipantsFormSet = forms.inlineformset_factory(
    SupportActivity,
    SupportParticipants,
    form=ParticipantsForm,
    formset=BaseParticipantsFormSet,
    extra=3,
    can_delete=False,
)
FollowUpFormSet = forms.inlineformset_factory(
    SupportActivity,
    SupportFollowUp,
    form=FollowUpForm,
    formset=BaseFollowUpFormSet,
    extra=3,
    can_delete=False,
)


class SupportRecord:
    """The activity form and its two formsets, checked together and saved all or nothing."""

    MAX_ROWS = 30

    def __init__(self, data=None, files=None, rows: int | None = None):
        """`rows` asks an empty form for more participant and action rows than the default."""
        self.activity = SupportActivity()
        self.form = SupportActivityForm(data, files, instance=self.activity)
        self.participants = ParticipantsFormSet(data, instance=self.activity, prefix="participants")
        self.follow_ups = FollowUpFormSet(data, instance=self.activity, prefix="follow_ups")
        if rows and data is None:
            for formset in (self.participants, self.follow_ups):
                formset.extra = max(formset.extra, min(rows, self.MAX_ROWS))

    @property
    def is_bound(self) -> bool:
        return self.form.is_bound

    def is_valid(self) -> bool:
        """True when the activity, every participant row and every follow-up row are right."""
        activity_valid = self.form.is_valid()
        self.follow_ups.activity_date = self.form.cleaned_data.get("date")
        participants_valid = self.participants.is_valid()
        follow_ups_valid = self.follow_ups.is_valid()
        return activity_valid and participants_valid and follow_ups_valid

    def save(self, recorded_by) -> SupportActivity:
        """Store the activity, its file, its participants and follow-ups in one transaction.

        The file is written to storage when the activity is saved; if anything after that fails,
        the transaction is rolled back and the file is removed, so nothing is left behind.
        """
        self.activity.recorded_by = recorded_by
        try:
            with transaction.atomic():
                self.form.save()
                self.participants.save()
                self.follow_ups.save()
        except BaseException:
            if self.activity.attendance_sheet and self.activity.attendance_sheet._committed:
                self.activity.attendance_sheet.delete(save=False)
            raise
        return self.activity


def _organisation_choices(request):
    activities = SupportActivity.objects.visible_to(request.user)
    return Organisation.objects.filter(pk__in=activities.values("organisation_id"))


def _project_choices(request):
    activities = SupportActivity.objects.visible_to(request.user)
    return Project.objects.visible_to(request.user).filter(pk__in=activities.values("project_id"))


class SupportFilterForm(BootstrapFormMixin, forms.Form):
    """The filter form, styled like every other form."""


class SupportActivityFilter(django_filters.FilterSet):
    """Narrow the support list by kind, organisation, project and year."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=SupportActivity.Kind.choices, empty_label=_("All kinds")
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation supported"),
        queryset=_organisation_choices,
        empty_label=_("All organisations"),
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=_project_choices, empty_label=_("All projects")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="date", lookup_expr="year", empty_label=_("All years")
    )

    class Meta:
        model = SupportActivity
        fields = []
        form = SupportFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = self.queryset.order_by().dates("date", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(day.year, day.year) for day in years]
