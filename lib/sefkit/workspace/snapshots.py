"""Readiness over time: each council's snapshots, kept with the workspace.

`sef report` records one row per report date in `sef/<council>/snapshots.csv`
(through the one writer), wherever the report itself was written. Reports
written before snapshots existed are still found: their `scorecard.json` files
under the workspace's `reports/` and under any other report folder named. The
history says where each snapshot came from, so a report can tell its reader.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dates import now, out_of_range, parse_date
from ..problems import Problems
from ..sheets import read_csv
from ..textio import read_bounded
from .cells import parse_number
from .locate import CouncilFiles
from .sources import table_for
from .specs import SNAPSHOTS


@dataclass(frozen=True)
class Snapshot:
    as_of: dt.date
    ready_pct: float
    outcome: str = ""
    red_criteria: int | None = None
    over_claims: int | None = None
    overdue_actions: int | None = None
    source: str = ""


@dataclass(frozen=True)
class History:
    snapshots: tuple[Snapshot, ...]          # oldest first, one per date
    sources: tuple[tuple[str, int], ...]     # (where, how many snapshots came from there)


def snapshot_row(card: Mapping[str, Any]) -> dict[str, str]:
    """The row `sef report` records for a scorecard (as `Scorecard.to_dict()` gives it)."""
    criteria = card.get("criteria", [])
    return {"as_of": str(card["as_of"]), "ready_pct": f"{float(card['annex_a']['ready_pct']):g}",
            "outcome": str(card.get("indicative_outcome", {}).get("outcome", "")),
            "red_criteria": str(sum(1 for c in criteria if c.get("rag") == "red")),
            "over_claims": str(sum(1 for c in criteria if c.get("check") == "over_claim")),
            "overdue_actions": str(len(card.get("actions", {}).get("overdue", []))),
            "recorded_at": now().isoformat()}


# A scorecard sefkit writes is some tens of KB; anything far larger is not one, and is not read.
MAX_SCORECARD_BYTES = 5 * 1024 * 1024


def _usable(when: dt.date, ready: float) -> bool:
    """A snapshot a chart can place: a date on the calendar sefkit uses and a finite percentage."""
    return out_of_range(when) is None and math.isfinite(ready)


def _count(text: str) -> int | None:
    value = parse_number(text) if text else None
    return None if value is None else int(value)


def _from_csv(files: CouncilFiles) -> list[Snapshot]:
    path = files.snapshots
    if not path.is_file():
        return []
    problems = Problems()     # a damaged snapshot file must not stop today's report: its bad rows are skipped
    sheet = read_csv(path, files.shown(path), problems)
    table = table_for(sheet, SNAPSHOTS, problems) if sheet else None
    out = []
    for row in table.rows if table else []:
        when, ready = parse_date(row.get("as_of")), parse_number(row.get("ready_pct"))
        if when is not None and ready is not None and _usable(when, ready):
            out.append(Snapshot(when, ready, row.get("outcome"), _count(row.get("red_criteria")),
                                _count(row.get("over_claims")), _count(row.get("overdue_actions")),
                                files.shown(path)))
    return out


def _shown(files: CouncilFiles, folder: Path) -> str:
    """A folder as a report may name it: relative to the workspace, else its last two parts (a published
    report never carries a path from the machine it was made on)."""
    shown = files.shown(folder)
    return shown if not Path(shown).is_absolute() else f"{folder.parent.name}/{folder.name}"


def read_scorecard(path: Path) -> dict[str, Any] | None:
    """An earlier report's scorecard.json as a mapping, or None if it cannot be one (missing, a folder, too
    large, not JSON, nested past the parser's depth): an old report, hand-edited or damaged, must never stop
    today's. Its fields still need checking: it may come from an older sefkit or an editor."""
    data = read_bounded(path, str(path), Problems(), MAX_SCORECARD_BYTES)
    if data is None:
        return None
    try:
        card = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return card if isinstance(card, dict) else None


def _from_reports(folder: Path, shown: str) -> list[Snapshot]:
    out = []
    for path in sorted(folder.glob("*/scorecard.json")) if folder.is_dir() else []:
        card = read_scorecard(path)
        try:
            row = snapshot_row(card) if card is not None else None
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            row = None
        if row is None:
            continue   # a damaged old report must not stop today's
        when = parse_date(row["as_of"])
        if when is not None and _usable(when, float(row["ready_pct"])):
            out.append(Snapshot(when, float(row["ready_pct"]), row["outcome"], _count(row["red_criteria"]),
                                _count(row["over_claims"]), _count(row["overdue_actions"]), shown))
    return out


def readiness_history(files: CouncilFiles, before: dt.date, report_dirs: Iterable[Path] = ()) -> History:
    """Every snapshot dated before `before`: the workspace's own first, then old reports' scorecards."""
    found: dict[dt.date, Snapshot] = {}
    places = [(files.workspace / "reports" / files.council), *(Path(d) / files.council for d in report_dirs)]
    candidates = _from_csv(files)
    for folder in dict.fromkeys(p.resolve() for p in places):
        candidates += _from_reports(folder, _shown(files, folder))
    for snap in candidates:
        if snap.as_of < before:
            found.setdefault(snap.as_of, snap)
    snaps = tuple(sorted(found.values(), key=lambda s: s.as_of))
    counts: dict[str, int] = {files.shown(files.snapshots): 0}    # the workspace's own first
    for s in snaps:
        counts[s.source] = counts.get(s.source, 0) + 1
    return History(snaps, tuple((where, n) for where, n in counts.items() if n))
