"""Placeholder: assessment entry views are being written."""

from django.http import Http404


def assessment_start(request, facility_pk):
    raise Http404


def assessment_list(request):
    raise Http404


def assessment_detail(request, pk):
    raise Http404


def assessment_answers(request, pk, dimension):
    raise Http404


def assessment_needs(request, pk):
    raise Http404


def assessment_need_delete(request, pk, need_pk):
    raise Http404


def assessment_submit(request, pk):
    raise Http404


def assessment_validate(request, pk):
    raise Http404


def assessment_return(request, pk):
    raise Http404
