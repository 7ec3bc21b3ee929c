"""Find, read and validate a workspace (docs/workspace-format.md).

`load_council` reads one council's files into the immutable model and reports
every problem at once: schema (columns, types, allowed words, ranges, dates),
references (ids that exist in the council's framework and evidence library,
duplicates) and sense (future dates, stale evidence). Input files are only read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .csvfile import Row, Table, read_table
from .framework import Catalogues, Framework
from .model import Action, Assessment, CouncilData, EvidenceItem, KpiRow, Parameters
from .privacy import person_like
from .problems import InputError, Problems
from .rules import load_rules
from .vocab import Vocabularies, load_vocabularies
from .yamlfile import load_yaml

SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
RESERVED = {"frameworks", "reference"}

EVIDENCE_COLUMNS = ["id", "title", "annex_a", "criteria", "status", "strength", "owner", "last_reviewed",
                    "location", "notes"]
EVIDENCE_REQUIRED = EVIDENCE_COLUMNS[:8]
KPI_COLUMNS = ["indicator", "period_end", "value", "period_start", "national", "statistical_neighbours",
               "region", "target"]
KPI_REQUIRED = KPI_COLUMNS[:3]
ACTION_COLUMNS = ["ref", "action", "criteria", "lead", "due", "status", "progress", "evidence_of_impact"]
ACTION_REQUIRED = ACTION_COLUMNS[:6]
ASSESSMENT_KEYS = ["judgement", "confidence", "strengths", "areas_for_development", "evidence", "updated_by",
                   "updated_at"]
PARAMETER_KEYS = ["council", "name", "framework", "as_of", "la_code", "la_code_new", "region",
                  "statistical_neighbours", "report"]


# Names people write for a column or key sefkit reads under another name.
NAME_ALIASES = {"england": "national", "national_average": "national", "stat_neighbours": "statistical_neighbours",
                "sn": "statistical_neighbours", "neighbours": "statistical_neighbours", "judgment": "judgement",
                "date": "period_end", "kpi": "indicator", "owner_role": "owner", "due_date": "due"}


def near_miss(name: str, known: list[str]) -> str | None:
    """The known column or key that `name` (which sefkit does not read) was probably meant to be."""
    key = re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")
    if key in known:
        return key
    if NAME_ALIASES.get(key) in known:
        return NAME_ALIASES[key]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
    return close[0] if close else None


def _warn_unread(shown: str, names: list[tuple[str, tuple[int, int]]], known: list[str], what: str,
                 problems: Problems) -> None:
    """A warning for each extra column or key that looks like a misspelling of one sefkit reads: it is
    kept, but not read, so a result would silently change."""
    for name, pos in names:
        meant = near_miss(name, known)
        if meant and meant != name:
            problems.warning(shown, *pos, f"{what} '{name}' is not read by sefkit (kept as an extra {what}); "
                             f"did you mean '{meant}'?")


def _warn_unread_columns(table: Table, known: list[str], problems: Problems) -> None:
    _warn_unread(table.shown, [(h, (1, i + 1)) for i, (h, c) in enumerate(zip(table.header, table.columns))
                               if c not in known], known, "column", problems)


def resolve_workspace(arg: str | os.PathLike | None) -> Path:
    return Path(arg or os.environ.get("SEF_WORKSPACE") or ".").resolve()


@dataclass(frozen=True)
class CouncilFiles:
    workspace: Path
    council: str

    @property
    def parameters(self) -> Path:
        return self.workspace / "parameters" / f"{self.council}.yaml"

    @property
    def evidence(self) -> Path:
        return self.workspace / "evidence" / self.council / "evidence.csv"

    @property
    def kpis(self) -> Path:
        return self.workspace / "evidence" / self.council / "kpis.csv"

    @property
    def actions(self) -> Path:
        return self.workspace / "evidence" / self.council / "actions.csv"

    @property
    def self_assessment(self) -> Path:
        return self.workspace / "sef" / self.council / "self-assessment.yaml"

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.workspace))
        except ValueError:
            return str(path)


def list_councils(workspace: Path) -> list[str]:
    folder = workspace / "parameters"
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


# ---------------------------------------------------------------------------------------
# Small parsers shared by the CSV readers

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> dt.date | None:
    """ISO YYYY-MM-DD, or dd/mm/yyyy as Excel shows dates in the UK; None if neither."""
    text = text.strip()
    try:
        if ISO_DATE.match(text):
            return dt.date.fromisoformat(text)
        m = UK_DATE.match(text)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")


def parse_number(text: str) -> float | None:
    """A number as councils write it (1,234; 45%; £1,200); a comma that is not a thousands separator
    ("15,5": a decimal comma) is not a number, rather than 155."""
    cleaned = text.strip().replace("£", "").rstrip("%").strip()
    if "," in cleaned:
        if not THOUSANDS.fullmatch(cleaned):
            return None
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def split_ids(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]


class _Cells:
    """Typed access to one CSV row, recording problems with file, line and column."""

    def __init__(self, table: Table, row: Row, problems: Problems):
        self.table, self.row, self.problems = table, row, problems

    def where(self, column: str) -> tuple[str, int, int]:
        return self.table.shown, self.row.line, self.table.column_number(column)

    def error(self, column: str, message: str) -> None:
        self.problems.error(*self.where(column), message)

    def warning(self, column: str, message: str) -> None:
        self.problems.warning(*self.where(column), message)

    def text(self, column: str, required: bool = False) -> str:
        value = self.row.get(column)
        if required and not value:
            self.error(column, f"'{column}' is empty; it is required")
        return value

    def date(self, column: str, required: bool = False) -> dt.date | None:
        value = self.row.get(column)
        if not value:
            if required:
                self.error(column, f"'{column}' is empty; give a date as YYYY-MM-DD")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(column, f"'{column}' is {value!r}, not a date; write it as YYYY-MM-DD")
        return parsed

    def number(self, column: str) -> float | None:
        value = self.row.get(column)
        if not value:
            return None
        parsed = parse_number(value)
        if parsed is None:
            hint = "; write decimals with a point (15.5)" if re.fullmatch(r"-?\d+,\d+", value.strip()) else ""
            self.error(column, f"'{column}' is {value!r}, not a number{hint}")
        return parsed

    def extra(self, known: list[str]) -> tuple[tuple[str, str], ...]:
        return tuple((self.table.header[i], self.row.values.get(col, ""))
                     for i, col in enumerate(self.table.columns) if col not in known)


def _criteria(cells: _Cells, column: str, fw: Framework) -> tuple[str, ...]:
    out: list[str] = []
    for part in split_ids(cells.row.get(column)):
        cid = fw.resolve_criterion(part)
        if cid is None:
            cells.error(column, f"'{part}' is not a criterion of framework '{fw.id}'"
                        f"{fw.suggest('criteria', part)}")
        elif cid not in out:
            out.append(cid)
    return tuple(out)


def _status(cells: _Cells, column: str, vocab_name: str, vocab: Any, extra_hint: str = "") -> str | None:
    value = cells.row.get(column)
    if not value:
        cells.error(column, f"'{column}' is empty; use one of: {vocab.choices()}")
        return None
    code = vocab.match(value)
    if code is None:
        cells.error(column, f"'{value}' is not a {vocab_name}{extra_hint}; use one of: {vocab.choices()}")
    return code


def _owner_check(cells: _Cells, column: str) -> None:
    reason = person_like(cells.row.get(column))
    if reason:
        cells.warning(column, f"'{column}' {reason}; record a role (e.g. 'Head of SEND'), not a person")


def _duplicate(cells: _Cells, column: str, key: Any, seen: dict[Any, int], what: str) -> bool:
    if key in seen:
        cells.error(column, f"{what} {key!r} is used twice (first on line {seen[key]})")
        return True
    seen[key] = cells.row.line
    return False


# ---------------------------------------------------------------------------------------
# Per-file readers

def _read_parameters(files: CouncilFiles, catalogues: Catalogues, problems: Problems) -> Parameters | None:
    shown = files.shown(files.parameters)
    doc = load_yaml(files.parameters, shown, problems)
    if doc is None:
        return None
    data = doc.data
    if not isinstance(data, dict):
        problems.error(shown, 1, 1, "expected a mapping with council, name and framework")
        return None
    _warn_unread(shown, [(k, doc.key_pos(k)) for k in data if k not in PARAMETER_KEYS], PARAMETER_KEYS, "key",
                 problems)
    for key in ("council", "name", "framework"):
        if data.get(key) in (None, ""):
            problems.error(shown, 1, 1, f"'{key}' is required")
    council = str(data.get("council") or "")
    if council and council != files.council:
        problems.error(shown, *doc.pos("council"),
                       f"council is '{council}' but the file is named '{files.council}.yaml'; they must match")
    if not SLUG.match(files.council) or files.council in RESERVED:
        problems.error(shown, 1, 1, f"'{files.council}' is not a valid council id: use lower-case letters, "
                       "digits and '-', starting with a letter (not 'frameworks' or 'reference')")
    framework = str(data.get("framework") or "")
    if framework and framework not in catalogues.paths:
        problems.error(shown, *doc.pos("framework"),
                       f"framework '{framework}' is not a known catalogue; available: {', '.join(catalogues.ids)}")
    as_of = data.get("as_of")
    if isinstance(as_of, str):
        parsed = parse_date(as_of)
        if parsed is None:
            problems.error(shown, *doc.pos("as_of"), f"as_of is {as_of!r}, not a date; write it as YYYY-MM-DD")
        as_of = parsed
    elif as_of is not None and not isinstance(as_of, dt.date):
        problems.error(shown, *doc.pos("as_of"), "as_of must be a date YYYY-MM-DD")
        as_of = None
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    neighbours = data.get("statistical_neighbours") or []
    if not isinstance(neighbours, list):
        problems.error(shown, *doc.pos("statistical_neighbours"), "statistical_neighbours must be a list")
        neighbours = []
    report = data.get("report") or {}
    if not isinstance(report, dict):
        problems.error(shown, *doc.pos("report"), "report must be a mapping of report settings")
        report = {}
    la_code = str(data.get("la_code") or "")
    if la_code:
        from .reference import ReferenceDataError, find_council

        try:
            find_council(la_code, files.workspace)
        except ReferenceDataError as exc:
            problems.warning(shown, *doc.pos("la_code"), f"la_code: {exc}; the report leaves out England, region "
                             "and neighbour comparators and the inspection context")
    params = Parameters(
        council=files.council, name=str(data.get("name") or ""), framework=framework, as_of=as_of,
        la_code=str(data.get("la_code") or ""), la_code_new=str(data.get("la_code_new") or ""),
        region=str(data.get("region") or ""), statistical_neighbours=tuple(str(n) for n in neighbours),
        report=tuple(report.items()),
        extra=tuple((k, v) for k, v in data.items() if k not in PARAMETER_KEYS))
    return params


def _read_evidence(files, fw, vocab, rules, as_of, today, problems
                   ) -> tuple[tuple[EvidenceItem, ...], set[str] | None]:
    """The valid evidence items, and every id written in the file (to avoid knock-on messages); None
    instead of the ids when the file could not be read whole, so links to it are not checked."""
    shown = files.shown(files.evidence)
    if not files.evidence.is_file():
        problems.error(shown, 1, 1, "file is missing; every council needs an evidence library "
                       "(`sef init` creates an empty one)")
        return (), None
    before = problems.error_count
    table = read_table(files.evidence, shown, EVIDENCE_REQUIRED, problems)
    if table is None:
        return (), None
    whole = problems.error_count == before
    _warn_unread_columns(table, EVIDENCE_COLUMNS, problems)
    window = rules["freshness"]["window_months"]
    stale_before = months_before(as_of, window)
    items, seen = [], {}
    for row in table.rows:
        c = _Cells(table, row, problems)
        before = problems.error_count
        ident = c.text("id", required=True)
        if ident and _duplicate(c, "id", ident, seen, "evidence id"):
            continue
        title = c.text("title", required=True)
        annex_text = c.text("annex_a")
        annex = None
        if annex_text:
            annex = fw.resolve_annex(annex_text)
            if annex is None:
                c.error("annex_a", f"'{annex_text}' is not an Annex A item of framework '{fw.id}'"
                        f"{fw.suggest('annex_a', annex_text)}")
        criteria = _criteria(c, "criteria", fw)
        if not annex_text and not row.get("criteria"):
            c.error("annex_a", "evidence must name an Annex A item ('annex_a') or at least one criterion")
        status = _status(c, "status", "readiness status", vocab.readiness_status)
        strength_text = c.text("strength")
        strength = None
        if not strength_text:
            c.error("strength", "'strength' is empty; give 0-3 (0 asserted only ... 3 strong impact evidence)")
        elif not re.fullmatch(r"[0-3](\.0)?", strength_text):
            c.error("strength", f"strength is {strength_text!r}; it must be a whole number 0-3 "
                    "(0 asserted only, 1 describes what is done, 2 some impact, 3 strong impact evidence)")
        else:
            strength = int(float(strength_text))
        owner = c.text("owner", required=True)
        _owner_check(c, "owner")
        reviewed = c.date("last_reviewed", required=True)
        if reviewed:
            if reviewed > today:
                c.error("last_reviewed", f"last_reviewed {reviewed} is in the future")
            elif reviewed > as_of:
                c.warning("last_reviewed", f"last_reviewed {reviewed} is after the self-evaluation date "
                          f"as_of {as_of}; is as_of out of date?")
            elif reviewed < stale_before:
                c.warning("last_reviewed", f"evidence is stale: last reviewed {reviewed}, more than {window} "
                          f"months before {as_of}")
        if problems.error_count > before or status is None or strength is None or reviewed is None:
            continue
        items.append(EvidenceItem(
            id=ident, title=title, annex_a=annex, criteria=criteria, status=status, strength=strength,
            owner=owner, last_reviewed=reviewed, location=c.text("location"), notes=c.text("notes"),
            line=row.line, extra=c.extra(EVIDENCE_COLUMNS)))
    return tuple(items), set(seen) if whole else None


def _read_kpis(files, fw, as_of, today, problems) -> tuple[KpiRow, ...]:
    shown = files.shown(files.kpis)
    if not files.kpis.is_file():
        problems.error(shown, 1, 1, "file is missing; `sef init` creates an empty one")
        return ()
    table = read_table(files.kpis, shown, KPI_REQUIRED, problems)
    if table is not None:
        _warn_unread_columns(table, KPI_COLUMNS, problems)
    if table is None:
        return ()
    rows, seen = [], {}
    unknown_reported: set[str] = set()
    for row in table.rows:
        c = _Cells(table, row, problems)
        before = problems.error_count
        text = c.text("indicator", required=True)
        kpi_id = fw.resolve_kpi(text) if text else None
        if text and kpi_id is None and text not in unknown_reported:
            unknown_reported.add(text)
            c.warning("indicator", f"indicator '{text}' is not in framework '{fw.id}'{fw.suggest('kpis', text)}; "
                      "it is kept but not scored (add it to the catalogue's kpis to score it)")
        end = c.date("period_end", required=True)
        start = c.date("period_start")
        if end and start and start > end:
            c.error("period_start", f"period_start {start} is after period_end {end}")
        if end and end > today:
            c.error("period_end", f"period_end {end} is in the future")
        value = c.number("value")
        numbers = {col: c.number(col) for col in ("national", "statistical_neighbours", "region", "target")}
        kdef = fw.kpis.get(kpi_id) if kpi_id else None
        if kdef and kdef.unit == "pct":
            for col, v in [("value", value), *numbers.items()]:
                if v is not None and not 0 <= v <= 100:
                    c.error(col, f"{col} {v:g} is outside 0-100 for a percentage indicator")
        if kdef and kdef.unit in ("count", "weeks", "days") and value is not None and value < 0:
            c.error("value", f"value {value:g} is negative for a {kdef.unit} indicator")
        if end and text:
            _duplicate(c, "period_end", (kpi_id or text, end), seen, "indicator and period_end")
        if problems.error_count > before or end is None:
            continue
        rows.append(KpiRow(indicator=kpi_id or text, period_end=end, value=value, known=kpi_id is not None,
                           period_start=start, line=row.line, extra=c.extra(KPI_COLUMNS), **numbers))
    return tuple(rows)


def _read_actions(files, fw, vocab, problems) -> tuple[Action, ...]:
    shown = files.shown(files.actions)
    if not files.actions.is_file():
        problems.error(shown, 1, 1, "file is missing; `sef init` creates an empty one")
        return ()
    table = read_table(files.actions, shown, ACTION_REQUIRED, problems)
    if table is not None:
        _warn_unread_columns(table, ACTION_COLUMNS, problems)
    if table is None:
        return ()
    actions, seen = [], {}
    for row in table.rows:
        c = _Cells(table, row, problems)
        before = problems.error_count
        ref = c.text("ref", required=True)
        if ref and _duplicate(c, "ref", ref, seen, "action ref"):
            continue
        text = c.text("action", required=True)
        criteria = _criteria(c, "criteria", fw)
        _owner_check(c, "lead")
        due = c.date("due")
        status_text = row.get("status")
        if status_text and vocab.action_status.match(status_text) is None and "overdue" in status_text.lower():
            c.error("status", f"'{status_text}': overdue is worked out from the due date, never stored; "
                    "record the action's real status (e.g. in_progress or delayed)")
            continue
        status = _status(c, "status", "action status", vocab.action_status)
        if problems.error_count > before or status is None:
            continue
        actions.append(Action(ref=ref, action=text, criteria=criteria, lead=c.text("lead"), due=due,
                              status=status, progress=c.text("progress"),
                              evidence_of_impact=c.text("evidence_of_impact"), line=row.line,
                              extra=c.extra(ACTION_COLUMNS)))
    return tuple(actions)


def _read_self_assessment(files, fw, vocab, evidence_ids, today, problems) -> dict[str, Assessment]:
    path = files.self_assessment
    shown = files.shown(path)
    if not path.is_file():
        problems.warning(shown, 1, 1, "no self-assessment yet: every criterion counts as not assessed")
        return {}
    doc = load_yaml(path, shown, problems)
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.error(shown, 1, 1, "expected a mapping from criterion id (e.g. IMP-1) to its self-assessment")
        return {}
    out: dict[str, Assessment] = {}
    first_key: dict[str, str] = {}
    for key, entry in doc.data.items():
        key_text = str(key)
        where = doc.key_pos(key_text)
        cid = fw.resolve_criterion(key_text)
        if cid is None:
            problems.error(shown, *where, f"'{key_text}' is not a criterion of framework '{fw.id}'"
                           f"{fw.suggest('criteria', key_text)}")
            continue
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            problems.error(shown, *doc.pos(key_text), f"{cid}: expected judgement, confidence, strengths, ...")
            continue
        if cid in first_key:
            problems.error(shown, *where, f"'{key_text}' is {cid} again (first as '{first_key[cid]}' on line "
                           f"{doc.key_pos(first_key[cid])[0]}); keep one entry per criterion")
            continue
        first_key[cid] = key_text
        _warn_unread(shown, [(k, doc.key_pos(key_text, k)) for k in entry if k not in ASSESSMENT_KEYS],
                     ASSESSMENT_KEYS, "key", problems)
        before = problems.error_count

        def at(field: str) -> tuple[int, int]:
            return doc.pos(key_text, field)

        judgement_text = entry.get("judgement")
        judgement = "not_assessed"
        if judgement_text not in (None, ""):
            judgement = vocab.judgement.match(str(judgement_text))
            if judgement is None:
                problems.error(shown, *at("judgement"), f"{cid}: judgement '{judgement_text}' is not on the scale; "
                               f"use one of: {vocab.judgement.choices()}")
        confidence = None
        if entry.get("confidence") not in (None, ""):
            confidence = vocab.confidence.match(str(entry["confidence"]))
            if confidence is None:
                problems.error(shown, *at("confidence"), f"{cid}: confidence '{entry['confidence']}' is not one of: "
                               f"{vocab.confidence.choices()}")
        ev = entry.get("evidence") or []
        if isinstance(ev, str):
            ev = split_ids(ev)
        if not isinstance(ev, list):
            problems.error(shown, *at("evidence"), f"{cid}: evidence must be a list of evidence ids")
            ev = []
        for i, ref in enumerate(ev):
            if evidence_ids is not None and str(ref) not in evidence_ids:
                problems.error(shown, *doc.pos(key_text, "evidence", i),
                               f"{cid}: evidence id '{ref}' is not in the evidence library (evidence.csv)")
        updated_at = entry.get("updated_at")
        if isinstance(updated_at, dt.datetime):
            updated_at = updated_at.date()
        if isinstance(updated_at, str):
            parsed = parse_date(updated_at)
            if parsed is None:
                problems.error(shown, *at("updated_at"), f"{cid}: updated_at {updated_at!r} is not a date YYYY-MM-DD")
            updated_at = parsed
        elif updated_at is not None and not isinstance(updated_at, dt.date):
            problems.error(shown, *at("updated_at"), f"{cid}: updated_at must be a date YYYY-MM-DD")
            updated_at = None
        if updated_at and updated_at > today:
            problems.error(shown, *at("updated_at"), f"{cid}: updated_at {updated_at} is in the future")
        updated_by = str(entry.get("updated_by") or "")
        reason = person_like(updated_by)
        if reason:
            problems.warning(shown, *at("updated_by"), f"{cid}: updated_by {reason}; record a role, not a person")
        for field in ("strengths", "areas_for_development"):
            if isinstance(entry.get(field), (list, dict)):
                problems.error(shown, *at(field), f"{cid}: {field} must be text")
        if judgement not in (None, "not_assessed") and not ev:
            problems.warning(shown, *doc.key_pos(key_text), f"{cid}: judged '{judgement}' but no evidence is linked")
        if problems.error_count > before or judgement is None:
            continue
        out[cid] = Assessment(
            criterion=cid, judgement=judgement, confidence=confidence,
            strengths=str(entry.get("strengths") or "").strip(),
            areas_for_development=str(entry.get("areas_for_development") or "").strip(),
            evidence=tuple(str(e) for e in ev), updated_by=updated_by, updated_at=updated_at,
            extra=tuple((k, v) for k, v in entry.items() if k not in ASSESSMENT_KEYS))
    return out


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of the month when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


# ---------------------------------------------------------------------------------------

class Workspace:
    """A workspace folder with its catalogues, vocabularies and rules loaded once."""

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = resolve_workspace(root)
        self.catalogues = Catalogues(self.root)
        self.vocab: Vocabularies = load_vocabularies(self.root)
        self.rules: dict[str, Any] = load_rules(self.root)

    def councils(self) -> list[str]:
        return list_councils(self.root)

    def load(self, council: str, today: dt.date, as_of: dt.date | None = None) -> tuple[CouncilData | None, Problems]:
        """Read and check one council. Returns (data or None if any error, problems)."""
        problems = Problems()
        files = CouncilFiles(self.root, council)
        if not files.parameters.is_file():
            known = ", ".join(self.councils()) or "none"
            problems.error(files.shown(files.parameters), 1, 1,
                           f"unknown council '{council}': there is no parameters/{council}.yaml "
                           f"(councils here: {known})")
            return None, problems
        params = _read_parameters(files, self.catalogues, problems)
        if params is None or not params.framework or params.framework not in self.catalogues.paths:
            return None, problems
        try:
            fw = self.catalogues.get(params.framework)
        except InputError as exc:
            problems.extend(exc.problems)
            return None, problems
        effective_as_of = as_of or params.as_of or today
        evidence, evidence_ids = _read_evidence(files, fw, self.vocab, self.rules, effective_as_of, today, problems)
        kpis = _read_kpis(files, fw, effective_as_of, today, problems)
        actions = _read_actions(files, fw, self.vocab, problems)
        assessments = _read_self_assessment(files, fw, self.vocab, evidence_ids, today, problems)
        if problems.has_errors():
            return None, problems
        params = replace(params, as_of=effective_as_of)
        from .benchcontext import published_context

        data = CouncilData(params=params, framework=fw, vocab=self.vocab, evidence=evidence, kpis=kpis,
                           actions=actions, assessments=assessments,
                           published=published_context(params.la_code, fw, effective_as_of, self.root))
        return data, problems

    def load_or_raise(self, council: str, today: dt.date, as_of: dt.date | None = None) -> CouncilData:
        data, problems = self.load(council, today, as_of)
        if data is None:
            raise InputError(problems.items)
        return data

