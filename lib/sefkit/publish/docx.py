"""The SEF in Word: the same blocks as the HTML report, as headings, paragraphs and tables.

Councils often finish their SEF in Word, so the document uses real Word
headings (navigable, accessible), table header rows that repeat across pages,
and each chart as its text alternative followed by its data table.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ..present.report import Block, Bullets, Chart, Heading, Paragraph, Table

MAX_ROWS = 400  # a Word table longer than this is unreadable; the HTML report has the full list


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _table(doc, table: Table) -> None:
    frame = table.frame
    caption = doc.add_paragraph(table.caption, style="Caption")
    caption.runs[0].bold = True
    if frame.empty:
        doc.add_paragraph(table.empty)
        return
    rows = frame.head(MAX_ROWS)
    t = doc.add_table(rows=1, cols=len(frame.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, name in zip(t.rows[0].cells, frame.columns):
        cell.text = str(name)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(t.rows[0])
    for values in rows.itertuples(index=False):
        cells = t.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = "" if value is None else str(value)
    if len(frame) > MAX_ROWS:
        doc.add_paragraph(f"Showing the first {MAX_ROWS} of {len(frame)} rows; the HTML report lists them all.")


def to_docx(blocks: list[Block], title: str) -> bytes:
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.language = "en-GB"
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 4) if block.level > 1 else 0)
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph(block.text)
            if block.notice:
                p.runs[0].italic = True
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            doc.add_paragraph(f"Chart: {block.caption}. {block.alt_text}")
            _table(doc, block.table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
