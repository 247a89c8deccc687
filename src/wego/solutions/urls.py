from django.urls import path

from wego.solutions import views

app_name = "solutions"

urlpatterns = [
    path("modules/", views.modules, name="modules"),
    path("modules/<slug:module_id>/", views.module, name="module"),
    path("cities/<int:city_id>/plan/", views.plan, name="plan"),
    path("cities/<int:city_id>/plan/change/", views.plan_change, name="plan_change"),
    path("cities/<int:city_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("cities/<int:city_id>/plan.xlsx", views.plan_xlsx, name="plan_xlsx"),
]
