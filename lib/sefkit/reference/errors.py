"""The one error type of the reference package: a problem like any other input problem.

Every problem with a reference table, a council lookup or an imported file is a
`ReferenceDataError`: an `InputError` carrying one `Problem` with the file (or
the query), line, column, a stable code and the message, so the CLI prints it
like every other problem and a notebook user sees what to fix, never a
traceback from pandas or the csv module.
"""

from __future__ import annotations

from ..problems import Code, InputError, Problem


class ReferenceDataError(InputError):
    """A reference or benchmark file that cannot be used, or a lookup that failed."""

    def __init__(self, message: str, *, path: str = "reference data", line: int = 1, column: int = 1,
                 code: Code = "reference-data"):
        self.message = message
        self.problem = Problem(path, max(line, 1), max(column, 1), "error", code, message)
        super().__init__([self.problem])

    @classmethod
    def from_problem(cls, problem: Problem) -> ReferenceDataError:
        """The error for a problem a reader recorded (reading the file, parsing its CSV or YAML)."""
        return cls(problem.message, path=problem.path, line=problem.line, column=problem.column,
                   code=problem.code)

    def __str__(self) -> str:
        return str(self.problem)


class CouncilLookupError(ReferenceDataError, LookupError):
    """No authority, or more than one, matches a query; `candidates` holds close matches."""

    def __init__(self, message: str, candidates: tuple[object, ...] = (), query: str = ""):
        super().__init__(message, path=query or "council", code="council-lookup")
        self.candidates = candidates

    def __str__(self) -> str:
        return self.message
