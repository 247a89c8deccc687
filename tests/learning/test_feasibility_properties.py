"""Letters of intent and final reports must be PDFs by name and by bytes; anything else is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from wego.learning.feasibility import FeasibilityRefused, _check_pdf

fast = settings(max_examples=50, deadline=None)


@fast
@given(
    head=st.sampled_from([b"", b"%PDF-", b"%PDF", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04"]),
    rest=st.binary(max_size=60),
    name=st.sampled_from(["letter.pdf", "LETTER.PDF", "letter.pdf.exe", "letter", ""]),
)
def test_check_pdf_accepts_a_pdf_name_with_pdf_bytes_and_refuses_the_rest_on_the_file_field(head, rest, name):
    data = head + rest
    error = None
    try:
        _check_pdf(SimpleUploadedFile(name or "x", data) if name else _nameless(data), "letter of intent")
    except FeasibilityRefused as exc:
        error = exc
    if error is not None:
        assert error.field == "file"
        assert error.message
        return
    assert name.lower().endswith(".pdf")
    assert data.startswith(b"%PDF-")


def _nameless(data: bytes) -> SimpleUploadedFile:
    upload = SimpleUploadedFile("x", data)
    upload.name = None
    return upload


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Attach the final report as a PDF file."),
        (SimpleUploadedFile("report.pdf", b""), "The final report file is empty."),
        (
            SimpleUploadedFile("report.docx", b"%PDF-1.7"),
            "The final report 'report.docx' must be a PDF file.",
        ),
        (
            SimpleUploadedFile("report.pdf", b"PK\x03\x04"),
            "final report: The file's content is not a PDF file.",
        ),
    ],
    ids=["missing", "empty", "word-name", "zip-bytes"],
)
def test_check_pdf_says_what_is_wrong(upload, message):
    with pytest.raises(FeasibilityRefused) as caught:
        _check_pdf(upload, "final report")
    assert (caught.value.message, caught.value.field) == (message, "file")
