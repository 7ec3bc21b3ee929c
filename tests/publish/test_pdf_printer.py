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
