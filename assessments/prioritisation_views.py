"""Placeholder: the prioritisation list and the needs planner are being written."""

from django.http import Http404


def prioritisation(request):
    raise Http404


def need_list(request):
    raise Http404


def need_status(request, pk):
    raise Http404
