"""sef/<council>/self-assessment.yaml: the partnership's evaluation of each criterion, entry by entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..dates import as_date, out_of_range, parse_datetime
from ..model import Assessment
from ..privacy import person_like
from ..problems import Problems
from ..yamlfile import Pos, YamlDoc
from .cells import split_ids
from .context import CheckContext
from .specs import SELF_ASSESSMENT, Spec, match_name

Where = Callable[..., Pos]


def read_keys(entry: dict[Any, Any], spec: Spec, shown: str, key_pos: Where, problems: Problems,
              ) -> tuple[dict[str, Any], dict[str, str], tuple[tuple[str, Any], ...]]:
    """(values by field, the key each field was written as, extra keys kept as written).

    A key written with other case, spaces, '-' or '_' is read as the field; a near miss is an error naming
    the field meant (read as an extra, it would silently change a result)."""
    values: dict[str, Any] = {}
    written: dict[str, str] = {}
    extra: list[tuple[str, Any]] = []
    near: list[tuple[str, str]] = []
    for key, value in entry.items():
        match = match_name(str(key), spec)
        if match.field is None:
            extra.append((str(key), value))
            if match.meant:
                near.append((str(key), match.meant))
            continue
        if match.field in written:
            problems.error("key-duplicate", shown, *key_pos(key), f"'{key}' is '{match.field}' again (first as "
                           f"'{written[match.field]}'); keep one")
            continue
        values[match.field], written[match.field] = value, str(key)
    for key, meant in near:
        if meant in written:
            problems.warning("name-unread", shown, *key_pos(key), f"key '{key}' is not read by sefkit (kept as an "
                             f"extra key); it looks like '{meant}', which is also given")
        else:
            problems.error("name-near-miss", shown, *key_pos(key), f"key '{key}' is not a key sefkit reads; did "
                           f"you mean '{meant}'? Rename it, or the {meant} would be left out")
    return values, written, tuple(extra)


def check_assessment(cid: str, entry: dict[Any, Any], ctx: CheckContext, shown: str, problems: Problems,
                     evidence_ids: set[str] | None = None, at: Where = lambda *_: (1, 1),
                     key_at: Where | None = None) -> Assessment | None:
    """One criterion's entry (from the file, or a form's fields); None if it has an error.

    `at(field)` / `key_at(key)` give the position of a value / key (a form has none: line 1)."""
    key_at = key_at or at
    before = problems.error_count
    values, written, extra = read_keys(entry, SELF_ASSESSMENT, shown, key_at, problems)

    def pos(name: str, *more: Any) -> Pos:
        return at(written.get(name, name), *more)

    vocab = ctx.vocab
    judgement: str | None = vocab.not_assessed
    if values.get("judgement") not in (None, ""):
        judgement = vocab.judgement.match(str(values["judgement"]))
        if judgement is None:
            problems.error("unknown-word", shown, *pos("judgement"), f"{cid}: judgement '{values['judgement']}' "
                           f"is not on the scale; use one of: {vocab.judgement.choices()}")
    confidence = None
    if values.get("confidence") not in (None, ""):
        confidence = vocab.confidence.match(str(values["confidence"]))
        if confidence is None:
            problems.error("unknown-word", shown, *pos("confidence"), f"{cid}: confidence '{values['confidence']}' "
                           f"is not one of: {vocab.confidence.choices()}")
    ev = values.get("evidence") or []
    if isinstance(ev, str):
        ev = split_ids(ev)
    if not isinstance(ev, list):
        problems.error("not-a-list", shown, *pos("evidence"), f"{cid}: evidence must be a list of evidence ids")
        ev = []
    for i, ref in enumerate(ev):
        if evidence_ids is not None and str(ref) not in evidence_ids:
            problems.error("unknown-id", shown, *pos("evidence", i),
                           f"{cid}: evidence id '{ref}' is not in the evidence library (evidence.csv)")
    updated_at = _updated_at(cid, values.get("updated_at"), ctx, shown, pos("updated_at"), problems)
    updated_by = str(values.get("updated_by") or "")
    reason = person_like(updated_by)
    if reason:
        problems.warning("personal-data", shown, *pos("updated_by"), f"{cid}: updated_by {reason}; record a role, "
                         "not a person")
    for name in ("strengths", "areas_for_development", "next_steps", "updated_by"):
        if isinstance(values.get(name), (list, dict)):
            problems.error("not-text-value", shown, *pos(name), f"{cid}: {name} must be text")
    if judgement not in (None, vocab.not_assessed) and not ev:
        problems.warning("unlinked-judgement", shown, *key_at(), f"{cid}: evaluated as '{judgement}' but no "
                         "evidence is linked")
    if problems.error_count > before or judgement is None:
        return None
    return Assessment(
        criterion=cid, judgement=judgement, confidence=confidence,
        strengths=str(values.get("strengths") or "").strip(),
        areas_for_development=str(values.get("areas_for_development") or "").strip(),
        next_steps=str(values.get("next_steps") or "").strip(),
        evidence=tuple(str(e) for e in ev), updated_by=updated_by, updated_at=updated_at, extra=extra)


def _updated_at(cid: str, value: Any, ctx: CheckContext, shown: str, where: Pos, problems: Problems
                ) -> dt.date | None:
    """A date or a date-time, quoted or not, with or without an offset."""
    if value is None or value == "":
        return None
    parsed = value if isinstance(value, dt.date) else parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        problems.error("not-a-date", shown, *where, f"{cid}: updated_at {value!r} is not a date or date-time "
                       "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, with or without an offset)")
        return None
    wrong = out_of_range(parsed)
    if wrong:
        problems.error("out-of-range", shown, *where, f"{cid}: updated_at {as_date(parsed)} {wrong}")
        return None
    if isinstance(parsed, dt.datetime) and type(parsed) is not dt.datetime:   # ruamel's TimeStamp subclass
        parsed = dt.datetime.fromisoformat(parsed.isoformat())
    if as_date(parsed) > ctx.today:
        problems.error("date-in-future", shown, *where, f"{cid}: updated_at {as_date(parsed)} is in the future")
    return parsed


def read_self_assessment(doc: YamlDoc, ctx: CheckContext, evidence_ids: set[str] | None,
                         problems: Problems) -> dict[str, Assessment]:
    shown, fw = doc.shown, ctx.framework
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.error("yaml-shape", shown, 1, 1, "expected a mapping from criterion id (e.g. IMP-1) to its "
                       "self-assessment")
        return {}
    out: dict[str, Assessment] = {}
    first_key: dict[str, str] = {}
    for key, entry in doc.data.items():
        key_text = str(key)
        where = doc.key_pos(key)
        cid = fw.resolve_criterion(key_text)
        if cid is None:
            problems.error("unknown-id", shown, *where, f"'{key_text}' is not a criterion of framework '{fw.id}'"
                           f"{fw.suggest('criteria', key_text)}")
            continue
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            problems.error("yaml-shape", shown, *doc.pos(key), f"{cid}: expected judgement, confidence, "
                           "strengths, ... under it")
            continue
        if cid in first_key:
            problems.error("key-duplicate", shown, *where, f"'{key_text}' is {cid} again (first as "
                           f"'{first_key[cid]}' on line {doc.key_pos(first_key[cid])[0]}); keep one entry per "
                           "criterion")
            continue
        first_key[cid] = key_text
        assessment = check_assessment(
            cid, entry, ctx, shown, problems, evidence_ids,
            at=lambda *path, k=key: doc.pos(k, *path), key_at=lambda *path, k=key: doc.key_pos(k, *path))
        if assessment is not None:
            out[cid] = assessment
    return out
