"""Secret ballots: one per eligible Full member, a window, quorum and majority, secrecy,
verifiability by receipt, and no lost or doubled ballot under concurrency."""

from __future__ import annotations

import datetime as dt
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models

from tests.factories import CityFactory
from tests.governance.conftest import cities, person
from wego.accounts.models import RoleKind, User
from wego.common.models import AuditEvent, Notification
from wego.governance.models import Ballot, BallotRoll, Majority, Outcome, Vote, VoteKind, VoteStatus
from wego.governance.selectors import receipt_lookup, tally_list
from wego.governance.services import (
    BallotRefused,
    ballot_cast,
    delegate_designate,
    vote_create,
    vote_open,
    vote_publish,
)
from wego.members.models import City

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def _electorate(n: int, prefix: str = "Voter") -> list[tuple[City, User]]:
    return [
        (city, person(f"coordinator-{city.slug}@example.org", RoleKind.COORDINATOR, city))
        for city in cities(n, prefix)
    ]


def _open_motion(
    gov, now, *, majority=Majority.SIMPLE, quorum=50, kind=VoteKind.MOTION, candidates=None
) -> Vote:
    vote = vote_create(
        meeting=gov.assembly,
        kind=kind,
        title="Amend the statute",
        question="Shall the statute be amended?",
        majority=majority,
        quorum_percent=quorum,
        opens_at=now - HOUR,
        closes_at=now + HOUR,
        candidates=candidates,
        actor=gov.secretariat,
    )
    return vote_open(vote=vote, actor=gov.secretariat, now=now)


def _option(vote: Vote, label: str) -> int:
    return vote.options.get(label=label).pk


def _cast_all(vote, voters, labels, now):
    return [
        ballot_cast(vote=vote, city=city, option_id=_option(vote, label), actor=user, now=now).receipt
        for (city, user), label in zip(voters, labels, strict=True)
    ]


# Casting -------------------------------------------------------------------------------------


def test_opening_fixes_the_roll_of_full_members_and_tells_their_delegates(gov, now):
    voters = _electorate(3)
    CityFactory(name="Associate", member_category="associate")

    vote = _open_motion(gov, now)

    assert (vote.status, vote.eligible_count) == (VoteStatus.OPEN, 3)
    assert sorted(Notification.objects.values_list("recipient__email", "subject")) == sorted(
        (user.email, "Vote open: Amend the statute") for _city, user in voters
    )


def test_ballot_is_counted_once_with_a_receipt(gov, now):
    (city, user), *_ = _electorate(2)
    vote = _open_motion(gov, now)

    result = ballot_cast(vote=vote, city=city, option_id=_option(vote, "Yes"), actor=user, now=now)

    assert len(result.receipt) == 24
    assert list(Ballot.objects.values_list("receipt", "option__label")) == [(result.receipt, "Yes")]
    assert list(BallotRoll.objects.values_list("city__name", flat=True)) == [city.name]


def test_second_ballot_from_the_same_city_is_refused(gov, now):
    (city, user), *_ = _electorate(2)
    vote = _open_motion(gov, now)
    ballot_cast(vote=vote, city=city, option_id=_option(vote, "Yes"), actor=user, now=now)

    with pytest.raises(BallotRefused) as refused:
        ballot_cast(vote=vote, city=city, option_id=_option(vote, "No"), actor=user, now=now)

    assert (refused.value.reason, refused.value.message) == (
        "already_voted",
        "Voter 000 has already voted; a city casts one ballot.",
    )
    assert list(Ballot.objects.values_list("option__label", flat=True)) == ["Yes"]
    assert BallotRoll.objects.count() == 1


def test_ballot_outside_the_window_is_refused(gov, now):
    (city, user), *_ = _electorate(1)
    vote = _open_motion(gov, now)

    with pytest.raises(BallotRefused) as refused:
        ballot_cast(vote=vote, city=city, option_id=_option(vote, "Yes"), actor=user, now=now + 2 * HOUR)

    assert refused.value.reason == "window"
    assert Ballot.objects.count() == BallotRoll.objects.count() == 0


def test_ballot_of_a_city_that_is_not_a_full_member_is_refused(gov, now):
    _electorate(1)
    associate = CityFactory(name="Associate", member_category="associate")
    coordinator = person("coordinator@associate.example", RoleKind.COORDINATOR, associate)
    vote = _open_motion(gov, now)

    with pytest.raises(BallotRefused) as refused:
        ballot_cast(vote=vote, city=associate, option_id=_option(vote, "Yes"), actor=coordinator, now=now)

    assert (refused.value.reason, refused.value.message) == (
        "not_eligible",
        "Associate is not a Full member entitled to vote on this.",
    )


def test_ballot_by_someone_other_than_the_delegate_is_refused(gov, now):
    (city, _user), *_ = _electorate(1)
    respondent = person("respondent@example.org", RoleKind.RESPONDENT, city)
    vote = _open_motion(gov, now)

    with pytest.raises(PermissionDenied):
        ballot_cast(vote=vote, city=city, option_id=_option(vote, "Yes"), actor=respondent, now=now)

    assert Ballot.objects.count() == BallotRoll.objects.count() == 0


def test_designated_delegate_casts_the_city_ballot(gov, now):
    (city, coordinator), *_ = _electorate(1)
    deputy = person("deputy@example.org", RoleKind.RESPONDENT, city)
    delegate_designate(meeting=gov.assembly, city=city, user=deputy, actor=coordinator)
    vote = _open_motion(gov, now)

    ballot_cast(vote=vote, city=city, option_id=_option(vote, "No"), actor=deputy, now=now)

    assert list(Ballot.objects.values_list("option__label", flat=True)) == ["No"]


def test_delegate_without_a_role_at_the_city_is_refused(gov):
    (city, coordinator), *_ = _electorate(1)
    stranger = person("stranger@example.org")

    with pytest.raises(ValidationError) as refused:
        delegate_designate(meeting=gov.assembly, city=city, user=stranger, actor=coordinator)

    assert refused.value.messages == [
        "stranger@example.org has no role at Voter 000; invite them to the city first."
    ]


# Results -------------------------------------------------------------------------------------


def test_results_are_not_published_before_the_window_closes(gov, now):
    _electorate(1)
    vote = _open_motion(gov, now)

    with pytest.raises(ValidationError):
        vote_publish(vote=vote, actor=gov.secretariat, now=now)

    assert tally_list(vote) == []


def test_motion_adopted_by_simple_majority_abstentions_aside(gov, now):
    voters = _electorate(6)
    vote = _open_motion(gov, now)
    _cast_all(vote, voters, ["Yes", "Yes", "No", "Abstain", "Abstain", "Abstain"], now)

    vote = vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    assert (vote.outcome, vote.ballots_cast, vote.winner.label) == (Outcome.ADOPTED, 6, "Yes")
    assert list(vote.options.values_list("label", "count")) == [("Yes", 2), ("No", 1), ("Abstain", 3)]


def test_motion_short_of_two_thirds_is_rejected(gov, now):
    voters = _electorate(5)
    vote = _open_motion(gov, now, majority=Majority.TWO_THIRDS)
    _cast_all(vote, voters, ["Yes", "Yes", "Yes", "No", "No"], now)

    vote = vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    assert (vote.outcome, vote.winner) == (Outcome.REJECTED, None)


def test_motion_with_two_thirds_is_adopted(gov, now):
    voters = _electorate(3)
    vote = _open_motion(gov, now, majority=Majority.TWO_THIRDS)
    _cast_all(vote, voters, ["Yes", "Yes", "No"], now)

    vote = vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    assert vote.outcome == Outcome.ADOPTED


def test_quorum_failure_is_reported(gov, now):
    voters = _electorate(10)
    vote = _open_motion(gov, now, quorum=50)
    _cast_all(vote, voters[:4], ["Yes"] * 4, now)

    vote = vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    assert (
        vote.outcome,
        vote.get_outcome_display(),
        vote.ballots_cast,
        vote.eligible_count,
        vote.winner,
    ) == (
        Outcome.NO_QUORUM,
        "Quorum not reached: no decision",
        4,
        10,
        None,
    )
    assert AuditEvent.objects.filter(action="vote.publish").get().data["quorum_needed"] == 5


def test_election_winner_needs_the_majority(gov, now):
    voters = _electorate(7)
    candidates = [voters[0][0], voters[1][0], voters[2][0]]
    vote = _open_motion(gov, now, kind=VoteKind.ELECTION, candidates=candidates)
    _cast_all(vote, voters, ["Voter 000"] * 3 + ["Voter 001"] * 2 + ["Voter 002", "Abstain"], now)

    vote = vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    assert (vote.outcome, vote.winner) == (Outcome.NO_MAJORITY, None)


def test_election_winner_is_elected(gov, now):
    voters = _electorate(5)
    vote = _open_motion(gov, now, kind=VoteKind.ELECTION, candidates=[voters[0][0], voters[1][0]])
    _cast_all(vote, voters, ["Voter 000"] * 3 + ["Voter 001", "Abstain"], now)

    vote = vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    assert (vote.outcome, vote.winner.label) == (Outcome.ELECTED, "Voter 000")


def test_publication_tells_the_delegates(gov, now):
    voters = _electorate(2)
    vote = _open_motion(gov, now)
    _cast_all(vote, voters, ["Yes", "Yes"], now)
    Notification.objects.all().delete()

    vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    assert sorted(Notification.objects.values_list("recipient__email", "subject")) == sorted(
        (user.email, "Results published: Amend the statute") for _c, user in voters
    )


# Verifiability -------------------------------------------------------------------------------


def test_receipt_is_found_in_the_published_tally_with_its_choice(gov, now):
    voters = _electorate(3)
    vote = _open_motion(gov, now)
    receipts = _cast_all(vote, voters, ["Yes", "No", "Yes"], now)

    vote = vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    tally = dict(tally_list(vote))
    assert (tally[receipts[1]], receipt_lookup(vote, receipts[1].lower())) == ("No", "No")
    assert sorted(tally) == sorted(receipts)
    assert receipt_lookup(vote, "AAAA-BBBB-CCCC-DDDD-EEEE") is None


# Secrecy -------------------------------------------------------------------------------------


def _columns(model) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(
            c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)
        )


def _references(model) -> list[str]:
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, model._meta.db_table)
    return sorted(table for _column, table in relations.values())


def test_stored_ballot_has_no_column_or_key_that_leads_to_a_voter():
    assert _columns(Ballot) == ["id", "option_id", "receipt", "vote_id"]
    assert _references(Ballot) == ["governance_vote", "governance_voteoption"]
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert [
        f.name for f in Ballot._meta.get_fields() if isinstance(f, models.DateField | models.AutoField)
    ] == []


def test_voted_roll_holds_no_choice_no_receipt_and_no_time():
    assert _columns(BallotRoll) == ["city_id", "id", "vote_id"]
    assert _references(BallotRoll) == ["governance_vote", "members_city"]
    assert isinstance(BallotRoll._meta.pk, models.UUIDField)


def test_no_table_refers_to_a_ballot_or_a_roll_entry():
    from django.apps import apps

    pointing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "related_model", None) in (Ballot, BallotRoll) and field.concrete
    ]

    assert pointing == []


def test_ballot_order_does_not_follow_casting_order(gov, now):
    voters = _electorate(30)
    vote = _open_motion(gov, now)
    labels = [random.choice(["Yes", "No", "Abstain"]) for _ in voters]
    receipts = _cast_all(vote, voters, labels, now)

    by_id = list(Ballot.objects.order_by("id").values_list("receipt", flat=True))
    by_default = list(Ballot.objects.values_list("receipt", flat=True))
    roll_by_id = list(BallotRoll.objects.order_by("id").values_list("city__name", flat=True))

    assert by_id != receipts
    assert by_default == sorted(receipts)
    assert roll_by_id != [city.name for city, _user in voters]


def test_storage_order_is_shuffled_when_results_are_published(gov, now):
    voters = _electorate(30)
    vote = _open_motion(gov, now)
    receipts = _cast_all(vote, voters, ["Yes"] * 30, now)

    vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    with connection.cursor() as cursor:  # the order rows come back in when nothing asks for one
        cursor.execute("SELECT receipt FROM governance_ballot")
        stored = [row[0] for row in cursor.fetchall()]
    assert sorted(stored) == sorted(receipts)
    assert stored != receipts


def test_casting_writes_no_audit_row_and_no_notification(gov, now):
    voters = _electorate(3)
    vote = _open_motion(gov, now)
    audit_before, notes_before = AuditEvent.objects.count(), Notification.objects.count()

    receipts = _cast_all(vote, voters, ["Yes", "No", "Yes"], now)

    assert (AuditEvent.objects.count(), Notification.objects.count()) == (audit_before, notes_before)
    serialised = str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert [r for r in receipts if r in serialised] == []


def test_publication_audit_holds_counts_only(gov, now):
    voters = _electorate(2)
    vote = _open_motion(gov, now)
    receipts = _cast_all(vote, voters, ["Yes", "No"], now)

    vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)

    data = AuditEvent.objects.get(action="vote.publish").data
    assert sorted(data) == ["cast", "counts", "eligible", "outcome", "quorum_needed"]
    assert [r for r in receipts if r in str(data)] == []


# Concurrency (PostgreSQL) ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_ballots_are_all_counted_once(gov, now):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that runs transactions at once (PostgreSQL)")
    voters = _electorate(200)
    vote = _open_motion(gov, now)
    yes, no = _option(vote, "Yes"), _option(vote, "No")
    attempts = [(city, user, yes if i % 2 else no) for i, (city, user) in enumerate(voters)]
    attempts += [(city, user, yes) for city, user in voters[:40]]  # second ballots, racing the first
    random.shuffle(attempts)
    start = threading.Barrier(16)
    outcomes: list[str] = []
    lock = threading.Lock()

    def cast(attempt):
        city, user, option_id = attempt
        try:
            ballot_cast(vote=vote, city=city, option_id=option_id, actor=user, now=now)
            outcome = "cast"
        except BallotRefused as refused:
            outcome = refused.reason
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    def warm(_):
        start.wait()

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(warm, range(16)))
        list(pool.map(cast, attempts))

    vote = vote_publish(vote=vote, actor=gov.secretariat, now=now + 2 * HOUR)
    assert (outcomes.count("cast"), outcomes.count("already_voted"), len(outcomes)) == (200, 40, 240)
    assert (Ballot.objects.filter(vote=vote).count(), BallotRoll.objects.filter(vote=vote).count()) == (
        200,
        200,
    )
    assert vote.ballots_cast == 200
    assert len(set(Ballot.objects.values_list("receipt", flat=True))) == 200
