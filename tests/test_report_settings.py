"""The `report:` settings of parameters/<council>.yaml: each one changes the report, and each mistake is refused
with the file and line it is on."""

from __future__ import annotations

import base64
import datetime as dt
import re
import struct
import zlib
from pathlib import Path

import pytest
from builders import build_workspace
from docx import Document

from sefkit.cli import main
from sefkit.present import report, tables
from sefkit.present.blocks import Heading, Paragraph
from sefkit.present.sanitise import sanitise_html

TODAY = dt.date(2026, 1, 15)
PARAMS = "parameters/alpha.yaml"
NAME = "Alpha Partnership"            # the name build_workspace gives council alpha


def png(width: int = 4, height: int = 2) -> bytes:
    """A real PNG (8-bit RGB, a red-to-blue gradient), built here so the test needs no image file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"".join(bytes((255 * x // max(width - 1, 1), 0, 255 * y // max(height - 1, 1)))
                                       for x in range(width)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def workspace(tmp_path: Path, report_yaml: str = "", files: dict[str, bytes] | None = None) -> Path:
    """Council alpha's small workspace with `report_yaml` (lines after `report:`, at line 5 of
    parameters/alpha.yaml) and any `files` (path in the workspace: bytes)."""
    root = build_workspace(tmp_path / "ws", extra_params=report_yaml)
    for name, data in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, (Heading, Paragraph))]


def h1(blocks) -> str:
    return next(b.text for b in blocks if isinstance(b, Heading) and b.level == 1)


# -- each setting takes effect ------------------------------------------------------------

def test_without_settings_the_report_has_the_default_title_and_generic_partners(tmp_path):
    """A council that writes no `report:` still gets a complete report: "<name>: SEND self-evaluation", a cover
    for "the partnership board", the three statutory partners to sign, and no logo."""
    ctx = report.load_context("alpha", workspace(tmp_path), today=TODAY)
    cover = report.cover(ctx)
    assert h1(cover) == f"{NAME}: SEND self-evaluation"
    assert report.word_title(ctx) == f"{NAME}: SEND self-evaluation (31 October 2025)"
    assert any("Prepared for the partnership board." in t for t in texts(cover))
    assert "<img" not in report.to_html(cover)
    about = texts(report.context(ctx))
    assert any("made jointly by the local area partnership." in t for t in about)
    assert not any("It goes to the" in t for t in about)
    assert list(tables.sign_off(ctx.data.params.report.partners)["Partner"]) == [
        "Local authority", "NHS integrated care board", "Parent carer forum"]


def test_title_follows_the_partnership_name_on_the_cover_and_in_every_document_title(tmp_path):
    root = workspace(tmp_path, "report:\n  title: SEND and AP self-evaluation\n")
    ctx = report.load_context("alpha", root, today=TODAY)
    assert h1(report.cover(ctx)) == f"{NAME}: SEND and AP self-evaluation"
    assert f"<h1>{NAME}: SEND and AP self-evaluation</h1>" in report.to_html(report.cover(ctx))
    assert report.document_title(ctx) == f"{NAME}: SEND and AP self-evaluation"
    assert report.word_title(ctx) == f"{NAME}: SEND and AP self-evaluation (31 October 2025)"


@pytest.mark.parametrize("written", ["SEND and AP Partnership Board", "The SEND and AP Partnership Board"])
def test_board_is_named_on_the_cover_and_in_the_context_section(tmp_path, written):
    root = workspace(tmp_path, f"report:\n  board: {written}\n")
    ctx = report.load_context("alpha", root, today=TODAY)
    assert any("Prepared for the SEND and AP Partnership Board." in t for t in texts(report.cover(ctx)))
    assert any("It goes to the SEND and AP Partnership Board." in t for t in texts(report.context(ctx)))
    assert "Prepared for the SEND and AP Partnership Board." in report.to_html(report.cover(ctx))


def test_partners_are_named_in_the_context_and_each_gets_a_sign_off_row(tmp_path):
    root = workspace(tmp_path, "report:\n  partners: [Alpha Council, NHS Alpha ICB, Alpha Parent Carer Forum]\n")
    ctx = report.load_context("alpha", root, today=TODAY)
    blocks = report.context(ctx)
    assert any("made jointly by Alpha Council, NHS Alpha ICB and Alpha Parent Carer Forum." in t
               for t in texts(blocks))
    sign_off = tables.sign_off(ctx.data.params.report.partners)
    assert list(sign_off["Partner"]) == ["Alpha Council", "NHS Alpha ICB", "Alpha Parent Carer Forum"]
    page = report.to_html(blocks)
    for partner in ("Alpha Council", "NHS Alpha ICB", "Alpha Parent Carer Forum"):
        assert f"<td>{partner}</td>" in page, partner
    assert "Local authority" not in page


def test_logo_is_carried_inside_the_page_above_the_title_with_a_text_alternative(tmp_path):
    """The logo is in the page itself (no other file to lose, nothing fetched), the exact bytes given, before the
    H1, with alt text a screen reader can read."""
    image = png()
    root = workspace(tmp_path, "report:\n  logo: sef/alpha/logo.png\n", {"sef/alpha/logo.png": image})
    ctx = report.load_context("alpha", root, today=TODAY)
    page = report.to_html(report.cover(ctx))
    tag = re.search(r'<img class="logo" src="data:image/png;base64,([A-Za-z0-9+/=]+)"[^>]*>', page)
    assert tag, page[:300]
    assert base64.b64decode(tag.group(1)) == image
    assert f'alt="{NAME} logo"' in tag.group(0)
    assert page.index("<img") < page.index("<h1>")


def test_jpeg_logo_is_shown_as_jpeg(tmp_path):
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40) + b"\xff\xd9"
    root = workspace(tmp_path, "report:\n  logo: logo.JPG\n", {"logo.JPG": jpeg})
    page = report.to_html(report.cover(report.load_context("alpha", root, today=TODAY)))
    assert '<img class="logo" src="data:image/jpeg;base64,' in page


# -- formats: what `sef report` writes when --format is not given ---------------------------

def test_report_writes_the_councils_own_formats_unless_the_command_line_says_otherwise(tmp_path, capsys):
    """`formats: [html]` means `sef report` writes the web page only (with the scorecard and the gaps, always
    written); its `title` is the page's <title>. `--format docx` on the command line wins over the file."""
    root = workspace(tmp_path, "report:\n  title: SEND and AP self-evaluation\n  formats: [html]\n")
    base = ["report", "--workspace", str(root), "--all", "--jobs", "1", "--no-progress"]
    assert main([*base, "--out", str(tmp_path / "own")]) == 0, capsys.readouterr().err
    folder = tmp_path / "own" / "alpha" / "2025-10-31"
    assert {p.name for p in folder.iterdir() if not p.name.startswith(".")} == {
        "sef-report.html", "scorecard.json", "gaps.csv"}
    page = (folder / "sef-report.html").read_text(encoding="utf-8")
    assert f"<title>{NAME}: SEND and AP self-evaluation (31 October 2025)</title>" in page

    assert main([*base, "--format", "docx", "--out", str(tmp_path / "asked")]) == 0, capsys.readouterr().err
    folder = tmp_path / "asked" / "alpha" / "2025-10-31"
    assert {p.name for p in folder.iterdir() if not p.name.startswith(".")} == {
        "sef-report.docx", "scorecard.json", "gaps.csv"}
    word = Document(str(folder / "sef-report.docx"))
    assert word.core_properties.title == f"{NAME}: SEND and AP self-evaluation (31 October 2025)"


# -- mistakes are refused at their line -----------------------------------------------------

BIG = b"\x89PNG\r\n\x1a\n" + bytes(1024 * 1024)        # a PNG header, then just over 1 MB

MISTAKES = [
    pytest.param("report:\n  titel: SEND and AP self-evaluation\n", {}, 6,
                 "report.titel is not a report setting; did you mean 'title'?", id="misspelt-key"),
    pytest.param("report:\n  colour: blue\n", {}, 6,
                 "report.colour is not a report setting (settings: title, formats, logo, board, partners)",
                 id="unknown-key"),
    pytest.param("report:\n  formats: [html, pfd]\n", {}, 6,
                 "report.formats: 'pfd' is not a format; use any of: html, pdf, docx, ipynb", id="unknown-format"),
    pytest.param("report:\n  logo: sef/alpha/logo.png\n", {}, 6,
                 "report.logo 'sef/alpha/logo.png' is not there", id="logo-missing"),
    pytest.param("report:\n  logo: logo.gif\n", {"logo.gif": b"GIF89a" + bytes(20)}, 6,
                 "report.logo 'logo.gif' must be a PNG or JPEG file", id="logo-gif"),
    pytest.param("report:\n  logo: logo.png\n", {"logo.png": b"<svg xmlns='http://www.w3.org/2000/svg'/>"}, 6,
                 "report.logo 'logo.png' is not a PNG or JPEG image", id="logo-not-an-image"),
    pytest.param("report:\n  logo: logo.png\n", {"logo.png": BIG}, 6,
                 "report.logo 'logo.png' is over 1 MB", id="logo-too-large"),
    pytest.param("report:\n  partners: Alpha Council\n", {}, 6,
                 "report.partners must be a list of the partners' names", id="partners-not-a-list"),
    pytest.param("report:\n  partners: [Alpha Council, {name: ICB}]\n", {}, 6,
                 "report.partners must be a list of the partners' names", id="partner-not-a-name"),
    pytest.param("report: SEND and AP self-evaluation\n", {}, 5,
                 "report must be a mapping of report settings", id="report-not-a-mapping"),
    pytest.param("report:\n  board: [Board A, Board B]\n", {}, 6, "report.board must be text", id="board-a-list"),
    pytest.param("report:\n  title: " + "x" * 201 + "\n", {}, 6, "report.title is 201 characters", id="title-long"),
    pytest.param("report:\n  formats: []\n", {}, 6, "report.formats is empty; name at least one of", id="no-formats"),
    pytest.param("report:\n  title: One\n  Title: Two\n", {}, 7, "report.Title repeats report.title (line 6)",
                 id="key-twice"),
    pytest.param("report:\n  logo: ../outside.png\n", {"../outside.png": b"\x89PNG\r\n\x1a\n" + bytes(40)}, 6,
                 "report.logo '../outside.png' must be a file inside the workspace folder", id="logo-outside"),
]


@pytest.mark.parametrize(("report_yaml", "files", "line", "message"), MISTAKES)
def test_validate_refuses_a_report_setting_mistake_at_its_line(tmp_path, capsys, report_yaml, files, line,
                                                               message):
    """`sef validate` fails (exit code 1), names parameters/alpha.yaml and the line, says what is wrong in
    words, and prints no Python traceback."""
    root = workspace(tmp_path, report_yaml, files)
    code = main(["validate", "--workspace", str(root), "--all"])
    out = capsys.readouterr()
    shown = out.out + out.err
    assert code == 1, shown
    found = [row for row in shown.splitlines() if row.startswith(f"{PARAMS}:{line}:")]
    assert any(message in row and ": error: " in row for row in found), shown
    assert "Traceback" not in shown and 'File "' not in shown


def test_a_good_report_section_validates(tmp_path, capsys):
    """Every setting at once, written as the documentation shows them, is accepted (so the failures above are
    the mistakes, not the settings)."""
    root = workspace(tmp_path, "report:\n  title: SEND and AP self-evaluation\n  formats: [html, pdf, docx]\n"
                               "  logo: sef/alpha/logo.png\n  board: SEND and AP Partnership Board\n"
                               "  partners: [Alpha Council, NHS Alpha ICB]\n", {"sef/alpha/logo.png": png()})
    code = main(["validate", "--workspace", str(root), "--all"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert PARAMS not in out.out + out.err


# -- the logo survives the published-page sanitiser; nothing else does ----------------------

def test_sanitiser_keeps_the_reports_own_logo(tmp_path):
    root = workspace(tmp_path, "report:\n  logo: sef/alpha/logo.png\n", {"sef/alpha/logo.png": png()})
    page = report.to_html(report.cover(report.load_context("alpha", root, today=TODAY)))
    tag = re.search(r"<img [^>]*>", page).group(0)
    kept = sanitise_html(page)
    src = re.search(r'src="(data:image/png;base64,[^"]+)"', tag).group(1)
    assert f'<img src="{src}"' in kept
    assert f'alt="{NAME} logo"' in kept and 'class="logo"' in kept


def test_sanitiser_drops_images_that_could_run_or_load_something():
    data = base64.b64encode(png()).decode("ascii")
    svg = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>").decode("ascii")
    assert "<img" not in sanitise_html(f'<p><img src="data:image/svg+xml;base64,{svg}" alt="logo"></p>')
    assert "svg+xml" not in sanitise_html(f'<p><img src="data:image/svg+xml;base64,{svg}" alt="logo"></p>')
    local = sanitise_html('<p><img src="file:///etc/passwd" alt="x"></p>')
    assert local == "<p>x</p>"
    handler = sanitise_html(f'<img src="data:image/png;base64,{data}" alt="Logo" onerror="alert(1)">')
    assert handler.startswith(f'<img src="data:image/png;base64,{data}"') and 'alt="Logo"' in handler
    assert "onerror" not in handler and "alert" not in handler
    assert "<img" not in sanitise_html(f'<img src="data:image/png;base64,{data}">')   # no text alternative
