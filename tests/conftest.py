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
def empty_cache(settings):
    """A fresh in-memory cache per test: database ids repeat between tests, and nothing
    cached by one test may serve another (the database cache is tested on its own)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
