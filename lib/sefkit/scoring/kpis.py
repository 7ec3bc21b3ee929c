"""KPI RAG and trend, polarity-aware, against the first comparator the data has.

Comparator order (rules: kpis.comparator_order): the council's own target, its
statistical neighbours, England from its own rows, then the catalogue's England
series for the same year. Worse than the comparator within the unit's tolerance
is amber; beyond it, red; at or better, green.
"""

from __future__ import annotations

from typing import Any, cast

from ..framework import KpiDef
from ..model import KpiRow
from ..privacy import SUPPRESSED, suppressed
from ..rules import Rules
from ..vocab import Rag
from .card import KpiResult, Trend

COMPARATOR_NAMES = {
    "target": "target",
    "statistical_neighbours": "statistical neighbours",
    "region": "region",
    "national": "England",
    "england_catalogue": "England",
}
UNIT_SUFFIX = {"pct": "%", "weeks": " weeks", "days": " days", "per_100": " per 100", "ratio": "", "count": "",
               "score": "", "gbp": ""}


def fmt(value: float, unit: str) -> str:
    """A KPI value in words. Small counts (1 to 4) are written "<5" wherever they appear (reasons, gaps,
    narrative, text alternatives), since any of them may be published and could identify a child."""
    if suppressed(value, unit):
        return SUPPRESSED
    if unit == "count" or unit == "gbp":
        text = f"{value:,.0f}"
        return f"£{text}" if unit == "gbp" else text
    return f"{value:g}{UNIT_SUFFIX.get(unit, '')}"


def tolerance(kdef: KpiDef, comparator: float, rules: Rules) -> float:
    if kdef.tolerance is not None:
        return kdef.tolerance
    tol = rules.kpis.tolerance
    if kdef.unit in tol:
        return float(tol[kdef.unit])
    relative = tol.get("count_relative" if kdef.unit == "count" else "default_relative", 0.05)
    return abs(comparator) * float(relative)


PUBLISHED = {"statistical_neighbours": "neighbours_mean", "national": "england", "region": "region"}


def _comparator(kdef: KpiDef, latest: KpiRow, rules: Rules, published: dict[str, Any] | None
                ) -> tuple[str | None, float | None, str]:
    """The first comparator with a value: the council's own row, else the published reference data."""
    for name in rules.kpis.comparator_order:
        if name == "england_catalogue":
            ev = kdef.england_for_year(latest.period_end.year)
            if ev is not None:
                return name, ev.value, f"England {ev.label}"
            continue
        value = getattr(latest, name, None)
        if value is None and published and name in PUBLISHED:
            value = published.get(PUBLISHED[name])
        if value is not None:
            return name, value, COMPARATOR_NAMES.get(name, name)
    return None, None, ""


def rate(kdef: KpiDef, value: float, comparator: float, rules: Rules) -> Rag:
    """RAG of value against comparator; monotone: a worse value never gets a better RAG."""
    sign = -1.0 if kdef.polarity == "lower_is_better" else 1.0
    diff = (value - comparator) * sign
    if diff >= 0:
        return "green"
    return "amber" if -diff <= tolerance(kdef, comparator, rules) else "red"


def evaluate_kpi(kdef: KpiDef, rows: list[KpiRow], rules: Rules,
                 published: dict[str, dict[str, Any]] | None = None) -> KpiResult:
    """published: {period_end ISO: {england, region, neighbours_mean, rank, of, quartile}} for real authorities."""
    rows = sorted(rows, key=lambda r: r.period_end)
    with_values = [r for r in rows if r.value is not None]
    england = {v.period_end.year: v.value for v in kdef.england}
    history = tuple({"period_end": r.period_end, "value": r.value, "national": r.national,
                     "statistical_neighbours": r.statistical_neighbours, "target": r.target,
                     "england_catalogue": england.get(r.period_end.year)}
                    for r in rows)
    base: dict[str, Any] = dict(indicator=kdef.id, title=kdef.title, unit=kdef.unit, polarity=kdef.polarity,
                criteria=kdef.criteria, history=history)
    if not with_values:
        return KpiResult(latest=None, period_end=rows[-1].period_end if rows else None, comparator=None,
                         comparator_value=None, rag=None, trend=None,
                         reasons=("no value recorded yet",), **base)
    latest = with_values[-1]
    value = cast(float, latest.value)          # with_values holds only rows with a value
    period = (published or {}).get(latest.period_end.isoformat(), {})
    base.update(england=latest.national if latest.national is not None else period.get("england"),
                region=latest.region if latest.region is not None else period.get("region"),
                neighbours_mean=(latest.statistical_neighbours if latest.statistical_neighbours is not None
                                 else period.get("neighbours_mean")),
                rank=period.get("rank"), rank_of=period.get("of"), quartile=period.get("quartile"))
    reasons: list[str] = []
    trend = _trend(kdef, with_values, rules, reasons)
    if kdef.polarity == "neutral":
        return KpiResult(latest=latest.value, period_end=latest.period_end, comparator=None,
                         comparator_value=None, rag=None, trend=trend,
                         reasons=("context indicator: not rated",) + tuple(reasons), **base)
    name, comp, label = _comparator(kdef, latest, rules, period)
    if name is None or comp is None:
        return KpiResult(latest=latest.value, period_end=latest.period_end, comparator=None, comparator_value=None,
                         rag=None, trend=trend, reasons=("no comparator for this period: add a target, "
                                                         "statistical neighbours or England value",)
                         + tuple(reasons), **base)
    rag = rate(kdef, value, comp, rules)
    reasons.insert(0, comparison_reason(kdef, value, comp, rag, label, latest.period_end.isoformat(), rules))
    if base.get("rank") and not suppressed(value, kdef.unit):
        # A rank among published values would narrow a suppressed count down to a few candidates.
        reasons.append(f"ranked {base['rank']} of {base['rank_of']} authorities (quartile {base['quartile']}, "
                       "1 = best)")
    return KpiResult(latest=latest.value, period_end=latest.period_end, comparator=name, comparator_value=comp,
                     rag=rag, trend=trend, reasons=tuple(reasons), **base)


def comparison_reason(kdef: KpiDef, value: float, comp: float, rag: Rag, label: str, period: str,
                      rules: Rules) -> str:
    """Why a KPI has its RAG: "52 weeks (2024-12-31) is worse by 12 weeks than target 40 weeks (tolerance
    15)". Secondary suppression: where either side is a suppressed count, neither the difference nor a
    tolerance worked out from the comparator is given, since with the other side shown either would give
    the hidden value back ("<5 is worse by 5,997 than target 6,000" is 3)."""
    hidden = suppressed(value, kdef.unit) or suppressed(comp, kdef.unit)
    if rag == "green":
        verdict = "at or better than"
    elif hidden:
        verdict = "worse than"
    else:
        verdict = f"worse by {_difference(abs(value - comp), kdef.unit)} than"
    text = f"{fmt(value, kdef.unit)} ({period}) is {verdict} {label} {fmt(comp, kdef.unit)}"
    if rag == "amber" and not hidden:
        text += f" (tolerance {tolerance(kdef, comp, rules):g})"
    return text


def _difference(gap: float, unit: str) -> str:
    """The difference between two shown values: percentage points for percentages, else in the KPI's
    unit. Not itself a count of children (both sides are published), so a small one is written as it is."""
    if unit in ("pct", "per_100", "ratio"):
        return f"{gap:.2f}".rstrip("0").rstrip(".") + (" points" if unit == "pct" else "")
    return fmt(gap, unit) if unit != "count" else f"{gap:,.0f}"


def _trend(kdef: KpiDef, rows: list[KpiRow], rules: Rules, reasons: list[str]) -> Trend | None:
    window = rows[-rules.kpis.trend_periods:]
    if len(window) < 2:
        reasons.append("trend: only one period recorded")
        return None
    first, last = cast(float, window[0].value), cast(float, window[-1].value)   # rows with values only
    change = last - first
    trend: Trend
    half_tol = tolerance(kdef, first, rules) / 2
    if kdef.polarity == "neutral":
        trend = "stable" if abs(change) <= half_tol else ("rising" if change > 0 else "falling")
    else:
        better = change * (-1.0 if kdef.polarity == "lower_is_better" else 1.0)
        trend = "stable" if abs(better) <= half_tol else ("improving" if better > 0 else "declining")
    reasons.append(f"trend {trend}: {fmt(first, kdef.unit)} to {fmt(last, kdef.unit)} over {len(window)} periods")
    return trend
