"""The statute's rules, each refused with the rule that refused it, and the meeting workflows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CityFactory
from tests.governance.conftest import cities
from wego.common.models import AuditEvent
from wego.governance.models import AgendaItem, Candidacy, Meeting, MeetingDocument, Term, TermRole
from wego.governance.services import (
    StatuteRefused,
    add_years,
    agenda_item_add,
    candidacy_register,
    committee_member_elect,
    document_upload,
    general_assembly_host_confirm,
    minutes_save,
    president_elect,
    subtract_months,
    term_end,
    term_renew,
    terms_assign,
    vice_presidents_nominate,
)
from wego.members.services import fee_set, invoice_issue

pytestmark = pytest.mark.django_db

GA_DAY = dt.date(2027, 9, 6)


def _candidate(gov, city, notified_on=dt.date(2027, 7, 1)):
    return candidacy_register(meeting=gov.assembly, city=city, notified_on=notified_on, actor=gov.secretariat)


def _five_vps(gov, starts_on=GA_DAY, prefix="VP"):
    return vice_presidents_nominate(
        meeting=gov.committee_meeting, cities=cities(5, prefix), starts_on=starts_on, actor=gov.secretariat
    )


# President City -----------------------------------------------------------------------------


def test_president_elected_by_the_general_assembly_for_three_years(gov):
    seoul = CityFactory(name="Seoul")
    _candidate(gov, seoul)

    term = president_elect(meeting=gov.assembly, city=seoul, actor=gov.secretariat)

    assert (term.role, term.starts_on, term.ends_on, term.meeting) == (
        TermRole.PRESIDENT,
        GA_DAY,
        dt.date(2030, 9, 6),
        gov.assembly,
    )


def test_president_elected_elsewhere_than_the_general_assembly_is_refused(gov):
    seoul = CityFactory(name="Seoul")
    _candidate(gov, seoul)

    with pytest.raises(StatuteRefused) as refused:
        president_elect(meeting=gov.committee_meeting, city=seoul, actor=gov.secretariat)

    assert refused.value.rule == "president_elected_by_ga"
    assert refused.value.message == (
        "Refused by the statute: The President City is elected by the General Assembly. "
        "This was put to: Executive Committee."
    )
    assert Term.objects.count() == 0


def test_president_elected_without_a_candidacy_is_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        president_elect(meeting=gov.assembly, city=CityFactory(name="Seoul"), actor=gov.secretariat)

    assert refused.value.rule == "president_is_candidate"


def test_new_president_ends_the_previous_presidents_term(gov):
    old, new = CityFactory(name="Old"), CityFactory(name="New")
    Term.objects.create(
        city=old, role=TermRole.PRESIDENT, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2028, 1, 1)
    )
    _candidate(gov, new)

    president_elect(meeting=gov.assembly, city=new, actor=gov.secretariat)

    assert list(
        Term.objects.filter(role=TermRole.PRESIDENT)
        .order_by("starts_on")
        .values_list("city__name", "ends_on")
    ) == [
        ("Old", GA_DAY),
        ("New", dt.date(2030, 9, 6)),
    ]


# Candidacy for President City -----------------------------------------------------------------


def test_candidacy_notified_one_month_before_is_accepted(gov):
    candidacy = _candidate(gov, CityFactory(name="Seoul"), notified_on=dt.date(2027, 8, 6))

    assert (candidacy.city.name, candidacy.notified_on) == ("Seoul", dt.date(2027, 8, 6))


def test_candidacy_notified_less_than_a_month_before_is_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        _candidate(gov, CityFactory(name="Seoul"), notified_on=dt.date(2027, 8, 7))

    assert refused.value.rule == "candidate_notice_one_month"
    assert refused.value.detail == (
        "The notice of Seoul is dated 2027-08-07; the latest acceptable date was 2027-08-06."
    )
    assert Candidacy.objects.count() == 0


def test_candidacy_of_an_associate_member_is_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        _candidate(gov, CityFactory(name="Newcomer", member_category="associate"))

    assert refused.value.rule == "candidate_full_member"
    assert refused.value.detail == "Newcomer was not a Full member on 2027-07-01."


def test_candidacy_with_fees_unpaid_is_refused(gov):
    city = CityFactory(name="Debtor")
    fee_set(year=2027, category="full", amount="1000", actor=gov.secretariat)
    invoice_issue(city=city, year=2027, actor=gov.secretariat)

    with pytest.raises(StatuteRefused) as refused:
        _candidate(gov, city)

    assert refused.value.rule == "candidate_fees_paid"
    assert refused.value.detail == "Debtor has not paid its 2027 fees in full."


def test_candidacy_at_an_executive_committee_meeting_is_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        candidacy_register(
            meeting=gov.committee_meeting,
            city=CityFactory(),
            notified_on=dt.date(2027, 1, 1),
            actor=gov.secretariat,
        )

    assert refused.value.rule == "president_elected_by_ga"


# Executive Vice President City -----------------------------------------------------------------


def test_next_general_assembly_host_becomes_executive_vice_president(gov):
    host = CityFactory(name="Host City")
    next_assembly = Meeting.objects.create(
        body=gov.ga, title="General Assembly 2030", starts_on=dt.date(2030, 9, 1), ends_on=dt.date(2030, 9, 3)
    )

    term = general_assembly_host_confirm(
        meeting=gov.assembly, next_meeting=next_assembly, host_city=host, actor=gov.secretariat
    )

    next_assembly.refresh_from_db()
    assert (term.city, term.role, term.starts_on, term.ends_on) == (
        host,
        TermRole.EXECUTIVE_VICE_PRESIDENT,
        GA_DAY,
        dt.date(2030, 9, 6),
    )
    assert next_assembly.host_city == host


def test_executive_vice_president_appointed_otherwise_is_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        terms_assign(
            meeting=gov.committee_meeting,
            role=TermRole.EXECUTIVE_VICE_PRESIDENT,
            cities=[CityFactory()],
            starts_on=GA_DAY,
            actor=gov.secretariat,
        )

    assert refused.value.rule == "evp_is_next_ga_host"
    assert Term.objects.count() == 0


def test_executive_vice_president_term_is_not_renewed(gov):
    next_assembly = Meeting.objects.create(
        body=gov.ga, title="General Assembly 2030", starts_on=dt.date(2030, 9, 1), ends_on=dt.date(2030, 9, 3)
    )
    term = general_assembly_host_confirm(
        meeting=gov.assembly, next_meeting=next_assembly, host_city=CityFactory(), actor=gov.secretariat
    )

    with pytest.raises(StatuteRefused) as refused:
        term_renew(term=term, meeting=next_assembly, actor=gov.secretariat)

    assert refused.value.rule == "evp_is_next_ga_host"


# Vice Presidents, committee size, terms --------------------------------------------------------


def test_four_vice_presidents_are_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        vice_presidents_nominate(
            meeting=gov.committee_meeting, cities=cities(4, "VP"), starts_on=GA_DAY, actor=gov.secretariat
        )

    assert refused.value.rule == "five_vice_presidents"
    assert refused.value.detail == "On 2027-09-06 there would be 4."
    assert Term.objects.count() == 0


def test_five_vice_presidents_are_nominated(gov):
    terms = _five_vps(gov)

    assert [(t.role, t.starts_on, t.ends_on) for t in terms] == [
        (TermRole.VICE_PRESIDENT, GA_DAY, dt.date(2030, 9, 6))
    ] * 5


def test_ending_a_vice_president_term_below_five_is_refused(gov):
    terms = _five_vps(gov)

    with pytest.raises(StatuteRefused) as refused:
        term_end(term=terms[0], on=dt.date(2028, 1, 1), actor=gov.secretariat)

    assert refused.value.rule == "five_vice_presidents"
    terms[0].refresh_from_db()
    assert terms[0].ends_on == dt.date(2030, 9, 6)


def test_ending_a_vice_president_term_with_a_sixth_in_office_is_allowed(gov):
    terms = _five_vps(gov)
    vice_presidents_nominate(
        meeting=gov.committee_meeting, cities=[CityFactory()], starts_on=GA_DAY, actor=gov.secretariat
    )

    ended = term_end(term=terms[0], on=dt.date(2028, 1, 1), actor=gov.secretariat)

    assert ended.ends_on == dt.date(2028, 1, 1)


def test_vice_presidents_nominated_by_the_general_assembly_are_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        vice_presidents_nominate(
            meeting=gov.assembly, cities=cities(5, "VP"), starts_on=GA_DAY, actor=gov.secretariat
        )

    assert refused.value.rule == "vice_presidents_by_ec"


def test_twenty_first_committee_city_is_refused(gov):
    _five_vps(gov)
    for city in cities(15, "Member"):
        committee_member_elect(meeting=gov.assembly, city=city, starts_on=GA_DAY, actor=gov.secretariat)

    with pytest.raises(StatuteRefused) as refused:
        committee_member_elect(
            meeting=gov.assembly, city=CityFactory(), starts_on=GA_DAY, actor=gov.secretariat
        )

    assert refused.value.rule == "committee_at_most_twenty"
    assert refused.value.detail == "On 2027-09-06 it would count 21 cities."
    assert Term.objects.count() == 20


def test_president_counts_towards_the_twenty(gov):
    for city in cities(20, "Member"):
        committee_member_elect(meeting=gov.assembly, city=city, starts_on=GA_DAY, actor=gov.secretariat)
    seoul = CityFactory(name="Seoul")
    _candidate(gov, seoul)

    with pytest.raises(StatuteRefused) as refused:
        president_elect(meeting=gov.assembly, city=seoul, actor=gov.secretariat)

    assert refused.value.rule == "committee_at_most_twenty"


def test_term_of_other_than_three_years_is_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        committee_member_elect(
            meeting=gov.assembly,
            city=CityFactory(),
            starts_on=GA_DAY,
            ends_on=dt.date(2031, 9, 6),
            actor=gov.secretariat,
        )

    assert refused.value.rule == "three_year_term"
    assert refused.value.detail == "A term from 2027-09-06 ends on 2030-09-06, not 2031-09-06."


def test_terms_are_renewable_again_and_again(gov):
    term = committee_member_elect(
        meeting=gov.assembly, city=CityFactory(), starts_on=GA_DAY, actor=gov.secretariat
    )

    second = term_renew(term=term, meeting=gov.assembly, actor=gov.secretariat)
    third = term_renew(term=second, meeting=gov.assembly, actor=gov.secretariat)

    assert [(t.starts_on, t.ends_on, t.renews_id) for t in (second, third)] == [
        (dt.date(2030, 9, 6), dt.date(2033, 9, 6), term.pk),
        (dt.date(2033, 9, 6), dt.date(2036, 9, 6), second.pk),
    ]


def test_president_term_renewed_without_an_election_is_refused(gov):
    seoul = CityFactory(name="Seoul")
    _candidate(gov, seoul)
    term = president_elect(meeting=gov.assembly, city=seoul, actor=gov.secretariat)

    with pytest.raises(StatuteRefused) as refused:
        term_renew(term=term, meeting=gov.assembly, actor=gov.secretariat)

    assert refused.value.rule == "president_elected_by_ga"


def test_committee_member_elected_by_the_executive_committee_is_refused(gov):
    with pytest.raises(StatuteRefused) as refused:
        committee_member_elect(
            meeting=gov.committee_meeting, city=CityFactory(), starts_on=GA_DAY, actor=gov.secretariat
        )

    assert refused.value.rule == "committee_elected_by_ga"


def test_a_city_holding_an_office_cannot_take_a_second_one(gov):
    city = CityFactory(name="Twice")
    committee_member_elect(meeting=gov.assembly, city=city, starts_on=GA_DAY, actor=gov.secretariat)

    with pytest.raises(StatuteRefused) as refused:
        vice_presidents_nominate(
            meeting=gov.committee_meeting,
            cities=[city, *cities(4, "VP")],
            starts_on=GA_DAY,
            actor=gov.secretariat,
        )

    assert refused.value.rule == "one_office_at_a_time"


def test_add_years_keeps_29_february_in_range():
    assert add_years(dt.date(2028, 2, 29), 3) == dt.date(2031, 2, 28)


def test_a_month_before_31_march_is_the_last_day_of_february():
    assert [subtract_months(dt.date(2027, 3, 31), 1), subtract_months(dt.date(2027, 1, 15), 1)] == [
        dt.date(2027, 2, 28),
        dt.date(2026, 12, 15),
    ]


# Meetings ------------------------------------------------------------------------------------------


def test_agenda_items_are_numbered_in_order(gov):
    agenda_item_add(meeting=gov.assembly, title="Opening", actor=gov.secretariat)
    agenda_item_add(meeting=gov.assembly, title="Election of the President City", actor=gov.secretariat)

    assert list(AgendaItem.objects.values_list("position", "title")) == [
        (1, "Opening"),
        (2, "Election of the President City"),
    ]


def test_minutes_are_saved_and_audited(gov):
    minutes_save(
        meeting=gov.assembly, text="The Assembly met.", approved_on=dt.date(2027, 9, 8), actor=gov.secretariat
    )

    gov.assembly.refresh_from_db()
    assert (gov.assembly.minutes, gov.assembly.minutes_approved_on) == (
        "The Assembly met.",
        dt.date(2027, 9, 8),
    )
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["meeting.minutes"]


def test_pdf_document_is_stored_in_the_private_folder_with_no_url(gov):
    from wego.members.storage import private_root

    upload = SimpleUploadedFile("papers.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")

    document = document_upload(meeting=gov.assembly, title="Papers", upload=upload, actor=gov.secretariat)

    path = document.file.path
    assert (document.content_type, document.original_name, document.size) == (
        "application/pdf",
        "papers.pdf",
        15,
    )
    assert path.startswith(str(private_root()))
    with open(path, "rb") as handle:
        assert handle.read() == b"%PDF-1.7\n%%EOF\n"
    with pytest.raises(ValueError, match="private files have no URL"):
        document.file.url  # noqa: B018


def test_document_whose_content_is_not_its_type_is_refused(gov):
    upload = SimpleUploadedFile(
        "papers.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )

    with pytest.raises(ValidationError) as refused:
        document_upload(meeting=gov.assembly, title="Papers", upload=upload, actor=gov.secretariat)

    assert refused.value.messages == ["The content of papers.pdf is not a PDF file."]
    assert MeetingDocument.objects.count() == 0


def test_document_of_an_unknown_kind_is_refused(gov):
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")

    with pytest.raises(ValidationError) as refused:
        document_upload(meeting=gov.assembly, title="", upload=upload, actor=gov.secretariat)

    assert refused.value.messages == [
        "Upload a PDF, an office document (Word, Excel, PowerPoint, OpenDocument) or an image (PNG, JPEG)."
    ]
