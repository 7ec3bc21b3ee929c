"""The board dashboard's HTML: one council at a glance, and every council side by side.

Plain, server-built HTML (no script), so the same markup is the page Voila shows before its widgets
load and the widget's content after: tiles with their change since the last snapshot (an arrow and a
word), Annex A readiness by status with the items behind each, the criteria grid whose links open each
criterion's detail (CSS `:target`: no round trip to the kernel, native keyboard and back-button
behaviour), KPIs in Sefton's shape with a trend chart each, gaps and actions (overdue first), readiness
over time and the inspection context.

Every figure is the scorecard's (the numbers `sef score --json` prints). Every text goes through the
published reports' boundary (`report.published`: identifiers removed; KPI counts of 1 to 4 shown as
"<5", and no trend point or change that would give one back).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from ..privacy import redact
from ..scoring.card import CriterionResult, Scorecard
from . import board, charts, narrative, tables
from .blocks import Block, Table
from .html import CSS as REPORT_CSS
from .html import bullet_list, esc
from .report import ReportContext, criterion_blocks, outcome_labels, to_html
from .svgchart import Panel, small_multiples
from .theme import rag_badge

RankBy = Literal["outcome", "ready", "red", "over", "overdue", "name"]
RANKINGS: dict[RankBy, str] = {
    "outcome": "Indicative outcome, most concern first",
    "ready": "Annex A ready %, lowest first",
    "red": "Criteria rated RED, most first",
    "over": "Evaluations more positive than the evidence, most first",
    "overdue": "Actions overdue, most first",
    "name": "Council name",
}

# The report's look (tables in scrolling regions, RAG badges, notices, figures), then the dashboard's own.
CSS = REPORT_CSS + """
.sef-board h2 { margin-top: 1.75rem; }
.sef-board .sef-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.75rem;
  list-style: none; padding: 0; margin: 0.75rem 0; }
.sef-board .sef-tile { border: 2px solid #1A1A1A; padding: 0.6rem 0.75rem; background: #FFFFFF; }
.sef-board .sef-tile h3 { font-size: 1rem; margin: 0 0 0.3rem; }
.sef-board .sef-tile .value { font-size: 1.6rem; font-weight: bold; margin: 0; }
.sef-board .sef-tile .change { margin: 0.3rem 0 0; }
.sef-board details { margin: 0.3rem 0; }
.sef-board summary { cursor: pointer; padding: 0.2rem 0; }
.sef-board a { color: #1A4F9C; }
.sef-board .sef-grid { list-style: none; padding: 0; display: grid; gap: 0.4rem;
  grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
.sef-board .sef-grid a { display: block; border: 1px solid #6E6E6E; padding: 0.4rem 0.6rem; text-decoration: none;
  color: #1A1A1A; min-height: 2.75rem; }
.sef-board .sef-grid a:hover { background: #F3F2F1; text-decoration: underline; }
.sef-board .sef-grid .crit-name { display: block; font-weight: bold; color: #1A4F9C; text-decoration: underline; }
.sef-board .sef-drill { display: none; border: 3px solid #1A1A1A; padding: 0 1rem 0.75rem; margin: 0.75rem 0; }
.sef-board .sef-drill:target { display: block; }
.sef-board .kpi-charts { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
/* The widget that holds the board is a flex item: without these, its widest table would set its width,
   and on a narrow screen the page would be cut off rather than only the tables scrolling. */
.sef-dashboard, .sef-live, .sef-live .widget-html-content { min-width: 0; max-width: 100%; }
.sef-live { box-sizing: border-box; }
/* Sent with the page, the board sits where it will be once the controls above it are drawn (measured in
   Chromium: one row of controls, two on a narrow screen), so it does not jump down when they arrive. */
.sef-prerender > .sef-board { padding-top: 42px; }
@media (max-width: 40rem) { .sef-prerender > .sef-board { padding-top: 74px; } }
"""


@dataclass(frozen=True)
class CompareRow:
    """One council in the compare view: the headline figures, as its scorecard gives them."""
    council: str
    name: str
    outcome: str              # outcome id, e.g. OUT-2
    outcome_label: str
    ready_pct: float
    red: int
    over: int
    overdue: int

    @classmethod
    def of(cls, card: Scorecard) -> CompareRow:
        return cls(card.council, card.name, card.indicative_outcome.outcome, card.indicative_outcome.label,
                   card.annex_a.ready_pct, sum(1 for c in card.criteria if c.rag == "red"),
                   sum(1 for c in card.criteria if c.check == "over_claim"), len(card.actions.overdue))


# -- one council ----------------------------------------------------------------------------------

def council_page(ctx: ReportContext, link: str = "") -> str:
    """The whole dashboard for one council, as HTML (published: nothing the report would not show). `link`
    is the query that shows it ("?council=ID"), for the page's address and a link to share."""
    kpi_rows = every_kpi(ctx)
    parts = [header(ctx, link), tiles(ctx), annex_section(ctx), criteria_section(ctx, kpi_rows),
             kpi_section(ctx, kpi_rows), gaps_section(ctx), readiness_section(ctx), inspection_section(ctx)]
    return (f'<div class="sef-report sef-board" data-council="{esc(ctx.card.council)}" '
            f'data-query="{esc(link.lstrip("?"))}">{"".join(parts)}</div>')


def header(ctx: ReportContext, link: str) -> str:
    card = ctx.card
    out = (f"<h2>{esc(card.name)}: where the partnership stands</h2>"
           f"<p>As at {card.as_of:%d %B %Y}, against {esc(card.framework_title)}.</p>"
           '<p class="notice">The RAG ratings and the indicative outcome are computed from the partnership\'s own '
           "recorded evidence by documented rules. They are not inspection outcomes.</p>")
    if link:
        out += f'<p><a href="{esc(link)}">Link to this council\'s dashboard</a> (to share or bookmark)</p>'
    return out


def _change(text: str) -> str:
    """'↑ up 6 points, better' with its arrow hidden from screen readers (the words say it)."""
    if text[:1] in "\u2191\u2193\u2192":
        return f'<span aria-hidden="true">{text[0]}</span>{esc(text[1:])}'
    return esc(text)


def tile(label: str, value: str, change: str) -> str:
    return (f'<li class="sef-tile"><h3>{esc(label)}</h3><p class="value">{esc(value)}</p>'
            f'<p class="change">{change}</p></li>')


def tiles(ctx: ReportContext) -> str:
    """The five headline figures, each with its change since the previous snapshot."""
    card = ctx.card
    before = board.last_snapshot(ctx.earlier)
    since = f" since {before.as_of:%d %b %Y}" if before else ""
    o = card.indicative_outcome
    if before is None or not before.outcome:
        moved = "No earlier snapshot to compare with"
    elif before.outcome == o.outcome:
        moved = f'<span aria-hidden="true">\u2192</span> no change{since}'
    else:
        moved = esc(f"Changed{since}: it was \u201c{outcome_labels(ctx)(before.outcome)}\u201d")
    out = [tile("Indicative outcome (not an inspection outcome)", o.label, moved)]
    for f in board.headline_figures(card, before)[:4]:
        if before is None:
            change = "No earlier snapshot to compare with"
        elif f.before is None:
            change = esc(f"Not recorded in the snapshot of {before.as_of:%d %b %Y}")
        else:
            change = _change(board.change_words(f)) + esc(since)
        out.append(tile(f.name, f"{f.now:g}{f.unit}", change))
    return f'<h2 id="headlines">Headline figures</h2><ul class="sef-tiles">{"".join(out)}</ul>'


def annex_section(ctx: ReportContext) -> str:
    """Items per readiness status, and the items behind each status one step away."""
    card = ctx.card
    counts = tables.annex_counts(card)
    items = tables.annex_items(card, ctx.data)
    out = [f"<h2>Annex A readiness</h2><p>{esc(narrative.readiness_sentence(card))}</p>",
           to_html([Table("Annex A items by readiness status", counts.drop(columns=["code", "colour"]))])]
    for status, n in zip(counts["Status"], counts["Items"]):
        if not n:
            continue
        rows = items[items["Status"] == status].drop(columns=["Status"])
        out.append(f"<details><summary>{esc(status)}: {narrative.plural(int(n), 'item')}</summary>"
                   f"{to_html([Table(f'Annex A items: {status}', rows)])}</details>")
    return "".join(out)


def criterion_link(c: CriterionResult) -> str:
    return (f'<li><a id="to-{esc(c.id)}" href="#c-{esc(c.id)}"><span class="crit-name">{esc(c.id)}: '
            f'{esc(c.title)}</span> {rag_badge(c.rag)} <span>{esc(tables.CHECK_WORDS[c.check])}</span></a></li>')


def criteria_section(ctx: ReportContext, kpi_rows: pd.DataFrame) -> str:
    """The grid of criteria (each a link named by its id and title) and each one's detail."""
    card, data = ctx.card, ctx.data
    out = ["<h2>Criteria</h2>", f"<p>{esc(narrative.criteria_sentence(card))} Choose a criterion to see why it is "
           "rated as it is: its reasons, the partnership's own evaluation, evidence, KPIs and actions.</p>"]
    for group, title in data.framework.groups:
        members = [c for c in card.criteria if c.group == group]
        if members:
            out.append(f'<h3>{esc(title)}</h3><ul class="sef-grid">{"".join(map(criterion_link, members))}</ul>')
    out += [drill_down(ctx, c, kpi_rows) for c in card.criteria]
    return "".join(out)


def drill_down(ctx: ReportContext, c: CriterionResult, kpi_rows: pd.DataFrame) -> str:
    """One criterion's detail: shown when its link is followed (the page's address ends #c-<id>)."""
    titles = {k.title for k in ctx.card.kpis if k.indicator in c.kpis or c.id in k.criteria}
    body = (to_html(criterion_blocks(ctx, c)[1:])            # the report's own blocks, without its heading
            + "<p><strong>Reasons:</strong> every reason the scoring rules give:</p>"
            + bullet_list([redact(r) for r in c.reasons]))
    if titles:
        body += to_html([Table(f"KPIs that inform {c.id}", kpi_rows[kpi_rows["KPI"].isin(titles)])])
    else:
        body += "<p><strong>KPIs:</strong> none informs this criterion.</p>"
    return (f'<section class="sef-drill" id="c-{esc(c.id)}" tabindex="-1" aria-labelledby="h-{esc(c.id)}">'
            f'<h3 id="h-{esc(c.id)}">{esc(c.id)}: {esc(c.title)} {rag_badge(c.rag)}</h3>{body}'
            f'<p><a href="#to-{esc(c.id)}">Back to the criteria</a></p></section>')


def every_kpi(ctx: ReportContext) -> pd.DataFrame:
    """Every KPI in Sefton's shape, RED first."""
    return tables.kpi_exceptions(ctx.card, ctx.data, rags=("red", "amber", "green", None))


def kpi_section(ctx: ReportContext, kpi_rows: pd.DataFrame) -> str:
    """Every KPI in Sefton's shape, RED first, then one trend chart per KPI with its data one step away."""
    card = ctx.card
    out = [f"<h2>Key performance indicators</h2><p>{esc(narrative.kpi_sentence(card))}</p>",
           to_html([Table("Every KPI, RED first: latest, change from the period before, England, statistical "
                          "neighbours and target", kpi_rows, empty="No KPIs recorded.")])]
    long = dict(iter(charts.kpi_long(card).groupby("KPI", sort=False)))
    series = dict(iter(tables.kpi_series(card).groupby("KPI", sort=False)))
    figures = []
    for k in card.kpis:
        if k.title not in long:
            continue
        drawn = charts.kpi_trends_chart(card, long=long[k.title], title="Over time, against comparators")
        if drawn is None:
            continue
        chart = replace(drawn, description=f"Line chart of {k.title} over time, this area against its comparators "
                                           f"where known. {charts.kpi_alt(k)}")
        data = series[k.title].drop(columns=["KPI"])
        figures.append(f"<div>{charts.figure_html(chart, f'{k.title} over time', '')}"
                       f"<details><summary>Data behind the chart: {esc(k.title)}</summary>"
                       f"{to_html([Table(f'{k.title} over time (data)', data)])}</details></div>")
    if figures:
        out.append(f'<h3>Trends</h3><div class="kpi-charts">{"".join(figures)}</div>')
    return "".join(out)


def gaps_section(ctx: ReportContext) -> str:
    gaps = tables.gaps_table(ctx.card)
    serious = gaps[gaps["Severity"] != "Low"]
    low = gaps[gaps["Severity"] == "Low"]
    blocks: list[Block] = [Table("Gaps of high and medium severity, most severe first", serious,
                                 empty="No gap of high or medium severity.")]
    out = "<h2>Gaps and actions</h2>" + to_html(blocks)
    if len(low):
        out += (f"<details><summary>{narrative.plural(len(low), 'gap')} of low severity</summary>"
                + to_html([Table("Gaps of low severity", low)]) + "</details>")
    out += (f"<h3>Action tracker</h3><p>{esc(narrative.actions_sentence(ctx.card))}</p>"
            + to_html([Table("Actions, overdue first", tables.action_plan(ctx.card, ctx.data),
                             empty="No actions recorded.")]))
    return out


def readiness_chart(history: pd.DataFrame) -> str:
    """Annex A readiness at each snapshot, drawn as SVG in the kernel (no JavaScript), with its data."""
    table = to_html([Table("Annex A readiness over time (data)", history)])
    if len(history) < 2:
        return table
    points = [(pd.Timestamp(d).date(), float(v)) for d, v in zip(history["As of"], history["Ready %"])]
    text = "Annex A readiness over time: " + "; ".join(f"{d:%d %b %Y} {v:g}%" for d, v in points) + "."
    chart = small_multiples("Readiness over time", text,
                            [Panel("Annex A items ready (%)", "pct", {"This area": points})], charts.SERIES_STYLES)
    return charts.figure_html(chart, "Annex A readiness over time", "") + table


def readiness_section(ctx: ReportContext) -> str:
    history = ctx.history
    if len(history) < 2:
        note = (f"<p>No earlier snapshot of this council's readiness yet: each SEF report records one (in "
                f"sef/{esc(ctx.card.council)}/snapshots.csv), so the trend shows from the next report.</p>")
        return "<h2>Readiness over time</h2>" + note + readiness_chart(history)
    return "<h2>Readiness over time</h2>" + readiness_chart(history)


def inspection_section(ctx: ReportContext) -> str:
    sentences = narrative.inspection_sentences(ctx.card)
    if not sentences:
        return "<h2>Inspection context</h2><p>No inspection information is recorded for this area.</p>"
    return ("<h2>Inspection context</h2>" + "".join(f"<p>{esc(redact(s))}</p>" for s in sentences)
            + to_html([Table("The statistical neighbours' area SEND outcomes", tables.inspection_context(ctx.card),
                             empty="No neighbours recorded.")]))


# -- every council ---------------------------------------------------------------------------------

def _outcome_rank(outcome: str) -> int:
    """OUT-3 (most concern) first; an outcome id without a number last."""
    digits = "".join(ch for ch in outcome if ch.isdigit())
    return -int(digits) if digits else 0


SORT_KEYS: dict[RankBy, Callable[[CompareRow], tuple]] = {
    "outcome": lambda r: (_outcome_rank(r.outcome), r.ready_pct, r.name),
    "ready": lambda r: (r.ready_pct, r.name),
    "red": lambda r: (-r.red, r.ready_pct, r.name),
    "over": lambda r: (-r.over, r.name),
    "overdue": lambda r: (-r.overdue, r.name),
    "name": lambda r: (r.name.casefold(),),
}


def ranked(rows: Sequence[CompareRow], by: RankBy) -> list[CompareRow]:
    return sorted(rows, key=SORT_KEYS[by])


COMPARE_COLUMNS = ("Rank", "Council", "Indicative outcome", "Annex A ready %", "RED criteria",
                   "More positive than the evidence", "Actions overdue")


def compare_page(rows: Sequence[CompareRow], by: RankBy, link: Callable[[str], str], query: str = "") -> str:
    """Every council in the workspace side by side, ranked; each name links to that council's dashboard."""
    caption = f"All {len(rows)} councils. Ranked by: {RANKINGS[by]}"
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in COMPARE_COLUMNS)
    body = "".join(
        f'<tr><td>{i}</td><th scope="row"><a href="{esc(link(r.council))}">{esc(r.name)}</a></th>'
        f"<td>{esc(r.outcome_label)}</td><td>{r.ready_pct:g}%</td><td>{r.red}</td><td>{r.over}</td>"
        f"<td>{r.overdue}</td></tr>" for i, r in enumerate(ranked(rows, by), start=1))
    return (f'<div class="sef-report sef-board" data-view="compare" data-query="{esc(query.lstrip("?"))}">'
            '<h2>Every council side by side</h2>'
            '<p class="notice">Indicative outcomes and RAG counts are computed from each partnership\'s own '
            "recorded evidence by documented rules. They are not inspection outcomes.</p>"
            f'<div class="table-region" role="region" aria-label="{esc(caption)}" tabindex="0"><table>'
            f"<caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
            "</div>")
