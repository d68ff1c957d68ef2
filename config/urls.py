"""Addresses of Manara: the admin, and every page under a language prefix (/fr/, /ar/, /en/)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accounts.oidc import SingleSignOnCallbackView, SingleSignOnStartView
from activity.views import system_activity
from config.views import healthz, home, readyz
from directory.sitemaps import robots_txt, sitemap

admin.site.site_header = "Manara"
admin.site.site_title = "Manara"

urlpatterns = [
    path("admin/activity/", admin.site.admin_view(system_activity), name="system_activity"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/directory/", include("directory.api_urls")),
    path("api/hsds/", include("directory.hsds_urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Where IOM's identity provider sends a person back: one address for every language, as it is
    # registered at the provider (README "Single sign-on (IOM staff)").
    path("oidc/callback/", SingleSignOnCallbackView.as_view(), name="oidc_authentication_callback"),
]
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("accounts/sso/", SingleSignOnStartView.as_view(), name="oidc_authentication_init"),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("facilities/", include("facilities.urls")),
    path("", include("assessments.urls")),
    path("", include("kobo.urls")),
    path("", include("referrals.urls")),
    path("guides/", include("guides.urls")),
    path("", include("plans.urls")),
    path("", include("search.urls")),
    path("", include("directory.urls")),
)
