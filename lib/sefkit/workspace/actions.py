"""evidence/<council>/actions.csv: the improvement / action plan, checked record by record."""

from __future__ import annotations

from ..model import Action, Extra
from ..problems import Problems
from .cells import Cells
from .context import CheckContext
from .sources import Table


def check_action(c: Cells, ctx: CheckContext, extra: Extra = ()) -> Action | None:
    """One action; None if it has an error. `overdue` is derived from the due date, never stored."""
    before = c.problems.error_count
    ref = c.text("ref", required=True)
    text = c.text("action", required=True)
    criteria = c.criteria("criteria", ctx.framework)
    lead = c.role("lead")
    due = c.date("due")
    status_text = c.get("status")
    vocab = ctx.vocab.action_status
    if status_text and vocab.match(status_text) is None and "overdue" in status_text.lower():
        c.error("overdue-stored", "status", f"'{status_text}': overdue is worked out from the due date, never "
                f"stored; record the action's real status ({vocab.choices()})")
        return None
    status = c.word("status", vocab, "an action status")
    if c.problems.error_count > before or status is None:
        return None
    return Action(ref=ref, action=text, criteria=criteria, lead=lead, due=due, status=status,
                  progress=c.text("progress"), evidence_of_impact=c.text("evidence_of_impact"), line=c.line,
                  extra=extra)


def read_actions(table: Table, ctx: CheckContext, problems: Problems) -> tuple[Action, ...]:
    actions, _ = table.records(lambda c, extra: check_action(c, ctx, extra), "ref", "action ref", problems)
    return tuple(actions)
