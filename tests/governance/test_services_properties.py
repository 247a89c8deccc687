"""Meeting documents are checked by name, size and bytes; a refused one leaves no file and no row."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wego.common.models import AuditEvent
from wego.governance.models import MeetingDocument
from wego.governance.services import DOCUMENT_SIGNATURES, document_check, document_upload

fast = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXTENSIONS = sorted(DOCUMENT_SIGNATURES)
heads = st.sampled_from(
    [b"", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"MZ"]
)


def _media():
    root = django_settings.MEDIA_ROOT
    return sorted(str(p) for p in root.rglob("*")) if root.exists() else []


@fast
@given(head=heads, rest=st.binary(max_size=40), extension=st.sampled_from([*EXTENSIONS, ".exe", ".html", ""]))
def test_document_check_accepts_only_bytes_that_match_the_name(head, rest, extension):
    data = head + rest
    error = None
    try:
        content_type = document_check(SimpleUploadedFile(f"papers{extension}", data))
    except ValidationError as exc:
        error = exc
    if error is not None:
        assert len(error.messages) == 1
        assert error.messages[0]
        return
    expected_type, signatures = DOCUMENT_SIGNATURES[extension]
    assert any(data.startswith(signature) for signature in signatures)
    assert content_type == (expected_type or content_type)


@pytest.mark.django_db
@fast
@given(
    data=st.binary(max_size=60),
    name=st.sampled_from(["papers.pdf", "papers.docx", "papers.png", "papers.exe"]),
)
def test_a_refused_document_leaves_no_file_no_row_and_no_audit_event(gov, data, name):
    before = (MeetingDocument.objects.count(), AuditEvent.objects.count(), _media())
    try:
        document_upload(
            meeting=gov.assembly, title="Papers", upload=SimpleUploadedFile(name, data), actor=gov.secretariat
        )
    except ValidationError:
        assert (MeetingDocument.objects.count(), AuditEvent.objects.count(), _media()) == before
    else:
        assert MeetingDocument.objects.count() == before[0] + 1
