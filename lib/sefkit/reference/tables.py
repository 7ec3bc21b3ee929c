"""Reading the compact reference tables (ours, UTF-8 CSV), once per file version.

A warm report kernel asks for neighbours, comparators and ranks for 153
councils; reading the CSV each time would dominate. Callers parse a table through
`paths.cached_load`, which remembers it until the file's size or modification
time changes, so a `sef benchmarks import` is seen at once. The file is read by
`sheets`, the one CSV reader, so every row keeps the line a person sees in an
editor; a table edited by hand into a broken state fails with the file, line and
column (`benchmarks.csv:7:7: error: column 'value': 'lots' is not a number
[not-a-number]`), not a KeyError.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Code, Problems
from ..sheets import Sheet, parse_csv, read_csv, unsafe_cell
from ..textio import doc_from_bytes
from .errors import ReferenceDataError


@dataclass
class Table:
    """One table: its header (trimmed) and its rows as trimmed text by column, each with its line."""

    shown: str                      # the file as messages name it
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]                # lines[i]: the line rows[i] starts on (the header is line 1)

    def column_number(self, name: str) -> int:
        """1-based position of column `name` in the header (one past the last if it has none)."""
        try:
            return self.header.index(name) + 1
        except ValueError:
            return len(self.header) + 1

    def error(self, line: int, column: str, problem: str,
              code: Code = "reference-data") -> ReferenceDataError:
        """A problem with the cell of `column` on `line`."""
        return cell_error(self.shown, line, self.column_number(column), column, problem, code)


def cell_error(shown: str, line: int, column: int, name: str, problem: str,
               code: Code = "reference-data") -> ReferenceDataError:
    """A ReferenceDataError at `shown:line:column`; the message names the column (`name`) for a reader
    who has the file open in a spreadsheet, where columns are letters, not numbers."""
    message = f"column '{name}': {problem}" if name else problem
    return ReferenceDataError(message, path=shown, line=line, column=column, code=code)


def first_error(problems: Problems) -> ReferenceDataError:
    """The first error `problems` holds, as a ReferenceDataError (the reference tables stop at one)."""
    return ReferenceDataError.from_problem(problems.errors[0])


def read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """All rows of one of our tables as dicts of trimmed text; checks the header has `required`."""
    return read_table(path, required).rows


def read_table(path: Path, required: tuple[str, ...], shown: str | None = None) -> Table:
    """One of our tables; extra columns are kept, as a user may have added them.

    Raises ReferenceDataError for the first problem: a file that cannot be read, broken quoting, a
    missing column, a row with more cells than the header (or too few to reach a required column)."""
    problems = Problems()
    sheet = read_csv(Path(path), shown or Path(path).name, problems)
    return _checked(sheet, required, problems, Path(path).parent)


def table_from_bytes(path: Path, data: bytes, required: tuple[str, ...], shown: str | None = None) -> Table:
    """Like `read_table`, for a table's bytes already read (under a lock, by `store.update`)."""
    problems = Problems()
    doc = doc_from_bytes(Path(path), shown or Path(path).name, data, problems)
    sheet = None if doc is None else parse_csv(doc, problems)
    return _checked(sheet, required, problems, Path(path).parent)


def _checked(sheet: Sheet | None, required: tuple[str, ...], problems: Problems, folder: Path) -> Table:
    if sheet is None or problems.has_errors():
        raise first_error(problems)
    shown = sheet.shown
    header = [h.strip() for h in sheet.header]
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name and name in seen:
            raise ReferenceDataError(f"column '{name}' appears twice in the header (columns {seen[name]} "
                                     f"and {i})", path=shown, line=sheet.header_line, column=i,
                                     code="column-duplicate")
        seen[name] = i
    missing = [c for c in required if c not in seen]
    if missing:
        raise ReferenceDataError(f"missing column{'s' if len(missing) > 1 else ''} "
                                 + ", ".join(repr(c) for c in missing) + f" (in {folder})",
                                 path=shown, line=sheet.header_line, column=1, code="column-missing")
    width = len(header)
    last_required = max((seen[c] for c in required), default=0)
    named = [(i, name) for i, name in enumerate(header) if name]
    plain = len(named) == width     # every column has a name: a row is the header zipped with its cells
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for record in sheet.records:
        cells = record.cells
        if not any(c.strip() for c in cells):
            continue   # a blank line (or a row of empty cells a spreadsheet left behind)
        if len(cells) > width:
            raise ReferenceDataError(f"more values ({len(cells)}) than the header has columns ({width})",
                                     path=shown, line=record.line, column=width + 1, code="row-too-long")
        if len(cells) < last_required:
            name = header[len(cells)]
            raise cell_error(shown, record.line, len(cells) + 1, name,
                             f"missing: the row has {len(cells)} values, the header {width} columns",
                             "row-too-short")
        if plain and len(cells) == width:      # (cells a formula-guard apostrophe protects are read as written)
            rows.append(dict(zip(header, (unsafe_cell(c.strip()) for c in cells))))
        else:
            rows.append({name: unsafe_cell(cells[i].strip()) if i < len(cells) else "" for i, name in named})
        lines.append(record.line)
    return Table(shown, header, rows, lines)
