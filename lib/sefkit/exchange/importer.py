"""`sef import`: a council's own tracker (.xlsx, .ods or .csv) into one workspace file, all or nothing.

`plan_import` reads the sheet, finds its tables and records, turns each cell into workspace text, checks
every record with the same check `sef validate` uses (each problem named by sheet and cell, with any
personal data in it removed), and works out what would change in the workspace file: records matched by
their id, ref, or indicator and period are changed, others added, none removed. `apply_import` writes
it through the one writer, inside the file's lock and only if no one changed the file since it was read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..dates import parse_date
from ..privacy import redact
from ..problems import InputError, Problem, Problems
from ..sheets import Sheet, parse_csv, unsafe_cell
from ..store import Change
from ..textio import TextDoc, invalid_character
from ..vocab import Vocabulary
from ..workspace import Workspace
from ..workspace.actions import check_action
from ..workspace.cells import Cells
from ..workspace.context import CheckContext
from ..workspace.evidence import check_evidence
from ..workspace.kpis import check_kpi
from ..workspace.locate import CouncilFiles
from ..workspace.parameters import read_parameters
from ..workspace.sources import Row, table_for
from ..workspace.specs import SPECS, Spec, canonical
from ..workspace.write import _csv_line, csv_with_changes, save_csv
from ..yamlfile import load_yaml
from .cellvalues import date_text, figure_text, plain_text, split_status
from .grid import Grid, Value, cell_ref, column_letter, read_grids
from .headers import IMPORT_KINDS, Headings, ImportKind, load_headings
from .tables import Block, Column, Skipped, find_blocks, merged_values, name_extras

STATUS_DATE = "Status date"
KEY_FIELD: dict[ImportKind, str] = {"evidence": "id", "actions": "ref", "kpis": "indicator"}
WHAT: dict[ImportKind, str] = {"evidence": "evidence items", "actions": "actions", "kpis": "KPI values"}


@dataclass
class Incoming:
    """One record read from the sheet: workspace text by name (fields and extra columns), and where each
    value was (row and column, for messages)."""
    row: int
    values: dict[str, str]
    where: dict[str, int] = field(default_factory=dict)

    def column(self, name: str) -> int:
        return self.where.get(name, 0)


@dataclass
class Merge:
    text: str
    audit: list[Change]
    added: list[str]
    changed: list[tuple[str, list[tuple[str, str, str]]]]
    unchanged: int
    kept: int


@dataclass
class Plan:
    file: str
    kind: ImportKind
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    incoming: list[Incoming] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    merge: Merge | None = None
    revision: str | None = None
    build: Callable[[TextDoc, Sheet, Problems], Merge] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors() and self.merge is not None


def parse_pairs(given: list[str], option: str, spec: Spec, problems: Problems) -> dict[str, str]:
    """`--map "Their heading=field"` or `--set field=value`, checked: {left: right}."""
    out: dict[str, str] = {}
    for text in given:
        left, sep, right = text.partition("=")
        left, right = left.strip(), right.strip()
        field_name = right if option == "--map" else left
        if not sep or not left or (option == "--map" and not right):
            example = '"Their heading=field"' if option == "--map" else '"field=value"'
            problems.error("argument", option, 0, 1, f"'{text}' is not {example}")
        elif field_name not in spec.names:
            problems.error("argument", option, 0, 1, f"'{field_name}' is not a field of {spec.kind} (fields: "
                           f"{', '.join(spec.names)})")
        else:
            out[canonical(left) if option == "--map" else left] = right
    return out


def plan_import(ws: Workspace, council: str, path: Path, kind: ImportKind, *, sheet: str | None = None,
                maps: Sequence[str] = (), sets: Sequence[str] = (), today: dt.date | None = None) -> Plan:
    today = today or dt.date.today()
    plan = Plan(str(path), kind)
    problems = plan.problems
    spec = SPECS[kind]
    mapping = parse_pairs(list(maps), "--map", spec, problems)
    fixed = parse_pairs(list(sets), "--set", spec, problems)
    files = ws.files(council)
    ctx = _context(ws, files, council, today, problems)
    headings = load_headings(ws.root)
    grids = read_grids(path, plan.file, problems)
    if ctx is None or grids is None or problems.has_errors():
        return plan
    plan.sheets = [g.sheet for g in grids]
    grid, blocks, skipped = _choose_sheet(plan, grids, sheet, mapping, headings)
    if grid is None:
        return plan
    plan.sheet, plan.blocks, plan.skipped = grid.sheet, blocks, skipped
    used = {c.heading and canonical(c.heading) for b in blocks for c in b.columns if c.how == "map"}
    typed = {canonical(m.partition("=")[0]): m.partition("=")[0].strip() for m in maps}
    for heading in mapping:
        if heading not in used:
            problems.error("argument", "--map", 0, 1, f"no column headed '{typed[heading]}' in sheet '{grid.sheet}' "
                           f"(or it is read as another field)")
    _check_columns(plan, blocks, fixed, spec)
    if problems.has_errors():
        return plan
    name_extras(blocks, spec)
    plan.incoming = _records(plan, grid, blocks, fixed, ctx)
    _check_records(plan, grid, ctx)
    if problems.has_errors():
        return plan
    _plan_merge(plan, files, spec, ctx)
    return plan


def _context(ws: Workspace, files: CouncilFiles, council: str, today: dt.date, problems: Problems
             ) -> CheckContext | None:
    """The council's framework and dates (its parameters file only: an import does not need the rest of
    the workspace to be free of errors)."""
    if not files.parameters.is_file():
        problems.error("not-found", "--council", 0, 1, f"unknown council '{council}': there is no "
                       f"parameters/{council}.yaml (councils here: {', '.join(ws.councils()) or 'none'})")
        return None
    doc = load_yaml(files.parameters, files.shown(files.parameters), problems)
    params = read_parameters(doc, council, ws.catalogues, ws.root, problems) if doc else None
    if params is None or problems.has_errors():
        return None
    try:
        framework = ws.catalogues.get(params.framework)
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    return CheckContext(framework, ws.vocab, ws.rules, params.as_of or today, today)


def _choose_sheet(plan: Plan, grids: list[Grid], wanted: str | None, mapping: dict[str, str],
                  headings: Headings) -> tuple[Grid | None, list[Block], list[Skipped]]:
    spec = SPECS[plan.kind]
    if wanted is not None:
        chosen = [g for g in grids if g.sheet == wanted] or [g for g in grids
                                                             if canonical(g.sheet) == canonical(wanted)]
        if not chosen:
            plan.problems.error("not-found", "--sheet", 0, 1, f"no sheet '{wanted}' in {plan.file} (sheets: "
                                f"{', '.join(plan.sheets)})")
            return None, [], []
        candidates = chosen[:1]
    else:
        named = [g for g in grids if canonical(g.sheet) in _sheet_names(plan.kind)]
        candidates = named[:1] + [g for g in grids if g not in named[:1]]
    for grid in candidates:
        blocks, skipped = find_blocks(grid, plan.kind, spec, headings, mapping)
        if blocks:
            return grid, blocks, skipped
    where = f"sheet '{candidates[0].sheet}'" if wanted is not None else \
        f"any sheet ({', '.join(plan.sheets)})" if len(grids) > 1 else f"sheet '{grids[0].sheet}'" if grids else "it"
    anchors = {"evidence": "an evidence title or id", "actions": "an action or its ref",
               "kpis": "an indicator"}[plan.kind]
    plan.problems.error("import-header", plan.file, 0, 1, f"no header row for {plan.kind} found in {where}: a "
                        f"header needs at least two recognised headings, one of them {anchors} (headings are in "
                        "sef/import-headers.yaml); name a column with --map \"Their heading=field\", or choose "
                        "the sheet with --sheet")
    return None, [], []


def _sheet_names(kind: ImportKind) -> set[str]:
    return {"evidence": {"evidence", "evidencelibrary"}, "actions": {"actions", "actionplan"},
            "kpis": {"kpis", "kpi", "indicators"}}[kind]


def _check_columns(plan: Plan, blocks: list[Block], fixed: dict[str, str], spec: Spec) -> None:
    """Every field a record needs has a column (or a --set value); --set only where there is none."""
    key = KEY_FIELD[plan.kind]
    for block in blocks:
        row = block.header_row
        have = block.fields | (set(SPECS["kpis"].key) if block.periods else set())
        if block.periods:
            have.add("value")
        for name in fixed:
            column = block.column(name)
            if column is not None:
                plan.problems.error("argument", "--set", 0, 1, f"sheet '{plan.sheet}' has a column for '{name}' "
                                    f"({column.heading!r}, column {column_letter(column.index)}); --set only fills "
                                    "a field the sheet has no column for")
        wanted = [f.name for f in spec.fields if (f.filled or f.name == "value") and f.name not in have
                  and f.name not in fixed and f.name != key]
        if plan.kind == "kpis" and "indicator" not in have:
            wanted.insert(0, "indicator")
        if plan.kind == "evidence" and not {"annex_a", "criteria"} & (have | set(fixed)):
            wanted.append("annex_a' or 'criteria")
        for name in wanted:
            plan.problems.error("column-missing", plan.file, row + 1, 1, f"{cell_ref(plan.sheet, row, 0)}: the "
                                f"table has no column for '{name}' ({_meaning(spec, name)}); add one, name one of "
                                f"its columns with --map \"Their heading={name.split(chr(39))[0]}\", or give every "
                                f"row the same value with --set {name.split(chr(39))[0]}=VALUE")


def _meaning(spec: Spec, name: str) -> str:
    return spec.field(name).meaning if name in spec.names else "each evidence item needs one of them"


def _records(plan: Plan, grid: Grid, blocks: list[Block], fixed: dict[str, str], ctx: CheckContext
             ) -> list[Incoming]:
    merged = merged_values(grid)
    vocab = ctx.vocab.readiness_status if plan.kind == "evidence" else ctx.vocab.action_status
    spec = SPECS[plan.kind]
    key = KEY_FIELD[plan.kind]
    out: list[Incoming] = []
    counts = {"status month": 0, "no figure": 0}
    for block in blocks:
        made_keys = plan.kind != "kpis" and block.column(key) is None
        for r in block.rows:
            def value(c: int, r: int = r) -> Value:
                v = grid.value(r, c)
                return merged.get((r, c), v) if v is None or v == "" else v

            base = Incoming(r, {}, {})
            for name, text in fixed.items():
                base.values[name] = text
            if made_keys:
                base.values[key] = f"{_prefix(plan.sheet)}-{r + 1}"
            for column in block.columns:
                base.where[column.name] = column.index
                base.values[column.name] = _convert(value(column.index), spec, column.field, vocab, base,
                                                    counts)
            if STATUS_DATE in base.values:          # after the status it came with
                base.values[STATUS_DATE] = base.values.pop(STATUS_DATE)
            if not block.periods:
                out.append(base)
                continue
            before = len(out)
            for c, period in block.periods.items():         # a wide KPI sheet: one record per figure
                figure, none = figure_text(value(c))
                counts["no figure"] += none
                if not figure:
                    continue
                out.append(Incoming(r, {**base.values, "period_end": period, "value": figure},
                                    {**base.where, "period_end": c, "value": c}))
            if len(out) == before:
                indicator = block.column("indicator")
                at = indicator.index if indicator else 0
                plan.skipped.append(Skipped(r, r, at, plain_text(value(at)), "no figure in any period's column"))
        if made_keys and block.rows:
            plan.notes.append(f"the table at row {block.header_row + 1} has no {key} column: each record's {key} "
                              f"is made from its row ({_prefix(plan.sheet)}-{block.rows[0] + 1}...); add a "
                              f"{key} column to keep them when rows move")
    if counts["status month"]:
        plan.notes.append(f"{counts['status month']} status cell(s) also gave a month ('June 23 Embedded'): the "
                          f"status is read and the month kept in '{STATUS_DATE}'")
    if counts["no figure"]:
        plan.notes.append(f"{counts['no figure']} cell(s) said there is no figure (n/a, -, c, x...): nothing "
                          "imported for them")
    return out


def _prefix(sheet: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", sheet)[:12] or "ROW"


def _convert(value: Value, spec: Spec, name: str | None, vocab: Vocabulary, record: Incoming,
             counts: dict[str, int]) -> str:
    if name is None:
        return plain_text(value)
    kind = spec.field(name).kind
    if kind in ("date", "datetime"):
        return date_text(value)
    if kind == "number":
        text, none = figure_text(value)
        counts["no figure"] += none
        return text
    if kind == "status" and spec.kind in ("evidence", "actions"):
        word, month = split_status(value, vocab)
        if month is not None:
            counts["status month"] += 1
            record.values[STATUS_DATE] = month
            record.where[STATUS_DATE] = record.where.get(name, 0)
        return word
    return plain_text(value)


def _check_records(plan: Plan, grid: Grid, ctx: CheckContext) -> None:
    """Each record checked as `sef validate` checks a row; a record read twice is an error."""
    spec = SPECS[plan.kind]
    local = Problems()
    unknown: set[str] = set()
    seen: dict[tuple[str, ...], Incoming] = {}
    for record in plan.incoming:
        fields = {k: v for k, v in record.values.items() if k in spec.names}
        cells = Cells(plan.file, record.row + 1, fields, _columns(record), local)
        for name, text in record.values.items():
            found = invalid_character(text)
            if found is not None:
                cells.error("invalid-character", name, f"'{name}' {found[1]}")
        if plan.kind == "evidence":
            check_evidence(cells, ctx)
        elif plan.kind == "actions":
            check_action(cells, ctx)
        else:
            check_kpi(cells, ctx, (), unknown)
        key = _record_key(plan.kind, fields, ctx)
        if all(key):
            first = seen.setdefault(key, record)
            if first is not record:
                name = KEY_FIELD[plan.kind]
                cells.error("duplicate-id", "period_end" if plan.kind == "kpis" else name,
                            f"{' '.join(key)} is read twice (first at "
                            f"{cell_ref(plan.sheet, first.row, first.column(name))})")
    for p in local.items:
        ref = cell_ref(plan.sheet, p.line - 1, p.column - 1)
        plan.problems.extend([Problem(p.path, p.line, p.column, p.severity, p.code, f"{ref}: {redact(p.message)}")])


def _columns(record: Incoming) -> Callable[[str], int]:
    return lambda name: record.column(name) + 1


def _record_key(kind: ImportKind, values: dict[str, str], ctx: CheckContext) -> tuple[str, ...]:
    """What identifies a record, as the workspace reads it: an id or ref as written; a KPI's id (an alias
    and the id are one indicator) and its period's date."""
    if kind != "kpis":
        return (values.get(KEY_FIELD[kind], "").strip(),)
    text = values.get("indicator", "").strip()
    day = parse_date(values.get("period_end", ""))
    return (ctx.framework.resolve_kpi(text) or text if text else "", day.isoformat() if day else "")


def _plan_merge(plan: Plan, files: CouncilFiles, spec: Spec, ctx: CheckContext) -> None:
    from ..sheets import read_csv

    path = files.path(plan.kind)
    shown = files.shown(path)
    if not path.is_file():
        plan.problems.error("file-missing", shown, 1, 1, "file is missing (`sef init` creates it); nothing was "
                            "imported")
        return
    sheet = read_csv(path, shown, plan.problems)
    if sheet is None or sheet.doc is None:
        return
    layout = _layout(plan, spec)

    def build(doc: TextDoc, current: Sheet, problems: Problems) -> Merge:
        return _merge(plan, doc, current, spec, ctx, layout, problems)

    try:
        plan.merge = build(sheet.doc, sheet, plan.problems)
    except InputError as exc:
        plan.problems.extend(exc.problems)
        return
    plan.revision = sheet.doc.revision
    plan.build = build


def _layout(plan: Plan, spec: Spec) -> list[str]:
    """The columns of a workspace file made from this sheet: its own, in its order (a field headed as
    the workspace spells it keeps that heading), then any the workspace needs that it lacks."""
    names: list[str] = []
    for block in plan.blocks:
        for column in block.columns:
            if column.field and canonical(column.heading) == canonical(column.field):
                heading = column.heading
            else:
                heading = column.name
            if block.periods and column.field is None and column.index in block.periods:
                continue
            if heading not in names:
                names.append(heading)
        if block.periods:
            names += [n for n in ("period_end", "value") if n not in names]
    present = {canonical(n) for n in names}
    for record in plan.incoming:           # values no column gave: --set, made ids, status months
        for name in record.values:
            if canonical(name) not in present:
                names.append(name)
                present.add(canonical(name))
    names += [f.name for f in spec.fields if f.present and canonical(f.name) not in present]
    return names


def _merge(plan: Plan, doc: TextDoc, sheet: Sheet, spec: Spec, ctx: CheckContext, layout: list[str],
           problems: Problems) -> Merge:
    """The workspace file's text with the sheet's records merged in: an existing record (same key) gets
    the sheet's values; a new one is added at the end; no record is removed."""
    if not any(any(cell.strip() for cell in record.cells) for record in sheet.records):
        # A file with a header and no records yet (as `sef init` makes it) takes the sheet's column order.
        doc = replace(doc, text=_csv_line(layout, doc.newline))
        sheet = parse_csv(doc, problems) or sheet
    table = table_for(sheet, spec, problems)
    if table is None:
        raise InputError(problems.items)
    existing: dict[tuple[str, ...], Row] = {}
    for row in table.rows:
        existing.setdefault(_record_key(plan.kind, row.values, ctx), row)
    changes: dict[tuple[str, ...], dict[str, str]] = {}
    added: list[str] = []
    changed: list[tuple[str, list[tuple[str, str, str]]]] = []
    new_rows: list[dict[str, str]] = []
    unchanged = 0
    matched: set[int] = set()
    for record in plan.incoming:
        key = _record_key(plan.kind, record.values, ctx)
        found = existing.get(key)
        shown_key = " ".join(k for k in key if k)
        if found is None:
            new_rows.append(record.values)
            added.append(shown_key)
            continue
        row = found
        matched.add(id(row))
        current = {**{name.strip(): unsafe_cell(text) for name, text in row.extra}, **row.values}
        # The key matched (an indicator's alias matches its id): the workspace's own wording of it stays.
        diff = {name: text for name, text in record.values.items()
                if current.get(name, "") != text and name not in spec.key}
        if not diff:
            unchanged += 1
            continue
        written = tuple(row.get(name).strip() for name in spec.key)
        changes[written] = diff
        changed.append((shown_key, [(name, current.get(name, ""), text) for name, text in diff.items()]))
    text, audit = csv_with_changes(doc, sheet, spec, changes, new_rows, problems)
    kept = sum(1 for row in table.rows if id(row) not in matched)
    return Merge(text, audit, added, changed, unchanged, kept)


def apply_import(plan: Plan, files: CouncilFiles, who: str) -> str:
    """Write the plan (ConflictError if the file changed since it was read; nothing written then)."""
    assert plan.ok and plan.build is not None
    build = plan.build

    def make(doc: TextDoc, sheet: Sheet, problems: Problems) -> tuple[str, list[Change]]:
        # The file is the revision the plan was made from (the writer checked): the planned text is it.
        merge = plan.merge if plan.merge is not None and doc.revision == plan.revision else build(doc, sheet,
                                                                                                  problems)
        return merge.text, merge.audit

    name = Path(plan.file).name
    return save_csv(files, plan.kind, make, who=who, expected_revision=plan.revision,
                    what=f"imported from {name} ({plan.sheet})")


__all__ = ["IMPORT_KINDS", "Column", "Incoming", "Plan", "apply_import", "plan_import"]
