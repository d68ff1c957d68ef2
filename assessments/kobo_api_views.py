"""Placeholder: being written."""

from django.http import Http404


def kobo_forms(request, *args, **kwargs):
    raise Http404


def kobo_fetch(request, *args, **kwargs):
    raise Http404


def kobo_progress(request, *args, **kwargs):
    raise Http404
