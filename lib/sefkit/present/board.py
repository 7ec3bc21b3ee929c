"""The one-page board summary: where we stand, headline figures with their change since the last report,
the few things that most need to change, and what the board is asked to do.

Written for a partnership board or scrutiny committee reading one page: one sentence each, lists as
lists, ids named so a reader can find the detail further on. Every figure comes from the scorecard and
the council's earlier snapshot (workspace.snapshots); none is typed by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..scoring.card import Gap, Scorecard
from ..workspace.snapshots import History, Snapshot
from .narrative import direction, join_words, plural

MOST_CHANGES = 5          # "the three to five things that most need to change"
NAMED = 4                 # ids named in one bullet before "and N more"

# One bullet per kind of gap, in the order the scorecard ranks them (most severe first).
GAP_HEADLINES: dict[str, str] = {
    "over_claim": "Our evaluation is more positive than the evidence supports for {ids}: revisit it with partners "
                  "or strengthen the evidence",
    "annex_a_missing": "{n} Annex A {items} {have} no evidence yet: {ids}",
    "annex_a_high_risk": "{n} Annex A {items} {are} high risk: {ids}; agree a recovery plan with each owner",
    "criterion_no_evidence": "No evidence is linked to {ids}",
    "red_criterion_without_action": "No open action addresses the RED {criteria}: {ids}",
    "kpi_worse_than_comparator": "{n} {kpis} {are} worse than {their} comparator: {ids}",
    "criterion_weak_evidence": "The evidence for {ids} is weak",
    "annex_a_in_progress": "{n} Annex A {items} {are} still in progress: {ids}",
    "kpi_declining": "{n} {kpis} {are} declining: {ids}",
    "action_overdue": "{n} {actions} {are} overdue: {ids}",
    "evidence_stale": "{n} evidence {items} {have} not been reviewed recently: {ids}",
    "action_without_lead": "{n} {actions} {have} no lead: {ids}",
}


def where_we_stand(card: Scorecard) -> str:
    """One sentence, in the framework's 2025 language (an outcome, never a judgement)."""
    o = card.indicative_outcome
    return (f"On our own evidence at {card.as_of:%d %B %Y}, the partnership's self-evaluation points to the "
            f"outcome \u201c{o.label}\u201d: an indicative reading, not an inspection outcome.")


def last_snapshot(history: History) -> Snapshot | None:
    return history.snapshots[-1] if history.snapshots else None


@dataclass(frozen=True)
class Figure:
    name: str
    now: float
    before: float | None
    unit: str = ""                  # "%" or ""
    higher_is_better: bool = True


def headline_figures(card: Scorecard, before: Snapshot | None) -> list[Figure]:
    red = sum(1 for c in card.criteria if c.rag == "red")
    over = sum(1 for c in card.criteria if c.check == "over_claim")
    return [
        Figure("Annex A items ready", card.annex_a.ready_pct, before.ready_pct if before else None, "%"),
        Figure(f"Criteria rated RED (of {len(card.criteria)})", red, before.red_criteria if before else None,
               higher_is_better=False),
        Figure("Evaluations more positive than the evidence", over, before.over_claims if before else None,
               higher_is_better=False),
        Figure("Actions overdue", len(card.actions.overdue), before.overdue_actions if before else None,
               higher_is_better=False),
        Figure("KPIs rated RED", sum(1 for k in card.kpis if k.rag == "red"), None, higher_is_better=False),
    ]


def change_words(figure: Figure) -> str:
    """'↑ 6 points, better', '↓ 2, better', '→ no change' (an arrow and its word: never a colour alone)."""
    if figure.before is None:
        return "not recorded"
    delta = figure.now - figure.before
    if abs(delta) < 0.05:
        return "\u2192 no change"
    amount = f"{abs(delta):g}" + (" points" if figure.unit == "%" else "")
    arrow, word = direction(delta, figure.higher_is_better)
    return f"{arrow} {'up' if delta > 0 else 'down'} {amount}, {word}"


def figures_table(card: Scorecard, history: History) -> pd.DataFrame:
    before = last_snapshot(history)
    rows = []
    for f in headline_figures(card, before):
        row = {"Measure": f.name, "Now": f"{f.now:g}{f.unit}"}
        if before is not None:
            row[f"Last report ({before.as_of:%d %b %Y})"] = "" if f.before is None else f"{f.before:g}{f.unit}"
            row["Change"] = change_words(f)
        rows.append(row)
    return pd.DataFrame(rows)


def outcome_change(card: Scorecard, history: History, label: Callable[[str], str]) -> str:
    """'Last report (30 June 2025): “Significant concerns”.' when the indicative outcome has moved, else ''."""
    before = last_snapshot(history)
    if before is None or not before.outcome or before.outcome == card.indicative_outcome.outcome:
        return ""
    return (f"At the last report ({before.as_of:%d %B %Y}) it pointed to \u201c{label(before.outcome)}\u201d.")


def things_to_change(card: Scorecard, kpi_title: Callable[[str], str] | None = None,
                     most: int = MOST_CHANGES) -> list[str]:
    """The few things that most need to change: one bullet per kind of gap (high and medium severity),
    most severe kind first, each naming what it is about."""
    kinds: dict[str, list[Gap]] = {}
    for gap in card.gaps:
        if gap.severity in ("high", "medium"):
            kinds.setdefault(gap.type, []).append(gap)
    bullets = []
    for kind, gaps in list(kinds.items())[:most]:
        names = list(dict.fromkeys(_subject(g, kpi_title) for g in gaps))
        n = len(names)
        bullets.append(GAP_HEADLINES[kind].format(
            n=n, ids=named(names), items="item" if n == 1 else "items", have="has" if n == 1 else "have",
            are="is" if n == 1 else "are", criteria="criterion" if n == 1 else "criteria",
            kpis="KPI" if n == 1 else "KPIs", their="its" if n == 1 else "their",
            actions="action" if n == 1 else "actions") + ".")
    return bullets


def named(names: list[str]) -> str:
    """'A, B, C, D and 3 more': a board page names a few and counts the rest."""
    shown = names[:NAMED] + ([f"{len(names) - NAMED} more"] if len(names) > NAMED else [])
    return join_words(shown)


def _subject(gap: Gap, kpi_title: Callable[[str], str] | None) -> str:
    if gap.type.startswith("kpi_") and gap.ref:
        return kpi_title(gap.ref) if kpi_title else gap.ref
    return gap.annex_a or gap.ref or gap.criterion or gap.description


def board_asks(card: Scorecard) -> list[str]:
    """What the board is asked to do, from what the scorecard found."""
    red = [c.id for c in card.criteria if c.rag == "red"]
    over = [c.id for c in card.criteria if c.check == "over_claim"]
    asks = ["Agree this self-evaluation as the partnership's shared view, or say where it should change."]
    if over:
        asks.append(f"Challenge the evaluation of {named(over)}, where the evidence supports less.")
    if red:
        asks.append(f"Ask the leads of the RED {'criterion' if len(red) == 1 else 'criteria'} "
                    f"({named(red)}) how and when they will improve.")
    if card.actions.overdue:
        asks.append(f"Ask for a new date for {plural(len(card.actions.overdue), 'overdue action')}.")
    if card.actions.without_lead:
        asks.append(f"Name a lead for {plural(len(card.actions.without_lead), 'action')} that "
                    f"{'has' if len(card.actions.without_lead) == 1 else 'have'} none.")
    return asks[:MOST_CHANGES]
