"""Results of a round on hand-computed cases: weighted totals, means, conflict exclusion, ties."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.awards.world import filled, open_edition, recommended
from tests.factories import CityFactory
from tests.personas import make_user
from wego.accounts.models import RoleKind
from wego.awards import services
from wego.awards.documents import certificate_pdf, results_pack_pdf
from wego.awards.models import ApplicationStatus, Assignment, ConflictKind, Judge, Round, Score, Winner
from wego.awards.results import edition_results

pytestmark = pytest.mark.django_db

WEIGHTS = {"impact": 3, "innovation": 2, "citizen-centred": 2, "sustainability": 2, "transferability": 1}


@pytest.fixture
def setup():
    secretariat = make_user("sec@example.org", RoleKind.SECRETARIAT)
    edition = open_edition(9, actor=secretariat, days=-1)
    category = edition.categories.get(slug="mobility")
    city = CityFactory(name="Alpha City")
    entries = {}
    for name in ("p", "q", "r"):
        entries[name] = filled(
            edition, secretariat, city, category, f"Entry {name}", status=ApplicationStatus.SUBMITTED
        )
        recommended(entries[name])
    judges = {
        name: Judge.objects.create(edition=edition, email=f"{name}@example.org", name=f"Judge {name.upper()}")
        for name in ("a", "b", "c")
    }
    round_ = Round.objects.create(edition=edition, number=1)
    criteria = {c.slug: c for c in edition.criteria.all()}

    def rate(judge: str, entry: str, impact: int, others: int) -> None:
        assignment = Assignment.objects.create(
            round=round_, judge=judges[judge], application=entries[entry], submitted_at=timezone.now()
        )
        for slug, criterion in criteria.items():
            Score.objects.create(
                assignment=assignment, criterion=criterion, value=impact if slug == "impact" else others
            )

    return {
        "edition": edition,
        "category": category,
        "entries": entries,
        "judges": judges,
        "rate": rate,
        "sec": secretariat,
    }


def test_weighted_totals_and_raw_means(setup):
    rate, e = setup["rate"], setup["entries"]
    rate("a", "p", 9, 5)  # (3*9 + 7*5) / 10 = 6.2
    rate("b", "p", 7, 7)  # 7.0
    rate("a", "q", 8, 8)
    rate("b", "q", 4, 4)
    rate("a", "r", 2, 2)
    rate("b", "r", 3, 3)

    block = edition_results(setup["edition"], method="raw", resamples=20).categories[0]

    rows = {r.application.pk: (round(r.raw, 9), r.judges, r.position) for r in block.rows}
    assert rows == {e["p"].pk: (6.6, 2, 1), e["q"].pk: (6.0, 2, 2), e["r"].pk: (2.5, 2, 3)}
    assert block.suggested == [e["p"].pk, e["q"].pk]
    assert block.ties == []
    assert round(block.rows[0].criteria["impact"], 9) == 8.0


def test_a_conflicted_cell_is_excluded_from_scores_and_from_the_judges_statistics(setup):
    rate, e, j = setup["rate"], setup["entries"], setup["judges"]
    rate("a", "p", 6, 6)
    rate("b", "p", 8, 8)
    rate("c", "p", 10, 10)
    rate("c", "q", 5, 5)
    rate("a", "q", 5, 5)
    services.conflict_declare(
        judge=j["c"],
        application=e["p"],
        kind=ConflictKind.EMPLOYER,
        note="works for the city",
        actor=setup["sec"],
    )

    block = edition_results(setup["edition"], method="raw", resamples=20).categories[0]

    p = next(r for r in block.rows if r.application.pk == e["p"].pk)
    judge_c = next(row for row in block.judges if row.judge.pk == j["c"].pk)
    assert (p.raw, p.judges) == (7.0, 2)
    assert (judge_c.stats.n, judge_c.stats.mean) == (1, 5.0)
    assert [(a.judge_id, a.application_id) for a in block.excluded] == [(j["c"].pk, e["p"].pk)]


def test_an_unbreakable_tie_awaits_the_chair_and_the_decision_enters_the_trace(setup):
    rate, e = setup["rate"], setup["entries"]
    rate("a", "p", 8, 8)  # 8.0
    rate("b", "p", 6, 6)  # 6.0  -> mean 7.0, median 7.0, impact 7.0
    rate("a", "q", 6, 8)  # (18 + 56) / 10 = 7.4
    rate("b", "q", 8, 6)  # (24 + 42) / 10 = 6.6 -> mean 7.0, median 7.0, impact 7.0
    rate("a", "r", 5, 5)
    rate("b", "r", 5, 5)

    block = edition_results(setup["edition"], method="raw", resamples=20).categories[0]

    assert block.ranking.needs_chair_decision is True
    assert block.ranking.unresolved == ((str(e["p"].pk), str(e["q"].pk)),)
    assert sorted(block.ranking.winners) == sorted(
        [str(e["p"].pk), str(e["q"].pk)]
    )  # both win; places undecided

    services.decision_record(
        edition=setup["edition"],
        category=setup["category"],
        actor=setup["sec"],
        winners=[e["q"].pk, e["p"].pk],
        reason="Entry q has the larger measured effect on travel time.",
        computation=block.as_record(),
    )
    decided = edition_results(setup["edition"], method="raw", resamples=20).categories[0]

    assert decided.ranking.winners == (str(e["q"].pk), str(e["p"].pk))
    assert decided.ranking.trace[-2].endswith(
        "Reason: Entry q has the larger measured effect on travel time."
    )


def test_uncertainty_is_a_share_between_zero_and_one(setup):
    rate = setup["rate"]
    for judge, values in (("a", (9, 7, 3)), ("b", (8, 6, 4)), ("c", (9, 5, 4))):
        for entry, value in zip(("p", "q", "r"), values, strict=True):
            rate(judge, entry, value, value)

    block = edition_results(setup["edition"], method="zscore", resamples=50).categories[0]

    shares = [r.p_top_k for r in block.rows]
    assert shares[0] == 1.0
    assert shares[2] == 0.0
    assert sum(shares) == pytest.approx(2.0)


def test_results_pack_and_certificate_are_pdfs(setup):
    rate, e = setup["rate"], setup["entries"]
    rate("a", "p", 8, 8)
    rate("a", "q", 6, 6)
    edition = setup["edition"]
    services.decision_record(
        edition=edition,
        category=setup["category"],
        actor=setup["sec"],
        winners=[e["p"].pk],
        reason="Top score.",
    )
    services.results_publish(edition=edition, actor=setup["sec"])

    pack = results_pack_pdf(edition, setup["category"], method="raw")
    certificate = certificate_pdf(Winner.objects.get(edition=edition))

    assert pack[:5] == b"%PDF-"
    assert certificate[:5] == b"%PDF-"
