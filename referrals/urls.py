from django.urls import path

from . import case_views, map_views, network_views, pathway_views, views

app_name = "referrals"

urlpatterns = [
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/map/data.geojson", map_views.actor_geojson, name="actor_geojson"),
    path("actors/coverage/", views.coverage, name="coverage"),
    path("actors/<int:pk>/", views.actor_detail, name="actor_detail"),
    path("actors/new/", network_views.actor_create, name="actor_create"),
    path("actors/<int:pk>/edit/", network_views.actor_edit, name="actor_edit"),
    path("actors/<int:pk>/services/new/", network_views.service_create, name="service_create"),
    path("actors/services/<int:pk>/edit/", network_views.service_edit, name="service_edit"),
    path("actors/<int:pk>/swot/new/", network_views.swot_create, name="swot_create"),
    path("actors/swot/<int:pk>/edit/", network_views.swot_edit, name="swot_edit"),
    path("actors/swot/<int:pk>/delete/", network_views.swot_delete, name="swot_delete"),
    path("actors/<int:pk>/propose/", network_views.proposal_create, name="proposal_create"),
    path("actors/proposals/", network_views.proposal_list, name="proposal_list"),
    path("actors/proposals/<int:pk>/", network_views.proposal_review, name="proposal_review"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("roadmap/new/", network_views.recommendation_create, name="recommendation_create"),
    path("roadmap/<int:pk>/edit/", network_views.recommendation_edit, name="recommendation_edit"),
    path(
        "roadmap/<int:pk>/status/",
        network_views.recommendation_status,
        name="recommendation_status",
    ),
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
    path("referrals/new/", network_views.refer_to_service, name="refer_to_service"),
    path("referrals/dashboard/", case_views.dashboard, name="dashboard"),
    path("referrals/<int:pk>/", case_views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/deliveries/", case_views.referral_delivery, name="referral_delivery"),
    path("referrals/<int:pk>/status/", case_views.referral_status, name="referral_status"),
    path("referrals/<int:pk>/notes/", case_views.referral_note, name="referral_note"),
]
