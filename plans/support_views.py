"""Placeholder: being written."""

from django.http import Http404


def support_list(request, *args, **kwargs):
    raise Http404


def support_create(request, *args, **kwargs):
    raise Http404


def support_detail(request, *args, **kwargs):
    raise Http404


def attendance_sheet(request, *args, **kwargs):
    raise Http404


def organisation_detail(request, *args, **kwargs):
    raise Http404
