"""Indicative outcome: which of the framework's three outcomes the evidence points to.

Always labelled indicative; never an inspection judgement. Rules in
sef/scoring.yaml (outcome): significant concerns if enough criteria are red or
too much of Annex A is not ready; typically positive if no impact criterion is
red, most criteria are green and Annex A is nearly ready; otherwise inconsistent.
"""

from __future__ import annotations

from ..model import CouncilData
from ..rules import Rules
from ..vocab import Rag
from .card import MISSING, AnnexSummary, CriterionResult, IndicativeOutcome


def indicative_outcome(data: CouncilData, annex: AnnexSummary, criteria: list[CriterionResult],
                       rules: Rules) -> IndicativeOutcome:
    """The outcome whose judgement-scale term claims the RAG the rules point to (red: significant
    concerns, green: typically positive, amber: inconsistent, in the built-in vocabulary)."""
    r = rules.outcome
    total = len(criteria) or 1
    red = [c.id for c in criteria if c.rag == "red"]
    green = [c.id for c in criteria if c.rag == "green"]
    least_ready = data.vocab.least_ready
    items = len(annex.items) or 1
    not_ready = annex.counts.get(least_ready, 0) + annex.counts.get(MISSING, 0)
    share_not_ready = not_ready / items
    impact_red = [c.id for c in criteria if c.rag == "red" and c.group == "impact"]
    reasons = [f"{len(green)} of {len(criteria)} criteria are green, {len(red)} red"
               + (f" ({', '.join(red)})" if red else ""),
               f"Annex A readiness {annex.ready_pct:g}%; {not_ready} of {len(annex.items)} items high risk or missing"]
    level: Rag
    if len(red) >= r.min_red_criteria or share_not_ready >= r.min_share_not_ready:
        level = "red"
        why = []
        if len(red) >= r.min_red_criteria:
            why.append(f"{len(red)} red criteria (threshold {r.min_red_criteria})")
        if share_not_ready >= r.min_share_not_ready:
            why.append(f"{share_not_ready:.0%} of Annex A not ready (threshold {r.min_share_not_ready:.0%})")
    elif not impact_red and len(green) / total >= r.min_share_green and annex.ready_pct >= r.min_ready_pct:
        level = "green"
        why = ["no impact criterion is red", f"{len(green) / total:.0%} of criteria green (needs "
               f"{r.min_share_green:.0%})", f"Annex A {annex.ready_pct:g}% ready (needs {r.min_ready_pct:g}%)"]
    else:
        level = "amber"
        why = []
        if impact_red:
            why.append(f"impact criteria red: {', '.join(impact_red)}")
        if len(green) / total < r.min_share_green:
            why.append(f"only {len(green) / total:.0%} of criteria green (the most positive outcome needs "
                       f"{r.min_share_green:.0%})")
        if annex.ready_pct < r.min_ready_pct:
            why.append(f"Annex A {annex.ready_pct:g}% ready (the most positive outcome needs "
                       f"{r.min_ready_pct:g}%)")
    judgement = data.vocab.judgement.with_rag(level)[0]
    label = data.vocab.judgement.label(judgement)
    reasons.insert(0, f"points to {label[0].lower() + label[1:]}: " + "; ".join(why))
    outcome = data.framework.outcome_for(judgement)
    return IndicativeOutcome(outcome=outcome.id if outcome else judgement, judgement=judgement,
                             label=outcome.label if outcome else judgement, text=outcome.text if outcome else "",
                             reasons=tuple(reasons))
