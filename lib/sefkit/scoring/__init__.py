"""Scoring: a pure function from a council's workspace data and rules to a Scorecard.

No file reading and no clock: the same data, rules and as_of give the same
scorecard, byte for byte. Every RAG carries its reasons.
"""

from __future__ import annotations

from ..dates import shift_months
from ..model import CouncilData, KpiRow
from ..rules import Rules
from .actions import action_summary
from .annex import annex_readiness
from .card import CriterionResult, KpiResult, Scorecard
from .combine import combine, self_assessment_check
from .evidence import evidence_by_criterion, evidence_signal
from .gaps import find_gaps
from .kpis import evaluate_kpi
from .outcome import indicative_outcome

__all__ = ["Scorecard", "score"]


def score(data: CouncilData, rules: Rules) -> Scorecard:
    as_of = data.params.as_of
    if as_of is None:
        raise ValueError("scoring needs an as_of date")  # Workspace.load always sets one
    fw = data.framework
    stale_before = shift_months(as_of, -rules.window_months)
    annex = annex_readiness(data, rules, stale_before)

    rows_by_kpi: dict[str, list[KpiRow]] = {}
    unscored: list[str] = []
    for row in data.kpis:
        if row.known and row.period_end <= as_of:
            rows_by_kpi.setdefault(row.indicator, []).append(row)
        elif not row.known and row.indicator not in unscored:
            unscored.append(row.indicator)
    published = data.published.kpis if data.published else {}
    kpis = [evaluate_kpi(fw.kpis[k], rows_by_kpi[k], rules, published.get(k)) for k in fw.kpis if k in rows_by_kpi]
    kpis_by_criterion: dict[str, list[KpiResult]] = {}
    for k in kpis:
        for cid in k.criteria:
            kpis_by_criterion.setdefault(cid, []).append(k)

    evidence = evidence_by_criterion(data, rules, stale_before)
    vocab = data.vocab
    criteria = []
    for crit in fw.criteria.values():
        signal = evidence_signal(evidence[crit.id], rules, stale_before, vocab.readiness_status)
        informing = kpis_by_criterion.get(crit.id, [])
        rag, kpi_reasons = combine(signal.rag, informing, rules)
        assessment = data.assessments.get(crit.id)
        judgement = assessment.judgement if assessment else vocab.not_assessed
        criteria.append(CriterionResult(
            id=crit.id, title=crit.title, group=crit.group, evidence_score=signal.score,
            evidence_rag=signal.rag, rag=rag, reasons=signal.reasons + tuple(kpi_reasons), evidence=signal.items,
            kpis=tuple(k.indicator for k in informing), self_assessment=judgement,
            confidence=assessment.confidence if assessment else None,
            check=self_assessment_check(vocab.judgement.term(judgement).rag, rag),
            self_assessment_label=vocab.judgement.label(judgement)))

    actions = action_summary(data, as_of)
    gaps = find_gaps(data, annex, criteria, kpis, actions)
    outcome = indicative_outcome(data, annex, criteria, rules)
    return Scorecard(
        council=data.params.council, name=data.params.name, as_of=as_of, framework=fw.id,
        framework_title=fw.title, annex_a=annex, criteria=tuple(criteria), kpis=tuple(kpis), actions=actions,
        gaps=gaps, indicative_outcome=outcome, unscored_indicators=tuple(sorted(unscored)),
        rules={"freshness_window_months": rules.window_months, "stale_before": stale_before.isoformat()},
        inspection=data.published.inspection if data.published else {})
