"""Discard a Kobo import that will not be imported, from its preview (kobo_preview.html).

Who may: whoever may open the preview (import_views: IOM roles anyone's, a partner their own);
an import outside that is not found. Only a ready or failed import is discarded
(kobo/discarding.py says why); a page left open while the import was imported, is still
fetching, or was already discarded, answers with a message saying so and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .discarding import discard
from .import_views import _check_importer, _imports_of
from .models import KoboImport


@login_required
@require_POST
def import_discard(request, pk):
    """Delete the import `pk` with its submissions and the photos waiting for it."""
    _check_importer(request.user)
    kobo_import = _imports_of(request.user).filter(pk=pk).first()
    if kobo_import is None:
        if KoboImport.objects.filter(pk=pk).exists():
            raise Http404
        # Ids are sequential: saying that one is gone tells an outsider nothing it holds.
        return _gone(request)
    if discard(kobo_import.pk) is None:
        # Imported, or fetching again, since the page was shown; or discarded meanwhile.
        status = KoboImport.objects.filter(pk=pk).values_list("status", flat=True).first()
        if status is None:
            return _gone(request)
        messages.error(request, _refusal(status))
        return redirect("kobo:kobo_preview", pk)
    messages.success(
        request,
        _("The import was discarded: its submissions and the photos waiting for it were deleted."),
    )
    return redirect("kobo:kobo_import")


def _gone(request):
    """Discarded from another tab, by someone else, or pruned by the scheduler."""
    messages.info(request, _("This import no longer exists: it was already discarded."))
    return redirect("kobo:kobo_import")


def _refusal(status: str) -> str:
    if status == KoboImport.Status.IMPORTED:
        return _("This import was imported: it cannot be discarded.")
    return _("This import is still fetching submissions: it cannot be discarded now.")
