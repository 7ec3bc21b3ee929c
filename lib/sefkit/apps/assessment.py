"""The self-assessment page: the partnership's evaluation of each criterion, saved safely.

For one council and one criterion: the evaluation on the framework's
outcome-aligned scale, confidence, strengths, areas for development, next steps,
the linked evidence (searchable, each item with its title and readiness) and the
actions that address it. Beside it, from the scoring engine: the derived RAG
with its reasons, the KPIs that inform the criterion, and a warning when the
evaluation claims more than the evidence supports.

Text typed for a criterion is kept while the person moves to another (a draft
per criterion); the page says what is unsaved, and the browser asks before the
page is left with unsaved text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..present.theme import RAG_STYLE, rag_word
from ..privacy import publishable_role
from ..scoring.kpis import fmt
from .common import (
    NO_COUNCIL,
    CouncilPage,
    Heartbeat,
    Messages,
    button,
    dropdown,
    esc,
    guarded,
    heading,
    html,
    personal_data,
    shared,
    text,
    textarea,
)
from .session import Conflict, SaveResult, Session

TEXT_FIELDS = {"strengths": "Strengths", "areas_for_development": "Areas for development",
               "next_steps": "Next steps"}
LABELS = {"judgement": "Evaluation", "confidence": "Confidence", "evidence": "Evidence", **TEXT_FIELDS}


@dataclass
class Draft:
    """What the form holds for one criterion: what was loaded (base) and what the person has typed."""

    base: dict[str, Any]
    values: dict[str, Any]
    overwrite: tuple[str, ...] = ()         # fields the person chose to keep over someone else's version

    @property
    def dirty(self) -> bool:
        from .session import same

        return any(not same(v, self.base.get(k)) for k, v in self.values.items())


@dataclass
class SelfAssessmentPage(CouncilPage):
    workspace: Path
    council: str = ""
    criterion: str = ""
    user: str = ""
    today: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        self.pick_council()
        self.messages = Messages()
        self.drafts: dict[str, Draft] = {}
        self.pending_identifiers: str = ""           # the warning shown, until the person confirms or edits
        self._loading = False
        self._build()
        self.load_council(self.council, self.criterion)

    # -- building the page ------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = heading("Self-assessment", 1)
        self.progress = html()
        self.criterion_box = dropdown("Criterion", [])
        self.heading = html()
        self.last_saved = html()
        self.judgement = dropdown("Evaluation", [])
        self.confidence = dropdown("Confidence", [])
        self.texts = {name: textarea(label) for name, label in TEXT_FIELDS.items()}
        self.find = text("Find evidence")
        self.evidence = w.SelectMultiple(description="Evidence", options=[], rows=8, style=shared("description"),
                                         layout=shared("auto"))
        self.actions = html()
        self.state = html()
        self.save = button("Save")
        self.save_anyway = button("Save anyway")
        self.keep_mine = button("Keep my version")
        self.use_theirs = button("Use their version")
        for b in (self.save_anyway, self.keep_mine, self.use_theirs):
            b.layout.display = "none"
        self.evidence_panel = html()
        form = w.VBox([self.heading, self.last_saved, self.judgement, self.confidence, *self.texts.values(),
                       self.find, self.evidence, self.actions, self.state,
                       w.HBox([self.save, self.save_anyway, self.keep_mine, self.use_theirs]), self.messages.box],
                      layout=w.Layout(flex="2 1 28rem", min_width="0"))
        side = w.VBox([self.evidence_panel], layout=w.Layout(flex="1 1 18rem", min_width="0"))
        self.heartbeat = Heartbeat()
        choose = w.HBox([self.council_box, self.criterion_box], layout=w.Layout(flex_flow="row wrap"))
        columns = w.HBox([form, side], layout=w.Layout(flex_flow="row wrap", width="100%"))
        self.widget = w.VBox([self.heartbeat.widget, self.title, self.progress, choose, self.who, columns])
        g = guarded(self.messages, "updating the page")
        self.council_box.observe(g(self._council_chosen), "value")
        self.criterion_box.observe(g(lambda change: self.show_criterion(change["new"])), "value")
        for box in (self.judgement, self.confidence, self.evidence, *self.texts.values()):
            box.observe(g(self._edited), "value")
        self.judgement.observe(g(lambda change: self._show_derived()), "value")
        self.find.observe(g(lambda change: self._filter_evidence()), "value")
        self.save.on_click(guarded(self.messages, "saving")(lambda b: self.save_now()))
        self.save_anyway.on_click(guarded(self.messages, "saving")(lambda b: self.save_now(confirmed=True)))
        self.keep_mine.on_click(guarded(self.messages, "saving")(lambda b: self.resolve(keep_mine=True)))
        self.use_theirs.on_click(guarded(self.messages, "updating the page")(lambda b: self.resolve(keep_mine=False)))

    def opened(self, query: dict[str, str], user: str = "") -> w.Widget:
        """The page for a request: its council and criterion, its person, and the files as they are now."""
        self.take_user(user)
        council, criterion = query.get("council", self.council), query.get("criterion", "")
        if council in self.councils and council != self.council:
            self.load_council(council, criterion)
        elif self.council and self.session.stale():
            self.load_council(self.council, criterion or self.criterion)
        elif criterion and self.council:
            wanted = self.session.data.framework.resolve_criterion(criterion)
            if wanted and wanted != self.criterion:
                self.criterion_box.value = wanted
        return self.widget

    # -- loading ----------------------------------------------------------------------------------
    def _council_chosen(self, change: dict) -> None:
        """A council chosen in the picker (the page also sets the picker itself when it loads a council)."""
        if change["new"] != self.council:
            self.load_council(change["new"], "")

    def load_council(self, council: str, criterion: str = "") -> None:
        if not council:
            self.messages.warn(NO_COUNCIL)
            return
        self.council = council
        self.council_box.value = council          # the picker shows the council loaded, however it was asked for
        self.session = Session(self.workspace, council, self.today)
        self.drafts = {}
        fw = self.session.data.framework
        self.title.value = f"<h1>Self-assessment: {esc(self.session.data.params.name)}</h1>"
        vocab = self.session.data.vocab
        self._loading = True
        self.judgement.options = [(t.label, t.code) for t in vocab.judgement.terms]
        self.confidence.options = [("Not given", ""), *[(t.label, t.code) for t in vocab.confidence.terms]]
        self.criterion_box.options = [(f"{fw.group_title(c.group)}: {c.id} {c.title}", c.id)
                                      for c in fw.criteria.values()]
        self._loading = False
        first = fw.resolve_criterion(criterion) if criterion else None
        self.criterion_box.value = first or next(iter(fw.criteria))
        self.show_criterion(self.criterion_box.value)

    def draft(self, criterion: str) -> Draft:
        if criterion not in self.drafts:
            base = self.session.assessment_values(criterion)
            self.drafts[criterion] = Draft(base, dict(base))
        return self.drafts[criterion]

    def show_criterion(self, criterion: str) -> None:
        if not criterion or self._loading:
            return
        self.criterion = criterion
        crit = self.session.data.framework.criteria[criterion]
        d = self.draft(criterion)
        self._loading = True
        self.heading.value = f"<h2>{esc(crit.id)} {esc(crit.title)}</h2>"
        self.judgement.value = d.values["judgement"]
        self.confidence.value = d.values["confidence"] or ""
        for name, box in self.texts.items():
            box.value = d.values[name] or ""
        self.find.value = ""
        self._filter_evidence()
        self.evidence.value = tuple(e for e in d.values["evidence"] if e in dict(self._evidence_choices()).values())
        self._loading = False
        self._show_saved_by()
        self._show_actions()
        self._show_derived()
        self._show_state()
        self._show_progress()
        self._hide_choices()

    def _evidence_choices(self) -> list[tuple[str, str]]:
        vocab = self.session.data.vocab.readiness_status
        return [(f"{e.id}: {e.title} ({vocab.label(e.status)})", e.id) for e in self.session.data.evidence]

    def _filter_evidence(self) -> None:
        wanted = self.find.value.strip().lower()
        chosen = set(self.evidence.value) | set(self.draft(self.criterion).values["evidence"])
        options = [(label, ident) for label, ident in self._evidence_choices()
                   if ident in chosen or not wanted or wanted in label.lower()]
        loading, self._loading = self._loading, True
        self.evidence.options = options
        self.evidence.value = tuple(i for _, i in options if i in chosen)
        self._loading = loading

    # -- what the page shows beside the form ----------------------------------------------------------
    def _show_saved_by(self) -> None:
        a = self.session.data.assessments.get(self.criterion)
        if a is None or not (a.updated_by or a.updated_at):
            self.last_saved.value = "<p>Not saved yet.</p>"
            return
        when = a.updated_at.strftime("%d %B %Y %H:%M") if isinstance(a.updated_at, dt.datetime) else (
            a.updated_at.strftime("%d %B %Y") if a.updated_at else "")
        on = f" on {esc(when)}" if when else ""
        self.last_saved.value = f"<p>Last saved by {esc(a.updated_by or 'someone')}{on}.</p>"

    def _show_actions(self) -> None:
        data = self.session.data
        mine = [a for a in data.actions if self.criterion in a.criteria]
        if not mine:
            self.actions.value = "<h3>Actions that address it</h3><p>None in the action plan.</p>"
            return
        items = "".join(f"<li>{esc(a.ref)}: {esc(a.action)} ({esc(data.vocab.action_status.label(a.status))}"
                        f"{', due ' + a.due.isoformat() if a.due else ''}; "
                        f"lead: {esc(publishable_role(a.lead) or 'none')})</li>" for a in mine)
        self.actions.value = f"<h3>Actions that address it</h3><ul>{items}</ul>"

    def _show_derived(self) -> None:
        if self._loading or not self.criterion:
            return
        card = self.session.card
        result = card.criterion(self.criterion)
        bg, fg, word = RAG_STYLE[result.rag]
        reasons = "".join(f"<li>{esc(r)}</li>" for r in result.reasons) or "<li>No reasons recorded.</li>"
        kpis = [k for k in card.kpis if self.criterion in k.criteria]
        kpi_rows = "".join(
            f"<tr><td>{esc(k.title)}</td><td>{esc(fmt(k.latest, k.unit)) if k.latest is not None else 'none'}</td>"
            f"<td>{esc(fmt(k.comparator_value, k.unit)) if k.comparator_value is not None else 'none'}</td>"
            f"<td>{esc(rag_word(k.rag))}</td></tr>" for k in kpis)
        kpi_table = (f'<table class="sef-table"><caption>KPIs that inform {esc(self.criterion)}</caption><thead><tr>'
                     '<th scope="col">KPI</th><th scope="col">Latest</th><th scope="col">Comparator</th>'
                     f'<th scope="col">RAG</th></tr></thead><tbody>{kpi_rows}</tbody></table>'
                     if kpis else "<p>No KPI informs this criterion.</p>")
        claimed = self.session.data.vocab.judgement.term(self.judgement.value).rag if self.judgement.value else None
        from ..scoring.combine import self_assessment_check

        check = self_assessment_check(claimed, result.rag)
        warning = ""
        if check == "over_claim":
            warning = (f'<p class="sef-warning"><strong>Warning: this evaluation claims more than the evidence '
                       f'supports</strong> (the evidence supports {esc(word)}). Strengthen the evidence, or revisit '
                       "the evaluation with partners.</p>")
        self.evidence_panel.value = (
            "<h3>What the evidence shows</h3>"
            f'<p>Derived rating: <span class="sef-rag" style="background:{bg};color:{fg}">{esc(word)}</span> '
            f"(evidence score {result.evidence_score:g} of 100)</p>{warning}<ul>{reasons}</ul>{kpi_table}")

    def _show_progress(self) -> None:
        vocab = self.session.data.vocab
        done = sum(1 for c in self.session.data.framework.criteria
                   if self.session.assessment_values(c)["judgement"] != vocab.not_assessed)
        self.progress.value = f"<p>{done} of {len(self.session.data.framework.criteria)} criteria evaluated.</p>"

    def _show_state(self) -> None:
        unsaved = [c for c, d in self.drafts.items() if d.dirty]
        if unsaved:
            self.state.value = f"<p><strong>Unsaved changes</strong> in {esc(', '.join(unsaved))}.</p>"
            self.state.add_class("sef-unsaved")
        else:
            self.state.value = "<p>All changes saved.</p>"
            self.state.remove_class("sef-unsaved")

    def _hide_choices(self) -> None:
        for b in (self.save_anyway, self.keep_mine, self.use_theirs):
            b.layout.display = "none"

    # -- editing and saving ----------------------------------------------------------------------------
    def _form_values(self) -> dict[str, Any]:
        return {"judgement": self.judgement.value, "confidence": self.confidence.value or None,
                **{name: box.value for name, box in self.texts.items()}, "evidence": list(self.evidence.value)}

    def _edited(self, change: dict[str, Any]) -> None:
        if self._loading or not self.criterion:
            return
        self.draft(self.criterion).values = self._form_values()
        self.pending_identifiers = ""
        self.save_anyway.layout.display = "none"
        self._show_state()

    def save_now(self, confirmed: bool = False) -> SaveResult | None:
        """Save the criterion shown; None if nothing could be saved yet (a name is needed, or text that looks
        like a child's identifier waits for the person to confirm it)."""
        who = self.person()
        if not who:
            self.who.layout.display = ""
            self.messages.warn("Give your name or role in 'Your name or role' first: every save records who made it.")
            return None
        d = self.draft(self.criterion)
        d.values = self._form_values()
        found = self.identifiers(d.values)
        if found and not confirmed:
            self.save_anyway.layout.display = ""
            self.messages.warn("This looks like personal data: " + found + ". Remove it, or choose 'Save anyway' "
                               "if it is not about a child or family.")
            return None
        result = self.session.save_assessment(self.criterion, d.base, d.values, who, d.overwrite)
        self._after_save(result)
        return result

    def identifiers(self, values: dict[str, Any]) -> str:
        return personal_data({label: values.get(name) or "" for name, label in TEXT_FIELDS.items()})

    def _after_save(self, result: SaveResult) -> None:
        self._hide_choices()
        if result.outcome == "unchanged":
            self.messages.say(f"Nothing to save for {self.criterion}: it is as last saved.")
            return
        if result.outcome == "conflict":
            self.conflicts = result.conflicts
            self.keep_mine.layout.display = self.use_theirs.layout.display = ""
            self.messages.warn(f"Not saved: someone else changed {self.criterion} since you opened it. Your text is "
                               "still in the form. Choose which version to keep.", conflict_html(result.conflicts))
            self._show_state()
            return
        criterion = self.criterion
        saved = self.session.assessment_values(criterion)
        self.drafts[criterion] = Draft(saved, dict(saved))
        if result.outcome == "merged":     # someone else's fields came in: the form shows the file as it is now
            self.show_criterion(criterion)
        else:                              # the form already shows what was saved: only what follows is redrawn
            self._show_saved_by()
            self._show_derived()
            self._show_state()
            self._show_progress()
        when = dt.datetime.now().strftime("%H:%M:%S")
        merged = " (merged with changes someone else saved meanwhile)" if result.outcome == "merged" else ""
        self.messages.say(f"Saved {criterion} at {when}{merged}.")

    def resolve(self, keep_mine: bool) -> None:
        """After a conflict: keep the person's version of the conflicting fields (saved over the other), or
        take the other version into the form (nothing is saved; the person can go on editing)."""
        d = self.draft(self.criterion)
        fresh = self.session.assessment_values(self.criterion)
        names = tuple(c.field for c in getattr(self, "conflicts", ()))
        if keep_mine:
            d.base, d.overwrite = fresh, names
            result = self.session.save_assessment(self.criterion, d.base, d.values, self.person(), d.overwrite)
            self._after_save(result)
            return
        d.base = fresh
        d.values = {**d.values, **{name: fresh[name] for name in names}}
        self.show_criterion(self.criterion)
        self.messages.say("Their version is in the form; your other changes are kept. Save when ready.")


def conflict_html(conflicts: tuple[Conflict, ...]) -> str:
    rows = []
    for c in conflicts:
        label = LABELS.get(c.field, c.field)
        when = f" at {c.at}" if c.at else ""
        rows.append(f"<h4>{esc(label)}: changed by {esc(c.by)}{esc(when)}</h4>"
                    f"<p><strong>Theirs:</strong> {esc(_shown(c.theirs))}</p>"
                    f"<p><strong>Yours:</strong> {esc(_shown(c.mine))}</p>")
    return "".join(rows)


def _shown(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "(none)"
    return str(value) if value not in (None, "") else "(empty)"


def page(workspace: Path | None = None) -> SelfAssessmentPage:
    """The page for a notebook, built (with the council it opens with) before anyone opens it: the
    workspace from `sef workbook` (or the current folder). `opened` then takes the request's
    `?council=ID&criterion=IMP-1` and the person."""
    from .common import preload_council, workspace_root

    return SelfAssessmentPage(workspace or workspace_root(), preload_council())
