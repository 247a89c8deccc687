"""What the permission matrices need of feasibility studies: a call open for letters, with a
letter of city A (by its coordinator) and the judge persona on the selection committee."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wego.learning.models import CommitteeMember, FeasibilityCall, FeasibilityStatus, LetterOfIntent

MATRIX_YEAR = 2099
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "letter.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def feasibility_world(city_a, users: dict) -> dict:
    call = FeasibilityCall.objects.filter(year=MATRIX_YEAR).first()
    if call is None:
        call = FeasibilityCall.objects.create(
            year=MATRIX_YEAR,
            theme="Open data (test)",
            deadline=timezone.now() + dt.timedelta(days=30),
            places=1,
            status=FeasibilityStatus.OPEN,
        )
        CommitteeMember.objects.create(call=call, user=users["judge"], name="Judge")
        LetterOfIntent.objects.create(
            call=call,
            city=city_a,
            submitted_by=users["coordinator_a"],
            summary="A study of open data (test).",
            letter=pdf_upload(),
            submitted_at=timezone.now(),
        )
    letter = call.letters.get()
    return {"feasibility_year": call.year, "feasibility_letter": letter.pk}
