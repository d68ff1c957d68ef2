"""Placeholder: being written."""

from django.http import Http404


def region_index(request, *args, **kwargs):
    raise Http404


def region_dashboard(request, *args, **kwargs):
    raise Http404
