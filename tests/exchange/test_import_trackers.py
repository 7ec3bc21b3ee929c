"""`sef import` on real .xlsx and .ods files shaped like the councils' trackers (Walsall's accelerated
progress plan, Sefton's Annex A tracker, a KPI scorecard with a column per month)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from builders import build_workspace, evidence_row
from spreadsheets import Percent, SheetSpec, write_sheet

from sefkit.cli import main
from sefkit.exchange.importer import apply_import, plan_import
from sefkit.store import ConflictError
from sefkit.workspace import Workspace

APP_HEADER = ["Project Title", "Ref", "During the next 12 months we will",
              "Our children, young people and families will", "Lead", "RAG", "Progress so far (June Update 2023)",
              "August 2023 Update", "Evidence of Impact"]


def app_sheet(status_g7: str = "June 23 Embedded") -> SheetSpec:
    """Walsall's plan: a title, a section row merged across, a group label merged down, combined status
    cells, the header repeated for the printed page, and a key below."""
    rows = [
        ["SEND Accelerated Progress Plan"],
        ["Update: August 2023"],
        [],
        APP_HEADER,
        ["Area of weakness 1: EHC assessments and plans"],
        ["Locality model", "APP 1.1.1", "Develop a locality-based EHC team", "A named link officer",
         "Head of SEND", "In Progress", "7 family link officers recruited", "Fully recruited", "Structure chart"],
        ["", "APP 1.1.2", "Recruit family link officers", "Same-day call back", "Head of SEND", status_g7,
         "Done", "", "FLO advert"],
        ["", "APP 1.1.3", "Senior link officers for schools", "Schools know who to call", "Head of SEND",
         "Nov 23 Embedded", "", "", ""],
        APP_HEADER,
        ["Backlog", "APP 1.2.1", "Clear EHC assessments over 20 weeks", "Outcomes sooner", "Head of SEND",
         "March 23 Complete", "Backlog 313 to 50", "Timeliness above 80%", "Assessment KPIs"],
        [],
        ["Key:"],
        ["Embedded", "Complete and embedded in practice"],
        ["Complete", "Action completed"],
    ]
    return SheetSpec("APP", rows, merges=["A1:I1", "A5:I5", "A6:A8"])


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return build_workspace(tmp_path / "ws")


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_an_action_plan_as_councils_keep_it(ws: Path, tmp_path: Path, capsys, suffix: str):
    tracker = write_sheet(tmp_path / f"app{suffix}", [app_sheet()])
    code, out = run(capsys, "import", str(tracker), "--council", "alpha", "--kind", "actions", "--workspace",
                    str(ws))
    assert code == 0, out
    # Every row that is not a record is named by its cell, and why.
    assert "APP!A1 'SEND Accelerated Progress Plan': above the header" in out
    assert "APP!A5 'Area of weakness 1: EHC assessments and plans': a heading or note" in out
    assert "APP!A9 'Project Title': the header repeated" in out
    assert "APP!A12:A14 'Key:': a key or notes below the table" in out
    assert "Progress so far (June Update 2023) -> progress" in out
    assert "kept as extra columns" in out and "Our children, young people and families will (D)" in out
    assert "4 actions read: added 4, changed 0" in out
    rows = {r["ref"]: r for r in read_csv_rows(ws / "evidence" / "alpha" / "actions.csv")}
    assert list(rows) == ["A1", "APP 1.1.1", "APP 1.1.2", "APP 1.1.3", "APP 1.2.1"]
    # "June 23 Embedded": the status and the month, both kept; the merged group label on every row it spans.
    assert rows["APP 1.1.2"]["status"] == "Embedded" and rows["APP 1.1.2"]["Status date"] == "2023-06"
    assert rows["APP 1.2.1"]["status"] == "Complete" and rows["APP 1.2.1"]["Status date"] == "2023-03"
    assert [rows[r]["Project Title"] for r in ("APP 1.1.1", "APP 1.1.2", "APP 1.1.3", "APP 1.2.1")] == \
        ["Locality model"] * 3 + ["Backlog"]
    assert rows["APP 1.1.1"]["progress"] == "7 family link officers recruited"
    assert rows["APP 1.1.1"]["August 2023 Update"] == "Fully recruited"
    # The workspace still validates, and the audit trail says where the records came from.
    assert run(capsys, "validate", "--workspace", str(ws), "--council", "alpha")[0] == 0
    trail = [json.loads(line) for line in (ws / ".sef-audit" / "log.jsonl").read_text().splitlines()]
    assert trail[-1]["what"] == f"imported from app{suffix} (APP)"


def test_the_same_tracker_as_ods_and_xlsx_gives_the_same_file(tmp_path: Path, capsys):
    results = []
    for suffix in (".xlsx", ".ods"):
        ws = build_workspace(tmp_path / f"ws{suffix}")
        tracker = write_sheet(tmp_path / f"app{suffix}", [app_sheet()])
        assert run(capsys, "import", str(tracker), "--council", "alpha", "--kind", "actions", "--workspace",
                   str(ws))[0] == 0
        results.append((ws / "evidence" / "alpha" / "actions.csv").read_bytes())
    assert results[0] == results[1]


def test_importing_twice_changes_nothing_the_second_time(ws: Path, tmp_path: Path, capsys):
    tracker = write_sheet(tmp_path / "app.xlsx", [app_sheet()])
    args = ["import", str(tracker), "--council", "alpha", "--kind", "actions", "--workspace", str(ws)]
    assert run(capsys, *args)[0] == 0
    actions = ws / "evidence" / "alpha" / "actions.csv"
    before, trail = actions.read_bytes(), (ws / ".sef-audit" / "log.jsonl").read_bytes()
    code, out = run(capsys, *args)
    assert code == 0
    assert "added 0, changed 0, 4 already as in the sheet" in out and "nothing to change" in out
    assert actions.read_bytes() == before and (ws / ".sef-audit" / "log.jsonl").read_bytes() == trail


def test_a_changed_row_updates_its_record_and_nothing_else(ws: Path, tmp_path: Path, capsys):
    args = ["--council", "alpha", "--kind", "actions", "--workspace", str(ws)]
    assert run(capsys, "import", str(write_sheet(tmp_path / "v1.xlsx", [app_sheet()])), *args)[0] == 0
    actions = ws / "evidence" / "alpha" / "actions.csv"
    before = actions.read_text().splitlines()
    code, out = run(capsys, "import", str(write_sheet(tmp_path / "v2.xlsx", [app_sheet("Sept 23 Delayed")])), *args)
    assert code == 0, out
    assert "added 0, changed 1, 3 already as in the sheet; 1 in the workspace not in the sheet (kept)" in out
    assert "APP 1.1.2: status 'Embedded' -> 'Delayed'; Status date '2023-06' -> '2023-09'" in out
    after = actions.read_text().splitlines()
    changed = [b for a, b in zip(before, after) if a != b]    # that record's line, no other
    assert len(after) == len(before) and len(changed) == 1
    assert changed[0].startswith("APP 1.1.2,") and ",Delayed," in changed[0]


def test_one_bad_cell_and_nothing_is_written(ws: Path, tmp_path: Path, capsys):
    tracker = write_sheet(tmp_path / "app.xlsx", [app_sheet("June 23 Finished-ish")])
    actions = ws / "evidence" / "alpha" / "actions.csv"
    before = actions.read_bytes()
    code, out = run(capsys, "import", str(tracker), "--council", "alpha", "--kind", "actions", "--workspace",
                    str(ws))
    assert code == 1
    assert "app.xlsx:7:6: error: APP!F7: 'June 23 Finished-ish' is not an action status" in out
    assert "nothing written: 1 error(s)" in out and "Traceback" not in out
    assert actions.read_bytes() == before
    assert not (ws / ".sef-audit" / "log.jsonl").exists()


def test_dry_run_shows_what_the_import_does_and_writes_nothing(ws: Path, tmp_path: Path, capsys):
    tracker = write_sheet(tmp_path / "app.xlsx", [app_sheet()])
    args = ["import", str(tracker), "--council", "alpha", "--kind", "actions", "--workspace", str(ws)]
    actions = ws / "evidence" / "alpha" / "actions.csv"
    before = actions.read_bytes()
    code, dry = run(capsys, *args, "--dry-run")
    assert code == 0 and actions.read_bytes() == before
    assert "would add 4, would change 0" in dry and "dry run: nothing written" in dry
    code, real = run(capsys, *args)
    assert code == 0 and "added 4, changed 0" in real
    strip = {"dry run: nothing written", f"written {Path('evidence/alpha/actions.csv')}"}
    worded = {"would add": "added", "would change": "changed"}
    assert [line.replace("would add", worded["would add"]).replace("would change", worded["would change"])
            for line in dry.splitlines() if line not in strip] == \
        [line for line in real.splitlines() if line not in strip]


def test_problems_never_print_a_childs_details(ws: Path, tmp_path: Path, capsys):
    sheet = app_sheet("Spoke to Mrs Jane Smith on 07700 900123")
    code, out = run(capsys, "import", str(write_sheet(tmp_path / "app.xlsx", [sheet])), "--council", "alpha",
                    "--kind", "actions", "--workspace", str(ws), "--dry-run")
    assert code == 1 and "APP!F7:" in out
    assert "Jane" not in out and "Smith" not in out and "07700" not in out


def sefton_tracker() -> SheetSpec:
    """An Annex A tracker: the four readiness labels, dates written four ways, no id or strength column."""
    return SheetSpec("Annex A", [
        ["Annex A readiness tracker", None, None, None, None],
        ["Annex A item", "Evidence", "Status", "Lead officer", "Last updated"],
        ["Self-evaluation", "Draft SEF", "High Risk", "Head of SEND", dt.date(2024, 9, 30)],
        ["Short Breaks", "Short breaks statement", "Work Underway but not complete", "Head of Commissioning",
         "30/09/2024"],
        ["SEF", "Co-production charter", "Complete but an update required once call comes", "PCF lead",
         "Sept 2024"],
        ["Short breaks", "Short breaks review", "Complete", "Service Manager", 45566],
    ])


def test_an_annex_a_tracker_needs_a_strength_and_gets_ids_from_its_rows(ws: Path, tmp_path: Path, capsys):
    tracker = write_sheet(tmp_path / "annex.xlsx", [sefton_tracker()])
    args = ["import", str(tracker), "--council", "alpha", "--kind", "evidence", "--workspace", str(ws)]
    code, out = run(capsys, *args)
    assert code == 1
    assert "annex.xlsx:2:1: error: 'Annex A'!A2: the table has no column for 'strength'" in out
    assert "--set strength=VALUE" in out
    code, out = run(capsys, *args, "--set", "strength=1")
    assert code == 0, out
    assert "has no id column: each record's id is made from its row (AnnexA-3...)" in out
    rows = read_csv_rows(ws / "evidence" / "alpha" / "evidence.csv")[2:]
    assert [(r["id"], r["annex_a"], r["status"], r["last_reviewed"], r["strength"]) for r in rows] == [
        ("AnnexA-3", "Self-evaluation", "High Risk", "2024-09-30", "1"),
        ("AnnexA-4", "Short Breaks", "Work Underway but not complete", "30/09/2024", "1"),  # as written
        ("AnnexA-5", "SEF", "Complete but an update required once call comes", "2024-09-30", "1"),
        ("AnnexA-6", "Short breaks", "Complete", "2024-10-01", "1"),   # an Excel serial number
    ]
    card = run(capsys, "score", "--workspace", str(ws), "--council", "alpha", "--json")
    assert card[0] == 0


def kpi_scorecard() -> SheetSpec:
    """One row per indicator, one column per month (text and real dates), percentages formatted as %."""
    return SheetSpec("Scorecard", [
        ["SEND performance scorecard"],
        ["Indicator", "Target", "England", "Apr-24", "May-24", dt.date(2024, 6, 30)],
        ["20 week timeliness", 60, 46.4, Percent(0.52), Percent(0.555), Percent(0.61)],
        ["Longest wait (weeks)", None, None, 30, "n/a", 28],
        ["Source: council case management system"],
    ])


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_wide_kpi_sheet_becomes_one_row_per_value(ws: Path, tmp_path: Path, capsys, suffix: str):
    tracker = write_sheet(tmp_path / f"kpis{suffix}", [kpi_scorecard()])
    code, out = run(capsys, "import", str(tracker), "--council", "alpha", "--kind", "kpis", "--workspace", str(ws))
    assert code == 0, out
    assert "one column per period: 3 periods, 2024-04-30 to 2024-06-30" in out
    assert "1 cell(s) said there is no figure" in out
    assert "'Scorecard'!A5" not in out and "Scorecard!A5 'Source: council case management system'" in out
    rows = read_csv_rows(ws / "evidence" / "alpha" / "kpis.csv")[2:]
    assert [(r["indicator"], r["period_end"], r["value"], r["national"], r["target"]) for r in rows] == [
        ("20 week timeliness", "2024-04-30", "52", "46.4", "60"),
        ("20 week timeliness", "2024-05-31", "55.5", "46.4", "60"),
        ("20 week timeliness", "2024-06-30", "61", "46.4", "60"),
        ("Longest wait (weeks)", "2024-04-30", "30", "", ""),
        ("Longest wait (weeks)", "2024-06-30", "28", "", ""),
    ]


def test_an_indicator_already_in_the_workspace_is_matched_by_its_id(ws: Path, tmp_path: Path, capsys):
    sheet = SheetSpec("KPIs", [["KPI", "Period", "Value"], ["20 week timeliness", "2024-12-31", 49]])
    code, out = run(capsys, "import", str(write_sheet(tmp_path / "k.xlsx", [sheet])), "--council", "alpha",
                    "--kind", "kpis", "--workspace", str(ws))
    assert code == 0, out
    assert "added 0, changed 1" in out and "timely 2024-12-31: value '48' -> '49'" in out


def test_map_names_a_column_and_unknown_columns_are_kept(ws: Path, tmp_path: Path, capsys):
    sheet = SheetSpec("Plan", [["Ref", "What we will do", "Done by", "Status"],
                               ["P1", "Publish the local offer", "Local Offer Co-ordinator", "Not started"]])
    tracker = write_sheet(tmp_path / "plan.xlsx", [sheet])
    args = ["import", str(tracker), "--council", "alpha", "--kind", "actions", "--workspace", str(ws), "--dry-run"]
    code, out = run(capsys, *args)
    assert code == 0 and "Done by (C)" in out
    code, out = run(capsys, *args, "--map", "Done by=lead")
    assert code == 0 and "Done by -> lead" in out
    code, out = run(capsys, *args, "--map", "Done=lead")
    assert code == 1 and "--map: error: no column headed 'Done'" in out
    code, out = run(capsys, *args, "--map", "Done by=leader")
    assert code == 1 and "'leader' is not a field of actions" in out


def test_a_sheet_without_a_header_it_knows_is_refused_clearly(ws: Path, tmp_path: Path, capsys):
    tracker = write_sheet(tmp_path / "x.xlsx", [SheetSpec("Notes", [["Meeting notes"], ["Nothing here"]])])
    code, out = run(capsys, "import", str(tracker), "--council", "alpha", "--kind", "evidence", "--workspace", str(ws))
    assert code == 1 and "[import-header]" in out and "Traceback" not in out
    (tmp_path / "fake.xlsx").write_text("Ref,Action\n")
    code, out = run(capsys, "import", str(tmp_path / "fake.xlsx"), "--council", "alpha", "--kind", "actions",
                    "--workspace", str(ws))
    assert code == 1 and "cannot be read as an Excel workbook (.xlsx)" in out
    code, out = run(capsys, "import", str(tracker), "--council", "alpha", "--kind", "evidence", "--workspace",
                    str(ws), "--sheet", "Tracker")
    assert code == 1 and "no sheet 'Tracker'" in out and "(sheets: Notes)" in out


def test_a_row_read_twice_is_an_error_naming_both_cells(ws: Path, tmp_path: Path, capsys):
    rows = [["Ref", "Action", "Status"], ["P1", "One", "Complete"], ["P1", "Two", "Complete"]]
    tracker = write_sheet(tmp_path / "dup.xlsx", [SheetSpec("Plan", rows)])
    code, out = run(capsys, "import", str(tracker), "--council", "alpha", "--kind", "actions", "--workspace", str(ws))
    assert code == 1 and "Plan!A3: P1 is read twice (first at Plan!A2)" in out


def test_a_file_changed_during_the_import_is_not_overwritten(ws: Path, tmp_path: Path):
    tracker = write_sheet(tmp_path / "app.xlsx", [app_sheet()])
    workspace = Workspace(ws)
    plan = plan_import(workspace, "alpha", tracker, "actions")
    assert plan.ok
    actions = ws / "evidence" / "alpha" / "actions.csv"
    actions.write_text(actions.read_text() + "A2,Someone else's action,,,,complete,,\n")
    with pytest.raises(ConflictError):
        apply_import(plan, workspace.files("alpha"), "tester")
    assert "Someone else's action" in actions.read_text() and "APP 1.1.1" not in actions.read_text()


def test_evidence_rows_merge_by_id_with_the_library(tmp_path: Path, capsys):
    ws = build_workspace(tmp_path / "ws", evidence=[evidence_row(), evidence_row("EV-2", notes="keep me")])
    sheet = SheetSpec("Evidence", [
        ["Ref", "Document", "Annex A", "RAG", "Evidence strength", "Owner", "Last reviewed"],
        ["EV-1", "Self-evaluation 2025", "A-1", "Work underway", 2, "Head of SEND", dt.date(2025, 9, 1)],
        ["EV-9", "New document", "A-2", "Complete", 1, "Head of SEND", dt.date(2025, 9, 2)],
    ])
    code, out = run(capsys, "import", str(write_sheet(tmp_path / "e.xlsx", [sheet])), "--council", "alpha",
                    "--kind", "evidence", "--workspace", str(ws))
    assert code == 0, out
    rows = {r["id"]: r for r in read_csv_rows(ws / "evidence" / "alpha" / "evidence.csv")}
    assert rows["EV-1"]["status"] == "Work underway" and rows["EV-1"]["strength"] == "2"
    assert rows["EV-1"]["criteria"] == "C-1"          # a column the sheet lacks stays as it was
    assert rows["EV-2"]["notes"] == "keep me"           # a record not in the sheet is kept
    assert rows["EV-9"]["title"] == "New document"
