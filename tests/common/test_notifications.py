import pytest
from django.core import mail

from tests.personas import build_world, log_in
from wego.common.models import Notification
from wego.common.notifications import notify

pytestmark = pytest.mark.django_db


def test_notify_fills_the_inbox_and_emails_after_commit(django_capture_on_commit_callbacks):
    world = build_world()
    a, b = world.users["coordinator_a"], world.users["secretariat"]

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[a, b, a], subject="Request assigned", body="An expert took it.", url="/x/")

    assert sorted(Notification.objects.values_list("recipient__email", flat=True)) == sorted(
        [a.email, b.email]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    assert mail.outbox[0].body == "An expert took it.\n\nhttp://127.0.0.1:8000/x/"


def test_notify_sends_nothing_when_the_change_rolls_back(django_capture_on_commit_callbacks):
    world = build_world()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[world.users["judge"]], subject="s", body="b")

    assert len(callbacks) == 1  # deferred to the commit, never sent before it
    assert mail.outbox == []


def test_inbox_shows_unread_count_and_marks_read(client):
    world = build_world()
    user = world.users["respondent_a"]
    notify(recipients=[user], subject="Your section was assigned", body="GM", email=False)
    log_in(client, user)

    page = client.get("/account/inbox/").content.decode()
    client.post("/account/inbox/")

    assert "Your section was assigned" in page
    assert 'aria-label="1 unread"' in page
    assert user.notifications.get().read_at is not None
    assert 'aria-label="1 unread"' not in client.get("/account/inbox/").content.decode()
