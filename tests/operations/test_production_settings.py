"""The production settings, each read by a fresh process as a server would."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password

KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def run(tmp_path, *args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("WEGO_") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(
        WEGO_DATA_DIR=str(tmp_path),
        WEGO_ENV="production",
        WEGO_SECRET_KEY=KEY,
        WEGO_ALLOWED_HOSTS="ceds.example.org",
        DJANGO_SETTINGS_MODULE="wego.settings",
    )
    environment.update({key: value for key, value in env.items() if value is not None})
    for key in [key for key, value in env.items() if value is None]:
        environment.pop(key, None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=environment, timeout=120, check=False
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run(tmp_path, "-m", "django", "check", "--deploy", "--fail-level", "WARNING")

    assert result.stderr == ""
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    assert result.returncode == 0


def test_production_turns_on_https_only_cookies_hsts_and_argon2(tmp_path):
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REDIRECT_EXEMPT",
        "DEBUG",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}})); "
        "print(settings.PASSWORD_HASHERS[0])"
    )

    result = run(tmp_path, "-c", code, WEGO_SESSION_BROWSER_CLOSE="true")

    values, hasher = result.stdout.splitlines()
    assert json.loads(values) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_AGE": 12 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REDIRECT_EXEMPT": ["^health$"],
        "DEBUG": False,
    }
    assert hasher == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WEGO_SECRET_KEY": None}, "WEGO_SECRET_KEY must be set when WEGO_ENV=production"),
        ({"WEGO_SECRET_KEY": "too-short"}, "WEGO_SECRET_KEY must be at least 50 random characters"),
        ({"WEGO_DEBUG": "true"}, "WEGO_DEBUG must not be true when WEGO_ENV=production"),
        ({"WEGO_LOG_FORMAT": "xml"}, "WEGO_LOG_FORMAT must be 'json' or 'text', not 'xml'"),
        ({"WEGO_SESSION_HOURS": "0"}, "WEGO_SESSION_HOURS must be at least 1, not 0"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(tmp_path, env, message):
    result = run(tmp_path, "-m", "django", "check", **env)

    assert result.returncode == 1
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr
    # The development key file is never created in production.
    assert not (tmp_path / "secret_key").exists()


def test_passwords_are_hashed_with_argon2_and_old_hashes_still_verify(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    encoded = make_password("a long enough password 1")
    older = make_password("a long enough password 1", hasher="pbkdf2_sha256")

    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("a long enough password 1", encoded) is True
    assert check_password("a long enough password 1", older) is True
    assert check_password("wrong", encoded) is False
