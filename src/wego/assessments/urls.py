from django.urls import path

from wego.assessments import views, workbook_views

app_name = "assessments"

urlpatterns = [
    path("assessments/", views.mine, name="mine"),
    path("assessments/start/<int:city_id>/<int:cycle_id>/", views.start, name="start"),
    path("assessments/<int:pk>/", views.detail, name="detail"),
    path("assessments/<int:pk>/sections/<str:section_id>/", views.section, name="section"),
    path("assessments/<int:pk>/questions/<str:question_id>/", views.question, name="question"),
    path("assessments/<int:pk>/questions/<str:question_id>/confirm/", views.confirm, name="confirm"),
    path("assessments/<int:pk>/questions/<str:question_id>/evidence/", views.evidence, name="evidence"),
    path(
        "assessments/<int:pk>/questions/<str:question_id>/evidence/file/",
        views.evidence_download,
        name="evidence_file",
    ),
    path("assessments/<int:pk>/history/", views.history, name="history"),
    path("assessments/<int:pk>/workbook.xlsx", workbook_views.workbook_download, name="workbook"),
    path("assessments/<int:pk>/workbook/upload/", workbook_views.workbook_upload, name="workbook_upload"),
    path("assessments/<int:pk>/team/", views.team, name="team"),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("assessments/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("cycles/", views.cycles, name="cycles"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", views.cycle, name="cycle"),
    path("audit/", views.audit, name="audit"),
]
