"""evidence/<council>/kpis.csv: indicator values over time, checked record by record."""

from __future__ import annotations

from ..framework import Framework
from ..model import Extra, KpiRow
from ..problems import Problems
from .cells import Cells
from .context import CheckContext
from .sources import Table
from .specs import canonical, near_miss

COMPARATORS = ("national", "statistical_neighbours", "region", "target")


def kpi_near_miss(fw: Framework, text: str) -> str | None:
    """The catalogue KPI that `text` (not a KPI id, alias or title) is a misspelling of, if any."""
    candidates = {canonical(word): k.id for k in fw.kpis.values() for word in (k.id, *k.aliases, k.title)}
    return near_miss(text, candidates)


def check_kpi(c: Cells, ctx: CheckContext, extra: Extra = (), unknown_reported: set[str] | None = None
              ) -> KpiRow | None:
    """One indicator value; None if it has an error. An indicator the framework does not have is kept
    (unscored) with a warning, once per indicator; one that is a misspelling of a KPI id is an error."""
    fw, before = ctx.framework, c.problems.error_count
    text = c.text("indicator", required=True)
    kpi_id = fw.resolve_kpi(text) if text else None
    if text and kpi_id is None:
        meant = kpi_near_miss(fw, text)
        if meant:
            c.error("unknown-kpi", "indicator", f"indicator '{text}' is not in framework '{fw.id}'; did you mean "
                    f"'{meant}'? As written it would be left out of the scorecard")
        elif unknown_reported is None or text not in unknown_reported:
            if unknown_reported is not None:
                unknown_reported.add(text)
            c.warning("unknown-kpi", "indicator", f"indicator '{text}' is not in framework '{fw.id}'; it is kept "
                      "but not scored (add it to the catalogue's kpis to score it)")
    end = c.date("period_end", required=True)
    start = c.date("period_start")
    if end and start and start > end:
        c.error("date-order", "period_start", f"period_start {start} is after period_end {end}")
    if end and end > ctx.today:
        c.error("date-in-future", "period_end", f"period_end {end} is in the future")
    value = c.number("value")
    numbers = {col: c.number(col) for col in COMPARATORS}
    kdef = fw.kpis.get(kpi_id) if kpi_id else None
    if kdef and kdef.unit == "pct":
        for col, v in [("value", value), *numbers.items()]:
            if v is not None and not 0 <= v <= 100:
                c.error("out-of-range", col, f"{col} {v:g} is outside 0-100 for a percentage indicator")
    if kdef and kdef.unit in ("count", "weeks", "days") and value is not None and value < 0:
        c.error("out-of-range", "value", f"value {value:g} is negative for a {kdef.unit} indicator")
    if c.problems.error_count > before or end is None:
        return None
    return KpiRow(indicator=kpi_id or text, period_end=end, value=value, known=kpi_id is not None,
                  period_start=start, line=c.line, extra=extra, **numbers)


def read_kpis(table: Table, ctx: CheckContext, problems: Problems) -> tuple[KpiRow, ...]:
    rows: list[KpiRow] = []
    seen: dict[tuple[str, object], int] = {}
    unknown: set[str] = set()
    for row in table.rows:
        kpi = check_kpi(table.cells(row, problems), ctx, row.extra, unknown)
        if kpi is None:
            continue
        key = (kpi.indicator, kpi.period_end)
        if key in seen:
            problems.error("duplicate-id", table.shown, row.line, table.column_number("period_end"),
                           f"indicator and period_end {(kpi.indicator, kpi.period_end)!r} is used twice "
                           f"(first on line {seen[key]})")
            continue
        seen[key] = row.line
        rows.append(kpi)
    return tuple(rows)
