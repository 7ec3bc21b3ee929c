"""The action plan page: the improvement plan as councils run it.

Each action's status, progress this period, evidence of impact, due date and
lead (a role), overdue first (overdue is worked out from the due date, never
stored); an action edited or added in a form checked exactly as `sef validate`
checks a row; and, from the gap analysis, an action added for a gap in one step.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as w

from ..privacy import publishable_role
from ..scoring.actions import is_overdue
from .common import NO_COUNCIL, CouncilPage, Heartbeat, Messages, button, dropdown, esc, guarded, heading, html
from .records import RecordForm
from .session import Session


@dataclass
class ActionPlanPage(CouncilPage):
    workspace: Path
    council: str = ""
    user: str = ""
    today: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        self.pick_council()
        self.messages = Messages()
        self.title = heading("Action plan", 1)
        self.summary = html()
        self.plan = html()
        self.gap_choice = dropdown("Gap", [])
        self.from_gap = button("Add an action for this gap")
        self.action_choice = dropdown("Edit action", [])
        self.form = RecordForm("actions", lambda: self.session, self.person, self.messages, self._saved)
        self.heartbeat = Heartbeat()
        self.widget = w.VBox([
            self.heartbeat.widget, self.title, self.council_box, self.who, self.summary,
            heading("Actions, overdue first"), self.plan,
            heading("Add an action from a gap"), w.HBox([self.gap_choice, self.from_gap],
                                                        layout=w.Layout(flex_flow="row wrap")),
            heading("Add or edit an action"), self.action_choice, self.form.widget, self.messages.box])
        g = guarded(self.messages, "updating the page")
        self.council_box.observe(g(lambda change: self.load(change["new"])), "value")
        self.action_choice.observe(g(lambda change: self.form.edit(change["new"] or "", None if change["new"]
                                                                   else self._new_values())), "value")
        self.from_gap.on_click(guarded(self.messages, "adding the action")(lambda b: self.add_from_gap()))
        self.form.save_button.on_click(guarded(self.messages, "saving")(lambda b: self.form.save()))
        self.form.save_anyway.on_click(guarded(self.messages, "saving")(lambda b: self.form.save(confirmed=True)))
        self.load(self.council)

    def load(self, council: str) -> None:
        if not council:
            self.messages.warn(NO_COUNCIL)
            return
        self.council = council
        self.session = Session(self.workspace, council, self.today)
        self.title.value = f"<h1>Action plan: {esc(self.session.data.params.name)}</h1>"
        self.refresh()
        self.form.edit("", self._new_values())

    def refresh(self) -> None:
        data, card = self.session.data, self.session.card
        vocab = data.vocab.action_status
        done = vocab.flagged()
        as_of = data.params.as_of or self.today
        counts = ", ".join(f"{n} {vocab.label(code).lower()}" for code, n in card.actions.counts.items() if n)
        self.summary.value = (f"<p>{len(data.actions)} actions: {esc(counts or 'none yet')}; "
                              f"<strong>{len(card.actions.overdue)} overdue</strong> (due before "
                              f"{as_of:%d %B %Y} and not done).</p>")
        ordered = sorted(data.actions, key=lambda a: (not is_overdue(a, done, as_of), a.due or dt.date.max, a.ref))
        rows = "".join(
            f"<tr><td>{esc(a.ref)}</td><td>{esc(a.action)}</td><td>{esc(publishable_role(a.lead) or 'No lead')}</td>"
            f"<td>{a.due.isoformat() if a.due else ''}</td>"
            f"<td>{'OVERDUE: ' if is_overdue(a, done, as_of) else ''}{esc(vocab.label(a.status))}</td>"
            f"<td>{esc(a.progress)}</td><td>{esc(a.evidence_of_impact)}</td><td>{esc(', '.join(a.criteria))}</td></tr>"
            for a in ordered)
        self.plan.value = (
            '<table class="sef-table"><caption>The action plan</caption><thead><tr><th scope="col">Ref</th>'
            '<th scope="col">Action</th><th scope="col">Lead</th><th scope="col">Due</th><th scope="col">Status</th>'
            '<th scope="col">Progress this period</th><th scope="col">Evidence of impact</th>'
            f'<th scope="col">Criteria</th></tr></thead><tbody>{rows}</tbody></table>' if rows else
            "<p>No actions yet.</p>")
        self.gap_choice.options = [(g.description, str(i)) for i, g in enumerate(card.gaps)
                                   if g.type != "action_overdue"] or [("No gaps found", "")]
        self.action_choice.options = [("New action", ""), *[(f"{a.ref}: {a.action}", a.ref) for a in data.actions]]

    def _new_values(self) -> dict[str, str]:
        return {"ref": next_ref([a.ref for a in self.session.data.actions]),
                "status": self.session.data.vocab.action_status.codes[0]}

    def add_from_gap(self) -> None:
        """The gap's next step as a new action (not started, for the gap's criteria), saved in one step; the
        form then shows it, to add a lead and a due date."""
        if not self.gap_choice.value:
            self.messages.say("There is no gap to add an action for.")
            return
        gap = self.session.card.gaps[int(self.gap_choice.value)]
        self.action_choice.value = ""
        self.form.edit("", {**self._new_values(), "action": f"{gap.next_step} ({gap.description})",
                            "criteria": "; ".join(gap.criteria)})
        self.form.save()

    def _saved(self, key: str) -> None:
        self.refresh()
        self.action_choice.value = key


def next_ref(refs: list[str]) -> str:
    """A ref not used yet, following the plan's own numbering where there is one (A7 after A6)."""
    numbers = [int(m.group(2)) for r in refs if (m := re.fullmatch(r"([A-Za-z]*)\s*(\d+)", r))]
    prefixes = [m.group(1) for r in refs if (m := re.fullmatch(r"([A-Za-z]*)\s*(\d+)", r))]
    prefix = max(set(prefixes), key=prefixes.count) if prefixes else "A"
    n = (max(numbers) if numbers else 0) + 1
    while f"{prefix}{n}" in refs:
        n += 1
    return f"{prefix}{n}"


def page(workspace: Path | None = None) -> ActionPlanPage:
    """The page for a notebook, built before anyone opens it (see `opened`)."""
    from .common import preload_council, workspace_root

    return ActionPlanPage(workspace or workspace_root(), preload_council())
