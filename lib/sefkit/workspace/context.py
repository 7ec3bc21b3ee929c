"""What the per-record checks need to know besides the record: the council's framework, the
vocabularies and rules in use, and the dates that make a value stale or in the future."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..dates import shift_months
from ..framework import Framework
from ..rules import Rules
from ..vocab import Vocabularies


@dataclass(frozen=True)
class CheckContext:
    framework: Framework
    vocab: Vocabularies
    rules: Rules
    as_of: dt.date
    today: dt.date
    stale_before: dt.date = field(init=False)       # evidence last reviewed before this is stale
    strengths: frozenset[str] = field(init=False)   # the evidence strengths, as written in the file

    def __post_init__(self) -> None:   # worked out once, not for each of a large library's rows
        object.__setattr__(self, "stale_before", shift_months(self.as_of, -self.rules.window_months))
        object.__setattr__(self, "strengths", frozenset(t.code for t in self.vocab.evidence_strength.terms))
