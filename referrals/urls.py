from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/map/data.geojson", views.actor_geojson, name="actor_geojson"),
    path("actors/coverage/", views.coverage, name="coverage"),
    path("actors/<int:pk>/", views.actor_detail, name="actor_detail"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("pathways/", views.pathways, name="pathways"),
]
