import json
import logging
import re

import pytest

from wego.operations.logging import JsonFormatter, RequestIdFilter, current_request_id, request_id_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """Records of every logger, formatted as the settings format them (JSON lines)."""
    import io

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    request_logger = logging.getLogger("wego.request")
    old_level = request_logger.level
    request_logger.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        request_logger.setLevel(old_level)


def test_request_without_id_gets_a_new_one_in_response_and_logs(client, json_lines):
    response = client.get("/")

    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    record = next(r for r in json_lines() if r["logger"] == "wego.request")
    assert record["request_id"] == request_id
    assert (record["method"], record["path"], record["status"], record["message"]) == (
        "GET",
        "/",
        200,
        "GET / 200",
    )
    assert record["level"] == "INFO"
    assert isinstance(record["duration_ms"], float)


def test_valid_incoming_id_is_kept_in_every_record_of_the_request(client, json_lines):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "edge-7f3a.91:b"})

    assert response.status_code == 404
    assert response["X-Request-ID"] == "edge-7f3a.91:b"
    records = json_lines()
    # The access line and Django's own warning for the 404 (written after the middleware
    # has finished) both carry it.
    assert [(r["logger"], r["request_id"]) for r in records] == [
        ("wego.request", "edge-7f3a.91:b"),
        ("django.request", "edge-7f3a.91:b"),
    ]
    assert records[1]["message"] == "Not Found: /no-such-page/"
    assert records[1]["status_code"] == 404


@pytest.mark.parametrize("header", ["has space", "line\nbreak", "x" * 129, "", "semi;colon"])
def test_invalid_incoming_id_is_replaced(header):
    assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(header))


def test_outside_a_request_the_id_is_a_dash(json_lines):
    logging.getLogger("wego.test").warning("from a command %s", 42)

    assert current_request_id() == "-"
    record = json_lines()[-1]
    assert {k: v for k, v in record.items() if k != "time"} == {
        "level": "WARNING",
        "logger": "wego.test",
        "message": "from a command 42",
        "request_id": "-",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", record["time"])


def test_exception_is_one_json_line_with_its_traceback(json_lines):
    try:
        raise ValueError("bad value")
    except ValueError:
        logging.getLogger("wego.test").exception("it failed")

    record = json_lines()[-1]
    assert record["message"] == "it failed"
    assert record["exception"].startswith("Traceback (most recent call last):")
    assert record["exception"].endswith("ValueError: bad value")


def test_settings_log_json_lines_with_the_request_id(settings):
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_id"]
    assert settings.MIDDLEWARE[0] == "wego.operations.logging.RequestIdMiddleware"
