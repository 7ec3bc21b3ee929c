"""What each workspace file holds: one spec per file kind (columns or keys, types, accepted words).

The one place the names are declared: readers, writers, `sef init`, the demo
generator and the benchmarks take them from here. A column or key is matched
forgivingly (case, spaces, '-' and '_' do not matter: `Last Reviewed` is
`last_reviewed`, `Judgement` is `judgement`); a near miss (`judgment`,
`england` for `national`) is reported with what was meant, because reading it
as an unknown extra would silently change a result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..vocab import VocabularyName
from .locate import FileKind

FieldKind = Literal["text", "role", "date", "datetime", "number", "criteria", "annex_a", "indicator",
                    "status", "strength", "id_list", "mapping", "list"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind = "text"
    present: bool = False        # the column (or key) must be there
    filled: bool = False         # ... and hold a value on every record
    vocabulary: VocabularyName | None = None
    meaning: str = ""


@dataclass(frozen=True)
class Spec:
    kind: FileKind
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()                       # what identifies a record (unique in the file)
    aliases: Mapping[str, str] = field(default_factory=dict)   # names people write for a field

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def present(self) -> list[str]:
        return [f.name for f in self.fields if f.present]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


EVIDENCE = Spec("evidence", (
    Field("id", present=True, filled=True, meaning="unique in the file, e.g. EV-001"),
    Field("title", present=True, filled=True, meaning="what the document is"),
    Field("annex_a", "annex_a", present=True, meaning="an Annex A id of the framework (ANX-09), or empty"),
    Field("criteria", "criteria", present=True, meaning="criterion ids separated by ';'"),
    Field("status", "status", present=True, filled=True, vocabulary="readiness_status",
          meaning="readiness of the evidence (a readiness status or one of its synonyms)"),
    Field("strength", "strength", present=True, filled=True, vocabulary="evidence_strength",
          meaning="0 asserted only, 1 describes what is done, 2 shows some impact, 3 strong impact evidence"),
    Field("owner", "role", present=True, filled=True, meaning="a role, not a person's name (Head of SEND)"),
    Field("last_reviewed", "date", present=True, filled=True, meaning="date last reviewed, YYYY-MM-DD"),
    Field("location", meaning="a URL or document reference"),
    Field("notes", meaning="free text"),
), key=("id",), aliases={"owner_role": "owner", "reviewed": "last_reviewed", "last_updated": "last_reviewed"})

KPIS = Spec("kpis", (
    Field("indicator", "indicator", present=True, filled=True,
          meaning="a KPI id of the framework (ehcp_20wk) or one of its aliases"),
    Field("period_end", "date", present=True, filled=True, meaning="date the period ends"),
    Field("value", "number", present=True, meaning="the value (empty: not available)"),
    Field("period_start", "date", meaning="date the period starts"),
    Field("national", "number", meaning="England's value for the same period"),
    Field("statistical_neighbours", "number", meaning="statistical neighbours' value (mean)"),
    Field("region", "number", meaning="the region's value"),
    Field("target", "number", meaning="the partnership's own target"),
), key=("indicator", "period_end"), aliases={
    "england": "national", "national_average": "national", "stat_neighbours": "statistical_neighbours",
    "sn": "statistical_neighbours", "neighbours": "statistical_neighbours", "date": "period_end",
    "kpi": "indicator"})

ACTIONS = Spec("actions", (
    Field("ref", present=True, filled=True, meaning="unique, e.g. APP 1.2.1"),
    Field("action", present=True, filled=True, meaning="what will be done"),
    Field("criteria", "criteria", present=True, meaning="criterion ids separated by ';'"),
    Field("lead", "role", present=True, meaning="the role accountable (empty: reported as a gap)"),
    Field("due", "date", present=True, meaning="due date, YYYY-MM-DD (may be empty)"),
    Field("status", "status", present=True, filled=True, vocabulary="action_status",
          meaning="an action status or one of its synonyms; overdue is worked out from 'due', never stored"),
    Field("progress", meaning="latest progress update"),
    Field("evidence_of_impact", meaning="evidence ids (';'-separated) or free text"),
), key=("ref",), aliases={"due_date": "due", "lead_officer": "lead"})

SELF_ASSESSMENT = Spec("self_assessment", (
    Field("judgement", "status", vocabulary="judgement",
          meaning="the partnership's evaluation on the framework's outcome-aligned scale"),
    Field("confidence", "status", vocabulary="confidence", meaning="how sure the partnership is: low, medium, high"),
    Field("strengths", meaning="what is working, in the partnership's words"),
    Field("areas_for_development", meaning="what needs to improve"),
    Field("next_steps", meaning="what the partnership will do next (linked to the action plan)"),
    Field("evidence", "id_list", meaning="evidence ids from evidence.csv"),
    Field("updated_by", "role", meaning="who last saved it: a role"),
    Field("updated_at", "datetime", meaning="when it was last saved (a date or a date-time)"),
), aliases={"judgment": "judgement", "evaluation": "judgement"})

PARAMETERS = Spec("parameters", (
    Field("council", present=True, filled=True, meaning="the council id; must equal the file name"),
    Field("name", present=True, filled=True, meaning="display name"),
    Field("framework", present=True, filled=True, meaning="catalogue id, e.g. area-send-2025"),
    Field("as_of", "date", meaning="the date the self-evaluation is made at (default: today)"),
    Field("la_code", meaning="DfE (old, 3-digit) local authority code"),
    Field("la_code_new", meaning="ONS code, e.g. E08000036"),
    Field("region", meaning="region name"),
    Field("statistical_neighbours", "list", meaning="list of old LA codes or names"),
    Field("report", "mapping", meaning="report settings"),
), aliases={"date": "as_of", "asof_date": "as_of"})

SNAPSHOTS = Spec("snapshots", (
    Field("as_of", "date", present=True, filled=True, meaning="the date the snapshot was scored at"),
    Field("ready_pct", "number", present=True, filled=True, meaning="Annex A items ready, %"),
    Field("outcome", meaning="indicative outcome id"),
    Field("red_criteria", "number", meaning="criteria rated red"),
    Field("over_claims", "number", meaning="criteria whose evaluation is more positive than the evidence"),
    Field("overdue_actions", "number", meaning="actions past their due date and not done"),
    Field("recorded_at", "datetime", meaning="when sefkit recorded it"),
), key=("as_of",))

SPECS: dict[FileKind, Spec] = {s.kind: s for s in (PARAMETERS, EVIDENCE, KPIS, ACTIONS, SELF_ASSESSMENT, SNAPSHOTS)}


def canonical(name: str) -> str:
    """What two spellings of one name share: case, spaces, '-' and '_' do not count."""
    return re.sub(r"[\s_\-]+", "", str(name).strip().lower())


def distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, change, swap two neighbours) between a and b; limit + 1 once above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def near_miss(text: str, candidates: Mapping[str, str]) -> str | None:
    """The candidate `text` is a misspelling of: candidates maps a canonical spelling to what it names.
    One slip in a short name, two in a longer one; None when nothing is that close (or two are)."""
    key = canonical(text)
    if not key:
        return None
    limit = 1 if len(key) <= 6 else 2
    close = {name for spelling, name in candidates.items() if distance(key, spelling, limit) <= limit}
    return close.pop() if len(close) == 1 else None


@dataclass(frozen=True)
class NameMatch:
    field: str | None = None     # the field this name is read as
    meant: str | None = None     # not read, but probably meant to be this field


def match_name(name: str, spec: Spec) -> NameMatch:
    key = canonical(name)
    for f in spec.fields:
        if canonical(f.name) == key:
            return NameMatch(field=f.name)
    aliases = {canonical(a): target for a, target in spec.aliases.items()}
    if key in aliases:
        return NameMatch(meant=aliases[key])
    return NameMatch(meant=near_miss(name, {canonical(f.name): f.name for f in spec.fields}))
