"""Published comparators and inspection history for a real authority, read once at load time.

Scoring stays pure: the loader gathers what the reference tables say about the
council (England, region, statistical-neighbour mean, rank and quartile per KPI
and period; its last inspection, its neighbours' outcomes and the national
distribution) into plain data attached to the council's model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .framework import Framework


@dataclass(frozen=True)
class PublishedContext:
    kpis: dict[str, dict[str, dict]] = field(default_factory=dict)   # kpi -> period_end ISO -> comparators
    inspection: dict = field(default_factory=dict)


def published_context(la_code: str, framework: Framework, as_of: dt.date, workspace=None) -> PublishedContext | None:
    if not la_code:
        return None
    from . import reference as ref

    try:
        folder = ref.reference_dir(workspace)
        council = ref.find_council(la_code, folder)
    except ref.ReferenceDataError:
        return None
    region = ref.region_code(council, folder)
    kpis: dict[str, dict[str, dict]] = {}
    for kpi_id, kdef in framework.kpis.items():
        own = ref.series(kpi_id, "la", council.la_code, folder)
        if not own:
            continue
        england = ref.series(kpi_id, "england", "E92000001", folder)
        regional = ref.series(kpi_id, "region", region, folder) if region else {}
        periods = {}
        for end in own:
            mean, n = ref.neighbour_mean(kpi_id, council, end, folder)
            ranked = ref.rank_and_quartile(kpi_id, council, end, kdef.polarity, folder)
            periods[end] = {"published_value": own[end], "england": england.get(end), "region": regional.get(end),
                            "neighbours_mean": mean, "neighbours_with_data": n,
                            "rank": ranked[0] if ranked else None, "of": ranked[1] if ranked else None,
                            "quartile": ranked[2] if ranked else None}
        kpis[kpi_id] = periods
    last = ref.last_inspection(council.la_code, folder)
    by_code = {i.la_code: i for i in ref.load_inspections(folder)}
    inspection = {
        "last": None if last is None else {
            "inspection_start": last.inspection_start.isoformat() if last.inspection_start else None,
            "inspection_end": last.inspection_end.isoformat() if last.inspection_end else None,
            "publication_date": last.publication_date.isoformat() if last.publication_date else None,
            "outcome": last.outcome, "outcome_label": last.outcome_label},
        "next_inspection_by": last.next_inspection_by.isoformat() if last and last.next_inspection_by else None,
        "window": ref.inspection_window(council.la_code, as_of, folder),
        "neighbours": [{"la_code": n.la_code, "name": n.name,
                        "outcome": by_code[n.la_code].outcome if n.la_code in by_code else None,
                        "outcome_label": by_code[n.la_code].outcome_label if n.la_code in by_code else "not inspected"}
                       for n in ref.neighbours(council, folder)],
        "national": {str(k): v for k, v in ref.national_distribution(folder).items()},
    }
    return PublishedContext(kpis=kpis, inspection=inspection)
