"""The `sef` command: parse arguments, call the library, print.

User mistakes end with a clear message and exit code 1 (2 for a wrong command
line); a traceback here is always a bug in sefkit. Everything printed that came
from a user's files or arguments goes through `printable` (or `_json`): an
escape sequence in a cell is shown as `\x1b`, never acted on by the terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import io
import os
import stat
import sys
from pathlib import Path

from . import __version__
from .problems import UNSAFE, Code, InputError, Problem, printable

EPILOG = "Docs: docs/workspace-format.md. Exit codes: 0 ok, 1 problems in the input, 2 wrong command line."


def _date(text: str) -> dt.date:
    from .dates import out_of_range

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{printable(text)}' is not a date; write it as YYYY-MM-DD") from None
    wrong = out_of_range(day)
    if wrong:
        raise argparse.ArgumentTypeError(f"{day} {wrong}")
    return day


def _add_selection(p: argparse.ArgumentParser) -> None:
    _add_workspace(p)
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
    p.add_argument("--format", metavar="LIST",
                   help="comma-separated: html,pdf,docx,ipynb (default: each council's report.formats, else all "
                        "four)")
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

    p = sub.add_parser("workbook", help="serve the workbook's pages (self-assessment, evidence, actions)",
                       description="Start Voila on 127.0.0.1 serving the workbook's pages: the self-assessment, "
                                   "the evidence library and Annex A tracker, and the action plan. Prints their "
                                   "addresses; Ctrl-C stops it. Saves go through sefkit's one writer (locked, "
                                   "revision-checked, audited).", epilog=EPILOG)
    _add_serving(p)
    p.add_argument("--user-header", metavar="NAME",
                   help="take the person's name from this request header (e.g. X-Remote-User); safe ONLY behind "
                        "a reverse proxy that always sets it (under JupyterHub, JUPYTERHUB_USER is used instead)")
    p.set_defaults(func=cmd_workbook)

    p = sub.add_parser("dashboard", help="serve the board dashboard (read-only)",
                       description="Start Voila on 127.0.0.1 serving the board dashboard: where each council's "
                                   "partnership stands and why, and every council side by side. It only reads the "
                                   "workspace. Prints its address; Ctrl-C stops it. Voila has no login: to share "
                                   "it, put it behind the council's reverse proxy or JupyterHub (see the README).",
                       epilog=EPILOG)
    _add_serving(p)
    p.set_defaults(func=cmd_dashboard)

    p = sub.add_parser("history", help="who changed what in a council's files, and when",
                       description="Print the audit trail of a council's files (every save sefkit made: the "
                                   "workbook's forms, imports, sef init): when, who, which file, and each "
                                   "changed field's old and new value, oldest first.", epilog=EPILOG)
    _add_workspace(p)
    p.add_argument("--council", required=True, metavar="ID", help="the council id")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--criterion", metavar="ID", help="only this criterion's self-assessment (IMP-1)")
    which.add_argument("--item", metavar="ID", help="only this evidence item")
    which.add_argument("--action", metavar="REF", help="only this action")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("import", help="bring a council's own tracker (Excel, OpenDocument or CSV) in",
                       description="Read a tracker (.xlsx, .ods or .csv) into the council's evidence library, "
                                   "action plan or KPIs: its headings are recognised (sef/import-headers.yaml; "
                                   "--map for the rest), every row that is not a record is named, every record is "
                                   "checked as `sef validate` checks it. Records with an id, ref, or indicator and "
                                   "period already in the workspace are updated, others added, none removed. All "
                                   "or nothing: on any error nothing is written.", epilog=EPILOG)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--council", required=True, metavar="ID", help="the council id")
    p.add_argument("--kind", required=True, choices=["evidence", "actions", "kpis"],
                   help="which workspace file the sheet fills")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the one named for the kind, "
                                                   "else the first with a recognised header)")
    p.add_argument("--map", action="append", default=[], metavar='"HEADING=FIELD"',
                   help="read the column with this heading as this field (repeatable)")
    p.add_argument("--set", action="append", default=[], metavar='"FIELD=VALUE"',
                   help="give every record this value for a field the sheet has no column for (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="show what would be imported; write nothing")
    _add_workspace(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write a council's workspace as an Excel workbook",
                       description="Write the council's evidence library, Annex A tracker, actions, KPIs and "
                                   "self-assessment as one Excel workbook (a read-me sheet says what each column "
                                   "holds; status columns have drop-downs). Edit it and bring it back with "
                                   "`sef import`.", epilog=EPILOG)
    p.add_argument("--council", required=True, metavar="ID", help="the council id")
    p.add_argument("-o", "--output", metavar="FILE.xlsx", help="where to write it (default: <council>.xlsx)")
    _add_workspace(p)
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:   # `sef score | head`: the reader has all it wants
        _drop_stdout()
        return 0
    except OSError as exc:    # the last net: what no check foresaw (a full disk, a lost mount) as one line
        _print_last(_os_problem(exc), on_stdout=exc.filename != "stdout")
        return 1


def _print_last(problem: Problem, on_stdout: bool) -> None:
    """A problem where the others go (stdout), or on stderr when stdout itself is what failed."""
    try:
        if on_stdout:
            _out(problem)
            return
    except OSError:
        pass
    print(problem, file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    try:
        code = args.func(args)
    except InputError as exc:
        _print_problems(exc.problems)
        code = 1
    _out(None)   # a full disk or a closed pipe on stdout shows here, not as a note at exit
    return code


def _tolerant_streams() -> None:
    """Never fail to print: a character the terminal's encoding lacks is written as an escape."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass


def _out(text: object | None, stream=None) -> None:
    """Print a line (None: only flush). A failure to write stdout (a full disk) is said to be stdout's,
    and stdout is dropped so the interpreter's own flush at exit does not fail again."""
    stream = stream or sys.stdout
    try:
        if text is not None:
            print(text, file=stream)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        if stream is not sys.stdout:
            raise
        _drop_stdout()
        raise OSError(exc.errno, exc.strerror, "stdout") from None


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's own flush at exit has nothing to fail on."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up; free some space and run the command again",
    errno.EROFS: "the file system is read-only; use a folder you can write to",
    errno.EACCES: "permission denied; use a folder you can write to, or ask for access",
    errno.EPERM: "not permitted; use a folder you can write to, or ask for access",
    errno.EEXIST: "a file is where a folder should be; move it aside",
    errno.ENOTDIR: "a file is where a folder should be; move it aside",
    errno.EISDIR: "a folder is where a file should be; move it aside",
    errno.ENAMETOOLONG: "the path is too long; use a shorter one",
    errno.ELOOP: "a symbolic link leads back to itself; fix or remove it",
    errno.ENOENT: "is not there (a symbolic link to nothing?); restore it or remove the link",
}
READING = {errno.ELOOP, errno.ENOENT}   # failures of a read; the rest are (mostly) of a write


def _os_problem(exc: OSError) -> Problem:
    advice = ADVICE.get(exc.errno or 0, f"{exc.strerror or exc}; check the folder and run the command again")
    code: Code = "file-unreadable" if exc.errno in READING else "write-failed"
    return Problem(str(exc.filename or "sef"), 0, 1, "error", code, advice)


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
        _out(p, stream)
    return errors, warnings


def _selected(ws, args) -> list[str]:
    from .workspace.locate import council_id_rule, shown_id, valid_council_id

    councils = ws.councils() if args.all else list(dict.fromkeys(args.council))
    invalid = [c for c in councils if not args.all and not valid_council_id(c)]
    if invalid:   # said about the option, before the id names a path ('../x', or too long for a file name)
        raise InputError([Problem("--council", 0, 1, "error", "id-invalid", f"'{shown_id(c)}' is not a valid "
                                  f"council id: {council_id_rule()}") for c in invalid])
    if args.all and not councils:
        raise InputError.one("not-found", "parameters", f"no councils in workspace {ws.root}: add "
                             "parameters/<council>.yaml (`sef init` creates one)", line=0)
    return councils


def _workspace_root(given: str | None) -> Path:
    """The workspace folder (the option, else $SEF_WORKSPACE, else here); InputError saying precisely what
    is there instead when it is not a folder."""
    from .textio import not_a_file
    from .workspace.locate import resolve_workspace

    shown = given or os.environ.get("SEF_WORKSPACE") or "."
    root = resolve_workspace(shown)
    try:
        mode: int | None = root.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        return root
    if mode is not None:   # a file, a pipe...
        raise InputError.one("not-found", shown, "is a file, not a workspace folder; give the folder that holds "
                             "parameters/, evidence/ and sef/", line=0)
    found = not_a_file(root)   # why it cannot be looked at: nothing there, a link loop, a file in its path...
    if found is None or found.nothing_there:
        raise InputError.one("not-found", shown, "workspace folder does not exist", line=0)
    raise InputError.one(found.code, shown, found.message, line=0)


def _workspace(args):
    from .workspace import Workspace

    return Workspace(_workspace_root(args.workspace))


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


def _json(payload: object) -> str:
    """JSON for a terminal or a pipe: what could act on a terminal, inside strings only (json.dumps
    escapes every C0 control itself), written as the \\u escape that means the same character."""
    import json

    text = json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False)
    return UNSAFE.sub(lambda m: m.group() if m.group() < "\x7f" else f"\\u{ord(m.group()):04x}", text)


def cmd_score(args) -> int:
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
        _out(_json(payload))
    else:
        _out(printable("\n\n".join(summary_text(c) for c in cards), keep="\n"))
    return 0


def cmd_report(args) -> int:
    from .publish.batch import jobs_for, run_reports, validate_request

    ws = _workspace(args)
    councils = _selected(ws, args)
    asked = [f.strip().lower() for f in args.format.split(",") if f.strip()] if args.format else None
    problems = validate_request(ws.root, councils, asked or [], args.as_of)
    if not problems and asked is None:      # what each council's report.formats asks for
        wanted = {f for job in jobs_for(ws.root, councils, None) for f in job.formats}
        problems = validate_request(ws.root, councils, sorted(wanted), args.as_of)
    if args.jobs < 1:
        problems.append(Problem("--jobs", 0, 1, "error", "argument", "must be 1 or more"))
    if problems:  # found before any kernel starts
        _print_problems(problems, stream=sys.stderr)
        return 1
    result = run_reports(ws.root, councils, args.as_of, tuple(asked) if asked else None, jobs=args.jobs,
                         out_root=Path(args.out) if args.out else None, progress=not args.no_progress)
    for r in result.results:
        if r.ok:
            _out(printable(f"{r.council}: {r.folder}"))
            for name, aside in r.kept:
                print(printable(f"{r.council}: {name} had been changed since sefkit wrote it; your version is "
                                f"kept as '{aside}'"), file=sys.stderr)
            for note in r.notes:
                print(printable(f"{r.council}: warning: {note}"), file=sys.stderr)
        else:
            where = f" at {r.cell}" if r.cell else ""
            print(printable(f"{r.council}: FAILED{where}: {r.error}", keep="\n"), file=sys.stderr)
    if result.index:
        _out(printable(f"Index: {result.index}"))
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
            _out(printable(f"Created workspaces for {len(load_councils())} English authorities in "
                           f"{target.absolute()}"))
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
    _out(printable(f"Created workspace in {target.absolute()}:"))
    for path in created:
        _out(printable(f"  {path}"))
    _out(printable(f"Next: fill in the files, then run: sef validate --workspace {args.directory} --all"))
    return 0


def _add_workspace(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workspace", metavar="DIR",
                   help="the workspace folder (default: $SEF_WORKSPACE, else the current directory)")


def _add_serving(p: argparse.ArgumentParser) -> None:
    _add_workspace(p)
    p.add_argument("--port", type=int, metavar="N", help="port on 127.0.0.1 (default: a free one)")
    p.add_argument("--council", metavar="ID", help="the council the pages open with")


def cmd_workbook(args) -> int:
    from .apps.serve import serve

    ws = _workspace(args)
    _known_council(ws, args.council)
    return serve("workbook", ws.root, args.port, args.council, args.user_header)


def _known_council(ws, council: str | None) -> None:
    """A `--council` that the workspace has, or a message naming the ones it has (the nearest few, when
    there are many: an all-England workspace has 153)."""
    import difflib

    known = ws.councils()
    if not council or council in known:
        return
    if len(known) <= 10:
        listed = f"councils here: {', '.join(known) or 'none'}"
    else:
        near = difflib.get_close_matches(council, known, n=3, cutoff=0.6)
        listed = (f"did you mean {' or '.join(near)}? " if near else "") + \
            f"{len(known)} councils here (their ids are the file names in parameters/)"
    raise InputError.one("not-found", "--council", f"unknown council '{council}'; {listed}", line=0)


def cmd_dashboard(args) -> int:
    from .apps.serve import serve

    ws = _workspace(args)
    _known_council(ws, args.council)
    return serve("dashboard", ws.root, args.port, args.council)


def cmd_history(args) -> int:
    from .vocab import squash
    from .workspace.history import council_edits, read_trail

    ws = _workspace(args)
    files = ws.files(args.council)
    if not files.parameters.is_file():
        raise InputError.one("not-found", "--council", f"unknown council '{args.council}': there is no "
                             f"parameters/{args.council}.yaml", line=0)
    record = args.item or args.action
    edits = council_edits(files, record)
    if args.criterion:       # written as people write ids: imp 1 is IMP-1
        edits = [e for e in edits if squash(e.record) == squash(args.criterion)]
    for e in edits:
        what = f"{e.record} {e.field}".strip() or e.what
        _out(printable(f"{e.at}  {e.by}  {e.file}  {what}: {_shown_value(e.old)} -> {_shown_value(e.new)}"))
    damaged = read_trail(files.audit_log).damaged_lines
    summary = f"{len(edits)} change(s)" + (f"; {damaged} damaged line(s) of {files.shown(files.audit_log)} "
                                           "skipped" if damaged else "")
    print(summary, file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    import getpass

    from .exchange.describe import change_lines, read_lines
    from .exchange.importer import apply_import, plan_import
    from .store import ConflictError

    ws = _workspace(args)
    _selected(ws, argparse.Namespace(all=False, council=[args.council]))
    plan = plan_import(ws, args.council, Path(args.file), args.kind, sheet=args.sheet, maps=args.map,
                       sets=args.set)
    if plan.blocks:
        for line in read_lines(plan):
            _out(line)
    errors, warnings = _print_problems(_shown_problems(plan.problems.sorted()))
    for line in change_lines(plan, args.dry_run or errors > 0):
        _out(line)
    if errors:
        _out(f"nothing written: {errors} error(s){f', {warnings} warning(s)' if warnings else ''}")
        return 1
    if args.dry_run:
        _out("dry run: nothing written")
        return 0
    merge = plan.merge
    if merge is None or not (merge.added or merge.changed):
        _out("nothing to change: the workspace already holds what the sheet holds")
        return 0
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "sef import"
    files = ws.files(args.council)
    try:
        apply_import(plan, files, who)
    except ConflictError:
        raise InputError.one("conflict", files.shown(files.path(args.kind)), "changed while it was being "
                             "imported (someone saved it); nothing was written: run the import again") from None
    _out(f"written {files.shown(files.path(args.kind))}")
    return 0


def _shown_problems(problems: list[Problem], limit: int = 40) -> list[Problem]:
    """Every error, and the first `limit` warnings (a large tracker of stale evidence would bring one
    per row); the rest counted in one line."""
    warnings = [p for p in problems if p.severity == "warning"]
    if len(warnings) <= limit:
        return problems
    keep = set(map(id, warnings[:limit]))
    shown = [p for p in problems if p.severity == "error" or id(p) in keep]
    codes = sorted({p.code for p in warnings[limit:]})
    return shown + [Problem(warnings[limit].path, 0, 1, "warning", warnings[limit].code,
                            f"... and {len(warnings) - limit} more warnings ({', '.join(codes)})")]


def cmd_export(args) -> int:
    from .exchange.export import export_workbook

    ws = _workspace(args)
    _selected(ws, argparse.Namespace(all=False, council=[args.council]))
    target = Path(args.output or f"{args.council}.xlsx")
    data = ws.load_or_raise(args.council, dt.date.today())
    written = export_workbook(ws, data, target)
    _out(printable(f"written {written}"))
    return 0


def _shown_value(value: str | None, limit: int = 120) -> str:
    if value is None:
        return "(none)"
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…'"


def cmd_benchmarks_import(args) -> int:
    from .paths import builtin_reference_dir
    from .reference import import_ees
    from .textio import not_a_file
    from .workspace.locate import AUDIT_LOG

    ws_root = _workspace_root(args.workspace) if args.workspace else Path(".")
    target = ws_root / "sef" / "reference" / "benchmarks.csv"
    # Each file said precisely: missing, a folder, a broken link, a pipe that would never end.
    found = {f: not_a_file(Path(f)) for f in [*args.files, *([args.kpi_map] if args.kpi_map else [])]}
    problems = [Problem(f, 0, 1, "error", "not-found" if why.nothing_there else why.code,
                        "file not found" if why.nothing_there else why.message)
                for f, why in found.items() if why is not None]
    if problems:
        raise InputError(problems)
    # A workspace's first import starts from the built-in table; councils.csv and inspections.csv are not
    # copied, so the workspace keeps reading the built-in ones (and their updates). A ReferenceDataError is
    # an InputError: main() prints it as file:line:column.
    result = import_ees([Path(f) for f in args.files], kpi_map=Path(args.kpi_map) if args.kpi_map else None,
                        benchmarks_csv=target, start_from=builtin_reference_dir() / "benchmarks.csv",
                        audit_log=ws_root / AUDIT_LOG, shown="sef/reference/benchmarks.csv")
    _out(printable(f"{target}: {result.rows_added} rows added, {result.rows_updated} updated, "
                   f"{result.rows_removed} withdrawn (now suppressed) ({', '.join(result.kpis)}) "
                   f"from {', '.join(result.files)}"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
