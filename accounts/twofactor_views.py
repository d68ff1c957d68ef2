"""The second-factor pages: the code after the password, enrolling an app, recovery codes, and
the check asked again before a case's identity is revealed (rules in accounts/twofactor.py)."""

from __future__ import annotations

import logging

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from . import permissions, throttling, twofactor
from .forms import CodeForm, IdentityCheckForm
from .oidc import sso_enabled
from .twofactor import Outcome

logger = logging.getLogger(__name__)


def _refusal(check: twofactor.CodeCheck) -> str:
    if check.outcome is Outcome.REPLAYED:
        return _("This code was already used. Wait for the next code of your app, then enter it.")
    if check.outcome is Outcome.WAIT:
        return ngettext(
            "Too many wrong codes. Wait %(seconds)d second before trying again.",
            "Too many wrong codes. Wait %(seconds)d seconds before trying again.",
            check.wait_seconds,
        ) % {"seconds": check.wait_seconds}
    return _("This code is not right. Check the time on your phone and enter the code shown now.")


def _locked_out(request, username: str):
    """Sign the person out and show the lockout page, as after too many wrong passwords."""
    logout(request)
    return throttling.lockout_response(request, None, {"username": username})


def _refuse(request, form, check, template, context):
    """Log a refused code, count it as a failed sign-in, and show the form again (or the lockout
    page when that was one failure too many)."""
    user = request.user
    if twofactor.record_refused_code(request, user, check.outcome):
        return _locked_out(request, user.get_username())
    form.add_error("code", _refusal(check))
    status = 429 if check.outcome is Outcome.WAIT else 400
    return render(request, template, {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: a code of the authenticator app, or a recovery code."""
    next_url = twofactor.safe_next(request)
    if twofactor.pending_step(request) != twofactor.VERIFY:
        return redirect(next_url)
    user = request.user
    if twofactor.locked_out(request, user):
        return _locked_out(request, user.get_username())
    form = CodeForm(request.POST or None)
    context = {"next": next_url}
    if request.method == "POST" and form.is_valid():
        check = twofactor.check_code(user, form.cleaned_data["code"])
        if not check.accepted:
            return _refuse(request, form, check, "accounts/two_factor_verify.html", context)
        twofactor.mark_passed(request)
        logger.info("Second factor accepted for account %r.", user.get_username())
        if check.outcome is Outcome.RECOVERY_CODE:
            messages.warning(
                request,
                ngettext(
                    "You signed in with a recovery code; it cannot be used again. %(count)d "
                    "recovery code is left: make new ones on your two-factor page.",
                    "You signed in with a recovery code; it cannot be used again. %(count)d "
                    "recovery codes are left: make new ones on your two-factor page.",
                    check.recovery_codes_left,
                )
                % {"count": check.recovery_codes_left},
            )
        return redirect(next_url)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )


def _enrolment_context(request, device, form):
    qr = segno.make(device.config_url, error="m")
    return {
        "form": form,
        "next": twofactor.safe_next(request),
        "qr_code": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "key": twofactor.format_key(device),
        "required": permissions.needs_second_factor(request.user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator app; once enrolled, new recovery codes, a new phone, or turning
    it off (for those who are not required to have it)."""
    user = request.user
    step = twofactor.pending_step(request)
    if step == twofactor.VERIFY:
        # Only the password so far: a new app cannot be enrolled in place of the existing one.
        return redirect(reverse("accounts:two_factor_verify"))
    device = twofactor.app_device(user)
    if device is None:
        return _enrol(request)
    return _manage(request, device)


def _enrol(request):
    user = request.user
    device = twofactor.unconfirmed_app_device(user)
    form = CodeForm(request.POST or None, digits_only=True)
    template = "accounts/two_factor_setup.html"
    if request.method == "POST" and form.is_valid():
        check = twofactor.check_code(user, form.cleaned_data["code"], device=device)
        if not check.accepted:
            return _refuse(
                request, form, check, template, _enrolment_context(request, device, form)
            )
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = twofactor.new_recovery_codes(user)
        twofactor.mark_passed(request)
        logger.info("Second factor enrolled for account %r.", user.get_username())
        return render(
            request,
            "accounts/two_factor_codes.html",
            {"codes": codes, "next": twofactor.safe_next(request), "enrolled": True},
        )
    return render(
        request,
        template,
        _enrolment_context(request, device, form),
        status=400 if form.errors else 200,
    )


def _manage(request, device):
    user = request.user
    required = permissions.needs_second_factor(user)
    form = CodeForm(request.POST or None, digits_only=True)
    action = request.POST.get("action", "")
    template = "accounts/two_factor_manage.html"
    context = {
        "device": device,
        "required": required,
        "codes_left": twofactor.recovery_codes_left(user),
        "action": action,
    }
    if request.method == "POST" and action not in ("codes", "replace", "remove"):
        form.add_error(None, _("Choose what to do."))
    elif request.method == "POST" and action == "remove" and required:
        form.add_error(
            None, _("Your role or organisation requires two-factor sign-in: it cannot be off.")
        )
    elif request.method == "POST" and form.is_valid():
        check = twofactor.check_code(user, form.cleaned_data["code"], device=device)
        if not check.accepted:
            return _refuse(request, form, check, template, context)
        twofactor.mark_checked(request)
        if action == "codes":
            codes = twofactor.new_recovery_codes(user)
            logger.info("New recovery codes for account %r.", user.get_username())
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": reverse("accounts:two_factor_setup")},
            )
        twofactor.remove_second_factor(user)
        logger.warning("Second factor removed by account %r itself.", user.get_username())
        if action == "replace":
            messages.info(request, _("Now scan the new code with the app on your new phone."))
        else:
            messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:two_factor_setup")
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def identity_check(request):
    """The password (or a code of the app) again, before a case's identity is shown."""
    user = request.user
    next_url = twofactor.safe_next(request)
    with_password = user.has_usable_password()
    with_code = twofactor.has_second_factor(user)
    form = IdentityCheckForm(request.POST or None, with_password=with_password, with_code=with_code)
    template = "accounts/identity_check.html"
    context = {
        "next": next_url,
        "minutes": settings.IDENTITY_RECHECK_MINUTES,
        "can_check": with_password or with_code,
        # IOM staff may prove it again through IOM's sign-in service instead.
        "sso": sso_enabled() and permissions.signs_in_by_sso(user),
    }
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data.get("password")
        if password:
            # Through the authentication backends: django-axes counts a wrong password here too.
            if authenticate(request, username=user.get_username(), password=password) is None:
                if twofactor.locked_out(request, user):
                    return _locked_out(request, user.get_username())
                logger.warning("Identity check refused for account %r.", user.get_username())
                form.add_error("password", _("This password is not right."))
                return render(request, template, {**context, "form": form}, status=400)
        else:
            check = twofactor.check_code(user, form.cleaned_data["code"])
            if not check.accepted:
                return _refuse(request, form, check, template, context)
        twofactor.mark_checked(request)
        return redirect(next_url)
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)
