"""Feasibility study pages: letters through the page, what a conflicted member sees, the
secretariat's management, and the report before and after publication."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CityFactory
from tests.learning.feasibility_world import pdf_upload
from tests.personas import log_in, make_user
from wego.accounts.models import RoleKind
from wego.learning import feasibility as svc
from wego.learning.models import FeasibilityCall, FeasibilityStatus, LetterOfIntent
from wego.members.models import MemberCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return make_user("sec@example.org", RoleKind.SECRETARIAT)


def _call(year=2026, *, deadline=None, status=FeasibilityStatus.OPEN, places=1) -> FeasibilityCall:
    return FeasibilityCall.objects.create(
        year=year,
        theme=f"Theme {year}",
        deadline=deadline or timezone.now() + dt.timedelta(days=10),
        places=places,
        status=status,
    )


def _coordinator(name="Member City", category=MemberCategory.FULL):
    city = CityFactory(name=name, member_category=category)
    return city, make_user(f"c-{city.slug}@example.org", RoleKind.COORDINATOR, city)


def _post_letter(client, call, city):
    return client.post(
        f"/learning/feasibility/{call.year}/letter/",
        {"city": city.pk, "summary": "A study of service design.", "letter": pdf_upload()},
    )


def test_letter_page_posted_twice_creates_one_letter(client):
    call = _call()
    city, user = _coordinator()
    log_in(client, user)

    first = _post_letter(client, call, city)
    second = _post_letter(client, call, city)

    assert (first.status_code, second.status_code) == (302, 200)
    assert "Member City has already sent its letter for the 2026 call." in second.content.decode()
    assert LetterOfIntent.objects.filter(call=call, city=city).count() == 1


def test_letter_page_one_second_after_the_deadline_refuses(client):
    call = _call(deadline=timezone.now() - dt.timedelta(seconds=1))
    city, user = _coordinator()
    log_in(client, user)

    response = _post_letter(client, call, city)

    assert response.status_code == 200
    assert "nothing is accepted after it" in response.content.decode()
    assert LetterOfIntent.objects.count() == 0


def test_letter_page_for_a_non_member_coordinator_is_forbidden(client):
    call = _call()
    city, user = _coordinator("Guest City", MemberCategory.NON_MEMBER)
    log_in(client, user)

    response = _post_letter(client, call, city)

    assert response.status_code == 403
    assert LetterOfIntent.objects.count() == 0


def test_conflicted_member_gets_404_on_the_letter(client, secretariat):
    call = _call()
    city, user = _coordinator("Home City")
    letter = svc.letter_submit(call=call, city=city, actor=user, summary="s", upload=pdf_upload())
    member = svc.committee_member_add(
        call=call, actor=secretariat, user=make_user("m@example.org"), city=city
    )
    svc.feasibility_call_advance(call=call, actor=secretariat)
    log_in(client, member.user)

    file_response = client.get(f"/learning/feasibility/letters/{letter.pk}/letter.pdf")
    score_response = client.get(f"/learning/feasibility/letters/{letter.pk}/score/")
    committee_page = client.get(f"/learning/feasibility/{call.year}/committee/").content.decode()

    assert (file_response.status_code, score_response.status_code) == (404, 404)
    assert "Home City" not in committee_page


def test_member_scores_through_the_page(client, secretariat):
    call = _call()
    city, user = _coordinator()
    letter = svc.letter_submit(call=call, city=city, actor=user, summary="s", upload=pdf_upload())
    member = svc.committee_member_add(call=call, actor=secretariat, user=make_user("m@example.org"))
    svc.feasibility_call_advance(call=call, actor=secretariat)
    log_in(client, member.user)
    data = {f"score_{slug}": "6" for slug in svc.CRITERIA_SLUGS} | {"comment_commitment": "Clear plan."}

    response = client.post(f"/learning/feasibility/letters/{letter.pk}/score/", data)

    assert response.status_code == 302
    assert sorted(member.scores.values_list("criterion", "value")) == sorted(
        (s, 6) for s in svc.CRITERIA_SLUGS
    )
    assert member.scores.get(criterion="commitment").comment == "Clear plan."


def test_manage_page_confirms_the_selection(client, secretariat):
    call = _call()
    city, user = _coordinator()
    letter = svc.letter_submit(call=call, city=city, actor=user, summary="s", upload=pdf_upload())
    member = svc.committee_member_add(call=call, actor=secretariat, user=make_user("m@example.org"))
    svc.feasibility_call_advance(call=call, actor=secretariat)
    svc.scores_save(letter=letter, actor=member.user, scores=dict.fromkeys(svc.CRITERIA_SLUGS, 8))
    log_in(client, secretariat)

    page = client.get(f"/learning/feasibility/{call.year}/manage/")
    response = client.post(f"/learning/feasibility/{call.year}/manage/", {"action": "select"})
    client.post(
        f"/learning/feasibility/{call.year}/manage/",
        {"action": "milestone", "letter": letter.pk, "title": "Inception", "due_on": "2026-06-01"},
    )
    after = client.get(f"/learning/feasibility/{call.year}/manage/").content.decode()

    letter.refresh_from_db()
    assert (page.status_code, response.status_code) == (200, 302)
    assert letter.selected is True
    assert list(letter.milestones.values_list("title", flat=True)) == ["Inception"]
    assert "Study: Member City" in after


def test_manage_page_records_the_chair_decision_on_a_tie(client, secretariat):
    call = _call()
    letters = []
    for name in ("Left City", "Right City"):
        city, user = _coordinator(name)
        letters.append(svc.letter_submit(call=call, city=city, actor=user, summary="s", upload=pdf_upload()))
    member = svc.committee_member_add(call=call, actor=secretariat, user=make_user("m@example.org"))
    svc.feasibility_call_advance(call=call, actor=secretariat)
    for letter in letters:
        svc.scores_save(letter=letter, actor=member.user, scores=dict.fromkeys(svc.CRITERIA_SLUGS, 7))
    log_in(client, secretariat)
    url = f"/learning/feasibility/{call.year}/manage/"

    tied_page = client.get(url).content.decode()
    client.post(
        url, {"action": "chair", "order": f"{letters[1].pk} {letters[0].pk}", "reason": "Readier team."}
    )
    client.post(url, {"action": "select"})

    assert "are tied across the last place" in tied_page
    assert list(LetterOfIntent.objects.filter(selected=True).values_list("pk", flat=True)) == [letters[1].pk]


def test_report_is_public_only_after_publication(client, secretariat):
    call = _call(status=FeasibilityStatus.SCORING)
    city, user = _coordinator("Study City")
    letter = LetterOfIntent.objects.create(
        call=call, city=city, submitted_by=user, summary="s", letter=pdf_upload(), submitted_at=timezone.now()
    )
    letter.selected = True
    letter.save(update_fields=["selected"])
    svc.report_upload(letter=letter, actor=secretariat, upload=pdf_upload("report.pdf"))
    url = f"/learning/feasibility/letters/{letter.pk}/report.pdf"

    before = client.get(url).status_code
    before_page = client.get(f"/learning/feasibility/{call.year}/").content.decode()
    svc.report_publish(letter=letter, actor=secretariat)
    after = client.get(url)
    after_page = client.get(f"/learning/feasibility/{call.year}/").content.decode()

    assert (before, after.status_code) == (404, 200)
    assert after.content.startswith(b"%PDF-")
    assert (url in before_page, url in after_page) == (False, True)


def test_draft_call_is_hidden_from_the_public(client):
    _call(status=FeasibilityStatus.DRAFT)

    assert client.get("/learning/feasibility/2026/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_list_page_queries_do_not_grow(client, count, django_assert_max_num_queries):
    for n in range(count):
        _call(2020 + n)

    with django_assert_max_num_queries(6):
        response = client.get("/learning/feasibility/")

    assert response.status_code == 200
