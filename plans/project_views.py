"""Placeholder: being written."""

from django.http import Http404


def project_list(request, *args, **kwargs):
    raise Http404


def project_export(request, *args, **kwargs):
    raise Http404


def project_detail(request, *args, **kwargs):
    raise Http404


def funding_create(request, *args, **kwargs):
    raise Http404
