"""A backup of the demo, restored into an empty PostgreSQL database, serves the same dashboard.

Everything runs as an operator would run it, in separate processes of the installed `wego`
command: `wego demo --no-serve` into a fresh SQLite installation, `wego backup`, then
`wego restore` into a new, empty PostgreSQL database (the demo's SQLite file is gone by
then), and the coordinator's dashboard of Seoul's latest diagnosis is rendered from each.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.operations.conftest import throwaway_postgres

pytestmark = pytest.mark.slow

# Renders the coordinator's dashboard of Seoul's submitted 2024 diagnosis and prints it.
RENDER = """
from django.test import Client
from wego.accounts.models import User
from wego.assessments.models import Assessment

user = User.objects.get(email="coordinator@seoul.demo.wego.invalid")
assessment = Assessment.objects.get(city__slug="seoul", cycle__year=2024)
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
response = client.get(f"/assessments/{assessment.pk}/dashboard/")
assert response.status_code == 200, response.status_code
print(response.content.decode())
"""


def wego(*args: str, env: dict, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "wego.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"wego {' '.join(args)}: {result.stderr[-2000:]}"
    return result.stdout


def normalised(html: str) -> str:
    """The page without what differs between any two requests: the CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


def installation_env(data_dir: Path, database_url: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGO_")}
    env.update({"WEGO_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "wego.settings"})
    if database_url:
        env["WEGO_DATABASE_URL"] = database_url
    return env


def database_url(settings: dict) -> str:
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{settings.get('USER') or 'postgres'}{password}@{host}:{port}/{settings['NAME']}"


def test_demo_backup_restored_into_empty_postgresql_serves_the_same_dashboard(tmp_path):
    with throwaway_postgres() as postgres:
        source = installation_env(tmp_path / "demo")
        wego("demo", "--no-serve", env=source, cwd=tmp_path)
        before = wego("shell", "-c", RENDER, env=source, cwd=tmp_path)
        archive = tmp_path / "demo-backup.tar.gz"
        wego("backup", str(archive), env=source, cwd=tmp_path)
        (tmp_path / "demo" / "wego.sqlite3").unlink()

        target = installation_env(tmp_path / "restored", database_url(postgres))
        report = wego("restore", str(archive), env=target, cwd=tmp_path)
        after = wego("shell", "-c", RENDER, env=target, cwd=tmp_path)

    assert "Seoul" in before
    assert "Key gaps" in before
    assert normalised(after) == normalised(before)
    files = re.search(r"files: (\d+) of (\d+) match their checksums", report)
    assert files is not None
    assert files.group(1) == files.group(2)
    assert f"into postgresql {postgres['NAME']} on " in report
