from django.urls import path

from . import views

app_name = "guides"

urlpatterns = [
    path("facility/<int:pk>.pdf", views.facility_guide, name="facility"),
    path("framework/<int:pk>.pdf", views.framework_guide, name="framework"),
    path("sheet/<int:pk>.pdf", views.information_sheet, name="sheet"),
    path("region/<str:code>/priorities.pdf", views.region_priorities, name="region_priorities"),
    path("region/<str:code>/actors.pdf", views.region_actors, name="region_actors"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/download.zip", views.batch_download, name="batch_download"),
]
