"""The awards judging engine: weighted totals, calibration, uncertainty, ranking, assignment.

Pure Python, numpy and OR-Tools; no Django imports, so the awards app, the command line
and the benchmarks share one implementation. The formulas are in docs/judging.md.
"""

from wego.judging.assignment import Assignment, Entry, Infeasible, Judge, assign, full_panel
from wego.judging.results import (
    Calibration,
    ChairDecision,
    JudgeStats,
    JudgingError,
    Ranking,
    TieBreak,
    TraceStep,
    calibrate,
    rank,
    standard_tie_breaks,
    tie_break_median,
    tie_break_top_criterion,
    tie_break_top_k_votes,
    top_k_uncertainty,
    weighted_total,
)

__all__ = [
    "Assignment",
    "Calibration",
    "ChairDecision",
    "Entry",
    "Infeasible",
    "Judge",
    "JudgeStats",
    "JudgingError",
    "Ranking",
    "TieBreak",
    "TraceStep",
    "assign",
    "calibrate",
    "full_panel",
    "rank",
    "standard_tie_breaks",
    "tie_break_median",
    "tie_break_top_criterion",
    "tie_break_top_k_votes",
    "top_k_uncertainty",
    "weighted_total",
]
