"""PDFs of the awards: the results pack of a category and the winners' certificates.

Rendered with WeasyPrint like the diagnostic report (wego.analysis.report): the bundled
fonts are read from the package's static folder, never from the system or the network.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from wego.awards.models import Category, Edition, Winner

STATIC_DIR = settings.BASE_DIR / "static"
STYLES = settings.BASE_DIR / "awards" / "static" / "awards" / "pdf.css"


def _fetcher():
    """Reads files of the package's static folder only: no network, no other file."""
    from weasyprint.urls import URLFetcher

    allowed = STATIC_DIR.as_uri() + "/"

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(allowed):
                raise ValueError(f"the awards documents may only use the package's static files, not {url}")
            return super().fetch(url, headers)

    return StaticOnly(allowed_protocols={"file"}, fail_on_errors=True)


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    context = {**context, "styles": STYLES.read_text(encoding="utf-8"), "today": timezone.localdate()}
    html = render_to_string(template, context)
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()


def results_pack_pdf(edition: Edition, category: Category, *, method: str) -> bytes | None:
    """Criteria breakdown, raw and calibrated scores, judges, exclusions and the tie-break trace."""
    from wego.awards.results import edition_results

    computed = edition_results(edition, method=method)
    block = next((b for b in computed.categories if b.category.pk == category.pk), None)
    if block is None:
        return None
    return render_pdf(
        "awards/pdf/results_pack.html", {"edition": edition, "block": block, "round": computed.round}
    )


def certificate_pdf(winner: Winner) -> bytes:
    return render_pdf("awards/pdf/certificate.html", {"winner": winner, "edition": winner.edition})
