"""The form that uploads Kobo's export of submissions (an XLSX, one or more CSV files, or a ZIP
archive of CSV files), to preview before importing."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from assessments.models import Framework
from common.forms import BootstrapFormMixin

from .export_files import MAX_FILE_BYTES, too_large_message

# What the file picker offers; the file's content, not its name, tells how it is read.
EXPORT_TYPES = (
    ".xlsx,.csv,.zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "text/csv,application/zip"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One file or several, as a list; each is checked as a FileField checks one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            clean_one(None, initial)  # "This field is required."
            return []
        return [clean_one(item, initial) for item in files]


class KoboUploadForm(BootstrapFormMixin, forms.Form):
    """Kobo's export (any variant: an XLSX, the CSV of the submissions with the CSV of their
    needs, or a ZIP archive of CSV files), and the framework it answered when known."""

    file = MultipleFileField(
        label=_("Kobo export (XLSX, CSV or ZIP)"),
        widget=MultipleFileInput(attrs={"accept": EXPORT_TYPES}),
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
            "On KoboToolbox: Data › Downloads, type XLS (with the needs) or CSV, headers as "
            "XML names or as labels in any language of the form, with or without group names. "
            "Kobo's CSV holds no needs: select the needs' CSV file too, or send a ZIP archive "
            "of the CSV files. At most %(max)s."
        ) % {"max": filesizeformat(MAX_FILE_BYTES)}
        self.fields["framework"].queryset = Framework.objects.published().order_by(
            "name", "-published_at"
        )

    def clean_file(self):
        uploads = self.cleaned_data["file"]
        size = sum(upload.size for upload in uploads)
        if size > MAX_FILE_BYTES:
            raise forms.ValidationError(too_large_message(size))
        return uploads
