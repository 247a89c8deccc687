from django.urls import path

from wego.solutions import views

app_name = "solutions"

urlpatterns = [
    path("modules/", views.modules, name="modules"),
    path("modules/<slug:module_id>/", views.module, name="module"),
]
