"""The Scorecard: what scoring produces, with every judgement's reasons.

Plain frozen dataclasses so it is cheap to build and to turn into JSON with a
stable key order (the same workspace and as_of give byte-identical JSON).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from ..vocab import Rag

Check = Literal["over_claim", "under_claim", "consistent", "not_assessed"]
Trend = Literal["improving", "stable", "declining", "rising", "falling"]
GapSeverity = Literal["high", "medium", "low"]
GapType = Literal["over_claim", "annex_a_missing", "annex_a_high_risk", "criterion_no_evidence",
                  "red_criterion_without_action", "kpi_worse_than_comparator", "criterion_weak_evidence",
                  "annex_a_in_progress", "kpi_declining", "action_overdue", "evidence_stale",
                  "action_without_lead"]
MISSING = "missing"      # the readiness of an Annex A item no evidence is mapped to (not a vocabulary term)


@dataclass(frozen=True)
class StatusTerm:
    """A status as the vocabulary in use defines it, carried in the scorecard so that everything shown
    from it (narrative, charts, dashboard) names and colours a council's own statuses."""

    code: str
    label: str
    rag: Rag | None
    counts: bool                   # ready (readiness status) or done (action status)
    colour: str | None = None


@dataclass(frozen=True)
class AnnexResult:
    id: str
    title: str
    status: str                    # a readiness code, or MISSING
    stale: bool
    evidence: tuple[str, ...]
    owners: tuple[str, ...]
    last_reviewed: dt.date | None
    requested: str


@dataclass(frozen=True)
class AnnexSummary:
    counts: dict[str, int]
    ready_pct: float
    stale: tuple[str, ...]
    items: tuple[AnnexResult, ...]
    statuses: tuple[StatusTerm, ...] = ()     # least ready first (MISSING is not one of them)


@dataclass(frozen=True)
class KpiResult:
    indicator: str
    title: str
    unit: str
    polarity: str
    criteria: tuple[str, ...]
    latest: float | None
    period_end: dt.date | None
    comparator: str | None         # target | statistical_neighbours | national | england_catalogue
    comparator_value: float | None
    rag: Rag | None                # None when not rated
    trend: Trend | None            # improving | stable | declining (rising | falling for context indicators)
    reasons: tuple[str, ...]
    history: tuple[dict, ...] = ()
    # Published comparators for the latest period, where the data exist (real authorities):
    england: float | None = None
    region: float | None = None
    neighbours_mean: float | None = None      # mean (not median) of the 10 statistical neighbours
    rank: int | None = None                   # 1 = best of all authorities with a value
    rank_of: int | None = None
    quartile: int | None = None               # 1 = best quarter


@dataclass(frozen=True)
class CriterionResult:
    id: str
    title: str
    group: str
    evidence_score: float
    evidence_rag: Rag
    rag: Rag
    reasons: tuple[str, ...]
    evidence: tuple[str, ...]
    kpis: tuple[str, ...]
    self_assessment: str           # judgement code (the scale's "not assessed" term when absent)
    confidence: str | None
    check: Check
    self_assessment_label: str = ""


@dataclass(frozen=True)
class ActionSummary:
    counts: dict[str, int]
    overdue: tuple[str, ...]
    without_lead: tuple[str, ...]
    statuses: tuple[StatusTerm, ...] = ()


@dataclass(frozen=True)
class Gap:
    type: GapType
    severity: GapSeverity
    criterion: str | None
    annex_a: str | None
    description: str
    next_step: str
    criteria: tuple[str, ...] = ()
    ref: str | None = None         # action ref or KPI id, when the gap is about one


@dataclass(frozen=True)
class IndicativeOutcome:
    outcome: str                   # an outcome id of the framework, e.g. OUT-2
    judgement: str                 # the judgement-scale code the outcome corresponds to
    label: str
    text: str
    reasons: tuple[str, ...]
    note: str = ("Indicative only: computed from the evidence recorded in this workbook. It is not, and must "
                 "not be presented as, an inspection outcome.")


@dataclass(frozen=True)
class Scorecard:
    council: str
    name: str
    as_of: dt.date
    framework: str
    framework_title: str
    annex_a: AnnexSummary
    criteria: tuple[CriterionResult, ...]
    kpis: tuple[KpiResult, ...]
    actions: ActionSummary
    gaps: tuple[Gap, ...]
    indicative_outcome: IndicativeOutcome
    unscored_indicators: tuple[str, ...] = ()
    rules: dict[str, Any] = field(default_factory=dict)
    inspection: dict[str, Any] = field(default_factory=dict)   # last inspection, window, neighbours, national

    def to_dict(self) -> dict[str, Any]:
        data = _plain(dataclasses.asdict(self))
        data["actions"]["counts"] = {**data["actions"]["counts"], "overdue": len(self.actions.overdue)}
        return data

    def criterion(self, cid: str) -> CriterionResult:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def kpi(self, kid: str) -> KpiResult:
        for k in self.kpis:
            if k.indicator == kid:
                return k
        raise KeyError(kid)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
