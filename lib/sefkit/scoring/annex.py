"""Annex A readiness: each item's status from the evidence mapped to it."""

from __future__ import annotations

import datetime as dt

from ..model import CouncilData, EvidenceItem
from ..rules import Rules
from ..vocab import Vocabulary
from .card import MISSING, AnnexResult, AnnexSummary, StatusTerm


def status_terms(vocab: Vocabulary) -> tuple[StatusTerm, ...]:
    return tuple(StatusTerm(t.code, t.label, t.rag, t.flag, t.colour) for t in vocab.terms)


def annex_readiness(data: CouncilData, rules: Rules, stale_before: dt.date) -> AnnexSummary:
    vocab = data.vocab.readiness_status
    order = vocab.codes                                  # least ready first
    rank = {code: i for i, code in enumerate(order)}
    pick_most_ready = rules.item_status == "most_ready"
    by_item: dict[str, list[EvidenceItem]] = {}
    for item in data.evidence:
        if item.annex_a:
            by_item.setdefault(item.annex_a, []).append(item)
    counts = {code: 0 for code in order}
    counts[MISSING] = 0
    results, stale_ids = [], []
    ready_codes = vocab.flagged()
    for annex in data.framework.annex_a.values():
        items = by_item.get(annex.id, [])                # file order: deterministic
        newest: dt.date | None
        if not items:
            status, stale, newest = MISSING, False, None
        else:
            ranks = [rank[e.status] for e in items]
            status = order[max(ranks) if pick_most_ready else min(ranks)]
            newest = max(e.last_reviewed for e in items)
            stale = newest < stale_before
        counts[status] += 1
        if stale:
            stale_ids.append(annex.id)
        results.append(AnnexResult(
            id=annex.id, title=annex.title, status=status, stale=stale, evidence=tuple(e.id for e in items),
            owners=tuple(dict.fromkeys(e.owner for e in items)), last_reviewed=newest, requested=annex.requested))
    total = len(results)
    ready = sum(counts[c] for c in ready_codes)
    ready_pct = round(100.0 * ready / total, 1) if total else 0.0
    return AnnexSummary(counts=counts, ready_pct=ready_pct, stale=tuple(stale_ids), items=tuple(results),
                        statuses=status_terms(vocab))
