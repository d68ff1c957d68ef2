"""The form that uploads Kobo's export of submissions (XLSX or CSV), to preview before importing."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from assessments.models import Framework
from common.forms import BootstrapFormMixin

from .xlsx import MAX_FILE_BYTES

# What the file picker offers; the file's content, not its name, tells how it is read.
EXPORT_TYPES = (
    ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
)


class KoboUploadForm(BootstrapFormMixin, forms.Form):
    """Kobo's export (XLSX or CSV, any variant), and the framework it answered when known."""

    file = forms.FileField(
        label=_("Kobo export (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": EXPORT_TYPES}),
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
            "On KoboToolbox: Data › Downloads, type XLS (with the needs) or CSV (without "
            "needs), headers as XML names or as labels in any language of the form, with or "
            "without group names. At most %(max)s."
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
