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

from ..model import CouncilData
from ..rules import Rules
from ..vocab import Rag, Vocabulary


@dataclass(frozen=True)
class EvidenceSignal:
    score: float
    rag: Rag
    reasons: tuple[str, ...]
    items: tuple[str, ...]
    has_impact: bool
    count: int
    stale: int


class _Acc:
    """Running totals for one criterion, filled in one pass over the evidence library."""

    __slots__ = ("best", "count", "ids", "impact", "risky", "stale")

    def __init__(self, keep: int):
        self.best = [0.0] * keep      # the `keep` highest points seen so far, a min-heap
        self.count = self.stale = self.risky = 0
        self.impact = False
        self.ids: list[str] = []


def evidence_by_criterion(data: CouncilData, rules: Rules, stale_before: dt.date) -> dict[str, _Acc]:
    """One pass over the library (large libraries link each item to several criteria); per item the
    points depend only on (strength, status, stale), so they are looked up, not recomputed. The rules
    were checked against the vocabularies when loaded: every status has a factor, every strength points."""
    ev = rules.evidence
    keep = len(ev.top_weights)
    table = {(strength, status, stale): points * factor * (ev.stale_factor if stale else 1.0)
             for strength, points in ev.strength_points.items()
             for status, factor in ev.status_factor.items() for stale in (False, True)}
    impact_strength = ev.impact_strength
    high_risk = data.vocab.least_ready
    acc = {cid: _Acc(keep) for cid in data.framework.criteria}
    annex_criteria = {a.id: a.criteria for a in data.framework.annex_a.values()}
    replace = heapq.heappushpop
    for item in data.evidence:
        stale = item.last_reviewed < stale_before
        value = table[item.strength, item.status, stale]
        impact = item.strength >= impact_strength
        risky = item.status == high_risk
        for cid in item.criteria or annex_criteria.get(item.annex_a or "", ()):
            a = acc[cid]
            if value > a.best[0]:
                replace(a.best, value)
            a.count += 1
            a.stale += stale
            a.risky += risky
            a.impact = a.impact or impact
            a.ids.append(item.id)
    return acc


def weighted_best(values: list[float], weights: list[float]) -> float:
    best = sorted(values, reverse=True)[: len(weights)]
    return sum(w * v for w, v in zip(weights, best))


def evidence_signal(acc: _Acc, rules: Rules, stale_before: dt.date, readiness: Vocabulary) -> EvidenceSignal:
    ev = rules.evidence
    if not acc.count:
        return EvidenceSignal(0.0, "red", ("no evidence is linked to this criterion",), (), False, 0, 0)
    score = round(weighted_best(acc.best, list(ev.top_weights)), 1)
    green_from, amber_from = ev.green_from, ev.amber_from
    rag: Rag = "green" if score >= green_from else "amber" if score >= amber_from else "red"
    n = acc.count
    reasons = [f"evidence score {score:g} of 100 from {n} item(s)"
               + ("" if rag == "green" else f" (amber from {amber_from:g}, green from {green_from:g})")]
    if not acc.impact:
        reasons.append(f"no evidence shows impact (strength {ev.impact_strength} or more)")
        if rag == "green":
            rag = "amber"
    if acc.stale:
        reasons.append(f"{acc.stale} of {n} item(s) are stale (last reviewed before {stale_before})")
    if acc.risky:
        reasons.append(f"{acc.risky} item(s) are {readiness.label(readiness.codes[0]).lower()}")
    return EvidenceSignal(score, rag, tuple(reasons), tuple(acc.ids), acc.impact, n, acc.stale)
