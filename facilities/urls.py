from django.urls import path

from . import views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="list"),
    path("map/", views.facility_map, name="map"),
    path("map/data.geojson", views.facility_geojson, name="geojson"),
    path("new/", views.facility_create, name="create"),
    path("provinces/", views.province_options, name="province_options"),
    path("<int:pk>/", views.facility_detail, name="detail"),
    path("<int:pk>/edit/", views.facility_edit, name="edit"),
]
