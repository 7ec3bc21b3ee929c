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
from .xlsx import Cell, Dropdown, Sheet, column_name, write_workbook

SHEETS: dict[FileKind, str] = {"evidence": "Evidence", "actions": "Actions", "kpis": "KPIs"}
EXCEL_CELL_LIMIT = 32_767
ISO_DAY = 10


def _cell_value(text: str, kind: str) -> Cell:
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
    files = ws.files(data.params.council)
    problems = Problems()
    lists, refs = _lists_sheet(data)
    sheets: list[Sheet] = []
    tables: list[tuple[FileKind, list[str], list[str | None]]] = []
    for kind, title in SHEETS.items():
        path = files.path(kind)
        shown = files.shown(path)
        csv_sheet = read_csv(path, shown, problems)
        table = table_for(csv_sheet, SPECS[kind], problems) if csv_sheet is not None else None
        if csv_sheet is None or table is None:
            continue
        records = [r for r in csv_sheet.records if any(c.strip() for c in r.cells)]
        rows = [[unsafe_cell(c.strip()) for c in r.cells] for r in records]
        _check_lengths(shown, csv_sheet.header, rows, [r.line for r in records], problems)
        sheets.append(_data_sheet(title, list(csv_sheet.header), table.fields, rows, SPECS[kind], refs))
        tables.append((kind, list(csv_sheet.header), table.fields))
    problems.raise_if_errors()
    sheets.insert(1, _annex_sheet(ws, data))     # beside the evidence it is worked out from
    sheets.append(_assessment_sheet(data))
    return _save([_readme(data, tables), *sheets, lists], target, f"{data.params.name}: SEND self-evaluation")


def _check_lengths(shown: str, header: Sequence[str], rows: list[list[str]], lines: list[int],
                   problems: Problems) -> None:
    for row, line in zip(rows, lines):
        for i, text in enumerate(row):
            if len(text) > EXCEL_CELL_LIMIT:
                name = header[i] if i < len(header) else f"column {i + 1}"
                problems.error("out-of-range", shown, line, i + 1, f"'{name}' holds {len(text):,} characters; an "
                               f"Excel cell holds at most {EXCEL_CELL_LIMIT:,}: shorten it or link to a document")


def _widths(names: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[float]:
    """Each column as wide as its longest text (in the first 500 rows), 10 to 60 characters."""
    widths: list[float] = []
    for i, name in enumerate(names):
        longest = max([len(str(name))] + [len(str(r[i])) if i < len(r) and r[i] is not None else 0
                                          for r in rows[:500]])
        widths.append(max(10, min(60, longest + 2)))
    return widths


def _table_sheet(title: str, names: Sequence[str], rows: list[list[Cell]]) -> Sheet:
    return Sheet(title, [list(names), *rows], header=True, widths=_widths(names, rows))


def _data_sheet(title: str, header: list[str], fields: list[str | None], texts: list[list[str]], spec: Spec,
                refs: dict[str, str]) -> Sheet:
    kinds = [spec.field(f).kind if f else "text" for f in fields]
    rows = [[_cell_value(text, kinds[i] if i < len(kinds) else "text") for i, text in enumerate(values)]
            for values in texts]
    sheet = _table_sheet(title, header, rows)
    last = len(rows) + 1
    for i, name in enumerate(fields):
        ref = refs.get(f"{spec.kind}.{name}")
        if ref:
            letter = column_name(i)
            sheet.dropdowns.append(Dropdown(f"{letter}2:{letter}{last + 1000}", ref, header[i],
                                            "Not one of the listed values. sefkit also reads the synonyms in its "
                                            "vocabularies; keep it only if it is one of them."))
    return sheet


def _lists_sheet(data: CouncilData) -> tuple[Sheet, dict[str, str]]:
    """A hidden sheet of the allowed words, one column per list: drop-downs refer to it (a list typed into
    the rule itself is limited to 255 characters and cannot hold a comma)."""
    vocab = data.vocab
    columns: dict[str, Vocabulary] = {"evidence.status": vocab.readiness_status,
                                      "evidence.strength": vocab.evidence_strength,
                                      "actions.status": vocab.action_status}
    sheet = Sheet("Lists", hidden=True)
    refs: dict[str, str] = {}
    for c, (key, words) in enumerate(columns.items()):
        sheet.set(0, c, key)
        values = [t.code for t in words.terms] if key.endswith("strength") else [t.label for t in words.terms]
        for r, word in enumerate(values, start=1):
            sheet.set(r, c, int(word) if word.isdigit() else word)
        letter = column_name(c)
        refs[key] = f"Lists!${letter}$2:${letter}${len(values) + 1}"
    return sheet, refs


def _label(vocab: Vocabulary, code: str) -> str:
    return vocab.label(code) if code in vocab.codes else code


def _annex_sheet(ws: Workspace, data: CouncilData) -> Sheet:
    """The count of items at each status (the tracker's four states, and items with no evidence) where the
    eye lands first; beside it one row per Annex A item with the status its evidence gives it."""
    as_of = data.params.as_of or dt.date.today()
    summary = annex_readiness(data, ws.rules, shift_months(as_of, -ws.rules.window_months))
    vocab = data.vocab.readiness_status
    counts: list[tuple[str, float]] = [(_label(vocab, code), n) for code, n in summary.counts.items()
                                       if code != MISSING]
    counts += [("No evidence", summary.counts.get(MISSING, 0)), ("Total", len(summary.items)),
               ("Ready (%)", summary.ready_pct)]
    names = ["Annex A item", "Title", "Status", "Counts as ready", "Stale", "Last reviewed", "Evidence", "Owners"]
    sheet = Sheet("Annex A tracker", header=True, widths=[34, 8, 3, 15, 40, 34, 10, 8, 14, 24, 30])
    for c, name in enumerate(["Status", "Items", None, *names]):
        sheet.set(0, c, name)
    for r, (label, n) in enumerate(counts, start=1):
        sheet.set(r, 0, label)
        sheet.set(r, 1, n)
    for r, item in enumerate(summary.items, start=1):
        status = "No evidence" if item.status == MISSING else _label(vocab, item.status)
        ready = "yes" if item.status in vocab.flagged() else "no"
        for c, value in enumerate([item.id, item.title, status, ready, "stale" if item.stale else "",
                                   item.last_reviewed, "; ".join(item.evidence), "; ".join(item.owners)], start=3):
            sheet.set(r, c, value)
    sheet.filter_columns = (3, 3 + len(names) - 1)
    return sheet


def _assessment_sheet(data: CouncilData) -> Sheet:
    vocab = data.vocab
    names = ["Criterion", "Title", "Evaluation", "Confidence", "Strengths", "Areas for development", "Next steps",
             "Evidence", "Updated by", "Updated at"]
    rows: list[list[Cell]] = []
    for cid, criterion in data.framework.criteria.items():
        a = data.assessments.get(cid)
        judgement = _label(vocab.judgement, a.judgement) if a else _label(vocab.judgement, vocab.not_assessed)
        confidence = _label(vocab.confidence, a.confidence) if a and a.confidence else ""
        updated = a.updated_at.isoformat() if a and a.updated_at else ""
        rows.append([cid, criterion.title, judgement, confidence, a.strengths if a else "",
                     a.areas_for_development if a else "", a.next_steps if a else "",
                     "; ".join(a.evidence) if a else "", a.updated_by if a else "", updated])
    return _table_sheet("Self-assessment", names, rows)


def _readme(data: CouncilData, tables: list[tuple[FileKind, list[str], list[str | None]]]) -> Sheet:
    council = data.params
    vocab = data.vocab
    sheet = Sheet("Read me", widths=[14, 26, 70, 90])
    sheet.set(0, 0, f"{council.name}: SEND self-evaluation workspace", "title")
    lines = [
        f"Exported by sefkit on {now().strftime('%d %B %Y at %H:%M')} from the workspace's files.",
        "Evidence, Actions and KPIs are the workspace's files as they are: edit them here, then bring the sheet "
        f"back with: sef import THIS_FILE.xlsx --council {council.council} --kind evidence (or actions, kpis).",
        "Rows are matched by their id, ref, or indicator and period end: a changed row is updated, a new row "
        "added, none removed. Columns sefkit does not read are kept.",
        "The Annex A tracker and the Self-assessment are for reading: the tracker is worked out from the "
        "evidence, and the self-assessment is edited in the workbook's pages (sef workbook).",
        "Status columns offer the vocabulary's words in a drop-down; the synonyms in sef/vocabularies.yaml are "
        "read too.",
    ]
    for r, text in enumerate(lines, start=2):
        sheet.set(r, 0, text)
    start = len(lines) + 3
    for c, title in enumerate(["Sheet", "Column", "What it holds", "Allowed values"]):
        sheet.set(start, c, title, "bold")
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
            for c, value in enumerate([SHEETS[kind], heading, meaning, allowed]):
                sheet.set(r, c, value)
            r += 1
    return sheet


def _save(sheets: list[Sheet], target: Path, title: str) -> Path:
    """Write next to the target, then replace it: a crash or a full disk never leaves half a workbook."""
    target = target.absolute()
    if target.suffix.lower() != ".xlsx":
        raise InputError.one("argument", "--output", f"'{target.name}' does not end in .xlsx", line=0)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".xlsx.tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            write_workbook(out, sheets, title, now())
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
