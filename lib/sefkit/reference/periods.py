"""Turning Explore Education Statistics time codes into a period end date and a label.

EES files say *when* with two columns: `time_period` (`2019`, `201920`) and
`time_identifier` (`Calendar year`, `Academic year`, `Financial year`...).
Comparisons across councils and years need one date per figure, so:

| time_period | time_identifier | period_end | label   |
|-------------|-----------------|------------|---------|
| 2019        | Calendar year   | 2019-12-31 | 2019    |
| 201920      | Academic year   | 2020-08-31 | 2019/20 |
| 201920      | Financial year  | 2020-03-31 | 2019-20 |
| 202425      | Calendar year   | 2024-12-31 | 2024    |

The last line is the SEN2 "reporting year" convention: the January 2025
collection (reporting year 2024/25, the June 2025 release) reports activity in
calendar year 2024, and a 2025 calendar-year figure could not have been
published in June 2025. So a two-year code marked "Calendar year" means the
calendar year it starts with.
"""

from __future__ import annotations

import datetime as dt
import re

from .errors import ReferenceDataError


def period_end(time_period: str, time_identifier: str, where: str = "") -> tuple[dt.date, str]:
    """(period end, label) for one EES time code; a code we cannot date raises with `where` in the message."""
    tp = (time_period or "").strip()
    ti = re.sub(r"\s+", " ", (time_identifier or "").strip().lower())
    prefix = f"{where}: " if where else ""
    one_year = re.fullmatch(r"(\d{4})", tp)
    two_year = re.fullmatch(r"(\d{4})(\d{2})", tp)
    if two_year:
        first, second = int(two_year.group(1)), int(two_year.group(2))
        if (first + 1) % 100 != second:
            raise ReferenceDataError(f"{prefix}time_period {tp!r} is not two consecutive years (e.g. 201920)")
    if ti == "calendar year":
        if one_year:
            return dt.date(int(tp), 12, 31), tp
        if two_year:
            return dt.date(first, 12, 31), str(first)
    elif ti == "academic year" and two_year:
        return dt.date(first + 1, 8, 31), f"{first}/{tp[4:]}"
    elif ti == "financial year" and two_year:
        return dt.date(first + 1, 3, 31), f"{first}-{tp[4:]}"
    raise ReferenceDataError(
        f"{prefix}cannot date time_period {tp!r} with time_identifier {time_identifier!r}; sefkit reads "
        "calendar years (2019 or 202425), academic years (201920) and financial years (201920)")
