"""The bundled demo workspace: valid, reproducible, and scoring as its profiles intend."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sefkit.cli import main
from sefkit.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
COUNCILS = ["brightwater", "greyhaven", "kestrel-vale"]


@pytest.fixture(scope="module")
def cards():
    ws = Workspace(ROOT)
    out = {}
    from sefkit.scoring import score

    for council in ws.councils():
        data = ws.load_or_raise(council, dt.date(2026, 11, 22))
        out[council] = (data, score(data, ws.rules))
    return out


def test_demo_validates_with_no_errors(capsys):
    assert main(["validate", "--workspace", str(ROOT), "--all"]) == 0
    assert ": error: " not in capsys.readouterr().out


def test_demo_has_the_three_fictional_councils(cards):
    assert sorted(cards) == COUNCILS
    assert "FICTIONAL" in (ROOT / "evidence" / "README.md").read_text()


@pytest.mark.parametrize("council,outcome", [("brightwater", "OUT-1"), ("kestrel-vale", "OUT-2"),
                                             ("greyhaven", "OUT-3")])
def test_headline_outcomes(cards, council, outcome):
    assert cards[council][1].indicative_outcome.outcome == outcome


def test_demo_shape_matches_the_brief(cards):
    for council, (data, card) in cards.items():
        per_item = Counter(e.annex_a for e in data.evidence if e.annex_a)
        assert set(per_item) == set(data.framework.annex_a), council
        assert all(1 <= n <= 4 for n in per_item.values()), council
        assert 60 <= len(data.evidence) <= 120, council
        assert 20 <= len(data.actions) <= 30, council
        assert card.actions.overdue, council
        years = {k.period_end.year for k in data.kpis if k.indicator == "ehcp_20wk"}
        assert len(years) >= 3, council
        assert all(not _looks_personal(e.owner) for e in data.evidence)
    assert len(cards["brightwater"][0].assessments) == 15
    assert len(cards["kestrel-vale"][0].assessments) == 15
    assert 0 < len(cards["greyhaven"][0].assessments) < 15
    for council in ("kestrel-vale", "greyhaven"):
        assert any(c.check == "over_claim" for c in cards[council][1].criteria), council
    assert cards["greyhaven"][1].actions.without_lead


def _looks_personal(owner: str) -> bool:
    from sefkit.privacy import person_like

    return person_like(owner) is not None


def test_brightwater_is_nearly_ready_and_greyhaven_is_not(cards):
    bright, grey = cards["brightwater"][1], cards["greyhaven"][1]
    assert bright.annex_a.ready_pct >= 90 and bright.annex_a.counts["high_risk"] == 0
    assert grey.annex_a.counts["high_risk"] >= 8
    assert sum(c.rag == "red" for c in grey.criteria) >= 4
    assert not any(c.rag == "red" for c in bright.criteria)


def test_generator_is_deterministic_and_matches_the_committed_demo(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_demo.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    for council in COUNCILS:
        for rel in (f"parameters/{council}.yaml", f"evidence/{council}/evidence.csv",
                    f"evidence/{council}/kpis.csv", f"evidence/{council}/actions.csv",
                    f"sef/{council}/self-assessment.yaml", *([f"sef/{council}/logo.png"] if council == "kestrel-vale" else [])):
            assert filecmp.cmp(tmp_path / rel, ROOT / rel, shallow=False), f"{rel} differs: run tools/make_demo.py"


def test_score_all_json_is_a_list_with_one_card_per_council(capsys):
    assert main(["score", "--workspace", str(ROOT), "--all", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [d["council"] for d in doc] == COUNCILS
