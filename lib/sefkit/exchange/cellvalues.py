"""A spreadsheet cell's value as the text a workspace file holds for it.

Trackers hold dates as Excel dates, as serial numbers, as "30/09/2023", "Sept 2023" or "June 23"; numbers
as numbers or as "45%"; and status cells that join a month and a word ("June 23 Embedded"). Each is turned
into what sefkit writes (ISO dates, plain numbers, the status word), or left as written for the field's
check to name.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..dates import parse_date
from ..vocab import Vocabulary
from .grid import Value

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "June 23", "Sept 2023", "Sep-23", "March '24"
MONTH_YEAR = re.compile(rf"(?P<month>{MONTH})\.?[\s\-/]*(?P<year>\d{{4}}|'?\d{{2}})", re.IGNORECASE)
# "30 September 2023", "30 Sept 23", "1st March 2024"
DAY_MONTH_YEAR = re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]*(?P<month>{MONTH})\.?[\s\-/,]*"
                            rf"(?P<year>\d{{4}}|'?\d{{2}})", re.IGNORECASE)
SHORT_UK = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2})")
# What a KPI sheet writes where it has no figure: not available, suppressed, not applicable.
NO_FIGURE = {"", "-", "–", "—", "n/a", "na", "n.a.", "x", "c", "*", "..", ":", "tbc", "no data"}
# Excel's serial numbers for 1 January 1950 and 31 December 2199: a number in a date column between them
# is a date the sheet shows unformatted.
SERIALS = (18264.0, 109574.0)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def number_text(value: float | int) -> str:
    """A number as sefkit writes it: 12, 45.6 (the shortest text that reads back as the same number)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def plain_text(value: Value) -> str:
    """Any cell as text: dates ISO, numbers as `number_text`, text trimmed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return number_text(value)
    return str(value).strip()


def _year(text: str) -> int:
    digits = text.lstrip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def date_text(value: Value) -> str:
    """A date cell as YYYY-MM-DD; text the workspace reads as a date (30/09/2024) as written, so a sheet
    exported and imported again gives the same file. A month with no day ("Sept 2023", "June 23") is
    that month's last day: trackers write "by March 2024". Text that is no date is returned as written
    (the field's check names it)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if SERIALS[0] <= value <= SERIALS[1]:
            return (EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        return number_text(value)
    text = plain_text(value)
    if not text or parse_date(text) is not None:     # a date the workspace reads (30/09/2024): as written
        return text
    try:
        m = DAY_MONTH_YEAR.fullmatch(text)
        if m:
            return dt.date(_year(m["year"]), MONTHS[m["month"].lower()], int(m["day"])).isoformat()
        m = MONTH_YEAR.fullmatch(text)
        if m:
            return month_end(_year(m["year"]), MONTHS[m["month"].lower()]).isoformat()
        m = SHORT_UK.fullmatch(text)
        if m:
            return dt.date(2000 + int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:      # 31 February: not a date; said by the check
        return text
    return text


def figure_text(value: Value) -> tuple[str, bool]:
    """A KPI figure as text, and whether the cell said there is no figure (n/a, -, c, x...)."""
    text = plain_text(value)
    if isinstance(value, str) and text.lower() in NO_FIGURE:
        return "", bool(text)
    return text, False


def split_status(value: Value, vocab: Vocabulary) -> tuple[str, str | None]:
    """A status cell's word, and the month it gives with it ("June 23 Embedded": embedded, 2023-06) as
    YYYY-MM. The month may be a target or the month it was achieved; it is kept, not interpreted. A cell
    the vocabulary does not know is returned whole (the check names it)."""
    text = plain_text(value)
    if not text or vocab.match(text) is not None:
        return text, None
    m = re.match(rf"\s*(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{MONTH})\.?[\s\-/]*(?P<year>\d{{4}}|'?\d{{2}})\b[\s:,\-–]*",
                 text, re.IGNORECASE)
    if m and m.end() < len(text):
        word = text[m.end():].strip()
        if vocab.match(word) is not None:
            return word, f"{_year(m['year']):04d}-{MONTHS[m['month'].lower()]:02d}"
    return text, None
