"""PDF printing with Debian's Chromium: refuses the network, survives a failed page, leaves nothing behind."""

from __future__ import annotations

import subprocess

import pytest

from conftest import chromium_available
from sefkit.publish.pdf import PdfPrinter

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not chromium_available(),
                                 reason="needs Debian's chromium (apt-get install chromium; `make test` does it)")]

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Printable SEF</title>
<link rel="stylesheet" href="https://cdn.example.org/never.css"></head>
<body><main><h1>Printable SEF for Alpha</h1><table><caption>Numbers</caption>
<tr><th scope="col">n</th></tr><tr><td>42</td></tr></table>
<img alt="" src="http://192.0.2.1/pixel.png"></main></body></html>"""


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_failed_page_costs_only_that_pdf_and_the_next_one_prints(tmp_path):
    good = tmp_path / "good.html"
    good.write_text(PAGE, encoding="utf-8")
    printer = PdfPrinter()
    try:
        with pytest.raises(Exception):
            printer.print_pdf(tmp_path / "missing.html", tmp_path / "missing.pdf")
        assert not (tmp_path / "missing.pdf").exists()
        printer.print_pdf(good, tmp_path / "good.pdf")  # external stylesheet and image are refused, not awaited
    finally:
        printer.close()
    assert (tmp_path / "good.pdf").read_bytes().startswith(b"%PDF")
    text = pdf_text(tmp_path / "good.pdf")
    assert "Printable SEF for Alpha" in text and "42" in text


def test_close_is_safe_twice_and_before_any_use():
    printer = PdfPrinter()
    printer.close()
    printer.close()


def test_a_page_prints_with_no_javascript_no_files_outside_its_folder_and_no_network(tmp_path):
    """What reaches a report's HTML by mistake cannot act while it is printed: a script does not run, a
    frame, object or stylesheet pointing at a local file outside the report's folder shows nothing."""
    outside = tmp_path / "secret.txt"
    outside.write_text("SECRET-OUTSIDE-7731")
    (tmp_path / "evil.css").write_text('body::after { content: "STYLESHEET-LOADED-4242"; }')
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "inside.txt").write_text("INSIDE-THE-FOLDER-5521")
    page = folder / "page.html"
    page.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Hostile page</title>
<link rel="stylesheet" href="{(tmp_path / 'evil.css').as_uri()}"></head><body><h1>Visible heading</h1>
<script>document.body.insertAdjacentHTML('beforeend', '<p>SCRIPT-RAN-9911</p>')</script>
<iframe src="{outside.as_uri()}"></iframe><iframe src="../secret.txt"></iframe>
<object data="{outside.as_uri()}"></object><embed src="{outside}"><iframe src="inside.txt"></iframe>
<img alt="" src="http://192.0.2.1/pixel.png"></body></html>""", encoding="utf-8")
    printer = PdfPrinter()
    try:
        printer.print_pdf(page, folder / "page.pdf")
    finally:
        printer.close()
    text = pdf_text(folder / "page.pdf")
    assert "Visible heading" in text and "INSIDE-THE-FOLDER-5521" in text
    for leak in ("SECRET-OUTSIDE-7731", "STYLESHEET-LOADED-4242", "SCRIPT-RAN-9911"):
        assert leak not in text, leak


def test_only_files_inside_the_report_folder_are_served(tmp_path):
    from sefkit.publish.pdf import ORIGIN, served_file

    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "chart.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("x")
    (tmp_path / "report" / "link.txt").symlink_to(tmp_path / "secret.txt")
    folder = (tmp_path / "report").resolve()
    assert served_file(ORIGIN + "chart.svg", folder) == folder / "chart.svg"
    for url in (ORIGIN + "../secret.txt", ORIGIN + "%2e%2e/secret.txt", ORIGIN + "link.txt", ORIGIN + "nothing",
                ORIGIN + "..%5csecret.txt", (tmp_path / "secret.txt").as_uri(), "https://example.org/x"):
        assert served_file(url, folder) is None, url


@pytest.fixture
def broken_chromium(tmp_path, monkeypatch):
    """A 'Chromium' that answers --version but dies when started for real (as one missing a library can)."""
    fake = tmp_path / "chromium-that-fails"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do [ "$a" = --version ] && echo "Chromium 1.0" && exit 0; done\n'
                    'echo "error while loading shared libraries: libnss3.so" >&2\nexit 127\n')
    fake.chmod(0o755)
    monkeypatch.setenv("SEF_CHROMIUM", str(fake))
    return fake


def test_a_printer_that_cannot_start_says_so_in_one_line(broken_chromium):
    from sefkit.publish.pdf import PdfError

    page = broken_chromium.parent / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    printer = PdfPrinter()
    with pytest.raises(PdfError) as caught:
        printer.print_pdf(page, broken_chromium.parent / "page.pdf")
    message = str(caught.value)
    assert "\n" not in message and "did not start" in message and str(broken_chromium) in message
    assert "libnss3.so" in message         # what the browser itself said
    assert "SEF_CHROMIUM" in message and "leave pdf out of --format" in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_sef_report_refuses_pdf_in_one_line_when_chromium_cannot_start(tmp_path, monkeypatch, capsys):
    from builders import build_workspace
    from sefkit.cli import main

    monkeypatch.setenv("SEF_CHROMIUM", "/bin/false")      # exists, never starts
    root = build_workspace(tmp_path / "ws")
    code = main(["report", "--workspace", str(root), "--all", "--format", "html,pdf", "--jobs", "1",
                 "--no-progress"])
    err = capsys.readouterr().err
    print(err)
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Chromium (/bin/false) did not start" in lines[0]
    assert "Traceback" not in err
    assert not (root / "reports").exists() or not list((root / "reports").rglob("sef-report.html"))


def test_the_footer_title_cannot_end_the_style_element_or_its_rule():
    """The page numbers are drawn from an @page rule holding the report's title: a title with quotes,
    backslashes or '</style>' stays inside its CSS string."""
    from sefkit.publish.page import css_string, page_numbers

    shown = css_string('A "B" \\ </style><script>x</script>')
    assert "<" not in shown and '"' not in shown[1:-1] and "\\\\" not in shown
    assert page_numbers("Leeds: SEND self-evaluation").startswith(
        '@page { margin: 14mm 12mm 16mm; @bottom-center { content: "Leeds: SEND self-evaluation" " - page " '
        "counter(page)")
