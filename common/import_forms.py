"""The back office's import form: an upload over the size limit is refused before it is read.

django-import-export reads the whole uploaded file into memory (its chunks joined, then its
temporary copy read back) as soon as the form is valid, before Manara's formats
(`common.import_formats`) count its rows or unzip it. Django has already streamed an upload
over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, so its size is known here without
reading it: a file too large is refused on the form, which is shown again with the message,
and nothing is read, stored or written.
"""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from import_export.forms import ImportForm

from common.import_formats import MAX_IMPORT_FILE_BYTES


class SpreadsheetImportForm(ImportForm):
    """import-export's import form, refusing a file over MAX_IMPORT_FILE_BYTES in plain words."""

    max_file_bytes = MAX_IMPORT_FILE_BYTES

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > self.max_file_bytes:
            size, limit = filesizeformat(upload.size), filesizeformat(self.max_file_bytes)
            if size == limit:
                # Just over the limit, both round to the same "10.0 MB": the bytes say the rest.
                # Always millions of bytes, hence the plural.
                size = _("%(count)s bytes") % {
                    "count": number_format(upload.size, force_grouping=True)
                }
            raise forms.ValidationError(
                _(
                    "The file is %(size)s; an import takes files of at most %(max)s. Split the "
                    "file and import each part."
                )
                % {"size": size, "max": limit},
                code="file_too_large",
            )
        return upload
