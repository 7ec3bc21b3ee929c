"""tools/derive_reference.py and the committed tables it writes.

Tests of the committed tables never skip (a user's clone has them); tests that
re-derive from the raw files need ../shared/data and skip with a reason without it.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
REFERENCE = ROOT / "sef" / "reference"
OUTPUTS = ("councils.csv", "benchmarks.csv", "inspections.csv", "README.md")
needs_shared = pytest.mark.skipif(not (SHARED / "la-lookup.csv").is_file(),
                                  reason=f"the public source files are not at {SHARED} (not part of the repository)")


def load_tool():
    spec = importlib.util.spec_from_file_location("derive_reference", ROOT / "tools" / "derive_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the committed tables -----------------------------------------------------------------------------

def test_committed_tables_are_compact():
    sizes = {name: (REFERENCE / name).stat().st_size for name in OUTPUTS}
    assert sizes["benchmarks.csv"] < 1_000_000, sizes
    assert sum(sizes.values()) < 1_500_000, sizes


def test_councils_table_shape():
    rows = rows_of(REFERENCE / "councils.csv")
    assert list(rows[0]) == ["la_code", "la_code_new", "name", "other_names", "region", "la_type",
                             "population_0_25", "statistical_neighbours"]
    assert len(rows) == 153 and [r["la_code"] for r in rows] == sorted(r["la_code"] for r in rows)
    types = {r["la_code_new"][:3]: r["la_type"] for r in rows}
    assert types == {"E06": "Unitary Authority", "E08": "Metropolitan District", "E09": "London Borough",
                     "E10": "County"}
    by_code = {r["la_code"]: r for r in rows}
    assert by_code["839"]["other_names"] == "BCP"           # not the fragments 'Bournemouth', 'Christchurch & Poole'
    assert by_code["810"]["other_names"] == "Hull;Kingston Upon Hull"
    assert by_code["840"]["other_names"] == "County Durham"  # the DfE's name
    assert by_code["942"]["population_0_25"] == ""           # the lookup repeats Cumbria's total for both successors
    assert by_code["384"]["population_0_25"] == "102138"
    assert "Cumbria" not in by_code["942"]["other_names"]


def test_benchmarks_table_is_sorted_unique_and_has_no_suppression_codes():
    rows = rows_of(REFERENCE / "benchmarks.csv")
    keys = [(r["kpi"], {"england": 0, "region": 1, "la": 2}[r["geography"]], r["code"], r["period_end"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert {r["kpi"] for r in rows} == {"ehcp_20wk", "ehcp_20wk_incl_exceptions", "ehcna_requests",
                                         "ehcna_requests_decided_6wk", "ehcna_assessments",
                                         "annual_review_decision_4wk", "personal_budgets"}
    number = re.compile(r"-?\d+(\.\d{1,6})?")
    for r in rows:
        assert number.fullmatch(r["value"]), r
        assert r["numerator"] == "" or number.fullmatch(r["numerator"]), r
        assert re.fullmatch(r"\d{4}-(12-31|08-31|03-31)", r["period_end"]), r
        assert r["source"].startswith("DfE EHC plans 2025, "), r
    calendar = {r["period_label"] for r in rows if r["period_end"].endswith("12-31")}
    assert calendar == {"2019", "2020", "2021", "2022", "2023", "2024"}


def test_inspections_table():
    rows = rows_of(REFERENCE / "inspections.csv")
    assert len(rows) == 72
    assert sorted(r["outcome"] for r in rows).count("") == 1
    wakefield = [r for r in rows if r["la_code"] == "384"]
    assert wakefield == [{"la_code": "384", "la_code_new": "E08000036", "name": "Wakefield",
                          "inspection_start": "2024-03-18", "inspection_end": "2024-03-22",
                          "publication_date": "2024-07-26", "outcome": "1", "next_inspection_due": "2029-03-18",
                          "next_inspection_interval": "5 years",
                          "report_url": "https://files.ofsted.gov.uk/v1/file/50253460"}]
    for r in rows:   # placeholders such as 'Last inspection date not provided' never leak into a date column
        for column in ("inspection_start", "inspection_end", "publication_date", "next_inspection_due"):
            assert r[column] == "" or re.fullmatch(r"20\d\d-\d\d-\d\d", r[column]), (r["name"], column)


def test_readme_names_sources_licences_and_the_command():
    text = (REFERENCE / "README.md").read_text(encoding="utf-8")
    for needed in ("Department for Education", "Open Government Licence v3.0", "Data to Insight", "MIT",
                   "reporting year 2025", "python tools/derive_reference.py", "202425", "assess_in_year"):
        assert needed in text, needed


# --- re-deriving from the raw files ----------------------------------------------------------------------

@needs_shared
def test_committed_tables_are_exactly_what_the_script_derives(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "derive_reference.py"), "--data", str(SHARED),
                          "--out", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (REFERENCE / name).read_bytes(), f"{name}: rerun the script"


@needs_shared
def test_derivation_is_deterministic():
    tool = load_tool()
    assert tool.derive(SHARED) == tool.derive(SHARED)


# --- bad input: a message naming file, row and column; nothing written --------------------------------------

def test_missing_source_folder_is_a_message_not_a_traceback(tmp_path):
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "derive_reference.py"), "--data",
                          str(tmp_path / "nowhere"), "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.startswith(f"{tmp_path / 'nowhere'}:1:1: error: la-lookup.csv not found")
    assert run.stderr.rstrip().endswith("[file-missing]") and "Traceback" not in run.stderr
    assert not out.exists()


LOOKUP_HEADER = ["la_code", "la_code_new", "stat_neighbours", "local_authority_ons_name", "also_known_as",
                 "region_name", "ons_population_0-25", "ltla23nm", "utla23nm", "ons_la_type"]


def lookup(path: Path, rows: list[list[str]], header=LOOKUP_HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        w.writerows(rows)
    return path


def eleven() -> list[list[str]]:
    codes = [str(c) for c in range(101, 112)]
    return [[c, f"E06000{c}", ", ".join(x for x in codes if x != c), f"Place {c}", "", "North West", str(1000 + i),
             f"Place {c}", f"Place {c}", "Unitary Authority"] for i, c in enumerate(codes)]


def test_lookup_is_checked_cell_by_cell(tmp_path):
    tool = load_tool()
    rows, _ = tool.derive_councils(lookup(tmp_path / "la-lookup.csv", eleven()), {})
    assert len(rows) == 11 and rows[0]["statistical_neighbours"] == "102;103;104;105;106;107;108;109;110;111"
    bad = eleven()
    bad[3][2] = bad[3][2].replace("111", "999")
    with pytest.raises(tool.ReferenceDataError, match=r"^la-lookup.csv:5:3: error: column 'stat_neighbours': "
                                                      r".*999.* \[unknown-id\]$"):
        tool.derive_councils(lookup(tmp_path / "la-lookup.csv", bad), {})
    with pytest.raises(tool.ReferenceDataError, match=r"^la-lookup.csv:1:1: error: missing column 'stat_neighbours'"):
        tool.derive_councils(lookup(tmp_path / "la-lookup.csv", [r[:2] + r[3:] for r in eleven()],
                                    [h for h in LOOKUP_HEADER if h != "stat_neighbours"]), {})
    wrong = eleven()
    wrong[0][1] = "W06000001"
    with pytest.raises(tool.ReferenceDataError, match=r"^la-lookup.csv:2:2: error: column 'la_code_new': "
                                                      r"'W06000001' is not an English LA code"):
        tool.derive_councils(lookup(tmp_path / "la-lookup.csv", wrong), {})


def test_also_known_as_fragments_are_dropped():
    tool = load_tool()
    row = {"also_known_as": "[BCP, Bournemouth, Christchurch & Poole]", "ltla23nm": "", "utla23nm": ""}
    assert tool.aliases(row, "Bournemouth, Christchurch and Poole", set()) == ["BCP"]
    row = {"also_known_as": "[Kingston Upon Hull, Hull]", "ltla23nm": "Kingston upon Hull", "utla23nm": "Cumbria"}
    assert tool.aliases(row, "Kingston Upon Hull, City of", {"cumbria"}) == ["Hull", "Kingston Upon Hull"]


def workbook(path: Path, header: list[str], rows: list[list]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


OFSTED_HEADER = ["la_code", "outcome_grade", "inspection_start_date", "inspection_end_date", "publication_date",
                 "next_inspection", "next_inspection_by_date", "inspection_link"]


def test_inspection_workbook_is_checked(tmp_path):
    tool = load_tool()
    councils = {"101": {"la_code_new": "E06000101", "name": "Place 101"}}
    good = ["101", "2.0", "18/11/24", "22/11/24", "04/02/25", "3 years", "18/11/27", "https://files.ofsted.gov.uk/x"]
    rows, notes = tool.derive_inspections(workbook(tmp_path / "o.xlsx", OFSTED_HEADER, [good]), councils)
    assert rows == [{"la_code": "101", "la_code_new": "E06000101", "name": "Place 101",
                     "inspection_start": "2024-11-18",
                     "inspection_end": "2024-11-22", "publication_date": "2025-02-04", "outcome": "2",
                     "next_inspection_due": "2027-11-18", "next_inspection_interval": "3 years",
                     "report_url": "https://files.ofsted.gov.uk/x"}] and notes == []
    placeholder = good[:6] + ["Next inspection time frame not found", good[7]]
    rows, notes = tool.derive_inspections(workbook(tmp_path / "o.xlsx", OFSTED_HEADER, [placeholder]), councils)
    assert rows[0]["next_inspection_due"] == "" and "row 2, column 'next_inspection_by_date'" in notes[0]
    with pytest.raises(tool.ReferenceDataError, match=r"^o.xlsx:2:2: error: column 'outcome_grade': 'good' is not "
                                                      r"1, 2 or 3 \[out-of-range\]$"):
        tool.derive_inspections(workbook(tmp_path / "o.xlsx", OFSTED_HEADER, [["101", "good"] + good[2:]]), councils)
    with pytest.raises(tool.ReferenceDataError, match=r"^o.xlsx:2:1: error: column 'la_code': '999'"):
        tool.derive_inspections(workbook(tmp_path / "o.xlsx", OFSTED_HEADER, [["999"] + good[1:]]), councils)
    with pytest.raises(tool.ReferenceDataError, match=r"^o.xlsx:1:1: error: missing column 'publication_date'"):
        tool.derive_inspections(workbook(tmp_path / "o.xlsx", [h if h != "publication_date" else "published"
                                                               for h in OFSTED_HEADER], [good]), councils)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01 not a workbook")
    with pytest.raises(tool.ReferenceDataError, match=r"^junk.xlsx:1:1: error: cannot open as an Excel workbook"):
        tool.derive_inspections(junk, councils)


def test_workbook_errors_name_the_sheet_row_past_blank_rows(tmp_path):
    """The line of an error in the Ofsted workbook is the spreadsheet row, blank rows counted."""
    tool = load_tool()
    councils = {"101": {"la_code_new": "E06000101", "name": "Place 101"}}
    good = ["101", "2.0", "18/11/24", "22/11/24", "04/02/25", "3 years", "18/11/27", "https://files.ofsted.gov.uk/x"]
    rows = [good, [None] * len(good), [None] * len(good), ["101", "7"] + good[2:]]
    with pytest.raises(tool.ReferenceDataError, match=r"^o.xlsx:5:2: error: column 'outcome_grade': '7'"):
        tool.derive_inspections(workbook(tmp_path / "o.xlsx", OFSTED_HEADER, rows), councils)
