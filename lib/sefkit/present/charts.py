"""Altair charts for the SEF, rendered to static SVG (no JavaScript, works offline).

Every chart has a text alternative (its `description`, which Vega writes into
the SVG as an aria-label) and is always shown with its data table. Bars have a
dark outline so pale palette colours still meet 3:1 non-text contrast.
"""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from ..privacy import redact, suppressed
from ..scoring.card import KpiResult, Scorecard
from . import theme
from .svgchart import Panel, Style, SvgChart, small_multiples


def annex_status_chart(counts: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: Annex A items per readiness status (least ready first)."""
    total = int(counts["Items"].sum())
    alt_text = "Annex A items by readiness status: " + "; ".join(
        f"{row.Status} {row.Items}" for row in counts.itertuples()) + f" (of {total})."
    order = list(counts["Status"])
    base = alt.Chart(counts).encode(
        y=alt.Y("Status:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("Items:Q", title="Number of items", axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar(stroke="#1A1A1A", strokeWidth=1).encode(
        color=alt.Color("code:N", scale=alt.Scale(domain=list(counts["code"]), range=list(counts["colour"])),
                        legend=None))
    labels = base.mark_text(align="left", dx=4, color="#1A1A1A").encode(text="Items:Q")
    return (bars + labels).properties(width=360, height=26 * len(counts), description=alt_text,
                                      title="Annex A items by readiness status")


def kpi_long(card: Scorecard) -> pd.DataFrame:
    """KPI history in long form: one row per indicator, period and series."""
    rows = []
    for k in card.kpis:
        for h in k.history:
            for series, key in (("This area", "value"), ("England", "national"),
                                ("England (published)", "england_catalogue"),
                                ("Statistical neighbours", "statistical_neighbours"), ("Target", "target")):
                value = h.get(key)
                if suppressed(value, k.unit):
                    value = None  # not drawn: a point's height would give the suppressed count away
                if value is not None:
                    rows.append({"KPI": k.title, "Period end": pd.Timestamp(h["period_end"]), "Series": series,
                                 "Value": float(value)})
    df = pd.DataFrame(rows, columns=["KPI", "Period end", "Series", "Value"])
    # Prefer the council's own England column; show the catalogue's only where the council gave none.
    if not df.empty:
        own = df[df["Series"] == "England"][["KPI", "Period end"]].drop_duplicates()
        published = df["Series"] == "England (published)"
        clash = df[published].merge(own, on=["KPI", "Period end"], how="left", indicator=True)["_merge"] == "both"
        df = pd.concat([df[~published], df[published][~clash.values]]).replace({"England (published)": "England"})
    return df.sort_values(["KPI", "Series", "Period end"]).reset_index(drop=True)


# Dash patterns as well as colours, so the series are told apart without colour.
SERIES_STYLES = {name: Style(colour, dash) for name, colour, dash in zip(
    ("This area", "England", "Statistical neighbours", "Target"), theme.SERIES_COLOURS, ("", "6 3", "2 2", "8 2 2 2"))}


def kpi_trends_chart(card: Scorecard, kpis: list[KpiResult] | None = None, long: pd.DataFrame | None = None,
                     title: str = "KPIs over time against comparators") -> SvgChart | None:
    """Small multiples, one panel per KPI: this area against its comparators over time.

    Drawn as SVG by `svgchart` (not Vega-Lite: see there why)."""
    df = kpi_long(card) if long is None else long
    if kpis is not None:
        df = df[df["KPI"].isin([k.title for k in kpis])]
    if df.empty:
        return None
    titles = list(dict.fromkeys(df["KPI"]))
    alt_text = ("Line charts of " + str(len(titles)) + " KPIs over time, this area against England, statistical "
                "neighbours and targets where known. " + " ".join(kpi_alt(k) for k in card.kpis if k.title in titles))
    units = {k.title: k.unit for k in card.kpis}
    panels = []
    for kpi, rows in df.groupby("KPI", sort=False):
        series: dict[str, list] = {}
        for name, when, value in zip(rows["Series"], rows["Period end"], rows["Value"]):
            series.setdefault(name, []).append((when.date(), float(value)))
        panels.append(Panel(str(kpi), units.get(str(kpi), ""), series))
    return small_multiples(title, alt_text, panels, SERIES_STYLES)


def kpi_alt(k: KpiResult) -> str:
    if k.latest is None:
        return f"{k.title}: no value."
    from ..scoring.kpis import fmt

    text = f"{k.title}: latest {fmt(k.latest, k.unit)}"
    if k.comparator_value is not None:
        text += f" against {fmt(k.comparator_value, k.unit)}"
    if k.trend:
        text += f", {k.trend}"
    return text + "."


def readiness_over_time_chart(history: pd.DataFrame) -> alt.Chart | None:
    """Annex A readiness (% ready) at each earlier snapshot of the same council."""
    if history is None or len(history) < 2:
        return None
    alt_text = "Annex A readiness over time: " + "; ".join(
        f"{row['As of']}: {row['Ready %']:g}%" for _, row in history.iterrows()) + "."
    df = history.assign(**{"As of": pd.to_datetime(history["As of"])})
    return alt.Chart(df, description=alt_text, title="Annex A readiness over time").mark_line(
        point=True, color=theme.SERIES_COLOURS[0]).encode(
        x=alt.X("As of:T", title=None), y=alt.Y("Ready %:Q", scale=alt.Scale(domain=[0, 100]),
                                              title="% of Annex A items ready")).properties(width=420, height=160)


def to_svg(chart: alt.Chart | dict) -> str:
    """Static SVG through vl-convert (no browser, no network)."""
    import vl_convert as vlc

    theme.enable()
    return vlc.vegalite_to_svg(chart if isinstance(chart, dict) else chart.to_dict())


def alt_text(chart: alt.TopLevelMixin | SvgChart, default: str) -> str:
    if isinstance(chart, SvgChart):
        return chart.description
    return chart.to_dict(validate=False).get("description", default)


def figure_html(chart: alt.TopLevelMixin | SvgChart, caption: str, table_html: str) -> str:
    """An accessible figure: SVG marked as an image with its text alternative, then its data table (always shown)."""
    if isinstance(chart, SvgChart):
        svg, text = chart.markup, chart.description
    else:
        theme.enable()
        # Not validated against the Vega-Lite schema here (~15 ms a chart, every council): the builders are
        # fixed code, and the tests render each of them with validation on.
        spec = chart.to_dict(validate=False)
        svg, text = to_svg(spec), spec.get("description", caption)
    return (f'<figure class="sef-chart"><div role="img" aria-label="{html.escape(redact(text), quote=True)}">{svg}'
            f'</div><figcaption>{html.escape(caption)}</figcaption></figure>{table_html}')
