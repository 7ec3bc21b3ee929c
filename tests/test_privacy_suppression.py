"""Small counts are "<5" everywhere they are published, and nothing published gives them back.

Primary suppression: a KPI count of 1 to 4. Secondary suppression: a
difference from a comparator shown beside it, a tolerance worked out from a
suppressed comparator, a rank among authorities, a point on a chart. The data
files get the same treatment from present.published (raw values stay in `sef
score --json`, for the partnership's own use).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from builders import MINI_FRAMEWORK, build_workspace, evidence_row
from sefkit.present import charts, report, tables
from sefkit.present.published import published_card
from sefkit.scoring import score
from sefkit.scoring.kpis import evaluate_kpi
from sefkit.workspace import Workspace

TODAY = dt.date(2026, 1, 15)
COUNT_KPI = """\
  - id: requests
    title: Assessment requests received
    unit: count
    polarity: {polarity}
    criteria: [C-2]
"""


def loaded(tmp_path, rows, polarity="higher_is_better"):
    root = build_workspace(tmp_path / "ws", kpis=rows)
    (root / "sef" / "frameworks" / "mini.yaml").write_text(MINI_FRAMEWORK + COUNT_KPI.format(polarity=polarity),
                                                            encoding="utf-8")
    ws = Workspace(root)
    data, problems = ws.load("alpha", TODAY)
    assert data is not None, [str(p) for p in problems.errors]
    return ws, data


def requests(card):
    return card.kpi("requests")


@pytest.mark.parametrize("value,target,polarity,reason", [
    # the count is suppressed: "worse by 5,997 than 6,000" would give 3 back
    ("3", "6000", "higher_is_better", "<5 (2024-12-31) is worse than target 6,000"),
    # the comparator is suppressed: "worse by 5,997 than <5" beside 6,000 would give it back
    ("6000", "3", "lower_is_better", "6,000 (2024-12-31) is worse than target <5"),
    # neither is: the difference is shown, even a small one (a difference is not a count of children)
    ("10", "13", "higher_is_better", "10 (2024-12-31) is worse by 3 than target 13"),
    ("52", "40", "lower_is_better", "52 (2024-12-31) is worse by 12 than target 40"),
])
def test_a_difference_is_shown_only_when_both_sides_are(tmp_path, value, target, polarity, reason):
    ws, data = loaded(tmp_path, [["requests", "2024-12-31", value, "", "", "", target]], polarity)
    assert requests(score(data, ws.rules)).reasons[0] == reason


def test_no_tolerance_is_given_for_a_suppressed_comparator(tmp_path):
    # amber (within tolerance): "tolerance 0.2" is 5% of the target, so it would give the target (4) back
    ws, data = loaded(tmp_path, [["requests", "2024-12-31", "3.9", "", "", "", "4"]])
    k = requests(score(data, ws.rules))
    assert k.rag == "amber" and k.reasons[0] == "<5 (2024-12-31) is worse than target <5"


def test_a_rank_is_not_published_for_a_suppressed_count(tmp_path):
    ws, data = loaded(tmp_path, [["requests", "2024-12-31", "3", "", "", "", "6000"]])
    kdef = data.framework.kpis["requests"]
    rows = [r for r in data.kpis if r.indicator == "requests"]
    published = {"2024-12-31": {"rank": 150, "of": 153, "quartile": 4}}
    small = evaluate_kpi(kdef, rows, ws.rules, published)
    assert not any("ranked" in r for r in small.reasons)
    assert small.rank == 150                       # kept in the scorecard itself (`sef score --json`)
    card = dataclasses.replace(score(data, ws.rules), kpis=(small,))
    assert tables.kpi_summary(card).iloc[0].get("Rank (quartile)", "") == ""
    shown = next(k for k in published_card(card.to_dict())["kpis"] if k["indicator"] == "requests")
    assert (shown["rank"], shown["rank_of"], shown["quartile"]) == (None, None, None)


def test_a_suppressed_point_is_not_drawn_and_its_row_is_not_in_the_chart_data(tmp_path):
    ws, data = loaded(tmp_path, [["requests", "2023-12-31", "10", "", "", "", "6000"],
                                 ["requests", "2024-12-31", "3", "", "", "", "6000"]])
    card = score(data, ws.rules)
    long = charts.kpi_long(card)
    mine = long[(long["KPI"] == "Assessment requests received") & (long["Series"] == "This area")]
    assert list(mine["Value"]) == [10.0]
    chart = charts.kpi_trends_chart(card)
    assert "Assessment requests received: latest <5 against 6,000, declining." in chart.description
    assert ">3<" not in chart.markup


def test_the_published_scorecard_suppresses_and_redacts_as_the_report_does(tmp_path):
    root = build_workspace(tmp_path / "ws", kpis=[["requests", "2023-12-31", "10", "", "", "", "6000"],
                                                  ["requests", "2024-12-31", "3", "", "", "", "6000"]],
                           evidence=[evidence_row(owner="Jane Smith"),
                                     evidence_row("EV-2", annex="A-2", criteria="C-2",
                                                  owner="Head of SEND (Priya Sharma)")],
                           actions=[["APP 0117 496 0123", "Call jane@x.gov.uk", "C-2", "Dr Patel", "2025-01-31",
                                     "in_progress", "", ""]])
    (root / "sef" / "frameworks" / "mini.yaml").write_text(
        MINI_FRAMEWORK + COUNT_KPI.format(polarity="higher_is_better"), encoding="utf-8")
    ctx = report.load_context("alpha", root, today=TODAY)
    raw = ctx.card.to_dict()
    card = published_card(raw)
    assert published_card(card) == card                          # applying it again changes nothing
    assert raw["kpis"][-1]["latest"] == 3.0                      # `sef score --json` keeps the raw value
    kpi = next(k for k in card["kpis"] if k["indicator"] == "requests")
    assert (kpi["latest"], [h["value"] for h in kpi["history"]]) == ("<5", [10.0, "<5"])
    owners = [o for item in card["annex_a"]["items"] for o in item["owners"]]
    shown = list(tables.annex_items(ctx.card, ctx.data)["Owner"])
    assert sorted(owners) == sorted(shown) == ["[name removed]", "[name removed]"]
    assert card["actions"]["overdue"] == ["APP [phone removed]"]
    text = str(card)
    for leak in ("Jane Smith", "Sharma", "0117", "jane@x", "5,997", "5997"):
        assert leak not in text, leak
