"""Placeholder: being written."""

from django.http import Http404


def xlsform(request, *args, **kwargs):
    raise Http404
