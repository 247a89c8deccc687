"""Benchmark: optimal judge assignment at scale.

5,000 entries, 300 judges, 3 judges per entry, 2% random conflicts, load at most 60
(min 0), random topics. Target: at most 10 seconds on a 2-core machine. Further runs
add a lower load bound of 45 to every judge (flow with lower bounds), and repeat both
with the balance term off (expertise only), where the lower bound is what evens loads.

Every result is checked, not trusted: each entry has exactly 3 distinct judges, no
assigned pair is a conflict, every load is within its bounds.

    python bench/awards_assignment.py                    # the sizes above
    python bench/awards_assignment.py 1000 60 3 20       # entries judges per_entry max_load
"""

from __future__ import annotations

import sys
import time

import numpy as np

from wego.judging import Entry, Judge, assign

TOPICS = [f"topic-{i:02d}" for i in range(40)]
CATEGORIES = ["Efficient Government", "Emerging Technology", "Mobility", "Open and Inclusive City"]


def synthetic(n_entries: int, n_judges: int, max_load: int, min_load: int, seed: int = 2026):
    rng = np.random.default_rng(seed)
    entries = [
        Entry(
            f"E{i:05d}",
            CATEGORIES[i % len(CATEGORIES)],
            frozenset(rng.choice(TOPICS, size=rng.integers(1, 4), replace=False)),
        )
        for i in range(n_entries)
    ]
    judges = [
        Judge(
            f"J{j:03d}",
            min_load,
            max_load,
            frozenset(rng.choice(TOPICS, size=rng.integers(2, 7), replace=False)),
        )
        for j in range(n_judges)
    ]
    hits = np.argwhere(rng.random((n_entries, n_judges)) < 0.02)
    conflicts = {(judges[j].id, entries[e].id) for e, j in hits}
    return entries, judges, conflicts


def run(n_entries: int, n_judges: int, per_entry: int, max_load: int, min_load: int, balance: float) -> None:
    entries, judges, conflicts = synthetic(n_entries, n_judges, max_load, min_load)
    started = time.perf_counter()
    result = assign(entries, judges, per_entry, conflicts, balance_weight=balance)
    seconds = time.perf_counter() - started

    pairs = [(judge, entry) for entry, assigned in result.pairs.items() for judge in assigned]
    assert all(len(set(v)) == per_entry == len(v) for v in result.pairs.values()), "wrong judges per entry"
    violated = sum(1 for pair in pairs if pair in conflicts)
    assert violated == 0, f"{violated} conflicted pairs assigned"
    loads = list(result.loads.values())
    assert min(loads) >= min_load, "load below the lower bound"
    assert max(loads) <= max_load, "load above the upper bound"
    print(f"entries              {len(entries):,}")
    print(f"judges               {len(judges):,}")
    print(f"judges per entry     {per_entry}")
    print(f"pairs                {len(pairs):,}")
    print(f"conflicts honoured   {len(conflicts) - violated:,} of {len(conflicts):,} (checked: 0 assigned)")
    print(f"load bounds          [{min_load}, {max_load}]")
    print(f"min/max load         {min(loads)}/{max(loads)}")
    print(
        f"cost                 {result.total_cost:,} (expertise {result.expertise_cost:,} + balance {result.balance_cost:,})"
    )
    print(f"mean topic overlap   {result.mean_overlap:.3f}")
    print(f"seconds              {seconds:.2f}")


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] if argv else [5000, 300, 3, 60]
    n_entries, n_judges, per_entry, max_load = sizes
    lower = max(0, min(max_load, (n_entries * per_entry) // n_judges - 5))
    for balance in (1.0, 0.0):
        for min_load in (0, lower):
            print(f"== load bounds [{min_load}, {max_load}], balance weight {balance:g} ==")
            run(n_entries, n_judges, per_entry, max_load, min_load, balance)
            print()


if __name__ == "__main__":
    main(sys.argv[1:])
