"""reports/<as_of>/index.html: every council's report for one date, with headline figures."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..present.html import CSS
from ..store import atomic_write
from .page import PAGE_CSS

COLUMNS = ["Council", "Indicative outcome", "Annex A ready", "Red criteria", "Over-claims", "Overdue actions",
           "Report"]


def write_index(out_root: Path, as_of: str) -> Path:
    rows = []
    for card_file in sorted(out_root.glob(f"*/{as_of}/scorecard.json")):
        try:
            card = json.loads(card_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        council = card_file.parent.parent.name
        folder = f"../{council}/{as_of}"
        links = [f'<a href="{folder}/{name}">{label}</a>' for name, label in
                 (("sef-report.html", "HTML"), ("sef-report.pdf", "PDF"), ("sef-report.docx", "Word"),
                  ("scorecard.json", "JSON"), ("gaps.csv", "Gaps CSV")) if (card_file.parent / name).exists()]
        criteria = card.get("criteria", [])
        rows.append([
            html.escape(card.get("name", council)),
            html.escape(f"{card['indicative_outcome']['label']} ({card['indicative_outcome']['outcome']})"),
            f"{card['annex_a']['ready_pct']:g}%",
            str(sum(c["rag"] == "red" for c in criteria)),
            str(sum(c["check"] == "over_claim" for c in criteria)),
            str(card["actions"]["counts"].get("overdue", 0)),
            " · ".join(links)])
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
