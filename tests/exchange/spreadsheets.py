"""Real spreadsheets built in code, shaped like the councils' trackers: .xlsx with openpyxl, .ods with
odfpy. A sheet is rows of values (text, numbers, dates; Percent(0.52) is a number shown as 52%) and the
merged ranges, as a spreadsheet names them ("A5:K5")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Percent:
    value: float


@dataclass
class SheetSpec:
    name: str
    rows: list[list[Any]]
    merges: list[str] = field(default_factory=list)


def write_xlsx(path: Path, sheets: list[SheetSpec]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, Percent):
                    cell.value, cell.number_format = value.value, "0%"
                elif isinstance(value, dt.date):
                    cell.value, cell.number_format = value, "dd/mm/yyyy"
                else:
                    cell.value = value
        for ref in spec.merges:
            sheet.merge_cells(ref)
    book.save(path)
    return path


def _span(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    c1, r1, c2, r2 = range_boundaries(ref)
    return r1 - 1, c1 - 1, r2 - 1, c2 - 1


def write_ods(path: Path, sheets: list[SheetSpec]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for spec in sheets:
        table = Table(name=spec.name)
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in map(_span, spec.merges)}
        covered = {(r, c) for r1, c1, r2, c2 in map(_span, spec.merges)
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
        width = max((len(row) for row in spec.rows), default=0)
        width = max([width] + [c2 + 1 for _, _, _, c2 in map(_span, spec.merges)])
        for r, row in enumerate(spec.rows):
            tr = TableRow()
            for c in range(width):
                value = row[c] if c < len(row) else None
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                attrs: dict[str, Any] = {}
                if (r, c) in spans:
                    attrs["numberrowsspanned"], attrs["numbercolumnsspanned"] = spans[(r, c)]
                if value is None:
                    tr.addElement(TableCell(**attrs))
                elif isinstance(value, Percent):
                    cell = TableCell(valuetype="percentage", value=value.value, **attrs)
                    cell.addElement(P(text=f"{value.value:.0%}"))
                    tr.addElement(cell)
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attrs)
                    cell.addElement(P(text=value.strftime("%d/%m/%Y")))
                    tr.addElement(cell)
                elif isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value, **attrs)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="string", **attrs)
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                    tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_sheet(path: Path, sheets: list[SheetSpec]) -> Path:
    return write_ods(path, sheets) if path.suffix == ".ods" else write_xlsx(path, sheets)
