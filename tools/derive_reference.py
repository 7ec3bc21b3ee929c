"""Derive sefkit's compact reference tables from the public source files.

    python tools/derive_reference.py [--data ../shared/data] [--out sef/reference]

Writes councils.csv (every English authority, codes, region, type, 0-25
population, 10 statistical neighbours), benchmarks.csv (DfE SEN2 KPIs by
England, region and authority, per year) and inspections.csv (published area
SEND outcomes). Raw downloads are never copied; only these derived tables are
committed, with their sources in README.md. Deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from sefkit.reference.ees import import_ees  # noqa: E402
from sefkit.store import atomic_write  # noqa: E402

SEN2_FILES = ["timeliness_20_week.csv", "requests.csv", "assessments.csv", "annual_reviews.csv",
              "personal_budgets.csv"]


def codes(text: str) -> list[str]:
    return [c.strip() for c in str(text or "").split(",") if c.strip() and c.strip().lower() != "nan"]


def councils(data: Path) -> str:
    import pandas as pd

    la = pd.read_csv(data / "la-lookup.csv", dtype=str).fillna("")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["la_code", "la_code_new", "name", "other_names", "region", "la_type", "population_0_25",
                "statistical_neighbours"])
    for r in la.sort_values("la_code").to_dict("records"):
        if not r["la_code_new"]:
            continue  # authorities that no longer exist (e.g. Poole, merged into BCP in 2019)
        other = [n.strip() for n in r["also_known_as"].strip("[]").split(",") if n.strip()]
        pop = r["ons_population_0-25"]
        pop = str(int(float(pop))) if pop else ""
        w.writerow([r["la_code"], r["la_code_new"], r["local_authority_ons_name"], ";".join(other),
                    r["region_name"], r["ons_la_type"], pop, ";".join(codes(r["stat_neighbours"]))])
    return out.getvalue()


def inspections(data: Path) -> str:
    import pandas as pd

    x = pd.read_excel(data / "ofsted-area-send-outcomes.xlsx", dtype=str).fillna("")

    def iso(text: str) -> str:
        for fmt in ("%d/%m/%y", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
            except ValueError:
                continue
        return ""

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["la_code", "name", "outcome", "inspection_start", "inspection_end", "publication_date",
                "next_inspection_by"])
    for r in x.sort_values(["la_code", "publication_date"]).itertuples(index=False):
        grade = r.outcome_grade.split(".")[0] if r.outcome_grade else ""
        w.writerow([r.la_code, r.local_authority.title(), grade, iso(r.inspection_start_date),
                    iso(r.inspection_end_date), iso(r.publication_date), iso(r.next_inspection_by_date)])
    return out.getvalue()


README = """# Reference tables (derived; do not edit by hand)

Regenerate with `python tools/derive_reference.py --data <folder with the source files>`.
Derived from the releases below; the raw downloads are not part of sefkit.

- DfE *Education, health and care plans*, England, 2025 release (June 2025): calendar years 2019-2024 and
  academic years 2019/20-2024/25, open-data CSVs as copied by Data to Insight's `send-benchmarking`.
- Ofsted area SEND inspection outcomes under the 2023 framework, as scraped by Data to Insight's
  `ofsted-send-scrape-tool` up to November 2025 (72 inspections, 71 graded).
- Data to Insight's local authority lookup (153 current authorities; statistical neighbours as published by
  the DfE).

| file | what | source |
|---|---|---|
| `councils.csv` | every English local authority: old (3-digit) and new (ONS) codes, name, other names, region, type, ONS 0-25 population, its 10 statistical neighbours (old codes, DfE order) | Data to Insight `ofsted-send-scrape-tool` LA lookup (MIT); statistical neighbours as published by the DfE |
| `benchmarks.csv` | DfE SEN2 KPIs for England, each region and each authority, per year: `kpi, geography (england/region/la), code, name, period_end, period_label, value, numerator, denominator, source` | DfE, *Education, health and care plans* (Explore Education Statistics open data, reporting years 2019-2024 and 2019/20-2024/25), Open Government Licence v3.0 |
| `inspections.csv` | published area SEND inspections under the 2023 framework: outcome 1 (typically positive), 2 (inconsistent), 3 (widespread/systemic failings), dates, next inspection due | Data to Insight `ofsted-send-scrape-tool` (MIT), from Ofsted's published reports (Crown copyright, OGL v3.0) |

KPIs in `benchmarks.csv` (ids as in `sef/frameworks/area-send-2025.yaml`):
`ehcp_20wk` (new plans within 20 weeks excluding exceptions, %), `ehcp_20wk_incl_exceptions`, `ehcna_requests`
(requests received), `ehcna_requests_decided_6wk` (%), `ehcna_assessments` (assessments in year),
`annual_review_decision_4wk` (%), `personal_budgets` (plans with a personal budget).
Suppressed or not-applicable values (`x`, `c`, `z`, `low`) are left out, never written as zero.
Calendar years end on 31 December; academic years (e.g. 2019/20) on 31 August.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "sef" / "reference")
    args = parser.parse_args()
    if not (args.data / "la-lookup.csv").is_file():
        sys.exit(f"source files not found in {args.data} (need la-lookup.csv, ofsted-area-send-outcomes.xlsx, "
                 "dfe-sen2/*.csv)")
    args.out.mkdir(parents=True, exist_ok=True)
    atomic_write(args.out / "councils.csv", councils(args.data))
    atomic_write(args.out / "inspections.csv", inspections(args.data))
    bench = args.out / "benchmarks.csv"
    if bench.exists():
        bench.unlink()  # rebuilt from scratch, so a removed source row does not linger
    result = import_ees([args.data / "dfe-sen2" / f for f in SEN2_FILES], bench)
    atomic_write(args.out / "README.md", README)
    print(f"councils.csv, inspections.csv, benchmarks.csv ({result.rows_added} rows: {', '.join(result.kpis)})")


if __name__ == "__main__":
    main()
