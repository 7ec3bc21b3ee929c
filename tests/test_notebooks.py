"""Every notebook in notebooks/ runs top to bottom on the demo workspace (nbval, lax mode).

nbval executes each notebook in a real kernel and fails on any error; outputs
are not compared (charts and widgets are not byte-stable), the assertions live
in the library's own tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.name for n in NOTEBOOKS])
def test_notebook_runs_under_nbval(notebook):
    env = {**os.environ, "SEF_WORKSPACE": str(ROOT)}    # the pages read the demo workspace, as `sef workbook` sets
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider", "-q",
         str(notebook)],
        cwd=notebook.parent, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout


def test_notebooks_are_committed_without_outputs():
    import json

    for notebook in NOTEBOOKS:
        cells = json.loads(notebook.read_text())["cells"]
        assert not any(c.get("outputs") or c.get("execution_count") for c in cells if c["cell_type"] == "code"), \
            f"{notebook.name} has outputs; strip them before committing"
