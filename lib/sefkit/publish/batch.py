"""`sef report`: render every council's SEF report through a pool of warm kernels.

Each worker process owns one warm kernel (and, for PDF, one headless browser)
and renders councils one after another. A council's files are written into a
hidden temporary folder and moved into place only when every format is done,
so a half-written report never looks finished. One council failing never stops
the others: its error (council, cell, message) is reported and the exit code is
non-zero.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..model import DEFAULT_REPORT_TITLE
from ..paths import builtin_notebook
from ..present.handover import SCORECARD_MIME, WORD_MIME
from ..problems import InputError, Problem, Problems
from . import outputs
from .folder import discard, output_problems, publish, recover, staging_folder, why

FORMATS = ("html", "pdf", "docx", "ipynb")
# Imports, altair's schema validator and the first (slow: vl-convert starts its JavaScript engine) chart
# render, done as soon as a worker's kernel starts, while the worker gets ready.
WARM_UP = """
import pandas as pd, altair as alt
import sefkit.present.report
from sefkit.present import charts
charts.to_svg(alt.Chart(pd.DataFrame({"s": ["a", "b"], "n": [1, 2]})).mark_bar().encode(y="s:N", x="n:Q"))
"""


@dataclass
class Result:
    """One council's outcome. For a cell error, `cell_index` (0-based position in the report notebook
    as written, not counting papermill's injected-parameters cell), `cell_source` (the cell's first
    line), `ename` and `evalue` say where and what; `cell` ("cell 4 (first line)", counting from 1)
    and `error` are the same facts for people."""

    council: str
    ok: bool
    seconds: float
    folder: str = ""
    kept: list[tuple[str, str]] = field(default_factory=list)   # (file, name of the edited copy kept aside)
    notes: list[str] = field(default_factory=list)              # warnings about a report that was written
    headline: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    cell: str = ""
    cell_index: int | None = None
    cell_source: str = ""
    ename: str = ""
    evalue: str = ""


@dataclass
class BatchResult:
    results: list[Result]
    seconds: float
    index: Path | None

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.ok]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> str:
        done = len(self.results) - len(self.failed)
        return f"Reports: {done} done, {len(self.failed)} failed in {self.seconds:.1f} s"


def report_notebook(workspace: Path) -> Path:
    """The workspace's own notebooks/sef_report.ipynb if it has one, else the built-in one."""
    own = workspace / "notebooks" / "sef_report.ipynb"
    return own if own.is_file() else builtin_notebook("sef_report.ipynb")


# ---------------------------------------------------------------------------------------
# Worker side

class Job(NamedTuple):
    """One council to render: the formats it gets, and its report's title (report: settings)."""
    council: str
    formats: tuple[str, ...]
    title: str | None = None


def jobs_for(workspace: Path, councils: list[str], formats: tuple[str, ...] | None) -> list[Job]:
    """Each council with the formats asked for, else the ones its `report.formats` names, else all; and its
    `report.title`. A council whose parameters cannot be read gets the defaults (rendering it then reports
    every problem with its file and line)."""
    from ..model import ReportSettings
    from ..workspace import Workspace
    from ..workspace.parameters import read_parameters
    from ..yamlfile import load_yaml

    ws = Workspace(workspace)
    jobs = []
    for council in councils:
        files = ws.files(council)
        problems = Problems()
        doc = load_yaml(files.parameters, files.shown(files.parameters), problems)
        params = read_parameters(doc, council, ws.catalogues, ws.root, problems) if doc else None
        settings = params.report if params is not None else ReportSettings()
        jobs.append(Job(council, formats or settings.formats or FORMATS, settings.title))
    return jobs


def _render(job: Job, workspace: Path, as_of: str | None, out_root: Path, kernel, printer, notebook: Path
            ) -> Result:
    """Render one council. The kernel's notebook also hands back the scorecard it computed, so for
    HTML/PDF/notebook output this worker never imports pandas or altair, nor scores twice."""
    from papermill.exceptions import PapermillExecutionError

    from .pdf import PdfError

    council, formats = job.council, job.formats
    start = time.perf_counter()
    tmp = None
    try:
        nb, ctx, card = None, None, None
        if {"html", "pdf", "ipynb"} & set(formats):
            nb = kernel.execute(notebook, {"council": council, "workspace": str(workspace), "as_of": as_of or "",
                                           "reports": str(out_root), "word": "docx" in formats})
            card = scorecard_from(nb)
        word = word_from(nb) if nb is not None and "docx" in formats else None
        if (word is None and "docx" in formats) or card is None:
            from ..present import report

            ctx = report.load_context(council, workspace, as_of)
            card = card or ctx.card.to_dict()
        day = card["as_of"]
        final = out_root / council / day
        tmp = staging_folder(final)
        (tmp / "scorecard.json").write_text(outputs.scorecard_json(card), encoding="utf-8")
        (tmp / "gaps.csv").write_text(outputs.gaps_csv(card["gaps"]), encoding="utf-8")
        title = f"{card['name']}: {job.title or DEFAULT_REPORT_TITLE} ({dt.date.fromisoformat(day):%d %B %Y})"
        if nb is not None:
            from .page import html_page

            if "ipynb" in formats:
                (tmp / "sef-report.ipynb").write_text(outputs.notebook_json(nb, workspace, out_root), encoding="utf-8")
            page = html_page(nb, title, footer=f"Generated by sefkit from the {council} workspace. "
                                               "Indicative ratings, not inspection outcomes.")
            (tmp / "sef-report.html").write_text(page, encoding="utf-8")
            if "pdf" in formats:
                printer.print_pdf(tmp / "sef-report.html", tmp / "sef-report.pdf")
            if "html" not in formats:
                (tmp / "sef-report.html").unlink()
        if "docx" in formats:
            if word is None:           # a workspace's own notebook that does not hand back a Word document
                from ..present import report
                from .docx import to_docx

                assert ctx is not None     # loaded above whenever docx is asked for and not handed back
                word = to_docx(report.all_blocks(ctx), title)
            (tmp / "sef-report.docx").write_bytes(word)
        written = [p.name for p in tmp.iterdir() if not p.name.startswith(".")]
        kept = publish(tmp, final, written).kept
        notes = _record_snapshot(workspace, council, card)
    except InputError as exc:
        return Result(council, False, time.perf_counter() - start, error="invalid input:\n" + exc.report())
    except PapermillExecutionError as exc:
        discard(tmp)
        if exc.ename == "InputError":  # the notebook's first cell found problems in the council's files
            return Result(council, False, time.perf_counter() - start, error="invalid input:\n" + exc.evalue)
        first_line = (exc.source or "").strip().splitlines()[0] if (exc.source or "").strip() else ""
        return Result(council, False, time.perf_counter() - start,
                      cell=f"cell {exc.cell_index + 1} ({first_line})", error=f"{exc.ename}: {exc.evalue}",
                      cell_index=exc.cell_index, cell_source=first_line, ename=exc.ename, evalue=exc.evalue)
    except OSError as exc:     # the report could not be written: say where and why, in one line
        discard(tmp)
        where = exc.filename or (tmp.parent if tmp else out_root)
        return Result(council, False, time.perf_counter() - start,
                      error=f"cannot write {where}: {why(exc)}")
    except PdfError as exc:    # the browser could not print: its own one-line message says what to do
        discard(tmp)
        return Result(council, False, time.perf_counter() - start, error=str(exc))
    except Exception as exc:  # one council's failure must not stop the batch
        discard(tmp)
        return Result(council, False, time.perf_counter() - start,
                      error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
    except BaseException:  # interrupted or told to stop: not this council's failure
        discard(tmp)
        raise
    return Result(council, True, time.perf_counter() - start, folder=str(final), headline=headline(card),
                  kept=kept, notes=notes)


def _record_snapshot(workspace: Path, council: str, card: dict[str, Any]) -> list[str]:
    """Keep the council's readiness at this date with its workspace (wherever the report went). A
    workspace sefkit may not write to (a read-only share) still gets its report: a note says what is lost."""
    from ..workspace.locate import CouncilFiles
    from ..workspace.snapshots import snapshot_row
    from ..workspace.write import record_snapshot

    files = CouncilFiles(workspace, council)
    try:
        record_snapshot(files, snapshot_row(card), who="sef report")
    except (OSError, InputError) as exc:
        why_not = why(exc) if isinstance(exc, OSError) else str(exc.problems[0])
        return [f"readiness at this date was not recorded in {files.shown(files.snapshots)} ({why_not}); the "
                "next report's readiness over time will miss it"]
    return []


def scorecard_from(nb) -> dict:
    """The scorecard the notebook published (present.report.publish_scorecard)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SCORECARD_MIME in data:
                return data[SCORECARD_MIME]
    raise RuntimeError("the report notebook did not publish a scorecard (report.publish_scorecard(ctx))")


def word_from(nb) -> bytes | None:
    """The Word document the notebook handed back (present.report.publish_word), if it did."""
    import base64

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WORD_MIME in data:
                return base64.b64decode(data[WORD_MIME])
    return None


def headline(card: dict) -> dict[str, Any]:
    return {"name": card["name"], "as_of": card["as_of"], "outcome": card["indicative_outcome"]["outcome"],
            "outcome_label": card["indicative_outcome"]["label"], "ready_pct": card["annex_a"]["ready_pct"],
            "red_criteria": sum(c["rag"] == "red" for c in card["criteria"]),
            "over_claims": sum(c["check"] == "over_claim" for c in card["criteria"]),
            "overdue_actions": card["actions"]["counts"].get("overdue", 0),
            "high_gaps": sum(g["severity"] == "high" for g in card["gaps"])}


def _worker(jobs, results, workspace: str, as_of: str | None, needs_kernel: bool, out_root: str,
            notebook: str) -> None:
    # The parent decides what an interrupt means (Ctrl-C reaches the whole process group); SIGTERM, sent
    # by the parent or by the kernel when the parent dies, ends this worker through its `finally`, which
    # stops its kernel and browser.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})    # blocked by the parent while spawning
    signal.signal(signal.SIGTERM, _exit_on_signal)
    _terminate_with_parent()
    from .kernels import WarmKernel
    from .pdf import PdfPrinter

    kernel = WarmKernel(cwd=workspace, warm_up=WARM_UP) if needs_kernel else None
    printer = PdfPrinter()
    try:
        while True:
            job = jobs.get()
            if job is None:
                break
            job = Job(*job)
            try:
                result = _render(job, Path(workspace), as_of, Path(out_root), kernel, printer, Path(notebook))
            except Exception as exc:  # report it; never leave the parent waiting
                result = Result(job.council, False, 0.0, error=f"{type(exc).__name__}: {exc}")
            results.put(result)
    finally:
        signal.signal(signal.SIGTERM, _exit_now)   # a second SIGTERM while cleaning up: leave at once
        printer.close()
        if kernel is not None:
            kernel.shutdown()
        # Hand over every result, then leave at once: a normal interpreter exit (zmq contexts, thread
        # joins, finalizers) would keep the parent waiting about a second for nothing.
        results.close()
        results.join_thread()
        os._exit(0)


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _exit_now(signum, frame) -> None:
    os._exit(128 + signum)


def _terminate_with_parent() -> None:
    """Linux: have the kernel send this worker SIGTERM if the parent dies (killed, not just interrupted),
    so no worker, kernel or browser outlives `sef report`."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the parent's own cleanup still runs
            pass
    if os.getppid() == 1:  # the parent died before we asked
        raise SystemExit(1)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


# ---------------------------------------------------------------------------------------
# Parent side

class Progress:
    def __init__(self, total: int, stream=None, enabled: bool = True):
        self.total, self.done, self.stream, self.enabled = total, 0, stream or sys.stderr, enabled
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, result: Result) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        state = "ok" if result.ok else "FAILED"
        line = f"[{bar}] {self.done}/{self.total} {result.council} {state} ({result.seconds:.1f} s)"
        if self.tty:
            self.stream.write("\r\x1b[2K" + line + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def run_reports(workspace: Path, councils: list[str], as_of: str | None, formats: tuple[str, ...] | None,
                jobs: int = 2, out_root: Path | None = None, progress: bool = True,
                notebook: Path | None = None) -> BatchResult:
    """Render `councils` with `jobs` worker processes, each owning one warm kernel (and, for PDF, one
    headless Chromium), and write reports/<council>/<as_of>/ plus reports/<as_of>/index.html.

    Processes rather than threads: measured on 2 cores, the same for html+ipynb (the kernels do the
    work) and 15-25% faster with docx+pdf, whose Python-side work would share one GIL in threads.
    Workers are started with "spawn" (forking a process that may hold threads or zmq sockets is
    unsafe), so a script calling this must guard its entry point with `if __name__ == "__main__":`.
    Never raises for a council's failure: see BatchResult.failed and exit_code. `formats` None: each
    council's own (`report.formats` in its parameters), else all four.
    """
    start = time.perf_counter()
    workspace = Path(workspace).resolve()
    out_root = Path(out_root or workspace / "reports").resolve()
    problems = output_problems(out_root)
    if problems:
        raise InputError(problems)
    recover(out_root, councils)
    work = jobs_for(workspace, councils, formats)
    needs_kernel = any({"html", "pdf", "ipynb"} & set(j.formats) for j in work)
    notebook = Path(notebook or report_notebook(workspace)).resolve()
    n = max(1, min(jobs, len(councils)))
    bar = Progress(len(councils), enabled=progress)
    results: list[Result] = []
    workers: list[Any] = []
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if in_main else None
    interrupted = False
    # Ctrl-C reaches the whole process group. A worker that got it while Python was still starting would die
    # printing a traceback, and so would a queue's feeder thread, where Linux may deliver it. So SIGINT is
    # blocked from before the queues exist until the workers are started: the feeder threads and the workers
    # inherit the block (the workers then ignore SIGINT and unblock it), and unblocking here delivers a
    # Ctrl-C pressed meanwhile to this thread, inside the try below, where it stops the batch cleanly.
    if in_main:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        try:
            ctx = mp.get_context("spawn")
            job_q, result_q = ctx.Queue(), ctx.Queue()
            if in_main:   # again: starting multiprocessing's resource tracker (for the queues) unblocks SIGINT
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            for job in work:
                job_q.put(tuple(job))
            for _ in range(n):
                job_q.put(None)
            workers = [ctx.Process(target=_worker, args=(job_q, result_q, str(workspace), as_of, needs_kernel,
                                                         str(out_root), str(notebook)), daemon=False)
                       for _ in range(n)]
            for w in workers:
                w.start()
        finally:
            if in_main:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        while len(results) < len(councils):
            try:
                result = result_q.get(timeout=5)
            except Exception:  # queue.Empty: check the workers are still alive
                if not any(w.is_alive() for w in workers):
                    missing = set(councils) - {r.council for r in results}
                    for council in sorted(missing):
                        results.append(Result(council, False, 0.0, error="the report worker stopped unexpectedly"))
                    break
                continue
            results.append(result)
            bar.update(result)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        _stop(workers, patient=not interrupted)
        if interrupted:
            recover(out_root, councils)
    order = {c: i for i, c in enumerate(councils)}
    results.sort(key=lambda r: order[r.council])
    index = None
    if any(r.ok for r in results):
        as_of_dates = sorted({r.headline["as_of"] for r in results if r.ok})
        for day in as_of_dates:
            from .index import write_index

            index = write_index(out_root, day)
    return BatchResult(results, time.perf_counter() - start, index)


def _stop(workers, patient: bool) -> None:
    """Wait for workers that are finishing (patient), or stop them now: SIGTERM lets each shut down its
    kernel and browser; a worker that does not go within 15 s is killed."""
    workers = [w for w in workers if w.pid is not None]     # a Ctrl-C may come before all were started
    if patient:
        for w in workers:
            w.join(timeout=60)
    for w in workers:
        if w.is_alive():
            w.terminate()
    deadline = time.monotonic() + 15
    for w in workers:
        w.join(timeout=max(0.0, deadline - time.monotonic()))
        if w.is_alive():
            w.kill()
            w.join(timeout=5)


def validate_request(workspace: Path, councils: list[str], formats: list[str], as_of: str | None
                     ) -> list[Problem]:
    """Problems with the request itself, found before any kernel starts."""
    problems = Problems()
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        problems.error("argument", "--format", 0, 1, f"unknown format {', '.join(unknown)}: choose from "
                       f"{', '.join(FORMATS)}")
    if as_of:
        from ..dates import out_of_range

        try:
            wrong = out_of_range(dt.date.fromisoformat(as_of))
            if wrong:
                problems.error("argument", "--as-of", 0, 1, f"{as_of} {wrong}")
        except ValueError:
            problems.error("argument", "--as-of", 0, 1, f"'{as_of}' is not a date; write it as YYYY-MM-DD")
    from ..workspace.locate import council_id_rule, shown_id, valid_council_id
    from ..workspace.notebook import notebook_problems

    for council in councils:
        if not valid_council_id(council):   # before it names a path: '../x', or too long for one
            problems.error("id-invalid", "--council", 0, 1, f"'{shown_id(council)}' is not a valid council id: "
                           f"{council_id_rule()}")
        elif not (workspace / "parameters" / f"{council}.yaml").is_file():
            problems.error("not-found", f"parameters/{council}.yaml", 0, 1, f"unknown council '{council}': there "
                           f"is no parameters/{council}.yaml in {workspace}")
    if "pdf" in formats:
        from .pdf import PdfError, chromium_path

        try:
            chromium_path()
        except PdfError as exc:
            problems.error("argument", "--format", 0, 1, str(exc))
    # The workspace's own notebook, if any, read and checked now rather than failing in every worker.
    problems.extend(notebook_problems(workspace, runs_notebook=bool({"html", "pdf", "ipynb"} & set(formats))))
    return problems.items
