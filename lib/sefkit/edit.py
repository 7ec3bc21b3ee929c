"""Edit workspace files in place without losing what we do not understand.

Forms and importers change a few fields; everything else in the file (extra
columns, extra keys, other rows, row order) is written back as it was. All
writes go through `store.save` (lock, revision check, atomic replace, audit).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .csvfile import normalise_header, read_table, write_table
from .problems import InputError, Problem, Problems
from .store import revision, save
from .yamlfile import dump_yaml, load_yaml


def update_csv_rows(path: Path, key_column: str, changes: dict[str, dict[str, str]], *, who: str,
                    expected_revision: str | None, audit_log: Path | None = None,
                    new_rows: list[dict[str, str]] | None = None) -> str:
    """Apply `changes` ({key: {column: value}}) and append `new_rows`; keep every other cell.

    New columns named in changes are appended to the header. Returns the new revision.
    """
    problems = Problems()
    table = read_table(path, str(path), [key_column], problems)
    if table is None or problems.has_errors():
        raise InputError(problems.items)
    header = list(table.header)
    for values in [*changes.values(), *(new_rows or [])]:
        for column in values:
            if normalise_header(column) not in [normalise_header(h) for h in header]:
                header.append(column)
    rows = []
    found = set()
    for row in table.rows:
        values = dict(row.values)
        key = values.get(key_column, "")
        if key in changes:
            values.update({normalise_header(k): v for k, v in changes[key].items()})
            found.add(key)
        rows.append(values)
    missing = set(changes) - found
    if missing:
        raise KeyError(f"not in {path.name}: {', '.join(sorted(missing))}")
    rows += [{normalise_header(k): v for k, v in r.items()} for r in (new_rows or [])]
    return save(path, write_table(header, rows), expected_revision=expected_revision, who=who,
                audit_log=audit_log)


def update_self_assessment(path: Path, criterion: str, fields: dict[str, Any], *, who: str,
                           expected_revision: str | None, audit_log: Path | None = None) -> str:
    """Set fields of one criterion's entry; other criteria and unknown keys are kept."""
    problems = Problems()
    data: dict[str, Any] = {}
    if path.exists():
        doc = load_yaml(path, str(path), problems)
        if doc is None or problems.has_errors():
            raise InputError(problems.items)
        if doc.data is not None:
            if not isinstance(doc.data, dict):
                raise InputError([Problem(str(path), 1, 1, "error", "expected a mapping from criterion id "
                                          "(e.g. IMP-1) to its self-assessment; nothing was saved")])
            data = doc.data
    current = data.get(criterion) or {}
    if not isinstance(current, dict):
        line, column = doc.key_pos(criterion)
        raise InputError([Problem(str(path), line, column, "error",
                                  f"{criterion}: expected judgement, confidence, strengths, ... under it, not "
                                  f"{current!r}; nothing was saved")])
    entry = dict(current)
    entry.update(fields)
    entry.setdefault("updated_by", who)
    entry["updated_at"] = fields.get("updated_at", dt.date.today())
    data[criterion] = entry
    header = "# Self-assessment (docs/workspace-format.md). Saved by sefkit; comments are not kept.\n"
    return save(path, header + dump_yaml(data), expected_revision=expected_revision, who=who,
                audit_log=audit_log)


__all__ = ["update_csv_rows", "update_self_assessment", "revision"]
