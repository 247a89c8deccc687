from django.urls import path

from wego.members import views

app_name = "members"

urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/statistics/", views.statistics, name="statistics"),
    path("members/apply/", views.apply, name="apply"),
    path("members/mine/", views.mine, name="mine"),
    path("members/applications/", views.applications, name="applications"),
    path("members/applications/<int:pk>/", views.application, name="application"),
    path("members/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("members/applications/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("members/fees/", views.fees, name="fees"),
    path("members/invoices/", views.invoices, name="invoices"),
    path("members/invoices/<int:pk>/", views.invoice, name="invoice"),
    path("members/invoices/<int:pk>/payments/", views.payment, name="payment"),
    path("members/invoices/<int:pk>/invoice.pdf", views.invoice_download, name="invoice_pdf"),
    path("members/cities/<slug:slug>/", views.member, name="member"),
    path("members/cities/<slug:slug>/record/", views.record, name="record"),
]
