"""Addresses of Manara: the admin, and every page under a language prefix (/fr/, /ar/, /en/)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.views import healthz
from facilities.views import home

admin.site.site_header = "Manara"
admin.site.site_title = "Manara"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("facilities/", include("facilities.urls")),
    path("", include("assessments.urls")),
    path("", include("referrals.urls")),
    path("guides/", include("guides.urls")),
)
