"""The one error type of the reference package.

Every problem with a reference table, a council lookup or an imported file is a
`ReferenceDataError` whose message starts with the file (or query) concerned, so
the CLI can print it as it is and a notebook user sees what to fix, never a
traceback from pandas or the csv module.
"""

from __future__ import annotations


class ReferenceDataError(Exception):
    """A reference or benchmark file that cannot be used, or a lookup that failed; the message says why."""


class CouncilLookupError(ReferenceDataError, LookupError):
    """No authority, or more than one, matches a query; `candidates` holds close matches."""

    def __init__(self, message: str, candidates: tuple = ()):
        super().__init__(message)
        self.candidates = candidates
