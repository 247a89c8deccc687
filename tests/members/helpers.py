"""Small builders for membership tests: a generated PDF letter and a submitted application."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from wego.members.services import ContactInput, membership_apply


def pdf_bytes(text: str = "Letter of the mayor") -> bytes:
    """A minimal, valid one-page PDF made here (no external file)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def letter(name: str = "letter.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


MAYOR = ContactInput(role="mayor", name="Mayor Demo", email="mayor@example.org")


def apply(city, applicant, **overrides):
    arguments = {
        "applicant": applicant,
        "city": city,
        "mayor_name": "Mayor Demo",
        "letter": letter(),
        "contacts": [MAYOR],
    }
    arguments.update(overrides)
    return membership_apply(**arguments)
