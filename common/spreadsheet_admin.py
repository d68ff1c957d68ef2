"""The admin base for models imported and exported as spreadsheets (CSV and XLSX)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.signals import post_export

from common import import_formats as careful_formats
from common.bulk_imports import PREVIEW_ROWS
from common.exports import spreadsheet_response
from common.import_forms import SpreadsheetImportForm


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import and export in CSV and XLSX, with a preview, per-row errors and all-or-nothing writes.

    import-export offers to confirm an import only when its preview found no error; the
    resource rolls back any import in which a row fails, so a file that changed between the
    preview and the confirmation writes nothing either, and the user is told so.
    """

    formats = [CSV, XLSX]
    # Files are read by Manara's formats: checked before parsing, refused in plain words.
    import_formats = [careful_formats.CSV, careful_formats.XLSX]
    # A file over the size limit is refused before import-export reads it into memory.
    import_form_class = SpreadsheetImportForm
    # The preview lists the first PREVIEW_ROWS rows and counts the others.
    import_template_name = "admin/import_export/spreadsheet_import.html"

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "preview_rows": PREVIEW_ROWS}

    def add_data_read_fail_error_to_form(self, form, e):
        """Say why the file cannot be read, never with the name of a Python exception."""
        if isinstance(e, careful_formats.SpreadsheetFileError):
            message = str(e)
        else:
            message = _(
                "The file could not be read. Check that the format chosen above is the file's "
                "(CSV or XLSX), or save the file again from your spreadsheet program."
            )
        form.add_error("import_file", message)

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """Stream the export (common.exports) instead of building the whole file in memory.

        The resource reads the records by chunks and writes each cell as before (neutralised,
        numbers as numbers); the facilities' HXL row follows the headers.
        """
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource = self.choose_export_resource_class(export_form, request)(
            **self.get_export_resource_kwargs(request, export_form=export_form)
        )
        selected = self.get_export_resource_fields_from_form(export_form)
        native = isinstance(file_format, XLSX)
        headers = resource.get_export_headers(selected_fields=selected)
        rows = (
            resource.export_resource(record, selected_fields=selected, force_native_type=native)
            for record in resource.iter_queryset(resource.filter_export(queryset))
        )
        response = spreadsheet_response(
            self.model._meta.model_name,
            file_format.get_extension(),
            headers,
            resource.hxl_tags(headers),
            rows,
            neutralise=False,
        )
        post_export.send(sender=None, model=self.model)
        return response

    def process_result(self, result, request):
        """After a confirmed import: the usual success message, or say that nothing was written."""
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _(
                    "Nothing was imported: some rows no longer pass the checks. "
                    "Upload the file again to see which."
                ),
            )
            app_label, model_name = self.get_model_info()
            return HttpResponseRedirect(
                reverse(f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name)
            )
        return super().process_result(result, request)
