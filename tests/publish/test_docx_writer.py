"""The Word writer: real headings, tables whose cells say exactly what the data says, charts as text."""

from __future__ import annotations

import io
import struct
import zlib

import altair as alt
import pandas as pd
from docx import Document

from sefkit.present.blocks import Chart, Contents, Heading, Image, PageBreak, Paragraph, Table
from sefkit.publish.docx import MAX_ROWS, to_docx

AWKWARD = ["Fish & chips <b>", "two\nlines", "tab\tseparated", "bell\x07gone", "", None, 12.5, "  spaced  "]


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A real (if small) PNG, written with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + b"\x00\x5e\xa5" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


def read(blocks) -> Document:
    return Document(io.BytesIO(to_docx(blocks, "Test title")))


def test_cells_hold_the_exact_text_including_breaks_tabs_and_markup_characters():
    frame = pd.DataFrame({"Value": AWKWARD, "Index": range(len(AWKWARD))})
    doc = read([Heading(1, "Title"), Table("Awkward values", frame)])
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Value", "Index"]
    got = [row.cells[0].text for row in table.rows[1:]]
    # python-docx reads <w:br/> back as "\n" and <w:tab/> as "\t"; XML-illegal control characters are dropped
    assert got == ["Fish & chips <b>", "two\nlines", "tab\tseparated", "bellgone", "", "", "12.5", "  spaced  "]
    assert [row.cells[1].text for row in table.rows[1:]] == [str(i) for i in range(len(AWKWARD))]


def test_header_row_repeats_on_each_page_and_cells_have_the_header_widths():
    doc = read([Table("Numbers", pd.DataFrame({"A": [1, 2], "B": [3, 4], "C": [5, 6]}))])
    table = doc.tables[0]
    tr_pr = table.rows[0]._tr.trPr
    assert tr_pr is not None and "tblHeader" in tr_pr.xml
    widths = [c.width for c in table.rows[0].cells]
    assert all(w is not None for w in widths)
    assert [c.width for c in table.rows[2].cells] == widths


def test_long_tables_are_cut_with_a_note_and_empty_tables_say_so():
    doc = read([Table("Long", pd.DataFrame({"n": range(MAX_ROWS + 5)})),
                Table("Empty", pd.DataFrame({"n": []}), empty="Nothing recorded.")])
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == MAX_ROWS + 1
    texts = [p.text for p in doc.paragraphs]
    assert f"Showing the first {MAX_ROWS} of {MAX_ROWS + 5} rows; the HTML report lists them all." in texts
    assert "Nothing recorded." in texts


def test_headings_paragraphs_and_charts_as_alt_text_plus_data_table():
    data = pd.DataFrame({"Status": ["Ready", "Missing"], "Items": [7, 3]})
    chart = alt.Chart(data).mark_bar().encode(x="Items", y="Status").properties(
        description="Bar chart: 7 items ready, 3 missing.")
    doc = read([Heading(1, "Brightwater SEF"), Heading(2, "Annex A"), Paragraph("Some text."),
                Chart("Annex A items", chart, Table("Annex A items (data)", data))])
    styled = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert styled == [("Title", "Brightwater SEF"), ("Heading 1", "Annex A")]
    assert "Chart: Annex A items. Bar chart: 7 items ready, 3 missing." in [p.text for p in doc.paragraphs]
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows] == [["Status", "Items"], ["Ready", "7"],
                                                                       ["Missing", "3"]]
    assert doc.core_properties.title == "Test title" and doc.core_properties.language == "en-GB"


def test_contents_field_page_break_logo_and_labelled_paragraphs_use_words_own_styles():
    """What a council needs to finish the SEF in Word: a table of contents field over the headings, the
    board summary alone on page 1, the logo with its text alternative, lead-ins in Word's Strong style
    and the narrative as plain Normal paragraphs it can edit."""
    png = tiny_png()
    doc = read([Image(png, "image/png", "Brightwater logo"), Heading(1, "Brightwater SEF"),
                Heading(2, "Board summary"), Paragraph("Inconsistent.", label="Where we stand:"), PageBreak(),
                Contents(), Heading(2, "Criteria"), Paragraph("Our own words.", label="Strengths:", own=True)])
    body = doc.element.body.xml
    assert 'TOC \\o "1-3"' in body and 'w:fldCharType="begin"' in body and 'w:fldCharType="end"' in body
    assert "updateFields" in doc.settings.element.xml
    assert 'w:type="page"' in body
    assert body.index('w:type="page"') < body.index("TOC \\o") < body.index("Criteria")
    assert 'descr="Brightwater logo"' in body and len(doc.inline_shapes) == 1
    labelled = next(p for p in doc.paragraphs if p.text == "Strengths: Our own words.")
    assert labelled.style.name == "Normal"
    plain = "Default Paragraph Font"
    assert [(r.text, r.style.name) for r in labelled.runs] == [("Strengths:", "Strong"), (" ", plain),
                                                             ("Our own words.", plain)]
    assert [p.text for p in doc.paragraphs if p.style.name == "TOC Heading"] == ["Contents"]


def test_a_damaged_logo_becomes_its_text_alternative_not_a_failed_report():
    damaged = tiny_png()[:40]
    doc = read([Image(damaged, "image/png", "Brightwater logo"), Heading(1, "Brightwater SEF")])
    assert len(doc.inline_shapes) == 0 and doc.paragraphs[0].text == "Brightwater logo"
