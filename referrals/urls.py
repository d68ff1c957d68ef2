from django.urls import path

from . import case_views, pathway_views, views

app_name = "referrals"

urlpatterns = [
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/map/data.geojson", views.actor_geojson, name="actor_geojson"),
    path("actors/coverage/", views.coverage, name="coverage"),
    path("actors/<int:pk>/", views.actor_detail, name="actor_detail"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("pathways/", pathway_views.pathways, name="pathways"),
    path(
        "pathways/<int:region>/<slug:category>/edit/",
        pathway_views.pathway_edit,
        name="pathway_edit",
    ),
    path("cases/", case_views.case_list, name="case_list"),
    path("cases/new/", case_views.case_create, name="case_create"),
    path("cases/export.xlsx", case_views.case_export, name="case_export"),
    path("cases/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("cases/<int:pk>/referrals/new/", case_views.referral_create, name="referral_create"),
    path("cases/<int:pk>/follow-ups/new/", case_views.follow_up_create, name="follow_up_create"),
    path("referrals/", case_views.referral_list, name="referral_list"),
    path("referrals/dashboard/", case_views.dashboard, name="dashboard"),
    path("referrals/<int:pk>/", case_views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/deliveries/", case_views.referral_delivery, name="referral_delivery"),
    path("referrals/<int:pk>/status/", case_views.referral_status, name="referral_status"),
    path("referrals/<int:pk>/notes/", case_views.referral_note, name="referral_note"),
]
