import pytest
from django.core.exceptions import ImproperlyConfigured

from wego.settings import env_bool, env_int


def test_env_bool_reads_true_and_false(monkeypatch):
    monkeypatch.setenv("WEGO_X", "yes")
    assert env_bool("WEGO_X", False) is True
    monkeypatch.setenv("WEGO_X", "off")
    assert env_bool("WEGO_X", True) is False


def test_env_bool_rejects_other_words(monkeypatch):
    monkeypatch.setenv("WEGO_DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="WEGO_DEBUG must be true or false, not 'maybe'"):
        env_bool("WEGO_DEBUG", False)


def test_env_int_rejects_text_and_too_small(monkeypatch):
    monkeypatch.setenv("WEGO_HSTS_SECONDS", "ten")
    with pytest.raises(ImproperlyConfigured, match="WEGO_HSTS_SECONDS must be a whole number, not 'ten'"):
        env_int("WEGO_HSTS_SECONDS", 0)
    monkeypatch.setenv("WEGO_HSTS_SECONDS", "-5")
    with pytest.raises(ImproperlyConfigured, match="WEGO_HSTS_SECONDS must be at least 0, not -5"):
        env_int("WEGO_HSTS_SECONDS", 0)
