"""Outgoing mails in the back office: administrators see failures first and send them again."""

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutgoingMail
from .tasks import send_again


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Read-only: a mail is written by the code that sends it; its body is never shown."""

    list_display = (
        "created_at",
        "status",
        "subject",
        "user",
        "address",
        "language",
        "attempts",
        "last_error",
        "sent_at",
    )
    list_filter = ("status", "created_at")
    list_select_related = ("user",)
    search_fields = ("subject", "address", "user__username")
    fields = (
        "status",
        "user",
        "address",
        "language",
        "subject",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "sent_at",
    )
    readonly_fields = fields
    actions = ["send_again"]

    def get_ordering(self, request):
        failed_first = Case(
            When(status=OutgoingMail.Status.FAILED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [failed_first.asc(), "-created_at"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_admin

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_admin

    def has_resend_permission(self, request):
        return request.user.is_active and request.user.is_admin

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request, queryset):
        count = sum(
            send_again(outgoing) for outgoing in queryset.filter(status=OutgoingMail.Status.FAILED)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d failed mail queued again.", "%(count)d failed mails queued again.", count
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
