"""Cells as trackers hold them, and sheets laid out as trackers lay them out."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from builders import build_workspace
from spreadsheets import Percent, SheetSpec, write_sheet

from sefkit.cli import main
from sefkit.exchange.cellvalues import date_text, figure_text, number_text, split_status
from sefkit.exchange.grid import cell_ref, read_grids
from sefkit.problems import Problems
from sefkit.vocab import load_vocabularies


@pytest.mark.parametrize(("cell", "text"), [
    (dt.date(2024, 9, 30), "2024-09-30"),
    (dt.datetime(2024, 9, 30, 14, 5), "2024-09-30"),
    (45565, "2024-09-30"),                  # an Excel serial the sheet shows unformatted
    ("2024-09-30", "2024-09-30"),
    ("30/09/2024", "30/09/2024"),           # read by the workspace as it is: kept as written
    ("30 September 2024", "2024-09-30"),
    ("30th Sept 2024", "2024-09-30"),
    ("Sept 2024", "2024-09-30"),            # a month: its last day
    ("June 23", "2023-06-30"),
    ("Feb-24", "2024-02-29"),
    ("30/09/24", "2024-09-30"),
    ("31/02/2024", "31/02/2024"),           # no such day: left for the check to name
    ("next spring", "next spring"),
    (12, "12"),                             # not a serial in range: a number, named by the check
])
def test_dates_as_trackers_write_them(cell, text):
    assert date_text(cell) == text


def test_numbers_and_no_figures():
    assert [number_text(v) for v in (45.6, 12.0, 7, 0.1 + 0.2)] == ["45.6", "12", "7", "0.30000000000000004"]
    assert figure_text("n/a") == ("", True) and figure_text("c") == ("", True) and figure_text("") == ("", False)
    assert figure_text(52.5) == ("52.5", False) and figure_text("45%") == ("45%", False)


@pytest.mark.parametrize(("cell", "word", "month"), [
    ("June 23 Embedded", "Embedded", "2023-06"),
    ("Dec 22 Complete", "Complete", "2022-12"),
    ("August 2023 - In Progress", "In Progress", "2023-08"),
    ("March '24: delayed", "delayed", "2024-03"),
    ("Embedded", "Embedded", None),
    ("Dec 22", "Dec 22", None),                      # a month and no status: the check says so
    ("June 23 Sort of done", "June 23 Sort of done", None),
])
def test_a_status_cell_with_a_month(cell, word, month):
    assert split_status(cell, load_vocabularies().action_status) == (word, month)


def test_cell_references_as_a_spreadsheet_writes_them():
    assert cell_ref("APP", 6, 6) == "APP!G7"
    assert cell_ref("Annex A", 0, 27) == "'Annex A'!AB1"
    assert cell_ref("Bob's", 1, 0) == "'Bob''s'!A2"


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_sheet_read_as_excel_shows_it(tmp_path: Path, suffix: str):
    sheet = SheetSpec("Data", [["Title", None, "Date", "Share"], [], ["Merged", None, dt.date(2024, 1, 31),
                                                                         Percent(0.456)],
                               [None, "x", None, 3]], merges=["A3:A4"])
    grids = read_grids(write_sheet(tmp_path / f"s{suffix}", [sheet]), "s", Problems())
    assert grids is not None
    grid = grids[0]
    assert grid.sheet == "Data"
    assert grid.rows[0][:4] == ["Title", None, "Date", "Share"]
    assert not any(grid.rows[1])
    assert grid.rows[2][:4] == ["Merged", None, dt.date(2024, 1, 31), 45.6]
    assert grid.value(3, 1) == "x" and grid.value(3, 3) == 3
    assert (2, 0, 3, 0) in grid.merges


def test_files_that_are_not_spreadsheets_are_named(tmp_path: Path):
    problems = Problems()
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert read_grids(broken, "broken.xlsx", problems) is None
    (tmp_path / "notes.docx").write_bytes(b"PK")
    assert read_grids(tmp_path / "notes.docx", "notes.docx", problems) is None
    assert [str(p) for p in problems.items] == [
        "broken.xlsx: error: cannot be read as an Excel workbook (.xlsx) (KeyError); open it and save it again "
        "in that format [not-text]",
        "notes.docx: error: '.docx' files cannot be imported: use .xlsx, .ods or .csv (in Excel: Save As, Excel "
        "Workbook) [argument]"]


def test_several_tables_on_one_sheet_each_with_its_own_columns(tmp_path: Path, capsys):
    ws = build_workspace(tmp_path / "ws")
    sheet = SheetSpec("Plan", [
        ["Priority 1: timeliness"],
        ["Ref", "Action", "Lead", "Status"],
        ["P1.1", "Triage requests", "Head of SEND", "Complete"],
        [],
        ["Priority 2: co-production"],
        ["Status", "Action", "Ref", "Due date", "Lead"],
        ["In progress", "Co-produce the charter", "P2.1", dt.date(2025, 3, 31), "PCF lead"],
    ])
    code = main(["import", str(write_sheet(tmp_path / "plan.xlsx", [sheet])), "--council", "alpha", "--kind",
                 "actions", "--workspace", str(ws)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "table with its header on row 2 (1 rows)" in out and "table with its header on row 6 (1 rows)" in out
    assert "Plan!A5 'Priority 2: co-production': a heading or note" in out
    lines = (ws / "evidence" / "alpha" / "actions.csv").read_text().splitlines()
    assert lines[-2:] == ["P1.1,Triage requests,,Head of SEND,,Complete,,",
                          "P2.1,Co-produce the charter,,PCF lead,2025-03-31,In progress,,"]


def test_set_fills_only_a_field_the_sheet_lacks(tmp_path: Path, capsys):
    ws = build_workspace(tmp_path / "ws")
    sheet = SheetSpec("Plan", [["Ref", "Action", "Status"], ["P1", "Triage requests", "Complete"]])
    tracker = str(write_sheet(tmp_path / "plan.xlsx", [sheet]))
    args = ["import", tracker, "--council", "alpha", "--kind", "actions", "--workspace", str(ws), "--dry-run"]
    assert main([*args, "--set", "status=complete"]) == 1
    assert "--set: error: sheet 'Plan' has a column for 'status' ('Status', column C)" in capsys.readouterr().out
    assert main([*args, "--set", "lead=Head of SEND"]) == 0
    assert main([*args, "--set", "lead"]) == 1
    assert "'lead' is not \"field=value\"" in capsys.readouterr().out


def test_a_csv_tracker_with_a_title_row(tmp_path: Path, capsys):
    ws = build_workspace(tmp_path / "ws")
    tracker = tmp_path / "plan.csv"
    tracker.write_text("Action plan (exported from SharePoint),,\nRef,Action,RAG\nP1,Triage requests,Green\n"
                       "P2,Publish the local offer,Amber\n", encoding="utf-8")
    code = main(["import", str(tracker), "--council", "alpha", "--kind", "actions", "--workspace", str(ws),
                 "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1, out     # an action status is not a colour: said at the cell, nothing written
    assert "plan.csv:3:3: error: plan!C3: 'Green' is not an action status" in out
    assert "plan!A1 'Action plan (exported from SharePoint)': above the header" in out


def test_a_kpi_row_with_no_figure_is_named(tmp_path: Path, capsys):
    ws = build_workspace(tmp_path / "ws")
    sheet = SheetSpec("KPIs", [["Indicator", "Target", "Jan-24", "Feb-24"], ["20 week timeliness", 60, 50, 52],
                               ["Longest wait (weeks)", 20, "n/a", None]])
    code = main(["import", str(write_sheet(tmp_path / "k.xlsx", [sheet])), "--council", "alpha", "--kind", "kpis",
                 "--workspace", str(ws), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "not a record: KPIs!A3 'Longest wait (weeks)': no figure in any period's column" in out
    assert "2 KPI values read" in out


def test_hostile_or_odd_files_are_refused_in_one_line(tmp_path: Path, monkeypatch):
    from sefkit.exchange import grid as grid_module

    problems = Problems()
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)       # what Excel writes with a password
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    broken = write_sheet(tmp_path / "broken.xlsx", [SheetSpec("S", [["Ref", "Action"]])])
    with zipfile.ZipFile(broken) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/"))
    parts[sheet] = parts[sheet].replace(b'<c r="A1" t="inlineStr"><is><t>Ref</t></is></c>',
                                        b'<c r="A1" t="s"><v>99</v></c>')
    with zipfile.ZipFile(broken, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    big = write_sheet(tmp_path / "big.ods", [SheetSpec("S", [["a", "b"]] * 20)])
    for path in (locked, folder, broken):
        assert read_grids(path, path.name, problems) is None
    monkeypatch.setattr(grid_module, "MAX_CELLS", 10)
    assert read_grids(big, "big.ods", problems) is None
    monkeypatch.setattr(grid_module, "MAX_UNPACKED", 100)
    assert read_grids(big, "big.ods", problems) is None
    messages = [str(p) for p in problems.items]
    assert messages[0].startswith("locked.xlsx: error: is password-protected or an old .xls file")
    assert messages[1].startswith("folder.xlsx: error: ") and "folder" in messages[1]
    assert messages[2].startswith("broken.xlsx: error: cannot be read as an Excel workbook (.xlsx) (IndexError)")
    assert messages[3].startswith("big.ods: error: has more than 10 cells; is it the right file?")
    assert messages[4].startswith("big.ods: error: unpacks to 0 MB, more than the 0 MB limit")
