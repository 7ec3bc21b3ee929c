"""Narrative sentences, tables and chart builders of the SEF report."""

from __future__ import annotations

import datetime as dt

from builders import build_workspace, evidence_row
from sefkit.present import charts, narrative, report, tables

TODAY = dt.date(2026, 1, 15)


def context(tmp_path, **kwargs):
    root = build_workspace(tmp_path / "ws", **kwargs)
    return report.load_context("alpha", root, today=TODAY)


def test_where_we_stand_is_one_sentence_always_labelled_indicative(tmp_path):
    from sefkit.present import board

    ctx = context(tmp_path)
    text = board.where_we_stand(ctx.card)
    assert text.startswith("On our own evidence at 31 October 2025, the partnership's self-evaluation points to")
    assert "not an inspection outcome" in text and "judge" not in text
    assert f"\u201c{ctx.card.indicative_outcome.label}\u201d" in text and text.count(". ") == 0


def test_readiness_sentence_counts(tmp_path):
    ctx = context(tmp_path, evidence=[evidence_row("EV-1", annex="A-1", status="complete_needs_update"),
                                      evidence_row("EV-2", annex="A-2", status="high_risk", reviewed="2024-01-01")])
    text = narrative.readiness_sentence(ctx.card)
    assert text == ("1 of 2 Annex A items are ready (50%): 1 complete but an update required once the call comes. "
                    "Of the rest, 1 high risk. 1 item rests on evidence not reviewed in the last 6 months.")


def test_over_claims_are_named_first(tmp_path):
    ctx = context(tmp_path, kpis=[], evidence=[evidence_row("EV-1", criteria="C-1", strength=1)],
                  self_assessment="C-1:\n  judgement: positive\n  evidence: [EV-1]\n")
    from sefkit.present import evaluation

    c1 = next(c for c in ctx.card.criteria if c.id == "C-1")
    assert evaluation.check_sentence(c1) == ("Our evaluation (typically positive experiences and outcomes) is more "
                                             "positive than the evidence supports (RED).")
    overview = tables.criteria_overview(ctx.card, ctx.data).set_index("Criterion")["Check"]
    assert (overview["C-1"], overview["C-2"], overview["L-1"]) == ("More positive than the evidence",
                                                                    "Not yet evaluated", "Not yet evaluated")
    check = tables.self_assessment_check(ctx.card, ctx.data)
    assert check.iloc[0]["Criterion"] == "C-1" and check.iloc[0]["Check"] == "Over claim"


def test_actions_sentence_and_plan_put_overdue_first(tmp_path):
    actions = [["A1", "Later", "C-1", "Head of SEND", "2026-03-31", "in_progress", "", ""],
               ["A2", "Late", "C-1", "", "2025-06-30", "delayed", "", ""]]
    ctx = context(tmp_path, actions=actions)
    assert narrative.actions_sentence(ctx.card) == ("The action plan has 2 actions: 0 complete or embedded, "
                                                    "1 overdue (A2). 1 open action has no lead.")
    plan = tables.action_plan(ctx.card, ctx.data)
    assert list(plan["Ref"]) == ["A2", "A1"]
    assert plan.iloc[0]["Status"] == "OVERDUE: Delayed / at risk" and plan.iloc[0]["Lead"] == "No lead"


def test_kpi_exceptions_are_in_the_exception_report_shape_red_first(tmp_path):
    """Latest, period, change from the period before as an arrow and its word, England, neighbours,
    target, RAG as a word and the open actions: the shape councils' exception reports use."""
    ctx = context(tmp_path, kpis=[["wait", "2024-03-31", "52", "", "40", "", "18"],
                                  ["wait", "2024-12-31", "60", "", "", "", "18"],
                                  ["timely", "2024-12-31", "60", "", "46.4", "", ""]])
    ex = tables.kpi_exceptions(ctx.card, ctx.data)
    assert list(ex.columns) == ["KPI", "Latest", "Period", "Change", "England", "Neighbours", "Target", "RAG",
                                "Actions"]
    assert list(ex["KPI"]) == ["Longest wait (weeks)"]
    row = ex.iloc[0]
    assert (row["Latest"], row["Period"], row["Change"], row["Target"], row["RAG"], row["Actions"]) == (
        "60 weeks", "Dec 2024", "\u2191 8 weeks, worse", "18 weeks", "RED", "A1")
    assert row["England"] == "40 weeks (Mar 2024)"      # the latest England figure recorded, with its period


def test_small_counts_are_suppressed_in_published_tables():
    assert tables.shown_value(3, "count") == "<5"
    assert tables.shown_value(0, "count") == "0"
    assert tables.shown_value(1234, "count") == "1,234"
    assert tables.shown_value(3, "pct") == "3%"


def test_annex_chart_has_a_text_alternative_and_renders_to_svg(tmp_path):
    ctx = context(tmp_path)
    counts = tables.annex_counts(ctx.card)
    chart = charts.annex_status_chart(counts)
    spec = chart.to_dict()
    assert spec["description"].startswith("Annex A items by readiness status: High risk 0; Work underway")
    svg = charts.to_svg(chart)
    assert svg.startswith("<svg") and "cdn" not in svg and "http://" not in svg.replace(
        "http://www.w3.org", "")


def test_kpi_chart_prefers_council_england_and_describes_each_kpi(tmp_path):
    ctx = context(tmp_path)
    long = charts.kpi_long(ctx.card)
    england = long[(long["KPI"] == "Plans issued within 20 weeks") & (long["Series"] == "England")]
    assert list(england["Value"]) == [50.3, 46.4]   # from the council's rows, not duplicated from the catalogue
    chart = charts.kpi_trends_chart(ctx.card)
    assert "Plans issued within 20 weeks: latest 48% against 46.4%, declining." in chart.description


def test_figure_html_has_role_label_caption_and_data_table(tmp_path):
    ctx = context(tmp_path)
    html = report.to_html(report.annex_a(ctx))
    assert '<figure class="sef-chart"><div role="img" aria-label="Annex A items by readiness status:' in html
    assert "<figcaption>Annex A items by readiness status</figcaption>" in html
    assert "<caption>Annex A items by readiness status (data)</caption>" in html
    assert '<th scope="col">Status</th>' in html


def test_rag_is_always_a_word_beside_its_colour(tmp_path):
    ctx = context(tmp_path)
    html = report.to_html(report.criteria(ctx))
    for word in ("RED", "AMBER"):
        assert f'color:#FFFFFF">{word}</span>' in html or f'color:#000000">{word}</span>' in html


def test_report_sections_have_headings_in_order_and_no_identifiers(tmp_path):
    actions = [["A1", "Call jane.doe@council.example on 07700 900123", "C-1", "Head of SEND", "2026-03-31",
                "in_progress", "", ""]]
    ctx = context(tmp_path, actions=actions)
    blocks = report.all_blocks(ctx)
    levels = [b.level for b in blocks if isinstance(b, report.Heading)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert report.check_publishable(blocks) == []
    assert "[email removed]" in report.to_html(blocks)


def test_readiness_history_reads_earlier_snapshots(tmp_path):
    root = build_workspace(tmp_path / "ws")
    snap = root / "reports" / "alpha" / "2025-04-30"
    snap.mkdir(parents=True)
    (snap / "scorecard.json").write_text('{"as_of": "2025-04-30", "annex_a": {"ready_pct": 12.5}}')
    bad = root / "reports" / "alpha" / "2025-05-31"
    bad.mkdir()
    (bad / "scorecard.json").write_text("{not json")
    ctx = report.load_context("alpha", root, today=TODAY)
    assert list(ctx.history["Ready %"]) == [12.5, 50.0]
    intro, chart = report.history(ctx)[1:]
    assert intro.text == "Earlier readiness comes from reports/alpha (1 snapshot)."
    assert chart.caption == "Annex A readiness over time"
    spec = chart.chart.to_dict()  # validates against Vega-Lite's schema (reports skip that, for speed)
    assert spec["description"] == "Annex A readiness over time: 2025-04-30: 12.5%; 2025-10-31: 50%."


def test_a_small_count_is_never_written_in_any_published_text(tmp_path):
    """Counts of 1 to 4 could identify a child: the KPI table, the chart's text alternative (which is also
    the Word report's chart paragraph) and every sentence say "<5" instead."""
    import csv
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for part in ("parameters", "evidence", "sef"):
        shutil.copytree(root / part, tmp_path / part, ignore=shutil.ignore_patterns("*.lock"))
    path = tmp_path / "evidence" / "brightwater" / "kpis.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    latest = max((r for r in rows if r["indicator"] == "ehcna_requests"), key=lambda r: r["period_end"])
    latest["value"] = "3"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    ctx = report.load_context("brightwater", tmp_path)
    blocks = report.all_blocks(ctx)
    texts = [b.alt_text for b in blocks if isinstance(b, report.Chart)] + [report.to_html(blocks)]
    title = next(k.title for k in ctx.card.kpis if k.indicator == "ehcna_requests")
    assert any(f"{title}: latest &lt;5" in t or f"{title}: latest <5" in t for t in texts)
    assert not any(f"{title}: latest 3" in t for t in texts)


def test_people_and_their_contact_details_never_reach_a_published_report(tmp_path):
    """Owners and leads should be roles; `sef validate` only warns when they are not, so the report
    itself must not publish a name, an email or a phone number, by any route (a table cell, an action's
    ref inside a gap's description) and in any format (HTML, and Word through the same blocks)."""
    from sefkit.publish.docx import to_docx

    evidence = [evidence_row(owner="jane.smith@brightwater.gov.uk"),
                evidence_row("EV-2", annex="A-2", criteria="C-2", owner="Dr Patel")]
    actions = [["APP 0117 496 0123", "Refresh the short breaks statement", "C-2", "Mrs Khan 07700 900123",
                "2025-01-31", "in_progress", "Call 020 7946 0123; NHS 943-476-5919", ""]]
    ctx = context(tmp_path, evidence=evidence, actions=actions)
    blocks = report.all_blocks(ctx)
    html = report.to_html(blocks)
    docx = to_docx(blocks, "t")
    import io
    import zipfile
    word = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    for text in (html, word):
        for leak in ("jane.smith", "Patel", "Khan", "07700", "0117 496", "7946", "943-476"):
            assert leak not in text, leak
        assert "[name removed]" in text and "[phone removed]" in text


def test_board_summary_figures_show_the_change_since_the_last_report_with_an_arrow_and_a_word(tmp_path):
    from sefkit.present import board

    root = build_workspace(tmp_path / "ws")
    (root / "sef" / "alpha" / "snapshots.csv").write_text(
        "as_of,ready_pct,outcome,red_criteria,over_claims,overdue_actions,recorded_at\n"
        "2025-06-30,12.5,OUT-3,3,0,1,2025-07-01T09:00:00+01:00\n", encoding="utf-8")
    ctx = report.load_context("alpha", root, today=TODAY)
    figures = board.figures_table(ctx.card, ctx.earlier)
    assert list(figures.columns) == ["Measure", "Now", "Last report (30 Jun 2025)", "Change"]
    ready = figures.iloc[0]
    assert (ready["Measure"], ready["Now"], ready["Last report (30 Jun 2025)"]) == ("Annex A items ready", "50%",
                                                                                   "12.5%")
    assert ready["Change"] == "\u2191 up 37.5 points, better"
    red = figures[figures["Measure"].str.startswith("Criteria rated RED")].iloc[0]
    assert red["Change"].startswith("\u2193 down") and red["Change"].endswith(", better")
    assert figures.iloc[-1]["Change"] == "not recorded"      # red KPIs were not in the earlier snapshot
    assert "At the last report (30 June 2025) it pointed to \u201cWidespread" in board.outcome_change(
        ctx.card, ctx.earlier, report.outcome_labels(ctx))


def test_things_to_change_are_a_few_bullets_one_per_kind_of_gap_naming_what_they_are_about(tmp_path):
    from sefkit.present import board

    ctx = context(tmp_path)
    bullets = board.things_to_change(ctx.card, report.kpi_titles(ctx))
    assert 1 <= len(bullets) <= board.MOST_CHANGES
    kinds = [g.type for g in ctx.card.gaps if g.severity in ("high", "medium")]
    assert len(bullets) == min(len(dict.fromkeys(kinds)), board.MOST_CHANGES)
    assert all(len(b.split()) <= 60 and b.endswith(".") for b in bullets)
    asks = board.board_asks(ctx.card)
    assert asks[0].startswith("Agree this self-evaluation") and len(asks) <= board.MOST_CHANGES
    assert board.named([f"X-{i}" for i in range(7)]) == "X-0, X-1, X-2, X-3 and 3 more"


def test_a_criterion_the_partnership_has_not_evaluated_says_so_plainly(tmp_path):
    """Whether the self-assessment leaves the criterion out or has an empty entry for it (as `sef init`
    writes one), the report says plainly that it is not evaluated, not 'Strengths: None recorded.'."""
    ctx = context(tmp_path, self_assessment="C-1:\n  judgement: not_assessed\n")
    for c in ctx.card.criteria:
        texts = [b.text for b in report.criterion_blocks(ctx, c) if isinstance(b, report.Paragraph)]
        assert texts[0].startswith("The partnership has not evaluated this criterion yet"), (c.id, texts[0])
        assert not any(t.startswith("None recorded.") and "Strengths" in t for t in texts)
