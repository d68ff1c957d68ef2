"""Forms of cases, referrals and follow-ups."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from common.concurrency import StaleSaveFormMixin
from common.forms import BootstrapFormMixin
from facilities.models import Province

from .models import (
    ActorService,
    Case,
    FollowUp,
    Pathway,
    PathwayStep,
    Referral,
    ReferralNote,
    ServiceDelivery,
    SustainabilityAnswer,
    SustainabilityIndicator,
)


class CaseForm(BootstrapFormMixin, forms.ModelForm):
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        choices=Case.VULNERABILITIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Case
        fields = [
            "programme",
            "sex",
            "age_band",
            "region",
            "province",
            "vulnerabilities",
            "needs",
            "consent_given",
            "consent_on",
            "consent_scope",
            "full_name",
            "phone",
        ]
        widgets = {
            "needs": forms.CheckboxSelectMultiple,
            "consent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consent_scope": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "full_name": _("Optional. Seen only by your organisation and IOM; never in lists."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.select_related("region")

    def clean_consent_on(self):
        consent_on = self.cleaned_data.get("consent_on")
        if consent_on and consent_on > timezone.localdate():
            raise ValidationError(_("The consent cannot be dated in the future."))
        return consent_on


class ReferralForm(BootstrapFormMixin, forms.ModelForm):
    """Refer a case to a service offered in its region of return."""

    class Meta:
        model = Referral
        fields = ["service", "reason", "urgency", "due_on"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"due_on": _("Empty: five working days after sending.")}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.case = case
        # Only the services offered in the case's region of return: the page never offers
        # what saving would refuse.
        self.fields["service"].queryset = (
            ActorService.objects.filter(is_active=True, regions=case.region_id)
            .select_related("actor__organisation", "category")
            .order_by("category__order", "category__code", "actor__organisation__name", "pk")
        )
        self.fields["service"].help_text = _(
            "The services offered in %(region)s, the case's region of return."
        ) % {"region": case.region.name}
        self.fields["service"].label_from_instance = lambda s: f"{s.category.name} — {s.actor}"
        self.fields["service"].error_messages["invalid_choice"] = _(
            "Choose one of the services offered in %(region)s."
        ) % {"region": case.region.name}

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if due_on and due_on < timezone.localdate():
            raise ValidationError(_("The answer cannot be due in the past."))
        return due_on


FIVE_POINT_CHOICES = [
    ("", "—"),
    ("0", _("0 — very poor / never")),
    ("1", _("1 — poor / rarely")),
    ("2", _("2 — fair / sometimes")),
    ("3", _("3 — good / often")),
    ("4", _("4 — very good / always")),
]
YES_NO_CHOICES = [("", "—"), ("1", _("Yes")), ("0", _("No"))]


class FollowUpForm(BootstrapFormMixin, forms.ModelForm):
    """A follow-up, with the reintegration sustainability questions (each optional)."""

    def __init__(self, *args, **kwargs):
        self.indicators = list(SustainabilityIndicator.objects.filter(is_active=True))
        super().__init__(*args, **kwargs)
        for indicator in self.indicators:
            self.fields[f"rss_{indicator.code}"] = forms.ChoiceField(
                label=f"{indicator.code} — {indicator.question}",
                required=False,
                choices=YES_NO_CHOICES if indicator.scale == "yes_no" else FIVE_POINT_CHOICES,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def sustainability_fields(self):
        return [self[f"rss_{indicator.code}"] for indicator in self.indicators]

    def save_answers(self, follow_up) -> None:
        """Store the answers given and score the follow-up."""
        SustainabilityAnswer.objects.bulk_create(
            SustainabilityAnswer(
                follow_up=follow_up,
                indicator=indicator,
                value=int(self.cleaned_data[f"rss_{indicator.code}"]),
            )
            for indicator in self.indicators
            if self.cleaned_data.get(f"rss_{indicator.code}") not in (None, "")
        )
        follow_up.compute_sustainability()

    class Meta:
        model = FollowUp
        fields = ["date", "kind", "notes", "progress_note", "next_date"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "progress_note": forms.Textarea(attrs={"rows": 2}),
        }


class DeliveryForm(BootstrapFormMixin, forms.ModelForm):
    """What the receiving organisation delivered, so projects can count people and services."""

    class Meta:
        model = ServiceDelivery
        fields = ["kind", "quantity", "value_mad", "delivered_on", "notes"]
        widgets = {
            "delivered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "value_mad": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }

    def clean_value_mad(self):
        value = self.cleaned_data.get("value_mad")
        if value is not None and value < 0:
            raise ValidationError(_("A value cannot be negative."))
        return value


class ReferralNoteForm(BootstrapFormMixin, forms.ModelForm):
    """A progress note on a referral, read by both organisations."""

    class Meta:
        model = ReferralNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
        help_texts = {
            "text": _("Read by both organisations: no name, phone or other identifying detail.")
        }


STALE_PATHWAY = gettext_noop(
    "Someone saved this pathway since you opened it; nothing was changed. "
    "Here is the current version."
)


class PathwayForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """What a person must know before being referred: who is eligible, what to bring.

    An existing pathway's form carries its version: a save over a newer one is refused.
    """

    class Meta:
        model = Pathway
        fields = ["eligibility", "what_to_bring", "notes"]
        widgets = {
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "what_to_bring": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def stale_message(self, stale) -> str:
        return f"{_(STALE_PATHWAY)} {stale.detail}."


class PathwayStepForm(BootstrapFormMixin, forms.ModelForm):
    """One provider of a pathway, chosen among the services offered in the pathway's cell."""

    class Meta:
        model = PathwayStep
        fields = ["service", "order", "note"]

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = providers
        self.fields["service"].label_from_instance = lambda service: str(service.actor)
        self.fields["service"].label = _("Provider")
        self.fields["order"].label = _("Position")
        self.fields["order"].widget.attrs.update(min=1, max=99)


class BasePathwayStepFormSet(forms.BaseInlineFormSet):
    """Steps of one pathway: each provider once, at least one left, orders as typed."""

    def __init__(self, *args, providers=None, **kwargs):
        self.providers = providers
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = {**super().get_form_kwargs(index), "providers": self.providers}
        if index is not None and index >= self.initial_form_count():
            kwargs["initial"] = {"order": index + 1}  # an added provider comes last by default
        return kwargs

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        super().clean()
        services = [
            form.cleaned_data["service"]
            for form in self.forms
            if form.cleaned_data.get("service")
            and not self._should_delete_form(form)
            and not (form.empty_permitted and not form.has_changed())
        ]
        if len(services) != len(set(services)):
            raise ValidationError(_("Each provider appears once in a pathway."))


PathwayStepFormSet = forms.inlineformset_factory(
    Pathway,
    PathwayStep,
    form=PathwayStepForm,
    formset=BasePathwayStepFormSet,
    extra=2,
    can_delete=True,
)
