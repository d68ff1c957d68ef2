"""Inviting someone, resending or cancelling an invitation, and accepting one.

Inviting, resending and cancelling are for those who manage the users of the invitation's
organisation (accounts/user_views.py says who); accepting is public: the link alone opens the
page, and the page says no more than the invitation itself (an unusable link reads the same
whatever made it so).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import invitations, permissions
from .forms import AcceptInvitationForm, InvitationForm
from .models import Invitation
from .user_views import managed_invitation, managed_organisations


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    """Invite someone by e-mail (`?organisation=<id>` chooses the organisation)."""
    organisations = managed_organisations(request.user)
    chosen = request.GET.get("organisation", "")
    initial = {}
    if chosen.isdigit() and organisations.filter(pk=chosen).exists():
        initial["organisation"] = int(chosen)
    form = InvitationForm(request.POST or None, inviter=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: value for name, value in form.cleaned_data.items() if name != "organisation"
        }
        invitation = invitations.invite(
            request, organisation=form.cleaned_data["organisation"], **fields
        )
        messages.success(
            request,
            _("Invitation sent to %(email)s; the link works for 7 days.")
            % {"email": invitation.email},
        )
        return redirect("accounts:organisation_users", pk=invitation.organisation_id)
    return render(
        request, "accounts/invitation_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def resend(request, pk):
    """A new link, mailed again; the old one stops working. Not for an accepted invitation."""
    invitation = managed_invitation(request, pk)
    if invitation.status == Invitation.Status.ACCEPTED:
        messages.error(request, _("This invitation was accepted: there is nothing to resend."))
    elif not permissions.may_invite(request.user, invitation.organisation, invitation.role):
        raise PermissionDenied(_("You may not give the role of this invitation."))
    else:
        invitations.resend(request, invitation)
        messages.success(
            request,
            _("A new link was sent to %(email)s; the previous one no longer works.")
            % {"email": invitation.email},
        )
    return redirect("accounts:organisation_users", pk=invitation.organisation_id)


@login_required
@require_POST
def cancel(request, pk):
    """The link stops working; only a pending invitation can be cancelled."""
    invitation = managed_invitation(request, pk)
    if not permissions.may_invite(request.user, invitation.organisation, invitation.role):
        raise PermissionDenied(_("You may not give the role of this invitation."))
    if invitation.is_pending:
        invitations.cancel(request, invitation)
        messages.success(
            request,
            _("The invitation to %(email)s is cancelled; its link no longer works.")
            % {"email": invitation.email},
        )
    else:
        messages.error(request, _("Only a pending invitation can be cancelled."))
    return redirect("accounts:organisation_users", pk=invitation.organisation_id)


@never_cache
@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The invited person chooses their password and is signed in (and, if their role or
    organisation requires it, sent on to set up two-factor sign-in by its middleware)."""
    invitation = Invitation.objects.by_token(token)
    if invitation is None or not invitation.is_pending:
        return render(request, "accounts/invitation_unusable.html", status=404)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.accept(
                request,
                invitation,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except invitations.InvitationUnusable:
            return render(request, "accounts/invitation_unusable.html", status=404)
        messages.success(
            request,
            _("Welcome to Manara. You sign in with your e-mail address and this password."),
        )
        return redirect("home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )
