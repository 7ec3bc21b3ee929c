"""Reference data for every English local authority: names and codes, statistical neighbours,
published DfE SEN2 benchmarks and area SEND inspection outcomes.

The compact tables in sef/reference/ are derived from public files by
tools/derive_reference.py (sources in sef/reference/README.md). A workspace may
keep its own refreshed copies in its sef/reference/ (`sef benchmarks import`).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import builtin_sef_dir
from .ees import ReferenceDataError, import_ees  # noqa: F401 - public API

OUTCOME_LABELS = {1: "Typically positive", 2: "Inconsistent", 3: "Widespread or systemic failings"}


def reference_dir(workspace: Path | None = None) -> Path:
    if workspace is not None and (Path(workspace) / "sef" / "reference" / "councils.csv").is_file():
        return Path(workspace) / "sef" / "reference"
    return builtin_sef_dir() / "reference"


@dataclass(frozen=True)
class Council:
    la_code: str
    la_code_new: str
    name: str
    other_names: tuple[str, ...]
    region: str
    la_type: str
    population_0_25: int | None
    statistical_neighbours: tuple[str, ...]

    @property
    def slug(self) -> str:
        name = self.name.split(",")[0] if ", City of" in self.name else self.name
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        raise ReferenceDataError(f"reference table {path} is missing; run tools/derive_reference.py")
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=4)
def load_councils(folder: Path | None = None) -> tuple[Council, ...]:
    rows = _read((folder or reference_dir()) / "councils.csv")
    return tuple(Council(r["la_code"], r["la_code_new"], r["name"],
                         tuple(n for n in r["other_names"].split(";") if n), r["region"], r["la_type"],
                         int(r["population_0_25"]) if r["population_0_25"] else None,
                         tuple(n for n in r["statistical_neighbours"].split(";") if n)) for r in rows)


def _key(name: str) -> str:
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\b(city of|county of|royal borough of|london borough of|metropolitan borough of|borough of)\b",
                  " ", text)
    text = re.sub(r"\b(council|county|borough|city|district|metropolitan)\b", " ", text)
    return re.sub(r"[^a-z0-9]+", "", text)


def find_council(query: str, folder: Path | None = None) -> Council:
    """An authority by old code (384), new code (E08000036) or name, forgiving of case and of
    'City of' / 'Borough' / 'Council' variants. Unknown or ambiguous queries raise with suggestions."""
    councils = load_councils(folder)
    q = query.strip()
    for c in councils:
        if q == c.la_code or q.upper() == c.la_code_new.upper():
            return c
    key = _key(q)
    matches = [c for c in councils if key and key in {_key(n) for n in (c.name, *c.other_names)}]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ReferenceDataError(f"'{query}' matches several authorities: "
                                 + ", ".join(f"{c.name} ({c.la_code})" for c in matches))
    names = {c.name: c for c in councils}
    close = difflib.get_close_matches(q, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(f'{n} ({names[n].la_code})' for n in close)}?" if close else ""
    raise ReferenceDataError(f"no English local authority matches '{query}'{hint}")


def neighbours(council: Council, folder: Path | None = None) -> list[Council]:
    by_code = {c.la_code: c for c in load_councils(folder)}
    return [by_code[n] for n in council.statistical_neighbours if n in by_code]


@lru_cache(maxsize=4)
def load_benchmarks(folder: Path | None = None) -> tuple[dict, ...]:
    rows = _read((folder or reference_dir()) / "benchmarks.csv")
    for r in rows:
        r["value"] = float(r["value"])
    return tuple(rows)


@lru_cache(maxsize=4)
def _by_period(folder: Path | None = None) -> dict[tuple[str, str, str], dict[str, float]]:
    """{(kpi, geography, period_end): {code: value}}: one pass, so lookups for 153 councils stay fast."""
    index: dict[tuple[str, str, str], dict[str, float]] = {}
    for r in load_benchmarks(folder):
        index.setdefault((r["kpi"], r["geography"], r["period_end"]), {})[r["code"]] = r["value"]
    return index


def series(kpi: str, geography: str, code: str, folder: Path | None = None) -> dict[str, float]:
    """{period_end ISO: value} for one KPI and one geography, oldest first."""
    return {end: values[code] for (k, g, end), values in sorted(_by_period(folder).items())
            if k == kpi and g == geography and code in values}


def region_code(council: Council, folder: Path | None = None) -> str:
    for r in load_benchmarks(folder):
        if r["geography"] == "region" and r["name"].lower() == council.region.lower():
            return r["code"]
    return ""


def neighbour_mean(kpi: str, council: Council, period_end: str, folder: Path | None = None
                   ) -> tuple[float | None, int]:
    """Mean (not median) of the statistical neighbours' values for one period, and how many had one."""
    values = _by_period(folder).get((kpi, "la", period_end), {})
    found = [values[c] for c in council.statistical_neighbours if c in values]
    return (round(sum(found) / len(found), 1), len(found)) if found else (None, 0)


def rank_and_quartile(kpi: str, council: Council, period_end: str, polarity: str, folder: Path | None = None
                      ) -> tuple[int, int, int] | None:
    """(rank, of how many, quartile) among all authorities with a value; rank 1 and quartile 1 are best."""
    values = _by_period(folder).get((kpi, "la", period_end), {})
    if council.la_code not in values or polarity == "neutral":
        return None
    ordered = sorted(values.values(), reverse=polarity == "higher_is_better")
    rank = ordered.index(values[council.la_code]) + 1
    quartile = min(4, 1 + (4 * (rank - 1)) // len(ordered))
    return rank, len(ordered), quartile


@dataclass(frozen=True)
class Inspection:
    la_code: str
    name: str
    outcome: int | None
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    publication_date: dt.date | None
    next_inspection_by: dt.date | None

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome or 0, "not graded")


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@lru_cache(maxsize=4)
def load_inspections(folder: Path | None = None) -> tuple[Inspection, ...]:
    rows = _read((folder or reference_dir()) / "inspections.csv")
    return tuple(Inspection(r["la_code"], r["name"], int(r["outcome"]) if r["outcome"] else None,
                            _date(r["inspection_start"]), _date(r["inspection_end"]), _date(r["publication_date"]),
                            _date(r["next_inspection_by"])) for r in rows)


def last_inspection(la_code: str, folder: Path | None = None) -> Inspection | None:
    found = [i for i in load_inspections(folder) if i.la_code == la_code]
    return max(found, key=lambda i: i.publication_date or dt.date.min) if found else None


def national_distribution(folder: Path | None = None) -> dict[int, int]:
    counts = {1: 0, 2: 0, 3: 0}
    for i in load_inspections(folder):
        if i.outcome in counts:
            counts[i.outcome] += 1
    return counts


def inspection_window(la_code: str, as_of: dt.date, folder: Path | None = None) -> str:
    last = last_inspection(la_code, folder)
    if last is None or last.next_inspection_by is None:
        return ("No area SEND inspection under the 2023 framework is published for this area: "
                "an inspection could be called at any time.")
    months = (last.next_inspection_by.year - as_of.year) * 12 + last.next_inspection_by.month - as_of.month
    due = f"{last.next_inspection_by:%B %Y}"
    if months <= 0:
        return f"The next inspection is due now (expected by {due})."
    return f"Next inspection expected by {due} (in {months} months)."
