"""`sef export`: a council's workspace as one Excel workbook people can work in, and bring back.

One sheet per workspace file, its columns as the file has them (so `sef import` of the workbook gives the
same files back, byte for byte), with a styled, frozen, filterable header; columns sized to their text;
a drop-down on every status column (a warning, not a refusal, for another synonym); dates as real
dates; numbers as numbers where the text reads back the same; text that a spreadsheet would run as a
formula stored as text. Beside them: the Annex A tracker with the count of items at each status, the
self-assessment (to read: it is edited in the workbook's pages), and a read-me sheet.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..dates import now, shift_months
from ..model import CouncilData
from ..problems import InputError, Problems
from ..scoring.annex import annex_readiness
from ..scoring.card import MISSING
from ..sheets import read_csv, unsafe_cell
from ..vocab import Vocabulary
from ..workspace import Workspace
from ..workspace.locate import FileKind
from ..workspace.sources import table_for
from ..workspace.specs import SPECS, Spec
from .cellvalues import number_text

SHEETS: dict[FileKind, str] = {"evidence": "Evidence", "actions": "Actions", "kpis": "KPIs"}
HEADER_FILL = "1D4F91"        # white on this: contrast 9.4:1
DATE_FORMAT = "d mmm yyyy"    # 30 Sep 2025: no day-month ambiguity
EXCEL_CELL_LIMIT = 32_767
ISO_DAY = 10


def _cell_value(text: str, kind: str) -> Any:
    """What a cell holds for a workspace value: a date for an ISO date, a number where the number's text
    is the same text, else the text."""
    if not text:
        return None
    if kind in ("date", "datetime") and len(text) == ISO_DAY and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if kind in ("number", "strength"):
        try:
            number = float(text)
        except ValueError:
            return text
        if number_text(number) == text:
            return int(number) if number.is_integer() else number
    return text


def export_workbook(ws: Workspace, data: CouncilData, target: Path) -> Path:
    """Write the workbook to `target` (replaced whole, never half-written). InputError if a value cannot
    be held by Excel."""
    from openpyxl import Workbook

    book = Workbook()
    readme = book.active
    readme.title = "Read me"
    files = ws.files(data.params.council)
    problems = Problems()
    lists = _lists_sheet(book, data)
    tables: list[tuple[FileKind, list[str], list[str | None]]] = []
    for kind, title in SHEETS.items():
        path = files.path(kind)
        sheet = read_csv(path, files.shown(path), problems)
        table = table_for(sheet, SPECS[kind], problems) if sheet is not None else None
        if sheet is None or table is None:
            continue
        rows = [[unsafe_cell(c.strip()) for c in r.cells] for r in sheet.records if any(c.strip() for c in r.cells)]
        _check_lengths(files.shown(path), sheet.header, rows, problems)
        _data_sheet(book, title, list(sheet.header), table.fields, rows, SPECS[kind], data, lists)
        tables.append((kind, list(sheet.header), table.fields))
    problems.raise_if_errors()
    _annex_sheet(book, ws, data)
    _assessment_sheet(book, data)
    _readme(readme, data, tables)
    for name, place in (("Lists", len(book.sheetnames) - 1), ("Annex A tracker", 2)):   # beside the evidence
        book.move_sheet(name, offset=place - book.sheetnames.index(name))
    return _save(book, target)


def _check_lengths(shown: str, header: Sequence[str], rows: list[list[str]], problems: Problems) -> None:
    for n, row in enumerate(rows, start=2):
        for i, text in enumerate(row):
            if len(text) > EXCEL_CELL_LIMIT:
                name = header[i] if i < len(header) else f"column {i + 1}"
                problems.error("out-of-range", shown, n, i + 1, f"'{name}' holds {len(text):,} characters; an "
                               f"Excel cell holds at most {EXCEL_CELL_LIMIT:,}: shorten it or link to a document")


def _header(sheet: Any, names: Sequence[str], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append(list(names))
    font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = font, fill, wrap
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _widths(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    widths = []
    for i, name in enumerate(names):
        longest = max([len(str(name))] + [len(str(r[i])) if i < len(r) and r[i] is not None else 0
                                          for r in rows[:500]])
        widths.append(max(10, min(60, longest + 2)))
    return widths


def _data_sheet(book: Any, title: str, header: list[str], fields: list[str | None], rows: list[list[str]],
                spec: Spec, data: CouncilData, lists: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    kinds = [spec.field(f).kind if f else "text" for f in fields]
    _header(sheet, header, _widths(header, rows))
    date_columns = [i for i, k in enumerate(kinds) if k in ("date", "datetime")]
    for values in rows:
        sheet.append([_cell_value(text, kinds[i] if i < len(kinds) else "text") for i, text in enumerate(values)])
    last = len(rows) + 1
    for row in sheet.iter_rows(min_row=2, max_row=last):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"        # shown as written, never run as a formula
        for i in date_columns:
            if i < len(row) and isinstance(row[i].value, dt.date):
                row[i].number_format = DATE_FORMAT
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(header)))}{last}"
    for i, name in enumerate(fields):
        ref = lists.get(f"{spec.kind}.{name}")
        if ref:
            letter = get_column_letter(i + 1)
            _dropdown(sheet, ref, f"{letter}2:{letter}{max(last, 2) + 1000}", header[i])


def _dropdown(sheet: Any, source: str, cells: str, heading: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                          errorStyle="warning", errorTitle=heading,
                          error="Not one of the listed values. sefkit also reads the synonyms in its "
                                "vocabularies; keep it only if it is one of them.")
    rule.add(cells)
    sheet.add_data_validation(rule)


def _lists_sheet(book: Any, data: CouncilData) -> dict[str, str]:
    """A hidden sheet of the allowed words, one column per list: drop-downs refer to it (a list typed into
    the rule itself is limited to 255 characters and cannot hold a comma)."""
    sheet = book.create_sheet("Lists")
    sheet.sheet_state = "hidden"
    vocab = data.vocab
    columns: dict[str, Vocabulary] = {"evidence.status": vocab.readiness_status,
                                      "evidence.strength": vocab.evidence_strength,
                                      "actions.status": vocab.action_status}
    refs: dict[str, str] = {}
    for c, (key, words) in enumerate(columns.items(), start=1):
        sheet.cell(row=1, column=c, value=key)
        values = [t.code for t in words.terms] if key.endswith("strength") else [t.label for t in words.terms]
        for r, word in enumerate(values, start=2):
            sheet.cell(row=r, column=c, value=int(word) if word.isdigit() else word)
        letter = chr(64 + c)
        refs[key] = f"Lists!${letter}$2:${letter}${len(values) + 1}"
    return refs


def _label(vocab: Vocabulary, code: str) -> str:
    return vocab.label(code) if code in vocab.codes else code


def _annex_sheet(book: Any, ws: Workspace, data: CouncilData) -> None:
    """One row per Annex A item with the status its evidence gives it; beside it the count of items at
    each status (the tracker's four states, and items with no evidence)."""
    as_of = data.params.as_of or dt.date.today()
    summary = annex_readiness(data, ws.rules, shift_months(as_of, -ws.rules.window_months))
    vocab = data.vocab.readiness_status
    sheet = book.create_sheet("Annex A tracker")
    names = ["Annex A item", "Title", "Status", "Counts as ready", "Stale", "Evidence", "Owners", "Last reviewed"]
    rows = []
    for item in summary.items:
        status = "No evidence" if item.status == MISSING else _label(vocab, item.status)
        ready = "yes" if item.status in vocab.flagged() else "no"
        rows.append([item.id, item.title, status, ready, "stale" if item.stale else "", "; ".join(item.evidence),
                     "; ".join(item.owners), item.last_reviewed])
    _header(sheet, [*names, "", "Status", "Items"], [*_widths(names, rows), 3, 40, 8])
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2, max_row=len(rows) + 1, min_col=8, max_col=8):
        for cell in cells:
            cell.number_format = DATE_FORMAT
    counts: list[tuple[str, float]] = [(_label(vocab, code), n) for code, n in summary.counts.items()
                                       if code != MISSING]
    counts += [("No evidence", summary.counts.get(MISSING, 0)), ("Total", len(summary.items)),
               ("Ready (%)", summary.ready_pct)]
    for r, (label, n) in enumerate(counts, start=2):
        sheet.cell(row=r, column=10, value=label)
        sheet.cell(row=r, column=11, value=n)
    sheet.auto_filter.ref = f"A1:H{len(rows) + 1}"


def _assessment_sheet(book: Any, data: CouncilData) -> None:
    vocab = data.vocab
    sheet = book.create_sheet("Self-assessment")
    names = ["Criterion", "Title", "Evaluation", "Confidence", "Strengths", "Areas for development", "Next steps",
             "Evidence", "Updated by", "Updated at"]
    rows = []
    for cid, criterion in data.framework.criteria.items():
        a = data.assessments.get(cid)
        judgement = _label(vocab.judgement, a.judgement) if a else _label(vocab.judgement, vocab.not_assessed)
        confidence = _label(vocab.confidence, a.confidence) if a and a.confidence else ""
        updated = a.updated_at.isoformat() if a and a.updated_at else ""
        rows.append([cid, criterion.title, judgement, confidence, a.strengths if a else "",
                     a.areas_for_development if a else "", a.next_steps if a else "",
                     "; ".join(a.evidence) if a else "", a.updated_by if a else "", updated])
    _header(sheet, names, _widths(names, rows))
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def _readme(sheet: Any, data: CouncilData, tables: list[tuple[FileKind, list[str], list[str | None]]]) -> None:
    from openpyxl.styles import Font

    council = data.params
    vocab = data.vocab
    sheet["A1"] = f"{council.name}: SEND self-evaluation workspace"
    sheet["A1"].font = Font(bold=True, size=14)
    lines = [
        f"Exported by sefkit on {now().strftime('%d %B %Y at %H:%M')} from the workspace's files.",
        "Evidence, Actions and KPIs are the workspace's files as they are: edit them here, then bring the sheet "
        f"back with: sef import THIS_FILE.xlsx --council {council.council} --kind evidence (or actions, kpis).",
        "Rows are matched by their id, ref, or indicator and period end: a changed row is updated, a new row "
        "added, none removed. Columns sefkit does not read are kept.",
        "The Annex A tracker and the Self-assessment are for reading: the tracker is worked out from the "
        "evidence, and the self-assessment is edited in the workbook's pages (sef workbook).",
        "Status columns offer the vocabulary's words in a drop-down; the synonyms listed below are read too.",
    ]
    for r, text in enumerate(lines, start=3):
        sheet.cell(row=r, column=1, value=text)
    start = len(lines) + 4
    for c, title in enumerate(["Sheet", "Column", "What it holds", "Allowed values"], start=1):
        cell = sheet.cell(row=start, column=c, value=title)
        cell.font = Font(bold=True)
    words: dict[str, Vocabulary] = {"readiness_status": vocab.readiness_status, "action_status": vocab.action_status,
                                    "evidence_strength": vocab.evidence_strength}
    r = start + 1
    for kind, header, fields in tables:
        spec = SPECS[kind]
        for heading, field_name in zip(header, fields):
            meaning = (spec.field(field_name).meaning if field_name
                       else "a column of the council's own (kept, not read)")
            vocabulary = spec.field(field_name).vocabulary if field_name else None
            allowed = words[vocabulary].choices() if vocabulary in words else ""
            for c, value in enumerate([SHEETS[kind], heading, meaning, allowed], start=1):
                sheet.cell(row=r, column=c, value=value)
            r += 1
    for letter, width in zip("ABCD", (14, 26, 70, 90)):
        sheet.column_dimensions[letter].width = width


def _save(book: Any, target: Path) -> Path:
    """Write next to the target, then replace it: a crash or a full disk never leaves half a workbook."""
    target = target.absolute()
    if target.suffix.lower() != ".xlsx":
        raise InputError.one("argument", "--output", f"'{target.name}' does not end in .xlsx", line=0)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".xlsx.tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            book.save(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
