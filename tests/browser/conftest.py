"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

They run in CI (`.ci/run` installs Debian's chromium when it is missing, and with CI=true
a missing browser is a failure). On a machine without Chromium they are skipped with a
message saying how to enable them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import timezone

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENABLE_HINT = (
    "install Debian's Chromium (`sudo apt-get install chromium`) or point WEGO_CHROMIUM at a "
    "Chromium executable, and install the test extras (`pip install -e '.[test]'`)"
)
PASSWORD = "browser-test-password-2026"


def chromium_path() -> str | None:
    return os.environ.get("WEGO_CHROMIUM") or shutil.which("chromium")


def _missing(what: str) -> None:
    message = f"Browser tests need Chromium: {what}. To run them, {ENABLE_HINT}."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="package")
def chromium() -> Iterator:
    """One headless Chromium for the browser tests of this package."""
    path = chromium_path()
    if path is None:
        _missing("no `chromium` on PATH and WEGO_CHROMIUM is not set")
    elif not os.access(path, os.X_OK):
        _missing(f"{path} is not an executable file")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the `playwright` Python package is not installed")
    # Playwright's sync API runs an asyncio event loop in this (the main) thread from
    # start to stop. Django refuses ORM calls from a thread with a running event loop
    # (SynchronousOnlyOperation), which would break the test's own set-up and the
    # database flush after each test. Nothing here is actually asynchronous (the
    # loop only drives the browser's pipe), so the check is lifted while the browser
    # runs, and put back afterwards so that the rest of the suite keeps it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Scenario:
    assessment: object
    email: str
    password: str


@pytest.fixture
def scenario(chromium, transactional_db) -> Scenario:
    """The shipped frameworks, a city with an assessment in a cycle open today, its coordinator.

    `transactional_db`, not `db`: the live server runs in another thread and only sees
    committed data.
    """
    from tests.factories import AssessmentFactory, CityFactory, CycleFactory
    from wego.accounts.models import Role, RoleKind, User
    from wego.assessments.models import FrameworkVersion
    from wego.assessments.services import frameworks_load_shipped

    frameworks_load_shipped()
    ceds = FrameworkVersion.objects.get(slug="ceds", is_current=True)
    today = timezone.now().date()
    city = CityFactory(name="Testville", slug="testville")
    cycle = CycleFactory(
        year=today.year,
        name=f"CeDS {today.year}",
        framework=ceds,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        completeness_threshold=0.01,
    )
    assessment = AssessmentFactory(city=city, cycle=cycle)
    email = "coordinator@testville.example"
    user = User.objects.create_user(email=email, password=PASSWORD)
    Role.objects.create(user=user, kind=RoleKind.COORDINATOR, city=city)
    return Scenario(assessment=assessment, email=email, password=PASSWORD)


def log_in(page, live_server, scenario: Scenario) -> None:
    """Log in through the login page, as a person would."""
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Email address").fill(scenario.email)
    page.get_by_label("Password").fill(scenario.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/assessments/")


@pytest.fixture
def coordinator_page(chromium, live_server, scenario) -> Iterator:
    """A logged-in page in a fresh browser context (desktop size)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, live_server, scenario)
    yield page
    context.close()


def log_in_with_second_factor(page, live_server, email: str, device, before_verify=None) -> None:
    """Log in as a privileged person (secretariat, regional office, judge): password, then TOTP.

    `before_verify(page)`, if given, runs once the code is typed (the guides photograph it)."""
    from django_otp.oath import totp

    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/two-factor/**")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Six-digit code from your authenticator app").fill(code)
    if before_verify is not None:
        before_verify(page)
    page.get_by_role("button", name="Verify").click()
