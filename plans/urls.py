from django.urls import path

from . import dashboard_views, pdf_views, plan_views, project_views, support_views

app_name = "plans"

urlpatterns = [
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>.pdf", pdf_views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>.xlsx", plan_views.plan_export, name="plan_export"),
    path("plans/<int:pk>/status/", plan_views.plan_status, name="plan_status"),
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
