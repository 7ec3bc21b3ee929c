"""Which workspace field a tracker's column heading fills: sef/import-headers.yaml, and `--map`.

A heading is read, in this order, as: a `--map` the user gave; the field's own name as the workspace
files spell it (`Last Reviewed` is last_reviewed); a heading in import-headers.yaml; and last, a heading
whose first words are one of those ("Progress so far (June Update 2023)" is progress). The first column
read as a field fills it; any later one is kept as an extra column, as is every heading not recognised.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..paths import builtin_sef_dir, cached_load
from ..problems import InputError, Problems
from ..workspace.locate import FileKind
from ..workspace.specs import SPECS, Spec, canonical
from ..yamlfile import load_yaml

ImportKind = Literal["evidence", "actions", "kpis"]
IMPORT_KINDS: tuple[ImportKind, ...] = ("evidence", "actions", "kpis")
How = Literal["map", "name", "heading", "first words"]
RANK: dict[How, int] = {"map": 0, "name": 1, "heading": 2, "first words": 3}


@dataclass(frozen=True)
class Headings:
    """Per kind: canonical heading -> field, and the headings' words by their first word (for first-word
    matches), longest first."""
    exact: dict[str, dict[str, str]]
    words: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]]
    source: str


def words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9%]+", str(text).lower()))


_FIELD_NAMES: dict[str, dict[str, str]] = {}


def _field_names(spec: Spec) -> dict[str, str]:
    """canonical spelling -> field: the names the workspace files read (`match_name`'s exact matches)."""
    if spec.kind not in _FIELD_NAMES:
        _FIELD_NAMES[spec.kind] = {canonical(f.name): f.name for f in spec.fields}
    return _FIELD_NAMES[spec.kind]


def headings_path(workspace: Path | None) -> Path:
    own = None if workspace is None else Path(workspace) / "sef" / "import-headers.yaml"
    if own is not None and os.path.lexists(own):
        return own
    return builtin_sef_dir() / "import-headers.yaml"


def load_headings(workspace: Path | None) -> Headings:
    return cached_load(headings_path(workspace), _load)


def _load(path: Path) -> Headings:
    shown = str(path)
    problems = Problems()
    doc = load_yaml(path, shown, problems)
    if doc is None:
        raise InputError(problems.items)
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        problems.error("yaml-shape", shown, 1, 1, "expected a mapping of kinds (evidence, actions, kpis) to "
                       "{field: [headings]}")
        raise InputError(problems.items)
    exact: dict[str, dict[str, str]] = {}
    first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, fields in data.items():
        if kind not in IMPORT_KINDS or not isinstance(fields, dict):
            problems.error("yaml-shape", shown, *doc.pos(kind), f"'{kind}' is not one of {', '.join(IMPORT_KINDS)} "
                           "with a mapping of fields to headings")
            continue
        spec = SPECS[kind]
        for name, headings in fields.items():
            if name not in spec.names:
                problems.error("yaml-shape", shown, *doc.pos(kind, name), f"'{name}' is not a field of {kind} "
                               f"({', '.join(spec.names)})")
                continue
            if not isinstance(headings, list) or not all(isinstance(h, str) for h in headings):
                problems.error("yaml-shape", shown, *doc.pos(kind, name), f"{kind}.{name}: expected a list of "
                               "headings")
                continue
            for heading in headings:
                exact.setdefault(kind, {}).setdefault(canonical(heading), name)
                first.setdefault(kind, []).append((words(heading), name))
    problems.raise_if_errors()
    by_first: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
    for kind, pairs in first.items():   # longest first: "Progress so far" before "Progress"
        for start, name in sorted(pairs, key=lambda pair: -len(pair[0])):
            if start:
                by_first.setdefault(kind, {}).setdefault(start[0], []).append((start, name))
    return Headings(exact, by_first, shown)


LONGEST = 150    # no heading is longer: a longer cell is a record's text (checked on every row of a sheet)


def read_heading(heading: str, kind: FileKind, spec: Spec, headings: Headings, maps: dict[str, str]
                 ) -> tuple[str, How] | None:
    """The field a heading fills and how it was recognised; None if it is not recognised."""
    if len(heading) > LONGEST:
        return None
    key = canonical(heading)
    if not key:
        return None
    if key in maps:
        return maps[key], "map"
    named = _field_names(spec).get(key)
    if named is not None:
        return named, "name"
    exact = headings.exact.get(kind, {})
    if key in exact:
        return exact[key], "heading"
    mine = words(heading)
    for start, name in headings.words.get(kind, {}).get(mine[0] if mine else "", []):
        if mine[:len(start)] == start and len(mine) > len(start):
            return name, "first words"
    return None
