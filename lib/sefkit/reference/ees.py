"""Import DfE Explore Education Statistics (EES) open-data CSVs into the benchmark table.

EES files share one layout: `time_period, time_identifier, geographic_level,
new_la_code, old_la_code, la_name, region_code, region_name, breakdown_topic,
breakdown`, then measure columns, in any order. Suppression and not-applicable
codes (`x`, `c`, `z`, `low`, `u`, blanks) are missing values, never zero.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import Problems
from ..store import atomic_write
from ..textfile import read_text

REQUIRED = ("time_period", "time_identifier", "geographic_level", "breakdown_topic")
MISSING = {"", "x", "c", "z", "low", "u", ":", ".", "..", "n/a", "na"}
BENCHMARK_COLUMNS = ["kpi", "geography", "code", "name", "period_end", "period_label", "value", "numerator",
                     "denominator", "source"]

# kpi id -> the EES measure that gives it. The first matching mapping for a file's columns is used.
DEFAULT_MAP: dict[str, dict] = {
    "ehcp_20wk": {"measure": "PC_plans_issued_20_weeks_ex", "numerator": "plans_issued_20_weeks_ex",
                  "denominator": "plans_issued_den_ex"},
    "ehcp_20wk_incl_exceptions": {"measure": "pc_plans_issued_within_20_weeks",
                                  "numerator": "plans_issued_within_20_weeks", "denominator": "plans_issued_den"},
    "ehcna_requests": {"measure": "requests_received_in_year"},
    "ehcna_requests_decided_6wk": {"measure": "request_outcome_six_weeks_pc",
                                   "numerator": "request_outcome_six_weeks"},
    "ehcna_assessments": {"measure": "assess_in_year"},
    "annual_review_decision_4wk": {"measure": "pc_decsion_4weeks", "numerator": "number_decsion_4weeks"},
    "personal_budgets": {"measure": "personal_budget"},
}


class ReferenceDataError(Exception):
    """A reference or benchmark file that cannot be used; the message says why."""


@dataclass
class ImportResult:
    rows_added: int
    rows_updated: int
    kpis: list[str]
    files: list[str]


def period_end(time_period: str, time_identifier: str) -> tuple[dt.date, str] | None:
    """'2019' calendar year -> 2019-12-31; '201920' academic/financial year -> 2020-08-31 / 2020-03-31."""
    tp, ti = time_period.strip(), time_identifier.strip().lower()
    if len(tp) == 4 and tp.isdigit():
        return dt.date(int(tp), 12, 31), tp
    if len(tp) == 6 and tp.isdigit():
        end_year = int(tp[:4]) + 1
        label = f"{tp[:4]}/{tp[4:]}"
        if "financial" in ti:
            return dt.date(end_year, 3, 31), label
        return dt.date(end_year, 8, 31), label
    return None


def number(text: str) -> float | None:
    text = (text or "").strip()
    if text.lower() in MISSING:
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def read_ees(path: Path, mapping: dict[str, dict]) -> list[dict]:
    """Rows for the benchmark table from one EES file (headline breakdown only)."""
    problems = Problems()
    text = read_text(path, str(path), problems)
    if text is None:
        raise ReferenceDataError(f"{path.name}: {problems.items[0].message}")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ReferenceDataError(f"{path.name}: missing column{'s' if len(missing) > 1 else ''} "
                                 f"{', '.join(repr(m) for m in missing)}; is this a DfE Explore Education "
                                 "Statistics open-data CSV?")
    kpis = {k: m for k, m in mapping.items() if m["measure"] in header}
    if not kpis:
        raise ReferenceDataError(f"{path.name}: none of the known measures is in this file "
                                 f"({', '.join(sorted(m['measure'] for m in mapping.values()))}); "
                                 "give a --kpi-map for it")
    rows = []
    source = f"DfE Explore Education Statistics, {path.name}"
    for line, record in enumerate(reader, start=2):
        record = {k.strip(): (v or "") for k, v in record.items() if k}
        if not record.get("breakdown_topic", "").lower().startswith("all"):
            continue  # headline rows only; breakdowns by age, sex or ethnicity are not benchmarks
        when = period_end(record["time_period"], record["time_identifier"])
        if when is None:
            raise ReferenceDataError(f"{path.name}: line {line}: time_period {record['time_period']!r} "
                                     "is not a year (2019) or a two-year period (201920)")
        level = record["geographic_level"].strip().lower()
        if level == "national":
            geography, code, name = "england", record.get("country_code") or "E92000001", "England"
        elif level == "regional":
            geography, code, name = "region", record.get("region_code", ""), record.get("region_name", "")
        elif level == "local authority":
            geography, code, name = "la", record.get("old_la_code", ""), record.get("la_name", "")
        else:
            continue
        for kpi, m in kpis.items():
            value = number(record.get(m["measure"], ""))
            if value is None:
                continue
            rows.append({"kpi": kpi, "geography": geography, "code": code.strip(), "name": name.strip(),
                         "period_end": when[0].isoformat(), "period_label": when[1], "value": f"{value:g}",
                         "numerator": _fmt(number(record.get(m.get("numerator", ""), ""))),
                         "denominator": _fmt(number(record.get(m.get("denominator", ""), ""))),
                         "source": source})
    return rows


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def load_kpi_map(path: Path | None) -> dict[str, dict]:
    if path is None:
        return DEFAULT_MAP
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{Path(path).name}: cannot read the KPI map: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) and "measure" in v for v in data.values()):
        raise ReferenceDataError(f"{Path(path).name}: a KPI map is a mapping of kpi id to "
                                 "{measure: COLUMN, numerator: COLUMN, denominator: COLUMN}")
    return data


def import_ees(files: list[Path], benchmarks_csv: Path, kpi_map: Path | None = None) -> ImportResult:
    """Read every file first (all or nothing), then upsert their rows into the benchmark table."""
    mapping = load_kpi_map(kpi_map)
    new_rows: list[dict] = []
    for path in files:
        new_rows += read_ees(Path(path), mapping)
    existing: dict[tuple, dict] = {}
    if Path(benchmarks_csv).is_file():
        with open(benchmarks_csv, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                existing[(row["kpi"], row["geography"], row["code"], row["period_end"])] = row
    added = updated = 0
    for row in new_rows:
        key = (row["kpi"], row["geography"], row["code"], row["period_end"])
        if key in existing:
            updated += existing[key] != row
        else:
            added += 1
        existing[key] = row
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=BENCHMARK_COLUMNS, lineterminator="\n")
    writer.writeheader()
    order = {"england": 0, "region": 1, "la": 2}
    for key in sorted(existing, key=lambda k: (k[0], order.get(k[1], 3), k[2], k[3])):
        writer.writerow(existing[key])
    atomic_write(Path(benchmarks_csv), out.getvalue())
    return ImportResult(added, updated, sorted({r["kpi"] for r in new_rows}), [Path(f).name for f in files])
