import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import AssessmentFactory, CityFactory, CycleFactory
from tests.operations.conftest import all_rows
from tests.personas import log_in, make_user
from wego.accounts.models import Role, RoleKind
from wego.assessments.models import Answer, Assessment, FrameworkVersion, SectionAssignment
from wego.assessments.selectors import assessments_visible_to
from wego.assessments.services import frameworks_load_shipped
from wego.cli import main
from wego.common.models import AuditEvent
from wego.members.models import City, Invoice
from wego.operations.data import OperationError
from wego.operations.models import TrashEntry
from wego.operations.services import assessment_delete, city_delete, trash_purge, trash_restore

pytestmark = pytest.mark.django_db

# Tables a deletion and its undoing write to by design.
BOOKKEEPING = ("common.auditevent", "operations.trashentry")


def live_rows():
    return {label: rows for label, rows in all_rows("default").items() if label not in BOOKKEEPING}


@pytest.fixture
def world(settings):
    """Two cities of their own (the personas' cities carry records of other apps that
    protect them from deletion), each with an assessment; city A's has an evidence file."""
    frameworks_load_shipped()
    version = FrameworkVersion.objects.get(slug="ceds", is_current=True)
    cycle = CycleFactory(framework=version)
    city_a = CityFactory(name="Gamma City")
    city_b = CityFactory(name="Delta City")
    assessment_a = AssessmentFactory(city=city_a, cycle=cycle, status="in_progress")
    assessment_b = AssessmentFactory(city=city_b, cycle=cycle, status="in_progress")
    answer = Answer.objects.create(assessment=assessment_a, question_id="GM.1.1", value="3")
    answer.evidence_file.save("policy.pdf", ContentFile(b"%PDF-1.4 evidence\n"), save=True)
    users = {
        "coordinator_a": make_user("coord-g@example.org", RoleKind.COORDINATOR, city_a),
        "respondent_a": make_user("resp-g@example.org", RoleKind.RESPONDENT, city_a),
        "secretariat": make_user("sec-g@example.org", RoleKind.SECRETARIAT, is_staff=True),
    }
    SectionAssignment.objects.create(assessment=assessment_a, user=users["respondent_a"], section_id="GM")
    return SimpleNamespace(
        city_a=city_a,
        city_b=city_b,
        assessment_a=assessment_a,
        assessment_b=assessment_b,
        users=users,
        evidence=settings.MEDIA_ROOT / answer.evidence_file.name,
    )


def test_assessment_delete_takes_it_out_of_every_selector(world):
    coordinator = world.users["coordinator_a"]
    secretariat = world.users["secretariat"]
    pk, label = world.assessment_a.pk, str(world.assessment_a)

    entry = assessment_delete(assessment=world.assessment_a, actor=secretariat, reason="entered twice")

    assert list(assessments_visible_to(coordinator)) == []
    assert list(assessments_visible_to(secretariat)) == [world.assessment_b]
    assert Answer.objects.filter(assessment_id=pk).count() == 0
    assert (entry.kind, entry.object_id, entry.label, entry.reason, entry.deleted_by) == (
        "assessment",
        str(pk),
        label,
        "entered twice",
        secretariat,
    )
    # The assessment, its answer and the respondent's section assignment.
    assert entry.row_count == 3
    assert entry.purge_after - entry.deleted_at == dt.timedelta(days=90)
    assert world.evidence.read_bytes() == b"%PDF-1.4 evidence\n"
    event = AuditEvent.objects.get(action="assessment.delete")
    assert (event.actor, event.object_id, event.data) == (
        secretariat,
        str(pk),
        {"reason": "entered twice"},
    )


def test_trash_restore_puts_every_row_back(world):
    world.assessment_b.previous = world.assessment_a
    world.assessment_b.save()
    world.assessment_a.cycle.invited.add(world.city_a)
    a_pk = world.assessment_a.pk
    before = live_rows()
    entry = city_delete(city=world.city_a, actor=world.users["secretariat"])
    assert Assessment.objects.get(pk=world.assessment_b.pk).previous is None

    restored = trash_restore(entry=entry, actor=world.users["secretariat"])

    assert live_rows() == before
    assert restored == entry.row_count
    assert Assessment.objects.get(pk=world.assessment_b.pk).previous_id == a_pk
    assert TrashEntry.objects.count() == 0
    assert AuditEvent.objects.filter(action="city.restore").count() == 1


def test_city_delete_takes_its_assessments_and_roles(world):
    city_pk = world.city_a.pk

    city_delete(city=world.city_a, actor=world.users["secretariat"])

    assert list(City.objects.values_list("name", flat=True)) == ["Delta City"]
    assert list(Assessment.objects.all()) == [world.assessment_b]
    assert Role.objects.filter(city_id=city_pk).count() == 0
    assert list(assessments_visible_to(world.users["coordinator_a"])) == []


def test_city_delete_refused_while_invoices_refer_to_it(world):
    Invoice.objects.create(
        number="2026-001",
        city=world.city_a,
        year=2026,
        category="full",
        amount=Decimal("1000.00"),
        currency="USD",
        issued_on=dt.date(2026, 1, 1),
        due_on=dt.date(2026, 3, 1),
    )

    with pytest.raises(
        OperationError,
        match=r"^Gamma City cannot be deleted while these records refer to it: invoices \(1\); delete or move them first$",
    ):
        city_delete(city=world.city_a, actor=world.users["secretariat"])
    assert City.objects.filter(pk=world.city_a.pk).exists()
    assert Assessment.objects.filter(pk=world.assessment_a.pk).exists()
    assert TrashEntry.objects.count() == 0


def test_trash_restore_refused_when_the_name_was_taken_since(world):
    assessment_pk = world.assessment_a.pk
    entry = city_delete(city=world.city_a, actor=world.users["secretariat"])
    City.objects.create(name="Gamma City", slug=world.city_a.slug, country_id="KOR", latitude=0, longitude=0)

    with pytest.raises(
        OperationError, match=r"cannot be put back: a members.city row conflicts with one created"
    ):
        trash_restore(entry=entry, actor=world.users["secretariat"])
    assert TrashEntry.objects.filter(pk=entry.pk).exists()
    assert Assessment.objects.filter(pk=assessment_pk).exists() is False


def test_purge_deletes_only_what_is_past_retention_and_its_files(world, django_capture_on_commit_callbacks):
    entry = assessment_delete(assessment=world.assessment_a, actor=world.users["secretariat"])
    later = timezone.now() + dt.timedelta(days=89)

    with django_capture_on_commit_callbacks(execute=True):
        kept = trash_purge(now=later)
    with django_capture_on_commit_callbacks(execute=True):
        purged = trash_purge(now=later + dt.timedelta(days=2))

    assert kept == []
    assert [p.pk for p in purged] == [entry.pk]
    assert TrashEntry.objects.count() == 0
    assert world.evidence.exists() is False
    assert AuditEvent.objects.filter(action="assessment.purge").count() == 1


def test_cli_trash_list_and_purge(world, capsys, settings):
    settings.RETENTION_DAYS = 1
    entry = assessment_delete(assessment=world.assessment_a, actor=world.users["secretariat"])
    TrashEntry.objects.filter(pk=entry.pk).update(purge_after=timezone.now() - dt.timedelta(minutes=1))

    assert main(["trash"]) == 0
    listed = capsys.readouterr().out
    assert main(["purge", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert main(["purge"]) == 0
    purged = capsys.readouterr().out

    assert listed.startswith(f"{entry.pk:>5}  assessment  {entry.label}  deleted ")
    assert dry.endswith("1 deleted items would be purged; 1 remain in the trash.\n")
    assert purged.endswith("1 deleted items purged; 0 remain in the trash.\n")
    assert purged.startswith(f"assessment {entry.label}: deleted ")


def test_admin_delete_moves_the_assessment_to_the_trash(client, world):
    admin_user = make_user("root@example.org", is_staff=True, is_superuser=True)
    log_in(client, admin_user)
    pk, label = world.assessment_a.pk, str(world.assessment_a)

    response = client.post(f"/admin/assessments/assessment/{world.assessment_a.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert Assessment.objects.filter(pk=pk).exists() is False
    assert TrashEntry.objects.get().label == label
