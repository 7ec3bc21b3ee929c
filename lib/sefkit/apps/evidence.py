"""The evidence library and Annex A tracker page.

Every Annex A item with its readiness (the council's own statuses, plus missing),
its evidence, owners and review date, filtered by status, owner, criterion and
staleness; each evidence item's status and review date changed where it is
listed; an item added or edited in a form checked exactly as `sef validate`
checks a row; the counts by status updated as the person edits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..dates import parse_date
from ..present.theme import status_colour
from ..privacy import publishable_role
from ..scoring.card import MISSING
from .common import NO_COUNCIL, CouncilPage, Heartbeat, Messages, button, dropdown, esc, guarded, heading, html, text
from .records import RecordForm
from .session import Session

ALL = "*"
MISSING_LABEL = "No evidence (missing)"


@dataclass
class EvidencePage(CouncilPage):
    workspace: Path
    council: str = ""
    user: str = ""
    today: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        self.pick_council()
        self.messages = Messages()
        self.title = heading("Evidence library and Annex A tracker", 1)
        self.counts = html()
        self.status_filter = dropdown("Status", [])
        self.owner_filter = dropdown("Owner", [])
        self.criterion_filter = dropdown("Criterion", [])
        self.stale_only = w.Checkbox(description="Only stale evidence", indent=False)
        self.tracker = html()
        self.rows = w.VBox()
        self.item_choice = dropdown("Edit item", [])
        self.form = RecordForm("evidence", lambda: self.session, self.person, self.messages, self._saved)
        self.heartbeat = Heartbeat()
        self.widget = w.VBox([
            self.heartbeat.widget, self.title, w.HBox([self.council_box], layout=w.Layout(flex_flow="row wrap")),
            self.who, self.counts,
            heading("Filter"), w.HBox([self.status_filter, self.owner_filter, self.criterion_filter, self.stale_only],
                                      layout=w.Layout(flex_flow="row wrap")),
            heading("Annex A items"), self.tracker, heading("Evidence: status and review date"), self.rows,
            heading("Add or edit an evidence item"), self.item_choice, self.form.widget, self.messages.box])
        g = guarded(self.messages, "updating the page")
        self.council_box.observe(g(lambda change: self.load(change["new"])), "value")
        for box in (self.status_filter, self.owner_filter, self.criterion_filter, self.stale_only):
            box.observe(g(lambda change: self.show()), "value")
        self.item_choice.observe(g(lambda change: self.form.edit(change["new"] or "")), "value")
        self.form.save_button.on_click(guarded(self.messages, "saving")(lambda b: self.form.save()))
        self.form.save_anyway.on_click(guarded(self.messages, "saving")(lambda b: self.form.save(confirmed=True)))
        self.load(self.council)

    def load(self, council: str) -> None:
        if not council:
            self.messages.warn(NO_COUNCIL)
            return
        self.council = council
        self.session = Session(self.workspace, council, self.today)
        data = self.session.data
        self.title.value = f"<h1>Evidence library and Annex A tracker: {esc(data.params.name)}</h1>"
        self.status_filter.options = [("All", ALL), *[(t.label, t.code) for t in data.vocab.readiness_status.terms],
                                      (MISSING_LABEL, MISSING)]
        owners = sorted({e.owner for e in data.evidence})
        self.owner_filter.options = [("All", ALL), *[(publishable_role(o), o) for o in owners]]
        self.criterion_filter.options = [("All", ALL), *[(f"{c.id} {c.title}", c.id)
                                                         for c in data.framework.criteria.values()]]
        self.refresh()
        self.form.edit("")

    def refresh(self) -> None:
        """After a save: the counts, the tracker and the rows from the files as they are now."""
        data = self.session.data
        self.item_choice.options = [("New item", ""), *[(f"{e.id}: {e.title}", e.id) for e in data.evidence]]
        self.show()

    # -- what the page lists ------------------------------------------------------------------------
    def _wanted_items(self) -> list[Any]:
        card, data = self.session.card, self.session.data
        items = card.annex_a.items
        status, owner, criterion = self.status_filter.value, self.owner_filter.value, self.criterion_filter.value
        return [i for i in items
                if (status in (ALL, None) or i.status == status)
                and (owner in (ALL, None) or owner in i.owners)
                and (criterion in (ALL, None) or criterion in data.framework.annex_a[i.id].criteria)
                and (not self.stale_only.value or i.stale)]

    def show(self) -> None:
        self.show_summary()
        self.show_rows()

    def show_summary(self) -> None:
        card = self.session.card
        a = card.annex_a
        terms = {t.code: t for t in a.statuses}
        rows = "".join(
            f'<tr><td><span aria-hidden="true" style="display:inline-block;width:0.8em;height:0.8em;'
            f'background:{status_colour(terms.get(code))};border:1px solid #1a1a1a"></span> '
            f"{esc(terms[code].label if code in terms else MISSING_LABEL)}</td><td>{n}</td></tr>"
            for code, n in a.counts.items())
        self.counts.value = (f'<table class="sef-table"><caption>Annex A items by readiness ({a.ready_pct:g}% '
                             'ready)</caption><thead><tr><th scope="col">Status</th><th scope="col">Items</th></tr>'
                             f"</thead><tbody>{rows}</tbody></table>")
        items = self._wanted_items()
        body = "".join(
            f"<tr><td>{esc(i.id)}</td><td>{esc(i.title)}</td>"
            f"<td>{esc(terms[i.status].label if i.status in terms else MISSING_LABEL)}</td>"
            f"<td>{esc(', '.join(i.evidence) or 'none')}</td>"
            f"<td>{esc('; '.join(publishable_role(o) for o in i.owners) or 'none named')}</td>"
            f"<td>{i.last_reviewed.isoformat() if i.last_reviewed else ''}</td>"
            f"<td>{'Yes' if i.stale else 'No'}</td></tr>"
            for i in items)
        self.tracker.value = (
            f'<table class="sef-table"><caption>{len(items)} of {len(a.items)} Annex A items</caption><thead><tr>'
            '<th scope="col">Item</th><th scope="col">Title</th><th scope="col">Readiness</th>'
            '<th scope="col">Evidence</th><th scope="col">Owner</th><th scope="col">Last reviewed</th>'
            f'<th scope="col">Stale</th></tr></thead><tbody>{body}</tbody></table>')

    def _wanted_evidence(self) -> list[Any]:
        """Evidence items that match the filters themselves (an item may evidence no Annex A item)."""
        data = self.session.data
        stale_before = self.session.ws.context(data, self.today).stale_before
        status, owner, criterion = self.status_filter.value, self.owner_filter.value, self.criterion_filter.value
        annex = data.framework.annex_a
        return [e for e in data.evidence
                if (status in (ALL, None) or e.status == status)
                and (owner in (ALL, None) or e.owner == owner)
                and (criterion in (ALL, None) or criterion in (e.criteria or (annex[e.annex_a].criteria
                                                                              if e.annex_a else ())))
                and (not self.stale_only.value or e.last_reviewed < stale_before)]

    def show_rows(self) -> None:
        self.rows.children = [self._row(e) for e in self._wanted_evidence()]

    def _row(self, item: Any) -> w.Widget:
        """One evidence item with its status and review date, changed where it is listed. A button saves
        (not every change of the list: arrow keys move through a list's choices one by one)."""
        vocab = self.session.data.vocab.readiness_status
        status = dropdown(f"Status of {item.id}", [(t.label, t.code) for t in vocab.terms], item.status)
        reviewed = text(f"Last reviewed {item.id} (YYYY-MM-DD)", item.last_reviewed.isoformat())
        reviewed.layout.width = "24rem"
        save = button(f"Save {item.id}")
        save.on_click(guarded(self.messages, f"saving {item.id}")(
            lambda b, i=item.id: self.change(i, {"status": status.value, "last_reviewed": reviewed.value})))
        label = html(f"<p><strong>{esc(item.id)}</strong>: {esc(item.title)}</p>")
        row = w.VBox([label, w.HBox([status, reviewed, save], layout=w.Layout(flex_flow="row wrap"))])
        row.key = item.id
        return row

    def change(self, key: str, values: dict[str, str]) -> None:
        """An item's status and review date, saved from its row (checked as the form checks it)."""
        if parse_date(values.get("last_reviewed", "")) is None:
            self.messages.warn(f"Not saved: '{values.get('last_reviewed')}' is not a date; write it as YYYY-MM-DD.")
            return
        self.item_choice.value = key
        self.form.edit(key)
        for name, value in values.items():
            self.form.boxes[name].value = value
        self.form.save()

    def _saved(self, key: str) -> None:
        """The counts and the tracker as the files are now. The rows stay as they are (a keyboard user's place
        on the page is kept) until a filter changes, except that a new item gets its row."""
        data = self.session.data
        known = {e.id for e in data.evidence}
        listed = {row.key for row in self.rows.children if hasattr(row, "key")}
        self.item_choice.options = [("New item", ""), *[(f"{e.id}: {e.title}", e.id) for e in data.evidence]]
        self.item_choice.value = key if key in known else ""
        self.show_summary()
        if key not in listed:
            self.show_rows()


def page(workspace: Path | None = None) -> EvidencePage:
    """The page for a notebook, built before anyone opens it (see `opened`)."""
    from .common import preload_council, workspace_root

    return EvidencePage(workspace or workspace_root(), preload_council())
