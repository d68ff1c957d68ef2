"""One's own notifications: the list (unread first), marking read, opening, and preferences.

Every query starts from `Notification.objects.for_user(request.user)`: another person's
notification answers 404 and nothing is written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .filters import NotificationFilter
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 25


def _back(request) -> str:
    """Where a POST returns: the list as it was filtered (`next`), else the plain list."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("notifications:list")


@login_required
@require_GET
def notification_list(request):
    """The signed-in person's notifications, unread first, filtered by kind and by read or not."""
    mine = Notification.objects.for_user(request.user)
    filterset = NotificationFilter(request.GET or None, queryset=mine)
    page = Paginator(filterset.qs.unread_first(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {"filter": filterset, "page_obj": page, "unread_count": mine.unread().count()},
    )


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one of one's notifications read (404 for anyone else's, nothing written)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    Notification.objects.filter(pk=notification.pk).mark_read()
    messages.success(request, _("Notification marked as read."))
    return redirect(_back(request))


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one of one's notifications read and go to what it is about, in the page's language."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    Notification.objects.filter(pk=notification.pk).mark_read()
    return redirect(notification.link or reverse("notifications:list"))


@login_required
@require_POST
def notification_read_all(request):
    """Mark all of one's unread notifications read."""
    count = Notification.objects.for_user(request.user).mark_read()
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect(_back(request))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """For each kind one may receive: in Manara only, by mail at once, or in a daily mail."""
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
        messages.error(request, _("Nothing was saved: choose one of the options for each line."))
    return render(request, "notifications/preferences.html", {"form": form})
