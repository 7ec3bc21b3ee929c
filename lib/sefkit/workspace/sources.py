"""Sources: positioned rows for the readers, from a CSV file or a spreadsheet's sheet.

Readers take rows, not paths. `sheets` turns a file into a header and records;
`table_for` reads the header against a file kind's spec (which column is which
field, what is missing, what is misspelt) and the records into rows of
trimmed text by field. Columns sefkit does not know are kept, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ..problems import Problems
from ..sheets import Record, Sheet, parse_csv, read_csv, unsafe_cell
from ..textio import INVALID_CHARACTER, invalid_character
from .cells import Cells
from .specs import Spec, match_name

T = TypeVar("T")
Extra = tuple[tuple[str, str], ...]

__all__ = ["Record", "Row", "Sheet", "Table", "parse_csv", "read_csv", "table_for"]


@dataclass
class Row:
    line: int
    values: dict[str, str]                            # field -> trimmed text (fields the file has)
    extra: tuple[tuple[str, str], ...] = ()           # (column as written, text) for columns sefkit keeps
    record: Record | None = None

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class Table:
    sheet: Sheet
    spec: Spec
    fields: list[str | None]                          # per column: the field it is read as, or None
    rows: list[Row] = field(default_factory=list)

    @property
    def shown(self) -> str:
        return self.sheet.shown

    def column_number(self, name: str) -> int:
        try:
            return self.fields.index(name) + 1
        except ValueError:
            return len(self.fields) + 1

    def cells(self, row: Row, problems: Problems) -> Cells:
        return Cells(self.shown, row.line, row.values, self.column_number, problems)

    def records(self, check: Callable[[Cells, Extra], T | None], key: str, what: str, problems: Problems
                ) -> tuple[list[T], dict[str, int]]:
        """Each row checked by `check`; the valid records, and the line each key was first written on.
        A key written twice is an error on the second row, which is not checked further."""
        out: list[T] = []
        seen: dict[str, int] = {}
        for row in self.rows:
            c = self.cells(row, problems)
            ident = row.get(key)
            if ident in seen:
                c.error("duplicate-id", key, f"{what} {ident!r} is used twice (first on line {seen[ident]})")
                continue
            if ident:
                seen[ident] = row.line
            record = check(c, row.extra)
            if record is not None:
                out.append(record)
        return out, seen


def table_for(sheet: Sheet, spec: Spec, problems: Problems) -> Table | None:
    """Read `sheet`'s header against `spec`, then its records as rows; None if the header is unusable."""
    shown, line = sheet.shown, sheet.header_line
    fields: list[str | None] = []
    seen: dict[str, int] = {}
    meant: list[tuple[int, str, str]] = []
    ok = True
    for i, name in enumerate(sheet.header, start=1):
        match = match_name(name, spec)
        fields.append(match.field)
        found = invalid_character(name)
        if found is not None:
            problems.error("invalid-character", shown, line, i, f"the name of column {i} {found[1]}")
            ok = False
        elif not name.strip():
            problems.error("csv-header", shown, line, i, f"column {i} has no name in the header")
            ok = False
        elif match.field is not None:
            if match.field in seen:
                problems.error("column-duplicate", shown, line, i, f"column '{name}' appears twice in the header "
                               f"(columns {seen[match.field]} and {i})")
                ok = False
            seen.setdefault(match.field, i)
        elif match.meant is not None:
            meant.append((i, name, match.meant))
    for i, name, target in meant:
        if target in seen:   # the real column is there too: this one is kept as an extra
            problems.warning("name-unread", shown, line, i, f"column '{name}' is not read by sefkit (kept as an "
                             f"extra column); it looks like '{target}', which is column {seen[target]}")
        else:
            problems.error("name-near-miss", shown, line, i, f"column '{name}' is not a column sefkit reads; did "
                           f"you mean '{target}'? Rename it, or the {target} values would be left out")
            ok = False
    missing = [f for f in spec.present if f not in seen and f not in {t for _, _, t in meant}]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        problems.error("column-missing", shown, line, 1, f"missing column{'s' if len(missing) > 1 else ''} {names}; "
                       f"the header must include: {', '.join(spec.present)}")
        ok = False
    if not ok:
        return None
    table = Table(sheet, spec, fields)
    width = len(fields)
    # One search of the whole text finds whether any cell needs looking at (almost never): a large library
    # is then read as fast as before.
    suspect = sheet.doc is None or INVALID_CHARACTER.search(sheet.doc.text) is not None
    for record in sheet.records:
        cells = record.cells
        if not any(cell.strip() for cell in cells):
            continue   # a blank line, or an Excel row of empty cells: nothing to lose
        if suspect:
            _check_characters(sheet, record, problems)
        if len(cells) > width:
            problems.error("row-too-long", shown, record.line, width + 1,
                           f"row has {len(cells)} cells but the header has {width}; a comma inside a value "
                           "needs the value in double quotes")
            continue
        if len(cells) < width:
            absent = [f for f in fields[len(cells):] if f in spec.present]
            if absent:
                problems.error("row-too-short", shown, record.line, len(cells) + 1,
                               f"row has {len(cells)} cells but the header has {width} (no value for "
                               f"'{absent[0]}')")
                continue
            cells = cells + ("",) * (width - len(cells))   # short row: optional cells left out
        values = {f: unsafe_cell(cells[i].strip()) for i, f in enumerate(fields) if f is not None}
        extra = tuple((sheet.header[i], cells[i].strip()) for i, f in enumerate(fields) if f is None)
        table.rows.append(Row(record.line, values, extra, record))
    return table


def _check_characters(sheet: Sheet, record: Record, problems: Problems) -> None:
    """An error for each cell (known column or extra) holding a character no output can carry, on the
    line of the record it is on."""
    line = record.line
    for i, cell in enumerate(record.cells):
        found = invalid_character(cell)
        if found is not None:
            name = sheet.header[i] if i < len(sheet.header) else f"column {i + 1}"
            problems.error("invalid-character", sheet.shown, line + cell.count("\n", 0, found[0]), i + 1,
                           f"'{name}' {found[1]}")
        line += cell.count("\n")
