"""Generate the bundled demo workspace: three FICTIONAL local area partnerships.

    python tools/make_demo.py [--out DIR]

Writes, for brightwater, kestrel-vale and greyhaven:

    parameters/<council>.yaml
    evidence/<council>/evidence.csv, kpis.csv, actions.csv
    sef/<council>/self-assessment.yaml
    evidence/README.md

in the workspace format v1 (docs/workspace-format.md). Deterministic: every
council has its own random.Random with a fixed seed and nothing depends on the
clock or on hash order, so running it twice gives byte-identical files.
Regenerate rather than hand-edit.

The councils, their figures and their documents are invented. Their shape is
modelled on real trackers (a four-state Annex A readiness tracker, an
accelerated progress plan with role leads, dated progress and evidence of
impact); no real area's data is used and no person or child is named.
The hand-written content is data in tools/demo/: the councils and their
settings (councils.yaml), the evidence library (library.yaml), the action plan
pool (actions.yaml), the KPI series (kpis.yaml) and the self-assessments
(self-assessment.yaml). Column names, framework ids (criteria, Annex A items
and what each evidences, KPIs), England comparators and status codes come from
sefkit in lib/, and the data is checked against them before anything is written.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import struct
import sys
import textwrap
import zlib
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML, YAMLError

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "demo"
sys.path.insert(0, str(ROOT / "lib"))

from sefkit.framework import Catalogues  # noqa: E402 (lib/ is put on the path first)
from sefkit.vocab import load_vocabularies  # noqa: E402 (lib/ is put on the path first)
from sefkit.workspace.specs import ACTIONS, EVIDENCE, KPIS  # noqa: E402 (lib/ is put on the path first)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
KINDS = ("describes", "impact")     # what a document can show: what is done, or impact
GENERAL_KEY = "general"             # in the data: no Annex A item (written "" here)


class DemoDataError(Exception):
    pass


def load(name: str):
    try:
        return YAML(typ="safe", pure=True).load(DATA / name)
    except (OSError, YAMLError) as exc:
        raise DemoDataError(f"tools/demo/{name}: {exc}") from None


def _none_general(key: str) -> str:
    return "" if key == GENERAL_KEY else key


# ---------------------------------------------------------------------------------------------
# Councils, settings and wordings (tools/demo/councils.yaml).
@dataclass(frozen=True)
class Council:
    slug: str
    name: str
    region: str
    seed: int
    profile: str                           # its column in the README table
    ref_style: str                         # "SIP a.n", "APP a.p.n" or "APP a.n"
    annex_status: dict[str, str]           # Annex A item -> its least ready evidence status
    other_status: dict[str, float]         # status of the item's other evidence (never less ready)
    items_per_annex: dict[int, float]
    min_items: int
    general: tuple[int, ...]               # which GENERAL items the library holds
    cover: int                             # at least this many items name each criterion
    force: dict[tuple[str, int], tuple]    # (Annex A item, candidate) -> (status, strength)
    strength: dict[str, list[int]]         # kind -> strengths to draw from
    cap_in_progress: int
    weak_annex: tuple[str, ...]            # Annex A items with only weak (0-1) evidence
    stale_share: float
    stale_share_at_risk: float
    stale_days: tuple[int, int]
    wording_share: float                   # share of status cells written as a label or synonym
    note_share: float
    worst_notes: dict[str, str]
    action_count: int
    must_actions: tuple[str, ...]          # Annex A ids whose actions are always in the plan
    action_status: dict[str, dict[str, float]]   # Annex A readiness ("": none) -> action status weights
    overdue: int
    no_lead: int
    no_due: int
    progress_age: tuple[int, int]          # days between a progress update and as_of
    assessment_evidence: int               # evidence ids each judgement cites
    assessment_age: tuple[tuple[int, int], ...]   # days between a judgement's update and as_of
    assessment_by: str = ""                # who updated every judgement ("": UPDATED_BY)
    late_only_in_progress: bool = False    # only actions in progress are overdue


def council(d: dict) -> Council:
    try:
        return Council(**{
            **d,
            "annex_status": {item: status for status, items in d["annex_status"].items() for item in items},
            "general": tuple(d["general"]),
            "force": {(_none_general(item), index): tuple(value)
                      for item, documents in (d.get("force") or {}).items()
                      for index, value in documents.items()},
            "weak_annex": tuple(d["weak_annex"]),
            "stale_days": tuple(d["stale_days"]),
            "must_actions": tuple(d["must_actions"]),
            "action_status": {_none_general(k): weights for k, weights in d["action_status"].items()},
            "progress_age": tuple(d["progress_age"]),
            "assessment_age": tuple(tuple(days) for days in d["assessment_age"]),
        })
    except (KeyError, TypeError, AttributeError) as exc:
        raise DemoDataError(f"tools/demo/councils.yaml: council {d.get('slug')!r}: {exc}") from None


_SETTINGS = load("councils.yaml")
AS_OF = dt.date.fromisoformat(_SETTINGS["as_of"])
FRAMEWORK = _SETTINGS["framework"]
STATUS_WORDS: dict[str, list[str]] = _SETTINGS["readiness_words"]
ACTION_WORDS: dict[str, list[str]] = _SETTINGS["action_words"]
COUNCILS = [council(d) for d in _SETTINGS["councils"]]
README: str = _SETTINGS["readme"]

# ---------------------------------------------------------------------------------------------
# What sefkit declares: framework ids, status codes, column names (EVIDENCE, KPIS, ACTIONS).
FW = Catalogues().get(FRAMEWORK)
VOCAB = load_vocabularies()
CRITERIA = list(FW.criteria)
READINESS = VOCAB.readiness_status.codes       # least ready first
RANK = {code: i for i, code in enumerate(READINESS)}
DONE = VOCAB.action_status.flagged()           # action codes that count as done

# ---------------------------------------------------------------------------------------------
# Evidence library (tools/demo/library.yaml). Per Annex A item: the usual owner (a role) and candidate
# documents as (title, criteria, kind, file type[, owner]); criteria joined with ";".
_LIBRARY = load("library.yaml")
LIBRARY: dict[str, tuple[str, list[tuple]]] = {
    item: (entry["owner"], [(title, ";".join(crits), *rest) for title, crits, *rest in entry["documents"]])
    for item, entry in _LIBRARY["annex_a"].items()}
GENERAL = [(title, ";".join(crits), *rest) for title, crits, *rest in _LIBRARY["general"]]
NOTES: dict[str, list[str]] = _LIBRARY["notes"]

# Action plan pool (tools/demo/actions.yaml). Per action: (area, project, action text, criteria,
# lead, Annex A item it relates to (or ""), what "done" looks like, what partial progress looks
# like, impact in words).
_ACTIONS = load("actions.yaml")
ACTION_POOL = [(a["area"], a["project"], a["action"], ";".join(a["criteria"]), a["lead"],
                a.get("annex_a", ""), a["done"], a["partial"], a.get("impact", ""))
               for a in _ACTIONS["actions"]]
DELAY_REASONS: list[str] = _ACTIONS["delay_reasons"]
NOT_STARTED_REASONS: list[str] = _ACTIONS["not_started_reasons"]

# Self-assessments (tools/demo/self-assessment.yaml): (judgement, confidence, strengths, areas for
# development) per criterion; who updated each criterion unless the council names one person.
_ASSESSMENTS = load("self-assessment.yaml")
SELF_ASSESSMENT = {
    slug: {cid: (e["judgement"], e["confidence"], e["strengths"], e["areas_for_development"])
           for cid, e in entries.items()}
    for slug, entries in _ASSESSMENTS["assessments"].items()}
UPDATED_BY: dict[str, str] = _ASSESSMENTS["updated_by"]


# ---------------------------------------------------------------------------------------------
# KPI series (tools/demo/kpis.yaml). A period is written "calendar 2024", "financial 2024/25",
# "academic 2023/24", "census 2025", "dec-feb 2024/25", "Q2 2024" or "year to September 2025".
SPANS = {"financial": ("04-01", "03-31"), "academic": ("09-01", "08-31"),
         "dec-feb": ("12-01", "02-28")}    # NEET averages end on 28 February, leap year or not


def _month_end(day: dt.date) -> dt.date:
    """The last day of day's month (periods end there; action plans set due dates there)."""
    nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def parse_period(text: str) -> tuple[str, int, int]:
    """(kind, year the period ends in, quarter or month)."""
    if m := re.fullmatch(r"(calendar|census) (\d{4})", str(text)):
        return m[1], int(m[2]), 0
    if (m := re.fullmatch(r"(financial|academic|dec-feb) (\d{4})/(\d{2})", str(text))) and \
            int(m[3]) == (int(m[2]) + 1) % 100:
        return m[1], int(m[2]) + 1, 0
    if m := re.fullmatch(r"Q([1-4]) (\d{4})", str(text)):
        return "quarter", int(m[2]), int(m[1])
    if (m := re.fullmatch(r"year to (\w+) (\d{4})", str(text))) and m[1] in MONTHS:
        return "to", int(m[2]), MONTHS.index(m[1]) + 1
    raise DemoDataError(f"tools/demo/kpis.yaml: {text!r} is not a period")


def span(kind: str, year: int, n: int) -> tuple[str, str]:
    """(period_start, period_end) as written to kpis.csv."""
    if kind == "calendar":
        return f"{year}-01-01", f"{year}-12-31"
    if kind == "census":
        return "", f"{year}-01-31"                  # January school census
    if kind == "quarter":
        return dt.date(year, 3 * n - 2, 1).isoformat(), _month_end(dt.date(year, 3 * n, 1)).isoformat()
    if kind == "to":
        return f"{year}-01-01", _month_end(dt.date(year, n, 1)).isoformat()
    start, end = SPANS[kind]
    return f"{year - 1}-{start}", f"{year}-{end}"


def following(kind: str, year: int, n: int) -> tuple[str, int, int]:
    if kind == "quarter":
        return kind, year + (n == 4), n % 4 + 1
    if kind == "to":
        raise DemoDataError("tools/demo/kpis.yaml: a series cannot start from 'year to ...'")
    return kind, year + 1, n


def series(spec) -> list[tuple]:
    """kpis.yaml's rows or series as [((period_start, period_end), value, neighbours, target)]."""
    if isinstance(spec, dict):
        period, rows = parse_period(spec["from"]), []
        for value in spec["values"]:
            rows.append((span(*period), value, None, spec.get("target")))
            period = following(*period)
        return rows
    return [(span(*parse_period(row[0])), *row[1:], *[None] * (4 - len(row))) for row in spec]


KPI_DATA = {slug: {indicator: series(spec) for indicator, spec in indicators.items()}
            for slug, indicators in load("kpis.yaml").items()}


# ---------------------------------------------------------------------------------------------
def check() -> list[str]:
    """What in tools/demo/ names an id or code that sefkit does not know (empty: all well)."""
    problems: list[str] = []

    def known(where: str, found, allowed, what: str) -> None:
        bad = sorted({str(x) for x in found if x not in allowed})
        if bad:
            problems.append(f"tools/demo/{where}: unknown {what}: {', '.join(bad)}")

    criteria, items, kpis_ = set(CRITERIA), set(FW.annex_a), set(FW.kpis)
    readiness, action_codes = set(READINESS), set(VOCAB.action_status.codes)
    if set(LIBRARY) != items:
        problems.append("tools/demo/library.yaml: annex_a must hold every Annex A item of the framework: "
                        + ", ".join(sorted(items ^ set(LIBRARY))))
    documents = [d for _, docs in LIBRARY.values() for d in docs] + GENERAL
    known("library.yaml", {cid for d in documents for cid in d[1].split(";")}, criteria, "criteria")
    known("library.yaml", {d[2] for d in documents}, KINDS, "document kinds")
    if set(NOTES) != readiness:
        problems.append("tools/demo/library.yaml: notes must hold notes for each readiness status: "
                        + ", ".join(READINESS))
    known("actions.yaml", {cid for a in ACTION_POOL for cid in a[3].split(";")}, criteria, "criteria")
    known("actions.yaml", {a[5] for a in ACTION_POOL if a[5]}, items, "Annex A items")
    known("kpis.yaml", {k for data in KPI_DATA.values() for k in data}, kpis_, "KPIs")
    known("self-assessment.yaml", UPDATED_BY, criteria, "criteria")
    for entries in SELF_ASSESSMENT.values():
        known("self-assessment.yaml", entries, criteria, "criteria")
        known("self-assessment.yaml", {e[0] for e in entries.values()}, VOCAB.judgement.codes, "judgements")
        known("self-assessment.yaml", {e[1] for e in entries.values()}, VOCAB.confidence.codes, "confidence")
    for words, vocab, name in ((STATUS_WORDS, VOCAB.readiness_status, "readiness_words"),
                               (ACTION_WORDS, VOCAB.action_status, "action_words")):
        if set(words) != set(vocab.codes):
            problems.append(f"tools/demo/councils.yaml: {name} must word every code of {vocab.name}: "
                            + ", ".join(vocab.codes))
        problems += [f"tools/demo/councils.yaml: {name}: {word!r} does not read as {code}"
                     for code, ws in words.items() for word in ws if vocab.match(word) != code]
    for c in COUNCILS:
        where = f"councils.yaml ({c.slug})"
        if set(c.annex_status) != items:
            problems.append(f"tools/demo/{where}: annex_status must give every Annex A item a status: "
                            + ", ".join(sorted(items ^ set(c.annex_status))))
        known(where, {*c.weak_annex, *c.must_actions, *c.worst_notes}, items, "Annex A items")
        known(where, {item for item, _ in c.force if item}, items, "Annex A items")
        known(where, {*c.annex_status.values(), *c.other_status, *(s for s, _ in c.force.values()),
                      *(k for k in c.action_status if k)}, readiness, "readiness status")
        known(where, {code for w in c.action_status.values() for code in w}, action_codes, "action status")
        known(where, c.strength, KINDS, "document kinds")
        needed = {c.annex_status.get(a[5], "") if a[5] else "" for a in ACTION_POOL}
        if needed - set(c.action_status):
            problems.append(f"tools/demo/{where}: action_status has no weights for "
                            + ", ".join(sorted(k or GENERAL_KEY for k in needed - set(c.action_status))))
        if c.slug not in SELF_ASSESSMENT or c.slug not in KPI_DATA:
            problems.append(f"tools/demo/{where}: no self-assessment or no KPIs for this council")
        elif not c.assessment_by and set(SELF_ASSESSMENT[c.slug]) - set(UPDATED_BY):
            problems.append("tools/demo/self-assessment.yaml: updated_by names no one for "
                            + ", ".join(sorted(set(SELF_ASSESSMENT[c.slug]) - set(UPDATED_BY))))
    return problems


# ---------------------------------------------------------------------------------------------
def pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def slugify(text: str, words: int = 8) -> str:
    parts = re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", text.lower())).split()
    return "-".join(parts[:words])


def term_of(day: dt.date) -> str:
    return "autumn" if day.month >= 9 else ("spring" if day.month <= 4 else "summer")


def fill(template: str, day: dt.date, rng: random.Random, status: str = "complete") -> str:
    y = day.year
    unfinished = status in ("high_risk", "in_progress")
    fy = f"{y}/{(y + 1) % 100:02d}" if day.month >= 4 else f"{y - 1}/{y % 100:02d}"
    return template.format(y=y, py=y - 1, yy=f"{y % 100:02d}", fy=fy, q=(day.month - 1) // 3 + 1,
                           mon=MONTHS[day.month - 1], term=term_of(day), v=rng.randint(2, 5),
                           stage="draft" if unfinished else "final", draft=" (draft)" if unfinished else "")


def word_for(code: str, words: dict[str, list[str]], share: float, rng: random.Random) -> str:
    return rng.choice(words[code]) if rng.random() < share else code


def location(council: Council, annex: str, title: str, ext: str) -> str:
    if ext == "web":
        return f"https://www.{council.slug}.example/local-offer/{slugify(title)}"
    folder = f"annex-a/{annex}" if annex else "general"
    return f"sharepoint://send/{folder}/{slugify(title)}.{ext}"


def choose_documents(c: Council, rng: random.Random) -> dict[str, list[int]]:
    """Which candidate documents each Annex A item holds: the key document (candidate 0) always,
    1-4 in all, every forced document, and enough to name each criterion `cover` times."""
    counts = {a: rng.choices(list(c.items_per_annex), weights=list(c.items_per_annex.values()))[0]
              for a in FW.annex_a}
    # Top up to the council's minimum, deterministically (fewest items first, then id order).
    while sum(counts.values()) + len(c.general) < c.min_items:
        annex = min((a for a in counts if counts[a] < 4), key=lambda a: (counts[a], a))
        counts[annex] += 1
    picks = {}
    for annex, count in counts.items():
        forced = sorted(i for (a, i) in c.force if a == annex and i > 0)
        others = [i for i in range(1, len(LIBRARY[annex][1])) if i not in forced]
        picks[annex] = sorted({0, *forced, *rng.sample(others, max(0, count - 1 - len(forced)))})
    general = [GENERAL[i][1] for i in c.general]
    for cid in CRITERIA:
        named = sum(cid in LIBRARY[a][1][i][1].split(";") for a in picks for i in picks[a])
        named += sum(cid in crits.split(";") for crits in general)
        for annex in FW.annex_a:
            if named >= c.cover:
                break
            for i, candidate in enumerate(LIBRARY[annex][1]):
                if named >= c.cover or len(picks[annex]) >= 4:
                    break
                if i not in picks[annex] and cid in candidate[1].split(";"):
                    picks[annex] = sorted(picks[annex] + [i])
                    named += 1
    return picks


def evidence(c: Council, rng: random.Random) -> list[dict]:
    """The evidence library: 1-4 items per Annex A item, then a few general items."""
    rows: list[dict] = []
    for annex, picked in choose_documents(c, rng).items():
        owner, candidates = LIBRARY[annex]
        target = c.annex_status[annex]
        forced = {i: c.force[annex, i] for i in picked if (annex, i) in c.force}
        if any(status == target for status, _ in forced.values()):
            worst = None                                   # a forced document carries the status
        elif target == "high_risk":
            worst = 0                                      # the key document itself is at risk
        else:                                              # drafts are mostly descriptive documents
            free = [i for i in picked if i not in forced]
            descriptive = [i for i in free if candidates[i][2] == "describes"]
            worst = rng.choice(descriptive or free or picked)
        for index in picked:
            template, crits, kind, ext, *who = candidates[index]
            status, strength = forced.get(index, (None, None))
            if status is None:
                if index == worst:
                    status = target
                else:
                    status = pick(rng, c.other_status)
                    if RANK[status] < RANK[target]:
                        status = target
            draw = rng.choice(c.strength[kind])
            if strength is None:
                strength = draw
                if annex in c.weak_annex or status == "high_risk":
                    strength = min(strength, 1)
                elif status == "in_progress":
                    strength = min(strength, c.cap_in_progress)
            key = index == worst or (index in forced and forced[index][0] == target)
            at_risk = key and status in ("high_risk", "in_progress")
            stale = rng.random() < (c.stale_share_at_risk if at_risk else c.stale_share)
            if index in forced and status != "high_risk":
                stale = False                              # forced documents are the current versions
            age = rng.randint(*c.stale_days) if stale else rng.randint(4, 168)
            reviewed = AS_OF - dt.timedelta(days=age)
            title = fill(template, reviewed, rng, status)
            if key and annex in c.worst_notes:
                note = c.worst_notes[annex]
            elif stale and rng.random() < 0.5:
                note = (f"Not reviewed since {MONTHS[reviewed.month - 1]} {reviewed.year}; "
                        "owner to confirm it is current.")
            elif rng.random() < c.note_share:
                note = rng.choice(NOTES[status])
            else:
                note = ""
            rows.append({"annex_a": annex, "title": title, "criteria": crits, "status_code": status,
                         "status": word_for(status, STATUS_WORDS, c.wording_share, rng), "strength": strength,
                         "owner": who[0] if who else owner, "last_reviewed": reviewed,
                         "location": location(c, annex, title, ext), "notes": note})
    for index in c.general:
        template, crits, kind, ext, owner = GENERAL[index]
        status, strength = c.force.get(("", index), (None, None))
        status = status or pick(rng, c.other_status)
        draw = rng.choice(c.strength[kind])
        if strength is None:
            strength = min(draw, 1) if status == "high_risk" else draw
        stale = rng.random() < c.stale_share
        reviewed = AS_OF - dt.timedelta(days=rng.randint(*c.stale_days) if stale else rng.randint(4, 168))
        title = fill(template, reviewed, rng)
        rows.append({"annex_a": "", "title": title, "criteria": crits, "status_code": status,
                     "status": word_for(status, STATUS_WORDS, c.wording_share, rng), "strength": strength,
                     "owner": owner, "last_reviewed": reviewed, "location": location(c, "", title, ext),
                     "notes": "General evidence: not an Annex A item."})
    for n, row in enumerate(rows, start=1):
        row["id"] = f"EV-{n:03d}"
    return rows


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:.1f}"


def kpis(c: Council) -> list[dict[str, str]]:
    """The council's KPI rows, in kpis.yaml's order; England is the catalogue's value for the period end."""
    rows = []
    for indicator, data in KPI_DATA[c.slug].items():
        england = {e.period_end.isoformat(): float(e.value) for e in FW.kpis[indicator].england}
        for (start, end), value, neighbours, target in data:
            rows.append({"indicator": indicator, "period_end": end, "value": number(value),
                         "period_start": start, "national": number(england.get(end)),
                         "statistical_neighbours": number(neighbours), "region": "",
                         "target": number(target)})
    return rows


# ---------------------------------------------------------------------------------------------
def actions(c: Council, rng: random.Random, ev: list[dict]) -> list[dict]:
    """20-30 actions in the style of an accelerated progress plan."""
    must = [a for a in ACTION_POOL if a[5] in c.must_actions]
    rest = [a for a in ACTION_POOL if a[5] not in c.must_actions]
    chosen = must + rng.sample(rest, c.action_count - len(must))
    chosen.sort(key=ACTION_POOL.index)
    rows = []
    for action in chosen:
        area, project, text, crits, lead, annex, done, partial, impact = action
        readiness = c.annex_status.get(annex, "") if annex else ""
        status = pick(rng, c.action_status[readiness])
        rows.append({"area": area, "project": project, "action": text, "criteria": crits, "lead": lead,
                     "annex": annex, "status": status, "done_text": done, "partial": partial,
                     "impact": impact})
    # Refs: numbered within area (and project), in plan order.
    counters: dict[tuple, int] = {}
    for row in rows:
        if c.ref_style == "APP a.p.n":
            key = (row["area"], row["project"])
            counters[key] = counters.get(key, 0) + 1
            row["ref"] = f"APP {row['area']}.{row['project']}.{counters[key]}"
        else:
            key = (row["area"],)
            counters[key] = counters.get(key, 0) + 1
            prefix = "SIP" if c.ref_style.startswith("SIP") else "APP"
            row["ref"] = f"{prefix} {row['area']}.{counters[key]}"
    # Which open actions are overdue: delayed first, then not started, then in progress.
    open_rows = [r for r in rows if r["status"] not in DONE]
    order = {"delayed": 0, "not_started": 1, "in_progress": 2}
    shuffled = rng.sample(open_rows, len(open_rows))
    shuffled.sort(key=lambda r: order[r["status"]])
    overdue = shuffled[:c.overdue]
    if c.late_only_in_progress:      # nearly ready: only ongoing work runs late
        overdue = [r for r in shuffled if r["status"] == "in_progress"][:c.overdue]
    overdue_ids = {id(r) for r in overdue}
    no_due = [r for r in shuffled[c.overdue:] if r["status"] == "not_started"][:c.no_due]
    no_due_ids = {id(r) for r in no_due}
    without_lead = [r for r in reversed(shuffled) if r["status"] in ("not_started", "delayed")
                    and id(r) not in no_due_ids][:c.no_lead]
    no_lead_ids = {id(r) for r in without_lead}
    by_annex: dict[str, list[dict]] = {}
    for item in ev:
        by_annex.setdefault(item["annex_a"], []).append(item)
    for row in rows:
        status = row["status"]
        if id(row) in no_due_ids:
            due = None
        elif status in DONE:
            due = AS_OF - dt.timedelta(days=rng.randint(30, 400))
        elif id(row) in overdue_ids:
            due = AS_OF - dt.timedelta(days=rng.randint(35, 240))   # month end still before as_of
        else:
            due = AS_OF + dt.timedelta(days=rng.randint(20, 330))
        row["due"] = "" if due is None else _month_end(due).isoformat()
        if id(row) in no_lead_ids:
            row["lead"] = ""
        row["progress"] = progress(row, status, id(row) in overdue_ids, rng, c)
        row["evidence_of_impact"] = impact_of(row, status, by_annex, rng)
        row["status_word"] = word_for(status, ACTION_WORDS, c.wording_share, rng)
    return rows


def progress(row: dict, status: str, overdue: bool, rng: random.Random, c: Council) -> str:
    stamp_day = AS_OF - dt.timedelta(days=rng.randint(*c.progress_age))
    stamp = f"{SHORT_MONTHS[stamp_day.month - 1]} {stamp_day.year % 100:02d}"
    if status == "complete":
        text = f"Complete. {row['done_text']}"
    elif status == "embedded":
        text = (f"Complete and embedded. {row['done_text']} "
                "Now business as usual, checked in the quarterly audit.")
    elif status == "in_progress":
        text = row["partial"] + (" Original date missed; revised date to go to the board." if overdue else "")
    elif status == "delayed":
        text = f"Delayed: {rng.choice(DELAY_REASONS)}. Revised date to be agreed at the next board."
    elif not row["lead"]:
        text = "Not yet started: no lead officer identified."
    elif overdue:
        reasons = [r for r in NOT_STARTED_REASONS if "spring" not in r]
        text = f"Not yet started and past its due date: {rng.choice(reasons)}."
    else:
        text = f"Not yet started: {rng.choice(NOT_STARTED_REASONS)}."
    return f"{stamp} update: {text}"


def impact_of(row: dict, status: str, by_annex: dict[str, list[dict]], rng: random.Random) -> str:
    if status in DONE:
        items = sorted(by_annex.get(row["annex"], []), key=lambda e: (-e["strength"], e["id"]))
        if items and rng.random() < 0.75:
            return ";".join(e["id"] for e in items[:rng.randint(1, 2)])
        return row["impact"]
    if status == "in_progress" and row["impact"] and rng.random() < 0.3:
        return row["impact"]
    return ""


def count_overdue(acts: list[dict]) -> int:
    """Open actions whose due date is before as_of (`overdue` is derived, never stored)."""
    return sum(1 for a in acts if a["due"] and a["status"] not in DONE and a["due"] < AS_OF.isoformat())


def block(key: str, text: str) -> list[str]:
    wrapped = textwrap.wrap(text, width=96, break_long_words=False, break_on_hyphens=False)
    return [f"  {key}: >-"] + [f"    {line}" for line in wrapped]


def self_assessment(c: Council, ev: list[dict], acts: list[dict], rng: random.Random) -> str:
    overdue = count_overdue(acts)
    facts = {"overdue": overdue, "actions": len(acts)}
    entries = SELF_ASSESSMENT[c.slug]
    lines = [f"# Self-assessment: {c.name}.",
             "# FICTIONAL demo data generated by tools/make_demo.py; regenerate rather than hand-edit.",
             "# Criteria not listed are not assessed."]
    for cid in CRITERIA:
        if cid not in entries:
            continue
        judgement, confidence, strengths, areas = entries[cid]
        strengths, areas = " ".join(strengths.split()), " ".join(areas.split())
        linked = [e for e in ev if cid in e["criteria"].split(";")]
        linked.sort(key=lambda e: (-e["strength"], -e["last_reviewed"].toordinal(), e["id"]))
        refs = sorted(e["id"] for e in linked[:c.assessment_evidence])
        ages = [rng.randint(low, high) for low, high in c.assessment_age]
        updated = AS_OF - dt.timedelta(days=ages[0] if len(ages) == 1 else rng.choice(ages))
        who = c.assessment_by or UPDATED_BY[cid]
        lines += [f"{cid}:", f"  judgement: {judgement}", f"  confidence: {confidence}"]
        lines += block("strengths", strengths.format(**facts))
        lines += block("areas_for_development", areas.format(**facts))
        lines += [f"  evidence: [{', '.join(refs)}]", f"  updated_by: {who}",
                  f"  updated_at: {updated.isoformat()}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
def csv_text(columns: list[str], rows: list[dict]) -> str:
    """The rows under sefkit's column names, in its order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row[column] for column in columns] for row in rows)
    return out.getvalue()


def parameters(c: Council) -> str:
    place = c.name.removesuffix(" Local Area Partnership")
    logo = f"  logo: sef/{c.slug}/logo.png\n" if c.slug == LOGO_COUNCIL else ""
    return (f"# FICTIONAL demo council generated by tools/make_demo.py: not a real local area.\n"
            f"council: {c.slug}\nname: {c.name}\nframework: {FRAMEWORK}\nas_of: {AS_OF.isoformat()}\n"
            f"region: {c.region}\nreport:\n  title: SEND and AP self-evaluation\n"
            f"  board: {place} SEND and AP Partnership Board\n"
            f"  partners: [{place} Council, NHS {place} Integrated Care Board, {place} Parent Carer Forum]\n{logo}")


LOGO_COUNCIL = "kestrel-vale"     # one demo council shows a logo on its report


def logo_png(width: int = 360, height: int = 96) -> bytes:
    """A plain mark for the fictional council (a blue band, a rising orange wedge), written as a PNG by
    hand so the demo needs no imaging library."""
    rows = []
    for y in range(height):
        row = bytearray([0])                      # PNG filter byte: none
        for x in range(width):
            if y >= height - 10:
                pixel = (0x00, 0x5E, 0xA5)        # band
            elif x < height and y > height - 10 - x * 0.8:
                pixel = (0xD5, 0x5E, 0x00)        # wedge
            else:
                pixel = (0xFF, 0xFF, 0xFF)
            row += bytes(pixel)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def readme(stats: dict[str, dict]) -> str:
    lines = [README.format(as_of=f"{AS_OF.day} {MONTHS[AS_OF.month - 1]} {AS_OF.year}").rstrip("\n")]
    for c in COUNCILS:
        s = stats[c.slug]
        annex = ", ".join(f"{s['annex'].get(code, 0)} {code}" for code in reversed(READINESS))
        lines.append(f"| `{c.slug}` | {c.profile} | {s['evidence']} items | {annex} | {s['actions']} "
                     f"({s['overdue']}) | {s['kpis']} | {s['assessed']} of {len(CRITERIA)} criteria |")
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT,
                        help="workspace folder to write (default: the repo root)")
    args = parser.parse_args()
    problems = check()
    if problems:
        sys.exit("make_demo: the demo data does not match sefkit:\n  " + "\n  ".join(problems))
    stats = {}
    for c in COUNCILS:
        rng = random.Random(c.seed)
        ev = evidence(c, rng)
        kpi_rows = kpis(c)
        acts = actions(c, rng, ev)
        write(args.out / "parameters" / f"{c.slug}.yaml", parameters(c))
        if c.slug == LOGO_COUNCIL:
            (args.out / "sef" / c.slug).mkdir(parents=True, exist_ok=True)
            (args.out / "sef" / c.slug / "logo.png").write_bytes(logo_png())
        write(args.out / "evidence" / c.slug / "evidence.csv", csv_text(
            EVIDENCE.names, [{**e, "last_reviewed": e["last_reviewed"].isoformat()} for e in ev]))
        write(args.out / "evidence" / c.slug / "kpis.csv", csv_text(KPIS.names, kpi_rows))
        write(args.out / "evidence" / c.slug / "actions.csv", csv_text(
            ACTIONS.names, [{**a, "status": a["status_word"]} for a in acts]))
        write(args.out / "sef" / c.slug / "self-assessment.yaml", self_assessment(c, ev, acts, rng))
        least: dict[str, str] = {}
        for e in ev:
            item = e["annex_a"]
            if item and (item not in least or RANK[e["status_code"]] < RANK[least[item]]):
                least[item] = e["status_code"]
        annex_counts: dict[str, int] = {}
        for status in least.values():
            annex_counts[status] = annex_counts.get(status, 0) + 1
        overdue = count_overdue(acts)
        stats[c.slug] = {"evidence": len(ev), "annex": annex_counts, "actions": len(acts), "overdue": overdue,
                         "kpis": len(kpi_rows), "assessed": len(SELF_ASSESSMENT[c.slug])}
        print(f"{c.slug}: {len(ev)} evidence items, {len(acts)} actions ({overdue} overdue), "
              f"{len(kpi_rows)} KPI rows, {len(SELF_ASSESSMENT[c.slug])} criteria assessed")
    write(args.out / "evidence" / "README.md", readme(stats))


if __name__ == "__main__":
    main()
