"""The staff search and the staff guide, under the language prefix (`/fr/search/`,
`/fr/help/staff/`; the public help page is `/fr/help/`)."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="results"),
    path("help/staff/", views.staff_guide, name="staff_guide"),
]
