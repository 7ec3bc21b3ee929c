"""The board dashboard's content (present.dashboard) and its page (apps.dashboard), without a browser:
the figures are the scorecard's, changes are arrows with words, each criterion's link opens its detail,
the compare view ranks every council, nothing the published report would hide is shown, and the page
never writes a file. The end-to-end tests (tests/e2e/test_dashboard_in_browser.py) drive it in Chromium."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from builders import board_workspace

from sefkit.apps.dashboard import DashboardPage
from sefkit.present import dashboard
from sefkit.present.dashboard import CompareRow, compare_page, council_page, ranked
from sefkit.present.report import load_context


@pytest.fixture
def ws(tmp_path) -> Path:
    return board_workspace(tmp_path / "ws")


class Text(HTMLParser):
    """The page's text as a person reads it (tags dropped, aria-hidden parts skipped)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if self.hidden or ("aria-hidden", "true") in attrs:
            self.hidden += 1

    def handle_endtag(self, tag):
        if self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def read(markup: str) -> str:
    parser = Text()
    parser.feed(markup)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def tile(markup: str, label: str) -> tuple[str, str]:
    m = re.search(rf'<li class="sef-tile"><h3>{re.escape(label)}</h3><p class="value">(.*?)</p>'
                  r'<p class="change">(.*?)</p></li>', markup)
    assert m, f"no tile {label!r}"
    return m.group(1), m.group(2)


def test_the_tiles_are_the_scorecards_figures_with_their_change_as_an_arrow_and_words(ws):
    ctx = load_context("alpha", ws)
    page = council_page(ctx)
    card = ctx.card
    value, change = tile(page, "Annex A items ready")
    assert value == f"{card.annex_a.ready_pct:g}%" == "50%"
    assert change == '<span aria-hidden="true">\u2191</span> up 50 points, better since 30 Jun 2025'
    value, change = tile(page, "Indicative outcome (not an inspection outcome)")
    assert value == card.indicative_outcome.label
    assert "it was \u201cWidespread or systemic failings\u201d" in change
    value, change = tile(page, f"Criteria rated RED (of {len(card.criteria)})")
    assert int(value) == sum(1 for c in card.criteria if c.rag == "red") == 2         # as at the snapshot
    assert change == '<span aria-hidden="true">\u2192</span> no change since 30 Jun 2025'

    value, _ = tile(page, "Actions overdue")
    assert int(value) == len(card.actions.overdue)


def test_a_council_with_no_snapshot_says_so_rather_than_showing_a_change(ws):
    page = council_page(load_context("beta", ws))
    assert tile(page, "Annex A items ready")[1] == "No earlier snapshot to compare with"
    assert "No earlier snapshot of this council's readiness yet" in page


def test_each_criterion_is_a_link_named_by_its_id_and_title_to_its_detail(ws):
    ctx = load_context("alpha", ws)
    page = council_page(ctx)
    for c in ctx.card.criteria:
        link = re.search(rf'<a id="to-{c.id}" href="#c-{c.id}"><span class="crit-name">(.*?)</span>', page)
        assert link and link.group(1) == f"{c.id}: {c.title}"
        detail = re.search(rf'<section class="sef-drill" id="c-{c.id}".*?</section>', page, re.S)
        assert detail, c.id
        assert f'href="#to-{c.id}">Back to the criteria' in detail.group(0)
    c1 = read(re.search(r'<section class="sef-drill" id="c-C-1".*?</section>', page, re.S).group(0))
    assert "Strengths: Strong identification" in c1 and "Areas for development: Post-16 pathways." in c1
    assert "EV-1" in c1 and "KPIs that inform C-1" in c1 and "Plans issued within 20 weeks" in c1
    assert all(reason in c1 for reason in ctx.card.criteria[0].reasons)
    c2 = read(re.search(r'<section class="sef-drill" id="c-C-2".*?</section>', page, re.S).group(0))
    assert "A1 Refresh the short breaks statement" in c2


def test_nothing_the_published_report_hides_is_shown(ws):
    evidence = ws / "evidence" / "alpha" / "evidence.csv"
    evidence.write_text(evidence.read_text().replace("Head of SEND", "Head of SEND (jo.bloggs@example.org)")
                        .replace("Self-evaluation 2025", "Self-evaluation 2025 from jo.bloggs@example.org"))
    page = council_page(load_context("alpha", ws))
    assert "jo.bloggs@example.org" not in page
    assert "Strong identification" in page                       # the rest of the partnership's words stay
    row = re.search(r"<tr><td>Tribunal appeals registered</td>.*?</tr>", page).group(0)
    assert "<td>&lt;5</td>" in row and "<td>3</td>" not in row
    assert "not shown (small numbers)" in row                    # no change that would give the 3 back


def test_the_kpis_are_in_seftons_shape_each_with_a_chart_and_its_data(ws):
    page = council_page(load_context("alpha", ws))
    assert re.search(r"<th scope=\"col\">KPI</th><th scope=\"col\">Latest</th><th scope=\"col\">Period</th>"
                     r"<th scope=\"col\">Change</th><th scope=\"col\">England</th><th scope=\"col\">Neighbours"
                     r"</th><th scope=\"col\">Target</th><th scope=\"col\">RAG</th>", page)
    charts = re.findall(r'<div role="img" aria-label="([^"]*)"><svg', page)
    assert any(label.startswith("Line chart of Plans issued within 20 weeks over time") for label in charts)
    assert "<summary>Data behind the chart: Plans issued within 20 weeks</summary>" in page
    assert "Annex A readiness over time" in page


def test_annex_a_lists_the_items_behind_each_status(ws):
    page = read(council_page(load_context("alpha", ws)))
    assert ("Work underway but not complete: 1 item Annex A items: Work underway but not complete Item Title Stale "
            "Owner Last reviewed Evidence A-2 Short breaks") in page
    assert ("Complete: 1 item Annex A items: Complete Item Title Stale Owner Last reviewed Evidence A-1 "
            "Self-evaluation") in page
    assert "High risk: 0 items" not in page           # a status with no item has no list to open


def test_the_compare_view_ranks_every_council_and_links_to_each(ws):
    rows = [CompareRow.of(load_context(c, ws).card) for c in ("alpha", "beta")]
    for by in dashboard.RANKINGS:
        page = compare_page(rows, by, lambda c: f"?council={c}")
        names = re.findall(r'<th scope="row"><a href="\?council=(\w+)">', page)
        assert names == [r.council for r in ranked(rows, by)]
        assert f"All 2 councils. Ranked by: {dashboard.RANKINGS[by]}" in page
    low_first = ranked(rows, "ready")
    assert low_first[0].ready_pct <= low_first[1].ready_pct
    worst_first = ranked(rows, "outcome")
    assert worst_first[0].outcome >= worst_first[1].outcome


def test_ranking_by_outcome_puts_most_concern_first():
    rows = [CompareRow("a", "A", "OUT-1", "Positive", 90, 0, 0, 0),
            CompareRow("b", "B", "OUT-3", "Failings", 10, 5, 0, 2),
            CompareRow("c", "C", "OUT-2", "Inconsistent", 40, 2, 1, 1),
            CompareRow("d", "D", "OUT-2", "Inconsistent", 20, 3, 0, 0)]
    assert [r.council for r in ranked(rows, "outcome")] == ["b", "d", "c", "a"]
    assert [r.council for r in ranked(rows, "red")] == ["b", "d", "c", "a"]
    assert [r.council for r in ranked(rows, "name")] == ["a", "b", "c", "d"]


# -- the page, without Voila --------------------------------------------------------------------

def fingerprint(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def opened(ws: Path, **query: str) -> DashboardPage:
    """The page as a request for `?<query>` opens it; what it displays is kept in `page.shown`."""
    import IPython.display

    page = DashboardPage(ws)
    page.shown = []                     # type: ignore[attr-defined]
    real = IPython.display.display
    IPython.display.display = lambda *args, **kwargs: page.shown.append((args, kwargs))  # type: ignore
    try:
        page.opened(query)
    finally:
        IPython.display.display = real
    return page


def test_the_page_opens_the_council_asked_for_and_sends_its_html_with_the_widget(ws):
    page = opened(ws, council="beta")
    assert page.council_box.value == "beta" and 'data-council="beta"' in page.content.value
    (args, kwargs), = page.shown
    bundle = args[0]
    assert kwargs["metadata"] == {"sefkit-static": True} and kwargs["raw"] is True
    assert bundle["text/html"] == page.content.value
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == page.widget.model_id
    assert [label for label, _ in page.council_box.options] == ["Alpha Partnership", "Beta Partnership"]


def test_choosing_a_council_the_view_and_the_ranking_changes_what_is_shown(ws):
    page = opened(ws, council="alpha")
    page.council_box.value = "beta"
    assert 'data-council="beta"' in page.content.value
    assert "Showing Beta Partnership." in page.messages.status.value
    page.view_box.value = "compare"
    assert 'data-view="compare"' in page.content.value and page.rank_box.layout.display == ""
    page.rank_box.value = "name"
    assert re.findall(r'href="\?council=(\w+)"', page.content.value) == ["alpha", "beta"]
    assert "Ranked by: Council name" in page.content.value
    page.view_box.value = "council"
    assert 'data-council="beta"' in page.content.value and page.rank_box.layout.display == "none"
    page.view_box.value = "compare"
    page.council_box.value = "alpha"                 # choosing a council while comparing shows that council
    assert page.view_box.value == "council" and 'data-council="alpha"' in page.content.value


def test_the_compare_view_from_the_address(ws):
    page = opened(ws, view="compare", rank="ready")
    assert page.view_box.value == "compare" and page.rank_box.value == "ready"
    assert "Ranked by: Annex A ready %, lowest first" in page.content.value


def test_an_unknown_council_in_the_address_is_said_and_the_first_is_shown(ws):
    page = opened(ws, council="gamma")
    assert page.council_box.value == "alpha"
    assert "There is no council \u201cgamma\u201d in this workspace" in page.messages.alert.value


def test_a_council_whose_files_changed_is_read_again_when_the_page_is_opened(ws):
    page = opened(ws, council="alpha")
    assert "Post-16 pathways." in page.content.value
    path = ws / "sef" / "alpha" / "self-assessment.yaml"
    path.write_text(path.read_text().replace("Post-16 pathways.", "Post-16 pathways and transport."))
    page.opened({"council": "alpha"})
    assert "Post-16 pathways and transport." in page.content.value


def test_a_page_preheated_on_an_earlier_day_scores_again_for_today(ws):
    import datetime as dt

    page = opened(ws, council="alpha")
    before = page.loaded["alpha"].ctx
    page.today = dt.date(2025, 1, 1)
    page.opened({"council": "alpha"})
    assert page.today == dt.date.today() and page.loaded["alpha"].ctx is not before


def test_a_council_with_broken_files_says_what_to_do_and_the_others_still_compare(ws):
    (ws / "evidence" / "beta" / "evidence.csv").write_text("id,title\nEV-9,No other columns\n")
    page = opened(ws, council="beta")
    assert "sef validate --council beta" in page.content.value and "evidence.csv" in page.content.value
    page.view_box.value = "compare"
    assert "alpha" in page.content.value and "Not scored:</strong> 1 council(s)" in page.content.value


def test_the_page_never_writes_a_file(ws):
    before = fingerprint(ws)
    page = opened(ws, council="alpha")
    page.council_box.value = "beta"
    page.view_box.value = "compare"
    assert fingerprint(ws) == before
