"""The admin base for models imported and exported as spreadsheets (CSV and XLSX)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import and export in CSV and XLSX, with a preview, per-row errors and all-or-nothing writes.

    import-export offers to confirm an import only when its preview found no error; the
    resource rolls back any import in which a row fails, so a file that changed between the
    preview and the confirmation writes nothing either, and the user is told so.
    """

    formats = [CSV, XLSX]

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
