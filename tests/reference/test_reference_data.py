"""Reference data: authorities and neighbours, DfE SEN2 benchmarks, published inspection outcomes."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from sefkit import reference as ref
from sefkit.reference.ees import DEFAULT_MAP, ReferenceDataError, import_ees, read_ees

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not (SHARED / "dfe-sen2").is_dir(),
                                  reason="the public source files (../shared/data) are not beside this checkout")


@pytest.mark.parametrize("query", ["384", "E08000036", "wakefield", "Wakefield Council", "City of Wakefield",
                                   " WAKEFIELD "])
def test_wakefield_by_every_kind_of_code_and_name(query):
    c = ref.find_council(query)
    assert (c.la_code, c.la_code_new, c.region) == ("384", "E08000036", "Yorkshire and the Humber")


@pytest.mark.parametrize("query,name", [("Wolverhampton", "Wolverhampton"), ("City of Wolverhampton", "Wolverhampton"),
                                        ("336", "Wolverhampton"), ("Hull", "Kingston Upon Hull, City of"),
                                        ("bristol", "Bristol, City of"), ("Sefton", "Sefton"),
                                        ("Walsall", "Walsall"), ("Wiltshire", "Wiltshire"),
                                        ("Bedford Borough", "Bedford Borough"),
                                        ("BCP", "Bournemouth, Christchurch and Poole")])
def test_council_names_as_people_write_them(query, name):
    assert ref.find_council(query).name == name


def test_unknown_council_suggests_close_names():
    with pytest.raises(ReferenceDataError, match="did you mean Wakefield"):
        ref.find_council("Wakefeild")


def test_every_authority_has_ten_neighbours_that_exist():
    councils = ref.load_councils()
    assert len(councils) >= 150
    codes = {c.la_code for c in councils}
    for c in councils:
        assert len(c.statistical_neighbours) == 10, c.name
        assert set(c.statistical_neighbours) <= codes, c.name
    wakefield = ref.find_council("384")
    assert [n.name for n in ref.neighbours(wakefield)][:2] == ["Dudley", "Barnsley"]


@pytest.mark.parametrize("kpi,code,period,value", [
    # each checked by hand against the DfE CSV row named in the comment
    ("ehcp_20wk", "343", "2023-12-31", 40.4),            # timeliness_20_week.csv, 2023, Sefton: 239 of 591
    ("ehcna_requests", "335", "2024-12-31", 1103),       # requests.csv, 2024, Walsall: requests_received_in_year
    ("personal_budgets", "336", "2025-08-31", 56),       # personal_budgets.csv, 202425, Wolverhampton
])
def test_authority_values_match_the_published_rows(kpi, code, period, value):
    assert ref.series(kpi, "la", code)[period] == value


def test_published_benchmarks_carry_the_dfe_figures():
    england = ref.series("ehcp_20wk", "england", "E92000001")
    assert england["2019-12-31"] == 60.4 and england["2024-12-31"] == 46.4
    assert ref.series("ehcp_20wk_incl_exceptions", "england", "E92000001")["2019-12-31"] == 58.7


def test_neighbour_mean_rank_and_quartile():
    w = ref.find_council("384")
    mean, count = ref.neighbour_mean("ehcp_20wk", w, "2023-12-31")
    assert count == 10 and 0 < mean < 100
    rank, total, quartile = ref.rank_and_quartile("ehcp_20wk", w, "2023-12-31", "higher_is_better")
    assert 1 <= rank <= total and quartile == 1 + (4 * (rank - 1)) // total
    assert ref.rank_and_quartile("ehcp_20wk", w, "2023-12-31", "neutral") is None


def test_inspection_outcomes():
    assert ref.national_distribution() == {1: 15, 2: 36, 3: 20}
    last = ref.last_inspection("384")
    assert (last.inspection_start, last.inspection_end, last.outcome) == (dt.date(2024, 3, 18), dt.date(2024, 3, 22), 1)
    assert last.outcome_label == "Typically positive"
    assert ref.inspection_window("384", dt.date(2026, 11, 22)) == \
        "Next inspection expected by March 2029 (in 28 months)."
    bury = ref.last_inspection("351")   # outcome 3: monitoring due 18 months on
    assert ref.inspection_window("351", dt.date(2026, 11, 22)).startswith("The next inspection is due now")
    assert bury.outcome == 3


@needs_shared
def test_importer_on_the_real_dfe_files_gives_published_values(tmp_path):
    out = tmp_path / "benchmarks.csv"
    result = import_ees([SHARED / "dfe-sen2" / "timeliness_20_week.csv"], out)
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    row = next(r for r in rows if r["kpi"] == "ehcp_20wk" and r["geography"] == "england"
               and r["period_end"] == "2019-12-31")
    assert (row["value"], row["numerator"], row["denominator"]) == ("60.4", "29895", "49519")
    assert result.rows_added == len(rows)
    # Wakefield (384), 2019: checked by hand in timeliness_20_week.csv: PC_plans_issued_20_weeks_ex = 86.1
    wake = next(r for r in rows if r["kpi"] == "ehcp_20wk" and r["code"] == "384" and r["period_end"] == "2019-12-31")
    assert wake["value"] == "86.1"


def write_ees(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        w.writerows(rows)
    return path


HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "region_code", "region_name",
          "new_la_code", "old_la_code", "la_name", "breakdown_topic", "breakdown", "plans_issued_den_ex",
          "plans_issued_20_weeks_ex", "PC_plans_issued_20_weeks_ex"]


def test_suppression_codes_are_missing_not_zero_and_column_order_does_not_matter(tmp_path):
    rows = [["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire", "E08000036", "384",
             "Wakefield", "All EHC plans issued", "All", "100", "80", "80"],
            ["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire", "E08000035", "383",
             "Leeds", "All EHC plans issued", "All", "c", "x", "c"],
            ["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire", "E08000035", "383",
             "Leeds", "Sex", "Boys", "50", "40", "80"]]
    straight = read_ees(write_ees(tmp_path / "a.csv", HEADER, rows), DEFAULT_MAP)
    order = list(reversed(range(len(HEADER))))
    shuffled = read_ees(write_ees(tmp_path / "b.csv", [HEADER[i] for i in order],
                                  [[r[i] for i in order] for r in rows]), DEFAULT_MAP)
    assert [(r["code"], r["value"]) for r in straight] == [("384", "80")]
    assert [{k: v for k, v in r.items() if k != "source"} for r in shuffled] == \
           [{k: v for k, v in r.items() if k != "source"} for r in straight]


@pytest.mark.parametrize("content,message", [
    (b"", "file is empty"),
    (b"a,b,c\n1,2,3\n", "missing columns 'time_period', 'time_identifier', 'geographic_level'"),
    (b"PK\x03\x04junk", "zip archive"),
    (b"\x00\x01\x02binary", "binary data"),
])
def test_unreadable_files_get_a_clear_message(tmp_path, content, message):
    path = tmp_path / "requests.csv"
    path.write_bytes(content)
    with pytest.raises(ReferenceDataError, match=r"^requests\.csv:1:1: error: ") as exc:
        import_ees([path], tmp_path / "out.csv")
    assert message in str(exc.value)
    assert not (tmp_path / "out.csv").exists()


def test_cli_import_updates_the_workspace_copy(tmp_path, capsys):
    from sefkit.cli import main

    rows = [["2025", "Calendar year", "National", "E92000001", "", "", "", "", "", "All EHC plans issued", "All",
             "1000", "500", "50"]]
    f = write_ees(tmp_path / "timeliness_2025.csv", HEADER, rows)
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n")
    assert main(["benchmarks", "import", str(bad), "--workspace", str(tmp_path)]) == 1
    assert "bad.csv:1:1: error: missing columns" in capsys.readouterr().out
    assert not (tmp_path / "sef").exists()              # a failed first import leaves no table behind
    (tmp_path / "sef" / "reference").mkdir(parents=True)
    own = tmp_path / "sef" / "reference" / "councils.csv"
    own.write_bytes((ROOT / "sef" / "reference" / "councils.csv").read_bytes() + b"\n")   # the council's own copy
    kpi_map = tmp_path / "map.txt"                       # any suffix: the map is read as YAML
    kpi_map.write_text("ehcp_20wk:\n  measure: PC_plans_issued_20_weeks_ex\n  unit: pct\n")
    assert main(["benchmarks", "import", str(f), "--kpi-map", str(kpi_map), "--workspace", str(tmp_path)]) == 0
    assert "1 rows added, 0 updated, 0 withdrawn" in capsys.readouterr().out
    assert ref.series("ehcp_20wk", "england", "E92000001", tmp_path / "sef" / "reference")["2025-12-31"] == 50.0
    # started from the built-in table; the council's own councils.csv is untouched, inspections not copied
    assert ref.series("ehcp_20wk", "england", "E92000001", tmp_path)["2024-12-31"] == 46.4
    assert own.read_bytes().endswith(b"\n\n")
    # (and the store's lock file beside the table, which stays in place)
    assert sorted(p.name for p in own.parent.iterdir()) == [".benchmarks.csv.lock", "benchmarks.csv", "councils.csv"]


def test_init_la_creates_a_workspace_that_validates_and_scores(tmp_path, capsys):
    from sefkit.cli import main

    assert main(["init", str(tmp_path / "ws"), "--la", "Wakefield", "--as-of", "2025-10-31"]) == 0
    assert main(["validate", "--workspace", str(tmp_path / "ws"), "--all"]) == 0
    capsys.readouterr()
    assert main(["score", "--workspace", str(tmp_path / "ws"), "--all", "--json"]) == 0
    import json

    card = json.loads(capsys.readouterr().out)[0]
    assert card["council"] == "wakefield" and card["annex_a"]["counts"]["missing"] == 27
    kpi = next(k for k in card["kpis"] if k["indicator"] == "ehcp_20wk")
    assert kpi["latest"] == ref.series("ehcp_20wk", "la", "384")["2024-12-31"]
    assert kpi["comparator"] == "statistical_neighbours"
    kpis = (tmp_path / "ws/evidence/wakefield/kpis.csv").read_text()
    assert "ehcp_20wk,2019-12-31,86.1,,60.4," in kpis


def test_real_council_report_shows_comparators_and_inspection_context(tmp_path):
    from sefkit.cli import main
    from sefkit.present import report, tables

    main(["init", str(tmp_path / "ws"), "--la", "384", "--as-of", "2025-10-31"])
    ctx = report.load_context("wakefield", tmp_path / "ws", today=dt.date(2026, 1, 1))
    html = report.to_html(report.context(ctx))
    assert "Last area SEND inspection (18 to 22 March 2024): outcome 1, \u201cTypically positive\u201d." in html
    assert "Next inspection expected by March 2029 (in 41 months)." in html
    assert "Nationally, 71 graded inspections: 15 typically positive, 36 inconsistent, 20 widespread" in html
    summary = tables.kpi_summary(ctx.card)
    row = summary[summary["KPI"].str.startswith("New EHC plans issued within 20 weeks (excluding")].iloc[0]
    assert row["England"] == "46.4%" and row["Neighbours (mean)"] and row["Rank (quartile)"].endswith(")")


@pytest.mark.slow
def test_every_english_authority_gets_a_report(tmp_path, capsys):
    """`sef init --all-england` then `sef report --all` renders all 153 authorities (HTML)."""
    from sefkit.cli import main

    assert main(["init", str(tmp_path / "eng"), "--all-england", "--as-of", "2025-10-31"]) == 0
    assert main(["report", "--workspace", str(tmp_path / "eng"), "--all", "--format", "html", "--no-progress"]) == 0
    reports = list((tmp_path / "eng" / "reports").glob("*/2025-10-31/sef-report.html"))
    assert len(reports) == len(ref.load_councils()) == 153
    assert "Reports: 153 done, 0 failed" in capsys.readouterr().err


@needs_shared
def test_committed_tables_are_exactly_what_the_script_derives(tmp_path):
    import filecmp
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "tools" / "derive_reference.py"), "--data", str(SHARED),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    for name in ("councils.csv", "benchmarks.csv", "inspections.csv", "README.md"):
        assert filecmp.cmp(tmp_path / name, ROOT / "sef" / "reference" / name, shallow=False), name
