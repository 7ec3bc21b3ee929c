"""The SEF report's sections, built from the scorecard.

Each section is a list of blocks (headings, paragraphs, tables, charts). The
notebook displays them as accessible HTML, and the Word export writes the same
blocks, so the HTML, PDF and DOCX say the same thing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..model import DEFAULT_REPORT_TITLE, CouncilData
from ..privacy import identifiers_in, redact
from ..scoring import Scorecard, score
from ..workspace import Workspace
from ..workspace.report_settings import logo_type
from ..workspace.snapshots import History, readiness_history
from . import board, charts, evaluation, narrative, tables
from .blocks import Block, Bullets, Chart, Contents, Heading, Image, PageBreak, Paragraph, Table
from .handover import SCORECARD_MIME, WORD_MIME
from .html import CSS, bullet_list, heading, image_html, labelled, table_html, wrap
from .theme import rag_word

# -- context ------------------------------------------------------------------------------

@dataclass
class ReportContext:
    data: CouncilData
    card: Scorecard
    earlier: History = field(default_factory=lambda: History((), ()))
    built: dict[str, list[Block]] = field(default_factory=dict, repr=False)   # sections, once built

    @property
    def history(self) -> pd.DataFrame:
        """Annex A readiness at each earlier snapshot and now, oldest first."""
        rows = [{"As of": s.as_of.isoformat(), "Ready %": s.ready_pct} for s in self.earlier.snapshots]
        rows.append({"As of": self.card.as_of.isoformat(), "Ready %": self.card.annex_a.ready_pct})
        return pd.DataFrame(rows)


def load_context(council: str, workspace: str | Path | None = None, as_of: str | dt.date | None = None,
                 today: dt.date | None = None, reports: str | Path | None = None) -> ReportContext:
    """Read, validate and score one council (raises InputError with every problem). Earlier readiness
    comes from the council's snapshots in the workspace and from reports in `reports` (if given)."""
    ws = Workspace(workspace)
    when = dt.date.fromisoformat(as_of) if isinstance(as_of, str) and as_of else as_of or None
    data = ws.load_or_raise(council, today or dt.date.today(), when)
    card = score(data, ws.rules)
    earlier = readiness_history(ws.files(council), card.as_of, [Path(reports)] if reports else [])
    return ReportContext(data=data, card=card, earlier=earlier)


# -- sections -----------------------------------------------------------------------------

def _section(build: Callable[[ReportContext], list[Block]]) -> Callable[[ReportContext], list[Block]]:
    """A section built once per council: the notebook shows it, and the Word document reuses it."""
    @functools.wraps(build)
    def section(ctx: ReportContext) -> list[Block]:
        if build.__name__ not in ctx.built:
            ctx.built[build.__name__] = build(ctx)
        return list(ctx.built[build.__name__])
    return section


# The area's published figures shown in the context section (framework KPI ids), where the council has them.
AREA_FIGURES = ("pupils_ehcp_pct", "pupils_sen_support_pct", "ehcna_requests", "ehcp_20wk", "tribunal_appeal_rate")


def document_title(ctx: ReportContext) -> str:
    return f"{ctx.card.name}: {ctx.data.params.report.title or DEFAULT_REPORT_TITLE}"


def _logo(ctx: ReportContext) -> list[Block]:
    path = ctx.data.params.report.logo
    if path is None or not path.is_file():
        return []
    data = path.read_bytes()
    mime = logo_type(data[:8])
    return [Image(data, mime, alt=f"{ctx.card.name} logo")] if mime else []


@_section
def cover(ctx: ReportContext) -> list[Block]:
    """The title and the one-page board summary: page 1 of the PDF and the Word document."""
    card, settings = ctx.card, ctx.data.params.report
    prepared = f"Prepared for the {settings.board}" if settings.board else "Prepared for the partnership board"
    before = board.last_snapshot(ctx.earlier)
    blocks: list[Block] = [
        *_logo(ctx), Heading(1, document_title(ctx)),
        Paragraph(f"Self-evaluation against {card.framework_title}, as at {card.as_of:%d %B %Y}. {prepared}."),
        Heading(2, "Board summary"),
        Paragraph(board.where_we_stand(card), label="Where we stand:"),
    ]
    moved = board.outcome_change(card, ctx.earlier, outcome_labels(ctx))
    if moved:
        blocks.append(Paragraph(moved))
    blocks.append(Table("Headline figures" + (f", with the change since the last report ({before.as_of:%d %B %Y})"
                                              if before else " (the first report: changes show from the next)"),
                        board.figures_table(card, ctx.earlier)))
    changes = board.things_to_change(card, kpi_titles(ctx))
    blocks += [Heading(3, "What most needs to change"),
               Bullets(tuple(changes)) if changes else Paragraph("The evidence shows no serious gap."),
               Heading(3, "The board is asked to"), Bullets(tuple(board.board_asks(card))),
               PageBreak(), Contents()]
    return blocks


def outcome_labels(ctx: ReportContext) -> Callable[[str], str]:
    """An outcome id's label in the council's framework ("OUT-2" -> "Inconsistent")."""
    labels = {o.id: o.label for o in ctx.data.framework.outcomes}
    return lambda outcome: labels.get(outcome, outcome)


def kpi_titles(ctx: ReportContext) -> Callable[[str], str]:
    """A KPI id's title, as the scorecard gives it."""
    titles = {k.indicator: k.title for k in ctx.card.kpis}
    return lambda kpi: titles.get(kpi, kpi)


@_section
def context(ctx: ReportContext) -> list[Block]:
    """Who the partnership is, who the report goes to, the area's published figures, the last inspection."""
    card, settings = ctx.card, ctx.data.params.report
    partners = narrative.join_words(list(settings.partners)) if settings.partners else "the local area partnership"
    goes_to = f" It goes to the {settings.board}." if settings.board else ""
    blocks: list[Block] = [
        Heading(2, "Context and governance"),
        Paragraph(f"This self-evaluation is made jointly by {partners}.{goes_to} It follows the framework's "
                  f"criteria and uses its language: we evaluate, and the framework's outcomes are what our "
                  f"evidence is read against."),
        Paragraph("RAG ratings and the indicative outcome in this report are computed from our own recorded "
                  "evidence by documented rules (sef/scoring.yaml). They are not inspection outcomes.", notice=True),
        Table("Sign-off by the partners", tables.sign_off(settings.partners)),
        Heading(3, "The area in figures"),
        Table("The area's figures against England and statistical neighbours", tables.area_figures(card, AREA_FIGURES),
              empty="No published figures are recorded for this area yet."),
    ]
    inspection = narrative.inspection_sentences(card)
    if inspection:
        blocks += [Heading(3, "Inspection context"), Bullets(tuple(inspection)),
                   Table("Statistical neighbours' published area SEND outcomes", tables.inspection_context(card),
                         empty="No neighbour has been inspected under this framework.")]
    return blocks


@_section
def criteria(ctx: ReportContext) -> list[Block]:
    """The partnership's own evaluation of each criterion, grouped as the framework groups them, each
    followed by one short block on what the evidence shows."""
    card, data = ctx.card, ctx.data
    blocks: list[Block] = [Heading(2, "Our self-evaluation by criterion"),
                           Paragraph(narrative.criteria_sentence(card)),
                           Table("Every criterion: our evaluation and what the evidence shows",
                                 tables.criteria_overview(card, data))]
    for group, title in data.framework.groups:
        members = [c for c in card.criteria if c.group == group]
        if members:
            blocks.append(Heading(3, title))
            for c in members:
                blocks += criterion_blocks(ctx, c)
    return blocks


def criterion_blocks(ctx: ReportContext, c) -> list[Block]:
    card, data = ctx.card, ctx.data
    a = data.assessments.get(c.id)
    if a is not None and c.check == "not_assessed" and not (a.strengths or a.areas_for_development or a.next_steps):
        a = None         # an entry with nothing in it yet (as `sef init` writes one) is as silent as none
    blocks: list[Block] = [Heading(4, f"{c.id}: {c.title}")]
    if a is None:
        blocks.append(Paragraph("The partnership has not evaluated this criterion yet: there are no strengths, "
                                "areas for development or next steps recorded for it.", label="Our evaluation:"))
    else:
        blocks += [Paragraph(evaluation.our_evaluation(c, data), label="Our evaluation:"),
                   Paragraph(a.strengths or "None recorded.", label="Strengths:", own=bool(a.strengths)),
                   Paragraph(a.areas_for_development or "None recorded.", label="Areas for development:",
                             own=bool(a.areas_for_development))]
    evidence = evaluation.linked_evidence(c, data)
    blocks += [Paragraph("" if evidence else "None linked.", label="Impact evidence:")]
    if evidence:
        blocks.append(Bullets(tuple(evidence)))
    actions = evaluation.linked_actions(c, card, data)
    steps = a.next_steps if a is not None else ""
    blocks.append(Paragraph(steps or ("Linked actions in the plan:" if actions else "None recorded, and no open "
                                      "action in the plan addresses this criterion."),
                            label="Next steps:", own=bool(steps)))
    if actions:
        blocks.append(Bullets(tuple(actions)))
    blocks += [Paragraph(f"{rag_word(c.rag)}. {evaluation.check_sentence(c)}", label="What the evidence shows:"),
               Bullets(tuple(evaluation.short_reasons(c, card)))]
    return blocks


@_section
def annex_a(ctx: ReportContext) -> list[Block]:
    counts = tables.annex_counts(ctx.card)
    shown = counts.drop(columns=["code", "colour"])
    return [Heading(2, "Annex A readiness"), Paragraph(narrative.readiness_sentence(ctx.card)),
            Chart("Annex A items by readiness status", charts.annex_status_chart(counts),
                  Table("Annex A items by readiness status (data)", shown)),
            Table("Annex A items not yet ready, least ready first (the full tracker is in the appendix)",
                  tables.annex_items(ctx.card, ctx.data, not_ready_only=True), empty="Every item is ready.")]


@_section
def kpis(ctx: ReportContext) -> list[Block]:
    card = ctx.card
    return [Heading(2, "Key performance indicators"), Paragraph(narrative.kpi_sentence(card)),
            Table("KPI exceptions: RED and AMBER indicators, RED first (every KPI's data is in the appendix)",
                  tables.kpi_exceptions(card, ctx.data), empty="No KPI is RED or AMBER.")]


@_section
def gaps_and_actions(ctx: ReportContext) -> list[Block]:
    gaps = tables.gaps_table(ctx.card)
    serious = gaps[gaps["Severity"] != "Low"]
    later = len(gaps) - len(serious)
    blocks: list[Block] = [Heading(2, "Gaps and the action plan"),
                           Table("Gaps of high and medium severity, most severe first", serious,
                                 empty="No gap of high or medium severity.")]
    if later:
        blocks.append(Paragraph(f"{narrative.plural(later, 'gap')} of low severity {'is' if later == 1 else 'are'} "
                                "listed in the appendix."))
    blocks += [Heading(3, "Action plan"), Paragraph(narrative.actions_sentence(ctx.card)),
               Table("Actions, overdue first", tables.action_plan(ctx.card, ctx.data), empty="No actions recorded.")]
    return blocks


@_section
def history(ctx: ReportContext) -> list[Block]:
    chart = charts.readiness_over_time_chart(ctx.history)
    if chart is None:
        return [Heading(2, "Readiness over time"),
                Paragraph("No earlier snapshot of this council's readiness was found. Each report records one "
                          f"(in the workspace's sef/{ctx.card.council}/snapshots.csv), so the next report will "
                          "show the trend.")]
    sources = narrative.join_words([f"{where} ({narrative.plural(n, 'snapshot')})"
                                    for where, n in ctx.earlier.sources])
    return [Heading(2, "Readiness over time"),
            Paragraph(f"Earlier readiness comes from {sources}."),
            Chart("Annex A readiness over time", chart, Table("Annex A readiness over time (data)", ctx.history))]


@_section
def appendix(ctx: ReportContext) -> list[Block]:
    """The long material: every KPI's data series, the Annex A tracker, the evidence library, the full
    reasons and the gaps of low severity."""
    card, data = ctx.card, ctx.data
    blocks: list[Block] = [PageBreak(), Heading(2, "Appendix A: KPI data"),
                           Table("Every KPI, RED first", tables.kpi_summary(card), empty="No KPIs recorded.")]
    long = charts.kpi_long(card)
    chart = charts.kpi_trends_chart(card, long=long)
    if chart is not None:
        blocks.append(Chart("KPIs over time against comparators", chart,
                            Table("KPIs over time (data)", tables.kpi_series(card))))
    gaps = tables.gaps_table(card)
    blocks += [Heading(2, "Appendix B: Annex A tracker"),
               Table("Every Annex A item, least ready first", tables.annex_items(card, data)),
               Heading(2, "Appendix C: Evidence library index"),
               Table("Evidence library", tables.evidence_index(data), empty="The evidence library is empty."),
               Heading(2, "Appendix D: Full reasons for each criterion"),
               Table("Every reason the scoring rules give, by criterion", tables.criteria_grid(card, data)),
               Table("Self-assessment check, over-claims first", tables.self_assessment_check(card, data)),
               Heading(2, "Appendix E: Gaps of low severity"),
               Table("Gaps of low severity", gaps[gaps["Severity"] == "Low"], empty="None.")]
    return blocks


# The notebook's earlier section names, kept for workspaces with their own copy of the notebook.
summary = cover
SECTIONS = (cover, context, criteria, annex_a, kpis, gaps_and_actions, history, appendix)


def all_blocks(ctx: ReportContext) -> list[Block]:
    return [block for section in SECTIONS for block in section(ctx)]


# -- HTML ---------------------------------------------------------------------------------

def published(blocks: list[Block]) -> list[Block]:
    """The blocks with personal identifiers (emails, phone, NHS and pupil numbers, names after a title or
    in brackets after a role, paths of this machine) removed from every text and table cell: the step
    every report format (HTML, PDF, Word) goes through, so text that reaches a report by any route (an
    action's ref inside a gap's description, say) is covered. The data files go through the same
    `privacy.redact` (present.published)."""
    def cells(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.map(lambda v: redact(v) if isinstance(v, str) else v)

    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Heading):
            b = replace(b, text=redact(b.text))
        elif isinstance(b, Paragraph):
            b = replace(b, text=redact(b.text), label=redact(b.label))
        elif isinstance(b, Bullets):
            b = Bullets(tuple(redact(item) for item in b.items))
        elif isinstance(b, Table):
            b = replace(b, frame=cells(b.frame))
        elif isinstance(b, Chart):
            b = replace(b, table=replace(b.table, frame=cells(b.table.frame)))
        out.append(b)
    return out


def to_html(blocks: list[Block]) -> str:
    blocks = published(blocks)
    parts = []
    for b in blocks:
        if isinstance(b, Heading):
            parts.append(heading(b.level, b.text))
        elif isinstance(b, Paragraph):
            css = "notice" if b.notice else ("own" if b.own else "")
            parts.append(labelled(b.label, b.text, css))
        elif isinstance(b, Image):
            parts.append(image_html(b.data, b.mime, b.alt, b.height_mm))
        elif isinstance(b, PageBreak):
            parts.append('<div class="page-break"></div>')
        elif isinstance(b, Bullets):
            parts.append(bullet_list(list(b.items)))
        elif isinstance(b, Table):
            parts.append(table_html(b.frame, b.caption, empty=b.empty))
        elif isinstance(b, Chart):
            parts.append(charts.figure_html(b.chart, b.caption, table_html(b.table.frame, b.table.caption)))
    return "".join(parts)


def check_publishable(blocks: list[Block]) -> list[str]:
    """Personal identifiers that would leak into a published report (should be none): what is left
    after `published`, the step every format goes through."""
    found = []
    for b in published(blocks):
        texts = [getattr(b, "text", ""), getattr(b, "caption", "")] + list(getattr(b, "items", ()))
        if isinstance(b, Chart):
            texts.append(b.alt_text)
        if isinstance(b, (Table, Chart)):
            frame = b.frame if isinstance(b, Table) else b.table.frame
            texts += [str(v) for v in frame.astype(str).to_numpy().ravel()]
        for text in texts:
            found += identifiers_in(text)
    return sorted(set(found))


def publish_scorecard(ctx: ReportContext) -> None:
    """Hand the scorecard to `sef report` as a notebook output (not shown in the report itself). The
    published version (present.published): the executed notebook is itself a published file."""
    from IPython.display import display

    from .published import published_card

    card = published_card(ctx.card.to_dict())
    display({SCORECARD_MIME: card, "text/plain": f"scorecard for {ctx.card.council}"}, raw=True)


def word_title(ctx: ReportContext) -> str:
    """The Word and PDF document's title: '<partnership>: <report title> (31 October 2025)'."""
    return f"{document_title(ctx)} ({ctx.card.as_of:%d %B %Y})"


def publish_word(ctx: ReportContext, wanted: bool = True) -> None:
    """Hand the report as a Word document to `sef report` (when it asks for one) as a notebook output, so
    the batch need not load and score the council a second time. Not shown in the report, nor published
    with the notebook."""
    if not wanted:
        return
    import base64

    from IPython.display import display

    from ..publish.docx import to_docx

    data = to_docx(all_blocks(ctx), word_title(ctx))
    display({WORD_MIME: base64.b64encode(data).decode("ascii"), "text/plain": f"Word report for {ctx.card.council}"},
            raw=True)


def show(section) -> None:
    """Display one section in a notebook (used by notebooks/sef_report.ipynb)."""
    from IPython.display import HTML, display

    display(HTML(wrap(to_html(section))))


def style() -> None:
    from IPython.display import HTML, display

    display(HTML(f"<style>{CSS}</style>"))
