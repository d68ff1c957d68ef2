"""Placeholder: being written."""

from django.http import Http404


def plan_pdf(request, *args, **kwargs):
    raise Http404


def pilot_pdf(request, *args, **kwargs):
    raise Http404
