"""Kobo forms linked to frameworks, and pulling their submissions from the Kobo server.

IOM roles link a Kobo form (asset) to a published framework and ask for its new submissions; a
background task (kobo_tasks.py) fetches them into a KoboImport, whose progress the preview page
(kobo_import_views.py) shows with the `_kobo_progress.html` partial until they are ready.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.models import Framework
from common.forms import BootstrapFormMixin

from .models import KoboForm, KoboImport
from .tasks import fetch_kobo_submissions

LINK_ACTION = "link"
RECENT_IMPORTS = 3
# A fetch younger than this is taken as still running: a second click does not start another.
RUNNING_FETCH = timedelta(minutes=15)


class KoboFormLinkForm(BootstrapFormMixin, forms.ModelForm):
    """Link a form deployed on the Kobo server to the published framework it was made from."""

    asset_uid = forms.CharField(
        label=gettext_lazy("Kobo asset uid"),
        min_length=10,
        max_length=64,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9]+$",
                gettext_lazy("An asset uid has only letters and digits, e.g. aBcD1234eFgH5678."),
            )
        ],
        help_text=gettext_lazy(
            "In the form's address on Kobo, /#/forms/<uid>/: 10 to 64 letters and digits."
        ),
    )

    class Meta:
        model = KoboForm
        fields = ["framework", "asset_uid", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.published()
        self.fields["framework"].error_messages["invalid_choice"] = gettext_lazy(
            "Choose a published framework."
        )

    def clean_asset_uid(self):
        return self.cleaned_data["asset_uid"].strip()


def _iom_only(user) -> None:
    if not user.is_iom:
        raise PermissionDenied(_("Kobo forms are for IOM staff."))


def missing_settings() -> list[str]:
    """The settings that must still be set before Manara can fetch from a Kobo server."""
    configured = {"KOBO_URL": settings.KOBO_URL, "KOBO_TOKEN": settings.KOBO_TOKEN}
    return [name for name, value in configured.items() if not value]


@login_required
@require_http_methods(["GET", "POST"])
def kobo_forms(request):
    """IOM roles see the linked Kobo forms with their recent fetches, and link another form."""
    _iom_only(request.user)
    linking = request.method == "POST" and request.POST.get("action") == LINK_ACTION
    link_form = KoboFormLinkForm(request.POST if linking else None)
    if request.method == "POST" and not linking:
        return redirect("kobo:kobo_forms")
    if linking and link_form.is_valid():
        kobo_form = link_form.save()
        messages.success(
            request,
            _("The Kobo form %(uid)s is linked to %(framework)s.")
            % {"uid": kobo_form.asset_uid, "framework": kobo_form.framework},
        )
        return redirect("kobo:kobo_forms")
    recent = KoboImport.objects.select_related("created_by").order_by("-created_at", "-pk")
    kobo_forms = KoboForm.objects.select_related("framework").prefetch_related(
        Prefetch("imports", queryset=recent[:RECENT_IMPORTS], to_attr="recent_imports")
    )
    return render(
        request,
        "kobo/kobo_forms.html",
        {
            "kobo_forms": kobo_forms,
            "link_form": link_form,
            "link_action": LINK_ACTION,
            "missing_settings": missing_settings(),
            "kobo_url": settings.KOBO_URL,
        },
    )


@login_required
@require_POST
def kobo_fetch(request, pk):
    """IOM roles start a background fetch of a linked form's submissions, then follow it."""
    _iom_only(request.user)
    kobo_form = get_object_or_404(KoboForm.objects.select_related("framework"), pk=pk)
    missing = missing_settings()
    if missing:
        messages.error(
            request,
            _("Fetching from Kobo is not configured: set %(names)s in the environment.")
            % {"names": ", ".join(missing)},
        )
        return redirect("kobo:kobo_forms")
    running = kobo_form.imports.filter(
        status=KoboImport.Status.FETCHING, created_at__gte=timezone.now() - RUNNING_FETCH
    ).first()
    if running is not None:
        messages.info(request, _("The submissions of this form are already being fetched."))
        return redirect("kobo:kobo_preview", running.pk)
    kobo_import = KoboImport.objects.create(
        source=KoboImport.Source.API,
        status=KoboImport.Status.FETCHING,
        kobo_form=kobo_form,
        framework=kobo_form.framework,
        created_by=request.user,
        organisation=request.user.organisation,
    )
    fetch_kobo_submissions.enqueue(kobo_import.pk, request.LANGUAGE_CODE)
    return redirect("kobo:kobo_preview", kobo_import.pk)


def visible_import(user, pk) -> KoboImport:
    """The import if the user may follow it (its creator, or IOM roles); 404 otherwise."""
    return get_object_or_404(KoboImport.objects.visible_to(user).select_related("kobo_form"), pk=pk)


@login_required
@require_GET
@transaction.non_atomic_requests
def kobo_progress(request, pk):
    """The creator of an import or IOM roles: its fetching progress, polled by htmx.

    Once the fetch is over the answer tells htmx to reload the preview page, which then shows
    the submissions or the error.
    """
    kobo_import = visible_import(request.user, pk)
    response = render(request, "kobo/_kobo_progress.html", {"kobo_import": kobo_import})
    if kobo_import.status != KoboImport.Status.FETCHING:
        response["HX-Refresh"] = "true"
    return response
