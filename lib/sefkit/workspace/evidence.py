"""evidence/<council>/evidence.csv: the Annex A evidence library, checked record by record."""

from __future__ import annotations

from ..model import EvidenceItem, Extra
from ..problems import Problems
from .cells import Cells
from .context import CheckContext
from .sources import Table


def check_evidence(c: Cells, ctx: CheckContext, extra: Extra = ()) -> EvidenceItem | None:
    """One evidence item (a row of the file, or a form's fields); None if it has an error."""
    fw, before = ctx.framework, c.problems.error_count
    ident = c.text("id", required=True)
    title = c.text("title", required=True)
    annex_text = c.text("annex_a")
    annex = None
    if annex_text:
        annex = fw.resolve_annex(annex_text)
        if annex is None:
            c.error("unknown-id", "annex_a", f"'{annex_text}' is not an Annex A item of framework '{fw.id}'"
                    f"{fw.suggest('annex_a', annex_text)}")
    criteria = c.criteria("criteria", fw)
    if not annex_text and not c.get("criteria"):
        c.error("value-required", "annex_a", "evidence must name an Annex A item ('annex_a') or at least one "
                "criterion")
    status = c.word("status", ctx.vocab.readiness_status, "a readiness status")
    strength = _strength(c, ctx)
    owner = c.text("owner", required=True)
    c.role("owner")
    reviewed = c.date("last_reviewed", required=True)
    if reviewed:
        if reviewed > ctx.today:
            c.error("date-in-future", "last_reviewed", f"last_reviewed {reviewed} is in the future")
        elif reviewed > ctx.as_of:
            c.warning("date-after-as-of", "last_reviewed", f"last_reviewed {reviewed} is after the "
                      f"self-evaluation date as_of {ctx.as_of}; is as_of out of date?")
        elif reviewed < ctx.stale_before:
            c.warning("stale-evidence", "last_reviewed", f"evidence is stale: last reviewed {reviewed}, more "
                      f"than {ctx.rules.window_months} months before {ctx.as_of}")
    if c.problems.error_count > before or status is None or strength is None or reviewed is None:
        return None
    return EvidenceItem(id=ident, title=title, annex_a=annex, criteria=criteria, status=status,
                        strength=strength, owner=owner, last_reviewed=reviewed, location=c.text("location"),
                        notes=c.text("notes"), line=c.line, extra=extra)


def _strength(c: Cells, ctx: CheckContext) -> int | None:
    text = c.get("strength")
    number = text[:-2] if text.endswith(".0") else text
    if number in ctx.strengths:
        return int(number)
    terms = ctx.vocab.evidence_strength.terms
    scale = ", ".join(f"{t.code} {t.label.lower()}" for t in terms)
    if not text:
        c.error("value-required", "strength", f"'strength' is empty; give 0-{len(terms) - 1} ({scale})")
    else:
        c.error("out-of-range", "strength", f"strength is {text!r}; it must be a whole number "
                f"0-{len(terms) - 1} ({scale})")
    return None


def read_evidence(table: Table, ctx: CheckContext, problems: Problems, whole: bool = True
                  ) -> tuple[tuple[EvidenceItem, ...], set[str] | None]:
    """The valid items, and every id written in the file (so links to an item with an error do not each
    bring a message of their own); None instead of the ids when the file was not read whole."""
    items, seen = table.records(lambda c, extra: check_evidence(c, ctx, extra), "id", "evidence id", problems)
    return tuple(items), set(seen) if whole else None
