"""The `sef` command: parse arguments, call the library, print.

User mistakes end with a clear message and exit code 1 (2 for a wrong command
line); a traceback here is always a bug in sefkit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import __version__
from .problems import InputError, Problem

EPILOG = "Docs: docs/workspace-format.md. Exit codes: 0 ok, 1 problems in the input, 2 wrong command line."


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def _add_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", metavar="DIR",
                   help="the workspace folder (default: $SEF_WORKSPACE, else the current directory)")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--council", nargs="+", metavar="ID", help="one or more council ids")
    group.add_argument("--all", action="store_true", help="every council in the workspace")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sef", description="Inspection-readiness and self-evaluation workbook for area SEND partnerships.",
        epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"sefkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a new workspace for a council",
                       description="Create a workspace folder with empty, valid files for one council, "
                                   "and a reference sheet of the framework's ids to fill in.")
    p.add_argument("directory", metavar="DIR", help="folder to create (or an existing workspace to add to)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--council", metavar="ID", help="council id: lower-case letters, digits and '-'")
    who.add_argument("--la", metavar="CODE_OR_NAME", help="a real English authority by old code (384), new "
                     "code (E08000036) or name: fills in its details, neighbours and published KPIs")
    who.add_argument("--all-england", action="store_true", help="every English authority in one workspace")
    p.add_argument("--name", help="display name, e.g. 'Brightwater Local Area Partnership' (with --council)")
    p.add_argument("--framework", default="area-send-2025", help="catalogue id (default: area-send-2025)")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="self-evaluation date (default: today)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("validate", help="check a workspace's files and list every problem",
                       description="Check every file of the selected councils: columns, types, allowed "
                                   "words, ranges, dates, references and sense. Prints each problem as "
                                   "path:line:column: severity: message. Exit 1 if there is any error.",
                       epilog=EPILOG)
    _add_selection(p)
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="judge staleness at this date")
    p.add_argument("--quiet", action="store_true", help="print errors only, not warnings")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("score", help="score evidence, KPIs and actions against the framework",
                       description="Score each council: Annex A readiness, evidence per criterion, KPI RAG, "
                                   "self-assessment check, actions, gap analysis and an indicative outcome.",
                       epilog=EPILOG)
    _add_selection(p)
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help="score at this date (default: the parameter file's as_of, else today)")
    p.add_argument("--json", action="store_true", help="print JSON (a list with --all)")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("report", help="render SEF reports (HTML, PDF, Word, notebook) for councils",
                       description="Run the report notebook for each council in a pool of warm kernels and "
                                   "write reports/<council>/<as_of>/ (sef-report.html/.pdf/.docx/.ipynb, "
                                   "scorecard.json, gaps.csv) and reports/<as_of>/index.html. A council that "
                                   "fails never stops the others; the exit code is 1 if any failed.",
                       epilog=EPILOG)
    _add_selection(p)
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="report at this date (default: each parameter file's)")
    p.add_argument("--format", default="html,pdf,docx,ipynb", metavar="LIST",
                   help="comma-separated: html,pdf,docx,ipynb (default: all four)")
    p.add_argument("--jobs", type=int, default=2, metavar="N", help="parallel workers, one warm kernel each "
                   "(default: 2)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: <workspace>/reports)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("benchmarks", help="update the benchmark table from DfE files",
                       description="Benchmarks (England, regions, every authority) used as KPI comparators.")
    bsub = p.add_subparsers(dest="benchmarks_command", metavar="ACTION", required=True)
    b = bsub.add_parser("import", help="import DfE Explore Education Statistics CSVs",
                        description="Read DfE Explore Education Statistics open-data CSVs (any column order; "
                                    "suppression codes x, c, z, low treated as missing, never zero) and update "
                                    "the workspace's sef/reference/benchmarks.csv.", epilog=EPILOG)
    b.add_argument("files", nargs="+", metavar="FILE")
    b.add_argument("--kpi-map", metavar="FILE", help="YAML: kpi id -> {measure, numerator, denominator}")
    b.add_argument("--workspace", metavar="DIR", help="workspace folder (default: current directory)")
    b.set_defaults(func=cmd_benchmarks_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except InputError as exc:
        _print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _print_problems(problems: list[Problem], quiet: bool = False, stream=None) -> tuple[int, int]:
    stream = stream or sys.stdout
    errors = warnings = 0
    for p in problems:
        if p.severity == "error":
            errors += 1
        else:
            warnings += 1
            if quiet:
                continue
        print(p, file=stream)
    return errors, warnings


def _selected(ws, args) -> list[str]:
    councils = ws.councils() if args.all else list(dict.fromkeys(args.council))
    if args.all and not councils:
        raise InputError.one("not-found", "parameters", f"no councils in workspace {ws.root}: add "
                             "parameters/<council>.yaml (`sef init` creates one)", line=0)
    return councils


def _workspace(args):
    from .workspace import Workspace

    root = Path(args.workspace) if args.workspace else None
    if root is not None and not root.is_dir():
        raise InputError.one("not-found", str(root), "workspace folder does not exist", line=0)
    return Workspace(root)


def cmd_validate(args) -> int:
    ws = _workspace(args)
    today = dt.date.today()
    total_errors = total_warnings = 0
    councils = _selected(ws, args)
    shown: set[Problem] = set()     # problems with the workspace's own rules are shown once, not per council
    for council in councils:
        _, problems = ws.load(council, today, args.as_of)
        e, w = _print_problems([p for p in problems.sorted() if p not in shown], quiet=args.quiet)
        shown.update(ws.warnings)
        total_errors += e
        total_warnings += w
    print(f"{len(councils)} council(s) checked: {total_errors} error(s), {total_warnings} warning(s)",
          file=sys.stderr)
    return 1 if total_errors else 0


def cmd_score(args) -> int:
    import json

    from .scoring import score
    from .scoring.text import summary_text

    ws = _workspace(args)
    today = dt.date.today()
    cards, problems = [], []
    for council in _selected(ws, args):
        data, found = ws.load(council, today, args.as_of)
        if data is None:
            problems.extend(found.sorted())
            continue
        cards.append(score(data, ws.rules))
    if problems:
        # Never a half-computed scorecard: report every problem and print nothing else.
        raise InputError(problems)
    if args.json:
        payload = [c.to_dict() for c in cards] if args.all else (
            cards[0].to_dict() if len(cards) == 1 else [c.to_dict() for c in cards])
        print(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False))
    else:
        print("\n\n".join(summary_text(c) for c in cards))
    return 0


def cmd_report(args) -> int:
    from .publish.batch import run_reports, validate_request

    ws = _workspace(args)
    councils = _selected(ws, args)
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    problems = validate_request(ws.root, councils, formats, args.as_of)
    if args.jobs < 1:
        problems.append(Problem("--jobs", 0, 1, "error", "argument", "must be 1 or more"))
    if problems:  # found before any kernel starts
        _print_problems(problems, stream=sys.stderr)
        return 1
    result = run_reports(ws.root, councils, args.as_of, tuple(formats), jobs=args.jobs,
                         out_root=Path(args.out) if args.out else None, progress=not args.no_progress)
    for r in result.results:
        if r.ok:
            print(f"{r.council}: {r.folder}")
            for name, aside in r.kept:
                print(f"{r.council}: {name} had been changed since sefkit wrote it; your version is kept as "
                      f"'{aside}'", file=sys.stderr)
            for note in r.notes:
                print(f"{r.council}: warning: {note}", file=sys.stderr)
        else:
            where = f" at {r.cell}" if r.cell else ""
            print(f"{r.council}: FAILED{where}: {r.error}", file=sys.stderr)
    if result.index:
        print(f"Index: {result.index}")
    print(result.summary(), file=sys.stderr)
    return result.exit_code


def cmd_init(args) -> int:
    from .reference import ReferenceDataError, load_councils
    from .scaffold import init_real_council, init_workspace

    target = Path(args.directory)
    as_of = args.as_of or dt.date.today()
    try:
        if args.all_england:
            for council in load_councils():
                init_real_council(target, council.la_code, as_of, args.framework)
            print(f"Created workspaces for {len(load_councils())} English authorities in {target.resolve()}")
            return 0
        if args.la:
            created = init_real_council(target, args.la, as_of, args.framework)
        elif args.council and args.name:
            created = init_workspace(target, args.council, args.name, args.framework, as_of)
        else:
            raise InputError.one("argument", "sef init", "give --council ID and --name NAME, or --la CODE_OR_NAME, "
                                 "or --all-england", line=0)
    except ReferenceDataError as exc:
        raise InputError.one(exc.problem.code, "--la", exc.message, line=0) from None
    print(f"Created workspace in {target.resolve()}:")
    for path in created:
        print(f"  {path}")
    print(f"Next: fill in the files, then run: sef validate --workspace {args.directory} --all")
    return 0


def cmd_benchmarks_import(args) -> int:
    from .paths import builtin_reference_dir
    from .reference import import_ees
    from .workspace.locate import AUDIT_LOG

    ws_root = Path(args.workspace) if args.workspace else Path(".")
    target = ws_root / "sef" / "reference" / "benchmarks.csv"
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        raise InputError([Problem(f, 1, 1, "error", "not-found", "file not found") for f in missing])
    # A workspace's first import starts from the built-in table; councils.csv and inspections.csv are not
    # copied, so the workspace keeps reading the built-in ones (and their updates). A ReferenceDataError is
    # an InputError: main() prints it as file:line:column.
    result = import_ees([Path(f) for f in args.files], kpi_map=Path(args.kpi_map) if args.kpi_map else None,
                        benchmarks_csv=target, start_from=builtin_reference_dir() / "benchmarks.csv",
                        audit_log=ws_root / AUDIT_LOG, shown="sef/reference/benchmarks.csv")
    print(f"{target}: {result.rows_added} rows added, {result.rows_updated} updated, "
          f"{result.rows_removed} withdrawn (now suppressed) ({', '.join(result.kpis)}) "
          f"from {', '.join(result.files)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
