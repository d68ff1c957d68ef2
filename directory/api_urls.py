"""Open data of the public directory, outside the language prefix: HSDS JSON and spreadsheets."""

from django.urls import path

from . import api

app_name = "directory_api"

urlpatterns = [
    path("hsds/", api.hsds, name="hsds"),
    path("export.<str:file_format>", api.export, name="export"),
]
