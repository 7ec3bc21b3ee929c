"""Reference data for every English local authority: codes, names and statistical neighbours,
published DfE SEN2 benchmarks, and area SEND inspection outcomes.

The compact tables in `sef/reference/` are derived from public files by
`tools/derive_reference.py` (sources, licences and decisions in
`sef/reference/README.md`). A workspace may keep refreshed copies in its own
`sef/reference/` (`sef benchmarks import`); every function takes `workspace`
(a workspace folder, or a reference folder itself) and falls back to the
built-in tables.

    >>> from sefkit import reference as ref
    >>> ref.find_council("Wakefield").la_code
    '384'
"""

from __future__ import annotations

from .benchmarks import (
    ENGLAND,
    NeighbourMean,
    Rank,
    england,
    kpi_ids,
    la_series,
    load_benchmarks,
    neighbour_mean,
    rank_and_quartile,
    region,
    region_code,
    series,
)
from .councils import Council, find_council, la_code_of, load_councils, neighbours
from .ees import DEFAULT_MAP, ImportResult, import_ees, read_ees
from .errors import CouncilLookupError, ReferenceDataError
from .inspections import (
    OUTCOME_LABELS,
    Inspection,
    full_inspection_due,
    inspection_window,
    last_inspection,
    load_inspections,
    national_distribution,
    neighbour_outcomes,
    next_inspection_due,
)
from .location import builtin_reference_dir, reference_dir, reference_file

__all__ = [
    "DEFAULT_MAP", "ENGLAND", "OUTCOME_LABELS", "Council", "CouncilLookupError", "ImportResult", "Inspection",
    "NeighbourMean", "Rank", "ReferenceDataError", "builtin_reference_dir", "england", "find_council",
    "full_inspection_due", "import_ees", "inspection_window", "kpi_ids", "la_code_of", "la_series",
    "last_inspection", "load_benchmarks", "load_councils", "load_inspections", "national_distribution",
    "neighbour_mean", "neighbour_outcomes", "neighbours", "next_inspection_due", "rank_and_quartile",
    "read_ees", "reference_dir", "reference_file", "region", "region_code", "series",
]
