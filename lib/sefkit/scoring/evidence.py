"""Evidence score per criterion: strength, readiness and freshness of linked items.

An item links to the criteria in its `criteria` column; an item that names only
an Annex A item links to the criteria that item evidences (framework mapping).
The score is a weighted sum of the best items (rules: evidence.top_weights), so
recording more evidence never lowers it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import CouncilData, EvidenceItem

RAG_ORDER = ("red", "amber", "green")


@dataclass(frozen=True)
class EvidenceSignal:
    score: float
    rag: str
    reasons: tuple[str, ...]
    items: tuple[str, ...]
    has_impact: bool
    count: int
    stale: int


def item_value(item: EvidenceItem, rules: dict, stale_before: dt.date) -> float:
    ev = rules["evidence"]
    value = float(ev["strength_points"][item.strength]) * float(ev["status_factor"][item.status])
    if item.last_reviewed < stale_before:
        value *= float(ev["stale_factor"])
    return value


def linked_criteria(item: EvidenceItem, data: CouncilData) -> tuple[str, ...]:
    if item.criteria:
        return item.criteria
    if item.annex_a:
        return data.framework.annex_a[item.annex_a].criteria
    return ()


def evidence_by_criterion(data: CouncilData) -> dict[str, list[EvidenceItem]]:
    out: dict[str, list[EvidenceItem]] = {cid: [] for cid in data.framework.criteria}
    for item in data.evidence:
        for cid in linked_criteria(item, data):
            out[cid].append(item)
    return out


def weighted_best(values: list[float], weights: list[float]) -> float:
    best = sorted(values, reverse=True)[: len(weights)]
    return sum(w * v for w, v in zip(weights, best))


def evidence_signal(items: list[EvidenceItem], rules: dict, stale_before: dt.date, high_risk: str,
                    status_label) -> EvidenceSignal:
    ev = rules["evidence"]
    if not items:
        return EvidenceSignal(0.0, "red", ("no evidence is linked to this criterion",), (), False, 0, 0)
    values = [item_value(i, rules, stale_before) for i in items]
    score = round(weighted_best(values, list(ev["top_weights"])), 1)
    green_from, amber_from = float(ev["green_from"]), float(ev["amber_from"])
    rag = "green" if score >= green_from else "amber" if score >= amber_from else "red"
    impact = any(i.strength >= int(ev["impact_strength"]) for i in items)
    reasons = []
    if rag != "green":
        reasons.append(f"evidence score {score:g} of 100 from {len(items)} item(s) "
                       f"(amber from {amber_from:g}, green from {green_from:g})")
    else:
        reasons.append(f"evidence score {score:g} of 100 from {len(items)} item(s)")
    if not impact:
        reasons.append(f"no evidence shows impact (strength {ev['impact_strength']} or more)")
        if rag == "green":
            rag = "amber"
    stale = sum(1 for i in items if i.last_reviewed < stale_before)
    if stale:
        reasons.append(f"{stale} of {len(items)} item(s) are stale (last reviewed before {stale_before})")
    risky = sum(1 for i in items if i.status == high_risk)
    if risky:
        reasons.append(f"{risky} item(s) are {status_label(high_risk).lower()}")
    return EvidenceSignal(score, rag, tuple(reasons), tuple(sorted(i.id for i in items)), impact, len(items),
                          stale)
