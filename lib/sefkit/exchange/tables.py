"""Where the tables are on a sheet, and which of its rows are records.

Real trackers put a title above the header, repeat the header on every printed page, hold several
tables on one sheet, head groups of rows with a section row ("Area of weakness 1: EHC plans"), merge a
group label down the rows it covers, and end with a key and notes. A header is a row whose headings
fill at least two fields, one of them what the kind is about (an evidence title or id, an action or its
ref, an indicator); a KPI sheet may instead give one column per period. Every row that is not a record
is named (blank rows excepted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..workspace.specs import Spec, canonical, match_name
from .cellvalues import date_text, plain_text
from .grid import Grid, Value, column_letter
from .headers import RANK, Headings, How, ImportKind, read_heading

ANCHORS: dict[ImportKind, frozenset[str]] = {
    "evidence": frozenset({"id", "title"}), "actions": frozenset({"ref", "action"}),
    "kpis": frozenset({"indicator"})}
NOTE_WORDS = {"key", "keys", "note", "notes", "source", "sources", "footnote", "footnotes", "glossary"}
MAX_MERGED_CELLS = 200_000


@dataclass
class Column:
    index: int
    heading: str
    field: str | None          # the field it fills, or None: kept as an extra column
    how: How | None = None
    name: str = ""             # its name in the workspace file: the field, or the extra column's heading


@dataclass
class Block:
    """One table: its header row, its columns, and (a wide KPI sheet) the period each column holds."""
    header_row: int
    columns: list[Column]
    periods: dict[int, str] = field(default_factory=dict)     # column -> period end, YYYY-MM-DD
    rows: list[int] = field(default_factory=list)             # the records' rows

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}


@dataclass(frozen=True)
class Skipped:
    first: int
    last: int
    column: int
    text: str
    why: str


def period_of(value: Value) -> str | None:
    """A KPI sheet's column heading as the period it ends ('Apr-23' -> 2023-04-30), or None."""
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, int) and 1990 <= value <= 2199:
        return f"{value}-12-31"
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2199:
            return f"{text}-12-31"
        converted = date_text(text)
        if converted != text or (len(text) == 10 and text[4] == "-"):
            return converted if len(converted) == 10 and converted[4] == "-" else None
    return None


def read_header(cells: list[Value], kind: ImportKind, spec: Spec, headings: Headings, maps: dict[str, str]
                ) -> Block | None:
    """The row as a header (None if it is not one): the best column for each field; the others extra."""
    columns: list[Column] = []
    best: dict[str, Column] = {}
    periods: dict[int, str] = {}
    for index, value in enumerate(cells):
        if isinstance(value, str) and value.strip():
            heading = " ".join(value.split())
            found = read_heading(heading, kind, spec, headings, maps)
            column = Column(index, heading, None)
            if found is not None:
                name, how = found
                held = best.get(name)
                if held is None or RANK[how] < RANK[held.how or "first words"]:
                    if held is not None:
                        held.field, held.how = None, None
                    column.field, column.how = name, how
                    best[name] = column
            columns.append(column)
        if kind == "kpis" and index not in {c.index for c in columns if c.field}:
            period = period_of(value)
            if period is not None:
                periods[index] = period
    for index in periods:     # a period heading is not also an extra column
        columns = [c for c in columns if c.index != index or c.field]
    fields = set(best)
    if kind == "kpis" and len(periods) >= 2 and "value" not in fields:
        if "indicator" not in fields and cells and (cells[0] is None or cells[0] == ""):
            columns.insert(0, Column(0, "", "indicator", "map"))      # indicators down the unheaded first column
            fields.add("indicator")
        if "indicator" in fields:
            return Block(-1, columns, {i: p for i, p in periods.items() if i not in {c.index for c in columns}})
        return None
    if len(fields) >= 2 and fields & ANCHORS[kind]:
        return Block(-1, columns)
    return None


def name_extras(blocks: list[Block], spec: Spec) -> None:
    """Each column's name in the workspace file: its field; for an extra column its heading, unless the
    workspace would read that heading as a field ('Status (imported)'); a blank heading is 'Column G'.
    The same heading in several tables of the sheet is the same column."""
    assigned: dict[str, list[str]] = {}
    for block in blocks:
        count: dict[str, int] = {}
        for column in block.columns:
            if column.field:
                column.name = column.field
                continue
            base = column.heading or f"Column {column_letter(column.index)}"
            match = match_name(base, spec)
            if match.field or match.meant:
                base = f"{base} (imported)"
            k = count.get(base, 0)
            count[base] = k + 1
            names = assigned.setdefault(base, [])
            if k == len(names):
                names.append(base if k == 0 else f"{base} ({k + 1})")
            column.name = names[k]


def merged_values(grid: Grid) -> dict[tuple[int, int], Value]:
    """What each cell covered by a merge shows: the value of the merge's top-left cell."""
    out: dict[tuple[int, int], Value] = {}
    for r1, c1, r2, c2 in grid.merges:
        r2 = min(r2, len(grid.rows) - 1)
        c2 = min(c2, c1 + 255)
        if (r2 - r1 + 1) * (c2 - c1 + 1) > MAX_MERGED_CELLS:
            continue
        value = grid.value(r1, c1)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    out[(r, c)] = value
    return out


def find_blocks(grid: Grid, kind: ImportKind, spec: Spec, headings: Headings, maps: dict[str, str]
                ) -> tuple[list[Block], list[Skipped]]:
    """The tables on a sheet with their records' rows, and every other non-blank row, named."""
    blocks: list[Block] = []
    skipped: list[Skipped] = []
    current: Block | None = None
    header_text: tuple[str, ...] = ()
    header_width = 0
    notes_from: int | None = None
    for r, cells in enumerate(grid.rows):
        filled = [(c, v) for c, v in enumerate(cells) if plain_text(v)]
        if not filled:
            continue
        if current is not None and len(filled) == header_width and _texts(cells) == header_text:
            skipped.append(Skipped(r, r, filled[0][0], plain_text(filled[0][1]), "the header repeated"))
            continue
        block = read_header(cells, kind, spec, headings, maps)
        if block is not None:
            _close_notes(skipped, notes_from, r - 1, grid)
            block.header_row = r
            blocks.append(block)
            current, header_text, header_width, notes_from = block, _texts(cells), len(filled), None
            continue
        first = plain_text(filled[0][1])
        if current is None:
            skipped.append(Skipped(r, r, filled[0][0], first, "above the header (a title?)"))
            continue
        if notes_from is not None:
            continue
        if canonical(first).rstrip(":") in NOTE_WORDS or canonical(first.split(":")[0]) in NOTE_WORDS:
            notes_from = r
            continue
        if len(filled) == 1:
            skipped.append(Skipped(r, r, filled[0][0], first, "a heading or note, not a record"))
            continue
        current.rows.append(r)
    _close_notes(skipped, notes_from, len(grid.rows) - 1, grid)
    return blocks, skipped


def _texts(cells: list[Value]) -> tuple[str, ...]:
    return tuple(canonical(plain_text(v)) for v in cells)


def _close_notes(skipped: list[Skipped], start: int | None, end: int, grid: Grid) -> None:
    if start is None:
        return
    while end > start and not any(plain_text(v) for v in grid.rows[end]):
        end -= 1
    cells = grid.rows[start]
    col = next((c for c, v in enumerate(cells) if plain_text(v)), 0)
    skipped.append(Skipped(start, end, col, plain_text(cells[col]), "a key or notes below the table"))
