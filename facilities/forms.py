"""The facility form used by staff and partners."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from common.concurrency import StaleSaveFormMixin
from common.forms import BootstrapFormMixin

from .models import Facility, Province


class FacilityForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """Create or edit a facility.

    A partner can only name its own organisation as manager and cannot publish: publishing to
    the public directory is IOM's decision once the information is verified. An edit carries the
    facility's version and is refused if someone saved the facility since the page was loaded.
    """

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Facility.LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Facility
        fields = [name for name in Facility.edited_field_names() if name != "code"]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "target_groups": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "access_conditions_fr": forms.Textarea(attrs={"rows": 3}),
            "access_conditions_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "access_conditions_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
            "description_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
            "description_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "opening_hours_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "opening_hours_en": forms.TextInput(attrs={"lang": "en"}),
            "last_verified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "whatsapp": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organisations = self.fields["managing_organisation"]
        if user.is_iom:
            organisations.queryset = Organisation.objects.filter(is_active=True)
        else:
            organisations.queryset = Organisation.objects.filter(pk=user.organisation_id)
            organisations.initial = user.organisation_id
            organisations.empty_label = None
            del self.fields["is_published"]
            del self.fields["last_verified_on"]
        self.fields["province"].queryset = Province.objects.select_related("region")
        # With htmx, choosing a region narrows the provinces; without it, the form checks the pair.
        self.fields["region"].widget.attrs.update(
            {
                "hx-get": reverse("facilities:province_options"),
                "hx-target": "#id_province",
                "hx-trigger": "change",
            }
        )
