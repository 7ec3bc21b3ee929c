"""`sef export`: the workbook a council gets, and the round trip back through `sef import`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from builders import ACTION_HEADER, EVIDENCE_HEADER, KPI_HEADER, build_workspace, csv_text, evidence_row

from sefkit.cli import main
from sefkit.sheets import safe_cell

KINDS = ("evidence", "actions", "kpis")


def tricky_workspace(root: Path) -> Path:
    """Values that are easy to lose on the way through Excel: text that looks like a formula (in the
    files as sefkit writes it: neutralised), a number written with a trailing zero, a UK date, an empty
    optional cell, a column of the council's own, commas, quotes and line breaks."""
    ws = build_workspace(root, evidence=[
        evidence_row(notes=safe_cell("=HYPERLINK(\"http://example.org\")")),
        evidence_row("EV-2", "Short breaks statement, \"draft\"", "A-2", "C-2", "in_progress", 1,
                     "Service Manager", "30/09/2025", safe_cell("+44 policy"), "line one\nline two"),
        evidence_row("EV-3", "Co-production charter", "", "C-1;L-1", "Work underway", 0, "PCF lead",
                     "2025-08-01", "", safe_cell("@mention")),
    ], kpis=[["timely", "2024-12-31", "48.50", "", "46.4", "", "60"],
             ["wait", "2024-12-31", "30", "2024-01-01", "", "", ""]])
    actions = ws / "evidence" / "alpha" / "actions.csv"
    actions.write_text(csv_text([*ACTION_HEADER, "Project Title"], [
        ["A1", "Refresh the short breaks statement", "C-2", "Head of Commissioning", "2025-12-31", "in_progress",
         "Draft with PCF", "", "Short breaks"],
        ["A2", "Publish the local offer", "", "", "", "Embedded", "", "EV-1", ""],
    ]), encoding="utf-8")
    return ws


def fresh_workspace(root: Path) -> Path:
    ws = build_workspace(root, evidence=[], kpis=[], actions=[], self_assessment="")
    (ws / "evidence" / "alpha" / "evidence.csv").write_text(csv_text(EVIDENCE_HEADER, []), encoding="utf-8")
    (ws / "evidence" / "alpha" / "kpis.csv").write_text(csv_text(KPI_HEADER, []), encoding="utf-8")
    return ws


@pytest.fixture
def exported(tmp_path: Path, capsys) -> tuple[Path, Path]:
    ws = tricky_workspace(tmp_path / "ws")
    assert main(["validate", "--workspace", str(ws), "--council", "alpha"]) == 0
    target = tmp_path / "out" / "alpha.xlsx"
    assert main(["export", "--workspace", str(ws), "--council", "alpha", "-o", str(target)]) == 0
    capsys.readouterr()
    return ws, target


def test_importing_an_exported_workbook_gives_the_same_files_byte_for_byte(exported, tmp_path: Path, capsys):
    ws, workbook = exported
    fresh = fresh_workspace(tmp_path / "fresh")
    for kind in KINDS:
        assert main(["import", str(workbook), "--council", "alpha", "--kind", kind, "--workspace", str(fresh)]) == 0
    capsys.readouterr()
    for kind in KINDS:
        name = f"{kind}.csv"
        assert (fresh / "evidence" / "alpha" / name).read_bytes() == (ws / "evidence" / "alpha" / name).read_bytes()
    # And back into the workspace it came from: nothing to change.
    for kind in KINDS:
        assert main(["import", str(workbook), "--council", "alpha", "--kind", kind, "--workspace", str(ws)]) == 0
        assert "nothing to change" in capsys.readouterr().out


def test_the_workbook_a_council_gets(exported):
    _, workbook = exported
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Read me", "Evidence", "Annex A tracker", "Actions", "KPIs", "Self-assessment",
                               "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    evidence = book["Evidence"]
    assert [c.value for c in evidence[1]] == EVIDENCE_HEADER
    assert evidence.freeze_panes == "A2" and evidence["A1"].font.bold
    assert evidence.auto_filter.ref == "A1:J4"
    assert all(evidence.column_dimensions[letter].width >= 10 for letter in "ABCDEFGHIJ")
    # Dates are dates; numbers are numbers only where they read back the same; formulas are text.
    assert evidence["H2"].value == dt.datetime(2025, 9, 1) and evidence["H2"].is_date
    assert evidence["H3"].value == "30/09/2025"
    assert evidence["F2"].value == 3 and evidence["F2"].data_type == "n"
    assert evidence["J2"].value == '=HYPERLINK("http://example.org")' and evidence["J2"].data_type == "s"
    kpis = book["KPIs"]
    assert kpis["C2"].value == "48.50" and kpis["C3"].value == 30
    # A drop-down on every status column, from the vocabularies (a warning, not a refusal, for a synonym).
    rules = {str(dv.sqref).split(":")[0]: dv for dv in evidence.data_validations.dataValidation}
    assert rules["E2"].formula1 == "Lists!$A$2:$A$5" and rules["E2"].errorStyle == "warning"
    assert [book["Lists"].cell(row=r, column=1).value for r in range(2, 6)] == [
        "High risk", "Work underway but not complete", "Complete but an update required once the call comes",
        "Complete"]
    assert "F2" in rules    # strength 0-3
    actions = book["Actions"]
    assert [c.value for c in actions[1]][-1] == "Project Title"
    assert {str(dv.sqref).split(":")[0] for dv in actions.data_validations.dataValidation} == {"F2"}
    # The Annex A tracker: one row per item, and the count at each status beside it.
    tracker = book["Annex A tracker"]
    assert tracker.auto_filter.ref == "D1:K3" and tracker.freeze_panes == "A2"
    assert [tracker.cell(row=r, column=4).value for r in (2, 3)] == ["A-1", "A-2"]
    assert tracker["F2"].value == "Complete" and tracker["F3"].value == "Work underway but not complete"
    counts = {tracker.cell(row=r, column=1).value: tracker.cell(row=r, column=2).value for r in range(2, 9)}
    assert counts["Complete"] == 1 and counts["Work underway but not complete"] == 1 and counts["Total"] == 2
    assert counts["Ready (%)"] == 50.0
    # The read-me says what each column holds.
    readme = [[c.value for c in row] for row in book["Read me"].iter_rows()]
    assert ["Evidence", "strength", "0 asserted only, 1 describes what is done, 2 shows some impact, 3 strong "
            "impact evidence", "0 (Asserted only), 1 (Describes what is done), 2 (Shows some impact), 3 (Strong "
            "impact evidence)"] in readme or any(r[:2] == ["Evidence", "strength"] for r in readme)
    assert any(r[:2] == ["Actions", "Project Title"] and "kept, not read" in (r[2] or "") for r in readme)
    assessment = book["Self-assessment"]
    assert [c.value for c in assessment["A"][1:]] == ["C-1", "C-2", "L-1"]


def test_a_workspace_with_errors_is_not_exported(tmp_path: Path, capsys):
    ws = build_workspace(tmp_path / "ws", evidence=[evidence_row(status="nearly")])
    target = tmp_path / "alpha.xlsx"
    assert main(["export", "--workspace", str(ws), "--council", "alpha", "-o", str(target)]) == 1
    out = capsys.readouterr().out
    assert "'nearly' is not a readiness status" in out and not target.exists()
    assert main(["export", "--workspace", str(ws), "--council", "alpha", "-o", str(tmp_path / "a.csv")]) == 1


def test_export_replaces_a_workbook_whole(exported, tmp_path: Path, capsys):
    ws, workbook = exported
    workbook.write_bytes(b"an old export")
    assert main(["export", "--workspace", str(ws), "--council", "alpha", "-o", str(workbook)]) == 0
    assert openpyxl.load_workbook(workbook).sheetnames[0] == "Read me"
    assert [p.name for p in workbook.parent.iterdir()] == ["alpha.xlsx"]     # no temporary file left
