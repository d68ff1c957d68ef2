"""The activity log across the system, for administrators (in the back office)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User

from .changes import system_changes, tracked_models


def system_activity(request):
    """The latest changes of every tracked record, filtered by kind of record, person and date."""
    if not permissions.is_admin(request.user):
        raise PermissionDenied
    models = sorted(
        ((model._meta.label_lower, str(model._meta.verbose_name)) for model in tracked_models()),
        key=lambda choice: choice[1].lower(),
    )
    chosen_model = request.GET.get("model", "")
    if chosen_model not in dict(models):
        chosen_model = ""
    username = request.GET.get("user", "").strip()
    person = User.objects.filter(username=username).first() if username else None
    since = parse_date(request.GET.get("since", "") or "") if request.GET.get("since") else None
    changes = (
        []
        if username and person is None
        else system_changes(chosen_model, person.pk if person else None, since)
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Activity log"),
        "changes": changes,
        "models": models,
        "chosen_model": chosen_model,
        "username": username,
        "since": request.GET.get("since", ""),
        "unknown_user": bool(username and person is None),
    }
    return render(request, "activity/system_activity.html", context)
