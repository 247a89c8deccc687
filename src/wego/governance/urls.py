from django.urls import path

from wego.governance import views

app_name = "governance"

urlpatterns = [
    path("governance/", views.overview, name="overview"),
    path("governance/meetings/new/", views.meeting_new, name="meeting_new"),
    path("governance/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("governance/meetings/<int:pk>/manage/", views.meeting_manage, name="meeting_manage"),
    path("governance/meetings/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("governance/documents/<int:pk>/", views.document_download, name="document"),
    path("governance/meetings/<int:pk>/memberships/", views.memberships, name="memberships"),
    path("governance/meetings/<int:pk>/delegates/<int:city_id>/", views.delegate, name="delegate"),
    path("governance/meetings/<int:pk>/votes/new/", views.vote_new, name="vote_new"),
    path("governance/votes/<int:pk>/", views.vote_detail, name="vote"),
    path("governance/votes/<int:pk>/manage/", views.vote_manage, name="vote_manage"),
    path("governance/votes/<int:pk>/ballot/<int:city_id>/", views.ballot, name="ballot"),
    path("governance/terms/", views.terms, name="terms"),
    path("governance/terms/<int:pk>/", views.term_action, name="term_action"),
]
