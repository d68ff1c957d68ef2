"""A URL that fails, for the tests of error reports (tests/test_error_reports.py)."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def fails(request):
    full_name = request.POST.get("full_name", "")  # what a report must not carry
    raise RuntimeError(f"a bug while handling a case ({len(full_name)} characters)")


urlpatterns = [path("fails/", fails)]
