from django.urls import path

from . import dashboard_views, edit_views, pdf_views, plan_views, project_views, support_views

app_name = "plans"

urlpatterns = [
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>.pdf", pdf_views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>.xlsx", plan_views.plan_export, name="plan_export"),
    path("plans/<int:pk>/status/", plan_views.plan_status, name="plan_status"),
    path("plans/new/", edit_views.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", edit_views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/actions/new/", edit_views.action_create, name="action_create"),
    path("plans/<int:pk>/pilots/new/", edit_views.pilot_create, name="pilot_create"),
    path(
        "plans/<int:pk>/indicators/new/",
        edit_views.plan_indicator_create,
        name="plan_indicator_create",
    ),
    path("actions/<int:pk>/edit/", edit_views.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", edit_views.action_status, name="action_status"),
    path("actions/<int:pk>/comments/", edit_views.comment_create, name="comment_create"),
    path("pilots/<int:pk>/edit/", edit_views.pilot_edit, name="pilot_edit"),
    path(
        "pilots/<int:pk>/indicators/new/",
        edit_views.pilot_indicator_create,
        name="pilot_indicator_create",
    ),
    path(
        "results/<int:pk>/indicators/new/",
        edit_views.result_indicator_create,
        name="result_indicator_create",
    ),
    path("indicators/<int:pk>/edit/", edit_views.indicator_edit, name="indicator_edit"),
    path("projects/new/", edit_views.project_create, name="project_create"),
    path("projects/<int:pk>/edit/", edit_views.project_edit, name="project_edit"),
    path("projects/<int:pk>/status/", edit_views.project_status, name="project_status"),
    path(
        "indicators/<int:pk>/values/new/",
        plan_views.indicator_value_create,
        name="indicator_value_create",
    ),
    path("pilots/<int:pk>.pdf", pdf_views.pilot_pdf, name="pilot_pdf"),
    path("projects/", project_views.project_list, name="project_list"),
    path("projects/export.xlsx", project_views.project_export, name="project_export"),
    path("projects/<int:pk>/", project_views.project_detail, name="project_detail"),
    path("projects/<int:pk>/fundings/new/", project_views.funding_create, name="funding_create"),
    path("dashboard/region/", dashboard_views.region_index, name="region_index"),
    path("dashboard/region/<str:code>/", dashboard_views.region_dashboard, name="region_dashboard"),
    path("support/", support_views.support_list, name="support_list"),
    path("support/new/", support_views.support_create, name="support_create"),
    path("support/<int:pk>/", support_views.support_detail, name="support_detail"),
    path("support/<int:pk>/attendance/", support_views.attendance_sheet, name="attendance_sheet"),
    path("organisations/<int:pk>/", support_views.organisation_detail, name="organisation_detail"),
]
