"""A spreadsheet's sheets as grids of cells: .xlsx (openpyxl, read-only), .ods (read directly) and .csv.

A grid keeps each cell's value as the file holds it (text, number, date or
date-time, or empty), its row and column (for messages: `APP!G7`), and the
merged ranges, so a group label merged down a column can apply to every row it
spans. Reading is bounded: a file larger than the limit, or that is not what its
name says, is a problem with the file's name, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..problems import Problems
from ..textio import not_a_file

Value = str | float | int | dt.datetime | dt.date | None
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 500 * 1024 * 1024    # a workbook is a zip: what it holds once unpacked (a zip bomb is refused)
MAX_CELLS = 2_000_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"    # an encrypted workbook, or a .xls saved as .xlsx


class TooLarge(ValueError):
    """The spreadsheet holds more than sefkit reads (said in the message)."""


def _starts_with(path: Path, magic: bytes) -> bool:
    with path.open("rb") as f:
        return f.read(len(magic)) == magic


def _open_zip(path: Path) -> zipfile.ZipFile:
    z = zipfile.ZipFile(path)
    unpacked = sum(info.file_size for info in z.infolist())
    if unpacked > MAX_UNPACKED:
        z.close()
        raise TooLarge(f"unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the {MAX_UNPACKED // 1024 // 1024} MB "
                       "limit")
    return z


@dataclass
class Grid:
    sheet: str
    rows: list[list[Value]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)   # 0-based row1, col1, row2, col2

    def value(self, row: int, col: int) -> Value:
        cells = self.rows[row] if row < len(self.rows) else []
        return cells[col] if col < len(cells) else None


def column_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(sheet: str, row: int, col: int) -> str:
    """The cell as a spreadsheet names it: APP!G7 ('My sheet'!G7 when the name has spaces)."""
    name = sheet if re.fullmatch(r"[A-Za-z0-9_]+", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{column_letter(col)}{row + 1}"


def read_grids(path: Path, shown: str, problems: Problems) -> list[Grid] | None:
    """Every sheet of a spreadsheet (or the one sheet of a CSV); None after recording why not."""
    absent = not_a_file(path)
    if absent is not None:
        problems.error(absent.code, shown, 0, 1, absent.message)
        return None
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.error("file-too-large", shown, 0, 1, f"file is {size / 1024 / 1024:.1f} MB, larger than the "
                       f"{MAX_BYTES // 1024 // 1024} MB limit")
        return None
    suffix = path.suffix.lower()
    kind = "an Excel workbook (.xlsx)" if suffix.startswith(".xls") else "an OpenDocument spreadsheet (.ods)"
    try:
        if suffix in (".xlsx", ".xlsm", ".ods"):
            if _starts_with(path, OLE_MAGIC):
                problems.error("not-text", shown, 0, 1, f"is password-protected or an old .xls file, not {kind}: "
                               "open it, remove the password, and save it as .xlsx")
                return None
            return _xlsx(path) if suffix != ".ods" else _ods(path)
        if suffix in (".csv", ".txt"):
            return _csv(path, shown, problems)
    except TooLarge as exc:
        problems.error("file-too-large", shown, 0, 1, f"{exc}; is it the right file? Save the sheet you want on "
                       "its own and import that")
        return None
    except (zipfile.BadZipFile, KeyError, IndexError, ET.ParseError, OSError, ValueError, EOFError) as exc:
        problems.error("not-text", shown, 0, 1, f"cannot be read as {kind} ({type(exc).__name__}); open it and "
                       "save it again in that format")
        return None
    problems.error("argument", shown, 0, 1, f"'{suffix or path.name}' files cannot be imported: use .xlsx, .ods "
                   "or .csv (in Excel: Save As, Excel Workbook)")
    return None


# -- xlsx ---------------------------------------------------------------------------------------------
# Read straight from the workbook's XML (openpyxl's read-only mode takes three times as long for a
# 5,000-row tracker, and leaves the merged ranges out). Values come out as Excel shows them: a number in
# a date format is a date, one in a percentage format is the percentage (0.456 shown as 46% is 45.6).

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57}
PERCENT_FORMATS = {9, 10}
EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)


def _xlsx(path: Path) -> list[Grid]:
    with _open_zip(path) as z:
        names = set(z.namelist())
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG_REL}Relationship")}
        pr = book.find(f"{MAIN}workbookPr")
        epoch = EPOCH_1904 if pr is not None and pr.get("date1904") in ("1", "true") else EPOCH_1900
        shared = _shared_strings(z) if "xl/sharedStrings.xml" in names else []
        kinds = _style_kinds(z) if "xl/styles.xml" in names else []
        grids = []
        budget = [MAX_CELLS]
        for sheet in book.iter(f"{MAIN}sheet"):
            target = targets.get(sheet.get(f"{REL}id"), "")
            member = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if member not in names:
                continue       # a chart sheet or a missing part: nothing tabular to read
            with z.open(member) as part:
                grids.append(_xlsx_sheet(sheet.get("name", ""), part, shared, kinds, epoch, budget))
        return grids


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    out = []
    with z.open("xl/sharedStrings.xml") as part:
        for _, el in ET.iterparse(part):
            if el.tag == f"{MAIN}si":
                out.append(_run_text(el))
                el.clear()
    return out


def _run_text(el: ET.Element) -> str:
    """A string item's text: its runs joined, phonetic guides (rPh) left out."""
    guides = {id(t) for ph in el.iter(f"{MAIN}rPh") for t in ph.iter(f"{MAIN}t")}
    return "".join(t.text or "" for t in el.iter(f"{MAIN}t") if id(t) not in guides)


def _style_kinds(z: zipfile.ZipFile) -> list[str]:
    """Per cell style (the `s` index): "date", "percent" or "" from its number format."""
    styles = ET.fromstring(z.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
    kinds = []
    xfs = styles.find(f"{MAIN}cellXfs")
    for xf in xfs if xfs is not None else []:
        fmt = int(xf.get("numFmtId", "0"))
        code = custom.get(fmt)
        if code is not None:
            bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code).lower()     # quoted text, escapes, [colours]
            kinds.append("percent" if "%" in bare else "date" if re.search(r"[dmy]", bare) else "")
        else:
            kinds.append("date" if fmt in DATE_FORMATS else "percent" if fmt in PERCENT_FORMATS else "")
    return kinds


def _xlsx_sheet(name: str, part: Any, shared: list[str], kinds: list[str], epoch: dt.datetime,
                budget: list[int]) -> Grid:
    grid = Grid(name, [])
    row: list[Value] = []
    cell_tag, row_tag = f"{MAIN}c", f"{MAIN}row"
    for _, el in ET.iterparse(part):
        tag = el.tag
        if tag == cell_tag:
            ref = el.get("r")
            col = _cell(ref)[1] if ref else len(row)
            while len(row) < col:
                row.append(None)
            row.append(_xlsx_value(el, shared, kinds, epoch))
            el.clear()
        elif tag == row_tag:
            number = el.get("r")
            index = int(number) - 1 if number else len(grid.rows)
            while len(grid.rows) < index:
                grid.rows.append([])
            while row and row[-1] in (None, ""):
                row.pop()
            grid.rows.append(row)
            budget[0] -= len(row) + 1
            if budget[0] < 0:
                raise TooLarge(f"has more than {MAX_CELLS:,} cells")
            row = []
            el.clear()
        elif tag == f"{MAIN}mergeCell":
            ref = el.get("ref", "")
            if ":" in ref:
                grid.merges.append(_range(ref))
    while grid.rows and not any(v not in (None, "") for v in grid.rows[-1]):
        grid.rows.pop()
    return grid


def _xlsx_value(el: ET.Element, shared: list[str], kinds: list[str], epoch: dt.datetime) -> Value:
    kind = el.get("t", "n")
    if kind == "inlineStr":
        box = el.find(f"{MAIN}is")
        return _run_text(box) if box is not None else None
    v = el.find(f"{MAIN}v")
    text = v.text if v is not None else None
    if text is None:
        return None
    if kind == "s":
        return shared[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return "TRUE" if text == "1" else "FALSE"
    number = float(text)
    style = int(el.get("s", "0"))
    shown = kinds[style] if style < len(kinds) else ""
    if shown == "date" and -1 < number < 2958466:
        day = epoch + dt.timedelta(days=number)
        if epoch is EPOCH_1900 and number < 60:
            day += dt.timedelta(days=1)      # Excel counts a 29 February 1900 that never was
        return day.date() if number.is_integer() else day.replace(microsecond=0)
    if shown == "percent":
        number = round(number * 100, 10)
    return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number


def _range(ref: str) -> tuple[int, int, int, int]:
    a, b = ref.replace("$", "").split(":")
    (r1, c1), (r2, c2) = _cell(a), _cell(b)
    return r1, c1, r2, c2


def _cell(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref.replace("$", ""))
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# -- ods ------------------------------------------------------------------------------------------------

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _ods(path: Path) -> list[Grid]:
    """An OpenDocument spreadsheet read from its content.xml (values typed as the file says)."""
    grids: list[Grid] = []
    with _open_zip(path) as z, z.open("content.xml") as content:
        grid: Grid | None = None
        row: list[Value] = []
        count = 0
        for event, el in ET.iterparse(content, events=("start", "end")):
            tag = el.tag
            if event == "start" and tag == f"{{{TABLE}}}table":
                grid = Grid(el.get(f"{{{TABLE}}}name", f"Sheet{len(grids) + 1}"), [])
            elif event == "start" and tag == f"{{{TABLE}}}table-row":
                row = []
            elif event == "end" and tag in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell") and grid:
                repeat = int(el.get(f"{{{TABLE}}}number-columns-repeated", "1"))
                value = _ods_value(el) if tag.endswith("}table-cell") else None
                span_r = int(el.get(f"{{{TABLE}}}number-rows-spanned", "1"))
                span_c = int(el.get(f"{{{TABLE}}}number-columns-spanned", "1"))
                if span_r > 1 or span_c > 1:
                    r, c = len(grid.rows), len(row)
                    grid.merges.append((r, c, r + span_r - 1, c + span_c - 1))
                if value is None and repeat > 1:
                    repeat = min(repeat, 1024)      # a row of blank cells to the sheet's edge
                count += repeat
                if count > MAX_CELLS:
                    raise TooLarge(f"has more than {MAX_CELLS:,} cells")
                row.extend([value] * repeat)
                el.clear()
            elif event == "end" and tag == f"{{{TABLE}}}table-row" and grid is not None:
                repeat = int(el.get(f"{{{TABLE}}}number-rows-repeated", "1"))
                while row and row[-1] in (None, ""):
                    row.pop()
                repeat = repeat if row else 1     # blank rows repeated to the sheet's end: one is enough
                count += len(row) * repeat
                if count > MAX_CELLS:
                    raise TooLarge(f"has more than {MAX_CELLS:,} cells")
                for _ in range(repeat):
                    grid.rows.append(list(row))
                el.clear()
            elif event == "end" and tag == f"{{{TABLE}}}table" and grid is not None:
                while grid.rows and not any(v not in (None, "") for v in grid.rows[-1]):
                    grid.rows.pop()
                grids.append(grid)
                grid = None
    return grids


def _ods_value(el: ET.Element) -> Value:
    kind = el.get(f"{{{OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        number = float(el.get(f"{{{OFFICE}}}value", "0"))
        if kind == "percentage":
            number = round(number * 100, 10)     # shown as 46%: the percentage, as in .xlsx
        return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number
    if kind == "date":
        text = el.get(f"{{{OFFICE}}}date-value", "")
        parsed = dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
        return parsed
    if kind == "boolean":
        return el.get(f"{{{OFFICE}}}boolean-value", "")
    text = "\n".join("".join(_text(p)) for p in el.iterfind(f"{{{TEXT}}}p"))
    return text if text else None


def _text(el: ET.Element) -> Iterator[str]:
    """A paragraph's text, with ODS's run-length spaces (<text:s text:c="3"/>) and tabs written out."""
    if el.text:
        yield el.text
    for child in el:
        if child.tag == f"{{{TEXT}}}s":
            yield " " * int(child.get(f"{{{TEXT}}}c", "1"))
        elif child.tag == f"{{{TEXT}}}tab":
            yield "\t"
        elif child.tag == f"{{{TEXT}}}line-break":
            yield "\n"
        else:
            yield from _text(child)
        if child.tail:
            yield child.tail


# -- csv ------------------------------------------------------------------------------------------------

def _csv(path: Path, shown: str, problems: Problems) -> list[Grid] | None:
    from ..sheets import read_csv

    sheet = read_csv(path, shown, problems)
    if sheet is None:
        return None
    rows: list[list[Any]] = [list(sheet.header)]
    for record in sheet.records:      # blank lines kept (as empty rows), so row numbers match the file's lines
        while len(rows) < record.line - 1:
            rows.append([])
        rows.append(list(record.cells))
    return [Grid(path.stem, rows)]
