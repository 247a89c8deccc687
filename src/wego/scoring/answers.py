"""Answers: from what a person typed (a cell, a form value) to what the engine scores.

Every answer becomes a raw number and a status. The raw number is what the question
measures before normalisation (a level number, points, a quantity); the status says
whether it was answered, "don't know", "not applicable" or missing.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wego.scoring.framework import Framework, Question, one_line

ANSWERED, DONT_KNOW, NOT_APPLICABLE, MISSING = 0, 1, 2, 3
STATUS_NAMES = {
    ANSWERED: "answered",
    DONT_KNOW: "dont_know",
    NOT_APPLICABLE: "not_applicable",
    MISSING: "missing",
}

DONT_KNOW_TOKENS = {"dk", "dont_know", "don't know", "dont know", "unknown", "?"}
NOT_APPLICABLE_TOKENS = {"na", "n/a", "not_applicable", "not applicable"}
YES_TOKENS = {"yes", "y", "true", "1"}
NO_TOKENS = {"no", "n", "false", "0"}
MULTI_SEPARATORS = (";", "|")


class AnswerError(ValueError):
    """An answer that does not fit its question; the message says why."""


@dataclass(frozen=True)
class AnswerTable:
    """Answers of many entities: one row per entity, one column per question.

    `values` holds the raw numbers (NaN where there is none), `status` the status codes.
    `extra` holds columns passed through untouched (e.g. a name), by column name.
    """

    entity_ids: list[str]
    question_ids: list[str]
    values: np.ndarray
    status: np.ndarray
    perspectives: list[str] | None = None
    extra: dict[str, list[str]] | None = None


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise AnswerError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise AnswerError(f"'{text}' is not a finite number")
    return value


def parse_answer(framework: Framework, question: Question, cell: object) -> tuple[float, int]:
    """Turn one typed answer into (raw value, status); raise AnswerError if it does not fit."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return math.nan, MISSING
    if isinstance(cell, bool):
        text = "yes" if cell else "no"
    elif isinstance(cell, int) and cell.bit_length() > 1024:
        # Beyond any float (and str() may refuse to write it): a crafted cell, not an answer.
        raise AnswerError("the number is too large")
    elif isinstance(cell, int | float):
        text = str(int(cell)) if float(cell).is_integer() else repr(float(cell))
    else:
        text = str(cell).strip()
    if text == "":
        return math.nan, MISSING
    token = text.lower()
    if token in NOT_APPLICABLE_TOKENS:
        if not question.not_applicable:
            raise AnswerError("'not applicable' is not allowed for this question")
        return math.nan, NOT_APPLICABLE
    if token in DONT_KNOW_TOKENS:
        if not question.dont_know:
            raise AnswerError("'don't know' is not allowed for this question")
        return math.nan, DONT_KNOW

    kind = question.type
    if kind == "scale":
        count = len(framework.question_levels(question))
        value = _number(text)
        if value != int(value) or not 1 <= value <= count:
            raise AnswerError(f"'{text}' is not a level: expected a whole number from 1 to {count}")
        return value, ANSWERED
    if kind == "yesno":
        if token in YES_TOKENS:
            return 1.0, ANSWERED
        if token in NO_TOKENS:
            return 0.0, ANSWERED
        raise AnswerError(f"'{text}' is not yes or no")
    if kind == "choice":
        points = {o.id.lower(): o.points for o in question.options or []}
        chosen = [text]
        if question.multiple:
            for separator in MULTI_SEPARATORS:
                text = text.replace(separator, MULTI_SEPARATORS[0])
            chosen = [c.strip() for c in text.split(MULTI_SEPARATORS[0]) if c.strip()]
        elif any(s in text for s in MULTI_SEPARATORS):
            raise AnswerError("only one option may be chosen")
        unknown = [c for c in chosen if c.lower() not in points]
        if unknown:
            known = ", ".join(o.id for o in question.options or [])
            raise AnswerError(f"unknown option '{unknown[0]}' (options: {known})")
        if len({c.lower() for c in chosen}) != len(chosen):
            raise AnswerError("an option is chosen twice")
        return float(sum(points[c.lower()] for c in chosen)), ANSWERED
    value = _number(text.removesuffix("%").strip() if kind == "percent" else text)
    if kind == "percent" and not 0 <= value <= 100:
        raise AnswerError(f"{value:g} is not a percentage from 0 to 100")
    if kind == "normalised" and not 0 <= value <= 1:
        raise AnswerError(f"{value:g} is not a value from 0 to 1")
    if kind == "number":
        rule = question.normalise
        if rule is not None and rule.bounds == "fixed" and not rule.cap:
            assert rule.min is not None
            assert rule.max is not None
            if not rule.min <= value <= rule.max:
                raise AnswerError(f"{value:g} is outside the range {rule.min:g} to {rule.max:g}")
    return value, ANSWERED


class TableError(ValueError):
    """A whole answers file that cannot be used; the message names row and column.

    One line per problem: a line break inside a quoted cell or column name is written out.
    """

    def __init__(self, *problems: str):
        super().__init__("\n".join(one_line(problem) for problem in problems))


def _xlsx_value(cell: object) -> object:
    """A cell formatted as a percentage holds a fraction (0.92 shows as 92%): read it as '92%'."""
    value = getattr(cell, "value", None)
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in str(getattr(cell, "number_format", ""))
    ):
        return f"{value * 100:.10g}%"
    return value


def _read_rows(path: Path) -> list[tuple[int, list[object]]]:
    """The non-empty rows of the file, each with its row number as a spreadsheet shows it."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook  # imported here: only spreadsheet users pay for it

        try:
            book = load_workbook(path, read_only=True, data_only=True)
            try:
                # A read-only sheet is parsed while iterating: damaged sheet XML shows up here.
                rows = [[_xlsx_value(c) for c in row] for row in book.worksheets[0].iter_rows()]
            finally:
                book.close()
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise TableError(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    elif suffix in (".csv", ".txt", ""):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise TableError(f"{path.name}: not UTF-8 text; save the CSV as UTF-8") from None
        except OSError as exc:  # a folder, a file without read permission
            raise TableError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        try:
            rows = list(reader)
        except csv.Error as exc:  # e.g. a field longer than the csv module's limit
            raise TableError(
                f"{path.name}, line {reader.line_num}: not a readable CSV line ({exc})"
            ) from None
    else:
        raise TableError(f"{path.name}: answers must be a .csv or .xlsx file")
    return [
        (n, row)
        for n, row in enumerate(rows, start=1)
        if any(c not in (None, "") and str(c).strip() for c in row)
    ]


def read_answer_table(
    framework: Framework,
    path: Path,
    *,
    id_column: str | None = None,
    keep: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
) -> AnswerTable:
    """Read a CSV or XLSX file: one row per entity, an id column, one column per question.

    Raises TableError naming the row (as numbered in a spreadsheet) and the column of the
    first problems found; nothing is scored from a file with a problem.
    """
    if not path.exists():
        raise TableError(f"{path}: no such file")
    rows = _read_rows(path)
    if not rows:
        raise TableError(f"{path.name}: the file is empty")
    header_line, header_cells = rows[0]
    header = ["" if c is None else str(c).strip() for c in header_cells]
    body = rows[1:]
    for index, name in enumerate(header):
        # A nameless column is fine when it is empty (a trailing separator, a stray cell).
        if not name and any(index < len(r) and r[index] not in (None, "") for _, r in body):
            raise TableError(
                f"{path.name}, row {header_line}, column {index + 1}: the column has data but no name"
            )
    named = [h for h in header if h]
    if len(set(named)) != len(named):
        dup = next(h for h in named if named.count(h) > 1)
        raise TableError(f"{path.name}, row {header_line}: column '{dup}' appears twice")
    id_column = id_column or header[0]
    if id_column not in named:
        raise TableError(f"{path.name}, row {header_line}: no id column '{id_column}'")
    questions = framework.questions()
    by_id = {q.id: q for q in questions}
    ignored_questions = [name for name in ignore if name in by_id]
    if ignored_questions:
        raise TableError(
            f"--ignore {ignored_questions[0]}: that is a question of framework '{framework.id}'; "
            "leave its cells empty to score it as missing"
        )
    has_perspective = bool(framework.perspectives)
    special = {id_column, *keep, *ignore} | ({"perspective"} if has_perspective else set())
    unknown = [h for h in named if h not in special and h not in by_id]
    if unknown:
        raise TableError(
            f"{path.name}, row {header_line}: unknown column{'s' if len(unknown) > 1 else ''} "
            + ", ".join(f"'{u}'" for u in unknown[:10])
            + " (not a question of framework "
            + f"'{framework.id}'; pass --keep or --ignore for extra columns)"
        )
    missing_cols = [q.id for q in questions if q.id not in header]
    for name in (*keep, *(["perspective"] if has_perspective else [])):
        if name not in header:
            missing_cols.insert(0, name)
    if missing_cols:
        more = f" and {len(missing_cols) - 10} more" if len(missing_cols) > 10 else ""
        raise TableError(
            f"{path.name}, row {header_line}: missing column{'s' if len(missing_cols) > 1 else ''} "
            + ", ".join(f"'{m}'" for m in missing_cols[:10])
            + more
        )

    position = {h: i for i, h in enumerate(header) if h}
    columns = [position[q.id] for q in questions]
    n, q = len(body), len(questions)
    values = np.full((n, q), np.nan)
    status = np.full((n, q), MISSING, dtype=np.int8)
    entity_ids: list[str] = []
    perspectives: list[str] = []
    extra: dict[str, list[str]] = {name: [] for name in keep}
    known_perspectives = {p.id for p in framework.perspectives}
    seen: dict[tuple[str, str], int] = {}
    errors: list[str] = []
    width = len(header)
    padded = [list(row) + [None] * (width - len(row)) for _, row in body]
    lines = [line for line, _ in body]
    problems: list[tuple[int, int, str]] = []  # (row, column, message), sorted before reporting
    for r, cells in enumerate(padded):
        line = lines[r]
        raw_id = cells[position[id_column]]
        entity = "" if raw_id is None else str(raw_id).strip()
        if not entity:
            problems.append((line, position[id_column], f"column '{id_column}': the id is empty"))
        perspective = ""
        if has_perspective:
            perspective = str(cells[position["perspective"]] or "").strip()
            if perspective not in known_perspectives:
                problems.append(
                    (
                        line,
                        position["perspective"],
                        f"column 'perspective': '{perspective}' is not one of "
                        + ", ".join(sorted(known_perspectives)),
                    )
                )
        key = (entity, perspective)
        if entity and key in seen:
            problems.append(
                (
                    line,
                    position[id_column],
                    f"column '{id_column}': '{entity}' already appears in row {seen[key]}",
                )
            )
        seen.setdefault(key, line)
        entity_ids.append(entity)
        perspectives.append(perspective)
        for name in keep:
            cell = cells[position[name]]
            extra[name].append("" if cell is None else str(cell))
    by_column = list(zip(*padded, strict=True)) if padded else [() for _ in header]
    for j, question in enumerate(questions):
        column = by_column[columns[j]]
        # Answers repeat ("1" to "5", "dk", ...): parse each distinct cell once, then index.
        distinct = list(dict.fromkeys(column))
        outcomes: list[tuple[float, int] | str] = []
        for cell in distinct:
            try:
                outcomes.append(parse_answer(framework, question, cell))
            except AnswerError as exc:
                outcomes.append(str(exc))
        failed = {cell: o for cell, o in zip(distinct, outcomes, strict=True) if isinstance(o, str)}
        if failed:
            problems.extend(
                (lines[r], columns[j], f"column '{question.id}': {failed[cell]}")
                for r, cell in enumerate(column)
                if cell in failed
            )
            continue
        code = {cell: i for i, cell in enumerate(distinct)}
        index = np.fromiter((code[cell] for cell in column), dtype=np.int64, count=len(column))
        parsed = np.array(outcomes, dtype=float).reshape(-1, 2)
        values[:, j] = parsed[index, 0]
        status[:, j] = parsed[index, 1].astype(np.int8)
    errors = [f"row {line}, {message}" for line, _, message in sorted(problems, key=lambda p: (p[0], p[1]))]
    if errors:
        raise TableError(*(f"{path.name}, {e}" for e in errors[:20]))
    return AnswerTable(
        entity_ids=entity_ids,
        question_ids=[q.id for q in questions],
        values=values,
        status=status,
        perspectives=perspectives if has_perspective else None,
        extra=extra,
    )
