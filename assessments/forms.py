"""Forms of the assessment entry: starting, answering one criterion, recording a need, reviewing."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapFormMixin

from . import reassessment
from .models import Answer, Assessment, Criterion, Dimension, Need

NOT_APPLICABLE = "na"
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Field names of the answer forms: c<criterion id>-<field>.
ANSWER_FIELD = re.compile(r"^c(\d+)-")


def check_photo(photo):
    """The one rule for an answer's photo, uploaded on the web or fetched from Kobo: an image
    by its content (Pillow reads it, whatever its name says) of at most MAX_PHOTO_BYTES.

    Returns the file (with `content_type` and `image` set); raises ValidationError saying why.
    """
    if photo.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is %(size)s; send one of at most %(max)s.")
            % {"size": filesizeformat(photo.size), "max": filesizeformat(MAX_PHOTO_BYTES)}
        )
    if getattr(photo, "image", None) is None:
        photo = forms.ImageField().to_python(photo)
    return photo


class StartAssessmentForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["assessed_on"]
        widgets = {"assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class AnswerForm(BootstrapFormMixin, forms.Form):
    """One criterion's answer: a score 0-3 or not applicable, a comment and, if useful, a photo.

    A draft may leave the choice empty; submitting the assessment checks that nothing is missing.
    """

    choice = forms.ChoiceField(
        label=_("Score"),
        required=False,
        widget=forms.RadioSelect,
        choices=[*((str(value), label) for value, label in Answer.Score.choices)]
        + [(NOT_APPLICABLE, _("Not applicable"))],
        error_messages={
            "invalid_choice": _("Choose a score from 0 to 3, or not applicable."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, criterion: Criterion, answer: Answer | None = None, **kwargs):
        self.criterion = criterion
        self.answer = answer
        initial = {}
        if answer is not None:
            choice = NOT_APPLICABLE if answer.not_applicable else answer.score
            initial = {"choice": "" if choice is None else str(choice), "comment": answer.comment}
        super().__init__(*args, prefix=f"c{criterion.pk}", initial=initial, **kwargs)
        self.fields["choice"].widget.attrs["class"] = "btn-check"
        if not criterion.photo_useful:
            del self.fields["photo"]
        else:
            self.fields["photo"].widget.attrs["accept"] = "image/*"

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return check_photo(photo) if photo else photo

    @property
    def is_answered(self) -> bool:
        return self.answer is not None

    def save(self, assessment: Assessment) -> Answer | None:
        """Store the answer (creating or updating it); an empty choice stores nothing."""
        choice = self.cleaned_data.get("choice")
        comment = self.cleaned_data.get("comment", "")
        photo = self.cleaned_data.get("photo")
        if not choice:
            return self.answer
        answer = self.answer or Answer(assessment=assessment, criterion=self.criterion)
        answer.not_applicable = choice == NOT_APPLICABLE
        answer.score = None if answer.not_applicable else int(choice)
        answer.comment = comment
        if photo:
            answer.photo = photo
        answer.full_clean(exclude=["assessment", "criterion", "photo"])
        answer.save()
        return answer


def unexpected_criteria(data, expected_ids: set[int]) -> set[int]:
    """Criterion ids in posted field names that are not asked on this page."""
    posted = {int(match[1]) for key in data for match in [ANSWER_FIELD.match(key)] if match}
    return posted - expected_ids


class NeedForm(BootstrapFormMixin, forms.ModelForm):
    """A costed need found during the assessment; the criterion must belong to its framework."""

    class Meta:
        model = Need
        fields = [
            "dimension",
            "criterion",
            "kind",
            "description",
            "quantity",
            "unit",
            "unit_cost",
            "urgency",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "quantity": forms.NumberInput(attrs={"min": "0.01", "step": "any"}),
            "unit_cost": forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
        }

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        criteria = Criterion.objects.filter(framework_id=assessment.framework_id).order_by(
            "order", "code"
        )
        applicable = [c.pk for c in assessment.criteria()]
        criterion_field = self.fields["criterion"]
        criterion_field.queryset = criteria.filter(pk__in=applicable)
        criterion_field.required = False
        criterion_field.empty_label = _("— no particular criterion —")
        criterion_field.label_from_instance = lambda c: f"{c.code} — {c.question[:90]}"
        criterion_field.error_messages["invalid_choice"] = _(
            "This criterion is not part of this assessment's framework."
        )
        self.fields["dimension"].choices = Dimension.choices

    def clean_unit_cost(self):
        cost = self.cleaned_data.get("unit_cost")
        if cost is not None and cost < 0:
            raise ValidationError(_("A cost cannot be negative."))
        return cost

    def clean(self):
        cleaned = super().clean()
        criterion = cleaned.get("criterion")
        dimension = cleaned.get("dimension")
        if criterion and dimension and criterion.dimension != dimension:
            self.add_error(
                "criterion",
                _("This criterion belongs to the dimension “%(dimension)s”.")
                % {"dimension": criterion.get_dimension_display()},
            )
        return cleaned

    def _post_clean(self):
        self.instance.assessment = self.assessment
        self.instance.facility_id = self.assessment.facility_id
        super()._post_clean()


class ReturnForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("What must the assessor correct?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ValidateForm(BootstrapFormMixin, forms.Form):
    """The validation of an assessment: a comment, and what becomes of each open need of the
    facility's earlier assessments (`reassessment.proposals`), the proposed choice checked."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for proposal in self.proposals:
            self.fields[self.need_field(proposal.need.pk)] = forms.ChoiceField(
                label=proposal.need.description,
                choices=reassessment.Choice.choices,
                initial=proposal.default,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose what becomes of this need.")},
            )

    @staticmethod
    def need_field(need_pk: int) -> str:
        return f"need-{need_pk}"

    def rows(self):
        """Each earlier need's proposal with its choice field, in the order they are listed."""
        return [(p, self[self.need_field(p.need.pk)]) for p in self.proposals]

    def need_choices(self) -> dict[int, str]:
        return {p.need.pk: self.cleaned_data[self.need_field(p.need.pk)] for p in self.proposals}

    def refuse(self, refused: "reassessment.CarryOverRefused") -> None:
        """Show each refused choice on its row."""
        for need_pk, message in refused.by_need.items():
            self.add_error(self.need_field(need_pk), message)
