"""Report tables as pandas DataFrames with human column names.

Each function takes the scorecard (and, where needed, the council's data) and
returns rows in the order a reader needs: worst first, overdue first.
"""

from __future__ import annotations

import pandas as pd

from ..model import CouncilData
from ..privacy import publishable_role, suppress_count, suppressed
from ..scoring.card import MISSING, KpiResult, Scorecard
from ..scoring.kpis import UNIT_SUFFIX, fmt
from ..vocab import Rag
from .narrative import direction
from .theme import rag_word, status_colour

MISSING_LABEL = "No evidence (missing)"

RAG_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def annex_counts(card: Scorecard) -> pd.DataFrame:
    """Items per readiness status, least ready first, then missing; `code` and `colour` are for charts."""
    terms = {t.code: t for t in card.annex_a.statuses}
    rows = [{"Status": terms[code].label if code in terms else MISSING_LABEL, "Items": n, "code": code,
             "colour": status_colour(terms.get(code))} for code, n in card.annex_a.counts.items()]
    return pd.DataFrame(rows)


def annex_items(card: Scorecard, data: CouncilData, not_ready_only: bool = False) -> pd.DataFrame:
    """The Annex A tracker, least ready first (only the items not yet ready, if asked)."""
    label = data.vocab.readiness_status.label
    order = {code: i for i, code in enumerate([MISSING, *data.vocab.readiness_status.codes])}
    ready = {t.code for t in card.annex_a.statuses if t.counts}
    rows = []
    for item in sorted(card.annex_a.items, key=lambda i: (order[i.status], i.id)):
        if not_ready_only and item.status in ready:
            continue
        rows.append({"Item": item.id, "Title": item.title,
                     "Status": MISSING_LABEL if item.status == MISSING else label(item.status),
                     "Stale": "Yes" if item.stale else "No",
                     "Owner": "; ".join(map(publishable_role, item.owners)) or "None named",
                     "Last reviewed": item.last_reviewed.isoformat() if item.last_reviewed else "",
                     "Evidence": ", ".join(item.evidence)})
    return pd.DataFrame(rows, columns=["Item", "Title", "Status", "Stale", "Owner", "Last reviewed", "Evidence"])


def criteria_grid(card: Scorecard, data: CouncilData) -> pd.DataFrame:
    fw = data.framework
    rows = [{"Criterion": c.id, "Group": fw.group_title(c.group), "Title": c.title, "RAG": rag_word(c.rag),
             "Evidence score": f"{c.evidence_score:g}", "Reasons": "; ".join(c.reasons)} for c in card.criteria]
    return pd.DataFrame(rows)


def self_assessment_check(card: Scorecard, data: CouncilData) -> pd.DataFrame:
    order = {"over_claim": 0, "under_claim": 1, "not_assessed": 2, "consistent": 3}
    judgement = data.vocab.judgement.label
    rows = []
    for c in sorted(card.criteria, key=lambda c: (order[c.check], c.id)):
        rows.append({"Criterion": c.id, "Self-assessment": judgement(c.self_assessment),
                     "Confidence": c.confidence or "", "Evidence RAG": rag_word(c.rag),
                     "Check": c.check.replace("_", " ").capitalize()})
    return pd.DataFrame(rows)


def kpi_summary(card: Scorecard) -> pd.DataFrame:
    rows = []
    for k in sorted(card.kpis, key=lambda k: (RAG_ORDER[k.rag], k.indicator)):
        rows.append({"KPI": k.title, "Latest": shown_value(k.latest, k.unit),
                     "Period end": k.period_end.isoformat() if k.period_end else "",
                     "Comparator": (f"{comparator_name(k.comparator)} {fmt(k.comparator_value, k.unit)}"
                                    if k.comparator and k.comparator_value is not None else "none"),
                     "RAG": rag_word(k.rag), "Trend": k.trend or "not enough data",
                     "England": _opt(k.england, k.unit), "Region": _opt(k.region, k.unit),
                     "Neighbours (mean)": _opt(k.neighbours_mean, k.unit),
                     "Rank (quartile)": _rank(k),
                     "Informs": ", ".join(k.criteria)})
    frame = pd.DataFrame(rows)
    optional = [c for c in ("England", "Region", "Neighbours (mean)", "Rank (quartile)") if c in frame.columns]
    return frame.drop(columns=[c for c in optional if not frame[c].astype(bool).any()])


def kpi_series(card: Scorecard) -> pd.DataFrame:
    """Every KPI's data, one row per KPI and period: this area (a small count as "<5", not left blank),
    England, statistical neighbours and target, as the chart above draws them."""
    rows = []
    for k in card.kpis:
        for h in k.history:
            england = h.get("national") if h.get("national") is not None else h.get("england_catalogue")
            rows.append({"KPI": k.title, "Period end": h["period_end"].isoformat(),
                         "This area": _opt(h.get("value"), k.unit), "England": _opt(england, k.unit),
                         "Statistical neighbours": _opt(h.get("statistical_neighbours"), k.unit),
                         "Target": _opt(h.get("target"), k.unit)})
    frame = pd.DataFrame(rows, columns=["KPI", "Period end", "This area", "England", "Statistical neighbours",
                                        "Target"])
    return frame.drop(columns=[c for c in ("England", "Statistical neighbours", "Target")
                               if not frame[c].astype(bool).any()])


def _rank(k: KpiResult) -> str:
    """The rank among all authorities, unless the value is a suppressed count (a rank would narrow it down)."""
    if not k.rank or suppressed(k.latest, k.unit):
        return ""
    return f"{k.rank} of {k.rank_of} (Q{k.quartile})"


def _opt(value: float | None, unit: str) -> str:
    return "" if value is None else shown_value(value, unit)


def inspection_context(card: Scorecard) -> pd.DataFrame:
    """The statistical neighbours' published area SEND outcomes."""
    rows = [{"Neighbour": n["name"], "Outcome": n["outcome_label"]}
            for n in card.inspection.get("neighbours", [])]
    return pd.DataFrame(rows, columns=["Neighbour", "Outcome"])


def kpi_exceptions(card: Scorecard, data: CouncilData,
                   rags: tuple[Rag | None, ...] = ("red", "amber")) -> pd.DataFrame:
    """KPIs rated red or amber, red first, in the shape councils' exception reports use (Sefton's): latest,
    period, change from the period before (an arrow and its word), England, statistical neighbours,
    target, RAG as a word, and the open actions on the criteria it informs."""
    rows = []
    done = data.vocab.action_status.flagged()
    for k in sorted((k for k in card.kpis if k.rag in rags), key=lambda k: (RAG_ORDER[k.rag], k.title)):
        linked = [a.ref for a in data.actions if set(a.criteria) & set(k.criteria) and a.status not in done]
        rows.append({"KPI": k.title, "Latest": shown_value(k.latest, k.unit),
                     "Period": f"{k.period_end:%b %Y}" if k.period_end else "", "Change": change_from_prior(k),
                     "England": _england(k), "Neighbours": _neighbours(k),
                     "Target": _opt(_latest(k).get("target"), k.unit), "RAG": rag_word(k.rag),
                     "Actions": ", ".join(linked[:3]) or "None: add one"})
    return pd.DataFrame(rows, columns=["KPI", "Latest", "Period", "Change", "England", "Neighbours", "Target", "RAG",
                                       "Actions"])


def _latest(k: KpiResult) -> dict:
    return k.history[-1] if k.history else {}


def _latest_known(k: KpiResult, published: float | None, *keys: str) -> str:
    """A comparator as shown beside the KPI: the published value, else the most recent one the council
    recorded, with its period when that is not the KPI's latest period ("46.4% (Dec 2024)")."""
    if published is not None:
        return _opt(published, k.unit)
    for row in reversed(k.history):
        value = next((row.get(key) for key in keys if row.get(key) is not None), None)
        if value is not None:
            shown = _opt(value, k.unit)
            return shown if row["period_end"] == k.period_end else f"{shown} ({row['period_end']:%b %Y})"
    return ""


def _england(k: KpiResult) -> str:
    return _latest_known(k, k.england, "national", "england_catalogue")


def _neighbours(k: KpiResult) -> str:
    return _latest_known(k, k.neighbours_mean, "statistical_neighbours")


def change_from_prior(k: KpiResult) -> str:
    """The change from the period before, as an arrow and its word ("\u2191 2.1 points, better"); none
    where either side is a suppressed count (the difference would give the hidden one back)."""
    values = [row["value"] for row in k.history if isinstance(row.get("value"), (int, float))]
    if len(values) < 2:
        return "first period"
    before, now = values[-2], values[-1]
    if suppressed(before, k.unit) or suppressed(now, k.unit):
        return "not shown (small numbers)"
    delta = now - before
    if abs(delta) < 1e-9:
        return "\u2192 no change"
    amount = f"{abs(delta):,.1f}".rstrip("0").rstrip(".") + (" points" if k.unit == "pct" else
                                                               UNIT_SUFFIX.get(k.unit, ""))
    arrow, word = direction(delta, None if k.polarity == "neutral" else k.polarity == "higher_is_better")
    return f"{arrow} {amount}, {word}"


def area_figures(card: Scorecard, indicators: tuple[str, ...]) -> pd.DataFrame:
    """The area's published figures for the context section, in the order given (those the council has)."""
    by_id = {k.indicator: k for k in card.kpis}
    rows = []
    for kpi_id in indicators:
        k = by_id.get(kpi_id)
        if k is None or k.latest is None:
            continue
        rows.append({"Figure": k.title, "Latest": shown_value(k.latest, k.unit),
                     "Period": f"{k.period_end:%b %Y}" if k.period_end else "", "Change": change_from_prior(k),
                     "England": _england(k), "Neighbours": _neighbours(k)})
    return pd.DataFrame(rows, columns=["Figure", "Latest", "Period", "Change", "England", "Neighbours"])


def criteria_overview(card: Scorecard, data: CouncilData) -> pd.DataFrame:
    """Every criterion on one line: our evaluation, confidence, what the evidence shows, the check."""
    judgement = data.vocab.judgement.label
    rows = [{"Criterion": c.id, "Title": c.title, "Our evaluation": judgement(c.self_assessment),
             "Confidence": data.vocab.confidence.label(c.confidence) if c.confidence else "",
             "Evidence RAG": rag_word(c.rag), "Check": CHECK_WORDS[c.check]} for c in card.criteria]
    return pd.DataFrame(rows, columns=["Criterion", "Title", "Our evaluation", "Confidence", "Evidence RAG", "Check"])


CHECK_WORDS = {"over_claim": "More positive than the evidence", "under_claim": "More cautious than the evidence",
               "consistent": "Matches the evidence", "not_assessed": "Not yet evaluated"}


def sign_off(partners: tuple[str, ...]) -> pd.DataFrame:
    """A sign-off table for the partners (names and dates are written in by hand, in Word or on paper)."""
    names = partners or ("Local authority", "NHS integrated care board", "Parent carer forum")
    return pd.DataFrame([{"Partner": p, "Signed for the partner by (role)": "", "Date": ""} for p in names])


def gaps_table(card: Scorecard) -> pd.DataFrame:
    rows = [{"Severity": g.severity.capitalize(), "Type": g.type.replace("_", " "),
             "Criterion": g.criterion or "", "Annex A": g.annex_a or "", "Gap": g.description,
             "Next step": g.next_step} for g in card.gaps]
    return pd.DataFrame(rows, columns=["Severity", "Type", "Criterion", "Annex A", "Gap", "Next step"])


def action_plan(card: Scorecard, data: CouncilData) -> pd.DataFrame:
    overdue = set(card.actions.overdue)
    label = data.vocab.action_status.label
    rows = []
    for a in sorted(data.actions, key=lambda a: (a.ref not in overdue, a.due or data.params.as_of, a.ref)):
        rows.append({"Ref": a.ref, "Action": a.action, "Criteria": ", ".join(a.criteria),
                     "Lead": publishable_role(a.lead) if a.lead else "No lead",
                     "Due": a.due.isoformat() if a.due else "",
                     "Status": ("OVERDUE: " if a.ref in overdue else "") + label(a.status),
                     "Progress": a.progress})
    return pd.DataFrame(rows, columns=["Ref", "Action", "Criteria", "Lead", "Due", "Status", "Progress"])


def evidence_index(data: CouncilData) -> pd.DataFrame:
    label = data.vocab.readiness_status.label
    rows = [{"Id": e.id, "Title": e.title, "Annex A": e.annex_a or "", "Criteria": ", ".join(e.criteria),
             "Status": label(e.status), "Strength": e.strength, "Owner": publishable_role(e.owner),
             "Last reviewed": e.last_reviewed.isoformat()} for e in sorted(data.evidence, key=lambda e: e.id)]
    return pd.DataFrame(rows, columns=["Id", "Title", "Annex A", "Criteria", "Status", "Strength", "Owner",
                                       "Last reviewed"])


def comparator_name(name: str | None) -> str:
    return {"target": "Target", "statistical_neighbours": "Statistical neighbours", "national": "England",
            "england_catalogue": "England", "region": "Region"}.get(name or "", "")


def shown_value(value: float | None, unit: str) -> str:
    """A KPI value as published: small counts are suppressed so no child can be identified."""
    if value is None:
        return "not available"
    if unit == "count":
        return suppress_count(value)
    return fmt(value, unit)
