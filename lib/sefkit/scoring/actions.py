"""Action-plan counts; overdue is derived (due before as_of and not done), never stored."""

from __future__ import annotations

import datetime as dt

from ..model import Action, CouncilData
from .annex import status_terms
from .card import ActionSummary


def is_overdue(action: Action, done_codes: set[str], as_of: dt.date) -> bool:
    return action.due is not None and action.due < as_of and action.status not in done_codes


def action_summary(data: CouncilData, as_of: dt.date) -> ActionSummary:
    vocab = data.vocab.action_status
    done = vocab.flagged()
    counts = {code: 0 for code in vocab.codes}
    for action in data.actions:
        counts[action.status] += 1
    overdue = tuple(a.ref for a in sorted(data.actions, key=lambda a: (a.due or as_of, a.ref))
                    if is_overdue(a, done, as_of))
    without_lead = tuple(a.ref for a in data.actions if not a.lead and a.status not in done)
    return ActionSummary(counts=counts, overdue=overdue, without_lead=without_lead, statuses=status_terms(vocab))
