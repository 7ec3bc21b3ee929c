"""Gap analysis: one list, most severe first, each gap with a suggested next step."""

from __future__ import annotations

from typing import get_args

from ..model import CouncilData
from .card import MISSING, ActionSummary, AnnexSummary, CriterionResult, Gap, GapSeverity, GapType, KpiResult

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
TYPE_ORDER: tuple[GapType, ...] = get_args(GapType)    # the order gaps of one severity are listed in


def find_gaps(data: CouncilData, annex: AnnexSummary, criteria: list[CriterionResult], kpis: list[KpiResult],
              actions: ActionSummary) -> tuple[Gap, ...]:
    fw = data.framework
    status_label = data.vocab.readiness_status.label
    least_ready = data.vocab.least_ready
    ready_codes = data.vocab.readiness_status.flagged()
    gaps: list[Gap] = []
    for item in annex.items:
        first = fw.annex_a[item.id].criteria[0] if fw.annex_a[item.id].criteria else None
        crits = fw.annex_a[item.id].criteria
        if item.status == MISSING:
            gaps.append(Gap("annex_a_missing", "high", first, item.id,
                            f"No evidence recorded for Annex A item {item.id} {item.title}.",
                            "Name an owner and gather the document before the notification call.", crits))
        elif item.status == least_ready:
            gaps.append(Gap("annex_a_high_risk", "high", first, item.id,
                            f"Annex A item {item.id} {item.title} is {status_label(item.status).lower()}.",
                            "Agree a recovery plan and date with the owner; report it to the board.", crits))
        elif item.status not in ready_codes:
            gaps.append(Gap("annex_a_in_progress", "medium", first, item.id,
                            f"Annex A item {item.id} {item.title}: {status_label(item.status).lower()}.",
                            "Set a completion date and check the draft with the partnership.", crits))
        if item.stale:
            gaps.append(Gap("evidence_stale", "low", first, item.id,
                            f"Evidence for {item.id} {item.title} was last reviewed {item.last_reviewed}.",
                            "Review and refresh the evidence; record the new review date.", crits))

    done = data.vocab.action_status.flagged()
    planned = {cid for a in data.actions for cid in a.criteria if a.status not in done}
    for c in criteria:
        if not c.evidence:
            gaps.append(Gap("criterion_no_evidence", "high", c.id, None,
                            f"{c.id} {c.title}: no evidence is linked.",
                            "Link the evidence that shows practice and impact for this criterion.", (c.id,)))
        elif c.evidence_rag != "green":
            severity: GapSeverity = "medium" if c.evidence_rag == "red" else "low"
            gaps.append(Gap("criterion_weak_evidence", severity, c.id, None,
                            f"{c.id} {c.title}: {'; '.join(c.reasons[:2])}.",
                            "Add evidence of impact: outcomes data and the voice of children and families.",
                            (c.id,)))
        if c.check == "over_claim":
            gaps.append(Gap("over_claim", "high", c.id, None,
                            f"{c.id} is evaluated as '{c.self_assessment_label}' but the evidence supports "
                            f"{c.rag.upper()}.",
                            "Revisit the evaluation with partners or strengthen the evidence before inspection.",
                            (c.id,)))
        if c.rag == "red" and c.id not in planned:
            gaps.append(Gap("red_criterion_without_action", "high", c.id, None,
                            f"{c.id} {c.title} is RED and no open action in the plan addresses it.",
                            "Add an action with a lead, a due date and a measure of impact.", (c.id,)))
    for k in kpis:
        first = k.criteria[0] if k.criteria else None
        if k.rag == "red":
            gaps.append(Gap("kpi_worse_than_comparator", "high", first, None, f"{k.title}: {k.reasons[0]}.",
                            "Add the exception to the board report with the owner's commentary and action.",
                            k.criteria, k.indicator))
        elif k.rag == "amber":
            gaps.append(Gap("kpi_worse_than_comparator", "low", first, None, f"{k.title}: {k.reasons[0]}.",
                            "Watch the next period; explain the difference in the SEF.", k.criteria, k.indicator))
        if k.trend == "declining":
            gaps.append(Gap("kpi_declining", "medium", first, None,
                            f"{k.title} is declining: {next((r for r in k.reasons if r.startswith('trend')), '')}.",
                            "Find the cause and set a recovery trajectory.", k.criteria, k.indicator))
    by_ref = {a.ref: a for a in data.actions}
    for ref in actions.overdue:
        a = by_ref[ref]
        gaps.append(Gap("action_overdue", "medium", a.criteria[0] if a.criteria else None, None,
                        f"Action {ref} was due {a.due} and is {data.vocab.action_status.label(a.status).lower()}.",
                        "Agree a revised date with the lead or escalate to the board.", a.criteria, ref))
    for ref in actions.without_lead:
        a = by_ref[ref]
        gaps.append(Gap("action_without_lead", "low", a.criteria[0] if a.criteria else None, None,
                        f"Action {ref} has no lead.", "Name the role accountable for it.", a.criteria, ref))
    return tuple(sorted(gaps, key=lambda g: (SEVERITY_ORDER[g.severity], TYPE_ORDER.index(g.type),
                                             g.criterion or "~", g.annex_a or "~", g.ref or "")))
