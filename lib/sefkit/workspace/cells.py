"""Typed values out of one record's cells, each problem recorded at its file, line and column.

Shared by the per-kind checks, which a form calls on one record and a reader on
every record of a file: the same words, the same messages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from ..dates import out_of_range, parse_date
from ..framework import Framework
from ..privacy import person_like
from ..problems import Code, Problems
from ..textio import invalid_character
from ..vocab import Vocabulary

THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
# No figure a partnership records comes near this; beyond it differences and trends overflow to "inf".
LARGEST = 1e12


def parse_number(text: str) -> float | None:
    """A number as councils write it (1,234; 45%; £1,200); a comma that is not a thousands separator
    ("15,5": a decimal comma) is not a number, rather than 155."""
    cleaned = text.strip().replace("£", "").rstrip("%").strip()
    if "," in cleaned:
        if not THOUSANDS.fullmatch(cleaned):
            return None
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def split_ids(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]


class Cells:
    """One record: `values` maps a field to its trimmed text; `column(field)` says where it is.

    A form builds one with `Cells.of_form` and calls the same check a reader calls on a file's row, so
    it shows exactly the messages `sef validate` would."""

    def __init__(self, shown: str, line: int, values: dict[str, str], column: Callable[[str], int],
                 problems: Problems):
        self.shown, self.line, self.values, self.column, self.problems = shown, line, values, column, problems

    @classmethod
    def of_form(cls, shown: str, values: Mapping[str, str], names: list[str], problems: Problems) -> Cells:
        """A form's fields as one record, not (yet) at a line of the file: its problems print as
        `file: error: ...`, with the field's column as the file's spec orders them."""
        trimmed = {name: str(value).strip() for name, value in values.items()}
        cells = cls(shown, 0, trimmed, lambda name: names.index(name) + 1 if name in names else 1, problems)
        cells.check_characters()
        return cells

    def check_characters(self) -> None:
        """An error for each value holding a character no output can carry (a file's rows are checked
        as they are read, with their extra columns: `sources.table_for`)."""
        for name, value in self.values.items():
            found = invalid_character(value)
            if found is not None:
                self.error("invalid-character", name, f"'{name}' {found[1]}")

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def error(self, code: Code, name: str, message: str) -> None:
        self.problems.error(code, self.shown, self.line, self.column(name), message)

    def warning(self, code: Code, name: str, message: str) -> None:
        self.problems.warning(code, self.shown, self.line, self.column(name), message)

    def text(self, name: str, required: bool = False) -> str:
        value = self.get(name)
        if required and not value:
            self.error("value-required", name, f"'{name}' is empty; it is required")
        return value

    def date(self, name: str, required: bool = False) -> dt.date | None:
        value = self.get(name)
        if not value:
            if required:
                self.error("value-required", name, f"'{name}' is empty; give a date as YYYY-MM-DD")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error("not-a-date", name, f"'{name}' is {value!r}, not a date; write it as YYYY-MM-DD")
            return None
        wrong = out_of_range(parsed)
        if wrong:
            self.error("out-of-range", name, f"'{name}' {value} {wrong}")
            return None
        return parsed

    def number(self, name: str) -> float | None:
        value = self.get(name)
        if not value:
            return None
        parsed = parse_number(value)
        if parsed is None:
            hint = "; write decimals with a point (15.5)" if re.fullmatch(r"-?\d+,\d+", value.strip()) else ""
            self.error("not-a-number", name, f"'{name}' is {value!r}, not a number{hint}")
        elif abs(parsed) > LARGEST:
            self.error("out-of-range", name, f"'{name}' is {value}, larger than any figure sefkit scores "
                       f"({LARGEST:,.0f}); is it a typo?")
            return None
        return parsed

    def word(self, name: str, vocab: Vocabulary, what: str) -> str | None:
        value = self.get(name)
        if not value:
            self.error("value-required", name, f"'{name}' is empty; use one of: {vocab.choices()}")
            return None
        code = vocab.match(value)
        if code is None:
            self.error("unknown-word", name, f"'{value}' is not {what}; use one of: {vocab.choices()}")
        return code

    def criteria(self, name: str, fw: Framework) -> tuple[str, ...]:
        out: list[str] = []
        for part in split_ids(self.get(name)):
            cid = fw.resolve_criterion(part)
            if cid is None:
                self.error("unknown-id", name, f"'{part}' is not a criterion of framework '{fw.id}'"
                           f"{fw.suggest('criteria', part)}")
            elif cid not in out:
                out.append(cid)
        return tuple(out)

    def role(self, name: str) -> str:
        """A role (owner, lead): a warning if it looks like a person (it would be published)."""
        value = self.get(name)
        reason = person_like(value)
        if reason:
            self.warning("personal-data", name, f"'{name}' {reason}; record a role (e.g. 'Head of SEND'), "
                         "not a person")
        return value
