"""One criterion of the SEF in words: the partnership's own evaluation, then what the evidence shows.

The partnership's words (strengths, areas for development, next steps) are printed as written. What
sefkit adds is short: the check in plain words and at most three reasons, each one sentence with its
figure, chosen from the scorecard's structured results (red KPIs first). The full reasons are in the
report's appendix.
"""

from __future__ import annotations

from ..model import CouncilData
from ..privacy import publishable_role
from ..scoring.card import CriterionResult, KpiResult, Scorecard
from ..scoring.kpis import fmt
from .narrative import lower_first, plural
from .tables import comparator_name, shown_value
from .theme import rag_word

MOST_REASONS = 3
MOST_EVIDENCE = 5
MOST_ACTIONS = 3


def our_evaluation(c: CriterionResult, data: CouncilData) -> str:
    a = data.assessments.get(c.id)
    text = data.vocab.judgement.label(c.self_assessment)
    if c.confidence:
        text += f", with {lower_first(data.vocab.confidence.label(c.confidence))} confidence"
    if a is not None and a.updated_at:
        who = f" by {publishable_role(a.updated_by)}" if a.updated_by else ""
        text += f" (last updated{who} on {a.updated_at:%d %B %Y})"
    return text + "."


def check_sentence(c: CriterionResult) -> str:
    """The over- or under-claim check in plain words."""
    ours, evidence = lower_first(c.self_assessment_label), rag_word(c.rag)
    return {
        "over_claim": f"Our evaluation ({ours}) is more positive than the evidence supports ({evidence}).",
        "under_claim": f"Our evaluation ({ours}) is more cautious than the evidence suggests ({evidence}).",
        "consistent": f"Our evaluation ({ours}) matches what the evidence shows ({evidence}).",
        "not_assessed": f"The partnership has not evaluated this criterion yet; the evidence shows {evidence}.",
    }[c.check]


def _kpi_reason(k: KpiResult) -> str:
    latest = shown_value(k.latest, k.unit)
    if k.comparator and k.comparator_value is not None:
        against = f"against {comparator_name(k.comparator).lower()} {fmt(k.comparator_value, k.unit)}"
        if k.comparator == "target":
            against = f"against a target of {fmt(k.comparator_value, k.unit)}"
        return f"{k.title}: {latest} {against} ({rag_word(k.rag)})."
    return f"{k.title}: {latest}."


def short_reasons(c: CriterionResult, card: Scorecard, most: int = MOST_REASONS) -> list[str]:
    """At most `most` reasons, one short sentence each with its figure: red KPIs, the evidence score, amber
    KPIs, then declining KPIs."""
    kpis = [k for k in card.kpis if k.indicator in c.kpis]
    red = [_kpi_reason(k) for k in kpis if k.rag == "red"]
    amber = [_kpi_reason(k) for k in kpis if k.rag == "amber"]
    declining = [f"{k.title} is declining." for k in kpis if k.trend == "declining" and k.rag not in ("red", "amber")]
    n = len(c.evidence)
    evidence = [f"Evidence score {c.evidence_score:g} of 100 from {plural(n, 'linked item')}." if n
                else "No evidence is linked to this criterion."]
    return (red[:2] + evidence + amber + red[2:] + declining)[:most]


def linked_evidence(c: CriterionResult, data: CouncilData, most: int = MOST_EVIDENCE) -> list[str]:
    """The evidence the partnership linked in its self-assessment, else the criterion's strongest items:
    'EV-006 Title (status)'."""
    a = data.assessments.get(c.id)
    by_id = {e.id: e for e in data.evidence}
    ids = [i for i in (a.evidence if a else ()) if i in by_id]
    if not ids:
        ids = [e.id for e in sorted((by_id[i] for i in c.evidence if i in by_id), key=lambda e: (-e.strength, e.id))]
    label = data.vocab.readiness_status.label
    return [f"{i} {by_id[i].title} ({lower_first(label(by_id[i].status))})" for i in ids[:most]]


def linked_actions(c: CriterionResult, card: Scorecard, data: CouncilData, most: int = MOST_ACTIONS) -> list[str]:
    """Open actions that address the criterion, overdue first: 'A-12 Action (due 31 Dec 2025, on track)'."""
    done = data.vocab.action_status.flagged()
    overdue = set(card.actions.overdue)
    actions = sorted((a for a in data.actions if c.id in a.criteria and a.status not in done),
                     key=lambda a: (a.ref not in overdue, a.due or card.as_of, a.ref))
    out = []
    for a in actions[:most]:
        status = ("overdue, " if a.ref in overdue else "") + lower_first(data.vocab.action_status.label(a.status))
        due = f"due {a.due:%d %b %Y}, " if a.due else ""
        out.append(f"{a.ref} {a.action} ({due}{status})")
    return out
