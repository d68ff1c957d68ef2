"""Placeholder: being written."""

from django.http import Http404


def import_upload(request, *args, **kwargs):
    raise Http404


def import_preview(request, *args, **kwargs):
    raise Http404
