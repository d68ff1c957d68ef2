from django.urls import path

from . import views

app_name = "guides"

urlpatterns = [
    path("facility/<int:pk>.pdf", views.facility_guide, name="facility"),
    path("framework/<int:pk>.pdf", views.framework_guide, name="framework"),
    path("sheet/<int:pk>.pdf", views.information_sheet, name="sheet"),
    path("region/<str:code>/priorities.pdf", views.region_priorities, name="region_priorities"),
    path("region/<str:code>/actors.pdf", views.region_actors, name="region_actors"),
]
