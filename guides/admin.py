from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import GuideBatch


@admin.register(GuideBatch)
class GuideBatchAdmin(admin.ModelAdmin):
    """Batches are made from the Guides in bulk page; the admin shows them, to follow or prune.

    The ZIP is linked through the download view, which checks the role: the admin's own display
    of a file field would hand out the storage's address (a signed S3 URL on object storage).
    """

    list_display = ["created_at", "kind", "region", "language", "requested_by", "status", "done"]
    list_filter = ["status", "kind", "language"]
    exclude = ["archive"]
    readonly_fields = [
        "archive_link" if field.name == "archive" else field.name
        for field in GuideBatch._meta.fields
    ]

    @admin.display(description=_("archive"))
    def archive_link(self, batch):
        if not batch.archive or batch.status != GuideBatch.Status.DONE:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("guides:batch_download", args=[batch.pk]),
            batch.archive.name.rsplit("/", 1)[-1],
        )

    def has_add_permission(self, request):
        return False
