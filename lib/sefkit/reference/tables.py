"""Reading the compact reference tables (ours, UTF-8 CSV), once per file version.

A warm report kernel asks for neighbours, comparators and ranks for 153
councils; reading the CSV each time would dominate. Callers parse a table through
`paths.cached_load`, which remembers it until the file's size or modification
time changes, so a `sef benchmarks import` is seen at once. A table edited by
hand into a broken state fails with the file, row and column, not a KeyError.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .errors import ReferenceDataError


def read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """All rows of one of our tables as dicts of trimmed text; checks the header has `required`."""
    return read_table(path, required)[0]


def read_table(path: Path, required: tuple[str, ...]) -> tuple[list[dict[str, str]], list[str]]:
    """(rows, header) of one of our tables; extra columns are kept, as a user may have added them."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in required if c not in header]
            if missing:
                raise ReferenceDataError(f"{path.name}: missing column{'s' if len(missing) > 1 else ''} "
                                         + ", ".join(repr(c) for c in missing) + f" (in {path.parent})")
            rows = []
            for record in reader:
                if None in record:
                    raise ReferenceDataError(f"{path.name}: row {reader.line_num}: more values than columns")
                rows.append({k.strip(): (v or "").strip() for k, v in record.items()})
            return rows, header
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ReferenceDataError(f"{path.name}: cannot read the reference table: {exc}") from None



def cell_error(path: Path, row: int, column: str, problem: str) -> ReferenceDataError:
    return ReferenceDataError(f"{path.name}: row {row}, column '{column}': {problem}")
