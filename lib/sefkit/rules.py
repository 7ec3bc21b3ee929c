"""Scoring rules (sef/scoring.yaml): thresholds, weights and windows as typed data.

Loading checks every value's type and range and names the line of any mistake;
`check_against` then checks the rules fit the vocabularies in use (a readiness
status a council added needs a factor, every evidence strength needs points),
so a customisation is refused by `sef validate` with a message instead of
crashing `sef score`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, cast, get_args

from .paths import builtin_sef_dir, cached_load
from .problems import InputError, Problem, Problems
from .vocab import Vocabularies
from .yamlfile import YamlDoc, load_yaml

ItemStatusRule = Literal["least_ready", "most_ready"]
Comparator = Literal["target", "statistical_neighbours", "region", "national", "england_catalogue"]
COMPARATORS: tuple[Comparator, ...] = get_args(Comparator)


@dataclass(frozen=True)
class EvidenceRules:
    strength_points: Mapping[int, float]
    status_factor: Mapping[str, float]
    stale_factor: float
    top_weights: tuple[float, ...]
    green_from: float
    amber_from: float
    impact_strength: int


@dataclass(frozen=True)
class KpiRules:
    tolerance: Mapping[str, float]        # by unit, plus count_relative and default_relative (shares)
    trend_periods: int
    comparator_order: tuple[Comparator, ...]


@dataclass(frozen=True)
class OutcomeRules:
    min_red_criteria: int
    min_share_not_ready: float
    min_share_green: float
    min_ready_pct: float


@dataclass(frozen=True)
class Rules:
    window_months: int
    item_status: ItemStatusRule
    evidence: EvidenceRules
    kpis: KpiRules
    red_kpis_for_red: int
    outcome: OutcomeRules
    source: str
    status_factor_line: int = 1
    strength_points_line: int = 1
    warnings: tuple[Problem, ...] = ()     # found while loading; `sef validate` shows them


def rules_path(workspace: Path | None = None) -> Path:
    own = None if workspace is None else Path(workspace) / "sef" / "scoring.yaml"
    if own is not None and os.path.lexists(own):    # (a folder or a broken link there is reported, not skipped)
        return own
    return builtin_sef_dir() / "scoring.yaml"


def load_rules(workspace: Path | None = None) -> Rules:
    return cached_load(rules_path(workspace), _load_rules)


class _Reader:
    """Typed values out of the YAML document, each problem at the value's line."""

    def __init__(self, doc: YamlDoc, problems: Problems):
        self.doc, self.problems = doc, problems

    def raw(self, *path: Any) -> Any:
        value: Any = self.doc.data
        for key in path:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                return None
        return value

    def fail(self, path: tuple[Any, ...], message: str) -> None:
        self.problems.error("rules", self.doc.shown, *self.doc.pos(*path), message)

    def number(self, *path: Any, lo: float | None = None, hi: float | None = None, whole: bool = False) -> float:
        value = self.raw(*path)
        name = ".".join(map(str, path))
        if value is None:
            self.fail(path, f"'{name}' is required (a {'whole ' if whole else ''}number)")
            return 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and value != int(value)):
            self.fail(path, f"'{path[-1]}' must be a {'whole ' if whole else ''}number, not {value!r}")
            return 0.0
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bounds = f"{lo:g} or more" if hi is None else f"between {lo:g} and {hi:g}"
            self.fail(path, f"'{path[-1]}' is {value:g}; it must be {bounds}")
        return float(value)

    def mapping(self, *path: str) -> dict[Any, Any]:
        value = self.raw(*path)
        if not isinstance(value, dict):
            self.fail(path, f"'{'.'.join(path)}' is required (a mapping)")
            return {}
        return value

    def numbers(self, *path: str, lo: float = 0.0) -> dict[str, float]:
        return {str(k): self.number(*path, k, lo=lo) for k in self.mapping(*path)}

    def choice(self, allowed: tuple[str, ...], *path: str) -> str:
        value = self.raw(*path)
        if value not in allowed:
            self.fail(path, f"'{path[-1]}' is {value!r}; use one of: {', '.join(allowed)}")
            return allowed[0]
        return str(value)


def _load_rules(path: Path) -> Rules:
    shown = str(path)
    problems = Problems()
    doc = load_yaml(path, shown, problems)
    if doc is None or not isinstance(doc.data, dict):
        if doc is not None:
            problems.error("rules", shown, 1, 1, "expected the scoring rules as a mapping (see sef/scoring.yaml)")
        raise InputError(problems.items)
    r = _Reader(doc, problems)
    if isinstance(r.raw("gaps"), dict) and "weak_evidence_below" in r.raw("gaps"):
        problems.warning("name-unread", shown, *doc.key_pos("gaps", "weak_evidence_below"),
                         "'gaps.weak_evidence_below' is no longer read: a criterion has weak evidence when its "
                         "evidence RAG is below green (evidence.green_from); remove the line")
    points = {int(k) if str(k).isdigit() else -1: v for k, v in r.numbers("evidence", "strength_points").items()}
    if -1 in points:
        r.fail(("evidence", "strength_points"), "'strength_points' keys are the evidence strengths 0, 1, 2, ...")
    weights = r.raw("evidence", "top_weights")
    if not isinstance(weights, list) or not weights:
        r.fail(("evidence", "top_weights"), "'top_weights' must be a list of numbers (best item first)")
        weights = []
    top = tuple(r.number("evidence", "top_weights", i, lo=0) for i in range(len(weights)))
    order = r.raw("kpis", "comparator_order")
    if not isinstance(order, list) or not order:
        r.fail(("kpis", "comparator_order"), f"'comparator_order' must be a list of: {', '.join(COMPARATORS)}")
        order = []
    for i, name in enumerate(order):
        if name not in COMPARATORS:
            r.fail(("kpis", "comparator_order", i), f"'{name}' is not a comparator; use: {', '.join(COMPARATORS)}")
    rules = Rules(
        window_months=int(r.number("freshness", "window_months", lo=1, whole=True)),
        item_status=cast(ItemStatusRule, r.choice(get_args(ItemStatusRule), "annex_a", "item_status")),
        evidence=EvidenceRules(
            strength_points=points, status_factor=r.numbers("evidence", "status_factor"),
            stale_factor=r.number("evidence", "stale_factor", lo=0, hi=1), top_weights=top,
            green_from=r.number("evidence", "green_from", lo=0, hi=100),
            amber_from=r.number("evidence", "amber_from", lo=0, hi=100),
            impact_strength=int(r.number("evidence", "impact_strength", lo=0, whole=True))),
        kpis=KpiRules(tolerance=r.numbers("kpis", "tolerance"),
                      trend_periods=int(r.number("kpis", "trend_periods", lo=2, whole=True)),
                      comparator_order=tuple(c for c in order if c in COMPARATORS)),
        red_kpis_for_red=int(r.number("criteria", "red_kpis_for_red", lo=1, whole=True)),
        outcome=OutcomeRules(
            min_red_criteria=int(r.number("outcome", "significant_concerns", "min_red_criteria", lo=1, whole=True)),
            min_share_not_ready=r.number("outcome", "significant_concerns", "min_share_not_ready", lo=0, hi=1),
            min_share_green=r.number("outcome", "positive", "min_share_green", lo=0, hi=1),
            min_ready_pct=r.number("outcome", "positive", "min_ready_pct", lo=0, hi=100)),
        source=shown, status_factor_line=doc.pos("evidence", "status_factor")[0],
        strength_points_line=doc.pos("evidence", "strength_points")[0])
    if rules.evidence.amber_from > rules.evidence.green_from:
        r.fail(("evidence", "amber_from"), "'amber_from' must not be above 'green_from'")
    problems.raise_if_errors()
    return replace(rules, warnings=tuple(problems.items))


def check_against(rules: Rules, vocab: Vocabularies) -> Problems:
    """Problems where the rules do not fit the vocabularies: every readiness status needs a factor and
    every evidence strength needs points, or scoring could not value an item that validates."""
    problems = Problems()
    for term in vocab.readiness_status.terms:
        if term.code not in rules.evidence.status_factor:
            problems.error("rules", rules.source, rules.status_factor_line, 1,
                           f"evidence.status_factor has no factor for readiness status '{term.code}' "
                           f"({vocab.source}:{term.line}); add '{term.code}: <0-1>' (a workspace's own "
                           "scoring rules go in its sef/scoring.yaml)")
    for code in rules.evidence.status_factor:
        if code not in vocab.readiness_status.codes:
            problems.warning("rules", rules.source, rules.status_factor_line, 1,
                             f"evidence.status_factor names '{code}', which is not a readiness status in "
                             f"{vocab.source}; it is never used")
    strengths = [int(t.code) for t in vocab.evidence_strength.terms]
    for strength in strengths:
        if strength not in rules.evidence.strength_points:
            problems.error("rules", rules.source, rules.strength_points_line, 1,
                           f"evidence.strength_points has no points for strength {strength}")
    if rules.evidence.impact_strength not in strengths:
        problems.error("rules", rules.source, rules.strength_points_line, 1,
                       f"evidence.impact_strength {rules.evidence.impact_strength} is not an evidence strength "
                       f"({', '.join(map(str, strengths))})")
    return problems
