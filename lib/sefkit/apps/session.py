"""One person's view of one council's workspace in a page, and how their edits are saved.

A page loads the council (the model, each file's revision, the scorecard) and
remembers, per record, the values it showed: the *base*. Saving sends only the
fields the person changed. If the file changed since it was loaded (someone
else saved), the save is merged: fields nobody else touched are saved on top of
the other person's work; a field both changed to different values is a
conflict, refused with who changed it and when, and nothing of either person's
text is lost (the page keeps the person's text and can show the other version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from ..dates import now
from ..model import CouncilData
from ..problems import InputError, Problems
from ..scoring import Scorecard, score
from ..store import ConflictError
from ..workspace import Workspace
from ..workspace.assessment import check_assessment
from ..workspace.history import Edit, last_edit
from ..workspace.locate import CouncilFiles, FileKind
from ..workspace.write import save_assessment, save_records

Outcome = Literal["saved", "merged", "unchanged", "conflict"]
Values = Mapping[str, Any]


@dataclass(frozen=True)
class Conflict:
    field: str
    mine: Any
    theirs: Any
    by: str = ""          # who saved theirs, and when, as the audit trail says
    at: str = ""


@dataclass(frozen=True)
class SaveResult:
    outcome: Outcome
    conflicts: tuple[Conflict, ...] = ()
    saved_fields: tuple[str, ...] = ()


def same(a: Any, b: Any) -> bool:
    """Two field values as a person sees them: blanks, None and surrounding spaces do not count."""
    def norm(v: Any) -> Any:
        if v is None:
            return ""
        if isinstance(v, (list, tuple)):
            return tuple(str(x).strip() for x in v)
        return str(v).strip()
    return bool(norm(a) == norm(b))


@dataclass
class Session:
    workspace: Path
    council: str
    today: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        self.ws = Workspace(self.workspace)
        self.files: CouncilFiles = self.ws.files(self.council)
        self.data: CouncilData
        self.card: Scorecard
        self.reload()

    def reload(self, only_self_assessment: bool = False) -> None:
        """Read the council again (raises InputError, with every problem, if its files have errors); after
        this page's own save to the self-assessment, only that file."""
        if only_self_assessment:
            self.data = self.ws.reload_self_assessment(self.data, self.today)
        else:
            self.data = self.ws.load_or_raise(self.council, self.today)
        self.card = score(self.data, self.ws.rules)

    def stale(self) -> bool:
        """Has any of the council's files changed since it was read (a page preloaded before a person
        arrived must not show them an older version)?"""
        from ..store import revision

        return any(revision(self.files.path(cast(FileKind, kind))) != rev for kind, rev in self.data.revisions.items())

    def revision(self, kind: FileKind) -> str | None:
        return self.data.revisions.get(kind)

    # -- the self-assessment ----------------------------------------------------------------
    def assessment_values(self, criterion: str) -> dict[str, Any]:
        """The criterion's fields as a form shows them."""
        a = self.data.assessments.get(criterion)
        if a is None:
            return {"judgement": self.data.vocab.not_assessed, "confidence": None, "strengths": "",
                    "areas_for_development": "", "next_steps": "", "evidence": []}
        return {"judgement": a.judgement, "confidence": a.confidence, "strengths": a.strengths,
                "areas_for_development": a.areas_for_development, "next_steps": a.next_steps,
                "evidence": list(a.evidence)}

    def save_assessment(self, criterion: str, base: Values, mine: Values, who: str,
                        overwrite: tuple[str, ...] = ()) -> SaveResult:
        """Save the fields of `mine` that differ from `base` (what the form was loaded with), merging with
        anyone else's save since; `overwrite` names fields to save even where they conflict (the person
        chose their version)."""
        def current() -> dict[str, Any]:
            return self.assessment_values(criterion)

        def write(fields: dict[str, Any], revision: str | None) -> None:
            a = self.data.assessments.get(criterion)      # (not in the file yet: nothing known, nothing old)
            known = {**current(), "updated_by": a.updated_by, "updated_at": a.updated_at} if a else {}
            at = now()
            new_revision = save_assessment(self.files, self.data.framework, criterion, fields, who=who,
                                           expected_revision=revision, what=f"workbook: {criterion}",
                                           known=known, at=at)
            self._saved_assessment(criterion, {**current(), **fields, "updated_by": who, "updated_at": at},
                                   new_revision)

        return self._save("self_assessment", criterion, base, mine, overwrite, current, write)

    def _saved_assessment(self, criterion: str, entry: dict[str, Any], revision: str) -> None:
        """The model after this page's own save: the entry as written (checked as the reader checks it), so
        the file need not be read again; read again if the check disagrees."""
        old = self.data.assessments.get(criterion)
        problems = Problems()
        ctx = self.ws.context(self.data, self.today)
        entry = {**dict(old.extra if old else ()), **entry}
        new = check_assessment(criterion, entry, ctx, self.files.shown(self.files.self_assessment), problems,
                               {e.id for e in self.data.evidence})
        if new is None or problems.has_errors():
            self.reload(only_self_assessment=True)
            return
        self.data = replace(self.data, assessments={**self.data.assessments, criterion: new},
                            revisions={**self.data.revisions, "self_assessment": revision})
        self.card = score(self.data, self.ws.rules)

    # -- evidence and actions ---------------------------------------------------------------------
    def save_record(self, kind: Literal["evidence", "actions"], key: str, base: Values, mine: Values, who: str,
                    overwrite: tuple[str, ...] = ()) -> SaveResult:
        """Change one evidence item (by id) or action (by ref), as `save_assessment` does a criterion."""
        def current() -> dict[str, Any]:
            return self.record_values(kind, key)

        def write(fields: dict[str, Any], revision: str | None) -> None:
            save_records(self.files, kind, {(key,): {k: str(v) for k, v in fields.items()}}, who=who,
                         expected_revision=revision, what=f"workbook: {key}")
            self.reload()

        return self._save(kind, key, base, mine, overwrite, current, write)

    def add_record(self, kind: Literal["evidence", "actions"], values: Values, who: str) -> None:
        """Append a new record (its id or ref checked unique by the caller's per-record check); a concurrent
        save by someone else is no conflict for a new record: it is added to what is there now."""
        for _ in range(5):
            try:
                save_records(self.files, kind, new_rows=[{k: str(v) for k, v in values.items()}], who=who,
                             expected_revision=self.revision(kind), what="workbook: new")
                break
            except ConflictError:
                self.reload()
        self.reload()

    def record_values(self, kind: Literal["evidence", "actions"], key: str) -> dict[str, Any]:
        if kind == "evidence":
            item = next((e for e in self.data.evidence if e.id == key), None)
            if item is None:
                return {}
            return {"id": item.id, "title": item.title, "annex_a": item.annex_a or "",
                    "criteria": "; ".join(item.criteria), "status": item.status, "strength": str(item.strength),
                    "owner": item.owner, "last_reviewed": item.last_reviewed.isoformat(), "location": item.location,
                    "notes": item.notes}
        action = next((a for a in self.data.actions if a.ref == key), None)
        if action is None:
            return {}
        return {"ref": action.ref, "action": action.action, "criteria": "; ".join(action.criteria),
                "lead": action.lead, "due": action.due.isoformat() if action.due else "", "status": action.status,
                "progress": action.progress, "evidence_of_impact": action.evidence_of_impact}

    # -- merging ------------------------------------------------------------------------------------
    def _save(self, kind: FileKind, record: str, base: Values, mine: Values, overwrite: tuple[str, ...],
              current: Callable[[], dict[str, Any]], write: Callable[[dict[str, Any], str | None], None]
              ) -> SaveResult:
        changed = {k: v for k, v in mine.items() if not same(v, base.get(k))}
        changed.update({k: mine[k] for k in overwrite if k in mine})
        if not changed:
            return SaveResult("unchanged")
        merged = False
        for _ in range(5):       # someone may save again between our reload and our save: try again
            try:
                write(changed, self.revision(kind))
                return SaveResult("merged" if merged else "saved", saved_fields=tuple(changed))
            except ConflictError:
                self.reload()
                theirs = current()
                conflicts = tuple(self._conflict(kind, record, name, changed[name], theirs.get(name))
                                  for name in changed if name not in overwrite
                                  and not same(theirs.get(name), base.get(name))
                                  and not same(theirs.get(name), changed[name]))
                if conflicts:
                    return SaveResult("conflict", conflicts)
                merged = True
        raise InputError.one("conflict", self.files.shown(self.files.path(kind)),
                             "the file keeps changing while saving; wait a moment, then save again")

    def _conflict(self, kind: FileKind, record: str, name: str, mine: Any, theirs: Any) -> Conflict:
        edit: Edit | None = last_edit(self.files, record, name)
        return Conflict(name, mine, theirs, edit.by if edit else "someone", edit.at if edit else "")
