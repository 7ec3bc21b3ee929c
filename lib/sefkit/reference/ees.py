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
suppression). Column names are matched without regard to case.

Files are read by `sheets`, the one CSV reader, so every problem names the
file, the line a person sees in an editor (the header is line 1) and the
column; the KPI map is read with positions too. The benchmark table is saved
through `store.update` (under its lock, with an audit entry), never half written.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Code, Problems
from ..sheets import Sheet, parse_csv, safe_cell
from ..store import Change, update
from ..textio import read_doc
from ..yamlfile import load_yaml
from .errors import ReferenceDataError
from .periods import period_end
from .tables import Table, cell_error, first_error, read_table, table_from_bytes

REQUIRED = ("time_period", "time_identifier", "geographic_level")
MISSING = {"", "x", "c", "z", "low", "u", ":", "~"}
UNITS = {"pct", "count", "weeks", "per_100", "ratio"}
MAP_KEYS = {"file_hint", "measure", "numerator", "denominator", "unit"}
BENCHMARK_COLUMNS = ["kpi", "geography", "code", "name", "period_end", "period_label", "value", "numerator",
                     "denominator", "source"]
GEOGRAPHY_ORDER = {"england": 0, "region": 1, "la": 2}
MAX_BYTES = 500 * 1024 * 1024

Key = tuple[str, str, str, str]      # (kpi, geography, code, period_end)

# The DfE SEN2 measures behind our KPI ids (2025 release column names).
DEFAULT_MAP: dict[str, dict[str, Any]] = {
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


def number(text: str, shown: str = "", line: int = 1, column: int = 1, name: str = "") -> float | None:
    """A published figure, or None for a suppression code; anything else raises at `shown:line:column`
    (the cell of column `name`)."""
    text = (text or "").strip()
    if text.lower() in MISSING:
        return None
    plain = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text) else text
    try:
        value = float(plain)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):  # float() also reads "nan" and "inf"
        raise cell_error(shown or name or "value", line, column, name,
                         f"{text!r} is not a number or a suppression code (x, c, z, low, u)", "not-a-number")
    return value


# --- KPI map ---------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """YAML data as plain dicts, lists and scalars (for messages and for the map we keep)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_kpi_map(path: Path | None) -> dict[str, dict[str, Any]]:
    """The built-in map, with a YAML map's entries added or overriding; a problem names its line."""
    mapping = {k: dict(v) for k, v in DEFAULT_MAP.items()}
    if path is None:
        return mapping
    path = Path(path)
    shown = path.name
    problems = Problems()
    doc = load_yaml(path, shown, problems)
    if doc is None or problems.has_errors():
        raise first_error(problems)

    def fail(message: str, code: Code, *keypath: Any, key: bool = False) -> ReferenceDataError:
        line, column = doc.key_pos(*keypath) if key else doc.pos(*keypath)
        return ReferenceDataError(message, path=shown, line=line, column=column, code=code)

    data = doc.data
    if not isinstance(data, dict) or not data:
        raise fail("a KPI map is a mapping of KPI id to "
                   "{measure: COLUMN, numerator: COLUMN, denominator: COLUMN, unit: pct|count}", "yaml-shape")
    for kpi, entry in data.items():
        where = f"KPI '{kpi}'"
        if not isinstance(kpi, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", kpi):
            raise fail(f"{where}: a KPI id is lower-case letters, digits and '_' (ehcp_20wk)", "id-invalid",
                       kpi, key=True)
        if not isinstance(entry, dict):
            raise fail(f"{where}: give {{measure: COLUMN, ...}}, not {_plain(entry)!r}", "yaml-shape", kpi,
                       key=entry is None)
        unknown = [k for k in entry if k not in MAP_KEYS]
        if unknown:
            meant = difflib.get_close_matches(str(unknown[0]), sorted(MAP_KEYS), n=1, cutoff=0.75)
            hint = f"; did you mean '{meant[0]}'?" if meant else ""
            raise fail(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} "
                       f"{', '.join(map(str, unknown))} (allowed: {', '.join(sorted(MAP_KEYS))}){hint}",
                       "name-near-miss" if meant else "yaml-shape", kpi, unknown[0], key=True)
        for key in ("measure", "numerator", "file_hint"):
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                raise fail(f"{where}: '{key}' must be a column name", "not-text-value", kpi, key)
        if "measure" not in entry:
            raise fail(f"{where}: 'measure' (the column holding the value) is required", "key-missing", kpi,
                       key=True)
        den = entry.get("denominator")
        if den is not None and not (isinstance(den, str) or (isinstance(den, list) and den
                                                                and all(isinstance(c, str) for c in den))):
            raise fail(f"{where}: 'denominator' must be a column name or a list of columns", "not-text-value",
                       kpi, "denominator")
        unit = entry.get("unit", "pct")
        if not isinstance(unit, str) or unit not in UNITS:
            raise fail(f"{where}: unit {_plain(unit)!r} is not one of {', '.join(sorted(UNITS))}",
                       "unknown-word", kpi, "unit")
        mapping[kpi] = _plain(entry)
    return mapping


# --- reading one file ------------------------------------------------------------------------------

def _read_sheet(path: Path, shown: str) -> tuple[Sheet, dict[str, int]]:
    """The file as a Sheet, and its header as {lower-case name: 0-based column}; raises if unusable."""
    problems = Problems()
    doc = read_doc(path, shown, problems, max_bytes=MAX_BYTES)
    if doc is None:
        raise first_error(problems)
    if doc.text.lstrip()[:1] == "<":
        raise ReferenceDataError("this is a web page (HTML), not a CSV; download the data file itself",
                                 path=shown, code="csv-header")
    sheet = parse_csv(doc, problems)
    if sheet is None or problems.has_errors():
        raise first_error(problems)
    header: dict[str, int] = {}
    for i, name in enumerate(sheet.header):
        key = name.strip().lower()
        if key and key in header:
            raise ReferenceDataError(f"column '{name.strip()}' appears twice in the header (columns "
                                     f"{header[key] + 1} and {i + 1})", path=shown, line=sheet.header_line,
                                     column=i + 1, code="column-duplicate")
        header.setdefault(key, i)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ReferenceDataError(f"missing column{'s' if len(missing) > 1 else ''} "
                                 + ", ".join(repr(c) for c in missing)
                                 + "; is this a DfE Explore Education Statistics open-data CSV?",
                                 path=shown, line=sheet.header_line, code="column-missing")
    return sheet, header


def _columns(mapping: dict[str, dict[str, Any]], header: dict[str, int], path: Path, shown: str
             ) -> dict[str, dict[str, Any]]:
    """The KPIs this file gives: {kpi: {measure: column, numerator: [columns], denominator: [columns],
    unit}}, each column its 0-based number in the file."""
    found = {}
    for kpi, m in mapping.items():
        hint = m.get("file_hint")
        if hint and hint.lower() not in path.name.lower():
            continue
        if m["measure"].lower() not in header:
            if hint:
                raise ReferenceDataError(f"missing column '{m['measure']}' (the measure for KPI '{kpi}', "
                                         f"whose file_hint '{hint}' names this file)", path=shown,
                                         code="column-missing")
            continue
        den = m.get("denominator") or []
        parts = {"numerator": [m["numerator"]] if m.get("numerator") else [],
                 "denominator": [den] if isinstance(den, str) else list(den)}
        for role, columns in parts.items():
            for column in columns:
                if column.lower() not in header:
                    raise ReferenceDataError(f"missing column '{column}' (the {role} for KPI '{kpi}')",
                                             path=shown, code="column-missing")
        found[kpi] = {"measure": header[m["measure"].lower()], "unit": m.get("unit", "pct"),
                      **{role: [header[c.lower()] for c in cols] for role, cols in parts.items()}}
    return found


def _codes_by_new() -> dict[str, str]:
    from .councils import FORMER_ONS, load_councils

    try:
        return {**FORMER_ONS, **{c.la_code_new.upper(): c.la_code for c in load_councils() if c.la_code_new}}
    except ReferenceDataError:
        return dict(FORMER_ONS)


def read_ees_file(path: Path, mapping: dict[str, dict[str, Any]], source: str | None = None
                  ) -> tuple[list[dict[str, str]], list[Key]]:
    """(rows with a value, keys whose value is suppressed) from one EES file; raises if unreadable."""
    path = Path(path)
    shown = path.name
    sheet, header = _read_sheet(path, shown)
    kpis = _columns(mapping, header, path, shown)
    if not kpis:
        measures = sorted({m["measure"] for m in mapping.values()})
        raise ReferenceDataError(f"none of the measures sefkit maps is in this file ({', '.join(measures)}); "
                                 "give a --kpi-map naming its measure columns", path=shown,
                                 code="column-missing")
    names = [h.strip() for h in sheet.header]
    width = len(names)
    codes_by_new = _codes_by_new()   # for files that give only new (ONS) LA codes
    source = source or f"DfE Explore Education Statistics: {path.name}"
    time_period, time_identifier, level = (header[c] for c in REQUIRED)
    breakdowns = [header[c] for c in ("breakdown_topic", "breakdown") if c in header]
    rows: dict[Key, tuple[int, dict[str, str]]] = {}
    missing: dict[Key, int] = {}
    skipped: set[str] = set()
    headline = 0
    for record in sheet.records:
        cells, line = record.cells, record.line
        if not any(c.strip() for c in cells):
            continue   # a blank line
        if len(cells) > width:
            raise ReferenceDataError(f"more values than there are columns ({len(cells)} values, {width} "
                                     "columns)", path=shown, line=line, column=width + 1, code="row-too-long")
        if len(cells) < width:   # a cut-off file must not look like suppression
            raise ReferenceDataError(f"fewer values than there are columns ({len(cells)} of {width}); is the "
                                     "file cut off?", path=shown, line=line, column=len(cells) + 1,
                                     code="row-too-short")
        if not _headline(cells, breakdowns):
            continue
        headline += 1
        place = _place(cells, header, names, shown, line, codes_by_new)
        if place is None:
            skipped.add(cells[level].strip())
            continue
        end, label = period_end(cells[time_period], cells[time_identifier], shown, line,
                                (time_period + 1, time_identifier + 1))

        def value(column: int, cells: tuple[str, ...] = cells, line: int = line) -> float | None:
            return number(cells[column], shown, line, column + 1, names[column])

        for kpi, cols in kpis.items():
            key = (kpi, place[0], place[1], end.isoformat())
            measure = cols["measure"]
            if not cells[measure].strip():
                continue  # a blank cell gives no value and withdraws none
            v = value(measure)
            if v is None:
                missing[key] = line
                continue
            if cols["unit"] == "pct" and not 0 <= v <= 100:
                raise cell_error(shown, line, measure + 1, names[measure],
                                 f"{v:g} is not a percentage (0 to 100)", "out-of-range")
            if cols["unit"] == "count" and v < 0:
                raise cell_error(shown, line, measure + 1, names[measure],
                                 f"a count cannot be negative ({v:g})", "out-of-range")
            num = [value(c) for c in cols["numerator"]]
            den = [value(c) for c in cols["denominator"]]
            out = {"kpi": kpi, "geography": place[0], "code": place[1], "name": place[2],
                   "period_end": end.isoformat(), "period_label": label, "value": format_number(v),
                   "numerator": format_number(num[0]) if num and num[0] is not None else "",
                   "denominator": format_number(sum(d for d in den if d is not None))
                   if den and None not in den else "",
                   "source": source}
            if key in rows and rows[key][1] != out:
                raise cell_error(shown, line, measure + 1, names[measure],
                                 f"gives a different value for {kpi}, {place[2] or place[1]}, {label} than "
                                 f"line {rows[key][0]}; the file has breakdowns sefkit cannot tell apart "
                                 "(expected one headline row per place and period)", "duplicate-id")
            rows[key] = (line, out)
    if headline == 0:
        raise ReferenceDataError("no headline rows (breakdown_topic 'All ...' or 'Total'); the file has no "
                                 "data rows or only breakdowns", path=shown)
    if not rows and not missing and skipped:
        raise ReferenceDataError(f"no National, Regional or Local authority rows (column 'geographic_level' "
                                 f"has {', '.join(repr(s) for s in sorted(skipped))})", path=shown,
                                 column=level + 1)
    return [r for _, r in rows.values()], [k for k in missing if k not in rows]


def _headline(cells: tuple[str, ...], breakdowns: list[int]) -> bool:
    for i in breakdowns:
        value = cells[i].strip().lower()
        if not (value.startswith("all") or value == "total"):
            return False
    return True


def _place(cells: tuple[str, ...], header: dict[str, int], names: list[str], shown: str, line: int,
           codes_by_new: dict[str, str]) -> tuple[str, str, str] | None:
    """(geography, code, name) of a row, or None for a level we do not keep (e.g. a constituency)."""
    def get(column: str) -> str:
        return cells[header[column]].strip() if column in header else ""

    def fail(column: str, problem: str, code: Code) -> ReferenceDataError:
        if column in header:
            return cell_error(shown, line, header[column] + 1, names[header[column]], problem, code)
        return cell_error(shown, line, len(names) + 1, column, problem, code)

    level = re.sub(r"\s+", " ", get("geographic_level").lower())
    if level == "national":
        country = get("country_code")
        if country and country != "E92000001":
            return None   # a UK or other-country row is not England
        return "england", "E92000001", "England"
    if level == "regional":
        code = get("region_code")
        if not code:
            raise fail("region_code", "empty on a regional row", "value-required")
        return "region", code, get("region_name")
    if level == "local authority":
        code = get("old_la_code") or codes_by_new.get(get("new_la_code").upper(), "")
        if not re.fullmatch(r"\d{3}", code):
            given = get("old_la_code") or get("new_la_code")
            only_new = "new_la_code" in header and "old_la_code" not in header
            column = "new_la_code" if only_new else "old_la_code"
            raise fail(column, f"no DfE 3-digit LA code ({given or 'empty'})",
                       "unknown-id" if given else "value-required")
        return "la", code, get("la_name")
    return None


def read_ees(path: Path, mapping: dict[str, dict[str, Any]] | None = None, source: str | None = None
             ) -> list[dict[str, str]]:
    """Benchmark rows (text, in our layout) from one EES file; suppressed values give no row."""
    return read_ees_file(path, mapping or DEFAULT_MAP, source)[0]


# --- the benchmark table ---------------------------------------------------------------------------

def _key(row: dict[str, str]) -> Key:
    return (row["kpi"], row["geography"], row["code"], row["period_end"])


def _sort_key(key: Key) -> tuple[str, int, str, str]:
    return (key[0], GEOGRAPHY_ORDER.get(key[1], 9), key[2], key[3])


def benchmarks_text(rows: list[dict[str, str]], extra_columns: Sequence[str] = ()) -> str:
    """The table as CSV text: our columns (then extra ones kept from an edited copy), in a fixed row order.
    A text cell a spreadsheet would run as a formula (a DfE file's name or source cell written as
    `=HYPERLINK(...)`, say) is written with a leading apostrophe (`sheets.safe_cell`); numbers, negative
    ones included, are written as they are."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*BENCHMARK_COLUMNS, *extra_columns], lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: _sort_key(_key(r))):
        writer.writerow({name: safe_cell(value) if isinstance(value, str) else value for name, value in row.items()})
    return out.getvalue()


def _existing(table: Table | None) -> tuple[dict[Key, dict[str, str]], list[str]]:
    """The rows of a benchmark table by key, and the columns it has beyond ours (kept as they are)."""
    if table is None:
        return {}, []
    return ({_key(row): row for row in table.rows},
            [h for h in table.header if h and h not in BENCHMARK_COLUMNS])


def import_ees(files: list[Path], kpi_map: Path | None = None, benchmarks_csv: Path | None = None, *,
               source: str | None = None, start_from: Path | None = None, audit_log: Path | None = None,
               who: str = "sef benchmarks import", shown: str | None = None) -> ImportResult:
    """Read every file first (all or nothing), then upsert their rows into `benchmarks_csv`.
    Where `benchmarks_csv` does not exist yet, the rows are added to a copy of `start_from`.

    The table is saved by `store.update`: read, merged and written under the file's lock, so a
    concurrent import is never lost, and (given `audit_log`) logged as `who`, with each value added,
    changed or withdrawn. `shown` is how messages and the log name the table (default: its file name).
    Later files win where two give the same KPI, place and period. For callers
    of the earlier signature `import_ees(files, benchmarks_csv, kpi_map)` the two
    paths are told apart by their suffix (a KPI map is YAML, the table is CSV).
    """
    if kpi_map is not None and Path(kpi_map).suffix.lower() == ".csv" and (
            benchmarks_csv is None or Path(benchmarks_csv).suffix.lower() in (".yaml", ".yml")):
        kpi_map, benchmarks_csv = benchmarks_csv, kpi_map
    if benchmarks_csv is None:
        raise ReferenceDataError("no benchmark table given to update (benchmarks_csv)", path="import_ees",
                                 code="argument")
    if not files:
        raise ReferenceDataError("no files to import: give one or more EES CSV files", path="import_ees",
                                 code="argument")
    mapping = load_kpi_map(kpi_map)
    new: dict[Key, dict[str, str]] = {}
    gone: set[Key] = set()
    for path in files:
        rows, missing = read_ees_file(Path(path), mapping, source)
        for row in rows:
            new[_key(row)] = row
            gone.discard(_key(row))
        for key in missing:
            new.pop(key, None)
            gone.add(key)
    target = Path(benchmarks_csv)
    shown = shown or target.name
    names = [Path(f).name for f in files]
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}

    def transform(current: bytes | None) -> tuple[bytes, list[Change]] | None:
        if current is not None:
            table = table_from_bytes(target, current, tuple(BENCHMARK_COLUMNS), shown)
        elif start_from is not None and Path(start_from).is_file():
            table = read_table(Path(start_from), tuple(BENCHMARK_COLUMNS))
        else:
            table = None
        existing, extra = _existing(table)
        changes: list[Change] = []
        for name in counts:
            counts[name] = 0
        for key, row in new.items():
            record = "/".join(key)
            old = existing.get(key)
            if old is None:
                counts["added"] += 1
                changes.append(Change(record, "value", None, row["value"]))
            else:
                changed = [c for c in BENCHMARK_COLUMNS if old.get(c, "") != row[c]]
                counts["updated" if changed else "unchanged"] += 1
                changes += [Change(record, c, old.get(c), row[c]) for c in changed]
            existing[key] = {**(old or {}), **row}
        for key in sorted(gone):
            old = existing.pop(key, None)
            if old is not None:
                counts["removed"] += 1
                changes.append(Change("/".join(key), "value", old["value"], None))
        data = benchmarks_text(list(existing.values()), extra).encode("utf-8")
        return None if data == current else (data, changes)

    update(target, transform, who=who, what=f"benchmarks import from {', '.join(names)}", shown=shown,
           audit_log=audit_log)
    return ImportResult(counts["added"], counts["updated"], sorted({k[0] for k in new}), names,
                        counts["removed"], counts["unchanged"],
                        sorted({row["period_label"] for row in new.values()}))
