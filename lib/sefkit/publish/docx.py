"""The SEF in Word: the same blocks as the HTML report, as headings, paragraphs and tables.

Councils often finish their SEF in Word, so the document is built only from
Word's own styles (Title, Heading 1-3, Normal, List Bullet, Caption, Strong,
Table Grid: a council restyles it by attaching its house template), with a
table of contents field, the board summary alone on the first page, table
header rows that repeat across pages, narrative as plain editable paragraphs,
and each chart as its text alternative followed by its data table.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from ..present.blocks import Block, Bullets, Chart, Contents, Heading, Image, PageBreak, Paragraph, Table
from ..present.report import published
from ..privacy import redact

MAX_ROWS = 400  # a Word table longer than this is unreadable; the HTML report has the full list
# Characters XML 1.0 cannot hold (python-docx would raise on them); dropped from cell text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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
    _append_rows(t, rows.itertuples(index=False))
    if len(frame) > MAX_ROWS:
        doc.add_paragraph(f"Showing the first {MAX_ROWS} of {len(frame)} rows; the HTML report lists them all.")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _run_xml(value) -> str:
    """A cell's text as Word runs, with line breaks and tabs as Word's own elements (as cell.text does)."""
    text = _NOT_XML.sub("", "" if value is None else str(value))
    if not text:
        return ""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return "<w:r>" + "".join(parts) + "</w:r>"


def _append_rows(t, rows) -> None:
    """Append data rows as one XML fragment: python-docx's add_row()/cell.text cost about 1 s per report
    (a few hundred rows); building the same <w:tr> elements directly costs a few milliseconds."""
    widths = [cell.width for cell in t.rows[0].cells]
    tc_pr = ["<w:tcPr>" + (f'<w:tcW w:type="dxa" w:w="{int(w.twips)}"/>' if w is not None else "") + "</w:tcPr>"
             for w in widths]
    xml = "".join("<w:tr>" + "".join(f"<w:tc>{pr}<w:p>{_run_xml(v)}</w:p></w:tc>" for pr, v in zip(tc_pr, values))
                  + "</w:tr>" for values in rows)
    for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{xml}</w:tbl>"):
        t._tbl.append(tr)


def _contents(doc) -> None:
    """A table of contents field over Heading 1-3: Word fills it in when the document is opened (the
    settings ask it to update fields); until then it says how."""
    doc.add_paragraph("Contents", style="TOC Heading")
    p = doc.add_paragraph()
    run = p.add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    p.add_run("Update this table to see the contents (in Word: right-click it, Update Field).")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    p.add_run()._r.append(end)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)


def _image(doc, image: Image) -> None:
    """The picture with its text alternative; a picture Word could not read (a damaged file whose first
    bytes look right) becomes that text, so one bad logo never costs a council its report."""
    paragraph = doc.add_paragraph()
    try:
        shape = paragraph.add_run().add_picture(io.BytesIO(image.data), height=Mm(image.height_mm))
    except Exception:        # python-docx raises assorted errors on damaged images
        paragraph.clear().add_run(_xml_safe(image.alt))
        return
    shape._inline.docPr.set("descr", _xml_safe(image.alt))


def _paragraph(doc, block: Paragraph) -> None:
    p = doc.add_paragraph()
    if block.label:
        p.add_run(_xml_safe(block.label), style="Strong")
        if block.text:
            p.add_run(" ")
    if block.text:
        run = p.add_run(_xml_safe(block.text))
        run.italic = block.notice


def to_docx(blocks: list[Block], title: str) -> bytes:
    blocks = published(blocks)
    doc = Document()
    doc.core_properties.title = _xml_safe(redact(title))
    doc.core_properties.language = "en-GB"
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    for block in blocks:
        if isinstance(block, Heading):     # the report's title is Word's Title; its sections Heading 1, 2, 3
            doc.add_heading(_xml_safe(block.text), level=min(block.level - 1, 9))
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Image):
            _image(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
        elif isinstance(block, Contents):
            _contents(doc)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(_xml_safe(item), style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            doc.add_paragraph(_xml_safe(f"Chart: {block.caption}. {block.alt_text}"))
            _table(doc, block.table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
