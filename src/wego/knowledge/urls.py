from django.urls import path

from wego.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("practices/", views.practices, name="practices"),
    path("practices/<slug:slug>/", views.practice, name="practice"),
    path("partners/", views.partners, name="partners"),
    path("assessments/<int:pk>/gaps/<str:indicator_id>/", views.gap, name="gap"),
]
