from django.urls import path

from . import framework_views, prioritisation_views, views, weights_views

app_name = "assessments"

urlpatterns = [
    # Entry and review of one assessment (views.py).
    path("facilities/<int:facility_pk>/assessments/new/", views.assessment_start, name="start"),
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path(
        "assessments/<int:pk>/answers/<str:dimension>/",
        views.assessment_answers,
        name="answers",
    ),
    path("assessments/<int:pk>/photos/<int:answer_pk>/", views.answer_photo, name="answer_photo"),
    path("assessments/<int:pk>/needs/", views.assessment_needs, name="needs"),
    path(
        "assessments/<int:pk>/needs/<int:need_pk>/delete/",
        views.assessment_need_delete,
        name="need_delete",
    ),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="submit"),
    path("assessments/<int:pk>/validate/", views.assessment_validate, name="validate"),
    path("assessments/<int:pk>/return/", views.assessment_return, name="return"),
    path("needs/<int:pk>/history/", views.need_history, name="need_history"),
    # Prioritisation list, needs and budget planner (prioritisation_views.py).
    path("prioritisation/", prioritisation_views.prioritisation, name="prioritisation"),
    path("prioritisation/weights/", weights_views.priority_weights, name="priority_weights"),
    # The assessment framework, readable as a page besides its PDF (framework_views.py).
    path("framework/", framework_views.framework, name="framework"),
    path("needs/", prioritisation_views.need_list, name="need_list"),
    path("needs/<int:pk>/status/", prioritisation_views.need_status, name="need_status"),
]
