"""The data files of a published report: scorecard.json, gaps.csv and the executed notebook.

Each is built from the scorecard (or the executed notebook) in memory; the
batch writes them into the report folder beside the HTML, PDF and Word files.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..sheets import safe_cell

GAP_COLUMNS = ["type", "severity", "criterion", "annex_a", "description", "next_step", "criteria", "ref"]


def scorecard_json(card: dict[str, Any]) -> str:
    return json.dumps(card, indent=2, ensure_ascii=False) + "\n"


def gaps_csv(gaps: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GAP_COLUMNS)
    for g in gaps:
        writer.writerow([safe_cell(v) for v in (
            g["type"], g["severity"], g["criterion"] or "", g["annex_a"] or "", g["description"], g["next_step"],
            ";".join(g["criteria"]), g["ref"] or "")])
    return out.getvalue()


def notebook_json(nb: Any) -> str:
    """The executed notebook as papermill returned it (already valid: nbformat's slow re-validation is
    skipped)."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
