"""Member pages: the home page, the public directory and statistics, applications, fees, invoices.

Each view states its permission with @public or @requires (wego.common.permissions); every
write goes through wego.members.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wego.common.permissions import public, requires
from wego.members import selectors, services
from wego.members.forms import (
    ApplicationForm,
    CategoryForm,
    DecisionForm,
    FeeForm,
    IssueInvoicesForm,
    OfficeForm,
    PaymentForm,
)
from wego.members.models import (
    ApplicationStatus,
    City,
    ContactRole,
    Invoice,
    MemberCategory,
    MembershipApplication,
)
from wego.members.selectors import home_overview


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Public: anyone may see the member cities and who takes part in the current cycle."""
    return render(request, "members/home.html", home_overview())


def application_from_url(request: HttpRequest, pk: int, **_kwargs) -> MembershipApplication:
    return get_object_or_404(
        MembershipApplication.objects.select_related("city__country", "applicant"), pk=pk
    )


def invoice_from_url(request: HttpRequest, pk: int, **_kwargs) -> Invoice:
    return get_object_or_404(Invoice.objects.select_related("city__country"), pk=pk)


def member_from_url(request: HttpRequest, slug: str, **_kwargs) -> City:
    return get_object_or_404(
        City.objects.select_related("country").filter(member_category__in=selectors.PUBLIC_CATEGORIES),
        slug=slug,
    )


# --- Public -------------------------------------------------------------------------------------


@public
@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """Public: the members, filtered by region and category, on a map and in a table."""
    regions = selectors.member_regions()
    region = request.GET.get("region", "")
    category = request.GET.get("category", "")
    region = region if region in regions else ""
    category = category if category in selectors.PUBLIC_CATEGORIES else ""
    rows = selectors.member_directory(region=region, category=category)
    return render(
        request,
        "members/directory.html",
        {
            "rows": rows,
            "map": selectors.directory_map(rows) if rows else "",
            "regions": regions,
            "categories": [(str(c), MemberCategory(c).label) for c in selectors.PUBLIC_CATEGORIES],
            "region": region,
            "category": category,
        },
    )


@public
@require_safe
def member(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: one member's public facts (category, since when, region, regional office)."""
    city = member_from_url(request, slug)
    history = [p for p in selectors.membership_history(city) if p.category != MemberCategory.NON_MEMBER]
    can_see_record = request.user.has_perm("members.view_member_record", city)
    return render(
        request,
        "members/member.html",
        {
            "city": city,
            "office": selectors.office_of(city),
            "history": history,
            "can_see_record": can_see_record,
        },
    )


@public
@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    """Public: members over time by region, a chart with its table."""
    stats = selectors.membership_statistics()
    rows = [
        (year, [stats.counts[r][i] for r in stats.regions], stats.totals[i])
        for i, year in enumerate(stats.years)
    ]
    return render(
        request,
        "members/statistics.html",
        {"stats": stats, "chart": selectors.statistics_chart(stats), "rows": rows},
    )


# --- Applying -----------------------------------------------------------------------------------


@requires("members.apply")
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """A city applies for membership with the mayor's signed letter."""
    form = ApplicationForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.membership_apply(
                applicant=request.user,
                city=data["city"],
                new_city=form.new_city(),
                mayor_name=data["mayor_name"],
                motivation=data["motivation"],
                letter=data["letter"],
                contacts=form.contacts(),
            )
        except ValidationError as exc:
            form.add_error("letter" if exc.code == "letter" else None, exc)
        else:
            messages.success(
                request,
                _("%(city)s applied for membership and is now an Associate member.")
                % {"city": application.city},
            )
            return redirect("members:application", pk=application.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "members/apply.html", {"form": form}, status=status)


@requires("members.view_own_membership")
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """The person's own applications and the invoices of the cities they coordinate."""
    from wego.accounts.models import RoleKind
    from wego.accounts.rules import city_ids

    applications = list(
        MembershipApplication.objects.filter(applicant=request.user)
        .select_related("city")
        .order_by("-submitted_at")
    )
    coordinated = city_ids(request.user, RoleKind.COORDINATOR)
    invoices = list(
        selectors.invoices_with_balance(
            Invoice.objects.filter(city_id__in=coordinated).select_related("city")
        )
    )
    return render(request, "members/mine.html", {"applications": applications, "invoices": invoices})


@requires("members.view_application", load=application_from_url)
@require_safe
def application(request: HttpRequest, application: MembershipApplication, pk: int) -> HttpResponse:
    can_decide = request.user.has_perm("members.decide_application", application)
    form = None
    if can_decide and application.status == ApplicationStatus.SUBMITTED:
        from django.utils import timezone

        today = timezone.localdate()
        form = DecisionForm(
            initial={
                "approving_body": selectors.approving_body_on(today),
                "decided_on": today,
                "decision": "approve",
            }
        )
    return _render_application(request, application, form)


def _render_application(request, application, form, status=200):
    contacts = list(application.contacts.all())
    return render(
        request,
        "members/application.html",
        {
            "application": application,
            "contacts": contacts,
            "form": form,
            "expected_body": selectors.approving_body_on(application.submitted_at),
        },
        status=status,
    )


@requires("members.decide_application", load=application_from_url)
@require_POST
def decide(request: HttpRequest, application: MembershipApplication, pk: int) -> HttpResponse:
    """The secretariat records the approving body's decision taken at a meeting."""
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.membership_approve(
                    application=application,
                    approved_by=request.user,
                    approved_at_meeting=data["meeting"],
                    approving_body=data["approving_body"],
                    approved_on=data["decided_on"],
                )
                messages.success(request, _("%(city)s is now a Full member.") % {"city": application.city})
            else:
                services.membership_reject(
                    application=application, decided_by=request.user, note=data["note"]
                )
                messages.success(request, _("The decision is recorded."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("members:application", pk=application.pk)
    return _render_application(request, application, form, status=422)


@requires("members.view_application", load=application_from_url)
@require_safe
def letter(request: HttpRequest, application: MembershipApplication, pk: int) -> HttpResponse:
    """The mayor's letter, only to those who may see the application (never a public URL)."""
    if not application.letter:
        raise Http404(_("No letter."))
    try:
        with application.letter.open("rb") as handle:  # at most MAX_LETTER_BYTES
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404(_("The letter file is missing.")) from error
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="membership-letter-{application.city.slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Secretariat --------------------------------------------------------------------------------


@requires("members.review_applications")
@require_safe
def applications(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ApplicationStatus.SUBMITTED)
    status = status if status in ApplicationStatus.values else ""
    rows = list(selectors.applications_for(request.user, status=status))
    return render(
        request,
        "members/applications.html",
        {"rows": rows, "status": status, "statuses": ApplicationStatus.choices},
    )


@requires("members.manage_fees")
@require_http_methods(["GET", "POST"])
def fees(request: HttpRequest) -> HttpResponse:
    form = FeeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            fee = services.fee_set(
                year=data["year"],
                category=data["category"],
                amount=data["amount"],
                currency=data["currency"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Fee saved: %(fee)s.") % {"fee": fee})
            return redirect("members:fees")
    status = 422 if request.method == "POST" else 200
    return render(request, "members/fees.html", {"form": form, **selectors.fee_schedule()}, status=status)


@requires("members.view_invoices")
@require_http_methods(["GET", "POST"])
def invoices(request: HttpRequest) -> HttpResponse:
    form = IssueInvoicesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.invoices_issue_for_year(year=form.cleaned_data["year"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)d invoice issued.", "%(n)d invoices issued.", len(issued)) % {"n": len(issued)},
            )
            return redirect("members:invoices")
    year = request.GET.get("year", "")
    rows = list(selectors.invoices_for(request.user, year=int(year) if year.isdigit() else None))
    years = sorted(set(Invoice.objects.values_list("year", flat=True)), reverse=True)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "members/invoices.html",
        {"form": form, "rows": rows, "years": years, "year": year},
        status=status,
    )


@requires("members.view_invoice", load=invoice_from_url)
@require_safe
def invoice(request: HttpRequest, invoice: Invoice, pk: int) -> HttpResponse:
    return _render_invoice(
        request, invoice, PaymentForm() if request.user.has_perm("members.record_payment") else None
    )


def _render_invoice(request, invoice, form, status=200):
    annotated = selectors.invoices_with_balance(Invoice.objects.filter(pk=invoice.pk)).get()
    return render(
        request,
        "members/invoice.html",
        {
            "invoice": invoice,
            "paid": annotated.paid,
            "balance": annotated.balance,
            "payments": list(invoice.payments.select_related("recorded_by")),
            "form": form,
        },
        status=status,
    )


@requires("members.record_payment", load=invoice_from_url)
@require_POST
def payment(request: HttpRequest, invoice: Invoice, pk: int) -> HttpResponse:
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.payment_record(
                invoice=invoice,
                amount=data["amount"],
                paid_on=data["paid_on"],
                reference=data["reference"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("members:invoice", pk=invoice.pk)
    return _render_invoice(request, invoice, form, status=422)


@requires("members.view_invoice", load=invoice_from_url)
@require_safe
def invoice_download(request: HttpRequest, invoice: Invoice, pk: int) -> HttpResponse:
    from wego.members.invoice_pdf import invoice_pdf

    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def city_from_slug(request: HttpRequest, slug: str, **_kwargs) -> City:
    """Any city, members or not: a former member keeps its record."""
    return get_object_or_404(City.objects.select_related("country"), slug=slug)


@requires("members.view_member_record", load=city_from_slug)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, city: City, slug: str) -> HttpResponse:
    """A member's private record: contacts, history, invoices, fees status; the secretariat
    assigns its regional office and records changes of category."""
    can_manage = request.user.has_perm("members.manage_member", city)
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "office") if posted is not None else ""
    office_form = OfficeForm(posted if action == "office" else None) if can_manage else None
    category_form = CategoryForm(posted if action == "category" else None) if can_manage else None
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("members.manage_member")
        try:
            if action == "category" and category_form.is_valid():
                data = category_form.cleaned_data
                services.membership_change(
                    city=city,
                    category=data["category"],
                    on=data["on"],
                    reason=data["reason"],
                    actor=request.user,
                )
                messages.success(request, _("Membership category changed."))
                return redirect("members:record", slug=city.slug)
            if action == "office" and office_form.is_valid():
                services.office_assign(
                    city=city, office=office_form.cleaned_data["office"], actor=request.user
                )
                messages.success(request, _("Regional office saved."))
                return redirect("members:record", slug=city.slug)
        except ValidationError as exc:
            (category_form if action == "category" else office_form).add_error(None, exc)
        status = 422
    contacts = sorted(
        city.member_contacts.all(), key=lambda c: (list(ContactRole.values).index(c.role), c.name)
    )
    year = timezone.localdate().year
    return render(
        request,
        "members/record.html",
        {
            "city": city,
            "office": selectors.office_of(city),
            "contacts": contacts,
            "history": selectors.membership_history(city),
            "invoices": list(selectors.invoices_for(request.user, city=city)),
            "fees_year": year,
            "fees_paid": selectors.fees_fully_paid(city, year),
            "form": office_form,
            "category_form": category_form,
        },
        status=status,
    )
