"""The preferences form: for each kind a person may receive, how they want it."""

from django import forms

from .kinds import RULES, Delivery, kinds_for
from .models import Preference


class PreferencesForm(forms.Form):
    """One choice of delivery per kind `user` may receive, filled with their current choices."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(Preference.objects.filter(user_id=user.pk).values_list("kind", "delivery"))
        for kind in kinds_for(user):
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=chosen.get(kind.value, RULES[kind].default),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def save(self) -> None:
        """Store every choice (a row per kind, so a later change of default moves nobody)."""
        for kind, delivery in self.cleaned_data.items():
            Preference.objects.update_or_create(
                user=self.user, kind=kind, defaults={"delivery": delivery}
            )
