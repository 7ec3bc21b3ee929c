"""One warm kernel, many councils: nothing of council A reaches council B, errors point at the right
cell, and no process outlives the batch. Notebooks are built in code with nbformat; kernels are real."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest
from papermill.exceptions import PapermillExecutionError

from builders import build_workspace
from sefkit.publish.kernels import WarmKernel
from sefkit.publish.page import html_page

pytestmark = pytest.mark.slow
WARM_UP = "import pandas as pd, altair as alt"


def notebook(*sources: str, tagged: bool = True) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('council = "x"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = ([params] if tagged else []) + [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def printed(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


# A council's report: a variable named after the council, a chart drawn with the svg renderer, module
# state changed on purpose (renderer, pandas option, working directory, environment), and a probe that
# prints what it can still see of whatever ran before it in this kernel.
PROBE = """
import builtins, locale, logging, os, random, time, altair as alt, numpy as np, pandas as pd
print("leaked:", sorted(k for k in globals() if k.startswith("leak_")))
print("renderer:", alt.renderers.active, "max_rows:", pd.get_option("display.max_rows"),
      "cwd:", os.getcwd(), "env:", os.environ.get("SEF_TEST_LEAK"))
print("more:", hasattr(builtins, "leak_builtin"), np.get_printoptions()["precision"], time.tzname,
      locale.setlocale(locale.LC_ALL), len(logging.getLogger().handlers), random.random(), len(In))
"""
REPORT = [
    PROBE,
    "globals()[f'leak_{council}'] = council.upper()",
    "from IPython.display import HTML, display\ndisplay(HTML(f'<h1>Report for {council}</h1>'))",
    """alt.renderers.enable("svg")
df = pd.DataFrame({"k": ["a", "b"], "v": [1, 2]})
alt.Chart(df, title=f"Chart for {council}").mark_bar().encode(x="k", y="v")""",
    "pd.set_option('display.max_rows', 3); os.chdir('/'); os.environ['SEF_TEST_LEAK'] = council",
    """builtins.leak_builtin = council; np.set_printoptions(precision=2); random.seed(council)
os.environ['TZ'] = 'America/New_York'; time.tzset(); locale.setlocale(locale.LC_ALL, 'C.UTF-8')
logging.getLogger().addHandler(logging.NullHandler())""",
    "if council == 'broken':\n    raise ValueError(f'bad data for {council}')",
]


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    with WarmKernel(cwd=tmp_path_factory.mktemp("cwd"), warm_up=WARM_UP) as k:
        yield k


def test_council_b_sees_nothing_of_council_a(kernel):
    nb = notebook(*REPORT)
    baseline = kernel.execute(nb, {"council": "first"})
    a = kernel.execute(nb, {"council": "alpha"})
    b = kernel.execute(nb, {"council": "beta"})
    assert "leaked: []" in printed(a) and "leaked: []" in printed(b), printed(b)
    # module state A changed is back to what it was before any council ran
    state = printed(baseline).splitlines()[1]
    assert state.startswith("renderer: default max_rows: 60 cwd: ") and state.endswith("env: None")
    assert printed(b).splitlines()[1] == state
    # and the rest of the process state: builtins, numpy, time zone, locale, logging, random, history
    assert printed(b).splitlines()[2] == printed(baseline).splitlines()[2]
    assert "more: False 8 " in printed(b)
    # cells are numbered from 1 in every council's notebook, as a fresh papermill run numbers them
    counts = [c.execution_count for c in b.cells if c.cell_type == "code"]
    assert counts[:3] == [1, 2, 3], counts
    page = html_page(b, "Report for beta")
    assert "alpha" not in page.lower() and "ALPHA" not in page
    assert "Report for beta" in page and "<svg" in page  # the chart came out as static SVG


def test_the_svg_chart_is_in_the_page_and_no_code_is(kernel):
    page = html_page(kernel.execute(notebook(*REPORT), {"council": "gamma"}), "Report for gamma")
    assert "Chart for gamma" in page
    assert "globals()" not in page and "pd.set_option" not in page and "<script" not in page


def test_the_executed_notebook_is_papermills_with_the_parameters_recorded(kernel, tmp_path):
    path = tmp_path / "report.ipynb"
    nbformat.write(notebook("print(council)"), path)
    out = kernel.execute(path, {"council": "eta"})
    assert [c.metadata.get("tags") for c in out.cells][:2] == [["parameters"], ["injected-parameters"]]
    assert out.cells[1].source == '# Parameters\ncouncil = "eta"\n' and "eta" in printed(out)
    assert out.metadata.papermill.parameters == {"council": "eta"}
    assert out.metadata.papermill.input_path == str(path)
    assert all(c.metadata.papermill.status == "completed" for c in out.cells)
    nbformat.validate(out)


def test_a_failure_names_the_cell_as_in_the_notebook_and_the_kernel_carries_on(kernel):
    nb = notebook(*REPORT)
    with pytest.raises(PapermillExecutionError) as exc:
        kernel.execute(nb, {"council": "broken"})
    assert exc.value.cell_index == 7  # the 8th cell of the notebook as written (parameters cell is 0)
    assert nb.cells[7].source.startswith("if council == 'broken':")
    assert exc.value.ename == "ValueError" and exc.value.evalue == "bad data for broken"
    after = kernel.execute(nb, {"council": "delta"})  # the kernel was restarted and works
    assert "leaked: []" in printed(after)
    # and the restarted kernel was warmed up again, so module state delta changed is put back too
    state = printed(kernel.execute(nb, {"council": "delta-2"})).splitlines()[1]
    assert state.startswith("renderer: default max_rows: 60 cwd: ") and state.endswith("env: None"), state


def test_a_hung_cell_fails_its_council_with_the_cell_named_and_the_next_council_runs(tmp_path):
    nb = notebook("x = 1", "import time\nif council == 'stuck':\n    time.sleep(120)", "print('done', council)")
    with WarmKernel(cwd=tmp_path, cell_timeout=3) as kernel:
        start = time.monotonic()
        with pytest.raises(PapermillExecutionError) as exc:
            kernel.execute(nb, {"council": "stuck"})
        assert time.monotonic() - start < 60
        assert exc.value.cell_index == 2 and exc.value.ename == "CellTimeoutError"
        assert exc.value.evalue == "the cell ran longer than 3 s" and exc.value.source.startswith("import time")
        assert "done fine" in printed(kernel.execute(nb, {"council": "fine"}))


def test_parameters_reach_a_notebook_without_a_parameters_cell(kernel):
    """papermill injects at the very top when no cell is tagged; the reset must not wipe them."""
    nb = notebook("print('council is', council)", "raise KeyError(council)", tagged=False)
    with pytest.raises(PapermillExecutionError) as exc:
        kernel.execute(nb, {"council": "epsilon"})
    assert exc.value.cell_index == 1 and exc.value.evalue == "'epsilon'"
    out = kernel.execute(notebook("print('council is', council)", tagged=False), {"council": "zeta"})
    assert "council is zeta" in printed(out)
    assert [c.source for c in out.cells][-1] == "print('council is', council)"


def test_after_the_first_reset_warm_objects_are_frozen_out_of_garbage_collection(kernel):
    """%reset -f runs a full garbage collection, which scanned every pandas/altair object (0.15 s a
    council) until the first reset froze them (gc.freeze); bench/batch.py measures the effect."""
    out = kernel.execute(notebook("import gc; print('frozen', gc.get_freeze_count() > 10000)"), {"council": "g"})
    assert "frozen True" in printed(out)


def test_the_kernel_process_is_gone_after_shutdown(tmp_path):
    kernel = WarmKernel(cwd=tmp_path)
    pid = kernel.pid
    assert pid and psutil.pid_exists(pid)
    kernel.shutdown()
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "kernel still running after shutdown"
        time.sleep(0.1)


def tagged_processes(token: str) -> list[psutil.Process]:
    """Live processes carrying our token in their environment: workers, kernels, Playwright drivers and
    Chromium all inherit it, and keep it when orphaned (a kernel whose worker died is re-parented to
    init, so it would not show up among this process's children). Other people's processes on the
    same machine never match. multiprocessing's resource tracker is left out: one per parent process,
    ended by the parent's own exit, not something a batch leaks."""
    found = []
    for p in psutil.process_iter():
        try:
            if p.pid == psutil.Process().pid or p.status() == psutil.STATUS_ZOMBIE:
                continue
            if p.environ().get("SEF_LEAK_PROBE") == token and "resource_tracker" not in " ".join(p.cmdline()):
                found.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return found


def assert_all_gone(token: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while (left := tagged_processes(token)):
        assert time.monotonic() < deadline, [(p.pid, p.name(), " ".join(p.cmdline())[:80]) for p in left]
        time.sleep(0.2)


def test_the_leak_probe_sees_a_kernel_started_by_another_process(tmp_path, monkeypatch):
    """The probe itself: it finds a kernel started by a child process (a grandchild of this one)."""
    monkeypatch.setenv("SEF_LEAK_PROBE", token := uuid.uuid4().hex)
    code = ("import sys\nfrom sefkit.publish.kernels import WarmKernel\n"
            f"k = WarmKernel(cwd={str(tmp_path)!r})\nprint(k.pid, flush=True)\nsys.stdin.read()\nk.shutdown()")
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        kernel_pid = int(child.stdout.readline())
        assert kernel_pid in [p.pid for p in tagged_processes(token)]
    finally:
        child.communicate(timeout=60)  # closes its stdin: it shuts its kernel down and exits
    assert_all_gone(token)


def test_no_worker_kernel_or_browser_outlives_a_batch(tmp_path, monkeypatch):
    """A batch with PDF output starts workers, kernels, Playwright drivers and Chromium: all must be
    gone when run_reports returns, including after a failing council."""
    from conftest import chromium_available
    from sefkit.publish.batch import run_reports

    if not chromium_available():
        pytest.skip("Chromium (apt-get install chromium) is needed to print PDFs")
    monkeypatch.setenv("SEF_LEAK_PROBE", token := uuid.uuid4().hex)
    root = tmp_path / "ws"
    build_workspace(root, "alpha")
    build_workspace(root, "beta")
    nb_path = tmp_path / "report.ipynb"
    nbformat.write(notebook_for_batch(), nb_path)
    result = run_reports(root, ["alpha", "beta"], None, ("html", "pdf", "ipynb"), jobs=2, progress=False,
                         notebook=nb_path)
    by = {r.council: r for r in result.results}
    assert by["alpha"].ok, by["alpha"].error
    assert (root / "reports/alpha/2025-10-31/sef-report.pdf").stat().st_size > 1000
    assert not by["beta"].ok and by["beta"].ename == "RuntimeError"
    assert by["beta"].cell_index == 3 and by["beta"].cell_source == "if council == 'beta':"
    assert by["beta"].evalue == "beta cannot be drawn" and by["beta"].cell == "cell 4 (if council == 'beta':)"
    assert not (root / "reports" / "beta").exists() or not any((root / "reports" / "beta").iterdir())
    assert_all_gone(token, timeout=2)  # every process is waited for before run_reports returns


def notebook_for_batch() -> nbformat.NotebookNode:
    """The real report's first cell (it publishes the scorecard the batch needs), then a failing cell."""
    nb = notebook("from sefkit.present import report\nctx = report.load_context(council, workspace, as_of)\n"
                  "report.publish_scorecard(ctx)",
                  "report.show(report.cover(ctx))",
                  "if council == 'beta':\n    raise RuntimeError('beta cannot be drawn')")
    nb.cells[0].source = 'council = "x"\nworkspace = "."\nas_of = ""'
    return nb


def test_reading_the_scorecard_does_not_load_pandas_in_the_worker():
    """Workers hand the kernel's scorecard on without importing pandas or altair (1 s of CPU each)."""
    code = ("import sys, nbformat\nfrom sefkit.publish import batch\n"
            "nb = nbformat.v4.new_notebook()\nc = nbformat.v4.new_code_cell('')\n"
            "c.outputs = [nbformat.v4.new_output('display_data', data={batch.SCORECARD_MIME: {'as_of': 'x'}})]\n"
            "nb.cells = [c]\nassert batch.scorecard_from(nb) == {'as_of': 'x'}\n"
            "print(sorted(m for m in ('pandas', 'altair') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    from sefkit.present.report import SCORECARD_MIME
    from sefkit.publish.batch import SCORECARD_MIME as spelled_in_batch

    assert spelled_in_batch == SCORECARD_MIME


def test_report_tagged_markdown_is_rendered_not_pasted():
    nb = notebook()
    md = nbformat.v4.new_markdown_cell("## Notes from the SEND board\n\nAgreed *in principle* & <b>minuted</b>.")
    md.metadata["tags"] = ["report"]
    nb.cells.append(md)
    nb.cells.append(nbformat.v4.new_markdown_cell("# Editor's note: not for the report"))
    page = html_page(nb, "t")
    assert "<h2>Notes from the SEND board</h2>" in page and "<em>in principle</em>" in page
    assert "## Notes" not in page and "Editor's note" not in page



def start_slow_batch(tmp_path: Path, token: str) -> tuple[subprocess.Popen, Path]:
    """`sef report` over four councils whose notebook marks that it started, then hangs; started in its
    own process group, as a terminal starts it."""
    root = tmp_path / "ws"
    for council in ("alpha", "beta", "gamma", "delta"):
        build_workspace(root, council)
    (root / "notebooks").mkdir()
    marks = tmp_path / "started"
    marks.mkdir()
    hang = f"import pathlib, time\npathlib.Path({str(marks)!r}, council).touch()\ntime.sleep(120)"
    nbformat.write(notebook(hang, "report.publish_scorecard(ctx)  # never reached"),
                   root / "notebooks" / "sef_report.ipynb")
    sef = Path(sys.executable).with_name("sef")
    proc = subprocess.Popen([str(sef), "report", "--workspace", str(root), "--all", "--format", "html"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    return proc, root


def wait_for(condition, proc: subprocess.Popen, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline and proc.poll() is None, f"{what} never happened"
        time.sleep(0.05)


def kernels(token: str) -> int:
    return sum("ipykernel" in " ".join(p.cmdline()) for p in tagged_processes(token))


@pytest.fixture
def slow_batch(tmp_path, monkeypatch):
    """The slow batch, yielded as (process, token, workspace) once both workers' notebooks are in their
    hanging cell (each has said so by leaving a mark)."""
    monkeypatch.setenv("SEF_LEAK_PROBE", token := uuid.uuid4().hex)
    proc, root = start_slow_batch(tmp_path, token)
    wait_for(lambda: len(list((tmp_path / "started").iterdir())) >= 2, proc, "both notebooks starting")
    yield proc, token, root
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


def partials(root: Path) -> list[Path]:
    return list((root / "reports").glob("*/.*partial*"))


def test_ctrl_c_stops_the_batch_at_once_and_leaves_nothing_running(slow_batch):
    proc, token, root = slow_batch
    start = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)   # what Ctrl-C does: the whole foreground process group
    assert proc.wait(timeout=30) == 130
    assert time.monotonic() - start < 20
    assert "interrupted" in proc.stderr.read()
    assert_all_gone(token)
    assert partials(root) == [] and not list((root / "reports").glob("*/2025-10-31"))


MOMENTS = {
    "while the workers start": lambda proc, token, marks: len(psutil.Process(proc.pid).children()) > 0,
    "as the first kernel starts": lambda proc, token, marks: kernels(token) > 0,
    "while the kernels warm up": lambda proc, token, marks: kernels(token) >= 2,
    "as the first notebook runs": lambda proc, token, marks: any(marks.iterdir()),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_ctrl_c_stops_the_batch_at_every_moment(tmp_path, monkeypatch, moment):
    monkeypatch.setenv("SEF_LEAK_PROBE", token := uuid.uuid4().hex)
    proc, root = start_slow_batch(tmp_path, token)
    try:
        wait_for(lambda: MOMENTS[moment](proc, token, tmp_path / "started"), proc, moment)
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=30) == 130
        out, err = proc.communicate()
        assert "interrupted" in err and "Traceback" not in err, err
        assert_all_gone(token)
        assert partials(root) == []
    finally:
        if proc.poll() is None:
            proc.kill()


def test_sigterm_to_sef_alone_stops_its_workers_kernels_too(slow_batch):
    proc, token, root = slow_batch
    proc.terminate()
    assert proc.wait(timeout=30) != 0
    assert_all_gone(token)
    assert partials(root) == []


def test_a_killed_sef_takes_its_workers_and_kernels_with_it(slow_batch):
    proc, token, _ = slow_batch
    proc.kill()   # no chance to clean up: each worker is told by the OS that its parent died
    proc.wait(timeout=10)
    assert_all_gone(token, timeout=20)
