"""What `sef report` writes: every format, atomically, with an index; the same content in each."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from docx import Document

from sefkit.present import board, report

COUNCILS = ["brightwater", "greyhaven", "kestrel-vale"]
FILES = {"sef-report.html", "sef-report.pdf", "sef-report.docx", "sef-report.ipynb", "scorecard.json", "gaps.csv"}


def test_every_council_gets_every_file_and_no_partial_folders(demo_reports):
    work, result = demo_reports
    for council in COUNCILS:
        folder = work / "reports" / council / "2025-10-31"
        # (hidden files are the report folder's own bookkeeping: publish/folder)
        assert {p.name for p in folder.iterdir() if not p.name.startswith(".")} == FILES
        assert not [p for p in (work / "reports" / council).iterdir() if p.name.startswith(".")]
    assert result.summary().startswith("Reports: 3 done, 0 failed in ")


def test_scorecard_json_is_the_published_version_of_sef_score(demo_reports, capsys):
    """`sef score --json` keeps raw values for the partnership's own use; the published scorecard.json is
    the privacy boundary's version of the same card (present.published), and nothing else differs."""
    from sefkit.cli import main
    from sefkit.present.published import published_card

    work, _ = demo_reports
    assert main(["score", "--workspace", str(work), "--council", "greyhaven", "--json"]) == 0
    raw = json.loads(capsys.readouterr().out)
    assert published_card(raw) == json.loads((work / "reports/greyhaven/2025-10-31/scorecard.json").read_text())


def test_html_has_no_code_no_scripts_and_no_external_references(demo_reports):
    work, _ = demo_reports
    html = (work / "reports/kestrel-vale/2025-10-31/sef-report.html").read_text()
    assert "<script" not in html
    assert "report.show(" not in html and "load_context" not in html
    for prefix in ("http://", "https://", "//cdn"):
        leftovers = [chunk for chunk in html.split(prefix)[1:] if not chunk.startswith("www.w3.org")]
        assert not leftovers, f"external reference {prefix}{leftovers[0][:60]}"
    assert '<html lang="en-GB">' in html and "<main id=\"main\">" in html


def test_isolation_no_council_leaks_into_another(demo_reports):
    work, _ = demo_reports
    names = {"brightwater": "Brightwater", "greyhaven": "Greyhaven", "kestrel-vale": "Kestrel Vale"}
    for council in COUNCILS:
        html = (work / f"reports/{council}/2025-10-31/sef-report.html").read_text()
        for other, name in names.items():
            assert (name in html) == (other == council), (council, name)


def test_pdf_has_the_same_content_as_the_html(demo_reports):
    work, _ = demo_reports
    pdf = work / "reports/brightwater/2025-10-31/sef-report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    for heading in ("Brightwater Local Area Partnership: SEND and AP self-evaluation", "Board summary",
                    "Context and governance", "Our self-evaluation by criterion", "Annex A readiness",
                    "Key performance indicators", "Gaps and the action plan", "Action plan",
                    "Appendix C: Evidence library index"):
        assert heading in flat, heading
    assert "EV-078" in flat   # the last evidence item: the appendix is complete
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(next(line for line in pages.splitlines() if line.startswith("Pages:")).split()[1]) >= 5


def test_word_document_has_headings_and_tables(demo_reports):
    work, _ = demo_reports
    doc = Document(work / "reports/greyhaven/2025-10-31/sef-report.docx")
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Greyhaven Local Area Partnership: SEND and AP self-evaluation"
    assert {"Board summary", "Context and governance", "Annex A readiness", "Gaps and the action plan",
            "Action plan"} <= set(headings)
    style = {p.text: p.style.name for p in doc.paragraphs}
    assert (style["Board summary"], style["What most needs to change"]) == ("Heading 1", "Heading 2")
    assert [name for text, name in style.items() if text.startswith("IMP-1: ")] == ["Heading 3"]
    assert style["Contents"] == "TOC Heading"
    assert len(doc.tables) >= 8
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Item", "Title", "Status", "Stale", "Owner", "Last reviewed", "Evidence"] in headers
    assert zipfile.is_zipfile(work / "reports/greyhaven/2025-10-31/sef-report.docx")


def test_index_lists_every_council_with_working_links(demo_reports):
    work, result = demo_reports
    index = work / "reports/2025-10-31/index.html"
    assert result.index == index
    html = index.read_text()
    for name in ("Brightwater Local Area Partnership", "Greyhaven Local Area Partnership"):
        assert name in html
    for href in re.findall(r'href="([^"#]+)"', html):
        assert (index.parent / href).resolve().exists(), href


def test_every_report_records_a_readiness_snapshot_in_the_workspace(demo_reports):
    work, _ = demo_reports
    for council in COUNCILS:
        lines = (work / "sef" / council / "snapshots.csv").read_text().splitlines()
        assert lines[0] == "as_of,ready_pct,outcome,red_criteria,over_claims,overdue_actions,recorded_at"
        assert len(lines) == 2 and lines[1].startswith("2025-10-31,")


def test_readiness_over_time_is_found_after_reports_written_elsewhere(tmp_path, capsys):
    """`sef report --out DIR` used to leave the next report saying "first report": the snapshots are kept
    with the workspace now, and the report says where the earlier ones came from."""
    from builders import build_workspace
    from sefkit.cli import main

    root = build_workspace(tmp_path / "ws")
    out = tmp_path / "published"
    for day in ("2025-06-30", "2025-10-31"):
        assert main(["report", "--workspace", str(root), "--all", "--format", "html", "--out", str(out),
                     "--as-of", day, "--jobs", "1", "--no-progress"]) == 0
    capsys.readouterr()
    assert not (root / "reports").exists()
    html = (out / "alpha" / "2025-10-31" / "sef-report.html").read_text()
    assert "Earlier readiness comes from sef/alpha/snapshots.csv (1 snapshot)." in html
    assert "<caption>Annex A readiness over time (data)</caption>" in html
    first = (out / "alpha" / "2025-06-30" / "sef-report.html").read_text()
    assert "No earlier snapshot of this council" in first


def test_pdf_is_tagged_with_bookmarks_language_and_alt_text(demo_reports):
    """What a council must publish: a structure tree (headings, table headers, figures with alt text),
    bookmarks from the headings, the document's language and title."""
    from pypdf import PdfReader

    work, _ = demo_reports
    pdf = work / "reports/brightwater/2025-10-31/sef-report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Brightwater Local Area Partnership: SEND and AP self-evaluation")

    def titles(outline) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]

    assert {"Board summary", "Annex A readiness", "Action plan"} <= set(titles(reader.outline))
    kinds: dict[str, int] = {}
    figures: list[object] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            kind = node.get("/S")
            if kind:
                kinds[kind] = kinds.get(kind, 0) + 1
            if kind == "/Figure":
                figures.append(node.get("/Alt"))
            if node.get("/K") is not None:
                walk(node["/K"])

    walk(root["/StructTreeRoot"])
    assert kinds.get("/H1") == 1 and kinds.get("/H2", 0) >= 8 and kinds.get("/TH", 0) >= 20
    assert any(alt and str(alt).startswith("Annex A items by readiness status:") for alt in figures)


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text, whitespace flattened (pdftotext separates pages with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_board_summary_is_alone_on_page_one_of_the_pdf_and_the_word_document(demo_reports):
    work, _ = demo_reports
    for council in COUNCILS:
        ctx = report.load_context(council, work)
        pages = pdf_pages(work / f"reports/{council}/2025-10-31/sef-report.pdf")
        first = pages[0]
        for text in ("Board summary", "Where we stand:", "Headline figures", "What most needs to change",
                     "The board is asked to", flat(board.where_we_stand(ctx.card)),
                     *map(flat, board.things_to_change(ctx.card, report.kpi_titles(ctx))),
                     *map(flat, board.board_asks(ctx.card))):
            assert text in first, (council, text)
        assert "Context and governance" not in first
        assert pages[1].startswith("Context and governance"), (council, pages[1][:80])
        doc = Document(work / f"reports/{council}/2025-10-31/sef-report.docx")
        body = doc.element.body.xml
        assert body.index("The board is asked to") < body.index('w:type="page"') < body.index("Context and governance")


def test_every_criterions_own_words_appear_in_html_pdf_and_word(demo_reports):
    """The partnership's strengths and areas for development, as written, in every format; a criterion it
    has not evaluated says so plainly."""
    work, _ = demo_reports
    unevaluated = 0
    for council in COUNCILS:
        ctx = report.load_context(council, work)
        folder = work / f"reports/{council}/2025-10-31"
        html = flat(HTMLText.of((folder / "sef-report.html").read_text()))
        footer = re.compile(re.escape(report.word_title(ctx)) + r" - page \d+ of \d+")
        pdf = flat(footer.sub(" ", " ".join(pdf_pages(folder / "sef-report.pdf"))))   # a paragraph may cross a page
        pdf = re.sub(r"(\w)- (\w)", r"\1-\2", pdf)     # "place-" at a line's end, "planning" on the next
        word = flat(" ".join(p.text for p in Document(folder / "sef-report.docx").paragraphs))
        own = [flat(text) for a in ctx.data.assessments.values() for text in (a.strengths, a.areas_for_development)
               if text]
        assert len(own) >= 10
        for text in own:
            for name, shown in (("html", html), ("pdf", pdf), ("docx", word)):
                assert text in shown, (council, name, text[:60])
        for c in ctx.card.criteria:
            if c.id not in ctx.data.assessments:
                unevaluated += 1
                assert f"{c.id}: {c.title} Our evaluation: The partnership has not evaluated this criterion" in html
    assert unevaluated, "greyhaven leaves criteria unevaluated: the plain 'not evaluated' wording is tested"


class HTMLText(HTMLParser):
    """The text of a page, and the text of each paragraph sefkit wrote (the partnership's own words,
    class "own", apart)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.paragraphs: list[str] = []
        self._in_p: list[str] | None = None

    @classmethod
    def of(cls, markup: str) -> str:
        parser = cls()
        parser.feed(markup)
        return " ".join(parser.parts)

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "p" and "own" not in (dict(attrs).get("class") or ""):
            self._in_p = []

    def handle_endtag(self, tag) -> None:
        if tag == "p" and self._in_p is not None:
            self.paragraphs.append(flat(" ".join(self._in_p)))
            self._in_p = None

    def handle_data(self, data) -> None:
        self.parts.append(data)
        if self._in_p is not None:
            self._in_p.append(data)


def test_no_paragraph_sefkit_writes_runs_over_eighty_words(demo_reports):
    work, _ = demo_reports
    for council in COUNCILS:
        parser = HTMLText()
        parser.feed((work / f"reports/{council}/2025-10-31/sef-report.html").read_text())
        assert len(parser.paragraphs) > 40
        long = [p for p in parser.paragraphs if len(p.split()) > 80]
        assert long == [], (council, [p[:80] for p in long])


def test_first_two_pdf_pages_are_saved_as_pictures_for_people_to_look_at(demo_reports):
    """Artifacts, not assertions about looks: build/test-artifacts/<council>-page-1.png and -2.png (or under
    $SEFKIT_ARTIFACTS). The test checks they were made and are not blank."""
    work, _ = demo_reports
    out = Path(os.environ.get("SEFKIT_ARTIFACTS", Path(__file__).resolve().parents[2] / "build" / "test-artifacts"))
    out.mkdir(parents=True, exist_ok=True)
    for council in COUNCILS:
        for page in (1, 2):
            picture = out / f"{council}-page-{page}"
            subprocess.run(["pdftoppm", "-r", "70", "-f", str(page), "-l", str(page), "-singlefile", "-png",
                            str(work / f"reports/{council}/2025-10-31/sef-report.pdf"), str(picture)], check=True)
            # a blank A4 page at 70 dpi is about 3 KB
            assert picture.with_suffix(".png").stat().st_size > 10_000, picture


def test_word_documents_open_in_libreoffice_writer_with_the_board_summary_alone_on_page_one(demo_reports,
                                                                                          tmp_path):
    """A second program reads the Word files sefkit writes (their XML is written directly, for speed) and
    lays them out: each opens, page 1 holds the whole board summary and page 2 starts with the contents."""
    import shutil

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Writer is needed: `make test` installs it (apt-get install libreoffice-writer-nogui)"
    work, _ = demo_reports
    for council in COUNCILS:        # one name each: LibreOffice names a PDF after its source file
        shutil.copy(work / f"reports/{council}/2025-10-31/sef-report.docx", tmp_path / f"{council}.docx")
    done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path),
                           *(str(tmp_path / f"{council}.docx") for council in COUNCILS)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for council in COUNCILS:
        assert (tmp_path / f"{council}.pdf").exists(), (council, done.stdout, done.stderr)
        pages = pdf_pages(tmp_path / f"{council}.pdf")
        ctx = report.load_context(council, work)
        for text in ("Board summary", "The board is asked to", *map(flat, board.board_asks(ctx.card))):
            assert text in pages[0], (council, text)
        assert pages[1].startswith("Contents"), (council, pages[1][:80])
