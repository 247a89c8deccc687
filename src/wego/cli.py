"""The `wego` command: demo, serve, score, validate, and every manage.py command.

`wego score` and `wego validate` use the scoring engine alone and never touch Django or a
database, so they work anywhere the package is installed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

EXIT_BAD_INPUT = 2


def _fail(command: str, message: str) -> int:
    print(f"wego {command}: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _number(value: float, decimals: int = 6) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file renamed into place."""
    directory = path.resolve().parent
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(c.strip() for c in (text or "").split(",") if c.strip())


def score_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wego score",
        description="Score answers against a framework: every node's score, the stage and the rank.",
    )
    parser.add_argument(
        "--framework",
        required=True,
        help="a framework YAML file or a shipped name (ceds, egdi, ...)",
    )
    parser.add_argument(
        "--answers", required=True, help="CSV or XLSX: an id column, then one column per question"
    )
    parser.add_argument("--out", help="output file, .csv or .json (default: CSV on standard output)")
    parser.add_argument("--id", dest="id_column", help="the id column (default: the first column)")
    parser.add_argument("--keep", help="comma-separated columns copied to the output (e.g. a name)")
    parser.add_argument("--ignore", help="comma-separated columns to skip")
    parser.add_argument(
        "--precision", type=int, help="decimals for stages and ranking (default: the framework's)"
    )
    args = parser.parse_args(argv)

    from wego.scoring import FrameworkError, compile_plan, load_framework, read_answer_table, score
    from wego.scoring.answers import TableError

    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".csv", ".json"):
        return _fail("score", f"--out {out.name}: the output must end in .csv or .json")
    if out is not None and not out.resolve().parent.is_dir():
        return _fail("score", f"--out {out}: the folder {out.resolve().parent} does not exist")
    if args.precision is not None and not 0 <= args.precision <= 12:
        return _fail("score", "--precision must be from 0 to 12")
    try:
        framework = load_framework(args.framework)
    except FrameworkError as exc:
        return _fail("score", "the framework file has problems:\n" + exc.describe())
    if args.precision is not None:
        framework = framework.model_copy(update={"precision": args.precision})
    keep = _split(args.keep)
    # The output has the fixed columns and one column per node (not per question).
    nodes = {n.id for part in ("tree", "inventory") for n in framework.walk(part) if not n.is_question}
    output_columns = nodes | {
        "id",
        "overall",
        "stage",
        "rank",
        "coverage",
        "dont_know",
        "missing",
        "inventory",
    }
    if framework.perspectives:
        output_columns.add("perspective")
    clashes = [name for name in keep if name in output_columns]
    if clashes:
        return _fail("score", f"--keep {clashes[0]}: the output already has a column of that name")
    try:
        table = read_answer_table(
            framework,
            Path(args.answers),
            id_column=args.id_column,
            keep=keep,
            ignore=_split(args.ignore),
        )
    except TableError as exc:
        return _fail("score", str(exc))
    result = score(compile_plan(framework), table)
    text = (
        _render_json(result, table, keep)
        if out and out.suffix.lower() == ".json"
        else _render_csv(result, table, keep)
    )
    if out is None:
        sys.stdout.write(text)
    else:
        _write_atomically(out, text)
        print(
            f"wego score: {len(table.entity_ids)} scored with {framework.id} {framework.version}; wrote {out}",
            file=sys.stderr,
        )
    return 0


def _rows(result, table, keep):
    plan = result.plan
    stages = plan.framework.stages
    overall = plan.overall_index
    decimals = max(6, plan.framework.precision or 0)
    for i, entity in enumerate(table.entity_ids):
        stage = int(result.stage[i])
        yield {
            "id": entity,
            "perspective": table.perspectives[i] if table.perspectives else None,
            "keep": {name: table.extra[name][i] for name in keep},
            "overall": result.rounded[i],
            "stage": stages[stage].id if stage >= 0 else "",
            "rank": int(result.rank[i]) or None,
            "coverage": result.coverage[i, overall],
            "dont_know": int(result.dont_know[i, overall]),
            "missing": int(result.missing[i, overall]),
            "scores": {node: result.scores[i, k] for k, node in enumerate(plan.node_ids) if k != overall},
            "decimals": decimals,
        }


def _render_csv(result, table, keep) -> str:
    import csv
    import io
    import re

    plan = result.plan
    overall = plan.overall_index
    decimals = max(6, plan.framework.precision or 0)
    node_columns = [k for k in range(len(plan.node_ids)) if k != overall]
    nodes = [plan.node_ids[k] for k in node_columns]
    stages = plan.framework.stages
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["id", *(["perspective"] if table.perspectives else []), *keep]
    writer.writerow([*header, "overall", "stage", "rank", "coverage", "dont_know", "missing", *nodes])
    # Numbers are formatted a row at a time (one % operation), then trailing zeros dropped:
    # per-cell formatting would cost more than the scoring itself.
    row_format = ",".join([f"%.{decimals}f"] * len(node_columns))
    trailing = re.compile(r"\.(\d*?)0+(?=,|$)")
    node_scores = np.round(result.scores[:, node_columns], decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    for i, entity in enumerate(table.entity_ids):
        stage = int(result.stage[i])
        prefix = io.StringIO()
        csv.writer(prefix, lineterminator="").writerow(
            [
                entity,
                *([table.perspectives[i]] if table.perspectives else []),
                *(table.extra[name][i] for name in keep),
                _number(result.rounded[i], decimals),
                stages[stage].id if stage >= 0 else "",
                int(result.rank[i]) or "",
                _number(result.coverage[i, overall], 4),
                int(result.dont_know[i, overall]),
                int(result.missing[i, overall]),
            ]
        )
        numbers = trailing.sub(
            lambda m: "." + m.group(1) if m.group(1) else "", row_format % tuple(node_scores[i])
        )
        numbers = numbers.replace("nan", "")
        buffer.write(prefix.getvalue() + ("," + numbers if numbers else "") + "\n")
    return buffer.getvalue()


def _render_json(result, table, keep) -> str:
    def clean(value):
        return None if isinstance(value, float) and math.isnan(value) else round(float(value), 10)

    framework = result.plan.framework
    results = []
    for row in _rows(result, table, keep):
        item = {"id": row["id"]}
        if row["perspective"] is not None:
            item["perspective"] = row["perspective"]
        item.update(row["keep"])
        item.update(
            overall=clean(row["overall"]),
            stage=row["stage"] or None,
            rank=row["rank"],
            coverage=clean(row["coverage"]),
            flags={"dont_know": row["dont_know"], "missing": row["missing"]},
            scores={node: clean(value) for node, value in row["scores"].items()},
        )
        results.append(item)
    document = {
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "content_hash": framework.content_hash,
            "precision": framework.precision,
            "stages": [
                {"id": s.id, "name": str(s.name), "min": s.min, "inclusive": s.inclusive}
                for s in framework.stages
            ],
        },
        "results": results,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def validate_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="wego validate", description="Validate framework files and summarise them."
    )
    parser.add_argument("files", nargs="+", help="framework YAML files or shipped names")
    args = parser.parse_args(argv)
    from wego.scoring import FrameworkError, load_framework

    status = 0
    for name in args.files:
        try:
            framework = load_framework(name)
        except FrameworkError as exc:
            print(exc.describe(), file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        tree = sum(1 for n in framework.walk("tree") if n.is_question)
        inventory = sum(1 for n in framework.walk("inventory") if n.is_question)
        print(
            f"{framework.source_name}: {framework.id} {framework.version} is valid: "
            f"{tree} questions in the tree, {inventory} in the inventory, {len(framework.stages)} stages "
            f"(sha256 {framework.content_hash[:12]})"
        )
    return status


def _django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wego.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wego", *argv])


def _serve_args(argv: list[str], prog: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address and port (default 127.0.0.1:8000)")
    if prog == "wego demo":
        parser.add_argument("--no-serve", action="store_true", help="load the demo, then exit")
    return parser.parse_args(argv)


def demo_command(argv: list[str]) -> int:
    args = _serve_args(argv, "wego demo")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wego.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from wego.demo.loader import demo_load, demo_users

    print(f"Data folder: {settings.DATA_DIR}")
    call_command("migrate", interactive=False, verbosity=0)
    counts = demo_load()
    logins = demo_users()
    print("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print("Demo logins (invented accounts, for this demo only):")
    for username, password, what in logins:
        print(f"  {username} / {password}   {what}")
    if args.no_serve:
        return 0
    # Flushed now: when the output goes to a pipe or a log, the logins must not wait for the exit.
    print(f"Serving at http://{args.addr}/  (admin: http://{args.addr}/admin/)  Ctrl+C stops.", flush=True)
    # Background jobs (PDF reports) need a worker beside the server; it stops with the server.
    worker = subprocess.Popen([sys.executable, "-m", "wego.cli", "db_worker"])
    # A stop by SIGTERM (a service manager, `kill`) also stops the worker, through `finally`.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
    try:
        call_command("runserver", args.addr, use_reloader=False, use_threading=True)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0


def serve_command(argv: list[str]) -> int:
    args = _serve_args(argv, "wego serve")
    _django(["runserver", args.addr, "--noreload"])
    return 0


def _operations_help() -> str:
    from wego.operations.commands import HELP

    return HELP


def _operations_handlers() -> dict:
    from wego.operations.commands import HANDLERS

    return HANDLERS


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(
            "usage: wego COMMAND [options]\n\n"
            "  demo      migrate, load frameworks and demo data, serve at http://127.0.0.1:8000\n"
            "  serve     serve the site (development server; see the README for production)\n"
            "  score     score a CSV/XLSX of answers against a framework (no database needed)\n"
            "  validate  validate framework files and summarise them\n"
            f"{_operations_help()}"
            "  any manage.py command, e.g. `wego migrate`, `wego createsuperuser`, `wego load_frameworks`\n"
        )
        return 0
    command, rest = argv[0], argv[1:]
    handlers = {
        "score": score_command,
        "validate": validate_command,
        "demo": demo_command,
        "serve": serve_command,
    }
    handlers.update(_operations_handlers())
    if command in handlers:
        return handlers[command](rest)
    _django(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
