"""Change a few values in a YAML file and leave every other byte as it was.

A self-assessment is written by people: comments, blank lines, quoting, block
text, key order and the spelling of keys are theirs. Saving one criterion
replaces only the text of the values that changed (or adds the keys that were
missing) and keeps everything else byte for byte, so a save without changes
gives the same file and a change gives a one-hunk diff. ruamel.yaml (YAML 1.2,
the library the reader uses) finds where each value starts and ends and renders
each new value.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString


class _Representer(RoundTripRepresenter):
    """Date-times in ISO form with a 'T' (ruamel writes a space); multi-line text as a literal block."""

    def represent_datetime(self, data: dt.datetime) -> Any:
        return self.represent_scalar("tag:yaml.org,2002:timestamp", data.isoformat())

    def represent_str(self, data: str) -> Any:
        if "\n" in data.strip("\n"):
            return super().represent_literal_scalarstring(LiteralScalarString(data))
        return super().represent_str(data)


_Representer.add_representer(dt.datetime, _Representer.represent_datetime)
_Representer.add_representer(str, _Representer.represent_str)


def _writer() -> YAML:
    writer = YAML(typ="rt")
    writer.Representer = _Representer
    writer.width = 4096            # never fold a long sentence across lines
    writer.indent(mapping=2, sequence=4, offset=2)
    return writer


def dump_yaml(data: Any) -> str:
    """A new YAML document: keys in insertion order, block style, unicode kept, ISO date-times."""
    out = io.StringIO()
    _writer().dump(data, out)
    return out.getvalue()


class PatchError(ValueError):
    """The file's shape does not allow the change (e.g. the entry is a list, not a mapping)."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.line, self.column = line, column


def render(key_column: int, value: Any, block_list: bool) -> str:
    """`value` as YAML text to stand after `key:` at `key_column`: starting with a space (inline value) or
    a newline (a block list); continuation lines indented under the key."""
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(list(value))
        if not block_list or not value:
            seq.fa.set_flow_style()
        value = seq
    text = dump_yaml({"k": value})
    assert text.startswith("k:")
    body = text[2:].rstrip("\n")
    if body.endswith("\n..."):        # ruamel ends a document holding only a plain scalar with '...'
        body = body[:-4].rstrip("\n")
    return body.replace("\n", "\n" + " " * key_column)


@dataclass
class _Edit:
    start: int
    end: int
    text: str


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _trimmed_end(text: str, node: Node) -> int:
    """Where a value's own text ends: block scalars and block lists run on over the blank lines and the
    next line's indentation after them."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\n":
        end -= 1
    return end


def _colon_after(text: str, key: Node) -> int:
    i = key.end_mark.index
    while i < len(text) and text[i] in " \t":
        i += 1
    if i < len(text) and text[i] == "?":   # explicit keys are not expected here
        raise PatchError("explicit keys ('? ') are not supported", key.start_mark.line + 1, 1)
    return i if i < len(text) and text[i] == ":" else key.end_mark.index


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and node.style is None


def _value_edit(text: str, key: Node, value: Node, new: Any) -> _Edit:
    column = key.start_mark.column
    if _is_empty(value):   # `confidence:` with nothing after it (maybe a comment)
        colon = _colon_after(text, key) + 1
        rendered = render(column, new, block_list=False)
        if rendered.startswith("\n"):
            return _Edit(_line_end(text, colon), _line_end(text, colon), rendered)
        return _Edit(colon, colon, rendered)
    block_list = isinstance(value, SequenceNode) and not value.flow_style
    rendered = render(column if not block_list else value.start_mark.column - 2, new, block_list)
    if value.start_mark.line > key.start_mark.line:   # a block list or mapping that starts on the next line
        rendered = rendered.lstrip("\n").lstrip(" ")
    else:
        rendered = rendered[1:] if rendered.startswith(" ") else rendered
    return _Edit(value.start_mark.index, _trimmed_end(text, value), rendered)


def _node_value(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return node.value
    return None


def set_fields(text: str, entry: Callable[[str], bool], new_key: str, fields: Mapping[str, Any],
               same_name: Callable[[str, str], bool]) -> str:
    """`text` with the top-level entry for which entry(key) is true given `fields` (added if absent).

    `same_name(written, field)` says whether a key as written in the file is that field (the readers'
    forgiving match: `Judgement` is `judgement`). Raises PatchError when the entry is not a mapping."""
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    span = _entry_span(text, entry)
    if span == ABSENT:         # every top-level key is plain and none is the entry: it is added at the end
        out = _append_entry(text, new_key, fields, separated="\n\n" in text)
    elif span is not None:     # only the entry's own lines need reading: the rest is kept as it is
        start, end = span
        out = text[:start] + _set_fields(text[start:end], entry, new_key, fields, same_name) + text[end:]
    else:
        out = _set_fields(text, entry, new_key, fields, same_name)
    return out.replace("\n", newline) if newline != "\n" else out


# A top-level key line of a block mapping: at column 0, a plain key, a colon, then a space, a comment or
# the end. Anything else at column 0 (a quoted key, '? ', '{', '---', a tab) sends the file down the slow,
# general path (the whole file read by ruamel.yaml).
TOP_KEY = re.compile(r"(?P<key>[^\s#'\"?{\[&*!|>%@`-][^:#\n]*?|-[^\s:#][^:#\n]*?)\s*:(?:[ \t]|$)")


ABSENT = (-1, -1)


def _entry_span(text: str, entry: Callable[[str], bool]) -> tuple[int, int] | None:
    """Where the entry for which entry(key) is true starts and ends (its key line up to the next top-level
    key), found by its lines alone; ABSENT if every top-level key is plain and none is it; None when the
    file's shape needs the general path."""
    offset, starts, found = 0, [], None
    for line in text.splitlines(keepends=True):
        first = line[:1]
        if first and first not in " \t\n#":
            m = TOP_KEY.match(line)
            if m is None:
                return None
            if found is not None and starts and starts[-1] == found:
                return found, offset
            starts.append(offset)
            if entry(m.group("key").strip()):
                if found is not None:
                    return None          # written twice: let the general path say so
                found = offset
        offset += len(line)
    if found is not None and starts and starts[-1] == found:
        return found, offset
    return ABSENT if found is None and text.strip() else None


def _set_fields(text: str, entry: Callable[[str], bool], new_key: str, fields: Mapping[str, Any],
                same_name: Callable[[str, str], bool]) -> str:
    root = YAML(typ="rt").compose(text) if text.strip() else None
    if root is not None and not isinstance(root, MappingNode):
        raise PatchError("expected a mapping from criterion id to its entry", root.start_mark.line + 1, 1)
    pair = next(((k, v) for k, v in (root.value if root is not None else [])
                 if isinstance(k, ScalarNode) and entry(str(k.value))), None)
    if pair is None:
        return _append_entry(text, new_key, fields, separated="\n\n" in text)
    key, value = pair
    return _patch_entry(text, key, value, fields, same_name)


def _append_entry(text: str, key: str, fields: Mapping[str, Any], separated: bool) -> str:
    lines = [f"{key}:"] + [f"  {name}:{render(2, value, block_list=False)}" for name, value in fields.items()]
    prefix = text if not text or text.endswith("\n") else text + "\n"
    gap = "\n" if separated and prefix.strip() and not prefix.endswith("\n\n") else ""
    return prefix + gap + "\n".join(lines) + "\n"


def _patch_entry(text: str, key: Node, value: Node, fields: Mapping[str, Any],
                 same_name: Callable[[str, str], bool]) -> str:
    where = (key.start_mark.line + 1, key.start_mark.column + 1)
    if _is_empty(value):   # `IMP-2:` with nothing under it
        at = _line_end(text, _colon_after(text, key))
        block = "".join(f"\n  {name}:{render(2, v, block_list=False)}" for name, v in fields.items())
        return text[:at] + block + text[at:]
    if not isinstance(value, MappingNode):
        raise PatchError(f"{key.value}: expected judgement, confidence, strengths, ... under it, not "
                         f"{_node_value(value)!r}", *where)
    if value.flow_style:
        raise PatchError(f"{key.value}: written as a one-line {{...}} mapping; write its keys on lines of "
                         "their own to let sefkit save it", *where)
    edits: list[_Edit] = []
    missing: dict[str, Any] = {}
    for name, new in fields.items():
        found = next(((k, v) for k, v in value.value if isinstance(k, ScalarNode) and same_name(str(k.value), name)),
                     None)
        if found is None:
            missing[name] = new
        else:
            edits.append(_value_edit(text, found[0], found[1], new))
    if missing and value.value:
        last_key, last_value = value.value[-1]
        column = last_key.start_mark.column
        at = _line_end(text, max(_trimmed_end(text, last_value), last_key.end_mark.index))
        block = "".join(f"\n{' ' * column}{name}:{render(column, v, block_list=False)}" for name, v in missing.items())
        edits.append(_Edit(at, at, block))
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.text + text[e.end:]
    return text
