"""Framework catalogues (sef/frameworks/*.yaml): load, check, resolve ids.

A catalogue is data a council can adapt: criteria, Annex A items, KPIs and
outcomes. Loading checks it thoroughly (unique ids, every mapping points at a
real id) and reports every problem with its line, so a broken edit fails with a
message rather than a wrong scorecard. See docs/catalogue-format.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

from .paths import builtin_sef_dir, cached_load
from .problems import InputError, Problems
from .vocab import squash
from .yamlfile import YamlDoc, load_yaml

CONFIDENCE = ("verified", "corroborated", "inferred", "project_defined")
ANNEX_CONFIDENCE = ("high", "medium", "low")
REQUESTED = ("week_1", "week_2", "week_3", "on_request")
Unit = Literal["pct", "count", "weeks", "per_100", "ratio", "days", "score", "gbp"]
Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
UNITS: tuple[str, ...] = get_args(Unit)
POLARITY: tuple[str, ...] = get_args(Polarity)


@dataclass(frozen=True)
class Outcome:
    id: str
    judgement: str
    label: str
    text: str
    next_inspection: str = ""
    confidence: str = ""
    source: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    group: str
    title: str
    look_fors: tuple[str, ...] = ()
    parent: str | None = None
    informs: tuple[str, ...] = ()
    confidence: str = ""
    source: str = ""


@dataclass(frozen=True)
class AnnexItem:
    id: str
    title: str
    description: str
    requested: str
    criteria: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    confidence: str = ""
    source: str = ""


@dataclass(frozen=True)
class EnglandValue:
    period_end: dt.date
    value: float
    label: str = ""
    source: str = ""


@dataclass(frozen=True)
class KpiDef:
    id: str
    title: str
    unit: Unit
    polarity: Polarity
    criteria: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    description: str = ""
    england: tuple[EnglandValue, ...] = ()
    notes: str = ""
    tolerance: float | None = None     # overrides the unit's tolerance in scoring.yaml (same unit as the KPI)

    def england_for_year(self, year: int) -> EnglandValue | None:
        for value in self.england:
            if value.period_end.year == year:
                return value
        return None


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    version: str
    source: str
    notes: str
    groups: tuple[tuple[str, str], ...]
    outcomes: tuple[Outcome, ...]
    criteria: dict[str, Criterion]
    annex_a: dict[str, AnnexItem]
    kpis: dict[str, KpiDef]
    base: str | None = None
    path: str = ""
    _index: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)

    # -- resolving what a person typed to an id -------------------------------------------
    def resolve_criterion(self, text: str) -> str | None:
        return self._index["criteria"].get(squash(text))

    def resolve_annex(self, text: str) -> str | None:
        return self._index["annex_a"].get(squash(text))

    def resolve_kpi(self, text: str) -> str | None:
        return self._index["kpis"].get(squash(text))

    def suggest(self, kind: str, text: str) -> str:
        """' (did you mean X?)' for a near miss, else ''."""
        keys = self._index[kind]
        close = difflib.get_close_matches(squash(text), list(keys), n=1, cutoff=0.6)
        return f" (did you mean {keys[close[0]]}?)" if close else ""

    def group_title(self, group: str) -> str:
        return dict(self.groups).get(group, group)

    def outcome_for(self, judgement: str) -> Outcome | None:
        for outcome in self.outcomes:
            if outcome.judgement == judgement:
                return outcome
        return None


def _build_index(fw: Framework) -> None:
    fw._index["criteria"] = {squash(cid): cid for cid in fw.criteria}
    annex: dict[str, str] = {}
    for item in fw.annex_a.values():
        for word in (item.id, item.title, *item.aliases):
            annex.setdefault(squash(word), item.id)
    fw._index["annex_a"] = annex
    kpis: dict[str, str] = {}
    for kpi in fw.kpis.values():
        for word in (kpi.id, kpi.title, *kpi.aliases):
            kpis.setdefault(squash(word), kpi.id)
    fw._index["kpis"] = kpis


# ---------------------------------------------------------------------------------------
# Loading

class Catalogues:
    """The catalogues a workspace can use: built-in ones, replaced or extended by its own."""

    def __init__(self, workspace: Path | None = None):
        self.paths: dict[str, Path] = {}
        dirs = [builtin_sef_dir() / "frameworks"]
        if workspace is not None:
            dirs.append(Path(workspace) / "sef" / "frameworks")
        for folder in dirs:
            if folder.is_dir():
                for path in sorted(folder.glob("*.yaml")):
                    self.paths[path.stem] = path
        self._loaded: dict[str, Framework] = {}

    @property
    def ids(self) -> list[str]:
        return sorted(self.paths)

    def get(self, framework_id: str) -> Framework:
        if framework_id not in self._loaded:
            if framework_id not in self.paths:
                raise InputError.one("unknown-id", "framework", f"framework '{framework_id}' is not a known "
                                     f"catalogue; available: {', '.join(self.ids)}")
            path = self.paths[framework_id]
            # a catalogue with a base depends on the other files too: they are part of the key
            context = tuple(sorted((k, str(v), v.stat().st_mtime_ns) for k, v in self.paths.items()))
            self._loaded[framework_id] = cached_load(path, lambda p: load_framework(p, self, _chain=()), context)
        return self._loaded[framework_id]


def load_framework(path: Path, catalogues: Catalogues | None = None, _chain: tuple[str, ...] = ()) -> Framework:
    """Load and check one catalogue; raises InputError listing every problem."""
    shown = str(path)
    problems = Problems()
    doc = load_yaml(path, shown, problems)
    if doc is None:
        raise InputError(problems.items)
    if not isinstance(doc.data, dict):
        problems.error("catalogue", shown, 1, 1, "a catalogue must be a YAML mapping (id, title, criteria, ...)")
        raise InputError(problems.items)
    fw = _parse(doc, path, problems, catalogues or Catalogues(), _chain)
    if problems.has_errors() or fw is None:
        raise InputError(problems.items)
    return fw


def _text(doc: YamlDoc, problems: Problems, value: Any, keypath: tuple, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            problems.error("catalogue", doc.shown, *doc.pos(*keypath), f"'{keypath[-1]}' is required")
        return ""
    if isinstance(value, (dict, list)):
        problems.error("catalogue", doc.shown, *doc.pos(*keypath), f"'{keypath[-1]}' must be text")
        return ""
    return str(value).strip()


def _ids(doc: YamlDoc, problems: Problems, value: Any, keypath: tuple) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.error("catalogue", doc.shown, *doc.pos(*keypath), f"'{keypath[-1]}' must be a list of ids")
        return ()
    return tuple(str(v).strip() for v in value)


def _choice(doc: YamlDoc, problems: Problems, value: Any, keypath: tuple, allowed: tuple[str, ...],
            required: bool = True) -> str:
    text = _text(doc, problems, value, keypath, required)
    if text and text not in allowed:
        problems.error("catalogue", doc.shown, *doc.pos(*keypath),
                       f"'{keypath[-1]}' is '{text}'; use one of: {', '.join(allowed)}")
    return text


def _entries(doc: YamlDoc, problems: Problems, key: str, required: bool) -> list[tuple[int, dict]]:
    value = doc.data.get(key)
    if value is None:
        if required:
            problems.error("catalogue", doc.shown, 1, 1, f"'{key}' is required (a list)")
        return []
    if not isinstance(value, list):
        problems.error("catalogue", doc.shown, *doc.pos(key), f"'{key}' must be a list")
        return []
    out: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            problems.error("catalogue", doc.shown, *doc.pos(key, i),
                           f"each entry of '{key}' must be a mapping with an 'id'")
            continue
        ident = str(entry.get("id", "")).strip()
        if not ident:
            problems.error("catalogue", doc.shown, *doc.pos(key, i), f"an entry of '{key}' has no 'id'")
            continue
        if ident in seen:
            problems.error("catalogue", doc.shown, *doc.pos(key, i, "id"),
                           f"{key} id '{ident}' is used twice (first on line {seen[ident]})")
            continue
        seen[ident] = doc.pos(key, i, "id")[0]
        out.append((i, entry))
    return out


def _parse(doc: YamlDoc, path: Path, problems: Problems, catalogues: Catalogues,
           chain: tuple[str, ...]) -> Framework | None:
    data = doc.data
    if not isinstance(data, dict):
        problems.error("catalogue", doc.shown, 1, 1, "a catalogue must be a YAML mapping (id, title, criteria, ...)")
        return None
    fid = _text(doc, problems, data.get("id"), ("id",))
    if fid and fid != path.stem:
        problems.error("catalogue", doc.shown, *doc.pos("id"), f"id '{fid}' must equal the file name '{path.stem}'")
    base_id = _text(doc, problems, data.get("base"), ("base",), required=False) or None
    base: Framework | None = None
    if base_id:
        if base_id in chain + (fid,):
            problems.error("catalogue", doc.shown, *doc.pos("base"), f"base '{base_id}' makes a cycle")
            return None
        if base_id not in catalogues.paths:
            problems.error("catalogue", doc.shown, *doc.pos("base"),
                           f"base '{base_id}' is not a known catalogue ({', '.join(catalogues.ids)})")
            return None
        try:
            base = load_framework(catalogues.paths[base_id], catalogues, chain + (fid,))
        except InputError as exc:
            problems.extend(exc.problems)
            return None

    groups = []
    for i, entry in _entries(doc, problems, "groups", required=base is None):
        groups.append((str(entry["id"]), _text(doc, problems, entry.get("title"), ("groups", i, "title"))))
    group_ids = {g for g, _ in groups}

    criteria: dict[str, Criterion] = {}
    raw_criteria = _entries(doc, problems, "criteria", required=True)
    crit_ids = {str(e["id"]) for _, e in raw_criteria}
    for i, e in raw_criteria:
        kp = ("criteria", i)
        group = _text(doc, problems, e.get("group"), kp + ("group",))
        if group and group not in group_ids:
            problems.error("catalogue", doc.shown, *doc.pos(*kp, "group"), f"group '{group}' is not in 'groups'")
        parent = _text(doc, problems, e.get("parent"), kp + ("parent",), required=False) or None
        if parent and parent not in crit_ids:
            problems.error("catalogue", doc.shown, *doc.pos(*kp, "parent"), f"parent '{parent}' is not a criterion id")
        informs = _ids(doc, problems, e.get("informs"), kp + ("informs",))
        if informs and base is None:
            problems.error("catalogue", doc.shown, *doc.pos(*kp, "informs"), "'informs' needs a 'base' catalogue")
        for j, target in enumerate(informs):
            if base is not None and target not in base.criteria:
                problems.error("catalogue", doc.shown, *doc.pos(*kp, "informs", j),
                               f"'{target}' is not a criterion of base '{base.id}'")
        if base is not None and not informs:
            problems.error("catalogue", doc.shown, *doc.pos(*kp), f"criterion '{e['id']}' must say which '{base.id}' "
                           "criteria it informs")
        look_fors = e.get("look_fors") or []
        if not isinstance(look_fors, list):
            problems.error("catalogue", doc.shown, *doc.pos(*kp, "look_fors"), "'look_fors' must be a list")
            look_fors = []
        conf = _choice(doc, problems, e.get("confidence"), kp + ("confidence",), CONFIDENCE, required=False)
        criteria[str(e["id"])] = Criterion(
            id=str(e["id"]), group=group, title=_text(doc, problems, e.get("title"), kp + ("title",)),
            look_fors=tuple(str(x) for x in look_fors), parent=parent, informs=informs,
            confidence=conf, source=_text(doc, problems, e.get("source"), kp + ("source",), required=False))

    if base is not None:
        for key in ("outcomes", "annex_a", "kpis"):
            if key in data:
                problems.error("catalogue", doc.shown, *doc.pos(key),
                               f"'{key}' is inherited from base '{base.id}'; remove it here")
        translate = _translation(criteria)
        outcomes = list(base.outcomes)
        annex_a = {k: _replace(v, criteria=translate(v.criteria)) for k, v in base.annex_a.items()}
        kpis = {k: _replace(v, criteria=translate(v.criteria)) for k, v in base.kpis.items()}
        groups = groups or list(base.groups)
    else:
        outcomes = _parse_outcomes(doc, problems)
        annex_a = _parse_annex(doc, problems, criteria)
        kpis = _parse_kpis(doc, problems, criteria)

    if problems.has_errors():
        return None
    fw = Framework(
        id=fid, title=_text(doc, problems, data.get("title"), ("title",)),
        version=_text(doc, problems, data.get("version"), ("version",), required=False),
        source=_text(doc, problems, data.get("source"), ("source",), required=False),
        notes=_text(doc, problems, data.get("notes"), ("notes",), required=False),
        groups=tuple(groups), outcomes=tuple(outcomes), criteria=criteria, annex_a=annex_a, kpis=kpis,
        base=base_id, path=str(path))
    _build_index(fw)
    return fw


def _replace(obj, **changes):
    from dataclasses import replace

    return replace(obj, **changes)


def _translation(criteria: dict[str, Criterion]):
    """Map base criterion ids to the local criteria that inform them."""
    reverse: dict[str, list[str]] = {}
    for crit in criteria.values():
        for target in crit.informs:
            reverse.setdefault(target, []).append(crit.id)

    def translate(ids: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for i in ids:
            for local in reverse.get(i, []):
                if local not in out:
                    out.append(local)
        return tuple(out)

    return translate


def _parse_outcomes(doc: YamlDoc, problems: Problems) -> list[Outcome]:
    out = []
    for i, e in _entries(doc, problems, "outcomes", required=True):
        kp = ("outcomes", i)
        out.append(Outcome(
            id=str(e["id"]), judgement=_text(doc, problems, e.get("judgement"), kp + ("judgement",)),
            label=_text(doc, problems, e.get("label"), kp + ("label",)),
            text=_text(doc, problems, e.get("text"), kp + ("text",)),
            next_inspection=_text(doc, problems, e.get("next_inspection"), kp + ("next_inspection",), False),
            confidence=_choice(doc, problems, e.get("confidence"), kp + ("confidence",), CONFIDENCE, False),
            source=_text(doc, problems, e.get("source"), kp + ("source",), False)))
    return out


def _check_criteria_refs(doc, problems, ids, criteria, keypath) -> None:
    for j, cid in enumerate(ids):
        if cid not in criteria:
            problems.error("catalogue", doc.shown, *doc.pos(*keypath, j),
                           f"'{cid}' is not a criterion id of this catalogue")


def _parse_annex(doc: YamlDoc, problems: Problems, criteria: dict[str, Criterion]) -> dict[str, AnnexItem]:
    items: dict[str, AnnexItem] = {}
    for i, e in _entries(doc, problems, "annex_a", required=True):
        kp = ("annex_a", i)
        crits = _ids(doc, problems, e.get("criteria"), kp + ("criteria",))
        if not crits:
            problems.error("catalogue", doc.shown, *doc.pos(*kp),
                           f"Annex A item '{e['id']}' must list the criteria it evidences")
        _check_criteria_refs(doc, problems, crits, criteria, kp + ("criteria",))
        items[str(e["id"])] = AnnexItem(
            id=str(e["id"]), title=_text(doc, problems, e.get("title"), kp + ("title",)),
            description=_text(doc, problems, e.get("description"), kp + ("description",), False),
            requested=_choice(doc, problems, e.get("requested"), kp + ("requested",), REQUESTED, False),
            criteria=crits, aliases=tuple(str(a) for a in _ids(doc, problems, e.get("aliases"), kp + ("aliases",))),
            confidence=_choice(doc, problems, e.get("confidence"), kp + ("confidence",), ANNEX_CONFIDENCE, False),
            source=_text(doc, problems, e.get("source"), kp + ("source",), False))
    _check_aliases(doc, problems, "annex_a", items)
    return items


def _tolerance(doc, problems, value, keypath) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        problems.error("catalogue", doc.shown, *doc.pos(*keypath), "'tolerance' must be a number, 0 or more")
        return None
    return float(value)


def _check_aliases(doc, problems, key, items) -> None:
    owner: dict[str, str] = {}
    for i, item in enumerate(items.values()):
        for word in (item.id, item.title, *item.aliases):
            k = squash(word)
            if k in owner and owner[k] != item.id:
                problems.error("catalogue", doc.shown, *doc.pos(key, i),
                               f"'{word}' names both '{owner[k]}' and '{item.id}'; aliases must be unique")
            owner.setdefault(k, item.id)


def _parse_kpis(doc: YamlDoc, problems: Problems, criteria: dict[str, Criterion]) -> dict[str, KpiDef]:
    kpis: dict[str, KpiDef] = {}
    for i, e in _entries(doc, problems, "kpis", required=False):
        kp = ("kpis", i)
        crits = _ids(doc, problems, e.get("criteria"), kp + ("criteria",))
        _check_criteria_refs(doc, problems, crits, criteria, kp + ("criteria",))
        england = []
        raw = e.get("england") or []
        if not isinstance(raw, list):
            problems.error("catalogue", doc.shown, *doc.pos(*kp, "england"), "'england' must be a list of "
                           "{period_end, value, source}")
            raw = []
        for j, v in enumerate(raw):
            ep = kp + ("england", j)
            if not isinstance(v, dict):
                problems.error("catalogue", doc.shown, *doc.pos(*ep), "expected {period_end, value, source}")
                continue
            end = v.get("period_end")
            if isinstance(end, str):
                try:
                    end = dt.date.fromisoformat(end)
                except ValueError:
                    end = None
            if not isinstance(end, dt.date):
                problems.error("catalogue", doc.shown, *doc.pos(*ep, "period_end"),
                               "'period_end' must be a date YYYY-MM-DD")
                continue
            value = v.get("value")
            if value is None:
                continue  # a known gap in the published series
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.error("catalogue", doc.shown, *doc.pos(*ep, "value"), "'value' must be a number")
                continue
            england.append(EnglandValue(end, float(value), str(v.get("label") or end.year),
                                        str(v.get("source") or "")))
        kpis[str(e["id"])] = KpiDef(
            id=str(e["id"]), title=_text(doc, problems, e.get("title"), kp + ("title",)),
            unit=cast(Unit, _choice(doc, problems, e.get("unit"), kp + ("unit",), UNITS)),
            polarity=cast(Polarity, _choice(doc, problems, e.get("polarity"), kp + ("polarity",), POLARITY)),
            criteria=crits, aliases=tuple(str(a) for a in _ids(doc, problems, e.get("aliases"), kp + ("aliases",))),
            description=_text(doc, problems, e.get("description"), kp + ("description",), False),
            england=tuple(sorted(england, key=lambda x: x.period_end)),
            notes=_text(doc, problems, e.get("notes"), kp + ("notes",), False),
            tolerance=_tolerance(doc, problems, e.get("tolerance"), kp + ("tolerance",)))
    _check_aliases(doc, problems, "kpis", kpis)
    return kpis
