"""CSV tables with line numbers, read without losing anything.

We read with the csv module (not pandas) so each record keeps the line a person
sees in a text editor, quoted multi-line cells included, and so broken quoting
becomes a message instead of a silently merged row. Columns we do not know are
kept, in order, for writing back.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problems
from .textfile import read_text


def normalise_header(name: str) -> str:
    """'Last Reviewed ' -> 'last_reviewed': forgiving of case and spacing in headers."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


@dataclass
class Row:
    line: int                      # first line of the record in the file
    values: dict[str, str]         # normalised column name -> trimmed text

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class Table:
    shown: str
    header: list[str]              # as written in the file
    columns: list[str]             # normalised names, same order
    rows: list[Row] = field(default_factory=list)

    def column_number(self, column: str) -> int:
        try:
            return self.columns.index(column) + 1
        except ValueError:
            return len(self.columns) + 1


def read_table(path: Path, shown: str, required: list[str], problems: Problems,
               max_bytes: int | None = None) -> Table | None:
    """Read a CSV; report problems; None if the file cannot be used at all."""
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    text = read_text(path, shown, problems, **kwargs)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.error(shown, reader.line_num or 1, 1, f"the header line cannot be read: {exc}")
        return None
    except StopIteration:
        problems.error(shown, 1, 1, "file is empty")
        return None
    columns = [normalise_header(h) for h in header]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "';'" if ";" in header[0] else "a tab"
        problems.error(shown, 1, 1, f"the columns are separated by {sep}, not commas; "
                       "save the file as 'CSV UTF-8 (comma delimited)'")
        return None
    table = Table(shown, header, columns)
    ok = True
    seen: dict[str, int] = {}
    for i, col in enumerate(columns, start=1):
        if not col:
            problems.error(shown, 1, i, f"column {i} has no name in the header")
            ok = False
        elif col in seen:
            problems.error(shown, 1, i, f"column '{header[i - 1]}' appears twice in the header "
                           f"(columns {seen[col]} and {i})")
            ok = False
        seen.setdefault(col, i)
    missing = [c for c in required if c not in seen]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        problems.error(shown, 1, 1, f"missing column{'s' if len(missing) > 1 else ''} {names}; "
                       f"the header must include: {', '.join(required)}")
        ok = False
    if not ok:
        return None

    previous_end = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.error(shown, previous_end + 1, 1,
                           f"broken quoting from this line on ({exc}); check for a stray or unclosed '\"'. "
                           "Rows after this point were not read")
            break
        start = previous_end + 1
        previous_end = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank line or an Excel row of empty cells: nothing to lose
        if len(record) > len(columns):
            problems.error(shown, start, len(columns) + 1,
                           f"row has {len(record)} cells but the header has {len(columns)}; "
                           "a comma inside a value needs the value in double quotes")
            continue
        if len(record) < len(columns):
            missing_required = [c for c in columns[len(record):] if c in required]
            if missing_required:
                problems.error(shown, start, len(record) + 1,
                               f"row has {len(record)} cells but the header has {len(columns)} "
                               f"(no value for '{missing_required[0]}')")
                continue
            record = record + [""] * (len(columns) - len(record))  # short row: optional cells left out
        values = {col: record[i].strip() for i, col in enumerate(columns)}
        table.rows.append(Row(start, values))
    return table


def write_table(header: list[str], rows: list[dict[str, str]]) -> str:
    """CSV text with the given header (original spelling) and rows keyed by normalised name."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    keys = [normalise_header(h) for h in header]
    for row in rows:
        writer.writerow([row.get(k, "") for k in keys])
    return out.getvalue()
