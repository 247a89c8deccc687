"""Six interface languages: the switcher, right-to-left Arabic, locale formats, and the CeDS
framework's own texts in Korean and Spanish."""

import re

import pytest
import yaml
from django.conf import settings
from django.utils import translation

from tests.analysis.test_views import world  # noqa: F401  (the fixture: a scored assessment)
from tests.personas import log_in
from wego.scoring.framework import SHIPPED_DIR

pytestmark = pytest.mark.django_db


def in_language(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize(
    ("code", "direction", "practices"),
    [
        ("en", "ltr", "Practices"),
        ("ko", "ltr", "우수사례"),
        ("es", "ltr", "Buenas prácticas"),
        ("fr", "ltr", "Bonnes pratiques"),
        ("ru", "ltr", "Практики"),
        ("ar", "rtl", "الممارسات"),
    ],
)
def test_home_page_speaks_the_chosen_language_in_its_direction(client, code, direction, practices):
    in_language(client, code)

    page = client.get("/").content.decode()

    assert html_tag(page) == f'<html lang="{code}" dir="{direction}">'
    assert f">{practices}</a>" in page


def test_every_page_offers_every_language_by_its_own_name(client):
    page = client.get("/account/login/").content.decode()

    options = re.findall(r'<option value="(\w+)" lang="\w+"(?: selected)?>([^<]+)</option>', page)
    assert options == [
        ("en", "English"),
        ("ko", "한국어"),
        ("es", "Español"),
        ("fr", "Français"),
        ("ru", "Русский"),
        ("ar", "العربية"),
    ]


def test_switcher_keeps_the_choice_and_returns_to_the_same_page(client):
    response = client.post("/account/language/", {"language": "ar", "next": "/practices/?q=call"})
    page = client.get("/practices/").content.decode()

    assert (response.status_code, response["Location"]) == (302, "/practices/?q=call")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert html_tag(page) == '<html lang="ar" dir="rtl">'
    assert '<option value="ar" lang="ar" selected>العربية</option>' in page


def test_switcher_refuses_a_language_it_does_not_offer_and_a_foreign_return_address(client):
    response = client.post("/account/language/", {"language": "xx", "next": "https://elsewhere.example/"})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_numbers_follow_the_language(client, world):  # noqa: F811
    log_in(client, world.users["coordinator_a"])
    url = f"/assessments/{world.assessment_a.pk}/dashboard/"

    in_language(client, "en")
    english = client.get(url).content.decode()
    in_language(client, "fr")
    french = client.get(url).content.decode()

    # The overall score, 0.6, in the stat box at the top of the dashboard.
    assert "<strong>0.6</strong>" in english
    assert "<strong>0,6</strong>" in french


def test_dates_follow_the_language():
    from django.template import Context, Template

    template = Template('{{ day|date:"DATE_FORMAT" }}')
    import datetime as dt

    day = dt.date(2026, 11, 27)
    rendered = {}
    for code in ["en", "ko", "es", "fr", "ru"]:
        with translation.override(code):
            rendered[code] = template.render(Context({"day": day}))

    assert rendered == {
        "en": "Nov. 27, 2026",
        "ko": "2026년 11월 27일",
        "es": "27 de noviembre de 2026",
        "fr": "27 novembre 2026",
        "ru": "27 ноября 2026 г.",  # noqa: RUF001
    }


def framework_texts(node, found):
    """Every multilingual text of a framework file (a mapping with an `en` key)."""
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            found.append(node)
            return found
        for value in node.values():
            framework_texts(value, found)
    elif isinstance(node, list):
        for value in node:
            framework_texts(value, found)
    return found


def test_ceds_framework_speaks_english_korean_and_spanish():
    data = yaml.safe_load((SHIPPED_DIR / "ceds.yaml").read_text(encoding="utf-8"))
    texts = framework_texts(data, [])

    assert len(texts) == 1367
    assert [t["en"] for t in texts if not (t.get("ko", "").strip() and t.get("es", "").strip())] == []


def test_question_page_shows_the_framework_text_in_the_chosen_language(client, world):  # noqa: F811
    log_in(client, world.users["coordinator_a"])
    url = f"/assessments/{world.assessment_a.pk}/sections/GM/"
    framework = world.assessment_a.cycle.framework.load()
    question = framework.questions()[0]

    shown = {}
    for code in ["en", "ko", "es", "fr"]:
        in_language(client, code)
        shown[code] = client.get(url).content.decode()

    assert question.text.get("en") in shown["en"]
    assert question.text.get("ko") in shown["ko"]
    assert question.text.get("es") in shown["es"]
    # French has the interface but no framework translation yet: the question stays English.
    assert question.text.get("en") in shown["fr"]
    assert question.text.get("ko") != question.text.get("en")


def test_dashboard_names_dimensions_and_stages_in_the_chosen_language(client, world):  # noqa: F811
    log_in(client, world.users["coordinator_a"])
    url = f"/assessments/{world.assessment_a.pk}/dashboard/"

    in_language(client, "ko")
    korean = client.get(url).content.decode()
    in_language(client, "es")
    spanish = client.get(url).content.decode()

    # The section titles are cached across requests: each request still gets its language.
    assert "<td>거버넌스 체계</td>" in korean
    assert "<td>Mecanismo de gobernanza</td>" in spanish
    assert "Governance Mechanism" not in korean
    assert ">도입<" in korean  # the stage, Emerging
