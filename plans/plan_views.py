"""Placeholder: being written."""

from django.http import Http404


def plan_list(request, *args, **kwargs):
    raise Http404


def plan_detail(request, *args, **kwargs):
    raise Http404


def plan_export(request, *args, **kwargs):
    raise Http404


def plan_status(request, *args, **kwargs):
    raise Http404


def indicator_value_create(request, *args, **kwargs):
    raise Http404
