"""YAML with positions: load a file and remember where every key and value is.

One reader for every YAML file sefkit touches: ruamel.yaml (YAML 1.2), the same
library that writes the self-assessments back (`yamlpatch`). Mixing it with a
YAML 1.1 reader on the same files would read `no` as false in one and as text
in the other. Every key and value keeps its line and column, so each problem
points where a person looks; a duplicate key is a message, never a silent
overwrite; an impossible date (2025-02-30) is a message, not a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .problems import Problems
from .textio import TextDoc, read_doc

Pos = tuple[int, int]
KeyPath = tuple[Any, ...]


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:   # a date-shaped value that is no date: 2025-02-30
            raise ConstructorError(None, None, f"'{node.value}' is not a real date ({exc})",
                                   node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def yaml_reader() -> YAML:
    reader = YAML(typ="rt")
    reader.Constructor = _Constructor
    return reader


@dataclass
class YamlDoc:
    data: Any
    shown: str
    positions: dict[KeyPath, Pos] = field(default_factory=dict)
    source: TextDoc | None = None

    def pos(self, *keypath: Any) -> Pos:
        """Position of the value at keypath, or of the nearest parent that has one."""
        path = tuple(keypath)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def key_pos(self, *keypath: Any) -> Pos:
        return self.positions.get(("__key__",) + tuple(keypath), self.pos(*keypath))


def parse_yaml(text: str, shown: str, problems: Problems, source: TextDoc | None = None) -> YamlDoc | None:
    try:
        data = yaml_reader().load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        first = exc.context_mark
        key = str(exc.problem).split('"')[1] if '"' in str(exc.problem) else "?"
        problems.error("key-duplicate", shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                       f"key '{key}' appears twice (first on line {first.line + 1 if first else '?'}); "
                       "merge them")
        return None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.error("yaml-syntax", shown, line, col, f"not valid YAML: {exc.problem or exc.context}")
        return None
    except (YAMLError, RecursionError) as exc:
        problems.error("yaml-syntax", shown, 1, 1, f"not valid YAML: {exc}")
        return None
    doc = YamlDoc(data, shown, {(): (1, 1)}, source)
    _walk(data, (), doc)
    return doc


def load_yaml(path: Path, shown: str, problems: Problems, max_bytes: int | None = None) -> YamlDoc | None:
    source = read_doc(path, shown, problems, **({} if max_bytes is None else {"max_bytes": max_bytes}))
    if source is None:
        return None
    return parse_yaml(source.text, shown, problems, source)


def _walk(node: Any, path: KeyPath, doc: YamlDoc) -> None:
    if isinstance(node, CommentedMap):
        for key in node:
            k_line, k_col = node.lc.key(key)
            doc.positions[("__key__",) + path + (key,)] = (k_line + 1, k_col + 1)
            v_line, v_col = node.lc.value(key)
            doc.positions[path + (key,)] = (v_line + 1, v_col + 1)
            _walk(node[key], path + (key,), doc)
    elif isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            line, col = node.lc.item(i)
            doc.positions[path + (i,)] = (line + 1, col + 1)
            _walk(item, path + (i,), doc)
