"""Status words and scales (sef/vocabularies.yaml): codes, labels, synonyms, and what each means.

Councils type status words many ways ("Work Underway but not complete",
"in-progress", "IN PROGRESS"). Matching ignores case, spaces, '_', '-', '/' and
'.', and accepts a status's code, label or any synonym.

A council may add its own terms. What sefkit needs to know about each is data
too, checked when the file is loaded: a readiness status's `rag` and whether it
counts as `ready`; whether an action status is `done`; which RAG a judgement
claims (none for "not assessed"). Nothing downstream names a code.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast, get_args

from .paths import builtin_sef_dir, cached_load
from .problems import InputError, Problems
from .yamlfile import YamlDoc, load_yaml

Rag = Literal["red", "amber", "green"]
RAGS: tuple[Rag, ...] = get_args(Rag)
VocabularyName = Literal["readiness_status", "action_status", "judgement", "confidence", "evidence_strength"]
VOCABULARIES: tuple[VocabularyName, ...] = get_args(VocabularyName)
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@lru_cache(maxsize=8192)  # status words and ids repeat on every row of a large file
def squash(text: str) -> str:
    return re.sub(r"[\s_\-/.]+", "", str(text).strip().lower())


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    attrs: tuple[tuple[str, Any], ...]
    line: int = 0                          # where the term is defined (for messages about it)

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.attrs).get(key, default)

    @property
    def rag(self) -> Rag | None:
        return cast("Rag | None", self.get("rag"))

    @property
    def flag(self) -> bool:
        """`ready` for a readiness status, `done` for an action status."""
        return bool(self.get("ready", self.get("done", False)))

    @property
    def colour(self) -> str | None:
        return cast("str | None", self.get("colour"))


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]
    lookup: tuple[tuple[str, str], ...]

    def match(self, text: str) -> str | None:
        return self._table().get(squash(text))

    def _table(self) -> dict[str, str]:
        table: dict[str, str] | None = self.__dict__.get("_cache")
        if table is None:
            table = dict(self.lookup)
            object.__setattr__(self, "_cache", table)
        return table

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def term(self, code: str) -> Term:
        for t in self.terms:
            if t.code == code:
                return t
        raise ValueError(f"'{code}' is not a term of {self.name}")   # a bug: codes come from match()

    def label(self, code: str) -> str:
        return self.term(code).label

    def rank(self, code: str) -> int:
        return self.codes.index(code)

    def flagged(self) -> set[str]:
        """Codes that count as ready (readiness) or done (actions)."""
        return {t.code for t in self.terms if t.flag}

    def with_rag(self, rag: Rag) -> list[str]:
        return [t.code for t in self.terms if t.rag == rag]

    def choices(self) -> str:
        return ", ".join(f"{t.code} ({t.label})" if squash(t.label) != squash(t.code) else t.code
                         for t in self.terms)


@dataclass(frozen=True)
class Vocabularies:
    readiness_status: Vocabulary
    action_status: Vocabulary
    judgement: Vocabulary
    confidence: Vocabulary
    evidence_strength: Vocabulary
    source: str

    @property
    def not_assessed(self) -> str:
        """The judgement recorded when a criterion has none (the scale's term that claims no RAG)."""
        return next(t.code for t in self.judgement.terms if t.rag is None)

    @property
    def least_ready(self) -> str:
        return self.readiness_status.codes[0]


def vocabularies_path(workspace: Path | None = None) -> Path:
    own = None if workspace is None else Path(workspace) / "sef" / "vocabularies.yaml"
    if own is not None and os.path.lexists(own):    # (a folder or a broken link there is reported, not skipped)
        return own
    return builtin_sef_dir() / "vocabularies.yaml"


def load_vocabularies(workspace: Path | None = None) -> Vocabularies:
    return cached_load(vocabularies_path(workspace), _load_path)


def _load_path(path: Path) -> Vocabularies:
    return _load(path, str(path))


# What each vocabulary's terms must say about themselves: attribute -> allowed values (None: optional).
REQUIRED_ATTRS: dict[str, dict[str, tuple[Any, ...]]] = {
    "readiness_status": {"rag": RAGS, "ready": (True, False)},
    "action_status": {"done": (True, False)},
    "judgement": {"rag": (*RAGS, None)},
}


def _load(path: Path, shown: str) -> Vocabularies:
    problems = Problems()
    doc = load_yaml(path, shown, problems)
    if doc is None:
        raise InputError(problems.items)
    if not isinstance(doc.data, dict):
        problems.error("vocabulary", shown, 1, 1, "expected a mapping of vocabulary names to lists of terms")
        raise InputError(problems.items)
    vocabs = {name: _vocabulary(doc, name, problems) for name in VOCABULARIES}
    judgement = vocabs["judgement"]
    if judgement is not None and sum(1 for t in judgement.terms if t.rag is None) != 1:
        problems.error("vocabulary", shown, *doc.pos("judgement"), "'judgement' needs exactly one term with "
                       "'rag: null' (the one recorded when a criterion is not assessed)")
    strength = vocabs["evidence_strength"]
    if strength is not None and [t.code for t in strength.terms] != [str(i) for i in range(len(strength.terms))]:
        problems.error("vocabulary", shown, *doc.pos("evidence_strength"),
                       "'evidence_strength' codes must be 0, 1, 2, ... in order (the 'strength' column's numbers)")
    problems.raise_if_errors()
    return Vocabularies(**{k: v for k, v in vocabs.items() if v is not None}, source=shown)


def _vocabulary(doc: YamlDoc, name: str, problems: Problems) -> Vocabulary | None:
    shown = doc.shown
    entries = doc.data.get(name)
    if not isinstance(entries, list) or not entries:
        problems.error("vocabulary", shown, *doc.pos(name), f"'{name}' must be a non-empty list of terms")
        return None
    terms: list[Term] = []
    lookup: list[tuple[str, str]] = []
    owner: dict[str, str] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or "code" not in entry or "label" not in entry:
            problems.error("vocabulary", shown, *doc.pos(name, i), f"each '{name}' term needs a 'code' and a 'label'")
            continue
        code = str(entry["code"])
        for attr, allowed in REQUIRED_ATTRS.get(name, {}).items():
            if entry.get(attr) not in allowed or (attr not in entry and None not in allowed):
                shown_allowed = ", ".join("null" if a is None else str(a).lower() for a in allowed)
                problems.error("vocabulary", shown, *doc.pos(name, i, attr),
                               f"{name} '{code}': '{attr}' must be one of {shown_allowed}")
        colour = entry.get("colour")
        if colour is not None and not COLOUR.fullmatch(str(colour)):
            problems.error("vocabulary", shown, *doc.pos(name, i, "colour"),
                           f"{name} '{code}': colour must be #RRGGBB, not {colour!r}")
        attrs = tuple((str(k), v) for k, v in entry.items() if k not in ("code", "label", "synonyms"))
        terms.append(Term(code, str(entry["label"]), attrs, doc.pos(name, i)[0]))
        for word in [code, entry["label"], *(entry.get("synonyms") or [])]:
            key = squash(word)
            if key in owner and owner[key] != code:
                problems.error("vocabulary", shown, *doc.pos(name, i),
                               f"'{word}' is a synonym of both '{owner[key]}' and '{code}' in '{name}'")
            owner[key] = code
            lookup.append((key, code))
    return Vocabulary(name, tuple(terms), tuple(dict.fromkeys(lookup)))
