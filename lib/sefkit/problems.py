"""Problems found in user input, collected lazily and reported all at once.

Every user mistake becomes a `Problem`: the file, line and column a person sees
in their editor or spreadsheet, a severity, a stable code (for tools and for
looking a message up in docs/problem-codes.md) and a sentence saying what to
do. Code that reads input appends problems to a `Problems` collection instead
of raising, so one run reports everything there is to fix (pandera's lazy
validation). `InputError` carries the whole list when a command must stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

Severity = Literal["error", "warning"]

# Stable codes, grouped by what they are about. A new message gets a code here (mypy checks every call
# site uses one of these; docs/problem-codes.md explains each, and a test keeps the two in step).
Code = Literal[
    # reading a file at all
    "file-missing", "file-unreadable", "file-too-large", "file-empty", "not-text", "encoding",
    "invalid-character",
    # CSV structure
    "csv-delimiter", "csv-quoting", "csv-header", "column-missing", "column-duplicate", "row-too-long",
    "row-too-short",
    # YAML structure
    "yaml-syntax", "yaml-shape", "yaml-limit", "key-duplicate", "key-missing",
    # names of columns and keys
    "name-near-miss", "name-unread",
    # cell and value types
    "value-required", "not-a-date", "not-a-number", "not-a-list", "not-text-value", "out-of-range",
    "date-order", "date-in-future", "date-after-as-of", "stale-evidence",
    # words and ids
    "unknown-word", "unknown-id", "unknown-kpi", "duplicate-id", "overdue-stored", "id-invalid",
    "mismatch", "unlinked-judgement",
    # personal data
    "personal-data",
    # catalogues, vocabularies and scoring rules
    "catalogue", "vocabulary", "rules",
    # reference data and imports of published statistics
    "reference-data", "council-lookup",
    # the command line, saving and the report notebook
    "argument", "exists", "conflict", "not-found", "write-failed", "notebook-invalid",
    # importing a tracker
    "import-header",
]
CODES: tuple[str, ...] = get_args(Code)

# What a terminal acts on instead of showing: C0 and C1 controls (ESC starts the sequences that retitle or
# clear it), DEL, lone surrogates (stdout cannot even encode them), line and paragraph separators, and the
# bidirectional controls that make text read other than it is written.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(ch: str) -> str:
    """One character as a Python-style escape a person can read: \\x1b, \\u202e, \\n."""
    n = ord(ch)
    return SHORT.get(ch) or (f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}")


def printable(text: str, keep: str = "") -> str:
    """`text` safe to print on a terminal: every unsafe character but those in `keep` (say "\\n" for a
    multi-line summary) shown as an escape, never acted on."""
    return UNSAFE.sub(lambda m: m.group() if m.group() in keep else escaped(m.group()), text)


@dataclass(frozen=True)
class Problem:
    path: str           # a file as the user sees it, or (line 0) a command-line option
    line: int           # 1-based; 0: not about a place in a file
    column: int
    severity: Severity
    code: Code
    message: str

    def __str__(self) -> str:
        # One line, whatever the file held: a cell's newline or escape sequence is shown, not acted on.
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return printable(f"{where}: {self.severity}: {self.message} [{self.code}]")

    def sort_key(self) -> tuple[str, int, int, bool, str]:
        return (self.path, self.line, self.column, self.severity != "error", self.message)


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    error_count: int = 0   # kept up to date so readers can check "did this row add errors?" cheaply

    def error(self, code: Code, path: str, line: int, column: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 0), max(column, 1), "error", code, message))
        self.error_count += 1

    def warning(self, code: Code, path: str, line: int, column: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 0), max(column, 1), "warning", code, message))

    def extend(self, other: Iterable[Problem]) -> None:
        for problem in other:
            self.items.append(problem)
            self.error_count += problem.severity == "error"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def has_errors(self) -> bool:
        return self.error_count > 0

    def sorted(self) -> list[Problem]:
        # Keep a stable, file-ordered listing; de-duplicate identical reports.
        return sorted(set(self.items), key=Problem.sort_key)

    def raise_if_errors(self) -> None:
        if self.error_count:
            raise InputError(self.items)

    def __len__(self) -> int:
        return len(self.items)


class InputError(Exception):
    """Raised when user input has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=Problem.sort_key)
        errors = sum(1 for p in self.problems if p.severity == "error")
        shown = [str(p) for p in self.problems if p.severity == "error"][:20]
        more = f"\n... and {errors - len(shown)} more" if errors > len(shown) else ""
        super().__init__(f"{errors} error(s) in the input:\n" + "\n".join(shown) + more)

    @classmethod
    def one(cls, code: Code, path: str, message: str, line: int = 1, column: int = 1) -> InputError:
        """One error; `line=0` for a mistake not in a file (a command-line option)."""
        return cls([Problem(path, max(line, 0), max(column, 1), "error", code, message)])

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)
