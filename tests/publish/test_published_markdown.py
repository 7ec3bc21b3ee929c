"""A workspace's own report notebook cannot put live markup into a published report.

Its `report`-tagged markdown cells are published, and markdown may hold raw HTML.
Through the real `sef report`, a cell with a script, frames and objects pointing
at a local file, an image that would call the network, event handlers and a
javascript: link gives a page with only safe markup, and a PDF in which nothing
ran and no file from outside the report's folder appears.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest

from builders import build_workspace
from conftest import ROOT, chromium_available

pytestmark = pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium for the PDF")

SECRET = "SECRET-FROM-OUTSIDE-THE-WORKSPACE-6151"


def hostile_markdown(secret: Path) -> str:
    return f"""## Notes from the SEND board

Agreed *in principle*; contact amara.okafor@alpha-council.gov.uk.

<script>document.body.insertAdjacentHTML('beforeend', '<p>SCRIPT-RAN-9911</p>')</script>
<iframe src="{secret.as_uri()}" width="600" height="80"></iframe>
<object data="{secret.as_uri()}"></object><embed src="{secret}">
<img src="http://192.0.2.1/pixel.png" alt="A chart of requests" onerror="alert(1)">
<p onmouseover="alert(1)" style="background:url({secret.as_uri()})">Hover text</p>
<a href="javascript:alert(1)">a link that runs code</a> and <a href="https://www.gov.uk/">a real one</a>.
<link rel="stylesheet" href="{secret.as_uri()}"><style>body {{ display: none }}</style>
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from sefkit.cli import main

    base = tmp_path_factory.mktemp("hostile")
    secret = base / "secret.txt"
    secret.write_text(SECRET)
    root = build_workspace(base / "ws")
    nb = nbformat.read(ROOT / "notebooks" / "sef_report.ipynb", as_version=4)
    cell = nbformat.v4.new_markdown_cell(hostile_markdown(secret))
    cell.metadata["tags"] = ["report"]
    nb.cells.append(cell)
    (root / "notebooks").mkdir()
    nbformat.write(nb, root / "notebooks" / "sef_report.ipynb")
    assert main(["report", "--workspace", str(root), "--all", "--format", "html,pdf,ipynb", "--jobs", "1",
                 "--no-progress"]) == 0
    return root / "reports" / "alpha" / "2025-10-31", secret


def test_the_page_keeps_the_text_and_safe_markup_only(report):
    folder, secret = report
    html = (folder / "sef-report.html").read_text(encoding="utf-8")
    notes = html[html.index("<h2>Notes from the SEND board</h2>"):]
    assert "<em>in principle</em>" in notes and '<a href="https://www.gov.uk/">a real one</a>' in notes
    assert "A chart of requests" in notes and "<p>Hover text</p>" in notes     # text kept, markup not
    for live in ("<script", "<iframe", "<object", "<embed", "<img", "<link", "<style>body", "onerror", "onmouseover",
                 "javascript:", "file:", str(secret), "SCRIPT-RAN"):
        assert live not in notes, live
    assert "amara.okafor" not in html and "[email removed]" in notes
    assert html.count("<main") == 1 and html.count("</main>") == 1


def test_nothing_ran_or_was_read_while_printing(report):
    folder, _ = report
    text = subprocess.run(["pdftotext", str(folder / "sef-report.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Notes from the SEND board" in text and "Hover text" in text
    assert SECRET not in text and "SCRIPT-RAN" not in text


def test_the_published_notebook_holds_the_same_safe_markup_and_no_local_file(report):
    import json

    folder, secret = report
    text = (folder / "sef-report.ipynb").read_text(encoding="utf-8")
    assert str(secret) not in text and "file:" not in text and "amara.okafor" not in text
    notes = json.loads(text)["cells"][-1]["source"]
    html = (folder / "sef-report.html").read_text(encoding="utf-8")
    assert notes.startswith("<h2>Notes from the SEND board</h2>") and notes.strip() in html
    for live in ("<script", "<iframe", "onerror", "javascript:"):
        assert live not in notes, live
