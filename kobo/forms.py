"""The form that uploads Kobo's XLSX export of submissions, to preview before importing."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from assessments.models import Framework
from common.forms import BootstrapFormMixin

from .xlsx import MAX_FILE_BYTES

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class KoboUploadForm(BootstrapFormMixin, forms.Form):
    """Kobo's XLSX export, and the framework it answered when the person knows it."""

    file = forms.FileField(
        label=_("Kobo export (XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
    )
    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.none(),
        required=False,
        empty_label=_("Detect from the file"),
        help_text=_("The framework whose XLSForm collected these submissions."),
        error_messages={"invalid_choice": _("Choose a published framework.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "On KoboToolbox: Data › Downloads, type XLS, value and header format “XML values "
            "and headers”. At most %(max)s."
        ) % {"max": filesizeformat(MAX_FILE_BYTES)}
        self.fields["framework"].queryset = Framework.objects.published().order_by(
            "name", "-published_at"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; send one of at most %(max)s (export fewer submissions).")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_FILE_BYTES)}
            )
        return upload
