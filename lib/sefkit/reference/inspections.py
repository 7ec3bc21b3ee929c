"""Published area SEND inspections (2023 framework): last outcome, neighbours' outcomes, next window.

Outcomes: 1 typically positive, 2 inconsistent, 3 widespread and/or systemic
failings. When is the next inspection? The table keeps the date Ofsted's report
implies where the source file gives one; otherwise the framework's rule is
applied to the inspection's first day (or, when the source has no inspection
dates, the publication date):

- outcome 1: next full inspection within about 5 years;
- outcome 2: within about 3 years;
- outcome 3: a monitoring inspection within about 18 months, and a full
  reinspection within about 3 years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..dates import shift_months
from ..paths import cached_load
from .councils import Council, la_code_of, load_councils
from .location import reference_file
from .tables import Table, read_table

COLUMNS = ("la_code", "la_code_new", "name", "inspection_start", "inspection_end", "publication_date",
           "outcome", "next_inspection_due")
OUTCOME_LABELS = {1: "Typically positive", 2: "Inconsistent", 3: "Widespread or systemic failings"}
RULE_MONTHS = {1: 60, 2: 36, 3: 18}        # to the next inspection (for 3: the monitoring inspection)
FULL_MONTHS = {1: 60, 2: 36, 3: 36}        # to the next full inspection


@dataclass(frozen=True)
class Inspection:
    la_code: str
    la_code_new: str
    name: str
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    publication_date: dt.date | None
    outcome: int | None                     # None: the source has no outcome for this report
    next_inspection_due: dt.date | None     # as the source gives it (None when it does not)
    next_inspection_interval: str = ""      # as the source words it: "5 years", "18 months"
    report_url: str = ""

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome or 0, "not graded")

    @property
    def next_inspection_by(self) -> dt.date | None:
        """The date the next inspection is expected by: the source's, else by the outcome rule."""
        return next_inspection_due(self)


def _date(table: Table, line: int, column: str, text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise table.error(line, column, f"{text!r} is not an ISO date (YYYY-MM-DD)", "not-a-date") from None


def _parse(path: Path) -> tuple[Inspection, ...]:
    table = read_table(path, COLUMNS)
    out = []
    for line, r in zip(table.lines, table.rows):
        if r["outcome"] not in ("", "1", "2", "3"):
            raise table.error(line, "outcome", f"{r['outcome']!r} is not 1, 2, 3 or empty", "out-of-range")
        out.append(Inspection(
            r["la_code"], r["la_code_new"], r["name"],
            _date(table, line, "inspection_start", r["inspection_start"]),
            _date(table, line, "inspection_end", r["inspection_end"]),
            _date(table, line, "publication_date", r["publication_date"]),
            int(r["outcome"]) if r["outcome"] else None,
            _date(table, line, "next_inspection_due", r["next_inspection_due"]),
            r.get("next_inspection_interval", ""), r.get("report_url", "")))
    return tuple(out)


def load_inspections(workspace: Path | str | None = None) -> tuple[Inspection, ...]:
    return cached_load(reference_file("inspections.csv", workspace), _parse)


def last_inspection(la_code: str | Council, workspace: Path | str | None = None) -> Inspection | None:
    """The authority's most recently published inspection, or None if none is published."""
    code = la_code_of(la_code, workspace)
    found = [i for i in load_inspections(workspace) if i.la_code == code]
    return max(found, key=lambda i: i.publication_date or dt.date.min) if found else None


def neighbour_outcomes(la_code: str | Council, workspace: Path | str | None = None
                       ) -> list[tuple[Council, Inspection | None]]:
    """Each statistical neighbour (DfE order) with its last published inspection, or None."""
    code = la_code_of(la_code, workspace)
    by_code = {c.la_code: c for c in load_councils(workspace)}
    council = by_code.get(code)
    if council is None:
        return []
    return [(by_code[n], last_inspection(n, workspace))
            for n in council.statistical_neighbours if n in by_code]


def national_distribution(workspace: Path | str | None = None) -> dict[int, int]:
    """{1: n, 2: n, 3: n}: the latest graded outcome of each inspected area."""
    counts = {1: 0, 2: 0, 3: 0}
    for code in {i.la_code for i in load_inspections(workspace)}:
        i = last_inspection(code, workspace)
        if i is not None and i.outcome in counts:
            counts[i.outcome] += 1
    return counts


def _base(inspection: Inspection) -> dt.date | None:
    return inspection.inspection_start or inspection.publication_date


def next_inspection_due(inspection: Inspection | str | Council | None,
                        workspace: Path | str | None = None) -> dt.date | None:
    """When the next inspection is expected by (for outcome 3: the monitoring inspection).

    Takes an Inspection or an authority (its last inspection). The source's date
    where it has one, else the outcome rule; None when there is no graded inspection.
    """
    if inspection is not None and not isinstance(inspection, Inspection):
        inspection = last_inspection(inspection, workspace)
    if inspection is None:
        return None
    if inspection.next_inspection_due:
        return inspection.next_inspection_due
    base = _base(inspection)
    if inspection.outcome in RULE_MONTHS and base:
        return shift_months(base, RULE_MONTHS[inspection.outcome])
    return None


def full_inspection_due(inspection: Inspection) -> dt.date | None:
    """When the next full inspection is expected by (after outcome 3: the full reinspection)."""
    if inspection.outcome in (1, 2):
        return next_inspection_due(inspection)
    base = _base(inspection)
    if inspection.outcome == 3 and base:
        return shift_months(base, FULL_MONTHS[3])
    return None


def _months(as_of: dt.date, due: dt.date) -> str:
    n = (due.year - as_of.year) * 12 + due.month - as_of.month
    return "this month" if n <= 0 else f"in {n} month{'s' if n != 1 else ''}"


def inspection_window(la_code: str | Council, as_of: dt.date, workspace: Path | str | None = None) -> str:
    """One sentence on when the next area SEND inspection is expected, seen from `as_of`.

    'Next inspection expected by March 2029 (in 28 months).' or
    'The next inspection is due now (expected by August 2025).'
    """
    last = last_inspection(la_code, workspace)
    if last is None:
        return ("No area SEND inspection under the 2023 framework is published for this area: "
                "an inspection could be called at any time.")
    due = next_inspection_due(last)
    if last.outcome is None or due is None:
        day = last.publication_date
        when = f" (published {day.day} {day:%B %Y})" if day else ""
        return (f"The last area SEND inspection{when} has no outcome in the reference data; "
                "see the published report for when the next one is due.")
    if last.outcome == 3:
        full = full_inspection_due(last)
        if full is None:   # the source dates the monitoring inspection but gives no inspection dates
            full_text = "see the published report for when the full reinspection is due."
        else:
            full_text = (f"full reinspection expected by {full:%B %Y}"
                         + (f" ({_months(as_of, full)})." if full >= as_of else " (due now)."))
        if due < as_of:
            return (f"The next inspection is due now (a monitoring inspection, expected by {due:%B %Y}); "
                    f"{full_text}")
        return f"Next inspection (monitoring) expected by {due:%B %Y} ({_months(as_of, due)}); {full_text}"
    if due < as_of:
        return f"The next inspection is due now (expected by {due:%B %Y})."
    return f"Next inspection expected by {due:%B %Y} ({_months(as_of, due)})."
