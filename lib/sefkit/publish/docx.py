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
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from ..present.blocks import Block, Bullets, Chart, Contents, Heading, Image, PageBreak, Paragraph, Table
from ..present.report import published
from ..privacy import redact

MAX_ROWS = 400  # a Word table longer than this is unreadable; the HTML report has the full list
# Characters XML 1.0 cannot hold (python-docx would raise on them); dropped from cell text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
TOC_FIELD = 'TOC \\o "1-3" \\h \\z \\u'


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _run_xml(value, style: str = "", bold: bool = False, italic: bool = False) -> str:
    """Text as a Word run, with line breaks and tabs as Word's own elements (as python-docx writes them)."""
    text = _NOT_XML.sub("", "" if value is None else str(value))
    if not text:
        return ""
    props = ((f'<w:rStyle w:val="{style}"/>' if style else "") + ("<w:b/>" if bold else "")
             + ("<w:i/>" if italic else ""))
    parts = [f"<w:rPr>{props}</w:rPr>"] if props else []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return "<w:r>" + "".join(parts) + "</w:r>"


class _Body:
    """The document body written as WordprocessingML text and parsed once: python-docx's own calls look
    every style up by name each time (about 0.5 s for one report's few hundred paragraphs); writing the
    same elements directly costs a few milliseconds. Only Word's built-in styles are used."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.parts: list[str] = []
        self._ids: dict[str, str] = {}
        section = doc.sections[0]
        self.width = (section.page_width - section.left_margin - section.right_margin) // 635   # EMU to twips

    def style(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.doc.styles[name].style_id
        return self._ids[name]

    def paragraph(self, runs: str, style: str = "") -> None:
        props = f'<w:pPr><w:pStyle w:val="{self.style(style)}"/></w:pPr>' if style else ""
        self.parts.append(f"<w:p>{props}{runs}</w:p>")

    def text(self, text: str, style: str = "") -> None:
        self.paragraph(_run_xml(text), style)

    def page_break(self) -> None:
        self.parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def contents(self) -> None:
        """A table of contents field over Heading 1-3: Word fills it in when the document is opened (the
        settings ask it to update fields); until then it says how."""
        self.text("Contents", "TOC Heading")
        self.paragraph('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                       f'<w:r><w:instrText xml:space="preserve">{escape(TOC_FIELD)}</w:instrText></w:r>'
                       '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                       + _run_xml("Update this table to see the contents (in Word: right-click it, Update Field).")
                       + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        self.doc.settings.element.append(update)

    def table(self, table: Table) -> None:
        """A captioned table in Word's Table Grid style, its header row repeated on every page."""
        frame = table.frame
        self.paragraph(_run_xml(table.caption, bold=True), "Caption")
        if frame.empty:
            self.text(table.empty)
            return
        columns = len(frame.columns)
        width = self.width // columns
        cell_pr = f'<w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'

        def row(values, header: bool = False) -> str:
            head = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else ""
            return (f"<w:tr>{head}" + "".join(f"<w:tc>{cell_pr}<w:p>{_run_xml(v, bold=header)}</w:p></w:tc>"
                                              for v in values) + "</w:tr>")

        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
        self.parts.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style("Table Grid")}"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:jc w:val="left"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            + row(map(str, frame.columns), header=True)
            + "".join(row(values) for values in frame.head(MAX_ROWS).itertuples(index=False)) + "</w:tbl>")
        if len(frame) > MAX_ROWS:
            self.text(f"Showing the first {MAX_ROWS} of {len(frame)} rows; the HTML report lists them all.")

    def flush(self) -> None:
        """Put what is written so far into the document (before its section properties)."""
        if not self.parts:
            return
        body = self.doc.element.body
        end = body.sectPr
        for element in parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>"):
            if end is not None:
                end.addprevious(element)
            else:
                body.append(element)
        self.parts = []


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


def _paragraph(body: _Body, block: Paragraph) -> None:
    runs = _run_xml(block.label, style=body.style("Strong")) if block.label else ""
    if block.label and block.text:
        runs += _run_xml(" ")
    body.paragraph(runs + _run_xml(block.text, italic=block.notice))


def to_docx(blocks: list[Block], title: str) -> bytes:
    blocks = published(blocks)
    doc = Document()
    doc.core_properties.title = _xml_safe(redact(title))
    doc.core_properties.language = "en-GB"
    section = doc.sections[0]          # A4, as councils print (python-docx's template is US Letter)
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(16)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    doc.styles["Title"].font.size = Pt(22)
    body = _Body(doc)
    for block in blocks:
        if isinstance(block, Heading):     # the report's title is Word's Title; its sections Heading 1, 2, 3
            body.text(block.text, "Title" if block.level == 1 else f"Heading {min(block.level - 1, 9)}")
        elif isinstance(block, Paragraph):
            _paragraph(body, block)
        elif isinstance(block, Image):
            body.flush()                   # the picture needs python-docx (it adds the image's part)
            _image(doc, block)
        elif isinstance(block, PageBreak):
            body.page_break()
        elif isinstance(block, Contents):
            body.contents()
        elif isinstance(block, Bullets):
            for item in block.items:
                body.text(item, "List Bullet")
        elif isinstance(block, Table):
            body.table(block)
        elif isinstance(block, Chart):
            body.text(f"Chart: {block.caption}. {block.alt_text}")
            body.table(block.table)
    body.flush()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
