"""The Explore Education Statistics importer: real DfE files, synthetic edge cases, malformed input.

Tests on the real SEN2 files need ../shared/data beside the checkout and skip
with a reason otherwise; every other test builds its files in tmp_path.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pytest

from sefkit.reference import ReferenceDataError, import_ees, read_ees
from sefkit.reference.periods import period_end

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SEN2 = SHARED / "dfe-sen2"
needs_shared = pytest.mark.skipif(not SEN2.is_dir(), reason=f"the public DfE SEN2 files are not at {SEN2} "
                                                            "(they are not part of the repository)")


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def find(rows, kpi, code, period_end):
    hits = [r for r in rows if r["kpi"] == kpi and r["code"] == code and r["period_end"] == period_end]
    assert len(hits) <= 1
    return hits[0] if hits else None


# --- the real files ---------------------------------------------------------------------------------

@needs_shared
def test_real_timeliness_file_gives_the_published_england_figures(tmp_path):
    out = tmp_path / "benchmarks.csv"
    result = import_ees([SEN2 / "timeliness_20_week.csv"], None, out)
    rows = rows_of(out)
    eng = find(rows, "ehcp_20wk", "E92000001", "2019-12-31")
    assert (eng["value"], eng["numerator"], eng["denominator"], eng["period_label"]) == ("60.4", "29895", "49519",
                                                                                         "2019")
    assert find(rows, "ehcp_20wk_incl_exceptions", "E92000001", "2019-12-31")["value"] == "58.7"
    assert result.rows_added == len(rows) and result.rows_updated == 0
    assert result.kpis == ["ehcp_20wk", "ehcp_20wk_incl_exceptions"]
    # hand-checked: timeliness_20_week.csv line 55, Wakefield 2019: 298 of 346 = 86.1
    wake = find(rows, "ehcp_20wk", "384", "2019-12-31")
    assert (wake["value"], wake["numerator"], wake["denominator"], wake["name"]) == ("86.1", "298", "346", "Wakefield")
    # hand-checked: line 1539, Sefton 2023: 239 of 591 = 40.4
    assert find(rows, "ehcp_20wk", "343", "2023-12-31")["value"] == "40.4"
    # only headline rows: one row per KPI, place and year
    assert len({(r["kpi"], r["code"], r["period_end"]) for r in rows}) == len(rows)


@needs_shared
def test_real_files_for_other_kpis_and_year_coding(tmp_path):
    out = tmp_path / "benchmarks.csv"
    import_ees([SEN2 / f for f in ("requests.csv", "assessments.csv", "annual_reviews.csv",
                                    "personal_budgets.csv")], None, out)
    rows = rows_of(out)
    # requests.csv line 9796: Walsall 2024, 1103 requests, 99.9% decided within 6 weeks (1093)
    assert find(rows, "ehcna_requests", "335", "2024-12-31")["value"] == "1103"
    six = find(rows, "ehcna_requests_decided_6wk", "335", "2024-12-31")
    assert (six["value"], six["numerator"], six["denominator"]) == ("99.9", "1093", "")
    # personal_budgets.csv line 17045: Wolverhampton 202425 (Academic year) = 56, dated 31 August 2025
    pb = find(rows, "personal_budgets", "336", "2025-08-31")
    assert (pb["value"], pb["period_label"]) == ("56", "2024/25")
    # annual_reviews.csv line 4467: Wakefield 2024, 1425 within 4 weeks, 1390 over: 50.6% of 2815
    ar = find(rows, "annual_review_decision_4wk", "384", "2024-12-31")
    assert (ar["value"], ar["numerator"], ar["denominator"]) == ("50.6", "1425", "2815")
    # suppressed ('x') in the source: missing, not zero
    assert find(rows, "ehcna_assessments", "E92000001", "2021-12-31") is None
    assert find(rows, "ehcna_assessments", "E92000001", "2024-12-31")["value"] == "105340"
    assert not [r for r in rows if r["kpi"] == "ehcna_requests_decided_6wk" and r["period_end"] < "2023"]


@needs_shared
def test_reporting_year_coded_as_calendar_year_maps_to_the_activity_year(tmp_path):
    """sen_need_newplans.csv codes new plans made in calendar 2024 as 202425 'Calendar year'."""
    kpi_map = tmp_path / "map.yaml"
    kpi_map.write_text("new_plans:\n  file_hint: newplans\n  measure: ehc_plans\n  unit: count\n")
    out = tmp_path / "benchmarks.csv"
    import_ees([SEN2 / "sen_need_newplans.csv"], kpi_map, out)
    eng = find(rows_of(out), "new_plans", "E92000001", "2024-12-31")
    assert (eng["value"], eng["period_label"]) == ("97563", "2024")


@needs_shared
def test_real_file_with_shuffled_columns_gives_the_same_rows(tmp_path):
    with open(SEN2 / "timeliness_20_week.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    order = list(range(len(table[0])))
    random.Random(7).shuffle(order)
    assert order != sorted(order)
    shuffled = tmp_path / "timeliness_20_week.csv"
    with open(shuffled, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[row[i] for i in order] for row in table])
    assert read_ees(shuffled) == read_ees(SEN2 / "timeliness_20_week.csv")


# --- synthetic files --------------------------------------------------------------------------------

HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "region_code", "region_name",
          "new_la_code", "old_la_code", "la_name", "breakdown_topic", "breakdown", "plans_issued_den_ex",
          "plans_issued_20_weeks_ex", "PC_plans_issued_20_weeks_ex"]
ROWS = [
    ["2024", "Calendar year", "National", "E92000001", "", "", "", "", "", "All EHC plans issued",
     "All EHC plans issued", "1000", "500", "50"],
    ["2024", "Calendar year", "Regional", "E92000001", "E12000003", "Yorkshire and The Humber", "", "", "",
     "All EHC plans issued", "All EHC plans issued", "200", "150", "75"],
    ["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire and The Humber", "E08000036",
     "384", "Wakefield", "All EHC plans issued", "All EHC plans issued", "100", "80", "80"],
    ["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire and The Humber", "E08000035",
     "383", "Leeds", "All EHC plans issued", "All EHC plans issued", "c", "x", "c"],
    ["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire and The Humber", "E08000034",
     "382", "Kirklees", "All EHC plans issued", "All EHC plans issued", "0", "0", "0"],
    ["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire and The Humber", "E08000035",
     "383", "Leeds", "Sex", "Male", "50", "40", "80"],
]


def write(path: Path, header=HEADER, rows=ROWS, encoding="utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_suppression_codes_are_missing_and_a_real_zero_stays_zero(tmp_path):
    rows = read_ees(write(tmp_path / "t.csv"))
    got = {(r["geography"], r["code"]): r["value"] for r in rows}
    assert got == {("england", "E92000001"): "50", ("region", "E12000003"): "75", ("la", "384"): "80",
                   ("la", "382"): "0"}          # Leeds: 'c'/'x' -> no row; its 'Sex' breakdown is not a benchmark


@pytest.mark.parametrize("code", ["x", "c", "z", "low", "u", "", "X", " low "])
def test_every_suppression_code_is_missing(tmp_path, code):
    row = ROWS[2][:11] + ["100", "80", code]
    assert read_ees(write(tmp_path / "t.csv", rows=[row])) == []


def test_suppressed_value_removes_an_older_published_one(tmp_path):
    out = tmp_path / "benchmarks.csv"
    first = ROWS[2][:11] + ["100", "80", "80"]
    import_ees([write(tmp_path / "a.csv", rows=[first])], None, out)
    assert find(rows_of(out), "ehcp_20wk", "384", "2024-12-31")["value"] == "80"
    result = import_ees([write(tmp_path / "b.csv", rows=[first[:11] + ["x", "x", "x"]])], None, out)
    assert result.rows_removed == 1 and rows_of(out) == []


def test_a_blank_cell_gives_no_value_and_withdraws_none(tmp_path):
    out = tmp_path / "benchmarks.csv"
    import_ees([write(tmp_path / "a.csv", rows=[ROWS[2]])], None, out)
    result = import_ees([write(tmp_path / "b.csv", rows=[ROWS[2][:11] + ["", "", ""]])], None, out)
    assert result.rows_removed == 0 and find(rows_of(out), "ehcp_20wk", "384", "2024-12-31")["value"] == "80"


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity", "NaN"])
def test_not_a_number_is_refused_not_ranked(tmp_path, text):
    with pytest.raises(ReferenceDataError, match=rf"^t.csv:2:14: error: column 'PC_plans_issued_20_weeks_ex': "
                                                 rf"'{text}' is not a number .* \[not-a-number\]$"):
        read_ees(write(tmp_path / "t.csv", rows=[ROWS[2][:13] + [text]]))


def test_a_file_with_no_levels_we_keep_is_refused(tmp_path):
    rows = [r[:2] + ["LA"] + r[3:] for r in ROWS[2:3]]
    with pytest.raises(ReferenceDataError, match=r"^t.csv:1:3: error: no National, Regional or Local authority "
                                                 r"rows \(column 'geographic_level' has 'LA'\)"):
        read_ees(write(tmp_path / "t.csv", rows=rows))


def test_column_order_does_not_matter(tmp_path):
    straight = read_ees(write(tmp_path / "a.csv"))
    for seed in (1, 2, 3):
        order = list(range(len(HEADER)))
        random.Random(seed).shuffle(order)
        shuffled = write(tmp_path / "a.csv", [HEADER[i] for i in order], [[r[i] for i in order] for r in ROWS])
        assert read_ees(shuffled) == straight


def test_header_case_bom_and_windows_1252_are_accepted(tmp_path):
    straight = read_ees(write(tmp_path / "a.csv"))
    upper = write(tmp_path / "a.csv", [h.upper() for h in HEADER])
    assert read_ees(upper) == straight
    bom = tmp_path / "a.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    assert read_ees(bom) == straight
    assert read_ees(write(tmp_path / "a.csv", encoding="cp1252")) == straight


def test_upsert_counts_and_keeps_extra_columns(tmp_path):
    out = tmp_path / "benchmarks.csv"
    first = import_ees([write(tmp_path / "a.csv")], None, out)
    assert (first.rows_added, first.rows_updated, first.rows_unchanged) == (4, 0, 0)
    with open(out, encoding="utf-8") as handle:
        text = handle.read().replace("source\n", "source,note\n", 1).replace("test\n", "test,kept\n")
    lines = text.splitlines()
    lines[1] += ",my note"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    changed = [r[:11] + (["100", "90", "90"] if r[7] == "384" else r[11:]) for r in ROWS]
    again = import_ees([write(tmp_path / "a.csv", rows=changed)], None, out)
    assert (again.rows_added, again.rows_updated, again.rows_unchanged) == (0, 1, 3)
    rows = rows_of(out)
    assert find(rows, "ehcp_20wk", "384", "2024-12-31")["value"] == "90"
    assert list(rows[0])[-1] == "note" and rows[0]["note"] == "my note"


def test_output_is_sorted_and_deterministic(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    import_ees([write(tmp_path / "in.csv")], None, a)
    import_ees([write(tmp_path / "in.csv", rows=list(reversed(ROWS)))], None, b)
    assert a.read_bytes() == b.read_bytes()
    assert [r["geography"] for r in rows_of(a)] == ["england", "region", "la", "la"]


def test_new_codes_only_are_mapped_to_old_codes(tmp_path):
    header = [h for h in HEADER if h != "old_la_code"]
    rows = [[v for h, v in zip(HEADER, r) if h != "old_la_code"] for r in ROWS[2:3]]
    assert [r["code"] for r in read_ees(write(tmp_path / "t.csv", header, rows))] == ["384"]


def test_a_file_without_breakdowns_is_read_but_duplicate_places_are_refused(tmp_path):
    header = [h for h in HEADER if h not in ("breakdown_topic", "breakdown")]
    plain = [[v for h, v in zip(HEADER, r) if h not in ("breakdown_topic", "breakdown")] for r in ROWS[:3]]
    assert len(read_ees(write(tmp_path / "t.csv", header, plain))) == 3
    twice = plain + [plain[2][:-1] + ["70"]]
    with pytest.raises(ReferenceDataError, match=r"^t.csv:5:12: error: column 'PC_plans_issued_20_weeks_ex': gives "
                                                 r"a different value for ehcp_20wk, Wakefield, 2024 than line 4; .* "
                                                 r"\[duplicate-id\]$"):
        read_ees(write(tmp_path / "t.csv", header, twice))


def test_kpi_map_yaml_adds_measures_with_file_hint_and_summed_denominator(tmp_path):
    header = HEADER[:11] + ["within", "late", "within_pc"]
    rows = [r[:11] + ["30", "10", "75"] for r in ROWS[:1]]
    data = write(tmp_path / "reviews_2025.csv", header, rows)
    kpi_map = tmp_path / "map.yaml"
    kpi_map.write_text("review_4wk:\n  file_hint: reviews\n  measure: within_pc\n  numerator: within\n"
                       "  denominator: [within, late]\n  unit: pct\n")
    out = tmp_path / "benchmarks.csv"
    result = import_ees([data], kpi_map, out)
    row = find(rows_of(out), "review_4wk", "E92000001", "2024-12-31")
    assert (row["value"], row["numerator"], row["denominator"]) == ("75", "30", "40")
    assert result.kpis == ["review_4wk"]


def test_old_argument_order_still_works(tmp_path):
    out = tmp_path / "benchmarks.csv"
    import_ees([write(tmp_path / "a.csv")], out)                       # (files, benchmarks_csv)
    assert len(rows_of(out)) == 4


@pytest.mark.parametrize("time_period,identifier,end,label", [
    ("2019", "Calendar year", dt.date(2019, 12, 31), "2019"),
    ("201920", "Academic year", dt.date(2020, 8, 31), "2019/20"),
    ("201920", "Financial year", dt.date(2020, 3, 31), "2019-20"),
    ("202425", "Calendar year", dt.date(2024, 12, 31), "2024"),
    ("199900", "Academic year", dt.date(2000, 8, 31), "1999/00"),
])
def test_period_mapping(time_period, identifier, end, label):
    assert period_end(time_period, identifier) == (end, label)


# --- malformed input: one clear message, the table untouched ----------------------------------------

@pytest.mark.parametrize("content,message", [
    (b"", "requests.csv:1:1: error: file is empty [file-empty]"),
    (b"a,b,c\n1,2,3\n", "requests.csv:1:1: error: missing columns 'time_period', 'time_identifier', "
                        "'geographic_level'; is this a DfE Explore Education Statistics open-data CSV? "
                        "[column-missing]"),
    (",".join(h for h in HEADER if h != "time_period").encode() + b"\n",
     "requests.csv:1:1: error: missing column 'time_period'"),
    (b"PK\x03\x04junk\x00\x00", "requests.csv:1:1: error: file is a zip archive"),
    (bytes(range(256)) * 4, "requests.csv:1:1: error: file contains binary data"),
    (b"<!DOCTYPE html><html><body>Not found</body></html>",
     "requests.csv:1:1: error: this is a web page (HTML), not a CSV"),
    (b"time_period;time_identifier;geographic_level\n2024;Calendar year;National\n",
     "requests.csv:1:1: error: the columns are separated by ';', not commas"),
    (",".join(HEADER).encode() + b"\n", "requests.csv:1:1: error: no headline rows"),
    (b"time_period,time_identifier,geographic_level,foo\n2024,Calendar year,National,1\n",
     "requests.csv:1:1: error: none of the measures sefkit maps is in this file"),
    (b"\xff\xfet\x00i\x00", "requests.csv:1:1: error: file is saved as UTF-16"),
    (b"time_period,time_identifier,Time_Period\n", "requests.csv:1:3: error: column 'Time_Period' appears twice "
                                                   "in the header (columns 1 and 3) [column-duplicate]"),
    # broken quoting half way down: refused whole, never imported up to the break
    (",".join(HEADER).encode() + b"\n" + ",".join(ROWS[0]).encode() + b'\n2024,"Calendar year\n',
     "requests.csv:3:1: error: broken quoting from this line on"),
])
def test_unreadable_files_give_one_clear_message_and_change_nothing(tmp_path, content, message):
    out = tmp_path / "benchmarks.csv"
    import_ees([write(tmp_path / "good.csv")], None, out)
    before = out.read_bytes()
    bad = tmp_path / "requests.csv"
    bad.write_bytes(content)
    with pytest.raises(ReferenceDataError) as exc:
        import_ees([write(tmp_path / "good.csv", rows=[r[:11] + ["1", "1", "1"] for r in ROWS[:1]]), bad], None, out)
    assert str(exc.value).startswith(message)
    assert out.read_bytes() == before                       # all or nothing: the good file was not applied either
    assert sorted(p.name for p in tmp_path.iterdir()) == [".benchmarks.csv.lock", "benchmarks.csv", "good.csv",
                                                          "requests.csv"]      # the store's lock stays in place


@pytest.mark.parametrize("row,message", [
    (ROWS[2][:13] + ["eighty"], r"t.csv:2:14: error: column 'PC_plans_issued_20_weeks_ex': 'eighty' is not a number "
                                r"or a suppression code \(x, c, z, low, u\) \[not-a-number\]"),
    (ROWS[2][:13] + ["180"], r"t.csv:2:14: error: column 'PC_plans_issued_20_weeks_ex': 180 is not a percentage "
                             r"\(0 to 100\) \[out-of-range\]"),
    (ROWS[2][:11] + ["100", "-", "80"], r"t.csv:2:13: error: column 'plans_issued_20_weeks_ex': '-' is not a number"),
    (["2024/25"] + ROWS[2][1:], r"t.csv:2:1: error: column 'time_period': cannot date time_period '2024/25' .* "
                                r"\[not-a-date\]"),
    (["2024"] + ["Spring term"] + ROWS[2][2:], r"t.csv:2:2: error: column 'time_identifier': cannot date "
                                              r"time_period '2024' with time_identifier 'Spring term'"),
    (["202426", "Academic year"] + ROWS[2][2:], r"t.csv:2:1: error: column 'time_period': time_period '202426' is "
                                                r"not two consecutive years"),
    (ROWS[2][:6] + ["", "", "Nowhere"] + ROWS[2][9:], r"t.csv:2:8: error: column 'old_la_code': no DfE 3-digit LA "
                                                      r"code \(empty\) \[value-required\]"),
    (ROWS[2][:6] + ["E08000999", "", "Nowhere"] + ROWS[2][9:], r"t.csv:2:8: error: column 'old_la_code': no DfE "
                                                               r"3-digit LA code \(E08000999\) \[unknown-id\]"),
    (ROWS[1][:4] + ["", "Somewhere"] + ROWS[1][6:], r"t.csv:2:5: error: column 'region_code': empty on a regional "
                                                    r"row \[value-required\]"),
    (ROWS[2] + ["extra"], r"t.csv:2:15: error: more values than there are columns \(15 values, 14 columns\) "
                          r"\[row-too-long\]"),
    (ROWS[2][:12], r"t.csv:2:13: error: fewer values than there are columns \(12 of 14\); is the file cut off\? "
                   r"\[row-too-short\]"),  # a cut-off file
])
def test_bad_cells_name_file_line_and_column(tmp_path, row, message):
    with pytest.raises(ReferenceDataError, match=f"^{message}"):
        read_ees(write(tmp_path / "t.csv", rows=[row]))


def test_lines_are_the_ones_an_editor_shows(tmp_path):
    """A blank line and a quoted cell over two lines come before the bad row: it is on line 6, not row 4."""
    path = write(tmp_path / "t.csv", rows=[ROWS[0], ROWS[1]])
    text = path.read_text().replace("Yorkshire and The Humber", '"Yorkshire\nand The Humber"', 1)
    bad = ",".join(ROWS[2][:13] + ["eighty"])
    path.write_text(text + "\n" + bad + "\n")
    with pytest.raises(ReferenceDataError, match=r"^t.csv:6:14: error: column 'PC_plans_issued_20_weeks_ex'"):
        read_ees(path)
    path.write_text(text + "\n" + ",".join(ROWS[2]) + "\n")
    assert len(read_ees(path)) == 3


@pytest.mark.parametrize("text,message", [
    ("ehcp_20wk: [unclosed\n", r"map.yaml:2:1: error: not valid YAML: .* \[yaml-syntax\]"),
    ("- a\n- b\n", r"map.yaml:1:1: error: a KPI map is a mapping .* \[yaml-shape\]"),
    ("ehcp_20wk:\n  measure: x\nBad Id:\n  measure: x\n",
     r"map.yaml:3:1: error: KPI 'Bad Id': a KPI id is lower-case .* \[id-invalid\]"),
    ("k:\n  measure: x\n  numerater: y\n", r"map.yaml:3:3: error: KPI 'k': unknown key numerater \(allowed: .*\); "
                                          r"did you mean 'numerator'\? \[name-near-miss\]"),
    ("k:\n  measure: x\n  colour: y\n", r"map.yaml:3:3: error: KPI 'k': unknown key colour \(allowed: .*\) "
                                       r"\[yaml-shape\]"),
    ("k:\n  numerator: y\n", r"map.yaml:1:1: error: KPI 'k': 'measure' .* is required \[key-missing\]"),
    ("k:\n", r"map.yaml:1:1: error: KPI 'k': give \{measure: COLUMN, ...\}, not None \[yaml-shape\]"),
    ("k:\n  measure: ''\n", r"map.yaml:2:12: error: KPI 'k': 'measure' must be a column name \[not-text-value\]"),
    ("k:\n  measure: x\n  denominator: [1, 2]\n", r"map.yaml:3:16: error: KPI 'k': 'denominator' must be a column "
                                                 r"name or a list of columns \[not-text-value\]"),
    ("k:\n  measure: x\n  unit: percent\n", r"map.yaml:3:9: error: KPI 'k': unit 'percent' is not one of .* "
                                           r"\[unknown-word\]"),
    ("k:\n  measure: x\n  unit: [pct]\n", r"map.yaml:3:9: error: KPI 'k': unit \['pct'\] is not one of"),
    ("k:\n  measure: x\nk:\n  measure: y\n", r"map.yaml:3:1: error: key 'k' appears twice \(first on line 1\); "
                                           r"merge them \[key-duplicate\]"),
    ("k:\n  measure: x\n  file_hint: t\n", r"t.csv:1:1: error: missing column 'x' \(the measure for KPI 'k'.* "
                                          r"\[column-missing\]"),
    ("k:\n  measure: PC_plans_issued_20_weeks_ex\n  numerator: gone\n",
     r"t.csv:1:1: error: missing column 'gone' \(the numerator"),
])
def test_bad_kpi_maps_are_explained(tmp_path, text, message):
    kpi_map = tmp_path / "map.yaml"
    kpi_map.write_text(text)
    with pytest.raises(ReferenceDataError, match=f"^{message}"):
        import_ees([write(tmp_path / "t.csv")], kpi_map, tmp_path / "benchmarks.csv")
    assert not (tmp_path / "benchmarks.csv").exists()


def test_a_kpi_map_is_read_as_yaml_1_2(tmp_path):
    """ruamel.yaml, like every other YAML file sefkit reads: 'no' is a column name, not false."""
    header = HEADER[:11] + ["no"]
    data = write(tmp_path / "t.csv", header, [r[:11] + ["7"] for r in ROWS[:1]])
    kpi_map = tmp_path / "map.yaml"
    kpi_map.write_text("k:\n  measure: no\n  unit: count\n")
    out = tmp_path / "benchmarks.csv"
    import_ees([data], kpi_map, out)
    assert find(rows_of(out), "k", "E92000001", "2024-12-31")["value"] == "7"


def test_a_broken_benchmark_table_is_named_not_overwritten(tmp_path):
    out = tmp_path / "benchmarks.csv"
    out.write_text("kpi,value\nehcp_20wk,1\n")
    with pytest.raises(ReferenceDataError, match=r"^benchmarks.csv:1:1: error: missing columns 'geography', 'code'"):
        import_ees([write(tmp_path / "t.csv")], None, out)
    assert out.read_text() == "kpi,value\nehcp_20wk,1\n"


# --- saving: one writer, under the lock, audited ------------------------------------------------------

def test_the_import_is_audited_with_each_value_added_changed_or_withdrawn(tmp_path):
    import json

    out, log = tmp_path / "sef" / "reference" / "benchmarks.csv", tmp_path / "audit.jsonl"
    import_ees([write(tmp_path / "a.csv", rows=ROWS[:3])], None, out, source="DfE", audit_log=log, who="jo@council")
    changed = [ROWS[0][:11] + ["1000", "600", "60"], ROWS[1][:11] + ["x", "x", "x"], ROWS[2]]
    result = import_ees([write(tmp_path / "b.csv", rows=changed)], None, out, source="DfE", audit_log=log,
                        shown="sef/reference/benchmarks.csv")
    assert (result.rows_added, result.rows_updated, result.rows_unchanged, result.rows_removed) == (0, 1, 1, 1)
    first, second = [json.loads(line) for line in log.read_text().splitlines()]
    assert (first["by"], first["what"], first["file"], first["from"]) == ("jo@council",
                                                                          "benchmarks import from a.csv",
                                                                          "benchmarks.csv", None)
    assert {c["record"] for c in first["changes"]} == {"ehcp_20wk/england/E92000001/2024-12-31",
                                                       "ehcp_20wk/region/E12000003/2024-12-31",
                                                       "ehcp_20wk/la/384/2024-12-31"}
    assert (second["by"], second["file"], second["from"]) == ("sef benchmarks import",
                                                              "sef/reference/benchmarks.csv", first["to"])
    assert sorted((c["record"], c["field"], c["old"], c["new"]) for c in second["changes"]) == [
        ("ehcp_20wk/england/E92000001/2024-12-31", "numerator", "500", "600"),
        ("ehcp_20wk/england/E92000001/2024-12-31", "value", "50", "60"),
        ("ehcp_20wk/region/E12000003/2024-12-31", "value", "75", None)]
    # nothing new: the table is not rewritten and nothing is logged
    import_ees([write(tmp_path / "b.csv", rows=changed)], None, out, source="DfE", audit_log=log)
    assert len(log.read_text().splitlines()) == 2


def test_concurrent_imports_are_never_lost(tmp_path):
    """Each import merges into the table as it is under the lock, so none overwrites another's rows."""
    from concurrent.futures import ThreadPoolExecutor

    out = tmp_path / "benchmarks.csv"
    files = [write(tmp_path / f"t{year}.csv", rows=[[str(year)] + r[1:] for r in ROWS]) for year in range(2010, 2022)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda f: import_ees([f], None, out), files))
    assert sum(r.rows_added for r in results) == 4 * len(files)
    assert len(rows_of(out)) == 4 * len(files)
