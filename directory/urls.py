"""Public pages for migrants, under the language prefix: the directory, a facility, help."""

from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("directory/", views.directory, name="list"),
    path("directory/map.json", views.directory_map, name="map_data"),
    path("directory/<slug:slug>/", views.facility, name="facility"),
    path("help/", views.help_page, name="help"),
]
