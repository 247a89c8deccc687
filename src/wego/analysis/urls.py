from django.urls import path

from wego.analysis import views

app_name = "analysis"

urlpatterns = [
    path("assessments/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("assessments/<int:pk>/targets/", views.targets, name="targets"),
]
