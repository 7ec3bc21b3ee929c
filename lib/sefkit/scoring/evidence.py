"""Evidence score per criterion: strength, readiness and freshness of linked items.

An item links to the criteria in its `criteria` column; an item that names only
an Annex A item links to the criteria that item evidences (framework mapping).
The score is a weighted sum of the best items (rules: evidence.top_weights), so
recording more evidence never lowers it.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from typing import NamedTuple

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


class Scored(NamedTuple):
    """An evidence item with its points and freshness, computed once however many criteria it links to."""
    value: float
    stale: bool
    item: EvidenceItem


def evidence_by_criterion(data: CouncilData, rules: dict, stale_before: dt.date) -> dict[str, list[Scored]]:
    ev = rules["evidence"]
    # Points depend only on (strength, status, stale): look them up rather than recompute per row.
    table = {(strength, status, stale): float(points) * float(factor) * (float(ev["stale_factor"]) if stale else 1.0)
             for strength, points in ev["strength_points"].items()
             for status, factor in ev["status_factor"].items() for stale in (False, True)}
    out: dict[str, list[Scored]] = {cid: [] for cid in data.framework.criteria}
    for item in data.evidence:
        stale = item.last_reviewed < stale_before
        scored = Scored(table[item.strength, item.status, stale], stale, item)
        for cid in linked_criteria(item, data):
            out[cid].append(scored)
    return out


def weighted_best(values: list[float], weights: list[float]) -> float:
    best = heapq.nlargest(len(weights), values)
    return sum(w * v for w, v in zip(weights, best))


def evidence_signal(items: list[Scored], rules: dict, stale_before: dt.date, high_risk: str,
                    status_label) -> EvidenceSignal:
    ev = rules["evidence"]
    if not items:
        return EvidenceSignal(0.0, "red", ("no evidence is linked to this criterion",), (), False, 0, 0)
    score = round(weighted_best([s.value for s in items], list(ev["top_weights"])), 1)
    green_from, amber_from = float(ev["green_from"]), float(ev["amber_from"])
    rag = "green" if score >= green_from else "amber" if score >= amber_from else "red"
    impact_strength = int(ev["impact_strength"])
    impact = stale = risky = 0
    for s in items:  # one pass: large libraries link thousands of items to a criterion
        impact |= s.item.strength >= impact_strength
        stale += s.stale
        risky += s.item.status == high_risk
    reasons = [f"evidence score {score:g} of 100 from {len(items)} item(s)"
               + ("" if rag == "green" else f" (amber from {amber_from:g}, green from {green_from:g})")]
    if not impact:
        reasons.append(f"no evidence shows impact (strength {impact_strength} or more)")
        if rag == "green":
            rag = "amber"
    if stale:
        reasons.append(f"{stale} of {len(items)} item(s) are stale (last reviewed before {stale_before})")
    if risky:
        reasons.append(f"{risky} item(s) are {status_label(high_risk).lower()}")
    return EvidenceSignal(score, rag, tuple(reasons), tuple(s.item.id for s in items), bool(impact), len(items),
                          stale)
