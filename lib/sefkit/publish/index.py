"""reports/<as_of>/index.html: every council's report for one date, with headline figures.

The index is written after the reports, from whatever scorecard.json files the
folder holds: this run's, and others' that may be hand-edited, damaged or from
an older sefkit. A value that is missing or of the wrong kind shows as "n/a"; a
file that is not a scorecard is left out; nothing in them can stop the index
(or the run whose reports already succeeded).
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..present.html import CSS
from ..store import atomic_write
from ..textio import INVALID_CHARACTER
from ..workspace.snapshots import read_scorecard
from .page import PAGE_CSS

COLUMNS = ["Council", "Indicative outcome", "Annex A ready", "Red criteria", "Over-claims", "Overdue actions",
           "Report"]
LINKS = (("sef-report.html", "HTML"), ("sef-report.pdf", "PDF"), ("sef-report.docx", "Word"),
         ("scorecard.json", "JSON"), ("gaps.csv", "Gaps CSV"))
NA = "n/a"


def _get(card: Any, *keys: str) -> Any:
    """card[k1][k2]..., or None where a level is missing or not a mapping."""
    for key in keys:
        if not isinstance(card, dict):
            return None
        card = card.get(key)
    return card


def _text(value: Any) -> str | None:
    """Text for the page: None unless a string or a plain number; characters no page can hold replaced
    (a lone surrogate would stop the page being written at all)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return INVALID_CHARACTER.sub("\ufffd", str(value))


def _number(value: Any) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if ok else None


def _criteria_count(card: dict[str, Any], key: str, value: str) -> str:
    criteria = card.get("criteria")
    if not isinstance(criteria, list):
        return NA
    return str(sum(1 for c in criteria if isinstance(c, dict) and c.get(key) == value))


def _overdue(card: dict[str, Any]) -> str:
    count = _number(_get(card, "actions", "counts", "overdue"))
    if count is not None:
        return f"{count:g}"
    listed = _get(card, "actions", "overdue")
    return str(len(listed)) if isinstance(listed, list) else NA


def _outcome(card: dict[str, Any]) -> str:
    label, ident = _text(_get(card, "indicative_outcome", "label")), _text(_get(card, "indicative_outcome",
                                                                                  "outcome"))
    if label and ident:
        return f"{label} ({ident})"
    return label or ident or NA


def _row(card_file: Path, card: dict[str, Any], as_of: str) -> list[str]:
    council = card_file.parent.parent.name
    folder = f"../{quote(council, errors='replace')}/{quote(as_of)}"
    links = [f'<a href="{folder}/{name}">{label}</a>' for name, label in LINKS
             if (card_file.parent / name).exists()]
    ready = _number(_get(card, "annex_a", "ready_pct"))
    return [html.escape(_text(card.get("name")) or _text(council) or NA), html.escape(_outcome(card)),
            NA if ready is None else f"{ready:g}%", _criteria_count(card, "rag", "red"),
            _criteria_count(card, "check", "over_claim"), html.escape(_overdue(card)), " · ".join(links)]


def write_index(out_root: Path, as_of: str) -> Path:
    rows = []
    for card_file in sorted(out_root.glob(f"*/{as_of}/scorecard.json")):
        card = read_scorecard(card_file)
        if card is not None:
            rows.append(_row(card_file, card, as_of))
    head = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows)
    page = ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            f"<title>SEF reports as at {html.escape(as_of)}</title><style>{PAGE_CSS}{CSS}</style></head><body>"
            "<a class=\"skip-link\" href=\"#main\">Skip to the list</a><main id=\"main\"><div class=\"sef-report\">"
            f"<h1>SEF reports as at {html.escape(as_of)}</h1>"
            f"<p>{len(rows)} council report(s). Outcomes are indicative readings of each partnership's own "
            "evidence, not inspection outcomes.</p>"
            f"<table><caption>Councils and headline figures</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div></main></body></html>\n")
    path = out_root / as_of / "index.html"
    atomic_write(path, page)
    return path
