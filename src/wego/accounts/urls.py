from django.urls import path

from wego.accounts import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("invitation/<str:token>/", views.invitation, name="invitation_accept"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("invite/", views.invite, name="invite"),
    path("", views.account, name="account"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("inbox/", views.inbox, name="inbox"),
    path("language/", views.choose_language, name="choose_language"),
]
