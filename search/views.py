"""The staff search and the staff guide: two pages that help signed-in people find their way.

The public directory has its own search and help page (`directory`), for migrants.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from .forms import SearchForm
from .results import PER_KIND, find

GUIDE_LANGUAGES = ("fr", "ar", "en")


@login_required
@require_GET
def search(request):
    """Every kind of record the person may open whose name, code or reference matches `q`.

    Each kind is read through its own `visible_to`, so a record outside someone's scope is never
    found. An empty box shows the form alone; a query too short or too long says so.
    """
    typed = request.GET.get("q", "")
    form = SearchForm(request.GET if typed.strip() else None)
    groups = find(request.user, form.cleaned_data["q"]) if form.is_valid() else []
    return render(
        request,
        "search/results.html",
        {"form": form, "groups": groups, "per_kind": PER_KIND},
    )


@login_required
@require_GET
def staff_guide(request):
    """How Manara works, for its staff: one text per language, written in that language."""
    language = (get_language() or "fr")[:2]
    if language not in GUIDE_LANGUAGES:
        language = "fr"
    return render(request, "help/staff_guide.html", {"body": f"help/staff_{language}.html"})
