from django.urls import path

from wego.awards import views

app_name = "awards"

urlpatterns = [
    path("awards/", views.index, name="index"),
    path("awards/winners/", views.winners, name="winners"),
    path("awards/editions/<int:number>/", views.edition, name="edition"),
    path("awards/editions/<int:number>/apply/", views.apply, name="apply"),
    path(
        "awards/editions/<int:number>/winners/<int:winner_id>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path("awards/recommend/<str:token>/", views.recommend, name="recommend"),
    # Applicants
    path("awards/applications/", views.mine, name="mine"),
    path("awards/applications/<int:pk>/", views.application, name="application"),
    path("awards/applications/<int:pk>/step/<int:step>/", views.step, name="step"),
    path("awards/applications/<int:pk>/recommender/", views.recommender, name="recommender"),
    path("awards/applications/<int:pk>/attachments/", views.attachments, name="attachments"),
    path(
        "awards/applications/<int:pk>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("awards/applications/<int:pk>/submit/", views.submit, name="submit"),
    path("awards/applications/<int:pk>/recommendation.pdf", views.letter_download, name="letter"),
    path("awards/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    # The secretariat
    path("awards/editions/<int:number>/manage/", views.manage, name="manage"),
    path("awards/applications/<int:pk>/waive/", views.waive, name="waive"),
    path("awards/editions/<int:number>/judges/", views.judges, name="judges"),
    path("awards/editions/<int:number>/nominate/", views.nominate, name="nominate"),
    path("awards/editions/<int:number>/conflicts/", views.conflicts, name="conflicts"),
    path("awards/editions/<int:number>/progress/", views.progress, name="progress"),
    path("awards/editions/<int:number>/results/", views.results, name="results"),
    path("awards/editions/<int:number>/results/<slug:slug>/pack.pdf", views.results_pack, name="pack"),
    # Judges
    path("awards/judging/", views.judging, name="judging"),
    path("awards/judging/<int:pk>/", views.scorecard, name="scorecard"),
    path("awards/judging/<int:pk>/conflict/", views.declare, name="declare"),
]
