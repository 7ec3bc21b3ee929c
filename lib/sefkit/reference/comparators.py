"""The published comparators for a real authority, gathered once when its workspace is loaded.

Scoring stays pure: the loader gathers what the reference tables say about the
council (England, region, statistical-neighbour mean, rank and quartile per KPI
and period; its last inspection, its neighbours' outcomes and the national
distribution) into plain data attached to the council's model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..framework import Framework
from .benchmarks import ENGLAND, neighbour_mean, rank_and_quartile, region_code, series
from .councils import find_council
from .errors import ReferenceDataError
from .inspections import inspection_window, last_inspection, national_distribution, neighbour_outcomes
from .location import reference_dir


@dataclass(frozen=True)
class PublishedContext:
    # kpi -> period_end (ISO) -> comparators
    kpis: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    inspection: dict[str, Any] = field(default_factory=dict)


def published_context(la_code: str, framework: Framework, as_of: dt.date,
                      workspace: Path | str | None = None) -> PublishedContext | None:
    """The comparators for authority `la_code` from the workspace's reference tables (else the built-in
    ones); None when there is no la_code or it matches no authority (the loader warns about that)."""
    if not la_code:
        return None
    try:
        folder = reference_dir(workspace)
        council = find_council(la_code, folder)
    except ReferenceDataError:
        return None
    region = region_code(council, folder)
    kpis: dict[str, dict[str, dict[str, Any]]] = {}
    for kpi_id, kdef in framework.kpis.items():
        own = series(kpi_id, "la", council.la_code, folder)
        if not own:
            continue
        england = series(kpi_id, "england", ENGLAND, folder)
        regional = series(kpi_id, "region", region, folder) if region else {}
        periods = {}
        for end in own:
            mean, n = neighbour_mean(kpi_id, council, end, folder)
            ranked = rank_and_quartile(kpi_id, council, end, kdef.polarity, folder)
            periods[end] = {"published_value": own[end], "england": england.get(end),
                            "region": regional.get(end), "neighbours_mean": mean, "neighbours_with_data": n,
                            "rank": ranked.rank if ranked else None, "of": ranked.of if ranked else None,
                            "quartile": ranked.quartile if ranked else None}
        kpis[kpi_id] = periods
    last = last_inspection(council.la_code, folder)
    due = last.next_inspection_by if last else None
    inspection = {
        "last": None if last is None else {
            "inspection_start": last.inspection_start.isoformat() if last.inspection_start else None,
            "inspection_end": last.inspection_end.isoformat() if last.inspection_end else None,
            "publication_date": last.publication_date.isoformat() if last.publication_date else None,
            "outcome": last.outcome, "outcome_label": last.outcome_label},
        "next_inspection_by": due.isoformat() if due else None,
        "window": inspection_window(council.la_code, as_of, folder),
        # each neighbour (DfE order) with its latest published inspection (by publication date)
        "neighbours": [{"la_code": n.la_code, "name": n.name, "outcome": i.outcome if i else None,
                        "outcome_label": i.outcome_label if i else "not inspected"}
                       for n, i in neighbour_outcomes(council, folder)],
        "national": {str(k): v for k, v in national_distribution(folder).items()},
    }
    return PublishedContext(kpis=kpis, inspection=inspection)
