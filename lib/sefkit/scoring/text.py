"""A scorecard as a short, readable summary for a person in a terminal."""

from __future__ import annotations

from .card import Scorecard

MARK = {"red": "RED  ", "amber": "AMBER", "green": "GREEN", None: "  -  "}


def summary_text(card: Scorecard, max_gaps: int = 10) -> str:
    a = card.annex_a
    out = [f"{card.name} ({card.council}), {card.framework}, as of {card.as_of}",
           f"Indicative outcome: {card.indicative_outcome.label} ({card.indicative_outcome.outcome}), "
           "indicative only, not an inspection outcome",
           f"  because {card.indicative_outcome.reasons[0]}",
           f"Annex A: {a.ready_pct:g}% ready; " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in a.counts.items())
           + (f"; {len(a.stale)} stale" if a.stale else ""),
           ]
    if card.inspection:
        out.append(f"Inspection: {card.inspection['window']}")
    out += ["", "Criteria (RAG, evidence score, self-assessment check):"]
    for c in card.criteria:
        check = "" if c.check in ("consistent", "not_assessed") else f"  <- {c.check.replace('_', '-')}"
        out.append(f"  {c.id:<7} {MARK[c.rag]}  {c.evidence_score:5.1f}  {c.title[:60]}{check}")
    rated = [k for k in card.kpis if k.rag]
    if rated:
        out += ["", "KPIs:"]
        for k in rated:
            out.append(f"  {MARK[k.rag]}  {k.title[:55]:<55} {k.trend or '':<10}")
    counts = card.actions.counts
    out += ["", "Actions: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())
            + f"; overdue {len(card.actions.overdue)}"]
    if card.gaps:
        out += ["", f"Top gaps ({len(card.gaps)} in all):"]
        for g in card.gaps[:max_gaps]:
            out.append(f"  [{g.severity}] {g.description}")
    return "\n".join(out)
