"""YAML with positions: load a file and remember where every key and value is.

One reader for every YAML file sefkit touches: ruamel.yaml (YAML 1.2), the same
library that writes the self-assessments back (`yamlpatch`). Mixing it with a
YAML 1.1 reader on the same files would read `no` as false in one and as text
in the other. Every key and value keeps its line and column, so each problem
points where a person looks; a duplicate key is a message, never a silent
overwrite; an impossible date (2025-02-30) is a message, not a traceback.

The work a file can ask for is bounded, so a small hostile or broken file is
refused at its line in a fraction of a second instead of exhausting memory:
nesting depth (the scanner is quadratic in nested `[`/`{`, the composer
recursive), the number of tokens (about 25,000 a second with the round-trip
loader), how far aliases expand (a 600-byte "billion laughs" file expands to
billions of values), and the file's size. A text value holding a character no
output can carry (an escape, a NUL, a lone surrogate: valid as YAML escapes) is
an error at its position.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner

from .problems import Problems
from .textio import TextDoc, invalid_character, read_doc

Pos = tuple[int, int]
KeyPath = tuple[Any, ...]

# Far above any real file (the built-in framework catalogue, the largest, nests 5 deep, has about 3,500
# tokens and no aliases, in 45 KB), far below what takes a second to refuse.
MAX_DEPTH = 50
MAX_TOKENS = 10_000
MAX_NODES = 50_000           # values once every alias is expanded
MAX_BYTES = 2 * 1024 * 1024  # block text is cheap to read; a self-assessment is rarely 50 KB


class LimitError(MarkedYAMLError):
    """The file asks for more work than any real one: refused where it does so."""

    def __init__(self, problem: str, mark: Any):
        super().__init__(problem=problem, problem_mark=mark)


class _Scanner(RoundTripScanner):
    def fetch_more_tokens(self) -> Any:
        result = super().fetch_more_tokens()
        if self.tokens_taken + len(self.tokens) > MAX_TOKENS:
            raise LimitError(f"more than {MAX_TOKENS:,} keys, values and brackets: far larger than any real "
                             "file of this kind; is this the right file?", self.reader.get_mark())
        return result

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: str) -> None:
        # Checked here, before the scanner looks ahead through every bracket (quadratic in their depth).
        if len(self.flow_context) >= MAX_DEPTH:
            raise LimitError(f"brackets nested more than {MAX_DEPTH} deep; no file of this kind nests like this",
                             self.reader.get_mark())
        super().fetch_flow_collection_start(TokenClass, to_push)


# Explicit tags a person may write in these files: `!!str` to keep `384` as text, a collection's own kind.
# Any other (`!!int x`, `!!binary`, `!!omap`, `!!python/...`) makes ruamel build values no reader expects,
# or fail inside its constructor with a bare KeyError or AssertionError.
ALLOWED_TAGS = {ScalarEvent: {"!", "tag:yaml.org,2002:str"}, MappingStartEvent: {"!", "tag:yaml.org,2002:map"},
                SequenceStartEvent: {"!", "tag:yaml.org,2002:seq"}}


class TagError(MarkedYAMLError):
    def __init__(self, problem: str, mark: Any):
        super().__init__(problem=problem, problem_mark=mark)


def _check_tag(event: Any) -> None:
    tag = event.tag
    if tag is not None and tag not in ALLOWED_TAGS.get(type(event), {"!"}):
        short = tag.replace("tag:yaml.org,2002:", "!!")
        if any(tag in allowed for allowed in ALLOWED_TAGS.values()):
            raise TagError(f"the tag '{short}' does not fit this kind of value; remove it", event.start_mark)
        raise TagError(f"the tag '{short}' is not used in sefkit's files; remove it and write the value plainly "
                       "(quote it to keep it as text)", event.start_mark)


class _Composer(Composer):
    """Counts every value as it would be once aliases are expanded, and refuses an alias to the value it
    sits inside (a loop every reader of the data would follow for ever)."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False     # YAML allows an anchor to be defined again; no stderr warning
        self.expanded = 0
        self.sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            target = self.anchors.get(event.anchor)
            # A list or mapping gets its end mark when it is complete: without one, the alias is inside it.
            if isinstance(target, (MappingNode, SequenceNode)) and target.end_mark is None:
                raise LimitError(f"alias '*{event.anchor}' refers to the value it is inside (a loop); copy the "
                                 "values instead", event.start_mark)
            if target is not None:
                self._count(self._size(target), event.start_mark)
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise LimitError(f"values nested more than {MAX_DEPTH} deep; no file of this kind nests like this",
                             event.start_mark)
        _check_tag(event)
        self._count(1, event.start_mark)
        return super().compose_node(parent, index)

    def _count(self, n: int, mark: Any) -> None:
        self.expanded += n
        if self.expanded > MAX_NODES:
            raise LimitError(f"aliases (*name) expand this file to more than {MAX_NODES:,} values; write the "
                             "values out instead of repeating them through aliases", mark)

    def _size(self, node: Node) -> int:
        """How many values `node` stands for with its aliases expanded (each shared node counted once per
        use, worked out once)."""
        key = id(node)
        if key not in self.sizes:
            if isinstance(node, MappingNode):
                children = [n for pair in node.value for n in pair]
            elif isinstance(node, SequenceNode):
                children = list(node.value)
            else:
                children = []
            self.sizes[key] = 1 + sum(self._size(child) for child in children)
        return self.sizes[key]


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
    reader.Scanner = _Scanner
    reader.Composer = _Composer
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
    if len(text) > MAX_BYTES:
        problems.error("file-too-large", shown, 1, 1, f"file is {len(text) / 1024 / 1024:.1f} MB of text, larger "
                       f"than the {MAX_BYTES // 1024 // 1024} MB limit for a YAML file; is this the right file?")
        return None
    try:
        with warnings.catch_warnings():   # ruamel's warnings are multi-line notes on stderr, never our message
            warnings.simplefilter("ignore")
            data = yaml_reader().load(text)
    except LimitError as exc:
        mark = exc.problem_mark
        problems.error("yaml-limit", shown, mark.line + 1, mark.column + 1, f"refused: {exc.problem}")
        return None
    except TagError as exc:
        mark = exc.problem_mark
        problems.error("yaml-syntax", shown, mark.line + 1, mark.column + 1, exc.problem)
        return None
    except ReaderError as exc:   # a control character typed into the file itself, not as an escape
        line, col = _line_col(text, exc.position if isinstance(exc.position, int) else 0)
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        problems.error("invalid-character", shown, line, col, f"holds {what}, a control character YAML does not "
                       "allow; delete it")
        return None
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
    except YAMLError as exc:
        problems.error("yaml-syntax", shown, 1, 1, f"not valid YAML: {str(exc).splitlines()[0]}")
        return None
    except RecursionError:   # not expected within MAX_DEPTH; a message all the same, never a traceback
        problems.error("yaml-limit", shown, 1, 1, "refused: values nested too deep")
        return None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, AssertionError) as exc:
        # ruamel's constructor on a shape it does not expect (a merge key '<<' onto a list...): not our
        # traceback to show, and it has no position
        problems.error("yaml-syntax", shown, 1, 1, f"not valid YAML data ({type(exc).__name__}: {exc}); "
                       "check merge keys ('<<') and aliases")
        return None
    doc = YamlDoc(data, shown, {(): (1, 1)}, source)
    _walk(data, (), doc)
    _check_text(doc, problems)
    return doc


def _line_col(text: str, index: int) -> Pos:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _scalars(node: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str, bool]]:
    """(path, text, is a key) for every text key and value; a shared (aliased) value once."""
    seen: set[int] = set()
    stack = [(node, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            yield where, value, False
        elif isinstance(value, (dict, list)) and id(value) not in seen:
            seen.add(id(value))
            if isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(key, str):
                        yield where + (key,), key, True
                    stack.append((item, where + (key,)))
            else:
                stack.extend((item, where + (i,)) for i, item in enumerate(value))


def _check_text(doc: YamlDoc, problems: Problems) -> None:
    """An error for every key or value holding a character no output can carry (written as an escape such
    as "\\e" or "\\ud800": the reader itself refuses them typed raw)."""
    for path, text, is_key in _scalars(doc.data, ()):
        found = invalid_character(text)
        if found is not None:
            line, col = doc.key_pos(*path) if is_key else doc.pos(*path)
            what = "key" if is_key else f"'{path[-1]}'" if path and isinstance(path[-1], str) else "value"
            problems.error("invalid-character", doc.shown, line, col, f"{what} {found[1]}")


def load_yaml(path: Path, shown: str, problems: Problems, max_bytes: int | None = None) -> YamlDoc | None:
    source = read_doc(path, shown, problems, max_bytes=MAX_BYTES if max_bytes is None else max_bytes)
    if source is None:
        return None
    return parse_yaml(source.text, shown, problems, source)


def _walk(node: Any, path: KeyPath, doc: YamlDoc) -> None:
    # Depth is bounded by MAX_DEPTH and the number of paths by MAX_NODES, so this recursion is too.
    if isinstance(node, CommentedMap):
        for key in node:
            # a key merged in with '<<' has no position of its own: it takes the mapping's
            doc.positions[("__key__",) + path + (key,)] = _position(node.lc.key, key, doc.pos(*path))
            doc.positions[path + (key,)] = _position(node.lc.value, key, doc.pos(*path))
            _walk(node[key], path + (key,), doc)
    elif isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            doc.positions[path + (i,)] = _position(node.lc.item, i, doc.pos(*path))
            _walk(item, path + (i,), doc)


def _position(lookup: Any, key: Any, fallback: Pos) -> Pos:
    try:
        line, col = lookup(key)
    except (KeyError, IndexError, TypeError):
        return fallback
    return line + 1, col + 1
