"""Criterion RAG from evidence and KPI signals, and the self-assessment check.

Rule (rules: criteria.red_kpis_for_red): the evidence RAG stands unless KPIs
say otherwise; one red KPI caps the criterion at amber, and that many red KPIs
make it red. A worse signal can only lower a criterion, never raise it.
"""

from __future__ import annotations

from ..rules import Rules
from ..vocab import Rag
from .card import Check, KpiResult

RAG_LEVEL: dict[Rag, int] = {"red": 1, "amber": 2, "green": 3}
LEVEL_RAG: dict[int, Rag] = {v: k for k, v in RAG_LEVEL.items()}


def combine(evidence_rag: Rag, kpis: list[KpiResult], rules: Rules) -> tuple[Rag, list[str]]:
    level = RAG_LEVEL[evidence_rag]
    reasons: list[str] = []
    red = [k for k in kpis if k.rag == "red"]
    threshold = rules.red_kpis_for_red
    if len(red) >= threshold:
        level = min(level, 1)
    elif red:
        level = min(level, 2)
    for k in kpis:
        if k.rag in ("red", "amber"):
            reasons.append(f"KPI '{k.title}' is {k.rag}: {k.reasons[0]}")
        if k.trend == "declining":
            reasons.append(f"KPI '{k.title}' is declining")
    if red and len(red) < threshold and RAG_LEVEL[evidence_rag] == 3:
        reasons.append(f"a red KPI caps this criterion at amber ({threshold} red KPIs would make it red)")
    elif len(red) >= threshold and RAG_LEVEL[evidence_rag] > 1:
        reasons.append(f"{len(red)} red KPIs make this criterion red")
    return LEVEL_RAG[level], reasons


def self_assessment_check(claimed_rag: Rag | None, rag: Rag) -> Check:
    """Compare the RAG a judgement claims (its vocabulary term's `rag`; None: not assessed) with the
    RAG the evidence supports."""
    if claimed_rag is None:
        return "not_assessed"
    claimed, derived = RAG_LEVEL[claimed_rag], RAG_LEVEL[rag]
    if claimed > derived:
        return "over_claim"
    if claimed < derived:
        return "under_claim"
    return "consistent"
