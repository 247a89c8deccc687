from django.urls import path

from wego.analysis import overview_views, report_views, sharing_views, views

app_name = "analysis"

urlpatterns = [
    path("assessments/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("assessments/<int:pk>/targets/", views.targets, name="targets"),
    path("assessments/<int:pk>/report/", report_views.report, name="report"),
    path("assessments/<int:pk>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("overview/", overview_views.overview, name="overview"),
    path("overview/export.csv", overview_views.export_csv, name="overview_csv"),
    path("overview/export.xlsx", overview_views.export_xlsx, name="overview_xlsx"),
    path("cities/<int:city_id>/benchmarking/", sharing_views.benchmarking, name="benchmarking"),
]
