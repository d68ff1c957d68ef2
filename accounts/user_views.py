"""The users of an organisation, for those who manage them: IOM roles for every organisation, a
coordinator for their own (`permissions.manages_users_of`). Deactivating and reactivating
someone is a POST carrying the account's version; who may touch whom is
`permissions.manages_account`.

Someone who manages no organisation gets 403 on every page here; an organisation, an account
or an invitation outside the ones they manage answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.concurrency import VERSION_FIELD, BadToken, StaleSave, parse_token

from . import invitations, permissions
from .models import Invitation, Organisation, User

PAGE_SIZE = 25
INVITATIONS_SHOWN = 50


def managed_organisations(user):
    """The organisations whose users `user` manages; 403 for someone who manages none."""
    if not permissions.manages_users(user):
        raise PermissionDenied(_("Only IOM staff and coordinators manage users."))
    return Organisation.objects.users_managed_by(user)


@login_required
@require_GET
def organisation_list(request):
    """Every organisation (`?q=` searches names and acronyms) with its numbers of people and
    pending invitations (IOM roles); a coordinator goes straight to their own organisation's
    users."""
    organisations = managed_organisations(request.user)
    if not permissions.manages_users_of_every_organisation(request.user):
        return redirect("accounts:organisation_users", pk=request.user.organisation_id)
    organisations = organisations.annotate(
        active_users=Count("users", filter=Q(users__is_active=True), distinct=True),
        inactive_users=Count("users", filter=Q(users__is_active=False), distinct=True),
        pending_invitations=Count(
            "invitations",
            filter=Q(
                invitations__accepted_at__isnull=True,
                invitations__cancelled_at__isnull=True,
                invitations__expires_at__gt=timezone.now(),
            ),
            distinct=True,
        ),
    ).order_by("name")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {"page_obj": page, "query": query})


@login_required
@require_GET
def organisation_users(request, pk):
    """An organisation's people, active ones first, with what the reader may do to each, and its
    latest invitations (pending, expired, accepted, cancelled) with resend and cancel."""
    organisation = get_object_or_404(managed_organisations(request.user), pk=pk)
    people = organisation.users.order_by("-is_active", "last_name", "first_name", "username")
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page:
        person.organisation = organisation  # read by the rule, without a query per row
        person.manageable = permissions.manages_account(request.user, person)
    sent = list(organisation.invitations.with_related()[:INVITATIONS_SHOWN])
    for invitation in sent:
        invitation.resendable = invitation.status != Invitation.Status.ACCEPTED and (
            permissions.may_invite(request.user, organisation, invitation.role)
        )
    return render(
        request,
        "accounts/organisation_users.html",
        {
            "organisation": organisation,
            "page_obj": page,
            "invitations": sent,
            "may_invite": bool(permissions.invitable_roles(request.user, organisation)),
            "version_field": VERSION_FIELD,
        },
    )


@login_required
@require_POST
def set_active(request, pk):
    """Deactivate (`active=0`) or reactivate (`active=1`) someone's account."""
    organisations = managed_organisations(request.user)
    account = get_object_or_404(
        User.objects.filter(organisation__in=organisations).select_related("organisation"), pk=pk
    )
    if not permissions.manages_account(request.user, account):
        raise PermissionDenied(
            _(
                "You may not deactivate or reactivate your own account, nor the account of "
                "someone with a role you could not give."
            )
        )
    active = request.POST.get("active") == "1"
    try:
        seen = parse_token(request.POST.get(VERSION_FIELD))
        if account.is_active != active:
            invitations.set_active(request, account, active, seen)
    except BadToken as error:
        messages.error(request, str(error.message))
    except StaleSave as stale:
        messages.error(request, stale.status_message)
    else:
        name = account.get_full_name() or account.get_username()
        if active:
            messages.success(request, _("%(name)s can sign in again.") % {"name": name})
        else:
            messages.success(
                request, _("%(name)s is deactivated and can no longer sign in.") % {"name": name}
            )
    return redirect("accounts:organisation_users", pk=account.organisation_id)


def managed_invitation(request, pk) -> Invitation:
    """An invitation into an organisation whose users the signed-in person manages, else 404."""
    organisations = managed_organisations(request.user)
    return get_object_or_404(
        Invitation.objects.with_related().filter(organisation__in=organisations), pk=pk
    )
