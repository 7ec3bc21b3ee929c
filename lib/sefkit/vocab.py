"""Status words and scales (sef/vocabularies.yaml): codes, labels, synonyms.

Councils type status words many ways ("Work Underway but not complete",
"in-progress", "IN PROGRESS"). Matching ignores case, spaces, '_', '-', '/' and
'.', and accepts a status's code, label or any synonym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .paths import builtin_sef_dir, cached_load
from .problems import InputError, Problems
from .yamlfile import load_yaml

VOCABULARIES = ("readiness_status", "action_status", "judgement", "confidence", "evidence_strength")


@lru_cache(maxsize=8192)  # status words and ids repeat on every row of a large file
def squash(text: str) -> str:
    return re.sub(r"[\s_\-/.]+", "", str(text).strip().lower())


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    attrs: tuple[tuple[str, Any], ...]

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.attrs).get(key, default)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]
    lookup: tuple[tuple[str, str], ...]

    def match(self, text: str) -> str | None:
        return self._table().get(squash(text))

    def _table(self) -> dict[str, str]:
        table = self.__dict__.get("_cache")
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
        raise KeyError(code)

    def label(self, code: str) -> str:
        return self.term(code).label

    def rank(self, code: str) -> int:
        return self.codes.index(code)

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


def load_vocabularies(workspace: Path | None = None) -> Vocabularies:
    path = builtin_sef_dir() / "vocabularies.yaml"
    if workspace is not None and (workspace / "sef" / "vocabularies.yaml").is_file():
        path = workspace / "sef" / "vocabularies.yaml"
    return cached_load(path, _load_path)


def _load_path(path: Path) -> "Vocabularies":
    return _load(path, str(path))


def _load(path: Path, shown: str) -> Vocabularies:
    problems = Problems()
    doc = load_yaml(path, shown, problems)
    if doc is None:
        raise InputError(problems.items)
    if not isinstance(doc.data, dict):
        problems.error(shown, 1, 1, "expected a mapping of vocabulary names to lists of terms")
        raise InputError(problems.items)
    vocabs = {}
    for name in VOCABULARIES:
        entries = doc.data.get(name)
        if not isinstance(entries, list) or not entries:
            problems.error(shown, *doc.pos(name), f"'{name}' must be a non-empty list of terms")
            continue
        terms, lookup, owner = [], [], {}
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or "code" not in entry or "label" not in entry:
                problems.error(shown, *doc.pos(name, i), f"each '{name}' term needs a 'code' and a 'label'")
                continue
            code = str(entry["code"])
            attrs = tuple((k, v) for k, v in entry.items() if k not in ("code", "label", "synonyms"))
            terms.append(Term(code, str(entry["label"]), attrs))
            for word in [code, entry["label"], *(entry.get("synonyms") or [])]:
                key = squash(word)
                if key in owner and owner[key] != code:
                    problems.error(shown, *doc.pos(name, i),
                                   f"'{word}' is a synonym of both '{owner[key]}' and '{code}' in '{name}'")
                owner[key] = code
                lookup.append((key, code))
        vocabs[name] = Vocabulary(name, tuple(terms), tuple(dict.fromkeys(lookup)))
    if problems.has_errors():
        raise InputError(problems.items)
    return Vocabularies(**vocabs, source=shown)
