"""The diagnostic report: the PDF's content, the background request flow, and who may see it."""

import io

import pytest
from pypdf import PdfReader

from tests.analysis.test_selectors import TINY
from tests.factories import AssessmentFactory, CityFactory, CountryFactory, CycleFactory
from tests.personas import make_user
from wego.accounts.models import RoleKind
from wego.analysis import report as report_module
from wego.analysis.models import Report, Target
from wego.analysis.report import report_inputs_hash, report_render, report_request
from wego.assessments.models import Answer
from wego.assessments.services import assessments_score, framework_load

pytestmark = pytest.mark.django_db


def _tiny_assessment(tmp_path, *, name="Testville", is_demo=False):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    version, _ = framework_load(path=path)
    city = CityFactory(
        name=name,
        country=CountryFactory(iso3="KOR", name="Republic of Korea", region="Asia", income_group="High"),
        population=1_000_000,
    )
    assessment = AssessmentFactory(
        city=city, cycle=CycleFactory(framework=version), status="submitted", is_demo=is_demo
    )
    for question, value in {"D1.1.1": "5", "D1.1.2": "3", "D1.2.1": "2", "D2.1.1": "4"}.items():
        Answer.objects.create(assessment=assessment, question_id=question, value=value)
    assessments_score(assessments=[assessment])
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def assessment(tmp_path):
    return _tiny_assessment(tmp_path)


def _text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_report_shows_the_city_its_stage_its_top_gap_and_page_numbers(assessment):
    pages = _text(report_render(assessment))

    text = " ".join(pages)
    assert pages[0].count("Testville") == 1
    assert "Established" not in text  # the tiny framework's stages are One..Four
    assert "Three stage" in text  # overall 50 -> stage "Three"
    # The top gap is D1.2 "Beta" (25 points short of 50, half the overall weight).
    assert "1 Beta (D1.2) 25.0 50.0 12.5" in text
    assert f"3 / {len(pages)}" in pages[2]
    assert "Demo data" not in text


def test_report_of_demo_data_says_so_on_the_cover_and_every_page(tmp_path):
    demo = _tiny_assessment(tmp_path, is_demo=True)

    pages = _text(report_render(demo))

    assert pages[0].startswith("World e-Governments")
    assert [("Demo data" in page) for page in pages] == [True] * len(pages)


def test_inputs_hash_changes_with_an_answer_a_target_or_the_language(assessment):
    before = report_inputs_hash(assessment)
    assert report_inputs_hash(assessment) == before
    assert report_inputs_hash(assessment, "fr") != before

    Target.objects.create(assessment=assessment, node_id="D1", value=80)
    with_target = report_inputs_hash(assessment)
    answer = assessment.answers.get(question_id="D1.2.1")
    answer.value, answer.version = "3", answer.version + 1
    answer.save()

    assert len({before, with_target, report_inputs_hash(assessment)}) == 3


def test_a_request_is_queued_then_made_by_the_worker(assessment, django_capture_on_commit_callbacks):
    user = make_user("coord@example.org", RoleKind.COORDINATOR, assessment.city)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = report_request(assessment=assessment, user=user, language="en")
        assert (queued.status, queued.progress) == ("queued", 0)

    made = Report.objects.get(pk=queued.pk)
    assert len(callbacks) == 1
    assert (made.status, made.progress, made.message) == ("done", 100, "")
    assert made.file.name.startswith("reports/wego-report-testville-")
    with made.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_unchanged_inputs_return_the_same_report_without_making_it_again(
    assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = report_request(assessment=assessment, user=None, language="en")
    first.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = report_request(assessment=assessment, user=None, language="en")

    again.refresh_from_db()
    assert callbacks == []
    assert (again.pk, again.file.name, again.updated, again.status) == (
        first.pk,
        first.file.name,
        first.updated,
        "done",
    )


def test_a_changed_answer_makes_the_report_again(assessment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = report_request(assessment=assessment, user=None, language="en")
    first.refresh_from_db()
    answer = assessment.answers.get(question_id="D1.2.1")
    answer.value, answer.version = "4", answer.version + 1
    answer.save()
    assessments_score(assessments=[assessment])
    assessment.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report_request(assessment=assessment, user=None, language="en")

    again = Report.objects.get(pk=first.pk)
    assert len(callbacks) == 1
    assert again.inputs_hash != first.inputs_hash
    assert again.inputs_hash == report_inputs_hash(assessment)
    assert again.updated > first.updated
    assert again.status == "done"


def test_a_failure_is_stored_with_its_reason(assessment, django_capture_on_commit_callbacks, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no Pango")

    monkeypatch.setattr(report_module, "report_render", broken)

    with django_capture_on_commit_callbacks(execute=True):
        found = report_request(assessment=assessment, user=None, language="en")

    found.refresh_from_db()
    assert (found.status, found.progress, found.message, found.file.name) == (
        "failed",
        60,
        "RuntimeError: no Pango",
        "",
    )


def test_status_page_polls_until_done_then_offers_the_download(
    client, assessment, django_capture_on_commit_callbacks
):
    client.force_login(make_user("coord@example.org", RoleKind.COORDINATOR, assessment.city))
    url = f"/assessments/{assessment.pk}/report/"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        posted = client.post(url)
    pending = client.get(url, headers={"HX-Request": "true"}).content.decode()
    for job in callbacks:  # the worker picks the job up
        job()
    done = client.get(url).content.decode()
    pdf = client.get(f"/assessments/{assessment.pk}/report.pdf")

    assert (posted.status_code, posted.url) == (302, url)
    assert pending.startswith('<div id="report-status" hx-get=')
    assert 'hx-trigger="every 2s"' in pending
    assert "hx-trigger" not in done
    assert f'href="/assessments/{assessment.pk}/report.pdf?language=en"' in done
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    pdf.close()


def test_another_city_can_neither_follow_nor_download_the_report(
    client, assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_request(assessment=assessment, user=None, language="en")
    other = CityFactory(name="Otherton", country=assessment.city.country)
    AssessmentFactory(city=other, cycle=assessment.cycle, status="submitted")
    client.force_login(make_user("coord-b@example.org", RoleKind.COORDINATOR, other))

    statuses = [
        client.get(f"/assessments/{assessment.pk}/report/").status_code,
        client.post(f"/assessments/{assessment.pk}/report/").status_code,
        client.get(f"/assessments/{assessment.pk}/report.pdf").status_code,
    ]

    assert statuses == [403, 403, 403]


def test_the_status_page_makes_a_fixed_number_of_queries(client, assessment, django_assert_max_num_queries):
    client.force_login(make_user("coord@example.org", RoleKind.COORDINATOR, assessment.city))
    Report.objects.create(assessment=assessment, language="en")

    with django_assert_max_num_queries(12):
        response = client.get(f"/assessments/{assessment.pk}/report/")

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_the_real_worker_make_the_report(tmp_path, settings):
    """The production path: queued in the database, made by `wego db_worker`."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assessment = _tiny_assessment(tmp_path)

    queued = report_request(assessment=assessment, user=None, language="en")
    waiting = Report.objects.get(pk=queued.pk).status
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    made = Report.objects.get(pk=queued.pk)
    assert waiting == "queued"
    assert (made.status, made.progress) == ("done", 100)
