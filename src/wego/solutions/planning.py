"""The Master Plan's scheduler: modules laid out by quarter within the city's means.

Pure Python, like the ranking: it takes tasks (modules with a duration, a cost and their
prerequisites) in priority order and the city's limits (how many projects it can run at
once, its ICT budget per year, the plan's horizon) and places each task in the earliest
quarter where

- every prerequisite in the plan has ended (a prerequisite outside the plan is in place),
- fewer than `parallel` projects are running in each of its quarters, and
- the spending of every calendar year it touches stays within the annual budget
  (a project's cost is spread evenly over its quarters).

Tasks are placed in priority order, each one after its prerequisites (a higher-priority
task never waits for a lower-priority one except when it needs it). A task the coordinator
moved is "pinned": it starts in that quarter or, if the plan changed underneath it, as
soon after as it fits, and the schedule says why it was displaced. A task that fits nowhere
in the horizon is left out with the reason. `move_refusal` checks a move before it is
made and answers the reason it cannot be, or None.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# A planning figure per cost band (USD): the middle of the band; for the open-ended top
# band, one and a half times its lower bound. The coordinator sees the band and the figure.
BAND_COST_USD = {"low": 125_000, "medium": 625_000, "high": 3_000_000, "very-high": 7_500_000}


@dataclass(frozen=True)
class Task:
    id: str
    duration_quarters: int
    cost: float
    prerequisites: tuple[str, ...] = ()
    pinned: int | None = None  # the quarter index the coordinator set, if any


@dataclass(frozen=True)
class Limits:
    start_year: int
    start_quarter: int = 1  # 1-4
    horizon: int = 12  # quarters
    parallel: int = 2  # projects at once
    annual_budget: float | None = None  # None: no budget limit

    def year_of(self, quarter: int) -> int:
        return self.start_year + (self.start_quarter - 1 + quarter) // 4

    def label(self, quarter: int) -> str:
        return f"{self.year_of(quarter)} Q{(self.start_quarter - 1 + quarter) % 4 + 1}"

    @property
    def years(self) -> list[int]:
        return list(range(self.year_of(0), self.year_of(self.horizon - 1) + 1))


@dataclass(frozen=True)
class Slot:
    id: str
    start: int
    end: int  # exclusive
    cost_per_quarter: float


@dataclass
class Schedule:
    limits: Limits
    slots: dict[str, Slot] = field(default_factory=dict)
    unscheduled: dict[str, str] = field(default_factory=dict)  # task id -> why it does not fit
    displaced: dict[str, str] = field(default_factory=dict)  # pinned task id -> why it moved
    load: list[int] = field(default_factory=list)  # projects running per quarter
    spend: dict[int, float] = field(default_factory=dict)  # year -> planned spending

    def order(self) -> list[str]:
        return sorted(self.slots, key=lambda i: (self.slots[i].start, self.slots[i].end, i))


def quarters_for(duration_months: int) -> int:
    return max(1, math.ceil(duration_months / 3))


def _spend_by_year(limits: Limits, start: int, duration: int, per_quarter: float) -> dict[int, float]:
    by_year: dict[int, float] = {}
    for quarter in range(start, start + duration):
        year = limits.year_of(quarter)
        by_year[year] = by_year.get(year, 0.0) + per_quarter
    return by_year


def _money(value: float) -> str:
    return f"USD {value:,.0f}"


def _fits(schedule: Schedule, task: Task, start: int) -> str | None:
    """None if the task can start in `start`; otherwise what stands in the way."""
    limits = schedule.limits
    if start + task.duration_quarters > limits.horizon:
        return f"it would end after the plan's last quarter ({limits.label(limits.horizon - 1)})"
    for quarter in range(start, start + task.duration_quarters):
        if schedule.load[quarter] >= limits.parallel:
            return (
                f"in {limits.label(quarter)} the plan already runs {schedule.load[quarter]} "
                f"project{'s' if schedule.load[quarter] > 1 else ''}, your capacity"
            )
    if limits.annual_budget is not None:
        per_quarter = task.cost / task.duration_quarters
        for year, amount in _spend_by_year(limits, start, task.duration_quarters, per_quarter).items():
            used = schedule.spend.get(year, 0.0)
            if used + amount > limits.annual_budget + 0.5:
                return (
                    f"the {year} budget would be exceeded ({_money(used)} planned + {_money(amount)} "
                    f"> {_money(limits.annual_budget)})"
                )
    return None


def _place(schedule: Schedule, task: Task, start: int) -> None:
    per_quarter = task.cost / task.duration_quarters
    schedule.slots[task.id] = Slot(task.id, start, start + task.duration_quarters, per_quarter)
    for quarter in range(start, start + task.duration_quarters):
        schedule.load[quarter] += 1
    for year, amount in _spend_by_year(schedule.limits, start, task.duration_quarters, per_quarter).items():
        schedule.spend[year] = schedule.spend.get(year, 0.0) + amount


def schedule(tasks: Sequence[Task], limits: Limits) -> Schedule:
    """Place the tasks (given most important first); the same input always gives the same plan."""
    result = Schedule(limits=limits, load=[0] * limits.horizon, spend=dict.fromkeys(limits.years, 0.0))
    by_id = {t.id: t for t in tasks}
    remaining = list(tasks)
    while remaining:
        # The most important task whose prerequisites in the plan are all decided.
        task = next(
            t
            for t in remaining
            if all(p not in by_id or p in result.slots or p in result.unscheduled for p in t.prerequisites)
        )
        remaining.remove(task)
        missing = [p for p in task.prerequisites if p in result.unscheduled]
        if missing:
            result.unscheduled[task.id] = f"it needs {', '.join(missing)}, which does not fit in the plan"
            continue
        earliest = max([result.slots[p].end for p in task.prerequisites if p in result.slots], default=0)
        wanted = max(earliest, task.pinned if task.pinned is not None else 0)
        first_refusal = None
        for start in range(wanted, limits.horizon):
            refusal = _fits(result, task, start)
            if refusal is None:
                _place(result, task, start)
                if task.pinned is not None and start != task.pinned:
                    result.displaced[task.id] = (
                        f"set for {limits.label(task.pinned)}, it starts in {limits.label(start)}: "
                        + (first_refusal or _prerequisite_reason(result, task, by_id))
                    )
                break
            first_refusal = first_refusal or refusal
        else:
            result.unscheduled[task.id] = _why_not(task, limits, earliest, first_refusal)
    return result


def _prerequisite_reason(result: Schedule, task: Task, by_id: dict[str, Task]) -> str:
    ends = [(result.slots[p].end, p) for p in task.prerequisites if p in result.slots]
    end, prerequisite = max(ends)
    return f"it needs {prerequisite}, which runs until {result.limits.label(end - 1)}"


def _why_not(task: Task, limits: Limits, earliest: int, refusal: str | None) -> str:
    if limits.annual_budget is not None:
        # The most a project spends in one year: four quarters' worth, or all of it if shorter.
        yearly = task.cost / task.duration_quarters * min(4, task.duration_quarters)
        if yearly > limits.annual_budget + 0.5:
            return f"it costs about {_money(yearly)} a year, more than the annual budget ({_money(limits.annual_budget)})"
    if earliest + task.duration_quarters > limits.horizon:
        return (
            f"it takes {task.duration_quarters} quarters and could start in {limits.label(earliest)} at the "
            f"earliest, after the plan's last quarter allows"
            if earliest < limits.horizon
            else "its prerequisites run until the end of the plan"
        )
    return f"no quarter of the plan has room for it: {refusal}"


def move_refusal(tasks: Sequence[Task], limits: Limits, task_id: str, quarter: int) -> str | None:
    """Why moving `task_id` to start in `quarter` is refused, or None when the plan allows it."""
    by_id = {t.id: t for t in tasks}
    task = by_id[task_id]
    if not 0 <= quarter < limits.horizon:
        return f"the plan runs from {limits.label(0)} to {limits.label(limits.horizon - 1)}"
    if quarter + task.duration_quarters > limits.horizon:
        return (
            f"it takes {task.duration_quarters} quarters, so starting in {limits.label(quarter)} it would end "
            f"after the plan's last quarter ({limits.label(limits.horizon - 1)})"
        )
    moved = [
        Task(t.id, t.duration_quarters, t.cost, t.prerequisites, quarter if t.id == task_id else t.pinned)
        for t in tasks
    ]
    result = schedule(moved, limits)
    for prerequisite in task.prerequisites:
        slot = result.slots.get(prerequisite)
        if slot is not None and slot.end > quarter:
            return (
                f"{task_id} needs {prerequisite}, which runs until {limits.label(slot.end - 1)}; "
                f"{task_id} can start in {limits.label(slot.end)} at the earliest"
            )
    for other in tasks:
        if (
            other.pinned is not None
            and task_id in other.prerequisites
            and other.pinned < quarter + task.duration_quarters
        ):
            return (
                f"{other.id} is set to start in {limits.label(other.pinned)} and needs {task_id}, which would "
                f"run until {limits.label(quarter + task.duration_quarters - 1)}; move {other.id} first"
            )
    if task_id in result.unscheduled:
        return result.unscheduled[task_id]
    if task_id in result.displaced:
        return result.displaced[task_id].split(": ", 1)[1]
    before = schedule(tasks, limits)
    for other_id, reason in result.displaced.items():
        if other_id != task_id and other_id not in before.displaced:
            return f"it would push {other_id} from the quarter it is set for ({reason})"
    return None
