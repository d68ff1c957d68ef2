"""Back office for organisations and users, and the sign-in failures and lockouts."""

import logging

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.concurrency import StaleSaveAdminMixin
from common.spreadsheet_admin import SpreadsheetAdminMixin

from . import permissions, twofactor
from .models import Organisation, User
from .resources import OrganisationResource

logger = logging.getLogger(__name__)

# django-otp's own pages of devices would show each person's secret key to administrators: a
# second factor is reset from the user's page (action below), never read.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Organisation)
class OrganisationAdmin(StaleSaveAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    """Organisations: IOM, ministries, NGOs, UN agencies, with the regions they cover."""

    resource_classes = [OrganisationResource]
    list_display = ("name", "acronym", "kind", "email", "phone", "is_active")
    list_filter = ("kind", "is_active", "regions")
    search_fields = ("name", "acronym", "email")
    filter_horizontal = ("regions",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "acronym", "kind", "is_active")}),
        (_("Coverage"), {"fields": ("regions",)}),
        (_("Sign-in"), {"fields": ("requires_two_factor",)}),
        (_("Contacts"), {"fields": ("phone", "email", "website")}),
    )


@admin.register(User)
class UserAdmin(StaleSaveAdminMixin, DjangoUserAdmin):
    """Users, with their organisation, their Manara role and the language Manara speaks to them."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        (
            _("Manara"),
            {"fields": ("organisation", "role", "is_coordinator", "preferred_language")},
        ),
        *DjangoUserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Manara"),
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "organisation",
                    "role",
                    "is_coordinator",
                    "preferred_language",
                ),
            },
        ),
    )
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "organisation",
        "role",
        "is_coordinator",
        "has_second_factor",
        "is_staff",
        "is_active",
    )
    list_filter = (
        "role",
        "is_coordinator",
        "organisation",
        "is_staff",
        "is_superuser",
        "is_active",
    )
    list_select_related = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(enrolled=Exists(enrolled))

    @admin.display(description=_("two-factor"), boolean=True, ordering="enrolled")
    def has_second_factor(self, user):
        return user.enrolled

    @admin.action(description=_("Reset the two-factor sign-in (lost phone)"))
    def reset_second_factor(self, request, queryset):
        """Forget the selected people's app and recovery codes: at their next sign-in, those
        whose role requires it set up a new app. Their open sessions end only if their password
        is changed too (README "Two-factor sign-in")."""
        if not permissions.is_admin(request.user):
            self.message_user(
                request, _("Only administrators reset a second factor."), messages.ERROR
            )
            return
        users = list(queryset)
        for user in users:
            twofactor.remove_second_factor(user)
            self.log_change(request, user, [{"changed": {"fields": ["two-factor sign-in"]}}])
            logger.warning(
                "Second factor of account %r reset by %r.",
                user.get_username(),
                request.user.get_username(),
            )
        self.message_user(
            request,
            ngettext(
                "The two-factor sign-in of %(count)d person was reset: they set up a new app at "
                "their next sign-in.",
                "The two-factor sign-in of %(count)d people was reset: they set up a new app at "
                "their next sign-in.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


class AdministratorsOnlyMixin:
    """Pages of audit records (sign-ins, openings of identifying details): read by Manara
    administrators only, never written by hand."""

    def has_module_permission(self, request):
        return permissions.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessAttempt)
class SignInAttemptAdmin(AdministratorsOnlyMixin, AccessAttemptAdmin):
    """Failed sign-ins counted towards a lockout (django-axes); "Unlock" lets the person in again.

    Axes keeps one row per account, address and browser: unlocking one row unlocks every row of
    its account, so the person is let in whichever browser they use next.
    """

    actions = ["unlock", "cleanup_expired_attempts"]

    def has_delete_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    @admin.action(description=_("Unlock the selected accounts"), permissions=["delete"])
    def unlock(self, request, queryset):
        selected = list(queryset.values_list("pk", "username"))
        usernames = {username for _pk, username in selected if username}
        attempts = AccessAttempt.objects.filter(
            models.Q(pk__in=[pk for pk, _username in selected]) | models.Q(username__in=usernames)
        )
        count, _by_model = attempts.delete()
        logger.warning(
            "Sign-in unlocked by %s for %s (%d attempt records removed).",
            request.user.get_username(),
            ", ".join(sorted(usernames)) or "-",
            count,
        )
        unlocked = len(usernames) or len(selected)
        self.message_user(
            request,
            ngettext("%(count)d account unlocked.", "%(count)d accounts unlocked.", unlocked)
            % {"count": unlocked},
            messages.SUCCESS,
        )


@admin.register(AccessFailureLog)
class SignInFailureLogAdmin(AdministratorsOnlyMixin, AccessFailureLogAdmin):
    """Every failed sign-in, kept after a lockout ends (django-axes)."""


@admin.register(AccessLog)
class SignInLogAdmin(AdministratorsOnlyMixin, AccessLogAdmin):
    """Successful sign-ins and sign-outs (django-axes)."""
