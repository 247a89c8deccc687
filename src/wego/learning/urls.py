from django.urls import path

from wego.learning import feasibility_views as fv
from wego.learning import views

app_name = "learning"

urlpatterns = [
    path("learning/", views.overview, name="overview"),
    path("learning/mine/", views.mine, name="mine"),
    path("learning/time-zone/", views.time_zone, name="time_zone"),
    path("programmes/new/", views.programme_new, name="programme_new"),
    path("programmes/<slug:slug>/", views.programme, name="programme"),
    path("programmes/<slug:slug>/apply/", views.programme_apply_view, name="programme_apply"),
    path("programmes/<slug:slug>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<slug:slug>/manage/", views.programme_manage, name="programme_manage"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw_view, name="application_withdraw"),
    path(
        "applications/<int:pk>/certificate.pdf", views.application_certificate, name="application_certificate"
    ),
    path("webinars/", views.webinars, name="webinars"),
    path("webinars/feed.ics", views.webinars_feed, name="webinars_feed"),
    path("webinars/new/", views.webinar_new, name="webinar_new"),
    path("webinars/<slug:slug>/", views.webinar, name="webinar"),
    path("webinars/<slug:slug>/event.ics", views.webinar_ics, name="webinar_ics"),
    path("webinars/<slug:slug>/register/", views.webinar_register_view, name="webinar_register"),
    path("webinars/<slug:slug>/edit/", views.webinar_edit, name="webinar_edit"),
    path("webinars/<slug:slug>/manage/", views.webinar_manage, name="webinar_manage"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel_view, name="registration_cancel"),
    path(
        "registrations/<int:pk>/certificate.pdf",
        views.registration_certificate,
        name="registration_certificate",
    ),
    path("egovframe/", views.egovframe, name="egovframe"),
    path("egovframe/sessions/new/", views.session_new, name="session_new"),
    path("egovframe/sessions/<int:pk>/", views.session_manage, name="session_manage"),
    path("egovframe/sessions/<int:pk>/enrol/", views.session_enrol, name="session_enrol"),
    path("egovframe/enrolments/<int:pk>/cancel/", views.enrolment_cancel_view, name="enrolment_cancel"),
    path("egovframe/<slug:course_id>/", views.course, name="course"),
    path("learning/feasibility/", fv.feasibility_list, name="feasibility"),
    path("learning/feasibility/new/", fv.call_new, name="feasibility_new"),
    path("learning/feasibility/<int:year>/", fv.call_detail, name="feasibility_call"),
    path("learning/feasibility/<int:year>/letter/", fv.letter_new, name="feasibility_letter_new"),
    path("learning/feasibility/<int:year>/committee/", fv.committee, name="feasibility_committee"),
    path("learning/feasibility/<int:year>/manage/", fv.manage, name="feasibility_manage"),
    path("learning/feasibility/letters/<int:pk>/letter.pdf", fv.letter_file, name="feasibility_letter_file"),
    path("learning/feasibility/letters/<int:pk>/score/", fv.letter_score, name="feasibility_score"),
    path("learning/feasibility/letters/<int:pk>/report.pdf", fv.report_file, name="feasibility_report"),
]
