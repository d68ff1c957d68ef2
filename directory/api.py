"""Open data views (placeholder, filled in by the HSDS work)."""

from django.http import Http404


def hsds(request):
    raise Http404


def export(request, file_format):
    raise Http404
