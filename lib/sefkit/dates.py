"""Dates as people and other tools write them, and month arithmetic (one place for both).

People write `2025-09-30`; Excel in the UK shows `30/09/2025`; other tools and
sefkit itself write date-times (`2026-10-20T10:00:00`, with or without an
offset, `Z` for UTC). All are read here. What sefkit writes is a date-time with
the machine's UTC offset, to the second.

Every date sefkit reads lies between 1900 and 2199: scoring and reports count
months and days back and forward from the dates they are given, and a year 1 or
9999 (a typo, or a placeholder for "never") would take them off the calendar.
"""

from __future__ import annotations

import datetime as dt
import re

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A date and a time: 'T' or one space between; seconds and fractions optional; Z or +hh:mm / +hhmm optional.
ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)\s*(Z|[+-]\d{2}:?\d{2})?",
                          re.IGNORECASE)
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def out_of_range(day: dt.date) -> str | None:
    """Why `day` is not a date sefkit works with (None if it is one): say it in a message after the value."""
    if EARLIEST <= as_date(day) <= LATEST:
        return None
    return f"is outside the years {EARLIEST.year}-{LATEST.year}; is the year a typo? (Leave it empty for no date.)"


def parse_datetime(text: str) -> dt.datetime | dt.date | None:
    """A date (`2025-09-30`, `30/09/2025`) or a date-time (`2026-10-20T10:00:00+01:00`); None if neither.

    A date-time keeps its offset when it has one (an aware datetime), else it is naive."""
    text = text.strip()
    try:
        if ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        m = ISO_DATETIME.fullmatch(text)
        if m:
            offset = (m.group(3) or "").upper()
            if offset and offset != "Z" and ":" not in offset:
                offset = offset[:3] + ":" + offset[3:]
            return dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{'+00:00' if offset == 'Z' else offset}")
        m = UK_DATE.fullmatch(text)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


def parse_date(text: str) -> dt.date | None:
    """The calendar date of `text` (a date-time gives its own date, as written); None if not a date."""
    value = parse_datetime(text)
    return value.date() if isinstance(value, dt.datetime) else value


def as_date(value: dt.date) -> dt.date:
    """A date-time's date; a date as it is (datetime is a subclass of date)."""
    return value.date() if isinstance(value, dt.datetime) else value


def now() -> dt.datetime:
    """This moment with the machine's UTC offset, to the second: what sefkit writes as `updated_at`."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier if negative); the month's last day when it is shorter
    (31 August + 18 months = 28 February; 31 March - 1 month = 28 or 29 February).

    ValueError past the calendar's ends (year 1 or 9999): inputs are kept between EARLIEST and LATEST."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(f"{day} shifted by {months} months is off the calendar")
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month0 + 1, d)
        except ValueError:
            continue
    raise AssertionError(day)  # unreachable: every month has a 28th
