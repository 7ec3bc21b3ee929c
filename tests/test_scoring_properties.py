"""Invariants of scoring, checked on many generated workspaces (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import MINI_FRAMEWORK
from sefkit.framework import load_framework
from sefkit.model import Action, CouncilData, EvidenceItem, KpiRow, Parameters
from sefkit.rules import load_rules
from sefkit.scoring import score
from sefkit.scoring.kpis import rate
from sefkit.vocab import load_vocabularies

AS_OF = dt.date(2025, 10, 31)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _framework(tmp: Path):
    path = tmp / "mini.yaml"
    path.write_text(MINI_FRAMEWORK, encoding="utf-8")
    return load_framework(path)


FRAMEWORK = None
VOCAB = load_vocabularies()
RULES = load_rules()
STATUSES = VOCAB.readiness_status.codes
CRITERIA = ["C-1", "C-2", "L-1"]


def framework():
    global FRAMEWORK
    if FRAMEWORK is None:
        import tempfile

        FRAMEWORK = _framework(Path(tempfile.mkdtemp()))
    return FRAMEWORK


evidence_items = st.builds(
    lambda i, annex, crits, status, strength, age: EvidenceItem(
        id=f"EV-{i}", title="t", annex_a=annex, criteria=tuple(crits), status=status, strength=strength,
        owner="Head of SEND", last_reviewed=AS_OF - dt.timedelta(days=age)),
    i=st.integers(0, 10_000), annex=st.sampled_from([None, "A-1", "A-2"]),
    crits=st.lists(st.sampled_from(CRITERIA), max_size=2, unique=True), status=st.sampled_from(STATUSES),
    strength=st.integers(0, 3), age=st.integers(0, 700),
).filter(lambda e: e.annex_a or e.criteria)


def unique_ids(items):
    return [dataclasses.replace(e, id=f"EV-{n}") for n, e in enumerate(items)]


kpi_values = st.lists(st.floats(0, 100, allow_nan=False), min_size=0, max_size=4)
actions_st = st.lists(st.builds(
    lambda n, status, due_days, lead: Action(ref=f"A{n}", action="x", criteria=("C-1",), lead=lead,
                                             due=AS_OF + dt.timedelta(days=due_days), status=status),
    n=st.integers(0, 50), status=st.sampled_from(VOCAB.action_status.codes), due_days=st.integers(-200, 200),
    lead=st.sampled_from(["", "Head of SEND"])), max_size=6, unique_by=lambda a: a.ref)


def council(evidence, values=(), actions=()) -> CouncilData:
    kpis = tuple(KpiRow(indicator="timely", period_end=dt.date(2021 + i, 12, 31), value=v, national=46.4)
                 for i, v in enumerate(values))
    return CouncilData(params=Parameters("alpha", "Alpha", "mini", as_of=AS_OF), framework=framework(), vocab=VOCAB,
                       evidence=tuple(evidence), kpis=kpis, actions=tuple(actions), assessments={})


@SETTINGS
@given(st.lists(evidence_items, max_size=12).map(unique_ids), kpi_values, actions_st)
def test_annex_counts_sum_to_catalogue_size(evidence, values, actions):
    card = score(council(evidence, values, actions), RULES)
    assert sum(card.annex_a.counts.values()) == len(framework().annex_a)
    assert 0 <= card.annex_a.ready_pct <= 100


@SETTINGS
@given(st.lists(evidence_items, max_size=10).map(unique_ids), evidence_items)
def test_adding_evidence_never_lowers_a_criterion_score(evidence, extra):
    before = score(council(evidence), RULES)
    extra = dataclasses.replace(extra, id="EV-new")
    after = score(council([*evidence, extra]), RULES)
    for b, a in zip(before.criteria, after.criteria):
        assert a.evidence_score >= b.evidence_score, (b.id, b.evidence_score, a.evidence_score)


@SETTINGS
@given(st.lists(evidence_items, min_size=1, max_size=10).map(unique_ids), st.data())
def test_stronger_or_fresher_evidence_never_lowers_a_score(evidence, data):
    index = data.draw(st.integers(0, len(evidence) - 1))
    item = evidence[index]
    improved = dataclasses.replace(
        item, strength=data.draw(st.integers(item.strength, 3)),
        last_reviewed=data.draw(st.dates(item.last_reviewed, AS_OF)),
        status=data.draw(st.sampled_from(STATUSES[STATUSES.index(item.status):])))
    before = score(council(evidence), RULES)
    after = score(council([*evidence[:index], improved, *evidence[index + 1:]]), RULES)
    for b, a in zip(before.criteria, after.criteria):
        assert a.evidence_score >= b.evidence_score
        assert {"red": 0, "amber": 1, "green": 2}[a.evidence_rag] >= {"red": 0, "amber": 1, "green": 2}[b.evidence_rag]


@SETTINGS
@given(st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False),
       st.sampled_from(["higher_is_better", "lower_is_better"]))
def test_a_worse_kpi_never_gets_a_better_rag(value, worse_by, comparator, polarity):
    kdef = dataclasses.replace(framework().kpis["timely"], polarity=polarity)
    worse = value - worse_by if polarity == "higher_is_better" else value + worse_by
    level = {"red": 0, "amber": 1, "green": 2}
    assert level[rate(kdef, worse, comparator, RULES)] <= level[rate(kdef, value, comparator, RULES)]


@SETTINGS
@given(st.lists(evidence_items, max_size=12).map(unique_ids), kpi_values, actions_st)
def test_every_non_green_criterion_has_a_reason_and_a_gap(evidence, values, actions):
    card = score(council(evidence, values, actions), RULES)
    for c in card.criteria:
        assert c.reasons, c.id
        if c.rag != "green":
            assert any(c.id in g.criteria for g in card.gaps), (c.id, c.rag, c.reasons)


@SETTINGS
@given(st.lists(evidence_items, max_size=12).map(unique_ids), kpi_values, actions_st)
def test_scoring_is_deterministic(evidence, values, actions):
    import json

    data = council(evidence, values, actions)
    assert json.dumps(score(data, RULES).to_dict()) == json.dumps(score(data, RULES).to_dict())
