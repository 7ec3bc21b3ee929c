"""Where the reference tables are: the workspace's own copy first, else the built-in one.

A workspace refreshed with `sef benchmarks import` keeps its tables in
`<workspace>/sef/reference/`; everybody else reads the tables shipped with
sefkit, found by `sefkit.paths.builtin_reference_dir` (the one finder of
built-in data): in a source checkout (or editable install) the repository's
`sef/reference/`, so a regenerated table is seen at once; in an installed wheel
the same folder packaged as `sefkit._sef/reference`.

Functions in this package take `workspace`; for convenience they also accept a
reference folder itself (a folder holding councils.csv, benchmarks.csv or
inspections.csv), which is what `reference_dir()` returns.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import builtin_reference_dir
from .errors import ReferenceDataError

TABLES = ("councils.csv", "benchmarks.csv", "inspections.csv")
__all__ = ["TABLES", "builtin_reference_dir", "reference_dir", "reference_file"]


def _is_reference_folder(folder: Path) -> bool:
    return any((folder / name).is_file() for name in TABLES)


def reference_dir(workspace: Path | str | None = None) -> Path:
    """The workspace's `sef/reference/` if it exists, else the built-in reference folder."""
    if workspace is not None:
        ws = Path(workspace)
        own = ws / "sef" / "reference"
        if own.is_dir():
            return own
        if _is_reference_folder(ws):
            return ws
    return builtin_reference_dir()


def reference_file(name: str, workspace: Path | str | None = None) -> Path:
    """One table: from the workspace's reference folder if it has it, else the built-in copy.

    Per-file fallback: a workspace that imported only benchmarks still gets the
    built-in councils and inspections.
    """
    path = reference_dir(workspace) / name
    if path.is_file():
        return path
    builtin = builtin_reference_dir() / name
    if builtin.is_file():
        return builtin
    raise ReferenceDataError(f"reference table not found in {path.parent} (nor in {builtin.parent}); "
                             "regenerate it with `python tools/derive_reference.py`", path=name,
                             code="file-missing")
