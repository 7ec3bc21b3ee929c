"""Derive sefkit's compact reference tables from the public source files.

    python tools/derive_reference.py [--data ../shared/data] [--out sef/reference]

Reads la-lookup.csv (Data to Insight), dfe-sen2/*.csv (DfE SEN2 open data) and
ofsted-area-send-outcomes.xlsx (Data to Insight, from Ofsted's reports; where it
has no inspection dates, the first page of the report in ofsted-area-send-reports/
is read with pdftotext) and
writes councils.csv, benchmarks.csv, inspections.csv and README.md. The raw
files are never copied: only these tables, in our own layout, with their
sources named. Same inputs, same bytes (sorted rows, fixed number formatting,
no timestamps); every file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from sefkit.problems import Code  # noqa: E402 (after the sys.path line: the tool runs from a checkout)
from sefkit.reference.councils import FORMER  # noqa: E402
from sefkit.reference.ees import DEFAULT_MAP, benchmarks_text, format_number, read_ees_file  # noqa: E402
from sefkit.reference.errors import ReferenceDataError  # noqa: E402
from sefkit.reference.tables import Table, cell_error, read_table  # noqa: E402
from sefkit.sheets import safe_cell  # noqa: E402
from sefkit.store import atomic_write  # noqa: E402

SEN2_FILES = {   # file -> the KPIs it gives
    "timeliness_20_week.csv": ("ehcp_20wk", "ehcp_20wk_incl_exceptions"),
    "requests.csv": ("ehcna_requests", "ehcna_requests_decided_6wk"),
    "assessments.csv": ("ehcna_assessments",),
    "annual_reviews.csv": ("annual_review_decision_4wk",),
    "personal_budgets.csv": ("personal_budgets",),
}
LA_TYPES = {"E06": "Unitary Authority", "E08": "Metropolitan District", "E09": "London Borough",
            "E10": "County"}
COUNCIL_COLUMNS = ["la_code", "la_code_new", "name", "other_names", "region", "la_type", "population_0_25",
                   "statistical_neighbours"]
INSPECTION_COLUMNS = ["la_code", "la_code_new", "name", "inspection_start", "inspection_end",
                      "publication_date", "outcome", "next_inspection_due", "next_inspection_interval",
                      "report_url"]
LOOKUP_NEEDS = ("la_code", "la_code_new", "stat_neighbours", "local_authority_ons_name", "also_known_as",
                "region_name", "ons_population_0-25", "ltla23nm", "utla23nm")
OFSTED_NEEDS = ("la_code", "outcome_grade", "inspection_start_date", "inspection_end_date",
                "publication_date", "next_inspection", "next_inspection_by_date", "inspection_link")


def table_text(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows)
    return out.getvalue()


def fail(message: str, shown: str, code: Code = "reference-data") -> ReferenceDataError:
    """A problem with a source file as a whole (`shown`: its name, or the folder given with --data)."""
    return ReferenceDataError(message, path=shown, code=code)


# --- councils ---------------------------------------------------------------------------------------

def read_lookup(path: Path) -> Table:
    """la-lookup.csv, read by sefkit's one CSV reader (each row with its line)."""
    return read_table(path, LOOKUP_NEEDS)


def name_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split())


def aliases(row: dict[str, str], name: str, taken: set[str]) -> list[str]:
    """Other names from also_known_as ('[BCP, Bournemouth, Christchurch & Poole]') and the ONS names.

    also_known_as is a comma list whose items may themselves hold commas; pieces
    that only make sense joined to their neighbour (they rebuild the official
    name) are fragments and dropped. Names of other authorities (current or
    former: Cumberland's ONS upper-tier name is still 'Cumbria') are left out.
    """
    key = name_key
    pieces = [p.strip() for p in row["also_known_as"].strip().strip("[]").split(",") if p.strip()]
    fragments = {i for i in range(len(pieces) - 1)
                 if key(f"{pieces[i]}, {pieces[i + 1]}") in {key(name), *(key(p) for p in pieces)}}
    fragments |= {i + 1 for i in fragments}
    names = [p for i, p in enumerate(pieces) if i not in fragments]
    names += [row["ltla23nm"], row["utla23nm"]]
    out: dict[str, str] = {}
    for n in names:
        if n and key(n) != key(name) and key(n) not in taken:
            out.setdefault(key(n), n)
    return sorted(out.values(), key=str.lower)


def derive_councils(path: Path, dfe_names: dict[str, set[str]]) -> tuple[list[dict], list[str]]:
    table = read_lookup(path)
    rows = table.rows
    notes: list[str] = []
    current = [r for r in rows if r["la_code_new"]]
    codes = {r["la_code"] for r in current}
    names_of_others = {r["la_code"]: r["local_authority_ons_name"] for r in rows}
    populations = Counter(r["ons_population_0-25"] for r in current if r["ons_population_0-25"])
    out = []
    for line, r in sorted(((n, r) for n, r in zip(table.lines, rows) if r["la_code_new"]),
                          key=lambda x: x[1]["la_code"]):
        if not re.fullmatch(r"\d{3}", r["la_code"]):
            raise table.error(line, "la_code", f"{r['la_code']!r} is not a 3-digit DfE code", "id-invalid")
        prefix = r["la_code_new"][:3]
        if prefix not in LA_TYPES:
            raise table.error(line, "la_code_new",
                              f"{r['la_code_new']!r} is not an English LA code (E06-E10)", "id-invalid")
        neighbours = [c.strip() for c in r["stat_neighbours"].split(",") if c.strip()]
        bad = [c for c in neighbours if c not in codes or c == r["la_code"]]
        if len(neighbours) != 10 or bad:
            raise table.error(line, "stat_neighbours", "expected 10 current authorities other than itself, "
                              f"got {len(neighbours)}" + (f" (not valid: {', '.join(bad)})" if bad else ""),
                              "unknown-id" if bad else "reference-data")
        if LA_TYPES[prefix] != r.get("ons_la_type", LA_TYPES[prefix]):
            notes.append(f"{r['local_authority_ons_name']}: type from its ONS code ({LA_TYPES[prefix]}), "
                         f"not the lookup's '{r.get('ons_la_type')}'")
        pop = r["ons_population_0-25"]
        if pop and populations[pop] > 1:
            notes.append(f"{r['local_authority_ons_name']}: population_0_25 left empty (the lookup gives "
                         f"{pop}, the same figure as another authority: a pre-reorganisation total)")
            pop = ""
        elif pop:
            try:
                pop = format_number(float(pop))
            except ValueError:
                raise table.error(line, "ons_population_0-25", f"{pop!r} is not a number",
                                  "not-a-number") from None
        name = r["local_authority_ons_name"]
        taken = {name_key(n) for code, n in names_of_others.items() if code != r["la_code"]}
        taken |= {name_key(n) for n, _, _ in FORMER.values()}
        other = aliases(r, name, taken)
        for dfe in sorted(dfe_names.get(r["la_code"], ())):
            if dfe.lower() != name.lower() and dfe.lower() not in {o.lower() for o in other}:
                other.append(dfe)
        out.append({"la_code": r["la_code"], "la_code_new": r["la_code_new"], "name": name,
                    "other_names": ";".join(sorted(other, key=str.lower)), "region": r["region_name"],
                    "la_type": LA_TYPES[prefix], "population_0_25": pop,
                    "statistical_neighbours": ";".join(neighbours)})
    return out, notes


# --- inspections ------------------------------------------------------------------------------------

def parse_date(value, where: str, notes: list[str]) -> str:
    """'18/11/24' or '18/11/2024' (or a real date cell) -> ISO; placeholders -> '' with a note."""
    if value is None or str(value).strip() in ("", "None", "nan"):
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    text = str(value).strip()
    for fmt in ("%d/%m/%y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    notes.append(f"{where}: {text!r} is not a date; left empty")
    return ""


MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november", "december"), start=1)}
REPORT_DATES = re.compile(r"Inspection dates?:\s*(\d{1,2})\s+([A-Za-z]+)(?:\s+(\d{4}))?\s+(?:to|-|–)\s+"
                          r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")


def report_dates(reports: Path | None, name: str, published: str) -> tuple[str, str] | None:
    """(start, end) of an inspection, read from the first page of its published report (the PDFs are
    named <authority>_<publication date>.pdf); None where there is no such report or no dates in it."""
    if reports is None or not published:
        return None
    day = dt.date.fromisoformat(published)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    pdf = reports / f"{slug}_{day.day}-{day.strftime('%B').lower()}-{day.year}.pdf"
    if not pdf.is_file():
        return None
    if not shutil.which("pdftotext"):   # the tables must not depend on what happens to be installed
        raise fail("pdftotext is needed to read the inspection dates from this report "
                   "(apt-get install poppler-utils)", pdf.name)
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=False).stdout
    found = REPORT_DATES.search(text)
    if not found or found[2].lower() not in MONTHS or found[5].lower() not in MONTHS:
        return None
    d1, m1, y1, d2, m2, y2 = found.groups()
    end = dt.date(int(y2), MONTHS[m2.lower()], int(d2))
    start = dt.date(int(y1 or y2), MONTHS[m1.lower()], int(d1))
    return start.isoformat(), end.isoformat()


def derive_inspections(path: Path, councils: dict[str, dict], reports: Path | None = None
                       ) -> tuple[list[dict], list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise fail(f"cannot open as an Excel workbook: {exc}", path.name, "file-unreadable") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)   # gaps come as empty rows: the n-th row is sheet row n
    header = [str(h or "").strip() for h in next(rows, ())]
    missing = [c for c in OFSTED_NEEDS if c not in header]
    if missing:
        raise fail(f"missing column{'s' if len(missing) > 1 else ''} " + ", ".join(map(repr, missing)),
                   path.name, "column-missing")
    col = {name: header.index(name) for name in OFSTED_NEEDS}
    notes: list[str] = []
    out = []
    for row_no, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        where = f"{path.name}: row {row_no}"   # for the notes in README.md

        def get(name: str, values: tuple[Any, ...] = values) -> Any:
            return values[col[name]] if col[name] < len(values) else None

        def date(name: str, where: str = where, get: Callable[[str], Any] = get) -> str:
            return parse_date(get(name), f"{where}, column '{name}'", notes)

        def cell(name: str, message: str, code: Code, row_no: int = row_no) -> ReferenceDataError:
            return cell_error(path.name, row_no, col[name] + 1, name, message, code)

        code = str(get("la_code") or "").strip()
        if code not in councils:
            raise cell("la_code", f"{code!r} is not a current English authority", "unknown-id")
        grade = str(get("outcome_grade") or "").strip()
        if grade in ("1", "1.0", "2", "2.0", "3", "3.0"):
            grade = grade[0]
        elif grade.lower() in ("", "nan", "none"):
            notes.append(f"{where} ({councils[code]['name']}): no outcome grade in the source; "
                         "outcome left empty")
            grade = ""
        else:
            raise cell("outcome_grade", f"{grade!r} is not 1, 2 or 3", "out-of-range")
        interval = str(get("next_inspection") or "").strip()
        start, end = date("inspection_start_date"), date("inspection_end_date")
        published = date("publication_date")
        if not start:
            name = councils[code]["name"]
            from_report = report_dates(reports, name, published)
            if from_report:
                start, end = from_report
                notes.append(f"{where} ({name}): no inspection dates in the source; {start} to {end} "
                             "from the first page of the published report")
            else:
                notes.append(f"{where} ({name}): no inspection dates in the source; "
                             "the publication date stands in for the outcome rule")
        out.append({
            "la_code": code, "la_code_new": councils[code]["la_code_new"], "name": councils[code]["name"],
            "inspection_start": start,
            "inspection_end": end,
            "publication_date": published,
            "outcome": grade,
            "next_inspection_due": date("next_inspection_by_date"),
            "next_inspection_interval": interval if re.fullmatch(r"\d+ (years?|months?)", interval) else "",
            "report_url": str(get("inspection_link") or "").strip()
            if str(get("inspection_link") or "").startswith("https://") else "",
        })
    book.close()
    if not out:
        raise fail("no inspections found", path.name)
    out.sort(key=lambda r: (r["la_code"], r["publication_date"]))
    return out, notes


# --- benchmarks -------------------------------------------------------------------------------------

def derive_benchmarks(folder: Path) -> tuple[list[dict], int]:
    """Rows from the SEN2 files; also the reporting year of the release (latest calendar year + 1)."""
    missing = [f for f in SEN2_FILES if not (folder / f).is_file()]
    if missing:
        raise fail(f"missing {', '.join(missing)}", str(folder), "file-missing")
    rows: list[dict] = []
    for name, kpis in SEN2_FILES.items():
        mapping = {k: DEFAULT_MAP[k] for k in kpis}
        rows += read_ees_file(folder / name, mapping, source=name)[0]
    release = 1 + max(int(r["period_label"]) for r in rows if r["period_label"].isdigit())
    for r in rows:
        r["source"] = f"DfE EHC plans {release}, {r['source']}"
    return rows, release


def dfe_la_names(folder: Path) -> dict[str, set[str]]:
    """Names the DfE uses for each authority ('County Durham', 'Herefordshire, County of')."""
    names: dict[str, set[str]] = {}
    for r in read_table(folder / "timeliness_20_week.csv", ()).rows:
        if r.get("geographic_level") == "Local authority" and r.get("old_la_code") and r.get("la_name"):
            names.setdefault(r["old_la_code"], set()).add(r["la_name"])
    return names


# --- README -----------------------------------------------------------------------------------------

def readme(councils: list[dict], bench: list[dict], inspections: list[dict], release: int,
           notes: list[str]) -> str:
    graded = Counter(r["outcome"] for r in inspections if r["outcome"])
    latest_pub = max(r["publication_date"] for r in inspections if r["publication_date"])
    coverage: dict[str, set[str]] = {}
    for r in bench:
        coverage.setdefault(r["kpi"], set()).add(r["period_label"])
    kpi_lines = "\n".join(f"| `{k}` | {DESCRIBE[k]} | {', '.join(sorted(v))} |"
                          for k, v in sorted(coverage.items()))
    note_lines = "\n".join(f"- {n}" for n in notes) or "- none"
    return f"""# Reference tables (derived; do not edit by hand)

Regenerate from the repository root with

    python tools/derive_reference.py --data ../shared/data --out sef/reference

(`--data` is a folder holding `la-lookup.csv`, `ofsted-area-send-outcomes.xlsx` and `dfe-sen2/*.csv`).
The raw downloads are not part of sefkit; only these tables, in our own layout, are. Same inputs give
the same bytes: rows are sorted, numbers formatted one way, and nothing records the time of the run.

## Sources and licences

| table | derived from | publisher and licence |
|---|---|---|
| `councils.csv` | `la-lookup.csv` from Data to Insight's `ofsted-send-scrape-tool`; DfE names from the SEN2 files | Data to Insight (MIT licence); statistical neighbours as published by the DfE (Open Government Licence v3.0) |
| `benchmarks.csv` | DfE *Education, health and care plans*, reporting year {release} release (published June {release}; latest calendar year {release - 1}), Explore Education Statistics open-data CSVs (copies from Data to Insight's `send-benchmarking`): {", ".join(f"`{f}`" for f in SEN2_FILES)} | Department for Education, Open Government Licence v3.0 |
| `inspections.csv` | `ofsted-area-send-outcomes.xlsx` from Data to Insight's `ofsted-send-scrape-tool` (scraped from Ofsted's published reports; latest publication {latest_pub}) | Data to Insight (MIT licence); the reports are Ofsted/CQC, Crown copyright, Open Government Licence v3.0 |

## councils.csv ({len(councils)} current English authorities)

| column | meaning |
|---|---|
| `la_code` | DfE old 3-digit LA code (`384`) |
| `la_code_new` | ONS code (`E08000036`) |
| `name` | ONS name (`Kingston Upon Hull, City of`) |
| `other_names` | `;`-separated: the lookup's `also_known_as`, ONS lower/upper-tier names and the DfE's names where they differ (`County Durham`, `Hull`) |
| `region` | region name |
| `la_type` | from the ONS code: E06 Unitary Authority, E08 Metropolitan District, E09 London Borough, E10 County |
| `population_0_25` | ONS population aged 0-25, as in the lookup (empty where the lookup repeats a pre-reorganisation total) |
| `statistical_neighbours` | the 10 statistical neighbours' old codes, `;`-separated, in DfE order (closest first) |

Authorities abolished since 2019 (Bournemouth, Poole, Northamptonshire, Cumbria) are not rows; their old
codes still appear in `benchmarks.csv` for the years they reported.

## benchmarks.csv ({len(bench)} rows)

Long format, one row per KPI, place and period:

| column | meaning |
|---|---|
| `kpi` | our KPI id (as in `sef/frameworks/area-send-2025.yaml`) |
| `geography` | `england`, `region` or `la` |
| `code` | `E92000001`, a region's E12 code, or the authority's old 3-digit code |
| `name` | the DfE's name for the place |
| `period_end` | ISO date the period ends |
| `period_label` | `2024` (calendar year) or `2024/25` (academic year) |
| `value` | the published figure (percentages as published, to 1 decimal) |
| `numerator`, `denominator` | the published counts behind a percentage, where the file gives them |
| `source` | the release and file |

| KPI | measure (DfE column) | periods |
|---|---|---|
{kpi_lines}

Only headline rows are used (`breakdown_topic` "All ..."). Suppressed or not-applicable values (`x`, `c`,
`z`, `low`, `u`) are left out, never written as zero.

**Periods.** Calendar years end on 31 December (`2019` -> 2019-12-31). Academic years end on 31 August
(`201920` -> 2020-08-31, label `2019/20`); SEN2 codes personal budgets (plans with a personal budget in
place) this way, and we date them to the end of the academic year by the project's convention.
Some SEN2 files code the reporting year with "Calendar year" (`202425`, e.g. new plans by need): the
reporting year 2024/25 (January 2025 collection, June 2025 release) reports activity in calendar year 2024,
so these map to 2024-12-31, label `2024` (a 2025 calendar-year figure could not be in a June 2025 release).

**Assessments.** `ehcna_assessments` is `assess_in_year`: EHC needs assessments completed in the year
(plan issued + not issued + not made + withdrawn). SEN2 publishes it from 2022; for 2019-2021 it is `x`,
so those years are missing. `assess_issued` (assessments that led to a plan) goes back to 2019 but is a
different measure and is not used.

**Denominators.** `ehcna_requests_decided_6wk` has no denominator: the published percentage is not
within / (within + over 6 weeks), so we do not invent one. `annual_review_decision_4wk`'s denominator is
decisions within 4 weeks + decisions over 4 weeks, which reproduces every published percentage.

## inspections.csv ({len(inspections)} published inspections, {sum(graded.values())} graded: {graded.get('1', 0)} outcome 1, {graded.get('2', 0)} outcome 2, {graded.get('3', 0)} outcome 3)

One row per area SEND inspection published under the 2023 framework.

| column | meaning |
|---|---|
| `la_code`, `la_code_new`, `name` | the authority (names from `councils.csv`) |
| `inspection_start`, `inspection_end` | the inspection week (empty where the source has none) |
| `publication_date` | when the report was published |
| `outcome` | 1 typically positive; 2 inconsistent; 3 widespread and/or systemic failings (empty: not found in the report) |
| `next_inspection_due` | the date the source gives (inspection start + the interval in the report); empty where it gives none |
| `next_inspection_interval` | the interval as the report words it (`5 years`, `3 years`, `18 months`: for outcome 3 the monitoring inspection) |
| `report_url` | the published report |

Where `next_inspection_due` is empty, sefkit applies the framework's rule to the inspection start (or the
publication date): outcome 1 within about 5 years; 2 within about 3 years; 3 a monitoring inspection within
about 18 months and a full reinspection within about 3 years.

## Notes from the last derivation

{note_lines}
"""  # noqa: E501 (markdown table rows are one line each)


DESCRIBE = {
    "ehcp_20wk": "`PC_plans_issued_20_weeks_ex` (of `plans_issued_den_ex`)",
    "ehcp_20wk_incl_exceptions": "`pc_plans_issued_within_20_weeks` (of `plans_issued_den`)",
    "ehcna_requests": "`requests_received_in_year` (count)",
    "ehcna_requests_decided_6wk": "`request_outcome_six_weeks_pc`",
    "ehcna_assessments": "`assess_in_year` (count)",
    "annual_review_decision_4wk": "`pc_decsion_4weeks`",
    "personal_budgets": "`personal_budget` (count of plans with a personal budget)",
}


def derive(data: Path) -> dict[str, str]:
    """{file name: text} for the four outputs, or ReferenceDataError naming the input at fault."""
    for needed in ("la-lookup.csv", "ofsted-area-send-outcomes.xlsx", "dfe-sen2"):
        if not (data / needed).exists():
            raise fail(f"{needed} not found (need la-lookup.csv, ofsted-area-send-outcomes.xlsx, "
                       "dfe-sen2/*.csv)", str(data), "file-missing")
    sen2 = data / "dfe-sen2"
    bench, release = derive_benchmarks(sen2)
    councils, notes = derive_councils(data / "la-lookup.csv", dfe_la_names(sen2))
    inspections, more = derive_inspections(data / "ofsted-area-send-outcomes.xlsx",
                                           {c["la_code"]: c for c in councils},
                                           data / "ofsted-area-send-reports")
    notes += more
    return {
        "councils.csv": table_text(COUNCIL_COLUMNS, councils),
        "benchmarks.csv": benchmarks_text(bench),
        "inspections.csv": table_text(INSPECTION_COLUMNS, inspections),
        "README.md": readme(councils, bench, inspections, release, notes),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="folder with the source files (default: ../shared/data beside the repository)")
    parser.add_argument("--out", type=Path, default=ROOT / "sef" / "reference",
                        help="where to write the tables (default: sef/reference in the repository)")
    args = parser.parse_args(argv)
    try:
        outputs = derive(args.data)
    except ReferenceDataError as exc:
        print(exc, file=sys.stderr)   # file:line:column: error: message [code]
        return 2
    for name, text in outputs.items():   # all derived before any is written
        atomic_write(args.out / name, text)
    sizes = ", ".join(f"{name} {len(text.encode()) / 1024:.0f} KB" for name, text in outputs.items())
    print(f"wrote {args.out}: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
