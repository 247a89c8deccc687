from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a second per password by design; tests need no protection from guessing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def background_tasks_run_immediately(settings, tmp_path):
    """Jobs run in the test's process when enqueued (after commit); files go to a throw-away folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Database ids repeat between tests; nothing cached by one test may serve another."""
    from django.core.cache import cache

    cache.clear()
