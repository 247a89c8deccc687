"""Certificates of completion (programmes) and of attendance (webinars) as one-page PDFs.

Rendered with WeasyPrint from learning/certificate.html, with the bundled fonts and the
package's static folder only (the same fetcher as the diagnostic report): no network.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from wego.analysis.report import STATIC_DIR, _fetcher
from wego.learning.models import ProgrammeApplication, WebinarRegistration


def _render(context: dict, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("learning/certificate.html", context)
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()


def completion_certificate(application: ProgrammeApplication, language: str = "en") -> tuple[str, bytes]:
    """(file name, PDF) for a selected participant who completed the programme."""
    programme = application.programme
    context = {
        "kind": "completion",
        "name": application.official_name,
        "position": application.official_position,
        "city": application.city.name,
        "event": programme.title,
        "organiser": programme.organiser,
        "place": programme.location,
        "dates": (programme.starts_on, programme.ends_on),
        "number": application.certificate_number,
        "is_demo": programme.is_demo or application.is_demo,
    }
    name = f"wego-certificate-{slugify(programme.slug)}-{slugify(application.official_name)}.pdf"
    return name, _render(context, language)


def attendance_certificate(registration: WebinarRegistration, language: str = "en") -> tuple[str, bytes]:
    """(file name, PDF) for a person recorded as attending a webinar."""
    webinar = registration.webinar
    person = registration.person
    context = {
        "kind": "attendance",
        "name": person.full_name or person.email,
        "position": "",
        "city": registration.city.name if registration.city else person.organisation,
        "event": webinar.title,
        "organiser": webinar.series,
        "place": "",
        "moment": webinar.starts_at,
        "duration": webinar.duration_minutes,
        "number": registration.certificate_number,
        "is_demo": webinar.is_demo or registration.is_demo,
    }
    name = f"wego-attendance-{slugify(webinar.slug)}-{slugify(person.full_name or person.email)}.pdf"
    return name, _render(context, language)
