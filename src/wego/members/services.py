"""Writes about members: reference data (countries, cities), membership, fees and invoices."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from wego.common.notifications import notify
from wego.common.services import audit_record
from wego.members.models import (
    ApplicationStatus,
    ApprovingBody,
    City,
    ContactRole,
    Country,
    Fee,
    Invoice,
    InvoiceCounter,
    MemberCategory,
    MemberContact,
    MemberOffice,
    Membership,
    MembershipApplication,
    Payment,
    RegionalOffice,
)
from wego.members.selectors import approving_body_on, invoices_with_balance

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def countries_load() -> int:
    """Create or update every country of the bundled list; safe to run again."""
    count = 0
    for name in ("countries.csv", "countries-extra.csv"):
        with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                Country.objects.update_or_create(
                    iso3=row["COUNTRY CODE"].strip(),
                    defaults={
                        "name": row["COMMON NAME"].strip(),
                        "official_name": row["OFFICIAL NAME"].strip(),
                        "region": row["REGION"].strip(),
                        "subregion": row["SUB-REGION"].strip(),
                        "income_group": row["INCOME"].strip(),
                        "development_status": row["STATUS"].strip(),
                    },
                )
                count += 1
    return count


class CitiesFileError(ValueError):
    """A cities CSV that cannot be loaded; the message names the file, the line and the column."""


CITY_COLUMNS = (
    "name",
    "country_iso3",
    "latitude",
    "longitude",
    "population",
    "population_year",
    "category",
    "joined",
    "notes",
)
CITY_NAME_MAX = 120  # the length of City.name and City.slug
CITY_NOTES_MAX = 200
SMALL_INTEGER_MAX = 32767  # a PositiveSmallIntegerField on every database
BIG_INTEGER_MAX = 9223372036854775807


def _shown(text: str) -> str:
    """A cell as quoted in a one-line message: line breaks written out, long text cut."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= 40 else text[:39] + "…"


def _city_number(text: str, column: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(gettext("'%(text)s' is not a number") % {"text": _shown(text)}) from None
    if not low <= value <= high:  # also refuses nan and inf
        raise ValueError(
            gettext("%(column)s must be from %(low)s to %(high)s")
            % {"column": column, "low": low, "high": high}
        )
    return value


def _city_whole(text: str, high: int) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdecimal():  # not isdigit(): int() refuses superscripts such as "²"
        raise ValueError(gettext("'%(text)s' is not a whole number of zero or more") % {"text": _shown(text)})
    value = int(text)
    if value > high:
        raise ValueError(gettext("%(value)s is too large") % {"value": _shown(text)})
    return value


def _city_row(row: dict, categories: dict[str, str], countries: set[str]) -> tuple[str, dict]:
    """(slug, field values) of one CSV row; raises ValueError('column: why') on a bad cell."""

    def cell(column: str) -> str:
        value = row.get(column)
        return value if isinstance(value, str) else ""

    def check(column: str, parse):
        try:
            return parse(cell(column))
        except ValueError as exc:
            raise ValueError(f"{column}: {exc}") from None

    name = cell("name").strip()
    slug = slugify(name)
    if not slug:
        raise ValueError(gettext("name: a city needs a name with letters or digits"))
    if len(name) > CITY_NAME_MAX or len(slug) > CITY_NAME_MAX:
        raise ValueError(gettext("name: longer than %(max)s characters") % {"max": CITY_NAME_MAX})
    country = cell("country_iso3").strip()
    if country not in countries:
        raise ValueError(
            gettext("country_iso3: '%(code)s' is not a known country code") % {"code": _shown(country)}
        )
    # The rest in the file's column order, so the first problem named is the leftmost.
    latitude = check("latitude", lambda t: _city_number(t, "latitude", -90, 90))
    longitude = check("longitude", lambda t: _city_number(t, "longitude", -180, 180))
    population = check("population", lambda t: _city_whole(t, BIG_INTEGER_MAX))
    population_year = check("population_year", lambda t: _city_whole(t, SMALL_INTEGER_MAX))
    category = cell("category").strip().lower()
    if category not in categories:
        raise ValueError(
            gettext("category: '%(category)s' is not one of %(known)s")
            % {"category": _shown(cell("category")), "known": ", ".join(sorted(categories))}
        )
    joined_year = check("joined", lambda t: _city_whole(t, SMALL_INTEGER_MAX))
    notes = cell("notes")
    if len(notes) > CITY_NOTES_MAX:
        raise ValueError(gettext("notes: longer than %(max)s characters") % {"max": CITY_NOTES_MAX})
    return slug, {
        "name": name,
        "country_id": country,
        "latitude": latitude,
        "longitude": longitude,
        "population": population,
        "population_year": population_year,
        "member_category": categories[category],
        "joined_year": joined_year,
        "notes": notes,
    }


@transaction.atomic
def cities_load(*, path: Path) -> int:
    """Create or update cities from a CSV (name, country_iso3, latitude, longitude, ...).

    Every row is checked before anything is written: a file with a problem raises
    CitiesFileError (file, line, column) and changes nothing.
    """
    with translation.override("en"):  # the category words of the file are English
        categories = {str(label).split()[0].lower(): value for value, label in MemberCategory.choices}
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CitiesFileError(
            gettext("%(file)s: cannot be read as UTF-8 text (%(error)s)") % {"file": path.name, "error": exc}
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        missing = [c for c in CITY_COLUMNS if c not in header]
        if missing:
            raise CitiesFileError(
                gettext("%(file)s, line 1: missing column %(columns)s")
                % {"file": path.name, "columns": ", ".join(f"'{c}'" for c in missing)}
            )
        countries = set(Country.objects.values_list("iso3", flat=True))
        rows: dict[str, tuple[int, dict]] = {}
        for row in reader:
            line = reader.line_num
            try:
                slug, values = _city_row(row, categories, countries)
            except ValueError as exc:
                raise CitiesFileError(f"{path.name}, line {line}, {exc}") from None
            if slug in rows:
                raise CitiesFileError(
                    gettext("%(file)s, line %(line)s, name: the same city as line %(first)s")
                    % {"file": path.name, "line": line, "first": rows[slug][0]}
                )
            rows[slug] = (line, values)
    except csv.Error as exc:
        raise CitiesFileError(
            gettext("%(file)s, line %(line)s: not a readable CSV line (%(error)s)")
            % {"file": path.name, "line": reader.line_num, "error": exc}
        ) from None
    for slug, (_line, values) in rows.items():
        City.objects.update_or_create(slug=slug, defaults=values)
    return len(rows)


# --- Membership ----------------------------------------------------------------------------------


class MembershipRefused(ValidationError):
    """A membership, fee or invoice action refused by a rule; the message says which and why."""


MAX_LETTER_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ContactInput:
    role: str
    name: str
    email: str
    position: str = ""
    phone: str = ""


@dataclass(frozen=True)
class NewCityInput:
    name: str
    country_iso3: str
    latitude: float
    longitude: float
    population: int | None = None


def _check_letter(letter) -> tuple[bytes, str]:
    """The letter must be a PDF (by its bytes, not its name) no larger than MAX_LETTER_BYTES."""
    if letter is None:
        raise MembershipRefused(gettext("Attach the mayor's signed letter (a PDF file)."), code="letter")
    size = letter.size if letter.size is not None else 0
    if size == 0:
        raise MembershipRefused(gettext("The letter file is empty."), code="letter")
    if size > MAX_LETTER_BYTES:
        raise MembershipRefused(
            gettext("The letter is %(size).1f MB; the limit is %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": MAX_LETTER_BYTES // 1024 // 1024},
            code="letter",
        )
    letter.seek(0)
    content = letter.read()
    letter.seek(0)
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-1024:]:
        raise MembershipRefused(
            gettext("The letter '%(name)s' is not a PDF file: scan or export the signed letter as PDF.")
            % {"name": getattr(letter, "name", "")},
            code="letter",
        )
    return content, hashlib.sha256(content).hexdigest()


def _seed_history(city: City, *, actor) -> None:
    """A city loaded from the member list has no history yet: record its current category first."""
    if city.is_member and not Membership.objects.filter(city=city).exists():
        start = dt.date(city.joined_year, 1, 1) if city.joined_year else dt.date(2010, 1, 1)
        Membership.objects.create(
            city=city,
            category=city.member_category,
            valid_from=start,
            reason=gettext("Member before the platform recorded membership history"),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )


def _history_move(city: City, *, category: str, on: dt.date, reason: str, actor, **extra) -> Membership:
    """Close the open period on `on` and open a new one in `category` from that date."""
    _seed_history(city, actor=actor)
    current = Membership.objects.select_for_update().filter(city=city, valid_to__isnull=True).first()
    if current is not None:
        if on < current.valid_from:
            raise MembershipRefused(
                gettext(
                    "%(city)s has been in the category %(category)s since %(since)s; a change cannot start before that."
                )
                % {"city": city, "category": current.get_category_display(), "since": current.valid_from},
                code="date",
            )
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    period = Membership.objects.create(
        city=city,
        category=category,
        valid_from=on,
        reason=reason,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **extra,
    )
    city.member_category = category
    fields = ["member_category"]
    if category != MemberCategory.NON_MEMBER and city.joined_year is None:
        city.joined_year = on.year
        fields.append("joined_year")
    city.save(update_fields=fields)
    return period


def _secretariat_users():
    from wego.accounts.models import RoleKind, User

    return list(User.objects.filter(Q(is_superuser=True) | Q(roles__kind=RoleKind.SECRETARIAT)).distinct())


def _city_people(city: City, *also):
    from wego.accounts.models import RoleKind, User

    people = list(User.objects.filter(roles__kind=RoleKind.COORDINATOR, roles__city=city).distinct())
    return people + [u for u in also if u is not None]


@transaction.atomic
def membership_apply(
    *,
    applicant,
    mayor_name: str,
    letter,
    contacts: list[ContactInput],
    city: City | None = None,
    new_city: NewCityInput | None = None,
    motivation: str = "",
    is_demo: bool = False,
) -> MembershipApplication:
    """A city applies for membership with the mayor's signed letter; it becomes an Associate member.

    Give `city` (a city already in the database) or `new_city` (created here, with its country).
    Refused, with nothing written, when the city is already a Full member, has an application
    waiting, the letter is not a PDF or too large, or no contact is given.
    """
    if (city is None) == (new_city is None):
        raise MembershipRefused(
            gettext("Choose a city from the list or describe a new one, not both."), code="city"
        )
    if not mayor_name.strip():
        raise MembershipRefused(
            gettext("Give the name of the mayor who signed the letter."), code="mayor_name"
        )
    if not contacts:
        raise MembershipRefused(gettext("Give at least one contact person."), code="contacts")
    for number, contact in enumerate(contacts, start=1):
        if contact.role not in ContactRole.values:
            raise MembershipRefused(
                gettext("Contact %(n)d: '%(role)s' is not a contact role.")
                % {"n": number, "role": contact.role},
                code="contacts",
            )
        if not contact.name.strip() or not contact.email.strip():
            raise MembershipRefused(
                gettext("Contact %(n)d: give a name and an email address.") % {"n": number}, code="contacts"
            )
    content, digest = _check_letter(letter)
    if new_city is not None:
        if not Country.objects.filter(pk=new_city.country_iso3).exists():
            raise MembershipRefused(
                gettext("'%(code)s' is not a country code in the list.") % {"code": new_city.country_iso3},
                code="country",
            )
        if not (-90 <= new_city.latitude <= 90 and -180 <= new_city.longitude <= 180):
            raise MembershipRefused(
                gettext("Latitude must be between -90 and 90 and longitude between -180 and 180."),
                code="location",
            )
        slug = slugify(new_city.name)[:110] or "city"
        if City.objects.filter(slug=slug).exists():
            slug = f"{slug}-{new_city.country_iso3.lower()}"
            if City.objects.filter(slug=slug).exists():
                raise MembershipRefused(
                    gettext("%(name)s is already in the list: choose it instead of adding it again.")
                    % {"name": new_city.name},
                    code="city",
                )
        city = City.objects.create(
            name=new_city.name.strip(),
            slug=slug,
            country_id=new_city.country_iso3,
            latitude=new_city.latitude,
            longitude=new_city.longitude,
            population=new_city.population,
            member_category=MemberCategory.NON_MEMBER,
        )
    city = City.objects.select_for_update().get(pk=city.pk)
    if city.member_category == MemberCategory.FULL:
        raise MembershipRefused(gettext("%(city)s is already a Full member.") % {"city": city}, code="city")
    if MembershipApplication.objects.filter(city=city, status=ApplicationStatus.SUBMITTED).exists():
        raise MembershipRefused(
            gettext("%(city)s already has an application waiting for approval.") % {"city": city}, code="city"
        )
    now = timezone.now()
    application = MembershipApplication(
        city=city,
        applicant=applicant,
        mayor_name=mayor_name.strip(),
        motivation=motivation.strip(),
        letter_size=len(content),
        letter_sha256=digest,
        submitted_at=now,
        is_demo=is_demo,
    )
    application.letter.save(f"{city.slug}-{digest[:12]}.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # another application for this city was saved a moment ago
        application.letter.delete(save=False)
        raise MembershipRefused(
            gettext("%(city)s already has an application waiting for approval.") % {"city": city}, code="city"
        ) from error
    MemberContact.objects.bulk_create(
        [
            MemberContact(
                city=city,
                role=c.role,
                name=c.name.strip(),
                email=c.email.strip(),
                position=c.position.strip(),
                phone=c.phone.strip(),
                application=application,
                is_demo=is_demo,
            )
            for c in contacts
        ]
    )
    if city.member_category != MemberCategory.ASSOCIATE:
        _history_move(
            city,
            category=MemberCategory.ASSOCIATE,
            on=timezone.localdate(now),
            reason=gettext("Applied for membership"),
            actor=applicant,
            application=application,
        )
    audit_record(actor=applicant, action="membership.apply", obj=application, data={"city": city.pk})
    notify(
        recipients=_secretariat_users() + _regional_office_users(city),
        subject=gettext("Membership application: %(city)s") % {"city": city},
        body=gettext(
            "%(city)s applied for membership with the mayor's signed letter and is now an Associate member. "
            "It becomes a Full member once the approving body approves it at a meeting."
        )
        % {"city": city},
        url=f"/members/applications/{application.pk}/",
    )
    return application


def _regional_office_users(city: City):
    from wego.accounts.models import RoleKind, User

    return list(
        User.objects.filter(
            roles__kind=RoleKind.REGIONAL_OFFICE, roles__region=city.country.region
        ).distinct()
    )


@transaction.atomic
def membership_approve(
    *,
    application: MembershipApplication,
    approved_by,
    approved_at_meeting: str,
    approving_body: str,
    approved_on: dt.date | None = None,
) -> Membership:
    """Make the applicant city a Full member, as decided at a recorded meeting of the approving body.

    `approved_at_meeting` names the meeting (governance passes its reference); `approving_body`
    is "general_assembly" or "executive_committee" and must be the body that approves members
    on `approved_on` (default: today; see `selectors.approving_body_on`). Returns the new Full
    membership period. Refused with a reason when the application is not waiting, the body is
    the wrong one for that date, the meeting is not named, or the date precedes the application.
    """
    application = (
        MembershipApplication.objects.select_for_update()
        .select_related("city__country")
        .get(pk=application.pk)
    )
    day = approved_on or timezone.localdate()
    if application.status != ApplicationStatus.SUBMITTED:
        raise MembershipRefused(
            gettext("The application of %(city)s is not waiting for approval (it is %(status)s).")
            % {"city": application.city, "status": application.get_status_display()},
            code="status",
        )
    if approving_body not in ApprovingBody.values:
        raise MembershipRefused(
            gettext("'%(body)s' is not a body that approves members.") % {"body": approving_body}, code="body"
        )
    expected = approving_body_on(day)
    if approving_body != expected:
        raise MembershipRefused(
            gettext("On %(day)s new members are approved by the %(expected)s, not the %(given)s.")
            % {
                "day": day.isoformat(),
                "expected": ApprovingBody(expected).label,
                "given": ApprovingBody(approving_body).label,
            },
            code="body",
        )
    if not approved_at_meeting.strip():
        raise MembershipRefused(
            gettext("Name the meeting at which the membership was approved."), code="meeting"
        )
    if day < timezone.localdate(application.submitted_at):
        raise MembershipRefused(
            gettext("The approval date %(day)s is before the application was submitted.")
            % {"day": day.isoformat()},
            code="date",
        )
    city = City.objects.select_for_update().get(pk=application.city_id)
    period = _history_move(
        city,
        category=MemberCategory.FULL,
        on=day,
        reason=gettext("Approved by the %(body)s at %(meeting)s")
        % {"body": ApprovingBody(approving_body).label, "meeting": approved_at_meeting.strip()},
        actor=approved_by,
        application=application,
        approving_body=approving_body,
        approved_at_meeting=approved_at_meeting.strip(),
    )
    application.status = ApplicationStatus.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = approved_by if getattr(approved_by, "is_authenticated", False) else None
    application.approving_body = approving_body
    application.approved_at_meeting = approved_at_meeting.strip()
    application.save(
        update_fields=["status", "decided_at", "decided_by", "approving_body", "approved_at_meeting"]
    )
    audit_record(
        actor=approved_by,
        action="membership.approve",
        obj=application,
        data={
            "city": city.pk,
            "body": approving_body,
            "meeting": approved_at_meeting.strip(),
            "on": day.isoformat(),
        },
    )
    notify(
        recipients=_city_people(city, application.applicant),
        subject=gettext("%(city)s is now a Full member of WeGO") % {"city": city},
        body=gettext("The %(body)s approved the membership of %(city)s at %(meeting)s.")
        % {"body": ApprovingBody(approving_body).label, "city": city, "meeting": approved_at_meeting.strip()},
        url=f"/members/applications/{application.pk}/",
    )
    return period


@transaction.atomic
def membership_reject(*, application: MembershipApplication, decided_by, note: str) -> MembershipApplication:
    """Record that the approving body did not approve; the city stays an Associate member until changed."""
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise MembershipRefused(gettext("This application is not waiting for a decision."), code="status")
    if not note.strip():
        raise MembershipRefused(gettext("Say why the application was not approved."), code="note")
    application.status = ApplicationStatus.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = decided_by
    application.decision_note = note.strip()[:300]
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    audit_record(actor=decided_by, action="membership.reject", obj=application, data={"note": note.strip()})
    notify(
        recipients=_city_people(application.city, application.applicant),
        subject=gettext("Membership application of %(city)s not approved") % {"city": application.city},
        body=note.strip(),
        url=f"/members/applications/{application.pk}/",
    )
    return application


@transaction.atomic
def membership_change(*, city: City, category: str, on: dt.date, reason: str, actor) -> Membership:
    """Record a change of category (e.g. a Friendship or Corporate member, a member leaving)."""
    if category not in MemberCategory.values:
        raise MembershipRefused(
            gettext("'%(c)s' is not a member category.") % {"c": category}, code="category"
        )
    if not reason.strip():
        raise MembershipRefused(gettext("Give the reason for the change."), code="reason")
    city = City.objects.select_for_update().select_related("country").get(pk=city.pk)
    if category == city.member_category:
        raise MembershipRefused(
            gettext("%(city)s is already in that category.") % {"city": city}, code="category"
        )
    period = _history_move(city, category=category, on=on, reason=reason.strip(), actor=actor)
    audit_record(
        actor=actor, action="membership.change", obj=period, data={"category": category, "on": on.isoformat()}
    )
    return period


# --- Regional offices and contacts ---------------------------------------------------------------


@transaction.atomic
def office_assign(*, city: City, office: RegionalOffice | None, actor) -> MemberOffice | None:
    """Assign a member to a regional office; None returns it to the default office of its region."""
    if office is None:
        MemberOffice.objects.filter(city=city).delete()
        audit_record(actor=actor, action="membership.office", obj=city, data={"office": None})
        return None
    if not office.is_active:
        raise MembershipRefused(gettext("%(office)s is closed.") % {"office": office}, code="office")
    assignment, _created = MemberOffice.objects.update_or_create(
        city=city, defaults={"office": office, "assigned_by": actor}
    )
    audit_record(actor=actor, action="membership.office", obj=city, data={"office": office.pk})
    return assignment


@transaction.atomic
def contact_add(*, city: City, contact: ContactInput, actor) -> MemberContact:
    if contact.role not in ContactRole.values:
        raise MembershipRefused(
            gettext("'%(role)s' is not a contact role.") % {"role": contact.role}, code="role"
        )
    row = MemberContact.objects.create(
        city=city,
        role=contact.role,
        name=contact.name.strip(),
        email=contact.email.strip(),
        position=contact.position.strip(),
        phone=contact.phone.strip(),
    )
    audit_record(actor=actor, action="membership.contact_add", obj=row, data={"role": contact.role})
    return row


# --- Fees, invoices, payments --------------------------------------------------------------------


def _money(value, *, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise MembershipRefused(
            gettext("%(field)s: '%(value)s' is not an amount.") % {"field": field, "value": value},
            code="amount",
        ) from error
    if not amount.is_finite():
        raise MembershipRefused(
            gettext("%(field)s: '%(value)s' is not an amount.") % {"field": field, "value": value},
            code="amount",
        )
    return amount


@transaction.atomic
def fee_set(*, year: int, category: str, amount, actor, currency: str = "USD", is_demo: bool = False) -> Fee:
    """Set (or change) the fee of one category for one year; changing it never touches issued invoices."""
    if category not in MemberCategory.values or category == MemberCategory.NON_MEMBER:
        raise MembershipRefused(
            gettext("'%(c)s' is not a member category.") % {"c": category}, code="category"
        )
    if not 2010 <= int(year) <= 2100:
        raise MembershipRefused(gettext("The year must be between 2010 and 2100."), code="year")
    value = _money(amount, field=gettext("Amount"))
    if value < 0:
        raise MembershipRefused(gettext("A fee cannot be negative."), code="amount")
    if len(currency) != 3 or not currency.isalpha():
        raise MembershipRefused(
            gettext("The currency must be a three-letter code such as USD."), code="currency"
        )
    fee, created = Fee.objects.update_or_create(
        year=year,
        category=category,
        defaults={"amount": value, "currency": currency.upper(), "is_demo": is_demo},
    )
    audit_record(
        actor=actor,
        action="membership.fee_set",
        obj=fee,
        data={"year": year, "category": category, "amount": str(value), "created": created},
    )
    return fee


def _next_invoice_number(year: int) -> str:
    """The next number of the year, gap-free: the counter row is locked until the transaction ends."""
    InvoiceCounter.objects.get_or_create(year=year)
    counter = InvoiceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"WEGO-{year}-{counter.last:04d}"


@transaction.atomic
def invoice_issue(
    *,
    city: City,
    year: int,
    actor,
    due_on: dt.date | None = None,
    issued_on: dt.date | None = None,
    is_demo: bool = False,
) -> Invoice:
    """Issue the year's fee to a member, at the fee of its category in that year; numbered without gaps.

    Refused when the member already has an invoice for the year, was not a member that year,
    or no fee is set for its category and year. The category is the one the member had on
    1 January (for a member that joined during the year, the one it joined in).
    """
    from wego.members.selectors import member_category_on

    city = City.objects.select_for_update().get(pk=city.pk)
    category = member_category_on(city, dt.date(year, 1, 1))
    if category == MemberCategory.NON_MEMBER:  # joined during the year: the category it joined in
        category = member_category_on(city, min(dt.date(year, 12, 31), timezone.localdate()))
    if category == MemberCategory.NON_MEMBER:
        raise MembershipRefused(
            gettext("%(city)s was not a member in %(year)d.") % {"city": city, "year": year}, code="city"
        )
    fee = Fee.objects.filter(year=year, category=category).first()
    if fee is None:
        raise MembershipRefused(
            gettext(
                "No fee is set for the category %(category)s in %(year)d: set it in the fee schedule first."
            )
            % {"category": MemberCategory(category).label, "year": year},
            code="fee",
        )
    if Invoice.objects.filter(city=city, year=year).exists():
        raise MembershipRefused(
            gettext("%(city)s already has an invoice for %(year)d.") % {"city": city, "year": year},
            code="year",
        )
    issued = issued_on or timezone.localdate()
    invoice = Invoice.objects.create(
        number=_next_invoice_number(year),
        city=city,
        year=year,
        category=category,
        amount=fee.amount,
        currency=fee.currency,
        issued_on=issued,
        due_on=due_on or issued + dt.timedelta(days=60),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="membership.invoice_issue",
        obj=invoice,
        data={"number": invoice.number, "city": city.pk, "year": year, "amount": str(invoice.amount)},
    )
    notify(
        recipients=_city_people(city),
        subject=gettext("Invoice %(number)s: WeGO membership fee %(year)d")
        % {"number": invoice.number, "year": year},
        body=gettext(
            "The membership fee of %(city)s for %(year)d is %(amount)s %(currency)s, due by %(due)s."
        )
        % {
            "city": city,
            "year": year,
            "amount": invoice.amount,
            "currency": invoice.currency,
            "due": invoice.due_on.isoformat(),
        },
        url=f"/members/invoices/{invoice.pk}/",
    )
    return invoice


@transaction.atomic
def invoices_issue_for_year(*, year: int, actor) -> list[Invoice]:
    """Issue the year's invoice to every city that was a member that year and has none yet.

    All or nothing: when one cannot be issued (a fee missing from the schedule), none is.
    """
    from wego.members.selectors import member_category_on

    issued = []
    cities = City.objects.exclude(invoices__year=year).order_by("name")
    end = min(dt.date(year, 12, 31), timezone.localdate())
    for city in cities:
        if member_category_on(city, end) == MemberCategory.NON_MEMBER and (
            member_category_on(city, dt.date(year, 1, 1)) == MemberCategory.NON_MEMBER
        ):
            continue
        issued.append(invoice_issue(city=city, year=year, actor=actor))
    return issued


@transaction.atomic
def payment_record(
    *, invoice: Invoice, amount, paid_on: dt.date, actor, reference: str = "", is_demo: bool = False
) -> Payment:
    """Record money received; partial payments add up. More than the balance due is refused."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    value = _money(amount, field=gettext("Amount"))
    if value <= 0:
        raise MembershipRefused(gettext("A payment must be more than zero."), code="amount")
    balance = Decimal(invoices_with_balance(Invoice.objects.filter(pk=invoice.pk)).get().balance).quantize(
        Decimal("0.01")
    )
    if value > balance:
        raise MembershipRefused(
            gettext("%(amount)s is more than the %(balance)s %(currency)s still due on invoice %(number)s.")
            % {"amount": value, "balance": balance, "currency": invoice.currency, "number": invoice.number},
            code="amount",
        )
    if paid_on > timezone.localdate():
        raise MembershipRefused(gettext("The payment date is in the future."), code="paid_on")
    payment = Payment.objects.create(
        invoice=invoice,
        amount=value,
        paid_on=paid_on,
        reference=reference.strip()[:100],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="membership.payment_record",
        obj=payment,
        data={"invoice": invoice.number, "amount": str(value), "paid_on": paid_on.isoformat()},
    )
    return payment
