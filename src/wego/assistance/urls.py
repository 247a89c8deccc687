from django.urls import path

from wego.assistance import views

app_name = "assistance"

urlpatterns = [
    path("assistance/", views.request_list, name="list"),
    path("assistance/new/", views.request_new, name="new"),
    path("assistance/egovframe/new/", views.egovframe_new, name="egovframe_new"),
    path("assistance/<int:pk>/", views.request_detail, name="detail"),
    path("assistance/<int:pk>/transition/", views.request_transition, name="transition"),
    path("assistance/<int:pk>/messages/", views.message_post, name="message"),
    path(
        "assistance/<int:pk>/messages/<int:message_id>/attachment/",
        views.attachment,
        name="attachment",
    ),
]
