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


def period_end(time_period: str, time_identifier: str, path: str = "", line: int = 1,
               columns: tuple[int, int] = (1, 1)) -> tuple[dt.date, str]:
    """(period end, label) for one EES time code.

    A code we cannot date raises a ReferenceDataError at `path:line`, in the column at fault: `columns`
    are the numbers of the time_period and time_identifier columns."""
    tp = (time_period or "").strip()
    ti = re.sub(r"\s+", " ", (time_identifier or "").strip().lower())

    def fail(column: str, message: str) -> ReferenceDataError:
        number = columns[0] if column == "time_period" else columns[1]
        return ReferenceDataError(f"column '{column}': {message}" if path else message, path=path or column,
                                  line=line, column=number, code="not-a-date")

    one_year = re.fullmatch(r"(\d{4})", tp)
    two_year = re.fullmatch(r"(\d{4})(\d{2})", tp)
    first = int(two_year.group(1)) if two_year else 0
    if two_year and (first + 1) % 100 != int(two_year.group(2)):
        raise fail("time_period", f"time_period {tp!r} is not two consecutive years (e.g. 201920)")
    if ti == "calendar year":
        if one_year:
            return dt.date(int(tp), 12, 31), tp
        if two_year:
            return dt.date(first, 12, 31), str(first)
    elif ti == "academic year" and two_year:
        return dt.date(first + 1, 8, 31), f"{first}/{tp[4:]}"
    elif ti == "financial year" and two_year:
        return dt.date(first + 1, 3, 31), f"{first}-{tp[4:]}"
    # The code is at fault unless it has a shape we read and the identifier is one we do not know.
    known = ti in ("calendar year", "academic year", "financial year")
    raise fail("time_identifier" if (one_year or two_year) and not known else "time_period",
               f"cannot date time_period {tp!r} with time_identifier {time_identifier!r}; sefkit reads "
               "calendar years (2019 or 202425), academic years (201920) and financial years (201920)")
