"""The shipped `egdi` framework reproduces the UN's published EGDI, group and rank."""

import csv

import pytest

from wego.cli import main

GROUPS = {"very-high": (0.75, 1.0), "high": (0.5, 0.75), "middle": (0.25, 0.5), "low": (0.0, 0.25)}


@pytest.mark.parametrize(("year", "precision"), [(2016, "5"), (2018, "4")])
def test_wego_score_reproduces_published_egdi_for_all_193_countries(data_dir, tmp_path, year, precision):
    out = tmp_path / f"egdi-{year}-scored.csv"

    status = main(
        [
            "score",
            "--framework",
            "egdi",
            "--answers",
            str(data_dir / f"egdi-{year}.csv"),
            "--id",
            "country-code",
            "--keep",
            "country-name,e-gov-rank,e-gov-index",
            "--ignore",
            "e-pat-index",
            "--precision",
            precision,
            "--out",
            str(out),
        ]
    )

    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert status == 0
    assert len(rows) == 193
    assert [r["id"] for r in rows if abs(float(r["overall"]) - float(r["e-gov-index"])) > 0.0001] == []
    assert [r["id"] for r in rows if int(r["rank"]) != int(r["e-gov-rank"])] == []
    published_group = {
        r["id"]: next(
            g
            for g, (low, high) in GROUPS.items()
            if (low < float(r["e-gov-index"]) <= high) or (g == "low" and float(r["e-gov-index"]) <= high)
        )
        for r in rows
    }
    assert {r["id"]: r["stage"] for r in rows} == published_group


def test_egdi_2018_group_counts_match_the_survey(data_dir, tmp_path):
    out = tmp_path / "egdi-2018.csv"
    main(
        [
            "score",
            "--framework",
            "egdi",
            "--answers",
            str(data_dir / "egdi-2018.csv"),
            "--id",
            "country-code",
            "--ignore",
            "country-name,e-gov-rank,e-gov-index,e-pat-index",
            "--out",
            str(out),
        ]
    )

    stages = [r["stage"] for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines())]

    assert {s: stages.count(s) for s in GROUPS} == {"very-high": 40, "high": 71, "middle": 66, "low": 16}
