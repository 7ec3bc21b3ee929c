"""What the per-record checks need to know besides the record: the council's framework, the
vocabularies and rules in use, and the dates that make a value stale or in the future."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

    @property
    def stale_before(self) -> dt.date:
        return shift_months(self.as_of, -self.rules.window_months)
