"""The scorecard as sefkit publishes it: the one boundary for the data files.

`sef score --json` prints the scorecard as computed (raw values, for the
partnership's own use). Whatever leaves the workspace (scorecard.json, gaps.csv,
the scorecard inside the executed notebook) is `published_card` of it, built
with the same rules the HTML, PDF and Word reports use (`privacy`): owners that
look like people are "[name removed]" (`publishable_role`, as in the report's
tables), every text has its identifiers removed (`redact`, as in
`report.published`), and every KPI count of 1 to 4 is "<5", with what would give
it back (its rank among authorities) left out. The report's sentences already
say "<5" and give no difference with a suppressed side (`scoring.kpis.fmt`,
`comparison_reason`).

Applying it twice changes nothing, so every writer may apply it again.
Imports no pandas: the report workers use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..privacy import SUPPRESSED, publishable_role, redact, suppressed

# The numbers of a KPI result (Scorecard.kpis) and of each row of its history that are in the KPI's unit.
KPI_VALUES = ("latest", "comparator_value", "england", "region", "neighbours_mean")
HISTORY_VALUES = ("value", "national", "statistical_neighbours", "target", "england_catalogue")
RANK = ("rank", "rank_of", "quartile")


def published_card(card: Mapping[str, Any]) -> dict[str, Any]:
    """`card` (as Scorecard.to_dict gives it) as it may be published."""
    out = redact_texts(card)           # a copy: the caller's card is left as it was
    for item, raw in zip(out.get("annex_a", {}).get("items", []), card.get("annex_a", {}).get("items", [])):
        item["owners"] = [publishable_role(owner) for owner in raw.get("owners", [])]
    for kpi in out.get("kpis", []):
        _suppress_kpi(kpi)
    return out


def _suppress_kpi(kpi: dict[str, Any]) -> None:
    unit = kpi.get("unit", "")
    if suppressed(kpi.get("latest"), unit):
        kpi.update(dict.fromkeys(RANK))
    for key in KPI_VALUES:
        if suppressed(kpi.get(key), unit):
            kpi[key] = SUPPRESSED
    for row in kpi.get("history", []):
        for key in HISTORY_VALUES:
            if suppressed(row.get(key), unit):
                row[key] = SUPPRESSED


def redact_texts(value: Any) -> Any:
    """`value` (JSON-like: dicts, lists, strings, numbers) with every string passed through `redact`."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {key: redact_texts(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_texts(v) for v in value]
    return value
