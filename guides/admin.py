from django.contrib import admin

from .models import GuideBatch


@admin.register(GuideBatch)
class GuideBatchAdmin(admin.ModelAdmin):
    """Batches are made from the Guides in bulk page; the admin shows them, to follow or prune."""

    list_display = ["created_at", "kind", "region", "language", "requested_by", "status", "done"]
    list_filter = ["status", "kind", "language"]
    readonly_fields = [field.name for field in GuideBatch._meta.fields]

    def has_add_permission(self, request):
        return False
