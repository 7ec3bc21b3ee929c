"""Sheets: a CSV file (or, later, a spreadsheet's sheet) as a header and positioned records.

The one CSV reader. Each record keeps the line (or sheet row) a person sees and
its cells as written; for a CSV it also keeps where the record's text sits in
the file, so a save can replace just the records that changed and keep every
other byte (quoting, line endings, encoding, byte-order mark).

We read with the csv module (not pandas) so each record keeps its line, quoted
multi-line cells included, and broken quoting becomes a message instead of a
silently merged row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems
from .textio import DEFAULT_MAX_BYTES, TextDoc, read_doc

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def safe_cell(text: str) -> str:
    """A cell as a CSV sefkit writes it: one a spreadsheet would run as a formula (starting = + - @, a tab
    or a carriage return, or their full-width forms) gets a leading apostrophe, as OWASP advises, unless
    it is a real number (-3, +4.5)."""
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def unsafe_cell(text: str) -> str:
    """A cell as written by `safe_cell`, back to the text it stands for."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


@dataclass(frozen=True)
class Record:
    line: int                        # first line (or sheet row) of the record
    cells: tuple[str, ...]           # as written, untrimmed
    span: tuple[int, int] = (0, 0)   # where the record's text is in the file (CSV only), line end included


@dataclass
class Sheet:
    shown: str
    header: list[str]
    records: list[Record]
    header_line: int = 1
    header_span: tuple[int, int] = (0, 0)
    doc: TextDoc | None = None       # the CSV file as read (None for a spreadsheet)


def read_csv(path: Path, shown: str, problems: Problems, max_bytes: int | None = None) -> Sheet | None:
    """A CSV file as a Sheet; None (with the reason recorded) if it cannot be used at all."""
    doc = read_doc(path, shown, problems, **({} if max_bytes is None else {"max_bytes": max_bytes}))
    return None if doc is None else parse_csv(doc, problems)


def parse_csv(doc: TextDoc, problems: Problems) -> Sheet | None:
    shown = doc.shown
    lines = list(io.StringIO(doc.text, newline=""))       # the csv module's own notion of lines
    offsets = [0]
    for text in lines:
        offsets.append(offsets[-1] + len(text))
    # The csv module refuses a cell over 128 KB as if its quoting were broken; a cell may be as large as the
    # file may be (textio's limit), so a long pasted note is read, not misreported.
    csv.field_size_limit(max(csv.field_size_limit(), DEFAULT_MAX_BYTES))
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.error("csv-header", shown, reader.line_num or 1, 1, f"the header line cannot be read: {exc}")
        return None
    except StopIteration:
        problems.error("file-empty", shown, 1, 1, "file is empty")
        return None
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "';'" if ";" in header[0] else "a tab"
        problems.error("csv-delimiter", shown, 1, 1, f"the columns are separated by {sep}, not commas; "
                       "save the file as 'CSV UTF-8 (comma delimited)'")
        return None
    header_lines = reader.line_num
    sheet = Sheet(shown, header, [], 1, (0, offsets[header_lines]), doc)
    previous_end = header_lines
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.error("csv-quoting", shown, previous_end + 1, 1,
                           f"broken quoting from this line on ({exc}); check for a stray or unclosed '\"'. "
                           "Rows after this point were not read")
            break
        start, previous_end = previous_end + 1, reader.line_num
        sheet.records.append(Record(start, tuple(cells), (offsets[start - 1], offsets[previous_end])))
    return sheet
