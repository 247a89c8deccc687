"""Benchmark: scoring N synthetic full CeDS assessments.

Prints assessments per second for the engine alone (answers already in memory) and for
the whole `wego score` command (a CSV of answers in, a CSV of scores out, as a new
process). Target: 10,000 full assessments through the engine in at most 1 second, and
cost growing linearly with N.

    python bench/scoring.py              # N = 1,000, 10,000, 100,000
    python bench/scoring.py 1000 5000    # other sizes
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from wego.scoring import compile_plan, load_framework, score
from wego.scoring.answers import ANSWERED, DONT_KNOW, MISSING, NOT_APPLICABLE, AnswerTable


def synthetic_table(framework, n: int, seed: int = 2026) -> AnswerTable:
    """N full assessments: levels around a city's maturity, 3% don't know, 2% not applicable."""
    rng = np.random.default_rng(seed)
    questions = framework.questions()
    tops = np.array([len(framework.question_levels(q)) for q in questions], dtype=float)
    maturity = rng.uniform(0.1, 0.9, size=(n, 1))
    latent = maturity + rng.normal(0, 0.15, size=(n, len(questions)))
    values = np.clip(np.rint(1 + (tops - 1) * latent), 1, tops)
    roll = rng.random(size=values.shape)
    status = np.full(values.shape, ANSWERED, dtype=np.int8)
    status[roll < 0.03] = DONT_KNOW
    status[(roll >= 0.03) & (roll < 0.05)] = NOT_APPLICABLE
    values[status != ANSWERED] = np.nan
    return AnswerTable([f"city-{i}" for i in range(n)], [q.id for q in questions], values, status)


def write_csv(table: AnswerTable, path: Path) -> None:
    tokens = {DONT_KNOW: "dk", NOT_APPLICABLE: "na", MISSING: ""}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *table.question_ids])
        for i, entity in enumerate(table.entity_ids):
            writer.writerow(
                [entity]
                + [
                    tokens[s] if s != ANSWERED else str(int(v))
                    for v, s in zip(table.values[i], table.status[i], strict=True)
                ]
            )


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    framework = load_framework("ceds")
    plan = compile_plan(framework)
    print(f"framework: ceds {framework.version}, {len(plan.questions)} questions, {len(plan.steps)} nodes")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, numpy {np.__version__}")
    print(f"{'N':>8} {'engine s':>9} {'engine /s':>11} {'command s':>10} {'command /s':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            table = synthetic_table(framework, n)
            engine = best_of(3 if n <= 10_000 else 1, lambda: score(plan, table))  # noqa: B023
            answers, out = Path(folder) / f"answers-{n}.csv", Path(folder) / f"scores-{n}.csv"
            write_csv(table, answers)
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "wego.cli",
                    "score",
                    "--framework",
                    "ceds",
                    "--answers",
                    str(answers),
                    "--out",
                    str(out),
                ],
                check=True,
                capture_output=True,
            )
            command = time.perf_counter() - start
            print(f"{n:>8,} {engine:>9.3f} {n / engine:>11,.0f} {command:>10.2f} {n / command:>11,.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
