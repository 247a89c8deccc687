"""Feasibility studies: the call's deadline, one letter per member city, conflicts, the ranking
(computed by hand below), the chair's decision on a tie, the selection and the report."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CityFactory, CountryFactory
from tests.learning.feasibility_world import pdf_upload
from tests.personas import make_user
from wego.accounts.models import RoleKind
from wego.common.models import AuditEvent
from wego.learning import feasibility as svc
from wego.learning.models import (
    CommitteeMember,
    FeasibilityCall,
    FeasibilityConflict,
    FeasibilityScore,
    FeasibilityStatus,
    LetterOfIntent,
)
from wego.members.models import MemberCategory
from wego.members.storage import private_root

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2026, 3, 31, 14, 59, 59, tzinfo=dt.UTC)
# Weights 3, 1, 2, 2, 2 (sum 10) for the hand-computed ranking.
WEIGHTS = {
    "commitment": "3",
    "alignment": "1",
    "local_support": "2",
    "sustainability": "2",
    "implementation": "2",
}


@pytest.fixture
def secretariat():
    return make_user("sec@example.org", RoleKind.SECRETARIAT)


def _call(secretariat, *, places=1, status=FeasibilityStatus.OPEN, weights=WEIGHTS) -> FeasibilityCall:
    call = svc.feasibility_call_save(
        actor=secretariat, year=2026, theme="Digital twins", deadline=DEADLINE, places=places, weights=weights
    )
    call.status = status
    call.save(update_fields=["status"])
    return call


def _coordinator(name: str, *, country=None, category=MemberCategory.FULL):
    city = CityFactory(name=name, member_category=category, **({"country": country} if country else {}))
    return city, make_user(f"coord-{city.slug}@example.org", RoleKind.COORDINATOR, city)


def _letter(call, name: str, *, country=None) -> LetterOfIntent:
    city, user = _coordinator(name, country=country)
    return svc.letter_submit(
        call=call,
        city=city,
        actor=user,
        summary=f"Study for {name}",
        upload=pdf_upload(),
        now=DEADLINE - dt.timedelta(days=1),
    )


def _member(call, secretariat, email: str, **extra) -> CommitteeMember:
    return svc.committee_member_add(call=call, actor=secretariat, user=make_user(email), **extra)


def _score(member, letter, values: list[int]) -> None:
    svc.scores_save(
        letter=letter, actor=member.user, scores=dict(zip(svc.CRITERIA_SLUGS, values, strict=True))
    )


# Letters of intent ----------------------------------------------------------------------------------


def test_letter_submit_at_the_deadline_is_accepted(secretariat):
    call = _call(secretariat)
    city, user = _coordinator("Deadline City")

    letter = svc.letter_submit(
        call=call, city=city, actor=user, summary="s", upload=pdf_upload(), now=DEADLINE
    )

    assert LetterOfIntent.objects.filter(pk=letter.pk).count() == 1


def test_letter_submit_one_second_late_is_refused(secretariat):
    call = _call(secretariat)
    city, user = _coordinator("Late City")

    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.letter_submit(
            call=call,
            city=city,
            actor=user,
            summary="s",
            upload=pdf_upload(),
            now=DEADLINE + dt.timedelta(seconds=1),
        )

    assert refused.value.message == (
        "The deadline for letters was 2026-03-31 14:59:59 UTC; nothing is accepted after it."
    )
    assert LetterOfIntent.objects.count() == 0


def test_letter_submit_twice_for_one_city_keeps_one(secretariat):
    call = _call(secretariat)
    city, user = _coordinator("Twice City")
    now = DEADLINE - dt.timedelta(hours=1)
    svc.letter_submit(call=call, city=city, actor=user, summary="s", upload=pdf_upload(), now=now)

    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.letter_submit(call=call, city=city, actor=user, summary="again", upload=pdf_upload(), now=now)

    assert refused.value.message == "Twice City has already sent its letter for the 2026 call."
    assert LetterOfIntent.objects.filter(call=call, city=city).count() == 1


def test_letter_submit_from_a_non_member_city_is_refused(secretariat):
    call = _call(secretariat)
    city, user = _coordinator("Outside City", category=MemberCategory.NON_MEMBER)

    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.letter_submit(
            call=call,
            city=city,
            actor=user,
            summary="s",
            upload=pdf_upload(),
            now=DEADLINE - dt.timedelta(days=1),
        )

    assert refused.value.message == "Outside City is not a member of WeGO: only member cities may apply."
    assert LetterOfIntent.objects.count() == 0


def test_letter_submit_with_a_renamed_image_is_refused(secretariat):
    call = _call(secretariat)
    city, user = _coordinator("Image City")

    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.letter_submit(
            call=call,
            city=city,
            actor=user,
            summary="s",
            upload=pdf_upload("letter.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
            now=DEADLINE - dt.timedelta(days=1),
        )

    assert refused.value.message == "letter of intent: The file's content is not a PDF file."
    assert LetterOfIntent.objects.count() == 0


def test_letter_submit_larger_than_the_limit_is_refused(secretariat, settings):
    settings.MAX_UPLOAD_MB = 1
    call = _call(secretariat)
    city, user = _coordinator("Big City")

    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.letter_submit(
            call=call,
            city=city,
            actor=user,
            summary="s",
            upload=pdf_upload("letter.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)),
            now=DEADLINE - dt.timedelta(days=1),
        )

    assert refused.value.message == "letter of intent: The file is larger than 1 MB."


def test_letter_submit_is_stored_in_private_storage_without_a_url(secretariat):
    call = _call(secretariat)

    letter = _letter(call, "Private City")

    assert letter.letter.path.startswith(str(private_root()))
    with pytest.raises(ValueError, match="private files have no URL"):
        letter.letter.url  # noqa: B018
    assert AuditEvent.objects.filter(action="learning.feasibility.letter_submit").count() == 1


def test_call_save_with_three_places_is_refused(secretariat):
    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.feasibility_call_save(
            actor=secretariat, year=2026, theme="t", deadline=DEADLINE, places=3, weights=WEIGHTS
        )

    assert refused.value.message == "A call selects one or two cities."


def test_call_save_with_a_weight_of_eleven_is_refused(secretariat):
    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.feasibility_call_save(
            actor=secretariat,
            year=2026,
            theme="t",
            deadline=DEADLINE,
            places=1,
            weights={**WEIGHTS, "alignment": "11"},
        )

    assert refused.value.field == "weight_alignment"
    assert FeasibilityCall.objects.count() == 0


# Conflicts ------------------------------------------------------------------------------------------


def test_member_from_the_applicant_city_is_flagged_same_city_and_country(secretariat):
    call = _call(secretariat)
    letter = _letter(call, "Home City")

    member = _member(call, secretariat, "home@example.org", city=letter.city)

    assert sorted(FeasibilityConflict.objects.filter(member=member).values_list("kind", "automatic")) == [
        ("same_city", True),
        ("same_country", True),
    ]
    assert svc.letters_to_score(member.user, call) == []


def test_conflicted_member_may_not_score_the_letter(secretariat):
    call = _call(secretariat)
    letter = _letter(call, "Scored City")
    member = _member(call, secretariat, "conflicted@example.org", city=letter.city)
    svc.feasibility_call_advance(call=call, actor=secretariat)

    with pytest.raises(svc.FeasibilityRefused):
        _score(member, letter, [5, 5, 5, 5, 5])

    assert FeasibilityScore.objects.count() == 0


# Ranking ----------------------------------------------------------------------------------------------


def _scored_call(secretariat, *, places: int):
    """Three letters, two members (weights 3,1,2,2,2):

    member 1: L1 8,6,7,9,5 -> 72/10 = 7.2;  L2 5x5 -> 5.0;  L3 9x5 -> 9.0
    member 2: L1 6x5 -> 6.0;  L2 7,8,6,4,10 -> 69/10 = 6.9;  L3 10,2,3,4,5 -> 56/10 = 5.6
    means: L1 6.6, L2 5.95, L3 7.3 -> order L3, L1, L2.
    """
    call = _call(secretariat, places=places)
    l1, l2, l3 = _letter(call, "One City"), _letter(call, "Two City"), _letter(call, "Three City")
    m1 = _member(call, secretariat, "m1@example.org")
    m2 = _member(call, secretariat, "m2@example.org")
    svc.feasibility_call_advance(call=call, actor=secretariat)
    _score(m1, l1, [8, 6, 7, 9, 5])
    _score(m1, l2, [5, 5, 5, 5, 5])
    _score(m1, l3, [9, 9, 9, 9, 9])
    _score(m2, l1, [6, 6, 6, 6, 6])
    _score(m2, l2, [7, 8, 6, 4, 10])
    _score(m2, l3, [10, 2, 3, 4, 5])
    return call, (l1, l2, l3), (m1, m2)


def test_ranking_matches_the_hand_computed_fixture(secretariat):
    call, (l1, l2, l3), _members = _scored_call(secretariat, places=1)

    result = svc.feasibility_ranking(call)

    assert [(r.letter.pk, round(r.score, 9), r.members, r.position) for r in result.rows] == [
        (l3.pk, 7.3, 2, 1),
        (l1.pk, 6.6, 2, 2),
        (l2.pk, 5.95, 2, 3),
    ]
    assert result.winners == [l3.pk]
    assert result.needs_chair_decision is False


def test_select_with_one_place_selects_the_top_letter(secretariat):
    call, (_l1, _l2, l3), _members = _scored_call(secretariat, places=1)

    selected = svc.feasibility_select(call=call, actor=secretariat)

    call.refresh_from_db()
    assert [x.pk for x in selected] == [l3.pk]
    assert sorted(LetterOfIntent.objects.filter(selected=True).values_list("pk", flat=True)) == [l3.pk]
    assert call.status == FeasibilityStatus.SELECTED
    assert AuditEvent.objects.get(action="learning.feasibility.select").data["selected"] == [l3.pk]


def test_select_with_two_places_selects_the_top_two_letters(secretariat):
    call, (l1, _l2, l3), _members = _scored_call(secretariat, places=2)

    svc.feasibility_select(call=call, actor=secretariat)

    assert sorted(LetterOfIntent.objects.filter(selected=True).values_list("pk", flat=True)) == sorted(
        [l3.pk, l1.pk]
    )


def test_selection_notifies_the_selected_city(secretariat):
    call, (_l1, _l2, l3), _members = _scored_call(secretariat, places=1)

    svc.feasibility_select(call=call, actor=secretariat)

    assert sorted(l3.submitted_by.notifications.values_list("subject", flat=True)) == [
        "Letter of intent received: Three City, feasibility study 2026",
        "Three City is selected for the 2026 feasibility study",
    ]


def test_conflicted_cell_is_absent_from_the_ranking(secretariat):
    call, (l1, l2, l3), (m1, m2) = _scored_call(secretariat, places=1)
    svc.conflict_declare(member=m2, letter=l3, kind="other", actor=secretariat, note="advised the city")

    result = svc.feasibility_ranking(call)

    assert sorted(result.totals) == sorted(
        [
            (str(m1.pk), str(l1.pk)),
            (str(m1.pk), str(l2.pk)),
            (str(m1.pk), str(l3.pk)),
            (str(m2.pk), str(l1.pk)),
            (str(m2.pk), str(l2.pk)),
        ]
    )
    # L3 now rests on member 1 alone: 9.0.
    assert [(r.letter.pk, round(r.score, 9), r.members) for r in result.rows] == [
        (l3.pk, 9.0, 1),
        (l1.pk, 6.6, 2),
        (l2.pk, 5.95, 2),
    ]


def test_tie_across_the_last_place_needs_the_chair(secretariat):
    call = _call(secretariat, places=1)
    l1, l2 = _letter(call, "Left City"), _letter(call, "Right City")
    m1 = _member(call, secretariat, "m1@example.org", is_chair=True)
    svc.feasibility_call_advance(call=call, actor=secretariat)
    _score(m1, l1, [7, 7, 7, 7, 7])
    _score(m1, l2, [7, 7, 7, 7, 7])

    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.feasibility_select(call=call, actor=secretariat)

    assert refused.value.message == (
        "Letters are tied across the last place: the chair's decision, with its reason, is needed first."
    )
    assert svc.feasibility_ranking(call).tied == sorted([l1.pk, l2.pk])
    assert LetterOfIntent.objects.filter(selected=True).count() == 0


def test_chair_decision_without_a_reason_is_refused(secretariat):
    call = _call(secretariat, places=1)
    l1, l2 = _letter(call, "Left City"), _letter(call, "Right City")
    m1 = _member(call, secretariat, "m1@example.org", is_chair=True)
    svc.feasibility_call_advance(call=call, actor=secretariat)
    _score(m1, l1, [7, 7, 7, 7, 7])
    _score(m1, l2, [7, 7, 7, 7, 7])

    with pytest.raises(svc.FeasibilityRefused) as refused:
        svc.chair_decide(call=call, actor=m1.user, order=[l2.pk, l1.pk], reason="  ")

    assert refused.value.field == "reason"


def test_chair_decision_settles_the_tie_and_selection_follows_it(secretariat):
    call = _call(secretariat, places=1)
    l1, l2 = _letter(call, "Left City"), _letter(call, "Right City")
    m1 = _member(call, secretariat, "m1@example.org", is_chair=True)
    svc.feasibility_call_advance(call=call, actor=secretariat)
    _score(m1, l1, [7, 7, 7, 7, 7])
    _score(m1, l2, [7, 7, 7, 7, 7])

    svc.chair_decide(call=call, actor=m1.user, order=[l2.pk, l1.pk], reason="Stronger national backing.")
    selected = svc.feasibility_select(call=call, actor=secretariat)

    assert [x.pk for x in selected] == [l2.pk]
    assert AuditEvent.objects.get(action="learning.feasibility.chair").data == {
        "order": [l2.pk, l1.pk],
        "reason": "Stronger national backing.",
    }


def test_score_outside_the_scale_is_refused(secretariat):
    call = _call(secretariat)
    letter = _letter(call, "Scale City")
    m1 = _member(call, secretariat, "m1@example.org")
    svc.feasibility_call_advance(call=call, actor=secretariat)

    with pytest.raises(svc.FeasibilityRefused) as refused:
        _score(m1, letter, [11, 5, 5, 5, 5])

    assert refused.value.field == "commitment"
    assert FeasibilityScore.objects.count() == 0


# After selection ---------------------------------------------------------------------------------------


def test_consultant_must_be_an_expert_or_a_name(secretariat):
    call, (_l1, _l2, l3), _members = _scored_call(secretariat, places=1)
    svc.feasibility_select(call=call, actor=secretariat)
    l3.refresh_from_db()
    expert = make_user("expert@example.org", RoleKind.EXPERT)

    by_account = svc.consultant_assign(letter=l3, actor=secretariat, user=expert, organisation="Lab")
    by_name = svc.consultant_assign(letter=l3, actor=secretariat, name="Kim", organisation="Firm")
    with pytest.raises(svc.FeasibilityRefused):
        svc.consultant_assign(letter=l3, actor=secretariat, user=make_user("plain@example.org"))

    assert [(c.user_id, c.name) for c in (by_account, by_name)] == [
        (expert.pk, "expert@example.org"),
        (None, "Kim"),
    ]


def test_milestones_and_site_visits_are_tracked(secretariat):
    call, (_l1, _l2, l3), _members = _scored_call(secretariat, places=1)
    svc.feasibility_select(call=call, actor=secretariat)
    l3.refresh_from_db()

    milestone = svc.milestone_add(letter=l3, actor=secretariat, title="Inception", due_on=dt.date(2026, 6, 1))
    svc.milestone_done(milestone=milestone, actor=secretariat, done_on=dt.date(2026, 5, 28))
    svc.site_visit_add(
        letter=l3,
        actor=secretariat,
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 7, 3),
        place="City hall",
        participants="Two consultants",
    )
    with pytest.raises(svc.FeasibilityRefused):
        svc.site_visit_add(
            letter=l3,
            actor=secretariat,
            starts_on=dt.date(2026, 7, 3),
            ends_on=dt.date(2026, 7, 1),
            place="x",
        )

    assert list(l3.milestones.values_list("title", "done_on")) == [("Inception", dt.date(2026, 5, 28))]
    assert list(l3.visits.values_list("place", "starts_on")) == [("City hall", dt.date(2026, 7, 1))]


def test_study_of_a_letter_not_selected_is_refused(secretariat):
    call, (l1, _l2, _l3), _members = _scored_call(secretariat, places=1)
    svc.feasibility_select(call=call, actor=secretariat)
    l1.refresh_from_db()

    with pytest.raises(svc.FeasibilityRefused):
        svc.milestone_add(letter=l1, actor=secretariat, title="x", due_on=dt.date(2026, 6, 1))


def test_report_is_visible_to_anyone_only_once_published(secretariat):
    call, (_l1, _l2, l3), _members = _scored_call(secretariat, places=1)
    svc.feasibility_select(call=call, actor=secretariat)
    l3.refresh_from_db()
    svc.report_upload(letter=l3, actor=secretariat, upload=pdf_upload("report.pdf"))
    before = list(svc.reports_visible_to(None))
    before_list = list(svc.published_reports())

    svc.report_publish(letter=l3, actor=secretariat)

    assert (before, before_list) == ([], [])
    assert [x.pk for x in svc.reports_visible_to(None)] == [l3.pk]
    assert AuditEvent.objects.filter(action="learning.feasibility.report_publish").count() == 1
    assert (
        l3.submitted_by.notifications.filter(subject__startswith="Feasibility study report published").count()
        == 1
    )


def test_call_advance_to_scoring_flags_conflicts(secretariat):
    call = _call(secretariat)
    country = CountryFactory(iso3="MEX", name="Mexico", region="Americas")
    member = _member(call, secretariat, "mx@example.org", country=country)
    letter = _letter(call, "Mexico City Test", country=country)
    FeasibilityConflict.objects.all().delete()

    svc.feasibility_call_advance(call=call, actor=secretariat)

    assert list(FeasibilityConflict.objects.values_list("member_id", "letter_id", "kind")) == [
        (member.pk, letter.pk, "same_country")
    ]


def test_letters_listing_when_timezone_now_is_past_the_deadline_is_closed(secretariat):
    call = _call(secretariat)

    assert call.is_open(DEADLINE) is True
    assert call.is_open(DEADLINE + dt.timedelta(seconds=1)) is False
    assert call.is_open(timezone.now()) is (timezone.now() <= DEADLINE)
