"""Problems found in user input, collected lazily and reported all at once.

Every user mistake becomes a `Problem` with the file, line and column a person
sees in their editor or spreadsheet. Code that reads input appends problems to a
`Problems` collection instead of raising, so one run reports everything there is
to fix (pandera's lazy validation). `InputError` carries the whole list when a
command must stop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.severity != "error", self.message)


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    error_count: int = 0   # kept up to date so readers can check "did this row add errors?" cheaply

    def error(self, path: str, line: int, column: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 1), max(column, 1), "error", message))
        self.error_count += 1

    def warning(self, path: str, line: int, column: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 1), max(column, 1), "warning", message))

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

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)
