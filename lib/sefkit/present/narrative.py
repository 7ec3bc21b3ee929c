"""Sentences for the SEF, generated from the scorecard (no numbers typed by hand).

Written for a board reader: plain English, figures with their meaning, the
indicative outcome always labelled as indicative.
"""

from __future__ import annotations

from ..scoring.card import MISSING, Scorecard


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def join_words(words: list[str]) -> str:
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def direction(delta: float, higher_is_better: bool | None) -> tuple[str, str]:
    """A change as an arrow and its word: ("\u2191", "better"), ("\u2193", "worse"); for a figure with no
    better direction, "rising" or "falling". Never a colour alone."""
    arrow = "\u2191" if delta > 0 else "\u2193"
    if higher_is_better is None:
        return arrow, "rising" if delta > 0 else "falling"
    return arrow, "better" if (delta > 0) == higher_is_better else "worse"


def lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def readiness_sentence(card: Scorecard) -> str:
    """Ready items by status (most ready first), then the rest (least ready first): the council's own
    status words, whatever its vocabulary holds."""
    a = card.annex_a
    total = len(a.items)
    ready_terms = [t for t in a.statuses if t.counts]
    ready = sum(a.counts.get(t.code, 0) for t in ready_terms)
    text = f"{ready} of {total} Annex A items are ready ({a.ready_pct:g}%)"
    by_status = [f"{a.counts[t.code]} {lower_first(t.label)}" for t in reversed(ready_terms) if a.counts.get(t.code)]
    if any(a.counts.get(t.code) for t in ready_terms[:-1]):   # some are ready but not in the readiest state
        text += f": {join_words(by_status)}"
    text += "."
    behind = [f"{a.counts[t.code]} {lower_first(t.label)}" for t in a.statuses if not t.counts and a.counts.get(t.code)]
    if a.counts.get(MISSING):
        behind.append(f"{a.counts[MISSING]} with no evidence yet")
    if behind:
        text += f" Of the rest, {join_words(behind)}."
    if a.stale:
        verb = "rests" if len(a.stale) == 1 else "rest"
        text += (f" {plural(len(a.stale), 'item')} {verb} on evidence not reviewed in the last "
                 f"{card.rules.get('freshness_window_months', 6)} months.")
    return text


def criteria_sentence(card: Scorecard) -> str:
    counts = {r: sum(1 for c in card.criteria if c.rag == r) for r in ("green", "amber", "red")}
    red = [c.id for c in card.criteria if c.rag == "red"]
    text = (f"Of {len(card.criteria)} framework criteria, {counts['green']} are rated GREEN, {counts['amber']} AMBER "
            f"and {counts['red']} RED from the evidence and KPIs.")
    if red:
        text += f" RED: {join_words(red)}."
    return text


def kpi_sentence(card: Scorecard) -> str:
    """Counts, not names: the KPIs themselves are listed in the table that follows."""
    rated = [k for k in card.kpis if k.rag]
    if not rated:
        return "No KPI has a comparator yet, so none is rated."
    counts = {rag: sum(1 for k in rated if k.rag == rag) for rag in ("green", "amber", "red")}
    declining = sum(1 for k in card.kpis if k.trend == "declining")
    text = (f"{counts['green']} of {len(rated)} rated KPIs are at or better than their comparator; "
            f"{counts['red']} {'is' if counts['red'] == 1 else 'are'} RED and {counts['amber']} AMBER.")
    if declining:
        text += f" {plural(declining, 'KPI')} {'is' if declining == 1 else 'are'} declining over recent periods."
    return text


def actions_sentence(card: Scorecard) -> str:
    counts = card.actions.counts
    total = sum(counts.values())
    if not total:
        return "The action plan is empty."
    finished = [t for t in card.actions.statuses if t.counts]
    done = sum(counts.get(t.code, 0) for t in finished)
    text = (f"The action plan has {plural(total, 'action')}: {done} "
            f"{' or '.join(lower_first(t.label) for t in finished) or 'done'}")
    if card.actions.overdue:
        text += f", {len(card.actions.overdue)} overdue ({join_words(list(card.actions.overdue[:5]))}" \
                f"{' and others' if len(card.actions.overdue) > 5 else ''})"
    text += "."
    if card.actions.without_lead:
        n = len(card.actions.without_lead)
        text += f" {plural(n, 'open action')} {'has' if n == 1 else 'have'} no lead."
    return text


def inspection_sentences(card: Scorecard) -> list[str]:
    """The partnership's last area SEND inspection, when the next is due, and how others fared."""
    info = card.inspection
    if not info:
        return []
    out = []
    last = info.get("last")
    if last and last.get("outcome"):
        when = (_span(last["inspection_start"], last["inspection_end"]) if last.get("inspection_start")
                else f"report published {_long_date(last['publication_date'])}")
        out.append(f"Last area SEND inspection ({when}): outcome {last['outcome']}, "
                   f"\u201c{last['outcome_label']}\u201d.")
    out.append(info["window"])
    neighbours = info.get("neighbours", [])
    inspected = [n for n in neighbours if n.get("outcome")]
    if neighbours:
        counts = {g: sum(1 for n in inspected if n["outcome"] == g) for g in (1, 2, 3)}
        out.append(f"Of our {len(neighbours)} statistical neighbours, {len(inspected)} have been inspected under this "
                   f"framework: {counts[1]} typically positive, {counts[2]} inconsistent, {counts[3]} widespread or "
                   "systemic failings.")
    national = info.get("national", {})
    if national:
        total = sum(national.values())
        out.append(f"Nationally, {total} graded inspections: {national.get('1', 0)} typically positive, "
                   f"{national.get('2', 0)} inconsistent, {national.get('3', 0)} widespread or systemic failings.")
    return out


def _long_date(iso: str) -> str:
    import datetime as dt

    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def _span(start: str, end: str) -> str:
    """'18 to 22 March 2024' (or '28 February to 3 March 2024')."""
    import datetime as dt

    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end or start)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day} to {b.day} {b:%B %Y}"
    return f"{a.day} {a:%B} to {b.day} {b:%B %Y}"
