"""Writing a workspace: the only route from sefkit into `store`.

Forms, importers, `sef init` and `sef report`'s readiness snapshots change
workspace files here and nowhere else. Each change is made inside the file's
lock on the bytes that are there now, refused if they are not the revision the
caller read, and written so that everything the change does not touch stays
byte for byte as it was: other records (their quoting, line endings, encoding,
extra columns) and, in YAML, comments, key order, quoting and block text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..dates import now
from ..framework import Framework
from ..problems import InputError, Problem, Problems
from ..sheets import Record, Sheet, parse_csv, safe_cell, unsafe_cell
from ..store import Change, ConflictError, create, update
from ..textio import TextDoc, doc_from_bytes, revision_of
from ..yamlfile import parse_yaml
from ..yamlpatch import PatchError, set_fields
from .assessment import read_keys
from .locate import CouncilFiles, FileKind
from .sources import table_for
from .specs import SELF_ASSESSMENT, SPECS, Spec, canonical, match_name

RecordKey = tuple[str, ...]
Values = Mapping[str, str]


def _check_revision(files: CouncilFiles, path: Path, current: bytes | None, expected: str | None) -> None:
    found = revision_of(current)
    if found != expected:
        raise ConflictError(files.shown(path), expected, found)


def _doc(files: CouncilFiles, path: Path, data: bytes) -> TextDoc:
    problems = Problems()
    doc = doc_from_bytes(path, files.shown(path), data, problems)
    if doc is None:
        raise InputError(problems.items)
    return doc


def _csv_line(cells: Sequence[str], newline: str) -> str:
    """One record as sefkit writes it: a cell a spreadsheet would run as a formula is neutralised (read back
    as written: the readers undo it)."""
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerow([safe_cell(c) for c in cells])
    return out.getvalue()


def _key(spec: Spec, values: Mapping[str, str]) -> RecordKey:
    return tuple(values.get(name, "").strip() for name in spec.key)


def csv_with_changes(doc: TextDoc, sheet: Sheet, spec: Spec, changes: Mapping[RecordKey, Values],
                     new_rows: Sequence[Values], problems: Problems) -> tuple[str, list[Change]]:
    """The file's text with `changes` ({record key: {name: text}}) applied and `new_rows` appended.

    A name is a field of the spec or, for a column sefkit does not read (an importer keeps a tracker's
    other columns), that column's heading. Untouched records keep their text; a name the file has no
    column for gets a new column (a field named as the spec names it) and every other record an empty
    cell for it."""
    table = table_for(sheet, spec, problems)
    if table is None:
        raise InputError(problems.items)
    header = list(sheet.header)
    fields: list[str | None] = list(table.fields)
    columns = {name: i for i, name in enumerate(fields) if name is not None}
    for i, name in enumerate(header):
        if fields[i] is None:
            columns.setdefault(name.strip(), i)
    for values in [*changes.values(), *new_rows]:
        for name in values:
            if name in columns:
                continue
            if name not in spec.names and (match_name(name, spec).field or match_name(name, spec).meant):
                raise ValueError(f"'{name}' would be read as a field of {spec.kind}")   # a bug in the caller
            columns[name] = len(header)
            header.append(name)
            fields.append(name if name in spec.names else None)
    width = len(header)
    newline = doc.newline
    text = doc.text
    pieces: list[str] = []
    audit: list[Change] = []
    found: set[RecordKey] = set()
    position = sheet.header_span[1]
    head = text[:position]
    if width > len(sheet.header):
        head = _csv_line(header, _ending(head, newline))
    pieces.append(head)
    for record in sheet.records:
        start, end = record.span
        pieces.append(text[position:start])
        position = end
        raw = text[start:end]
        cells = list(record.cells) + [""] * (width - len(record.cells))
        texts = [unsafe_cell(c.strip()) for c in cells]       # the values as the readers read them
        key = _key(spec, {f: texts[i] for i, f in enumerate(fields) if f is not None})
        changed = []
        if key in changes and any(record.cells):
            found.add(key)
            changed = [(columns[name], name, new) for name, new in changes[key].items()
                       if texts[columns[name]] != new]
        for i, name, new in changed:
            audit.append(Change("/".join(key), name, texts[i] if i < len(record.cells) else None, new))
            cells[i] = new
        if changed:
            raw = _csv_line(cells, _ending(raw, newline))
        elif width > len(record.cells) and any(c.strip() for c in record.cells):
            body = raw.rstrip("\r\n")    # a record whose values stay keeps its text, plus a cell per new column
            raw = body + "," * (width - len(record.cells)) + raw[len(body):]
        pieces.append(raw)
    pieces.append(text[position:])
    out = "".join(pieces)
    missing = [k for k in changes if k not in found]
    if missing:
        names = ", ".join("/".join(k) for k in missing)
        problems.error("not-found", doc.shown, 1, 1, f"not in the file (was it deleted or renamed?): {names}; "
                       "nothing was saved")
        raise InputError(problems.items)
    if new_rows:
        if out and not out.endswith(("\n", "\r")):
            out += newline
        by_column = {i: name for name, i in columns.items()}
        for values in new_rows:
            out += _csv_line([values.get(by_column.get(i, ""), "") for i in range(width)], newline)
            audit += [Change("/".join(_key(spec, values)), name, None, value) for name, value in values.items()
                      if value]
    return out, audit


def _ending(raw: str, default: str) -> str:
    if raw.endswith("\r\n"):
        return "\r\n"
    if raw.endswith("\n"):
        return "\n"
    return "" if raw else default


def save_records(files: CouncilFiles, kind: FileKind, changes: Mapping[RecordKey, Values] | None = None,
                 new_rows: Sequence[Values] = (), *, who: str, expected_revision: str | None,
                 what: str = "") -> str:
    """Change records of evidence.csv, kpis.csv or actions.csv (by their key: the id, the ref, or the
    indicator and period end as written) and append new ones. Returns the new revision.

    Raises ConflictError if the file is no longer `expected_revision`, InputError if it cannot be read or
    a record to change is not there. Nothing is written in either case."""
    spec = SPECS[kind]
    changes = changes or {}

    def build(doc: TextDoc, sheet: Sheet, problems: Problems) -> tuple[str, list[Change]]:
        return csv_with_changes(doc, sheet, spec, changes, new_rows, problems)

    return save_csv(files, kind, build, who=who, expected_revision=expected_revision,
                    what=what or f"save {kind}")


CsvBuild = Callable[[TextDoc, Sheet, Problems], tuple[str, list[Change]]]


def save_csv(files: CouncilFiles, kind: FileKind, build: CsvBuild, *, who: str, expected_revision: str | None,
             what: str) -> str:
    """Replace a CSV file's text with what `build` makes of it (the document and its records as they are,
    inside the lock), if the file is still `expected_revision`. Nothing is written when `build` changes
    nothing, or raises."""
    path = files.path(kind)

    def transform(current: bytes | None) -> tuple[bytes, list[Change]] | None:
        _check_revision(files, path, current, expected_revision)
        if current is None:
            raise InputError.one("file-missing", files.shown(path), "file is missing; nothing was saved")
        doc = _doc(files, path, current)
        problems = Problems()
        sheet = parse_csv(doc, problems)
        if sheet is None:
            raise InputError(problems.items)
        text, audit = build(doc, sheet, problems)
        return (doc.encode(text), audit) if text != doc.text else None    # nothing changed: nothing written

    return update(path, transform, who=who, what=what, shown=files.shown(path), audit_log=files.audit_log) or ""


def save_assessment(files: CouncilFiles, framework: Framework, criterion: str, fields: Mapping[str, Any], *,
                    who: str, expected_revision: str | None, what: str = "",
                    known: Mapping[str, Any] | None = None, at: dt.datetime | None = None) -> str:
    """Set fields of one criterion's entry in self-assessment.yaml (creating the entry, or the file, if
    absent), with `updated_by` the person saving and `updated_at` now (a date-time with offset).

    Everything else in the file is kept byte for byte. Raises ConflictError or InputError (nothing
    written) as `save_records` does. `known`: the entry's values as the caller read them from
    `expected_revision` (a page has them), which spares parsing the file again for the audit's old values."""
    path = files.self_assessment
    shown = files.shown(path)
    values = {**fields, "updated_by": who, "updated_at": at or now()}
    for name in values:
        if name not in SELF_ASSESSMENT.names:
            raise ValueError(f"'{name}' is not a self-assessment field")   # a bug in the caller

    def transform(current: bytes | None) -> tuple[bytes, list[Change]] | None:
        _check_revision(files, path, current, expected_revision)
        doc = _doc(files, path, current) if current else None
        text = doc.text if doc else ""
        old = dict(known) if known is not None else _entry_values(text, shown, framework, criterion)
        audit = [Change(criterion, name, _text(old.get(name)), _text(value)) for name, value in values.items()
                 if _text(old.get(name)) != _text(value)]
        if not [c for c in audit if c.field not in ("updated_by", "updated_at")]:
            return None      # the same values again: the file, and who saved it last, stay as they are
        try:
            new_text = set_fields(text, lambda key: framework.resolve_criterion(key) == criterion, criterion,
                                  values, lambda written, name: canonical(written) == canonical(name))
        except PatchError as exc:
            raise InputError.one("yaml-shape", shown, f"{exc}; nothing was saved", exc.line, exc.column) from None
        encoded = doc.encode(new_text) if doc else new_text.encode("utf-8")
        return encoded, audit

    return update(path, transform, who=who, what=what or f"save {criterion}", shown=shown,
                  audit_log=files.audit_log) or ""


def _entry_values(text: str, shown: str, framework: Framework, criterion: str) -> dict[str, Any]:
    """One criterion's values as the file holds them (InputError if the file is not a mapping)."""
    problems = Problems()
    parsed = parse_yaml(text, shown, problems) if text.strip() else None
    if problems.has_errors():
        raise InputError(problems.items)
    data = parsed.data if parsed is not None else None
    if data is not None and not isinstance(data, dict):
        raise InputError.one("yaml-shape", shown, "expected a mapping from criterion id (e.g. IMP-1) to its "
                             "self-assessment; nothing was saved")
    for key, entry in (data or {}).items():
        if framework.resolve_criterion(str(key)) == criterion and isinstance(entry, dict):
            return read_keys(entry, SELF_ASSESSMENT, shown, lambda *_: (1, 1), Problems())[0]
    return {}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def create_files(files: CouncilFiles, contents: Mapping[Path, str], *, who: str, what: str) -> list[Path]:
    """Create new files (e.g. `sef init`); a ConflictError for any that exists, before any is written."""
    existing = [p for p in contents if p.exists()]
    if existing:
        raise InputError([Problem(files.shown(p), 1, 1, "error", "exists", "already exists; nothing was created")
                          for p in existing])
    for path, text in contents.items():
        create(path, text.encode("utf-8"), who=who, what=what, shown=files.shown(path), audit_log=files.audit_log)
    return list(contents)


def record_snapshot(files: CouncilFiles, row: Values, *, who: str) -> str | None:
    """Add (or replace, for the same as_of) one row of the council's readiness snapshots."""
    spec = SPECS["snapshots"]
    path = files.snapshots

    def transform(current: bytes | None) -> tuple[bytes, list[Change]] | None:
        if current is None:
            header = _csv_line(spec.names, "\n")
            return (header + _csv_line([row.get(n, "") for n in spec.names], "\n")).encode("utf-8"), []
        doc = _doc(files, path, current)
        problems = Problems()
        sheet = parse_csv(doc, problems)
        if sheet is None:
            raise InputError(problems.items)
        key = _key(spec, row)
        table = table_for(sheet, spec, problems)
        if table is None:
            raise InputError(problems.items)
        exists = any(_key(spec, r.values) == key for r in table.rows)
        text, audit = csv_with_changes(doc, sheet, spec, {key: row} if exists else {}, [] if exists else [row],
                                       problems)
        return doc.encode(text), audit

    return update(path, transform, who=who, what="record readiness snapshot", shown=files.shown(path),
                  audit_log=None)


__all__ = ["ConflictError", "Record", "create_files", "csv_with_changes", "record_snapshot", "save_assessment",
           "save_csv", "save_records"]
