"""YAML with positions: load a file and remember where every key and value is.

PyYAML's safe loader forgets line numbers and silently keeps the last of two
duplicate keys. We compose the node tree ourselves so every problem can point at
the line a person sees, and duplicate keys are reported rather than lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems
from .textfile import read_text

Pos = tuple[int, int]


@dataclass
class YamlDoc:
    data: Any
    shown: str
    positions: dict[tuple, Pos] = field(default_factory=dict)

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


class _Loader(yaml.SafeLoader):
    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:   # a date-shaped value that is no date: 2025-02-30
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def parse_yaml(text: str, shown: str, problems: Problems) -> YamlDoc | None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, shown, {(): (1, 1)})
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.error(shown, line, col, f"not valid YAML: {exc.problem or exc.context}")
        return None
    except yaml.YAMLError as exc:
        problems.error(shown, 1, 1, f"not valid YAML: {exc}")
        return None
    finally:
        loader.dispose()
    doc = YamlDoc(data, shown)
    _walk(node, (), doc, problems)
    return doc


def load_yaml(path: Path, shown: str, problems: Problems, max_bytes: int | None = None) -> YamlDoc | None:
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    text = read_text(path, shown, problems, **kwargs)
    if text is None:
        return None
    return parse_yaml(text, shown, problems)


def _walk(node: yaml.Node, path: tuple, doc: YamlDoc, problems: Problems) -> None:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.error(doc.shown, line, key_node.start_mark.column + 1,
                               f"key '{key}' appears twice (first on line {seen[key]}); merge them")
            seen[key] = line
            doc.positions[("__key__",) + path + (key,)] = (line, key_node.start_mark.column + 1)
            _walk(value_node, path + (key,), doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), doc, problems)


def dump_yaml(data: Any) -> str:
    """Readable, stable YAML: keys in insertion order, block style, unicode kept."""
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


class _BlockDumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BlockDumper.add_representer(str, _str_presenter)
