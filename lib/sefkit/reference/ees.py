"""Import DfE Explore Education Statistics (EES) open-data CSVs into the benchmark table.

EES files share one layout, in any column order: `time_period,
time_identifier, geographic_level, [country_code], [region_code, region_name],
[new_la_code, old_la_code, la_name], [breakdown_topic, breakdown]`, then one
column per measure. A KPI map says which measure column gives which of our KPI
ids; the built-in map (`DEFAULT_MAP`) covers the DfE SEN2 "Education, health
and care plans" files, and a YAML `--kpi-map` adds to or overrides it:

    ehcp_20wk:                        # our KPI id
      file_hint: timeliness           # optional: only files whose name contains this
      measure: PC_plans_issued_20_weeks_ex
      numerator: plans_issued_20_weeks_ex        # optional
      denominator: plans_issued_den_ex           # optional; a list of columns is summed
      unit: pct                                  # pct | count | weeks | per_100 | ratio

Only headline rows are read (breakdown_topic and breakdown 'All ...' or
'Total'): a breakdown by age or sex is not a benchmark. Suppression and
not-applicable codes (`x`, `c`, `z`, `low`, `u`, `:`, `~`) are missing: no
row is written, and an older value for the same KPI, place and period is
removed, because the publisher no longer stands by it. A blank cell says
nothing: no row is written and an older value stays. A row with fewer values
than the header has columns is refused (a cut-off file must not look like
suppression). Column names are
matched without regard to case. Rows are numbered as a spreadsheet shows them
(the header is row 1).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..problems import Problems
from ..store import atomic_write
from ..textfile import read_text
from .errors import ReferenceDataError
from .periods import period_end
from .tables import read_table

REQUIRED = ("time_period", "time_identifier", "geographic_level")
MISSING = {"", "x", "c", "z", "low", "u", ":", "~"}
UNITS = {"pct", "count", "weeks", "per_100", "ratio"}
MAP_KEYS = {"file_hint", "measure", "numerator", "denominator", "unit"}
BENCHMARK_COLUMNS = ["kpi", "geography", "code", "name", "period_end", "period_label", "value", "numerator",
                     "denominator", "source"]
GEOGRAPHY_ORDER = {"england": 0, "region": 1, "la": 2}
MAX_BYTES = 500 * 1024 * 1024

# The DfE SEN2 measures behind our KPI ids (2025 release column names).
DEFAULT_MAP: dict[str, dict] = {
    "ehcp_20wk": {"measure": "PC_plans_issued_20_weeks_ex", "numerator": "plans_issued_20_weeks_ex",
                  "denominator": "plans_issued_den_ex", "unit": "pct"},
    "ehcp_20wk_incl_exceptions": {"measure": "pc_plans_issued_within_20_weeks",
                                  "numerator": "plans_issued_within_20_weeks",
                                  "denominator": "plans_issued_den", "unit": "pct"},
    "ehcna_requests": {"measure": "requests_received_in_year", "unit": "count"},
    # The published percentage is not within / (within + over 6 weeks), so no denominator is given.
    "ehcna_requests_decided_6wk": {"measure": "request_outcome_six_weeks_pc",
                                   "numerator": "request_outcome_six_weeks", "unit": "pct"},
    # Assessments completed in the year (plan issued, not issued, not made, withdrawn); SEN2 has it from 2022.
    "ehcna_assessments": {"measure": "assess_in_year", "unit": "count"},
    "annual_review_decision_4wk": {"measure": "pc_decsion_4weeks", "numerator": "number_decsion_4weeks",
                                   "denominator": ["number_decsion_4weeks", "number_decision_gt_4weeks"],
                                   "unit": "pct"},
    "personal_budgets": {"measure": "personal_budget", "unit": "count"},
}


@dataclass
class ImportResult:
    rows_added: int
    rows_updated: int
    kpis: list[str]
    files: list[str]
    rows_removed: int = 0            # values the new files mark as suppressed
    rows_unchanged: int = 0
    periods: list[str] = field(default_factory=list)


def format_number(value: float | None) -> str:
    """Fixed formatting: whole numbers without a decimal point, others with up to 6 decimals."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def number(text: str, where: str = "") -> float | None:
    """A published figure, or None for a suppression code; anything else raises naming `where`."""
    text = (text or "").strip()
    if text.lower() in MISSING:
        return None
    plain = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text) else text
    try:
        value = float(plain)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):  # float() also reads "nan" and "inf"
        raise ReferenceDataError(f"{where}: {text!r} is not a number or a suppression code "
                                 "(x, c, z, low, u)")
    return value


# --- KPI map ---------------------------------------------------------------------------------------

def load_kpi_map(path: Path | None) -> dict[str, dict]:
    """The built-in map, with a YAML map's entries added or overriding."""
    mapping = {k: dict(v) for k, v in DEFAULT_MAP.items()}
    if path is None:
        return mapping
    path = Path(path)
    problems = Problems()
    text = read_text(path, path.name, problems)
    if text is None:
        raise ReferenceDataError(f"{path.name}: {problems.items[0].message}")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ReferenceDataError(f"{path.name}: not valid YAML{where}: "
                                 f"{getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict) or not data:
        raise ReferenceDataError(f"{path.name}: a KPI map is a mapping of KPI id to "
                                 "{measure: COLUMN, numerator: COLUMN, denominator: COLUMN, unit: pct|count}")
    for kpi, entry in data.items():
        where = f"{path.name}: KPI '{kpi}'"
        if not isinstance(kpi, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", kpi):
            raise ReferenceDataError(f"{where}: a KPI id is lower-case letters, digits and '_' (ehcp_20wk)")
        if not isinstance(entry, dict):
            raise ReferenceDataError(f"{where}: give {{measure: COLUMN, ...}}, not {entry!r}")
        unknown = sorted(set(entry) - MAP_KEYS)
        if unknown:
            raise ReferenceDataError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} "
                                     f"{', '.join(unknown)} (allowed: {', '.join(sorted(MAP_KEYS))})")
        for key in ("measure", "numerator", "file_hint"):
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                raise ReferenceDataError(f"{where}: '{key}' must be a column name")
        if "measure" not in entry:
            raise ReferenceDataError(f"{where}: 'measure' (the column holding the value) is required")
        den = entry.get("denominator")
        if den is not None and not (isinstance(den, str) or (isinstance(den, list) and den
                                                                and all(isinstance(c, str) for c in den))):
            raise ReferenceDataError(f"{where}: 'denominator' must be a column name or a list of columns")
        unit = entry.get("unit", "pct")
        if not isinstance(unit, str) or unit not in UNITS:
            raise ReferenceDataError(f"{where}: unit {entry['unit']!r} is not one of "
                                     f"{', '.join(sorted(UNITS))}")
        mapping[kpi] = dict(entry)
    return mapping


# --- reading one file ------------------------------------------------------------------------------

def _headline(record: dict[str, str], header: dict[str, str]) -> bool:
    for column in ("breakdown_topic", "breakdown"):
        if column in header:
            value = (record.get(header[column]) or "").strip().lower()
            if not (value.startswith("all") or value == "total"):
                return False
    return True


def _columns(mapping: dict, header: dict[str, str], path: Path) -> dict[str, dict]:
    """The KPIs this file gives: {kpi: {measure, numerator: [..], denominator: [..], unit}}, with the
    column names as the file spells them."""
    found = {}
    for kpi, m in mapping.items():
        hint = m.get("file_hint")
        if hint and hint.lower() not in path.name.lower():
            continue
        if m["measure"].lower() not in header:
            if hint:
                raise ReferenceDataError(f"{path.name}: missing column '{m['measure']}' (the measure for KPI "
                                         f"'{kpi}', whose file_hint '{hint}' names this file)")
            continue
        den = m.get("denominator") or []
        parts = {"numerator": [m["numerator"]] if m.get("numerator") else [],
                 "denominator": [den] if isinstance(den, str) else list(den)}
        for role, columns in parts.items():
            for column in columns:
                if column.lower() not in header:
                    raise ReferenceDataError(f"{path.name}: missing column '{column}' "
                                             f"(the {role} for KPI '{kpi}')")
        found[kpi] = {"measure": header[m["measure"].lower()], "unit": m.get("unit", "pct"),
                      **{role: [header[c.lower()] for c in cols] for role, cols in parts.items()}}
    return found


def _parse_csv(path: Path) -> tuple[csv.DictReader, dict[str, str]]:
    problems = Problems()
    text = read_text(path, path.name, problems, max_bytes=MAX_BYTES)
    if text is None:
        raise ReferenceDataError(f"{path.name}: {problems.items[0].message}")
    if text.lstrip()[:1] == "<":
        raise ReferenceDataError(f"{path.name}: this is a web page (HTML), not a CSV; "
                                 "download the data file itself")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        raw = reader.fieldnames or []
    except csv.Error as exc:
        raise ReferenceDataError(f"{path.name}: row 1: not a readable CSV header ({exc})") from None
    header: dict[str, str] = {}
    for name in raw:
        key = (name or "").strip().lower()
        if key in header:
            raise ReferenceDataError(f"{path.name}: column '{name.strip()}' appears twice in the header")
        header[key] = name
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        hint = ""
        if len(raw) == 1 and (";" in raw[0] or "\t" in raw[0]):
            hint = " (the columns seem separated by semicolons or tabs; EES files use commas)"
        raise ReferenceDataError(f"{path.name}: missing column{'s' if len(missing) > 1 else ''} "
                                 + ", ".join(repr(c) for c in missing)
                                 + f"{hint}; is this a DfE Explore Education Statistics open-data CSV?")
    return reader, header


def _place(record: dict[str, str], header: dict[str, str], path: Path, row: int, codes_by_new: dict[str, str]
           ) -> tuple[str, str, str] | None:
    """(geography, code, name) of a row, or None for a level we do not keep (e.g. a constituency)."""
    def get(column: str) -> str:
        return (record.get(header[column]) or "").strip() if column in header else ""

    level = re.sub(r"\s+", " ", get("geographic_level").lower())
    if level == "national":
        country = get("country_code")
        if country and country != "E92000001":
            return None   # a UK or other-country row is not England
        return "england", "E92000001", "England"
    if level == "regional":
        code = get("region_code")
        if not code:
            raise ReferenceDataError(f"{path.name}: row {row}, column 'region_code': empty on a regional row")
        return "region", code, get("region_name")
    if level == "local authority":
        code = get("old_la_code") or codes_by_new.get(get("new_la_code").upper(), "")
        if not re.fullmatch(r"\d{3}", code):
            column = "old_la_code" if "old_la_code" in header else "new_la_code"
            raise ReferenceDataError(f"{path.name}: row {row}, column '{column}': no DfE 3-digit LA code "
                                     f"({get('old_la_code') or get('new_la_code') or 'empty'!s})")
        return "la", code, get("la_name")
    return None


def _codes_by_new() -> dict[str, str]:
    from .councils import FORMER_ONS, load_councils

    try:
        return {**FORMER_ONS, **{c.la_code_new.upper(): c.la_code for c in load_councils() if c.la_code_new}}
    except ReferenceDataError:
        return dict(FORMER_ONS)


def read_ees_file(path: Path, mapping: dict[str, dict], source: str | None = None
                  ) -> tuple[list[dict[str, str]], list[tuple[str, str, str, str]]]:
    """(rows with a value, keys whose value is suppressed) from one EES file; raises if unreadable."""
    path = Path(path)
    reader, header = _parse_csv(path)
    kpis = _columns(mapping, header, path)
    if not kpis:
        measures = sorted({m["measure"] for m in mapping.values()})
        raise ReferenceDataError(f"{path.name}: none of the measures sefkit maps is in this file "
                                 f"({', '.join(measures)}); give a --kpi-map naming its measure columns")
    codes_by_new = _codes_by_new()   # for files that give only new (ONS) LA codes
    source = source or f"DfE Explore Education Statistics: {path.name}"
    rows: dict[tuple, tuple[int, dict[str, str]]] = {}
    missing: dict[tuple, int] = {}
    skipped: set[str] = set()
    headline = 0
    try:
        for record in reader:
            row = reader.line_num
            if None in record:
                raise ReferenceDataError(f"{path.name}: row {row}: more values than there are columns")
            if any(v is None for v in record.values()):
                raise ReferenceDataError(f"{path.name}: row {row}: fewer values than there are columns "
                                         f"({sum(v is not None for v in record.values())} of {len(record)})")
            if not _headline(record, header):
                continue
            headline += 1
            place = _place(record, header, path, row, codes_by_new)
            if place is None:
                skipped.add((record.get(header["geographic_level"]) or "").strip())
                continue
            end, label = period_end(record[header["time_period"]] or "",
                                    record[header["time_identifier"]] or "",
                                    f"{path.name}: row {row}, column 'time_period'")
            for kpi, cols in kpis.items():
                def value(column: str) -> float | None:
                    return number(record.get(column) or "", f"{path.name}: row {row}, column '{column}'")

                key = (kpi, place[0], place[1], end.isoformat())
                raw = (record.get(cols["measure"]) or "").strip()
                if not raw:
                    continue  # a blank cell gives no value and withdraws none
                v = value(cols["measure"])
                if v is None:
                    missing[key] = row
                    continue
                if cols["unit"] == "pct" and not 0 <= v <= 100:
                    raise ReferenceDataError(f"{path.name}: row {row}, column '{cols['measure']}': "
                                             f"{v:g} is not a percentage (0 to 100)")
                if cols["unit"] == "count" and v < 0:
                    raise ReferenceDataError(f"{path.name}: row {row}, column '{cols['measure']}': a count "
                                             f"cannot be negative ({v:g})")
                num = [value(c) for c in cols["numerator"]]
                den = [value(c) for c in cols["denominator"]]
                out = {"kpi": kpi, "geography": place[0], "code": place[1], "name": place[2],
                       "period_end": end.isoformat(), "period_label": label, "value": format_number(v),
                       "numerator": format_number(num[0]) if num and num[0] is not None else "",
                       "denominator": format_number(sum(den)) if den and None not in den else "",
                       "source": source}
                if key in rows and rows[key][1] != out:
                    raise ReferenceDataError(
                        f"{path.name}: rows {rows[key][0]} and {row} give different values for {kpi}, "
                        f"{place[2] or place[1]}, {label}; the file has breakdowns sefkit cannot tell apart "
                        "(expected one headline row per place and period)")
                rows[key] = (row, out)
    except csv.Error as exc:
        raise ReferenceDataError(f"{path.name}: row {reader.line_num}: not readable as CSV ({exc})") from None
    if headline == 0:
        raise ReferenceDataError(f"{path.name}: no headline rows (breakdown_topic 'All ...' or 'Total'); "
                                 "the file has no data rows or only breakdowns")
    if not rows and not missing and skipped:
        raise ReferenceDataError(f"{path.name}: no National, Regional or Local authority rows (column "
                                 f"'geographic_level' has {', '.join(repr(s) for s in sorted(skipped))})")
    return [r for _, r in rows.values()], [k for k in missing if k not in rows]


def read_ees(path: Path, mapping: dict[str, dict] | None = None, source: str | None = None
             ) -> list[dict[str, str]]:
    """Benchmark rows (text, in our layout) from one EES file; suppressed values give no row."""
    return read_ees_file(path, mapping or DEFAULT_MAP, source)[0]


# --- the benchmark table ---------------------------------------------------------------------------

def _key(row: dict[str, str]) -> tuple[str, str, str, str]:
    return (row["kpi"], row["geography"], row["code"], row["period_end"])


def _sort_key(key: tuple[str, str, str, str]) -> tuple:
    return (key[0], GEOGRAPHY_ORDER.get(key[1], 9), key[2], key[3])


def benchmarks_text(rows: list[dict[str, str]], extra_columns: list[str] = ()) -> str:
    """The table as CSV text: our columns (then extra ones kept from an edited copy), in a fixed row order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*BENCHMARK_COLUMNS, *extra_columns], lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: _sort_key(_key(r))):
        writer.writerow(row)
    return out.getvalue()


def _read_table(path: Path) -> tuple[dict[tuple, dict[str, str]], list[str]]:
    if not path.exists():
        return {}, []
    rows, header = read_table(path, BENCHMARK_COLUMNS)
    return {_key(row): row for row in rows}, [h for h in header if h not in BENCHMARK_COLUMNS]


def import_ees(files: list[Path], kpi_map: Path | None = None, benchmarks_csv: Path | None = None, *,
               source: str | None = None, start_from: Path | None = None) -> ImportResult:
    """Read every file first (all or nothing), then upsert their rows into `benchmarks_csv` atomically.
    Where `benchmarks_csv` does not exist yet, the rows are added to a copy of `start_from`.

    Later files win where two give the same KPI, place and period. For callers
    of the earlier signature `import_ees(files, benchmarks_csv, kpi_map)` the two
    paths are told apart by their suffix (a KPI map is YAML, the table is CSV).
    """
    if kpi_map is not None and Path(kpi_map).suffix.lower() == ".csv" and (
            benchmarks_csv is None or Path(benchmarks_csv).suffix.lower() in (".yaml", ".yml")):
        kpi_map, benchmarks_csv = benchmarks_csv, kpi_map
    if benchmarks_csv is None:
        raise ReferenceDataError("no benchmark table given to update (benchmarks_csv)")
    if not files:
        raise ReferenceDataError("no files to import: give one or more EES CSV files")
    mapping = load_kpi_map(kpi_map)
    new: dict[tuple, dict[str, str]] = {}
    gone: set[tuple] = set()
    for path in files:
        rows, missing = read_ees_file(Path(path), mapping, source)
        for row in rows:
            new[_key(row)] = row
            gone.discard(_key(row))
        for key in missing:
            new.pop(key, None)
            gone.add(key)
    target = Path(benchmarks_csv)
    existing, extra = _read_table(target if target.exists() or start_from is None else Path(start_from))
    added = updated = unchanged = removed = 0
    for key, row in new.items():
        old = existing.get(key)
        if old is None:
            added += 1
        elif all(old.get(c, "") == row[c] for c in BENCHMARK_COLUMNS):
            unchanged += 1
        else:
            updated += 1
        existing[key] = {**(old or {}), **row}
    for key in gone:
        removed += existing.pop(key, None) is not None
    atomic_write(target, benchmarks_text(list(existing.values()), extra))
    return ImportResult(added, updated, sorted({k[0] for k in new}), [Path(f).name for f in files], removed,
                        unchanged, sorted({row["period_label"] for row in new.values()}))
