"""The prioritisation weights: IOM staff change them on a page that shows, before anything is
saved, how the first 20 of the ranking would move; each change is logged with its reason.

The page works without JavaScript: "Preview" is a POST that stores nothing and shows the page
again with the moves; "Save" stores the weights previewed (weights changed after the preview are
previewed again instead), under the version the page was loaded with, with the reason given.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import permissions
from activity.changes import recent_changes
from common.concurrency import VERSION_FIELD, StaleSaveFormMixin
from common.forms import BootstrapFormMixin

from .models import PrioritySettings
from .prioritisation import TERM_LABELS, TERMS, compare_rankings, weight_of

# How many facilities the preview compares: the first page of decisions, not the whole list.
TOP = 20
WEIGHT_FIELDS = list(PrioritySettings.WEIGHT_FIELDS)
REFERENCE_FIELDS = ["people_reference", "critical_gaps_reference"]
LOG_LENGTH = 20


class PriorityWeightsForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """The five weights and the two references; the reason is asked when saving only.

    The model's `clean()` refuses a set of weights that sums to zero, as in the back office.
    """

    reason = forms.CharField(
        label=gettext_lazy("Why change the weights?"),
        help_text=gettext_lazy("Kept in the log below, with your name and the date."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = PrioritySettings
        fields = [*WEIGHT_FIELDS, *REFERENCE_FIELDS]

    def __init__(self, *args, saving: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.saving = saving
        for name in [*WEIGHT_FIELDS, *REFERENCE_FIELDS]:
            self.fields[name].widget.attrs.update(inputmode="numeric")

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if self.saving and not reason:
            raise forms.ValidationError(
                _("Say why the weights change: the reason is kept in the log.")
            )
        return reason

    @property
    def weights_are_valid(self) -> bool:
        """Whether the weights themselves passed (the reason aside): a preview can be shown."""
        return self.is_bound and not (set(self.errors) - {"reason"})

    def weights_key(self) -> str:
        """The weights as typed, in one string: what a preview showed, carried to the save."""
        return ",".join(str(self.cleaned_data.get(name)) for name in self.Meta.fields)


def _shares(settings: PrioritySettings) -> list[dict]:
    """Each term with its weight and its share of the total, as the ranking explains it."""
    total = settings.total_weight or 1
    return [
        {
            "name": name,
            "label": TERM_LABELS[name],
            "weight": weight_of(settings, name),
            "percent": 100 * weight_of(settings, name) / total,
        }
        for name in TERMS
    ]


@login_required
@require_http_methods(["GET", "POST"])
def priority_weights(request):
    """IOM roles preview and save the weights of the priority; the log of their changes."""
    if not permissions.changes_priority_weights(request.user):
        raise PermissionDenied(_("Only IOM staff change the prioritisation weights."))
    current = PrioritySettings.load()
    moves = None
    saving = request.POST.get("action") == "save"
    if request.method == "POST":
        form = PriorityWeightsForm(request.POST, instance=PrioritySettings.load(), saving=saving)
        weights_are_valid = form.weights_are_valid
        previewed = weights_are_valid and request.POST.get("previewed") == form.weights_key()
        if saving and form.is_valid() and previewed:
            form.instance._change_reason = form.cleaned_data["reason"]
            if form.save_or_refuse(request.user) is not None:
                messages.success(
                    request, _("The new weights are saved; the ranking uses them from now on.")
                )
                return redirect("assessments:prioritisation")
        elif saving and weights_are_valid and not previewed:
            form.add_error(
                None,
                _(
                    "The weights differ from those previewed: nothing was saved. "
                    "Check this preview, then save."
                ),
            )
        if weights_are_valid and not form.stale:
            # The same ranking query as the prioritisation page, once with the stored weights
            # and once with the typed ones (the form's unsaved instance): nothing is written.
            moves = compare_rankings(request.user, current, form.instance, TOP)
    else:
        form = PriorityWeightsForm(instance=current)
    proposed = form.instance if moves is not None else None
    return render(
        request,
        "assessments/weights.html",
        {
            "form": form,
            "current": current,
            "shares": _shares(current),
            "proposed_shares": _shares(proposed) if proposed else None,
            "weight_fields": [form[name] for name in WEIGHT_FIELDS],
            "reference_fields": [form[name] for name in REFERENCE_FIELDS],
            "moves": moves,
            "top": TOP,
            "summary": _summary(moves) if moves is not None else None,
            "previewed_key": form.weights_key() if moves is not None else "",
            "seen": form[VERSION_FIELD].value(),
            "log": recent_changes(current, LOG_LENGTH),
        },
    )


def _summary(moves: list) -> dict:
    """How many facilities of the preview move up, down, into and out of the top."""
    return {
        "up": sum(1 for move in moves if move.places > 0 and not move.enters),
        "down": sum(1 for move in moves if move.places < 0 and not move.leaves),
        "enter": sum(1 for move in moves if move.enters),
        "leave": sum(1 for move in moves if move.leaves),
    }
