"""Forms of the actor map's staff pages: actors, services, SWOT entries, recommendations, and the
changes partners propose. The rules are the models'; a many-to-many rule (a service's regions)
lives in ServiceRegionsRule, shared with the back office."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from common.concurrency import VERSION_FIELD, StaleSaveFormMixin
from common.forms import BootstrapFormMixin
from facilities.models import Facility, Region

from .models import ActorProfile, ActorService, Recommendation, SwotEntry
from .models.actors import CAPACITIES
from .models.proposals import PROFILE_FIELDS, ActorChangeProposal

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SERVICE_FIELDS = [
    "category",
    "regions",
    "conditions",
    "contact_point",
    "contact_phone",
    "contact_email",
    "languages",
    "monthly_capacity",
    "is_active",
]


class ActorForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """An actor profile with its capacity ratings; a new actor names an existing organisation or
    creates one in the same form."""

    new_organisation_name = forms.CharField(
        label=_("Or a new organisation: its name"), max_length=200, required=False
    )
    new_organisation_acronym = forms.CharField(
        label=_("Its acronym"), max_length=30, required=False
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("Its kind"),
        choices=[("", "—"), *Organisation.Kind.choices],
        required=False,
    )

    class Meta:
        model = ActorProfile
        fields = [
            "organisation",
            "standing",
            "level",
            "regions",
            "engagement",
            "description",
            "address",
            "latitude",
            "longitude",
            *[
                name
                for capacity, _label in CAPACITIES
                for name in (capacity, f"{capacity}_comment")
            ],
        ]
        widgets = {
            "regions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            **{
                f"{capacity}_comment": forms.Textarea(attrs={"rows": 2})
                for capacity, _label in CAPACITIES
            },
            **{
                capacity: forms.NumberInput(attrs={"min": 1, "max": 5})
                for capacity, _label in CAPACITIES
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The organisation of a profile is what the profile is about: it does not change.
            for name in ("organisation", *self.new_organisation_fields):
                del self.fields[name]
        else:
            organisation = self.fields["organisation"]
            organisation.required = False
            organisation.queryset = Organisation.objects.filter(
                actor_profile__isnull=True
            ).order_by("name")
            organisation.empty_label = "—"
            organisation.label = _("Organisation (one without an actor profile)")
        self.fields["regions"].queryset = Region.objects.order_by("code")

    new_organisation_fields = (
        "new_organisation_name",
        "new_organisation_acronym",
        "new_organisation_kind",
    )

    def capacity_fields(self):
        return [(self[name], self[f"{name}_comment"]) for name, _label in CAPACITIES]

    def clean_new_organisation_name(self):
        name = self.cleaned_data.get("new_organisation_name", "").strip()
        if name and Organisation.objects.filter(name__iexact=name).exists():
            raise ValidationError(
                _("An organisation of this name exists: choose it in the list above.")
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            chosen, name = cleaned.get("organisation"), cleaned.get("new_organisation_name")
            if chosen and name:
                self.add_error(
                    "new_organisation_name",
                    _("Choose an organisation or name a new one, not both."),
                )
            elif not chosen and not name and "new_organisation_name" not in self.errors:
                self.add_error(
                    "organisation", _("Choose the organisation, or name a new one below.")
                )
            elif name and not cleaned.get("new_organisation_kind"):
                self.add_error("new_organisation_kind", _("Say what kind of organisation it is."))
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            if missing not in self.errors:
                self.add_error(missing, _("Give both coordinates, or neither."))
        regions = cleaned.get("regions")
        if self.instance.pk and regions is not None:
            kept = {region.pk for region in regions}
            served = Region.objects.filter(
                actor_services__actor=self.instance, actor_services__is_active=True
            ).distinct()
            dropped = [region.name for region in served if region.pk not in kept]
            if dropped:
                self.add_error(
                    "regions",
                    _(
                        "Active services of this actor still serve %(regions)s: change those "
                        "services first."
                    )
                    % {"regions": get_text_list(dropped, _("and"))},
                )
        return cleaned

    def save(self, commit=True):
        if not self.instance.pk and self.cleaned_data.get("new_organisation_name"):
            self.instance.organisation = Organisation.objects.create(
                name=self.cleaned_data["new_organisation_name"],
                acronym=self.cleaned_data.get("new_organisation_acronym", ""),
                kind=self.cleaned_data["new_organisation_kind"],
            )
        return super().save(commit)


class ServiceRegionsRule:
    """A service serves only regions its actor works in, and an actor offers a category once.

    The regions are a many-to-many field, saved after the row: the check is here, in the form,
    rather than in ActorService.clean(); the staff pages and the back office both use it.
    """

    def clean(self):
        cleaned = super().clean()
        actor = cleaned.get("actor") or (self.instance.actor if self.instance.actor_id else None)
        regions = cleaned.get("regions")
        if actor is not None and regions:
            service = ActorService(actor=actor)
            outside = service.regions_outside_actor(regions)
            if outside:
                self.add_error(
                    "regions",
                    _(
                        "%(actor)s does not work in %(regions)s: add the region to the actor's "
                        "regions first, or choose among %(worked)s."
                    )
                    % {
                        "actor": actor,
                        "regions": get_text_list([r.name for r in outside], _("and")),
                        "worked": get_text_list(
                            [r.name for r in actor.regions.order_by("code")], _("and")
                        )
                        or "—",
                    },
                )
        category = cleaned.get("category")
        if actor is not None and category is not None:
            others = ActorService.objects.filter(actor=actor, category=category)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "category",
                    _("%(actor)s already offers this service: change that one instead.")
                    % {"actor": actor},
                )
        return cleaned


class ServiceFields(ServiceRegionsRule, BootstrapFormMixin, forms.ModelForm):
    """A service's fields as people type them (languages ticked in a list)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Facility.LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ActorService
        fields = SERVICE_FIELDS
        widgets = {
            "regions": forms.CheckboxSelectMultiple,
            "conditions": forms.Textarea(attrs={"rows": 3}),
            # A phone number or an address reads left to right in Arabic too.
            "contact_phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "contact_email": forms.EmailInput(attrs={"dir": "ltr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.order_by("code")
        if self.instance.actor_id:
            names = [r.name for r in self.instance.actor.regions.order_by("code")]
            self.fields["regions"].help_text = _("The actor works in: %(regions)s.") % {
                "regions": ", ".join(names) or "—"
            }


class ActorServiceForm(StaleSaveFormMixin, ServiceFields):
    """A service edited by IOM staff: its version is claimed on save."""


class ActorServiceAdminForm(ServiceRegionsRule, forms.ModelForm):
    """The back office's service form: the same rule on the regions."""

    class Meta:
        model = ActorService
        fields = ["actor", *SERVICE_FIELDS]


class SwotForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """One SWOT entry; its author is the person who writes it."""

    class Meta:
        model = SwotEntry
        fields = ["quadrant", "text", "source", "recorded_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "recorded_on": DATE_INPUT}


class RecommendationForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """A roadmap action, for an actor or a region's network; its status moves apart."""

    class Meta:
        model = Recommendation
        fields = ["actor", "region", "action", "responsible", "due_on", "priority"]
        widgets = {"action": forms.Textarea(attrs={"rows": 3}), "due_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = ActorProfile.objects.select_related("organisation")
        self.fields["region"].queryset = Region.objects.order_by("code")
        self.fields["responsible"].queryset = Organisation.objects.order_by("name")
        self.fields["actor"].help_text = _("An actor, or a region for the network of the region.")


class StatusMoveForm(forms.Form):
    """A status move's reason, when the move asks for one."""

    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# Proposals


class ProfileProposalForm(BootstrapFormMixin, forms.ModelForm):
    """What a partner may change on its profile: the description and the address."""

    class Meta:
        model = ActorProfile
        fields = list(PROFILE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ServiceProposalForm(ServiceFields):
    """A service as its actor proposes it (the same fields and rules as IOM's form)."""


def form_class_for(proposal: ActorChangeProposal):
    if proposal.subject == ActorChangeProposal.Subject.PROFILE:
        return ProfileProposalForm
    return ServiceProposalForm


def target_of(proposal: ActorChangeProposal):
    """The record the proposal changes, as stored now (a new service for a new one)."""
    if proposal.subject == ActorChangeProposal.Subject.PROFILE:
        return ActorProfile.objects.get(pk=proposal.actor_id)
    if proposal.service_id:
        return ActorService.objects.get(pk=proposal.service_id)
    return ActorService(actor=proposal.actor)


def form_values(form) -> dict:
    """The values a form shows, as a browser would post them (pks, lists of pks, text)."""
    values = {}
    for name, field in form.fields.items():
        if name == VERSION_FIELD:
            continue
        value = form[name].value()
        if isinstance(value, list | tuple):
            value = [str(item) for item in value]
        elif isinstance(field.widget, forms.CheckboxInput):
            value = bool(value)
        elif value is None:
            value = ""
        else:
            value = str(value)
        values[name] = value
    return values


def proposed_changes(form) -> dict:
    """The fields a partner changed in a proposal form, as posted values."""
    posted = form_values(form)
    return {name: posted[name] for name in form.changed_data if name in posted}


def proposal_form(proposal: ActorChangeProposal):
    """The proposed values over the record as it is now: the form that checks and writes them."""
    target = target_of(proposal)
    form_class = form_class_for(proposal)
    data = {**form_values(form_class(instance=target)), **proposal.proposed}
    # A box left unticked is absent from a browser's post.
    data = {name: value for name, value in data.items() if value is not False}
    return form_class(data=data, instance=target)


class ProposalNoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note to IOM (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
