"""Answering, teamwork, prefill, submit and reopen: the services behind the questionnaire."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from tests.factories import AssessmentFactory, CycleFactory
from tests.personas import build_world, make_user
from wego.accounts.models import RoleKind
from wego.assessments.models import Answer, AnswerRevision, Assessment, AssessmentStatus, Cycle
from wego.assessments.services import (
    AnswerInput,
    AnswerRefused,
    AnswerRefusedBatch,
    SubmitRefused,
    answer_save,
    answers_save_batch,
    assessment_completeness,
    assessment_reopen,
    assessment_start,
    assessment_submit,
    evidence_attach,
)
from wego.common.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_answer_save_writes_answer_revision_and_audit(world):
    coordinator = world.users["coordinator_a"]

    outcome = answer_save(
        assessment=world.assessment_a,
        actor=coordinator,
        item=AnswerInput("GM.1.2", value="4", comment="Decree 12/2025", expected_version=0),
    )

    answer = Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.2")
    revision = AnswerRevision.objects.get(assessment=world.assessment_a, question_id="GM.1.2")
    assert (outcome.changed, answer.value, answer.version, answer.comment, answer.answered_by) == (
        True,
        "4",
        1,
        "Decree 12/2025",
        coordinator,
    )
    assert (revision.old_value, revision.new_value, revision.actor, revision.changes) == (
        "",
        "4",
        coordinator,
        {"comment": ["", "Decree 12/2025"]},
    )
    assert AuditEvent.objects.filter(action="answer.answer", object_id=str(answer.pk)).count() == 1


def test_concurrent_edit_the_later_writer_gets_a_conflict_and_nothing_is_lost(world):
    first, second = world.users["coordinator_a"], world.users["respondent_a"]
    seen = Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.1").version

    answer_save(
        assessment=world.assessment_a,
        actor=first,
        item=AnswerInput("GM.1.1", value="4", expected_version=seen),
    )
    late = answer_save(
        assessment=world.assessment_a,
        actor=second,
        item=AnswerInput("GM.1.1", value="2", expected_version=seen),
    )

    stored = Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.1")
    assert late.answer is None
    assert (late.conflict.value, late.conflict.answered_by) == ("4", first)
    assert (stored.value, stored.version) == ("4", seen + 1)
    # The later writer chooses theirs, now against the version they were shown.
    chosen = answer_save(
        assessment=world.assessment_a,
        actor=second,
        item=AnswerInput("GM.1.1", value="2", expected_version=late.conflict.version),
    )
    assert (chosen.answer.value, chosen.answer.version) == ("2", seen + 2)
    assert list(
        AnswerRevision.objects.filter(question_id="GM.1.1")
        .order_by("id")
        .values_list("old_value", "new_value")
    ) == [
        ("3", "4"),
        ("4", "2"),
    ]


@pytest.mark.django_db(transaction=True)
def test_truly_concurrent_saves_of_one_answer_let_exactly_one_win():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that runs two transactions at once (PostgreSQL)")
    world = build_world()
    users = [world.users["coordinator_a"], world.users["respondent_a"]]
    barrier = threading.Barrier(2)
    results = []

    def save(user, value):
        barrier.wait()
        try:
            outcome = answer_save(
                assessment=world.assessment_a,
                actor=user,
                item=AnswerInput("GM.1.1", value=value, expected_version=1),
            )
            results.append("saved" if outcome.answer is not None else "conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(u, v)) for u, v in zip(users, ["4", "5"], strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["conflict", "saved"]
    assert Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.1").version == 2
    assert AnswerRevision.objects.filter(question_id="GM.1.1").count() == 1


def test_saving_the_same_answer_again_changes_nothing(world):
    answer_save(
        assessment=world.assessment_a,
        actor=world.users["coordinator_a"],
        item=AnswerInput("GM.1.1", value="3"),
    )

    assert Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.1").version == 1
    assert AnswerRevision.objects.count() == 0


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (AnswerInput("GM.1.1", value="9"), "'9' is not a level: expected a whole number from 1 to 5"),
        (AnswerInput("GM.1.1", value=""), "Choose an answer."),
        (AnswerInput("XX.9.9", value="1"), "There is no such question in this framework."),
        (
            AnswerInput("GM.1.1", value="2", evidence_url="javascript:alert(1)"),
            "The evidence link must be a web address starting with http:// or https://.",
        ),
    ],
)
def test_bad_answers_are_refused_with_a_reason(world, item, message):
    with pytest.raises(AnswerRefused) as caught:
        answer_save(assessment=world.assessment_a, actor=world.users["coordinator_a"], item=item)

    assert caught.value.message == message
    assert Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.1").value == "3"


def test_respondent_answers_only_assigned_sections(world):
    respondent = world.users["respondent_a"]

    answer_save(assessment=world.assessment_a, actor=respondent, item=AnswerInput("GM.2.1", value="2"))
    with pytest.raises(PermissionDenied):
        answer_save(assessment=world.assessment_a, actor=respondent, item=AnswerInput("PI.1.1", value="2"))

    assert sorted(world.assessment_a.answers.values_list("question_id", flat=True)) == ["GM.1.1", "GM.2.1"]


def test_batch_is_all_or_nothing(world):
    items = [
        AnswerInput("GM.1.2", value="2"),
        AnswerInput("GM.1.3", value="8"),
        AnswerInput("GM.2.1", status="dont_know"),
    ]

    with pytest.raises(AnswerRefusedBatch) as caught:
        answers_save_batch(assessment=world.assessment_a, actor=world.users["coordinator_a"], items=items)

    assert [(p.question_id, p.message) for p in caught.value.problems] == [
        ("GM.1.3", "'8' is not a level: expected a whole number from 1 to 5")
    ]
    assert list(world.assessment_a.answers.values_list("question_id", flat=True)) == ["GM.1.1"]


def test_batch_with_a_stale_version_saves_nothing(world):
    items = [
        AnswerInput("GM.1.2", value="2", expected_version=0),
        AnswerInput("GM.1.1", value="5", expected_version=0),
    ]

    with pytest.raises(AnswerRefusedBatch) as caught:
        answers_save_batch(assessment=world.assessment_a, actor=world.users["coordinator_a"], items=items)

    assert [p.question_id for p in caught.value.problems] == ["GM.1.1"]
    assert sorted(world.assessment_a.answers.values_list("question_id", "value")) == [("GM.1.1", "3")]


def test_prefill_carries_answers_marked_unchanged_until_confirmed_or_changed(world):
    coordinator = world.users["coordinator_a"]
    old_cycle = CycleFactory(
        framework=world.assessment_a.cycle.framework,
        year=2020,
        opens_on=dt.date(2020, 1, 1),
        closes_on=dt.date(2020, 6, 30),
    )
    previous = AssessmentFactory(city=world.city_a, cycle=old_cycle, status=AssessmentStatus.SUBMITTED)
    Answer.objects.bulk_create(
        [
            Answer(assessment=previous, question_id="GM.1.1", value="2", comment="2020 note"),
            Answer(assessment=previous, question_id="GM.1.2", status="dont_know"),
            Answer(assessment=previous, question_id="GONE.1", value="1"),  # no longer in the framework
        ]
    )
    world.assessment_a.delete()
    cycle = Cycle.objects.get(year=timezone.now().year)

    assessment = assessment_start(city=world.city_a, cycle=cycle, actor=coordinator)

    carried = list(
        assessment.answers.order_by("question_id").values_list(
            "question_id", "status", "value", "comment", "carried_from_year"
        )
    )
    assert carried == [("GM.1.1", "answered", "2", "2020 note", 2020), ("GM.1.2", "dont_know", "", "", 2020)]
    assert (assessment.previous, assessment.status) == (previous, AssessmentStatus.IN_PROGRESS)
    answer_save(
        assessment=assessment, actor=coordinator, item=AnswerInput("GM.1.1", value="2"), action="confirm"
    )
    answer_save(assessment=assessment, actor=coordinator, item=AnswerInput("GM.1.2", value="4"))
    assert list(assessment.answers.order_by("question_id").values_list("value", "carried_from_year")) == [
        ("2", None),
        ("4", None),
    ]
    assert list(
        AnswerRevision.objects.filter(assessment=assessment).order_by("id").values_list("action", flat=True)
    ) == ["confirm", "answer"]


def test_start_refuses_a_city_not_invited_and_a_closed_cycle(world):
    coordinator = world.users["coordinator_a"]
    cycle = world.assessment_a.cycle
    cycle.invited.set([world.city_b])
    world.assessment_a.delete()

    with pytest.raises(SubmitRefused, match=r"Alpha City is not invited to this cycle\."):
        assessment_start(city=world.city_a, cycle=cycle, actor=coordinator)
    closed = CycleFactory(
        framework=cycle.framework, year=2019, opens_on=dt.date(2019, 1, 1), closes_on=dt.date(2019, 2, 1)
    )
    with pytest.raises(SubmitRefused, match="The cycle is not open"):
        assessment_start(city=world.city_a, cycle=closed, actor=coordinator)
    with pytest.raises(PermissionDenied):
        assessment_start(city=world.city_a, cycle=cycle, actor=world.users["coordinator_b"])


def test_submit_below_threshold_lists_what_is_missing(world):
    with pytest.raises(SubmitRefused) as caught:
        assessment_submit(assessment=world.assessment_a, actor=world.users["coordinator_a"])

    completeness = caught.value.completeness
    assert caught.value.message == "0% of the questions are answered; 100% are needed to submit."
    assert (completeness.answered, completeness.total) == (1, 200)
    assert completeness.missing["GM"][:3] == ["GM.1.2", "GM.1.3", "GM.2.1"]
    assert sorted(completeness.missing) == [
        "CR",
        "GM",
        "IN",
        "PI",
        "PS",
        "RC",
        "eadmin",
        "eindustry",
        "einfra",
        "elife",
    ]


def test_submit_locks_and_reopen_with_a_reason_unlocks(world):
    coordinator = world.users["coordinator_a"]
    cycle = world.assessment_a.cycle
    cycle.completeness_threshold = 0.0
    cycle.save()

    assessment_submit(assessment=world.assessment_a, actor=coordinator)
    with pytest.raises(AnswerRefused, match="The assessment is submitted; it must be reopened"):
        answer_save(assessment=world.assessment_a, actor=coordinator, item=AnswerInput("GM.1.1", value="5"))
    with pytest.raises(SubmitRefused, match="Say why"):
        assessment_reopen(assessment=world.assessment_a, actor=coordinator, reason="")
    assessment_reopen(
        assessment=world.assessment_a, actor=coordinator, reason="The ICT budget figure was wrong"
    )

    world.assessment_a.refresh_from_db()
    assert world.assessment_a.status == AssessmentStatus.IN_PROGRESS
    assert list(
        AuditEvent.objects.filter(action__startswith="assessment.")
        .order_by("id")
        .values_list("action", "data__reason")
    ) == [
        ("assessment.submit", None),
        ("assessment.reopen", "The ICT budget figure was wrong"),
    ]


def test_after_the_deadline_only_the_secretariat_reopens(world):
    cycle = world.assessment_a.cycle
    cycle.completeness_threshold = 0.0
    cycle.save()
    assessment_submit(assessment=world.assessment_a, actor=world.users["coordinator_a"])
    Cycle.objects.filter(pk=cycle.pk).update(closes_on=timezone.now().date() - dt.timedelta(days=1))
    assessment = Assessment.objects.get(pk=world.assessment_a.pk)

    with pytest.raises(PermissionDenied):
        assessment_reopen(assessment=assessment, actor=world.users["coordinator_a"], reason="Late correction")
    assessment_reopen(
        assessment=assessment, actor=world.users["secretariat"], reason="Late correction agreed"
    )

    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.IN_PROGRESS


def test_completeness_counts_dont_know_and_not_applicable_as_answered(world):
    answers_save_batch(
        assessment=world.assessment_a,
        actor=world.users["coordinator_a"],
        items=[AnswerInput("GM.1.2", status="dont_know"), AnswerInput("GM.1.3", status="not_applicable")],
    )

    assert assessment_completeness(world.assessment_a).answered == 3


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("decree.pdf", b"MZ\x90\x00 not a pdf", "The file's content is not a PDF file."),
        (
            "tool.exe",
            b"MZ\x90\x00",
            "Upload a PDF, an image (PNG, JPEG, GIF, WebP) or an office document (Word, Excel, PowerPoint, OpenDocument).",
        ),
        ("big.pdf", PDF + b"0" * 2 * 1024 * 1024, "The file is larger than 1 MB."),
    ],
)
@override_settings(MAX_UPLOAD_MB=1)
def test_evidence_files_are_checked_by_type_content_and_size(
    world, tmp_path, settings, name, content, message
):
    settings.MEDIA_ROOT = tmp_path

    with pytest.raises(ValidationError) as caught:
        evidence_attach(
            assessment=world.assessment_a,
            actor=world.users["coordinator_a"],
            question_id="GM.1.1",
            upload=SimpleUploadedFile(name, content),
        )

    assert caught.value.messages == [message]
    assert Answer.objects.get(assessment=world.assessment_a, question_id="GM.1.1").evidence_file.name == ""


def test_evidence_file_is_kept_with_the_answer(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path

    answer = evidence_attach(
        assessment=world.assessment_a,
        actor=world.users["respondent_a"],
        question_id="GM.1.1",
        upload=SimpleUploadedFile("decree.pdf", PDF),
    )

    assert answer.evidence_file.name.startswith("evidence/")
    with answer.evidence_file.open("rb") as stored:
        assert stored.read() == PDF
    assert AnswerRevision.objects.get(question_id="GM.1.1").action == "evidence"


def test_consultant_reads_but_cannot_answer(world):
    consultant = make_user("c2@example.org", RoleKind.CONSULTANT, world.city_a)

    assert consultant.has_perm("assessments.view_assessment", world.assessment_a)
    with pytest.raises(PermissionDenied):
        answer_save(assessment=world.assessment_a, actor=consultant, item=AnswerInput("GM.1.1", value="5"))
