"""Published DfE SEN2 benchmarks: England, region and every authority, per KPI and period.

One long table (`benchmarks.csv`) answers every comparison a self-evaluation
makes: the council's own published series, England, its region, the mean of
its 10 statistical neighbours, and its rank and quartile among all authorities.

Decisions (so readers of a scorecard know what a number means):
- The neighbour comparator is the simple MEAN of the neighbours' published
  values (each authority counts once, as in the DfE's LAIT tool), rounded to
  1 decimal, returned with how many neighbours had a value. A neighbour whose
  value is suppressed is left out, never counted as zero.
- Rank 1 is the best value given the KPI's polarity; ties share the better
  rank. Quartile 1 is the best quarter: 1 + (4 * (rank - 1)) // n.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, NamedTuple

from ..paths import cached_load
from .councils import Council, find_council, la_code_of
from .errors import ReferenceDataError
from .location import reference_file
from .tables import read_table

COLUMNS = ("kpi", "geography", "code", "name", "period_end", "period_label", "value", "numerator",
           "denominator", "source")
ENGLAND = "E92000001"
GEOGRAPHIES = ("england", "region", "la")


MIN_RANKED = 10   # authorities with a value before a rank means anything (a statistical neighbour group)


class NeighbourMean(NamedTuple):
    mean: float | None      # None when no neighbour has a value
    count: int  # type: ignore[assignment]  # neighbours with a value (shadows tuple.count, as it always has)


class Rank(NamedTuple):
    rank: int               # 1 = best
    of: int                 # authorities with a value for the period
    quartile: int           # 1 = best quarter


class _Table:
    """The parsed table plus an index {(kpi, geography, period_end): {code: value}}."""

    def __init__(self, path: Path):
        self.path = path
        table = read_table(path, COLUMNS)
        self.shown = table.shown
        self.rows: list[dict[str, Any]] = list(table.rows)
        self.index: dict[tuple[str, str, str], dict[str, float]] = {}
        for line, r in zip(table.lines, self.rows):
            if r["geography"] not in GEOGRAPHIES:
                raise table.error(line, "geography", f"{r['geography']!r} is not england, region or la",
                                  "unknown-word")
            try:
                dt.date.fromisoformat(r["period_end"])
            except ValueError:
                raise table.error(line, "period_end", f"{r['period_end']!r} is not an ISO date (YYYY-MM-DD)",
                                  "not-a-date") from None
            for column in ("value", "numerator", "denominator"):
                text = r[column]
                try:
                    number = float(text) if text else None
                except ValueError:
                    number = math.nan
                if number is not None and not math.isfinite(number):   # float() also reads 'nan' and 'inf'
                    raise table.error(line, column, f"{text!r} is not a number", "not-a-number")
                r[column] = number
            if r["value"] is None:
                raise table.error(line, "value", "empty (a missing value is left out of the table)",
                                  "value-required")
            self.index.setdefault((r["kpi"], r["geography"], r["period_end"]), {})[r["code"]] = r["value"]
        self.kpis = sorted({r["kpi"] for r in self.rows})
        self.regions = {r["name"].lower(): r["code"] for r in self.rows if r["geography"] == "region"}

    def frame(self):
        import pandas as pd

        columns = list(dict.fromkeys([*COLUMNS, *(self.rows[0] if self.rows else [])]))   # extra columns kept
        frame = pd.DataFrame(self.rows, columns=columns)
        for column in ("value", "numerator", "denominator"):
            frame[column] = pd.to_numeric(frame[column])
        return frame


def _table(workspace) -> _Table:
    return cached_load(reference_file("benchmarks.csv", workspace), _Table)


def _iso(period_end: str | dt.date) -> str:
    return period_end.isoformat() if isinstance(period_end, dt.date) else str(period_end).strip()


def load_benchmarks(workspace: Path | str | None = None):
    """The whole table as a pandas DataFrame (a copy: change it freely).

    Columns: kpi, geography (england | region | la), code (E92000001, a region's
    E12 code, or an authority's old 3-digit code), name, period_end (ISO text),
    period_label, value, numerator, denominator (floats; NaN when not published), source.
    """
    return _table(workspace).frame()


def kpi_ids(workspace: Path | str | None = None) -> list[str]:
    return list(_table(workspace).kpis)


def series(kpi: str, geography: str, code: str, workspace: Path | str | None = None) -> dict[str, float]:
    """{period_end ISO: value} for one KPI and one place, oldest first; {} when nothing is published."""
    table = _table(workspace)
    return {end: values[code] for (k, g, end), values in sorted(table.index.items())
            if k == kpi and g == geography and code in values}


def _rows(kpi: str, geography: str, code: str, workspace) :
    import pandas as pd

    table = _table(workspace)
    if kpi not in table.kpis:
        raise ReferenceDataError(f"no KPI '{kpi}' in the table; it has {', '.join(table.kpis)}",
                                 path=table.shown, code="unknown-kpi")
    rows = [r for r in table.rows if r["kpi"] == kpi and r["geography"] == geography and r["code"] == code]
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).sort_values("period_end", kind="stable")
    for column in ("value", "numerator", "denominator"):
        frame[column] = pd.to_numeric(frame[column])
    return frame.reset_index(drop=True)


def england(kpi: str, workspace: Path | str | None = None):
    """England's published series for a KPI (DataFrame, oldest first)."""
    return _rows(kpi, "england", ENGLAND, workspace)


def region_code(region: str | Council, workspace: Path | str | None = None) -> str:
    """A region's E12 code from its name (any case) or code, or from a Council; '' if unknown."""
    name = region.region if isinstance(region, Council) else str(region)
    regions = _table(workspace).regions
    if name.strip().upper() in regions.values():
        return name.strip().upper()
    return regions.get(name.strip().lower(), "")


def region(kpi: str, region_name: str, workspace: Path | str | None = None):
    """A region's published series for a KPI (DataFrame, oldest first); region by name or E12 code."""
    code = region_code(region_name, workspace)
    if not code:
        table = _table(workspace)
        names = sorted({r["name"] for r in table.rows if r["geography"] == "region"})
        raise ReferenceDataError(f"no region '{region_name}' in the table; regions: {', '.join(names)}",
                                 path=table.shown, code="unknown-id")
    return _rows(kpi, "region", code, workspace)


def la_series(kpi: str, la_code: str | Council, workspace: Path | str | None = None):
    """One authority's published series for a KPI (DataFrame, oldest first); by code, name or Council."""
    return _rows(kpi, "la", la_code_of(la_code, workspace), workspace)


def neighbour_mean(kpi: str, la_code: str | Council, period_end: str | dt.date,
                   workspace: Path | str | None = None) -> NeighbourMean:
    """Mean of the statistical neighbours' values for one period, and how many neighbours had one."""
    council = la_code if isinstance(la_code, Council) else find_council(la_code, workspace)
    values = _table(workspace).index.get((kpi, "la", _iso(period_end)), {})
    found = [values[c] for c in council.statistical_neighbours if c in values]
    return NeighbourMean(round(sum(found) / len(found), 1), len(found)) if found else NeighbourMean(None, 0)


def rank_and_quartile(kpi: str, la_code: str | Council, period_end: str | dt.date, polarity: str,
                      workspace: Path | str | None = None) -> Rank | None:
    """Rank and quartile among all authorities with a value for the period (1 = best).

    None when the authority has no value, when fewer than MIN_RANKED authorities have one (a council's
    own newer figure, imported before the DfE publishes everyone's, is not "1st of 1"), or the KPI is
    'neutral' (context only: no better or worse).
    """
    if polarity == "neutral":
        return None
    if polarity not in ("higher_is_better", "lower_is_better"):
        raise ValueError(f"polarity must be higher_is_better, lower_is_better or neutral, not {polarity!r}")
    code = la_code_of(la_code, workspace)
    values = _table(workspace).index.get((kpi, "la", _iso(period_end)), {})
    if code not in values or len(values) < MIN_RANKED:
        return None
    own = values[code]
    better = [v for v in values.values() if (v > own if polarity == "higher_is_better" else v < own)]
    rank, total = len(better) + 1, len(values)
    return Rank(rank, total, min(4, 1 + (4 * (rank - 1)) // total))
