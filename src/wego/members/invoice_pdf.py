"""An invoice as a PDF (WeasyPrint, like the diagnostic report: bundled fonts, no network)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from wego.members.models import Invoice
from wego.members.selectors import invoices_with_balance, office_of


def invoice_context(invoice: Invoice) -> dict:
    annotated = (
        invoices_with_balance(Invoice.objects.filter(pk=invoice.pk)).select_related("city__country").get()
    )
    return {
        "invoice": annotated,
        "payments": list(invoice.payments.order_by("paid_on", "id")),
        "office": office_of(annotated.city),
    }


def invoice_pdf(invoice: Invoice, language: str = "en") -> bytes:
    from weasyprint import HTML

    from wego.analysis.report import STATIC_DIR, _fetcher

    with translation.override(language):
        html = render_to_string("members/invoice_pdf.html", invoice_context(invoice))
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()
