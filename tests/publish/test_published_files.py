"""Every file `sef report` publishes passes one privacy boundary.

A workspace built in code carries each kind of identifier where a partnership
might type it (owners, leads, evidence ids, action refs, titles, notes,
progress), and a KPI count of 3 against a target of 6,000. The real `sef report`
renders it in every format; then no file of the report folder (the HTML, the
PDF's text, the Word document's XML, the executed notebook, scorecard.json,
gaps.csv, and the index page) may hold an identifier, the suppressed count (as
digits, or as a difference from the comparator shown beside it) or a path of
this machine.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from builders import MINI_FRAMEWORK, build_workspace, evidence_row
from conftest import chromium_available

pytestmark = pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium for the PDF")

AS_OF = "2025-10-31"
# A count KPI added to the test catalogue: its latest value (3) must be published as "<5".
COUNT_KPI = """\
  - id: requests
    title: Assessment requests received
    unit: count
    polarity: higher_is_better
    criteria: [C-2]
"""

# Each identifier as typed into the workspace, and the part of it that must not appear anywhere once
# spaces, dots, hyphens and brackets are taken out of a published text (so a reflowed PDF line still counts).
LEAKS = {
    "full name as an owner": ("Amara Okafor", "Okafor"),
    "email as an owner": ("jane.smith@alpha-council.gov.uk", "jane.smith"),
    "name in brackets after a role": ("Head of SEND (Priya Sharma)", "Sharma"),
    "title and name as a lead": ("Dr Rahul Patel", "Patel"),
    "UPN as an evidence id": ("UPN_A123456789012", "123456789012"),
    "UPN in a title": ("K987654321098", "987654321098"),
    "phone with a bracketed area code in an action ref": ("APP (0117) 496 0123", "01174960123"),
    "mobile as a lead": ("07700 900123", "07700900123"),
    "NHS number with dots": ("943.476.5919", "9434765919"),
    "NHS number with double spaces": ("401  023  2137", "4010232137"),
    "phone in progress notes": ("+44 (0)20 7946 0321", "79460321"),
}


def value(name: str) -> str:
    return LEAKS[name][0]


def leaky_workspace(root: Path) -> Path:
    evidence = [
        evidence_row("EV-1", owner=value("full name as an owner"),
                     notes=f"Contact {value('email as an owner')}"),
        evidence_row(value("UPN as an evidence id"), f"Annual review for pupil {value('UPN in a title')}", "A-2",
                     "C-2", "in_progress", 1, value("email as an owner"), "2025-08-01"),
        evidence_row("EV-3", "Short breaks statement", "A-2", "C-2", "complete", 3,
                     value("name in brackets after a role"), "2025-09-01"),
    ]
    kpis = [["requests", "2023-12-31", "10", "", "", "", "6000"],      # builders.KPI_HEADER: target last
            ["requests", "2024-12-31", "3", "", "", "", "6000"]]
    actions = [
        [value("phone with a bracketed area code in an action ref"), "Refresh the short breaks statement", "C-2",
         value("title and name as a lead"), "2025-01-31", "in_progress",
         f"NHS {value('NHS number with dots')}; also {value('NHS number with double spaces')}; "
         f"call {value('phone in progress notes')}", ""],
        ["A2", f"Ask {value('email as an owner')} to review the plan of {value('UPN in a title')}", "C-1",
         value("mobile as a lead"), "2025-03-31",
         "delayed", "", ""],
    ]
    root = build_workspace(root, evidence=evidence, kpis=kpis, actions=actions,
                           self_assessment="C-1:\n  judgement: positive\n  evidence: [EV-1]\n"
                                           f"  updated_by: {value('full name as an owner')}\n")
    catalogue = root / "sef" / "frameworks" / "mini.yaml"
    catalogue.write_text(MINI_FRAMEWORK + COUNT_KPI, encoding="utf-8")
    return root


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return text + info


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(name).decode("utf-8") for name in zf.namelist() if name.endswith((".xml", ".rels")))


def published_texts(out: Path, day: str) -> dict[str, str]:
    folder = out / "alpha" / day
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".pdf":
            texts[path.name] = pdf_text(path)
        elif path.suffix == ".docx":
            texts[path.name] = docx_text(path)
        elif not path.name.startswith("."):
            texts[path.name] = path.read_text(encoding="utf-8")
    texts["index.html"] = (out / day / "index.html").read_text(encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from sefkit.cli import main

    root = leaky_workspace(tmp_path_factory.mktemp("leaky") / "ws")
    out = root / "reports"
    code = main(["report", "--workspace", str(root), "--all", "--format", "html,pdf,docx,ipynb", "--jobs", "1",
                 "--no-progress"])
    assert code == 0
    return root, published_texts(out, AS_OF)


def squeezed(text: str) -> str:
    """The text without the separators an identifier may be spelled or reflowed with."""
    return re.sub(r"[\s.\-()\u00a0]", "", text)


def test_every_format_was_published(report):
    _, texts = report
    assert set(texts) == {"sef-report.html", "sef-report.pdf", "sef-report.docx", "sef-report.ipynb",
                          "scorecard.json", "gaps.csv", "index.html"}


@pytest.mark.parametrize("kind", sorted(LEAKS))
def test_no_identifier_reaches_any_published_file(report, kind):
    _, texts = report
    written, core = LEAKS[kind]
    for name, text in texts.items():
        assert written not in text, (kind, name)
        assert squeezed(core) not in squeezed(text), (kind, name)


def test_identifiers_are_replaced_by_markers_not_dropped_silently(report):
    _, texts = report
    html = texts["sef-report.html"]
    for marker in ("[name removed]", "[email removed]", "[UPN removed]", "[phone removed]", "[NHS number removed]"):
        assert marker in html, marker
    card = json.loads(texts["scorecard.json"])
    owners = {o for item in card["annex_a"]["items"] for o in item["owners"]}
    assert owners <= {"Head of SEND", "[name removed]"}
    assert "[phone removed]" in texts["gaps.csv"]      # the overdue action's ref, inside its gap


def test_the_suppressed_count_cannot_be_read_or_worked_out(report):
    _, texts = report
    for name, text in texts.items():
        # 6,000 - 3: the difference from the comparator shown beside "<5" would give the count back
        assert not re.search(r"(?<![\d.,])5,?997(?![\d])", text), name
        assert not re.search(r"(<|&lt;)5 \(2024-12-31\) is worse by", text), name
    card = json.loads(texts["scorecard.json"])
    kpi = next(k for k in card["kpis"] if k["indicator"] == "requests")
    assert kpi["latest"] == "<5" and kpi["comparator_value"] == 6000
    assert [row["value"] for row in kpi["history"]] == [10, "<5"]
    assert kpi["reasons"][0] == "<5 (2024-12-31) is worse than target 6,000"
    assert kpi["reasons"][1] == "trend declining: 10 to <5 over 2 periods"
    notebook = json.loads(texts["sef-report.ipynb"])
    handed_over = [o["data"] for c in notebook["cells"] for o in c.get("outputs", [])
                   if "application/vnd.sefkit.scorecard+json" in o.get("data", {})]
    assert handed_over == [{"application/vnd.sefkit.scorecard+json": card, "text/plain": "scorecard for alpha"}]
    html = texts["sef-report.html"]
    # the KPI summary: latest "<5" in its period
    assert "<tr><td>Assessment requests received</td><td>&lt;5</td><td>2024-12-31</td>" in html
    # the chart's data table (a column per series) says "<5" for the suppressed period (its point is not
    # drawn); the target beside it is published
    chart_rows = re.findall(r"<tr><td>Assessment requests received</td><td>([\d-]+)</td><td>([^<]*)</td>", html)
    assert chart_rows == [("2023-12-31", "10"), ("2024-12-31", "&lt;5")]


def test_no_path_of_this_machine_is_published(report):
    root, texts = report
    home = str(Path.home())
    for name, text in texts.items():
        for path in {str(root), str(root.resolve()), "/tmp", home if len(home) > 1 else str(root)}:
            assert path not in text, (name, path)
    notebook = json.loads(texts["sef-report.ipynb"])
    assert notebook["metadata"]["papermill"]["parameters"]["workspace"] == "<workspace>"
    assert "input_path" not in notebook["metadata"]["papermill"]
    injected = next(c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
    assert 'workspace = "<workspace>"' in injected["source"]


def test_gaps_csv_and_the_html_gap_table_say_the_same(report):
    """The data files and the report go through the same boundary, so they cannot drift apart."""
    import html as htmllib

    _, texts = report
    rows = list(csv.DictReader(io.StringIO(texts["gaps.csv"])))
    page = htmllib.unescape(texts["sef-report.html"])
    for row in rows:
        assert row["description"].lstrip("'") in page, row["description"]
