"""The audit trail: who changed what, when, from what to what (`.sef-audit/log.jsonl`).

The store appends one line per save that landed. Reading it never fails on a
damaged line (a line cut short by a full disk, say): such a line is skipped and
counted, so `sef history` can say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .locate import CouncilFiles


@dataclass(frozen=True)
class Edit:
    at: str              # ISO date-time with offset
    by: str
    file: str            # as shown, relative to the workspace
    what: str
    record: str          # criterion, evidence id, action ref ("" for the file as a whole)
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Trail:
    edits: tuple[Edit, ...]
    damaged_lines: int = 0


def read_trail(log: Path) -> Trail:
    edits: list[Edit] = []
    damaged = 0
    for line in _lines(log):
        try:
            entry = json.loads(line)
            for change in entry.get("changes") or [{"record": "", "field": "", "old": None, "new": None}]:
                edits.append(Edit(str(entry["at"]), str(entry["by"]), str(entry["file"]), str(entry.get("what", "")),
                                  str(change["record"]), str(change["field"]), change["old"], change["new"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            damaged += 1
    return Trail(tuple(edits), damaged)


def _lines(log: Path) -> Iterator[str]:
    try:
        with open(log, encoding="utf-8", errors="replace") as handle:
            yield from (line for line in handle if line.strip())
    except FileNotFoundError:
        return


def council_edits(files: CouncilFiles, record: str | None = None, field: str | None = None) -> list[Edit]:
    """The council's edits, oldest first; only one record's (criterion, evidence id or action ref), or one
    field's, if asked."""
    mine = {files.shown(files.path(kind)) for kind in ("parameters", "evidence", "kpis", "actions",
                                                        "self_assessment")}
    return [e for e in read_trail(files.audit_log).edits
            if e.file in mine and (record is None or e.record == record) and (field is None or e.field == field)]


def last_edit(files: CouncilFiles, record: str, field: str) -> Edit | None:
    """Who last saved this field of this record, and when (None if the trail does not say)."""
    edits = council_edits(files, record, field)
    return edits[-1] if edits else None
