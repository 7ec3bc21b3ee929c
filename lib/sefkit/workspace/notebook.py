"""A workspace's own report notebook (notebooks/sef_report.ipynb), checked before any kernel starts.

`sef report` runs the workspace's notebook instead of the built-in one when
the workspace has one. A notebook that is not JSON, not a notebook Jupyter can
run, or lacks what the batch relies on (the cell tagged `parameters` it fills
in, the call that hands back the scorecard) would otherwise fail once per
council, deep inside a worker; here it is one message naming the file and,
for broken JSON, the line.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

from ..problems import Problem, Problems
from ..textio import read_bounded

OWN = Path("notebooks") / "sef_report.ipynb"
MAX_BYTES = 20 * 1024 * 1024   # the built-in notebook is a few KB; executed outputs are not kept in it
FIX = "fix it (or remove it to use the built-in notebook)"


def notebook_problems(workspace: Path, runs_notebook: bool = True) -> list[Problem]:
    """Why the workspace's own report notebook cannot be run (empty when it has none, or it is fine).
    `runs_notebook`: the formats asked for need the notebook (Word alone does not run it)."""
    path = Path(workspace) / OWN
    if not os.path.lexists(path) or not runs_notebook:
        return []
    shown = str(OWN)
    problems = Problems()
    data = read_bounded(path, shown, problems, MAX_BYTES)   # a folder, a broken link... said precisely
    if data is None:
        return problems.items
    nb = _parse(data, shown, problems)
    if nb is not None:
        _check_shape(nb, shown, problems)
    return problems.items


def _parse(data: bytes, shown: str, problems: Problems) -> dict[str, Any] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error("notebook-invalid", shown, line, 1, f"is not UTF-8 text, so not a notebook; {FIX}")
        return None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.error("notebook-invalid", shown, exc.lineno, exc.colno, f"is not a notebook: broken JSON "
                       f"({exc.msg}); {FIX}")
        return None
    except RecursionError:
        problems.error("notebook-invalid", shown, 1, 1, f"is not a notebook: JSON nested too deep; {FIX}")
        return None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        problems.error("notebook-invalid", shown, 1, 1, f"is JSON but not a Jupyter notebook (no list of cells); "
                       f"{FIX}")
        return None
    return nb


def _check_shape(nb: dict[str, Any], shown: str, problems: Problems) -> None:
    if nb.get("nbformat") != 4:
        problems.error("notebook-invalid", shown, 1, 1, f"is saved in notebook format {nb.get('nbformat')!r}, "
                       "not 4; open it in Jupyter and save it again")
        return
    import nbformat

    try:
        with warnings.catch_warnings():   # nbformat's notes (a cell without an id...) are not the user's problem
            warnings.simplefilter("ignore")
            nbformat.validate(nb)
    except Exception as exc:   # a malformed notebook raises ValidationError, KeyError or TypeError
        detail = str(getattr(exc, "message", None) or exc).splitlines()[0][:200]
        problems.error("notebook-invalid", shown, 1, 1, f"is not a valid notebook ({detail}); {FIX}")
        return
    code = [c for c in nb["cells"] if c.get("cell_type") == "code"]
    if not any("parameters" in (c.get("metadata", {}).get("tags") or []) for c in code):
        problems.error("notebook-invalid", shown, 1, 1, "has no code cell tagged 'parameters', which sef report "
                       "fills in with the council, workspace, as_of and reports folder; tag one (Jupyter: the "
                       "cell's tags)")
    if not any("publish_scorecard" in _source(c) for c in code):
        problems.error("notebook-invalid", shown, 1, 1, "never calls report.publish_scorecard(ctx), which hands "
                       "the scorecard back to sef report; add it after report.load_context (as the built-in "
                       "notebook does)")


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)
