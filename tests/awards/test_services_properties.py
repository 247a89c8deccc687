"""Award uploads are checked by their bytes: any content is accepted as what it is, or refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from wego.awards.services import SIGNATURES, ZIP_OFFICE, upload_check

fast = settings(max_examples=50, deadline=None)
heads = st.sampled_from(
    [b"", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"RIFF", ZIP_OFFICE, b"MZ"]
)


@fast
@given(
    head=heads,
    rest=st.binary(max_size=100),
    name=st.sampled_from(["a.pdf", "a.png", "a", "a.exe", "a b.PDF"]),
)
def test_upload_check_names_the_content_type_the_bytes_have_or_refuses(head, rest, name):
    data = head + rest
    error = None
    try:
        content_type = upload_check(SimpleUploadedFile(name, data))
    except ValidationError as exc:
        error = exc
    if error is not None:
        assert len(error.messages) == 1
        assert error.messages[0].startswith(name)
        return
    expected = [kind for signature, kind in SIGNATURES if data.startswith(signature)]
    if expected:
        assert content_type == expected[0]
    elif data.startswith(b"RIFF"):
        assert content_type == "image/webp"
        assert data[8:12] == b"WEBP"
    else:
        assert data.startswith(ZIP_OFFICE)
        assert content_type.startswith("application/vnd.")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "empty.pdf is empty."),
        (
            "page.pdf",
            b"<html>%PDF-",
            "page.pdf: the file's content is not a PDF, an image (PNG, JPEG, GIF, WebP) or a Word, PowerPoint or OpenDocument text.",
        ),
        (
            "sheet.docx",
            ZIP_OFFICE + b"xl/workbook.xml",
            "sheet.docx: the file's content is not a PDF, an image (PNG, JPEG, GIF, WebP) or a Word, PowerPoint or OpenDocument text.",
        ),
        (
            "riff.webp",
            b"RIFF\x00\x00\x00\x00WAVE",
            "riff.webp: the file's content is not a PDF, an image (PNG, JPEG, GIF, WebP) or a Word, PowerPoint or OpenDocument text.",
        ),
    ],
    ids=["empty", "html", "spreadsheet-as-word", "wave-as-webp"],
)
def test_upload_check_refuses_by_content_with_the_file_name(name, data, message):
    with pytest.raises(ValidationError) as caught:
        upload_check(SimpleUploadedFile(name, data))
    assert caught.value.messages == [message]
