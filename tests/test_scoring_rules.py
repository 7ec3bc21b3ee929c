"""Each scoring rule pinned on small hand-made workspaces."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from builders import build_workspace, evidence_row
from sefkit.cli import main
from sefkit.scoring import score
from sefkit.workspace import Workspace

TODAY = dt.date(2026, 1, 15)


def card_for(tmp_path, **kwargs):
    root = build_workspace(tmp_path / "ws", **kwargs)
    ws = Workspace(root)
    data, problems = ws.load("alpha", TODAY)
    assert data is not None, [str(p) for p in problems.errors]
    return score(data, ws.rules)


def test_annex_item_takes_the_least_ready_status_and_missing_items_count(tmp_path):
    card = card_for(tmp_path, evidence=[
        evidence_row("EV-1", annex="A-1", status="complete"),
        evidence_row("EV-2", annex="A-1", status="High Risk"),  # a label, as trackers write it
    ])
    items = {i.id: i for i in card.annex_a.items}
    assert items["A-1"].status == "high_risk"
    assert items["A-1"].evidence == ("EV-1", "EV-2")
    assert items["A-2"].status == "missing"
    assert card.annex_a.counts == {"high_risk": 1, "in_progress": 0, "complete_needs_update": 0, "complete": 0,
                                   "missing": 1}
    assert card.annex_a.ready_pct == 0.0


def test_ready_pct_counts_complete_and_complete_needing_update(tmp_path):
    card = card_for(tmp_path, evidence=[
        evidence_row("EV-1", annex="A-1", status="complete"),
        evidence_row("EV-2", annex="Short Breaks statement", status="Complete but an update required once call comes"),
    ])
    assert card.annex_a.counts["complete"] == 1 and card.annex_a.counts["complete_needs_update"] == 1
    assert card.annex_a.ready_pct == 100.0


def test_stale_items_are_those_whose_newest_evidence_is_older_than_the_window(tmp_path):
    card = card_for(tmp_path, evidence=[
        evidence_row("EV-1", annex="A-1", reviewed="2025-01-10"),   # > 6 months before as_of 2025-10-31
        evidence_row("EV-2", annex="A-2", reviewed="2025-01-10"),
        evidence_row("EV-3", annex="A-2", reviewed="2025-09-10"),   # the newest is fresh
    ])
    assert card.annex_a.stale == ("A-1",)
    assert any(g.type == "evidence_stale" and g.annex_a == "A-1" for g in card.gaps)


def test_evidence_score_is_a_weighted_sum_of_the_best_items(tmp_path):
    # strength 3 complete fresh = 100 points; weights 0.5, 0.3, 0.2
    card = card_for(tmp_path, evidence=[evidence_row(f"EV-{i}", criteria="C-1") for i in range(1, 4)])
    assert card.criterion("C-1").evidence_score == 100.0
    card = card_for(tmp_path, evidence=[evidence_row("EV-1", criteria="C-1")])
    assert card.criterion("C-1").evidence_score == 50.0
    assert card.criterion("C-1").evidence_rag == "amber"


def test_stale_and_in_progress_evidence_is_worth_less(tmp_path):
    # 100 * 0.6 (in_progress) * 0.6 (stale) = 36 points, * 0.5 weight = 18
    card = card_for(tmp_path, evidence=[evidence_row("EV-1", criteria="C-1", status="in_progress",
                                                     reviewed="2024-12-01")])
    c = card.criterion("C-1")
    assert c.evidence_score == 18.0
    assert c.rag == "red"
    assert any("1 of 1 item(s) are stale" in r for r in c.reasons)


def test_no_impact_evidence_caps_a_criterion_at_amber(tmp_path):
    card = card_for(tmp_path, kpis=[], evidence=[evidence_row(f"EV-{i}", criteria="C-1", strength=1)
                                                  for i in range(1, 4)])
    c = card.criterion("C-1")
    assert c.evidence_score == 40.0 and c.rag == "red"
    # strength 1 can never reach green, whatever the quantity: the cap reason is given
    card = card_for(tmp_path, kpis=[], evidence=[evidence_row(f"EV-{i}", criteria="C-2", strength=2)
                                                  for i in range(1, 4)])
    assert card.criterion("C-2").rag == "green"


def test_criterion_without_evidence_is_red_with_reason_and_gap(tmp_path):
    card = card_for(tmp_path)
    c = card.criterion("L-1")
    assert c.rag == "red" and c.reasons == ("no evidence is linked to this criterion",)
    types = {g.type for g in card.gaps if g.criterion == "L-1"}
    assert {"criterion_no_evidence", "red_criterion_without_action"} <= types


def test_annex_only_evidence_links_to_the_items_criteria(tmp_path):
    card = card_for(tmp_path, evidence=[evidence_row("EV-1", annex="A-1", criteria="")])
    assert card.criterion("C-1").evidence == ("EV-1",)
    assert card.criterion("L-1").evidence == ("EV-1",)


@pytest.mark.parametrize("row,comparator,value,rag", [
    (["timely", "2024-12-31", "40", "", "46.4", "44", "38"], "target", 38, "green"),
    (["timely", "2024-12-31", "40", "", "46.4", "44", ""], "statistical_neighbours", 44, "red"),
    (["timely", "2024-12-31", "45", "", "46.4", "", ""], "national", 46.4, "amber"),
    (["timely", "2024-12-31", "47", "", "", "", ""], "england_catalogue", 46.4, "green"),
    (["timely", "2023-12-31", "47", "", "", "", ""], None, None, None),
])
def test_kpi_comparator_order_and_tolerance(tmp_path, row, comparator, value, rag):
    card = card_for(tmp_path, kpis=[row])
    k = card.kpi("timely")
    assert (k.comparator, k.comparator_value, k.rag) == (comparator, value, rag)
    assert k.reasons


def test_lower_is_better_kpis_and_trend(tmp_path):
    card = card_for(tmp_path, kpis=[["wait", "2022-12-31", "30", "", "", "", "40"],
                                    ["wait", "2023-12-31", "38", "", "", "", "40"],
                                    ["wait", "2024-12-31", "52", "", "", "", "40"]])
    k = card.kpi("wait")
    assert k.rag == "red" and k.trend == "declining"
    assert k.reasons[0] == "52 weeks (2024-12-31) is worse by 12 weeks than target 40 weeks"
    gaps = {g.type for g in card.gaps if g.ref == "wait"}
    assert gaps == {"kpi_worse_than_comparator", "kpi_declining"}


def test_neutral_kpis_are_not_rated(tmp_path):
    card = card_for(tmp_path, kpis=[["context", "2024-12-31", "4.8", "", "4.8", "", ""]])
    assert card.kpi("context").rag is None


def test_red_kpis_cap_and_then_redden_the_criterion(tmp_path):
    strong = [evidence_row(f"EV-{i}", criteria="C-1;C-2") for i in range(1, 4)]
    card = card_for(tmp_path, evidence=strong, kpis=[["timely", "2024-12-31", "20", "", "46.4", "", ""]])
    assert card.criterion("C-1").evidence_rag == "green"
    assert card.criterion("C-1").rag == "amber"
    assert any("red KPI caps" in r for r in card.criterion("C-1").reasons)
    two_red = [["timely", "2024-12-31", "20", "", "46.4", "", ""],
               ["wait", "2024-12-31", "90", "", "", "", "18"]]
    card = card_for(tmp_path, evidence=strong, kpis=two_red)
    assert card.criterion("C-2").rag == "amber"      # one red KPI informs C-2
    assert card.criterion("C-1").rag == "amber"


@pytest.mark.parametrize("judgement,expected", [("positive", "over_claim"), ("inconsistent", "consistent"),
                                                ("significant_concerns", "under_claim"),
                                                ("not_assessed", "not_assessed")])
def test_self_assessment_check(tmp_path, judgement, expected):
    card = card_for(tmp_path, kpis=[], evidence=[evidence_row("EV-1", criteria="C-1")],
                    self_assessment=f"C-1:\n  judgement: {judgement}\n  evidence: [EV-1]\n")
    c = card.criterion("C-1")
    assert c.rag == "amber" and c.check == expected
    assert any(g.type == "over_claim" for g in card.gaps) == (expected == "over_claim")


def test_overdue_is_derived_from_due_date_and_status(tmp_path):
    actions = [["A1", "x", "C-1", "Head of SEND", "2025-06-30", "in_progress", "", ""],
               ["A2", "x", "C-1", "Head of SEND", "2025-06-30", "Complete", "", ""],
               ["A3", "x", "C-1", "Head of SEND", "2025-12-31", "delayed", "", ""],
               ["A4", "x", "C-1", "", "2025-01-31", "Not Yet started", "", ""]]
    card = card_for(tmp_path, actions=actions)
    assert card.actions.overdue == ("A4", "A1")
    assert card.actions.counts == {"not_started": 1, "in_progress": 1, "delayed": 1, "complete": 1, "embedded": 0}
    assert card.to_dict()["actions"]["counts"]["overdue"] == 2
    assert card.actions.without_lead == ("A4",)
    types = [g.type for g in card.gaps]
    assert types.count("action_overdue") == 2 and "action_without_lead" in types


def test_gaps_are_sorted_most_severe_first(tmp_path):
    card = card_for(tmp_path)
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[g.severity] for g in card.gaps] == sorted(order[g.severity] for g in card.gaps)
    assert all(g.description and g.next_step for g in card.gaps)


def test_indicative_outcome_positive_and_significant_concerns(tmp_path):
    strong = [evidence_row(f"EV-{i}", annex=annex, criteria="C-1;C-2;L-1")
              for i, annex in enumerate(["A-1", "A-2", "A-1"], start=1)]
    card = card_for(tmp_path, evidence=strong, kpis=[])
    assert card.indicative_outcome.outcome == "OUT-1"
    assert card.indicative_outcome.reasons[0].startswith("points to typically positive")
    weak = [evidence_row("EV-1", annex="A-1", criteria="C-1", status="high_risk", strength=0)]
    card = card_for(tmp_path, evidence=weak, kpis=[])
    assert card.indicative_outcome.outcome == "OUT-3"
    assert "indicative" in card.indicative_outcome.note.lower()


def test_score_json_is_byte_identical_and_has_the_contract_keys(tmp_path, capsys):
    root = build_workspace(tmp_path / "ws")
    args = ["score", "--workspace", str(root), "--all", "--json", "--as-of", "2025-10-31"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    doc = json.loads(first)[0]
    for key in ("council", "as_of", "framework", "annex_a", "criteria", "kpis", "actions", "gaps",
                "indicative_outcome"):
        assert key in doc
    assert set(doc["annex_a"]) >= {"counts", "ready_pct", "items"}
    assert set(doc["criteria"][0]) >= {"id", "title", "evidence_score", "rag", "reasons", "self_assessment",
                                       "check"}
    assert set(doc["kpis"][0]) >= {"indicator", "latest", "period_end", "comparator", "comparator_value", "rag",
                                   "trend", "reasons"}
    assert set(doc["gaps"][0]) >= {"type", "severity", "criterion", "annex_a", "description"}
    assert set(doc["indicative_outcome"]) >= {"outcome", "reasons"}


def test_score_refuses_invalid_input_without_a_partial_scorecard(tmp_path, capsys):
    root = build_workspace(tmp_path / "ws", evidence=[evidence_row(status="nearly")])
    assert main(["score", "--workspace", str(root), "--all", "--json"]) == 1
    out = capsys.readouterr().out
    assert "evidence/alpha/evidence.csv:2:5: error: 'nearly' is not a readiness status" in out
    assert "{" not in out


def test_as_of_option_overrides_the_parameter_file(tmp_path, capsys):
    root = build_workspace(tmp_path / "ws")
    assert main(["score", "--workspace", str(root), "--council", "alpha", "--json", "--as-of", "2025-12-01"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2025-12-01"


def test_a_kpi_can_carry_its_own_tolerance(tmp_path):
    from builders import MINI_FRAMEWORK

    root = build_workspace(tmp_path / "ws", kpis=[["timely", "2024-12-31", "38.4", "", "46.4", "", ""]])
    path = root / "sef/frameworks/mini.yaml"
    assert score(Workspace(root).load_or_raise("alpha", TODAY), Workspace(root).rules).kpi("timely").rag == "red"
    path.write_text(MINI_FRAMEWORK.replace("polarity: higher_is_better", "polarity: higher_is_better\n"
                                           "    tolerance: 10", 1))
    ws = Workspace(root)
    k = score(ws.load_or_raise("alpha", TODAY), ws.rules).kpi("timely")
    assert k.rag == "amber" and "worse by 8 points than England 46.4% (tolerance 10)" in k.reasons[0]
