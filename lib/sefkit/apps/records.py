"""A form for one record of evidence.csv or actions.csv: checked exactly as `sef validate` checks a row.

The form shows a record's fields with visible labels; saving runs the workspace
layer's per-record check on what was typed (the same messages, field by field),
the personal-data guard on free text, then saves through the session (merged
with anyone else's save; a conflict names who and when, and keeps the text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import ipywidgets as w

from ..problems import Problems
from ..workspace.actions import check_action
from ..workspace.cells import Cells
from ..workspace.evidence import check_evidence
from ..workspace.specs import ACTIONS, EVIDENCE
from .common import Messages, button, dropdown, esc, personal_data, text, textarea
from .session import SaveResult, Session

Kind = Literal["evidence", "actions"]


@dataclass(frozen=True)
class FieldView:
    name: str
    label: str
    widget: Literal["text", "long", "choice"] = "text"
    free_text: bool = False           # checked by the personal-data guard


EVIDENCE_FIELDS = (
    FieldView("id", "Id"), FieldView("title", "Title", free_text=True), FieldView("annex_a", "Annex A item", "choice"),
    FieldView("criteria", "Criteria (ids, separated by ;)"), FieldView("status", "Status", "choice"),
    FieldView("strength", "Strength", "choice"), FieldView("owner", "Owner (a role)"),
    FieldView("last_reviewed", "Last reviewed (YYYY-MM-DD)"), FieldView("location", "Location"),
    FieldView("notes", "Notes", "long", free_text=True))
ACTION_FIELDS = (
    FieldView("ref", "Ref"), FieldView("action", "Action", "long", free_text=True),
    FieldView("criteria", "Criteria (ids, separated by ;)"), FieldView("lead", "Lead (a role)"),
    FieldView("due", "Due (YYYY-MM-DD)"), FieldView("status", "Status", "choice"),
    FieldView("progress", "Progress this period", "long", free_text=True),
    FieldView("evidence_of_impact", "Evidence of impact", "long", free_text=True))


class RecordForm:
    def __init__(self, kind: Kind, session: Callable[[], Session], who: Callable[[], str], messages: Messages,
                 saved: Callable[[str], None]):
        self.kind, self.session, self.who, self.messages, self.saved = kind, session, who, messages, saved
        self.views = EVIDENCE_FIELDS if kind == "evidence" else ACTION_FIELDS
        self.key = "id" if kind == "evidence" else "ref"
        self.names = EVIDENCE.names if kind == "evidence" else ACTIONS.names
        self.boxes: dict[str, Any] = {}
        for v in self.views:
            if v.widget == "choice":
                self.boxes[v.name] = dropdown(v.label, [])
            elif v.widget == "long":
                self.boxes[v.name] = textarea(v.label, rows=3)
            else:
                self.boxes[v.name] = text(v.label)
        self.base: dict[str, Any] = {}
        self.editing = ""                      # the key of the record being edited ("" for a new one)
        self.save_button = button("Save item" if kind == "evidence" else "Save action")
        self.save_anyway = button("Save anyway")
        self.save_anyway.layout.display = "none"
        self.widget = w.VBox([*self.boxes.values(), w.HBox([self.save_button, self.save_anyway])])

    def refresh_choices(self) -> None:
        data = self.session().data
        if self.kind == "evidence":
            self.boxes["annex_a"].options = [("None", ""), *[(f"{a.id} {a.title}", a.id)
                                                             for a in data.framework.annex_a.values()]]
            self.boxes["status"].options = [(t.label, t.code) for t in data.vocab.readiness_status.terms]
            strengths = data.vocab.evidence_strength.terms
            self.boxes["strength"].options = [(f"{t.code}: {t.label}", t.code) for t in strengths]
        else:
            self.boxes["status"].options = [(t.label, t.code) for t in data.vocab.action_status.terms]

    def edit(self, key: str, values: dict[str, Any] | None = None) -> None:
        """Show a record (by key; "" for a new one, with `values` filled in)."""
        self.refresh_choices()
        self.editing = key
        self.base = self.session().record_values(self.kind, key) if key else {}
        shown = {**self.base, **(values or {})}
        for name, box in self.boxes.items():
            value = str(shown.get(name, "") or "")
            if isinstance(box, w.Dropdown):
                options = [v for _, v in box.options]
                box.value = value if value in options else options[0] if options else None
            else:
                box.value = value
        self.boxes[self.key].disabled = bool(key)      # a record's id is how others link to it: kept
        self.save_anyway.layout.display = "none"

    def values(self) -> dict[str, str]:
        return {name: str(box.value if box.value is not None else "").strip() for name, box in self.boxes.items()}

    def check(self, values: dict[str, str]) -> Problems:
        """The per-record check `sef validate` runs on a row, on what the form holds."""
        session = self.session()
        problems = Problems()
        shown = session.files.shown(session.files.path(self.kind))
        cells = Cells.of_form(shown, values, self.names, problems)
        ctx = session.ws.context(session.data, session.today)
        (check_evidence if self.kind == "evidence" else check_action)(cells, ctx)
        existing = {e.id for e in session.data.evidence} if self.kind == "evidence" else \
            {a.ref for a in session.data.actions}
        if not self.editing and values.get(self.key) in existing:
            problems.error("duplicate-id", shown, 0, 1, f"{self.key} '{values[self.key]}' is already used; choose "
                           "another")
        return problems

    def save(self, confirmed: bool = False) -> SaveResult | str:
        who = self.who()
        if not who:
            self.messages.warn("Give your name or role in 'Your name or role' first: every save records who made it.")
            return "no name"
        values = self.values()
        problems = self.check(values)
        if problems.errors:
            self.messages.warn("Not saved: please correct these.", "<ul>" + "".join(
                f"<li>{esc(p.message)}</li>" for p in problems.errors) + "</ul>")
            return "invalid"
        flagged = personal_data({v.label: values[v.name] for v in self.views if v.free_text})
        if flagged and not confirmed:
            self.save_anyway.layout.display = ""
            self.messages.warn("This looks like personal data: " + flagged + ". Remove it, or choose 'Save anyway' "
                               "if it is not about a child or family.")
            return "flagged"
        self.save_anyway.layout.display = "none"
        session = self.session()
        if not self.editing:
            session.add_record(self.kind, values, who)
            self.editing, self.base = values[self.key], session.record_values(self.kind, values[self.key])
            self.messages.say(f"Added {values[self.key]}.")
            self.saved(values[self.key])
            return SaveResult("saved", saved_fields=tuple(values))
        result = session.save_record(self.kind, self.editing, self.base, values, who)
        if result.outcome == "conflict":
            from .assessment import conflict_html

            self.messages.warn(f"Not saved: someone else changed {self.editing} since you opened it. Your text is "
                               "still in the form; reload the item to see theirs.", conflict_html(result.conflicts))
            return result
        self.base = session.record_values(self.kind, self.editing)
        self.messages.say("Nothing to save: it is as last saved." if result.outcome == "unchanged" else
                          f"Saved {self.editing}" + (" (merged with changes someone else saved meanwhile)."
                                                     if result.outcome == "merged" else "."))
        self.saved(self.editing)
        return result
