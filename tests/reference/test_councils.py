"""Council lookup, statistical neighbours, benchmark comparators and inspection context.

The first half reads the committed tables in sef/reference (never skipped); the
second builds small synthetic reference folders in tmp_path, so the arithmetic
(neighbour mean, rank, quartile, inspection windows) is checked against numbers
worked out by hand.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from sefkit import reference as ref
from sefkit.problems import InputError
from sefkit.reference import CouncilLookupError, ReferenceDataError

ROOT = Path(__file__).resolve().parents[2]


# --- lookups on the committed councils.csv --------------------------------------------------------

@pytest.mark.parametrize("query", ["384", "E08000036", "e08000036", "wakefield", " WAKEFIELD ", "Wakefield Council",
                                   "City of Wakefield", "Wakefield Metropolitan District Council"])
def test_wakefield_by_code_new_code_and_name(query):
    c = ref.find_council(query)
    assert (c.la_code, c.la_code_new, c.name, c.region) == ("384", "E08000036", "Wakefield", "Yorkshire and the Humber")


@pytest.mark.parametrize("query,code", [
    ("City of Wolverhampton", "336"), ("Wolverhampton", "336"), ("wolverhampton city council", "336"),
    ("Kingston upon Hull, City of", "810"), ("Hull", "810"), ("Hull City Council", "810"),
    ("bristol", "801"), ("Bristol City Council", "801"),
    ("Telford & Wrekin", "894"), ("telford and wrekin council", "894"),
    ("St Helens", "342"), ("Saint Helens", "342"), ("St. Helens", "342"),
    ("County Durham", "840"), ("Durham County Council", "840"),
    ("Herefordshire, County of", "884"), ("Bedford", "822"), ("Bedford Borough Council", "822"),
    ("BCP", "839"), ("Bournemouth, Christchurch & Poole", "839"),
    ("London Borough of Hackney", "204"), ("Royal Borough of Greenwich", "203"), ("City of Westminster", "213"),
    ("City of London", "201"), ("Southend", "882"), ("Brighton & Hove City Council", "846"),
    ("Somerset", "933"),   # exact name wins over North Somerset
])
def test_names_as_people_write_them(query, code):
    assert ref.find_council(query).la_code == code


@pytest.mark.parametrize("query,names", [
    ("Kingston", ["Kingston upon Thames", "Kingston Upon Hull, City of"]),
    ("Sussex", ["East Sussex", "West Sussex"]),
    ("Tyneside", ["North Tyneside", "South Tyneside"]),
])
def test_ambiguous_names_are_refused_with_the_candidates(query, names):
    with pytest.raises(CouncilLookupError, match="matches several authorities") as exc:
        ref.find_council(query)
    assert sorted(c.name for c in exc.value.candidates) == sorted(names)
    for name in names:
        assert name in str(exc.value)


def test_unknown_name_suggests_close_matches():
    with pytest.raises(CouncilLookupError, match=r"no English local authority matches 'Wakefeild'; "
                                                 r"did you mean Wakefield \(384\)"):
        ref.find_council("Wakefeild")
    with pytest.raises(CouncilLookupError, match=r"did you mean Birmingham \(330\)"):
        ref.find_council("Birmingam")


def test_regions_and_abolished_authorities_get_an_explanation():
    with pytest.raises(CouncilLookupError, match="'London' is a region"):
        ref.find_council("London")
    with pytest.raises(CouncilLookupError, match=r"Cumbria \(909\) was abolished in April 2023; its area is now "
                                                 r"Cumberland \(942\) and Westmorland and Furness \(943\)"):
        ref.find_council("909")
    with pytest.raises(CouncilLookupError, match="North Northamptonshire"):
        ref.find_council("Northamptonshire")
    assert ref.find_council("Poole").la_code == "839"     # merged into BCP in 2019
    with pytest.raises(CouncilLookupError, match=r"Dorset County Council \(835\) was abolished in April 2019; "
                                                 r"its area is now Dorset \(838\) and Bournemouth"):
        ref.find_council("835")
    with pytest.raises(CouncilLookupError, match=r"^Bournemouth \(837\) was abolished"):
        ref.find_council("837")


@pytest.mark.parametrize("code,expected", [("E10000023", "815"), ("E10000002", "825"), ("E10000027", "933"),
                                           ("e06000048", "929")])
def test_former_ons_codes_still_used_in_dfe_files_find_the_authority(code, expected):
    assert ref.find_council(code).la_code == expected


def test_lookup_errors_are_reference_data_errors():
    with pytest.raises(ReferenceDataError):
        ref.find_council("")


def test_every_authority_has_ten_distinct_neighbours_that_exist():
    councils = ref.load_councils()
    assert len(councils) == 153
    codes = {c.la_code for c in councils}
    assert len(codes) == 153 and len({c.la_code_new for c in councils}) == 153
    for c in councils:
        assert len(set(c.statistical_neighbours)) == 10, c.name
        assert set(c.statistical_neighbours) <= codes - {c.la_code}, c.name


@pytest.mark.parametrize("queries,expected", [
    # from la-lookup.csv, column stat_neighbours, in DfE order
    (["384", "E08000036", "Wakefield"], ["332", "370", "894", "372", "925", "357", "371", "813", "841", "888"]),
    (["204", "E09000012", "hackney"], ["210", "206", "309", "208", "211", "209", "202", "352", "320", "213"]),
    (["810", "E06000010", "Hull"], ["333", "336", "861", "335", "812", "354", "806", "371", "831", "372"]),
    (["938", "E10000032", "West Sussex County Council"], ["916", "881", "850", "919", "937", "865", "802", "931",
                                                           "803", "878"]),
])
def test_neighbours_by_old_code_new_code_and_name(queries, expected):
    for q in queries:
        council = ref.find_council(q)
        assert list(council.statistical_neighbours) == expected, q
        assert [n.la_code for n in council.neighbours()] == expected, q
        assert [n.la_code for n in ref.neighbours(council)] == expected, q
    assert [n.name for n in ref.find_council("384").neighbours()][:3] == ["Dudley", "Barnsley", "Telford and Wrekin"]


def test_council_is_frozen_and_has_a_slug():
    hull = ref.find_council("810")
    with pytest.raises(dataclasses.FrozenInstanceError):
        hull.name = "x"
    assert hull.slug == "kingston-upon-hull"
    assert ref.find_council("Telford & Wrekin").slug == "telford-and-wrekin"


# --- published benchmarks (committed table) -------------------------------------------------------

def test_england_series_carries_the_published_dfe_figures():
    eng = ref.england("ehcp_20wk").set_index("period_end")
    assert eng.loc["2019-12-31", ["value", "numerator", "denominator"]].tolist() == [60.4, 29895, 49519]
    assert eng.loc["2024-12-31", "value"] == 46.4
    assert ref.england("ehcp_20wk_incl_exceptions").set_index("period_end").loc["2019-12-31", "value"] == 58.7
    assert list(eng.index) == sorted(eng.index)


@pytest.mark.parametrize("kpi,la,period,value", [
    # checked by hand against the DfE CSV rows named here
    ("ehcp_20wk", "384", "2019-12-31", 86.1),            # timeliness_20_week.csv line 55: Wakefield 2019, 298 of 346
    ("ehcp_20wk", "343", "2023-12-31", 40.4),            # timeliness_20_week.csv line 1539: Sefton 2023, 239 of 591
    ("ehcna_requests", "Walsall", "2024-12-31", 1103),   # requests.csv line 9796: requests_received_in_year
    ("personal_budgets", "336", "2025-08-31", 56),       # personal_budgets.csv line 17045: Wolverhampton 202425
    ("annual_review_decision_4wk", "384", "2024-12-31", 50.6),  # annual_reviews.csv line 4467: 1425 of 1425+1390
])
def test_authority_values_match_the_published_rows(kpi, la, period, value):
    series = ref.la_series(kpi, la).set_index("period_end")
    assert series.loc[period, "value"] == value


def test_region_series_by_name_in_any_case_or_code():
    a = ref.region("ehcp_20wk", "Yorkshire and the Humber")
    b = ref.region("ehcp_20wk", "E12000003")
    assert a.equals(b) and set(a["name"]) == {"Yorkshire and The Humber"}
    with pytest.raises(ReferenceDataError, match="no region 'Atlantis'"):
        ref.region("ehcp_20wk", "Atlantis")
    with pytest.raises(ReferenceDataError, match="no KPI 'nope'"):
        ref.england("nope")


def test_suppressed_years_are_absent_not_zero():
    # assess_in_year is 'x' for 2019-2021 in assessments.csv (national row included)
    assert list(ref.england("ehcna_assessments")["period_label"]) == ["2022", "2023", "2024"]
    table = ref.load_benchmarks()
    assert (table["value"].notna()).all()


def test_load_benchmarks_is_a_dataframe_copy():
    a = ref.load_benchmarks()
    a.loc[:, "value"] = 0
    assert ref.load_benchmarks()["value"].max() > 0
    assert list(a.columns)[:10] == ["kpi", "geography", "code", "name", "period_end", "period_label", "value",
                                    "numerator", "denominator", "source"]


# --- comparators on a synthetic reference folder (numbers worked out by hand) -----------------------

def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


COUNCIL_HEADER = ["la_code", "la_code_new", "name", "other_names", "region", "la_type", "population_0_25",
                  "statistical_neighbours"]
BENCH_HEADER = ["kpi", "geography", "code", "name", "period_end", "period_label", "value", "numerator",
                "denominator", "source"]
INSPECTION_HEADER = ["la_code", "la_code_new", "name", "inspection_start", "inspection_end", "publication_date",
                     "outcome", "next_inspection_due", "next_inspection_interval", "report_url"]


@pytest.fixture
def workspace(tmp_path):
    """Five authorities; 101's neighbours are 102-105; ehcp_20wk 2024 values 40, 60, 60, (suppressed), 90."""
    folder = tmp_path / "sef" / "reference"
    write_csv(folder / "councils.csv", COUNCIL_HEADER, [
        ["101", "E06000901", "Alderley", "", "North West", "Unitary Authority", "1000", "102;103;104;105"],
        ["102", "E06000902", "Brookfield", "", "North West", "Unitary Authority", "", "101"],
        ["103", "E06000903", "Castleton", "", "North West", "Unitary Authority", "", "101"],
        ["104", "E06000904", "Dunmore", "", "North West", "Unitary Authority", "", "101"],
        ["105", "E06000905", "Eastwick", "", "North West", "Unitary Authority", "", "101"],
    ])
    rows = [["ehcp_20wk", "la", code, name, "2024-12-31", "2024", value, "", "", "test"]
            for code, name, value in [("101", "Alderley", 40), ("102", "Brookfield", 60), ("103", "Castleton", 60),
                                      ("105", "Eastwick", 90)]]
    rows.append(["ehcp_20wk", "england", "E92000001", "England", "2024-12-31", "2024", 50, 10, 20, "test"])
    write_csv(folder / "benchmarks.csv", BENCH_HEADER, rows)
    return tmp_path


def test_a_workspace_copy_replaces_the_built_in_tables(workspace, tmp_path_factory):
    assert ref.reference_dir(workspace) == workspace / "sef" / "reference"
    assert ref.find_council("Alderley", workspace).la_code == "101"
    with pytest.raises(CouncilLookupError):
        ref.find_council("Alderley")                       # not in the built-in table
    # inspections.csv is not in the workspace: the built-in one is used (per-file fallback)
    assert ref.reference_file("inspections.csv", workspace) == ref.builtin_reference_dir() / "inspections.csv"
    # a reference folder may be passed directly, and a workspace without one uses the built-in tables
    assert ref.find_council("Alderley", workspace / "sef" / "reference").la_code == "101"
    empty = tmp_path_factory.mktemp("plain")
    assert ref.reference_dir(empty) == ref.builtin_reference_dir() == ROOT / "sef" / "reference"


def test_neighbour_mean_leaves_suppressed_neighbours_out(workspace):
    # neighbours 102, 103, 105 have 60, 60, 90 (104 suppressed): mean 70 over 3, not 52.5 over 4
    assert ref.neighbour_mean("ehcp_20wk", "101", "2024-12-31", workspace) == (70.0, 3)
    assert ref.neighbour_mean("ehcp_20wk", "Alderley", dt.date(2024, 12, 31), workspace).count == 3
    assert ref.neighbour_mean("ehcp_20wk", "101", "2023-12-31", workspace) == (None, 0)


def test_rank_and_quartile_follow_polarity_and_ties(tmp_path):
    # twelve authorities 201-212 with values 10, 20, ..., 120, except 203 and 204 tied at 30
    folder = tmp_path / "sef" / "reference"
    values = {f"2{i:02d}": 10.0 * i for i in range(1, 13)} | {"204": 30.0}
    write_csv(folder / "councils.csv", COUNCIL_HEADER,
              [[code, f"E0600{code}", f"Town {code}", "", "North West", "Unitary Authority", "", ""]
               for code in values])
    write_csv(folder / "benchmarks.csv", BENCH_HEADER,
              [["ehcp_20wk", "la", code, f"Town {code}", "2024-12-31", "2024", v, "", "", "test"]
               for code, v in values.items()])
    rank = lambda code, polarity: ref.rank_and_quartile("ehcp_20wk", code, "2024-12-31", polarity, tmp_path)  # noqa
    assert rank("212", "higher_is_better") == (1, 12, 1)
    assert rank("203", "higher_is_better") == rank("204", "higher_is_better") == (9, 12, 3)   # ties share a rank
    assert rank("201", "higher_is_better") == (12, 12, 4)
    assert rank("201", "lower_is_better") == (1, 12, 1)
    assert rank("205", "lower_is_better") == (5, 12, 2) and rank("206", "lower_is_better") == (6, 12, 2)
    assert rank("207", "lower_is_better") == (7, 12, 3)
    assert rank("201", "neutral") is None
    with pytest.raises(ValueError, match="polarity"):
        rank("201", "bigger")


def test_no_rank_without_a_value_or_among_too_few_authorities(workspace):
    # 104 is suppressed; the other four have values, too few (under 10) for a rank to mean anything,
    # as when a council imports its own figure before the DfE publishes everyone's
    assert ref.rank_and_quartile("ehcp_20wk", "104", "2024-12-31", "higher_is_better", workspace) is None
    assert ref.rank_and_quartile("ehcp_20wk", "105", "2024-12-31", "higher_is_better", workspace) is None


def test_a_hand_edited_table_fails_with_file_line_and_column(workspace):
    path = workspace / "sef" / "reference" / "benchmarks.csv"
    path.write_text(path.read_text() + "ehcp_20wk,la,106,Foo,2024-12-31,2024,lots,,,test\n")
    # header on line 1, five rows, the new row on line 7; 'value' is the 7th column
    with pytest.raises(ReferenceDataError, match=r"^benchmarks.csv:7:7: error: column 'value': 'lots' is not a "
                                                 r"number \[not-a-number\]$"):
        ref.load_benchmarks(workspace)
    path.write_text(path.read_text().replace(",lots,", ",nan,"))
    with pytest.raises(ReferenceDataError, match=r"^benchmarks.csv:7:7: error: column 'value': 'nan' is not a number"):
        ref.load_benchmarks(workspace)
    path.write_text(path.read_text().replace(",nan,", ",1,").replace("2024-12-31,2024,1", "31/12/2024,2024,1"))
    with pytest.raises(ReferenceDataError, match=r"^benchmarks.csv:7:5: error: column 'period_end': '31/12/2024' "
                                                 r"is not an ISO date \(YYYY-MM-DD\) \[not-a-date\]$"):
        ref.load_benchmarks(workspace)


def test_a_broken_reference_table_prints_as_a_problem(workspace):
    """file:line:column: error: message [code], like every other problem; the line is the one an editor
    shows, past blank lines and a quoted cell that spans two lines."""
    path = workspace / "sef" / "reference" / "councils.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(",,North West", ',"Alderley\nand district",North West')   # row 1: lines 2-3
    lines.insert(3, "")                                                                  # a blank line 5
    lines[4] = lines[4].replace("103,", "1O3,", 1)                                       # Castleton: line 6
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ReferenceDataError) as caught:
        ref.load_councils(workspace)
    error = caught.value
    assert str(error) == ("councils.csv:6:1: error: column 'la_code': '1O3' is not a 3-digit DfE code "
                          "[id-invalid]")
    assert (error.problem.path, error.problem.line, error.problem.column, error.problem.code) == \
        ("councils.csv", 6, 1, "id-invalid")
    assert error.message == "column 'la_code': '1O3' is not a 3-digit DfE code"
    assert isinstance(error, InputError) and error.problems == [error.problem]
    assert error.report() == str(error)


def test_structural_problems_in_a_reference_table_name_line_and_column(workspace):
    path = workspace / "sef" / "reference" / "councils.csv"
    original = path.read_text()
    path.write_text(original.replace("Alderley,,", "Alderley,,,", 1))                      # one cell too many
    with pytest.raises(ReferenceDataError, match=r"^councils.csv:2:9: error: more values \(9\) than the header "
                                                 r"has columns \(8\) \[row-too-long\]$"):
        ref.load_councils(workspace)
    path.write_text(original + "106,E06000906,Farley\n")                                  # cut off
    with pytest.raises(ReferenceDataError, match=r"^councils.csv:7:4: error: column 'other_names': missing.* "
                                                 r"\[row-too-short\]$"):
        ref.load_councils(workspace)
    path.write_text(original.replace("la_code,la_code_new", "la_code,la_code", 1))
    with pytest.raises(ReferenceDataError, match=r"^councils.csv:1:2: error: column 'la_code' appears twice in the "
                                                 r"header \(columns 1 and 2\) \[column-duplicate\]$"):
        ref.load_councils(workspace)
    path.write_text(original.replace("Alderley,", '"Alderley,', 1))                        # never closed
    with pytest.raises(ReferenceDataError, match=r"^councils.csv:2:1: error: broken quoting .* \[csv-quoting\]$"):
        ref.load_councils(workspace)
    path.write_bytes(b"\xff\xfe" + original.encode("utf-16-le"))
    with pytest.raises(ReferenceDataError, match=r"^councils.csv:1:1: error: .*UTF-16.* \[encoding\]$"):
        ref.load_councils(workspace)


def test_a_missing_reference_table_is_a_problem_not_a_traceback(workspace, monkeypatch):
    from sefkit.reference import location

    monkeypatch.setattr(location, "builtin_reference_dir", lambda: workspace / "nowhere")
    with pytest.raises(ReferenceDataError, match=r"^inspections.csv:1:1: error: reference table not found in .* "
                                                 r"\[file-missing\]$"):
        ref.load_inspections(workspace)


def test_council_lookup_errors_print_their_message_and_name_the_query():
    with pytest.raises(CouncilLookupError) as caught:
        ref.find_council("Wakefeild")
    assert str(caught.value) == caught.value.message
    assert (caught.value.problem.path, caught.value.problem.code) == ("Wakefeild", "council-lookup")


# --- inspections --------------------------------------------------------------------------------------

def test_inspections_without_dates_in_the_workbook_take_them_from_the_published_report():
    by_name = {i.name: i for i in ref.load_inspections()}
    assert by_name["Derbyshire"].inspection_start == dt.date(2024, 9, 23)        # report: 23 to 27 September 2024
    assert by_name["North Yorkshire"].inspection_start == dt.date(2024, 4, 29)   # report: 29 April to 3 May 2024


def test_national_distribution_and_wakefield_inspection():
    assert ref.national_distribution() == {1: 15, 2: 36, 3: 20}
    assert len(ref.load_inspections()) == 72        # Slough's report has no outcome in the source
    w = ref.last_inspection("Wakefield")
    assert (w.inspection_start, w.inspection_end, w.outcome) == (dt.date(2024, 3, 18), dt.date(2024, 3, 22), 1)
    assert w.outcome_label == "Typically positive" and w.publication_date == dt.date(2024, 7, 26)
    assert ref.next_inspection_due("384") == dt.date(2029, 3, 18)      # from the source: start + 5 years
    assert ref.inspection_window("384", dt.date(2025, 11, 22)) == \
        "Next inspection expected by March 2029 (in 40 months)."
    assert ref.last_inspection("302") is None                          # Barnet: none published


def test_neighbour_outcomes_in_dfe_order():
    outcomes = ref.neighbour_outcomes("384")
    assert [c.la_code for c, _ in outcomes] == list(ref.find_council("384").statistical_neighbours)
    got = {c.name: (i.outcome if i else None) for c, i in outcomes}
    assert got["Dudley"] == 2 and got["Telford and Wrekin"] == 1 and got["Barnsley"] is None


@pytest.fixture
def inspected(tmp_path):
    folder = tmp_path / "sef" / "reference"
    write_csv(folder / "inspections.csv", INSPECTION_HEADER, [
        ["101", "", "Alderley", "2024-01-15", "2024-01-19", "2024-03-20", "1", "", "", ""],         # rule: +5 years
        ["102", "", "Brookfield", "2023-08-31", "2023-09-04", "2023-11-01", "3", "", "", ""],       # +18 / +36 months
        ["103", "", "Castleton", "", "", "2024-05-10", "2", "", "", ""],                            # no dates
        ["104", "", "Dunmore", "2024-02-05", "2024-02-09", "2024-04-01", "2", "2026-12-01", "", ""],  # source date
        ["105", "", "Eastwick", "2025-07-07", "2025-07-11", "2025-11-06", "", "", "", ""],          # not graded
        ["105", "", "Eastwick", "2019-07-07", "2019-07-11", "2019-11-06", "3", "", "", ""],         # older report
    ])
    return tmp_path


def test_next_inspection_due_uses_the_source_date_else_the_outcome_rule(inspected):
    due = {i.la_code: ref.next_inspection_due(i) for i in ref.load_inspections(inspected)}
    assert due["101"] == dt.date(2029, 1, 15)        # outcome 1: about 5 years from the start
    assert due["102"] == dt.date(2025, 2, 28)        # outcome 3: monitoring 18 months on (31 Aug -> 28 Feb)
    assert due["103"] == dt.date(2027, 5, 10)        # outcome 2: 3 years from publication (no dates)
    assert due["104"] == dt.date(2026, 12, 1)        # the source's own date wins over the rule (2027-02-05)
    assert ref.next_inspection_due("105", inspected) is None   # latest report is not graded
    assert ref.last_inspection("105", inspected).publication_date == dt.date(2025, 11, 6)
    assert ref.national_distribution(inspected) == {1: 1, 2: 2, 3: 1}   # latest per area: 105 counts ungraded


def test_inspection_window_sentences(inspected):
    def window(code, day):
        return ref.inspection_window(code, day, inspected)

    assert window("101", dt.date(2027, 9, 1)) == "Next inspection expected by January 2029 (in 16 months)."
    assert window("101", dt.date(2029, 1, 2)) == "Next inspection expected by January 2029 (this month)."
    assert window("101", dt.date(2029, 2, 1)) == "The next inspection is due now (expected by January 2029)."
    assert window("102", dt.date(2024, 2, 1)) == ("Next inspection (monitoring) expected by February 2025 "
                                                  "(in 12 months); full reinspection expected by August 2026 "
                                                  "(in 30 months).")
    assert window("102", dt.date(2025, 6, 1)) == ("The next inspection is due now (a monitoring inspection, "
                                                  "expected by February 2025); full reinspection expected by "
                                                  "August 2026 (in 14 months).")
    assert "has no outcome in the reference data" in window("105", dt.date(2025, 12, 1))
    assert window("106", dt.date(2025, 12, 1)).startswith("No area SEND inspection under the 2023 framework")
