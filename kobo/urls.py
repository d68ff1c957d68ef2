"""KoboToolbox: the XLSForm out, submissions in (from an uploaded export or the Kobo API)."""

from django.urls import path

from . import api_views, discard_views, import_views, xlsform_views

app_name = "kobo"

urlpatterns = [
    path("frameworks/<int:pk>/xlsform.xlsx", xlsform_views.xlsform, name="xlsform"),
    path("assessments/import/", import_views.import_upload, name="kobo_import"),
    path("assessments/import/<int:pk>/", import_views.import_preview, name="kobo_preview"),
    path("assessments/import/<int:pk>/discard/", discard_views.import_discard, name="kobo_discard"),
    path("assessments/import/<int:pk>/progress/", api_views.kobo_progress, name="kobo_progress"),
    path("assessments/kobo/", api_views.kobo_forms, name="kobo_forms"),
    path("assessments/kobo/<int:pk>/fetch/", api_views.kobo_fetch, name="kobo_fetch"),
]
