"""Parse YAML safely into plain data, keeping the source position of every node.

PyYAML's libyaml composer builds the node tree quickly; the tree is then turned into plain Python
data here instead of by PyYAML's constructor, because the constructor silently keeps the last of
two duplicate keys, expands alias bombs without limit and forgets where each value came from.

Every problem is raised as `YamlProblem` with a 1-based line and column, never as a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    _ComposeLoader = yaml.CSafeLoader  # libyaml: about 10x faster than the pure-Python parser
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _ComposeLoader = yaml.SafeLoader

Path = tuple  # a path into the data: mapping keys and sequence indexes

_SCALAR = yaml.constructor.SafeConstructor()
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:null": _SCALAR.construct_yaml_null,
    "tag:yaml.org,2002:bool": _SCALAR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _SCALAR.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALAR.construct_yaml_float,
}


class YamlProblem(Exception):
    """A document that cannot be turned into data. `kind` selects the finding code."""

    def __init__(self, kind: str, message: str, line: int, column: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


@dataclass
class Document:
    """One YAML document: its data and where each part of it starts (1-based line, column)."""

    data: Any
    line: int = 1
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[int, int]:
        """Where `path` starts: its key for a mapping entry, else its value; else the nearest parent."""
        path = tuple(path)
        while True:
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (self.line, 1)
            path = path[:-1]

    def line_of(self, path: Path) -> int:
        return self.locate(path)[0]


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns one composed node tree into data, counting nodes reached again through aliases."""

    def __init__(self, max_alias_nodes: int):
        self.max_alias_nodes = max_alias_nodes
        self.alias_nodes = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}

    def build(self, node: Node, path: Path, site: tuple[int, int], via_alias: bool = False) -> Any:
        """`site` is where the node is referenced: an alias node's own mark is its anchor's."""
        ident = id(node)
        if ident in self.active:
            raise YamlProblem("alias", "recursive alias: a node contains itself", *site)
        if ident in self.seen and not isinstance(node, ScalarNode):
            via_alias = True
        self.seen.add(ident)
        if via_alias:
            self.alias_nodes += 1
            if self.alias_nodes > self.max_alias_nodes:
                raise YamlProblem(
                    "alias",
                    f"aliases expand to more than {self.max_alias_nodes} nodes (a YAML alias bomb?)",
                    *site,
                    hint="write the repeated content out, or raise limits.max_yaml_nodes in watchkeeper.yaml",
                )
        else:
            site = _mark(node)
            self.values[path] = site
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        self.active.add(ident)
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child, path + (i,), site, via_alias) for i, child in enumerate(node.value)]
            return self._mapping(node, path, via_alias)
        finally:
            self.active.discard(ident)

    def _scalar(self, node: ScalarNode) -> Any:
        construct = _PLAIN_TAGS.get(node.tag)
        if construct is None:
            # Strings, timestamps (kept as written, so data stays JSON-like) and custom tags
            # such as GitLab's `!reference` are all plain text here.
            return node.value
        try:
            return construct(node)
        except (ValueError, yaml.YAMLError) as exc:
            raise YamlProblem("syntax", f"invalid {node.tag.rsplit(':', 1)[-1]} value {node.value!r}: {exc}", *_mark(node)) from None

    def _key(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            raise YamlProblem("syntax", "mapping keys must be plain scalars, not collections", *_mark(node))
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: Path, via_alias: bool) -> dict:
        result: dict = {}
        merged: dict = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    data = self.build(source, path, _mark(key_node), True)
                    if not isinstance(data, dict):
                        raise YamlProblem("syntax", "a merge key (<<) must refer to a mapping", *_mark(source))
                    for key, value in data.items():
                        merged.setdefault(key, value)
                continue
            key = self._key(key_node)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                raise YamlProblem(
                    "duplicate",
                    f"duplicate key {key!r} in mapping; YAML loaders silently keep only the last value",
                    *_mark(key_node),
                    hint=f"the key is first defined on line {first_seen[key]}",
                )
            first_seen[key] = line
            if not via_alias:
                self.keys[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,), _mark(key_node), via_alias)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result


_CONTROL = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _syntax_problem(exc: yaml.YAMLError) -> YamlProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}: {problem}" if context else str(problem)
    if mark is None:
        return YamlProblem("syntax", message, 1)
    return YamlProblem("syntax", message, mark.line + 1, mark.column + 1)


def parse_documents(text: str, max_alias_nodes: int = 100_000) -> list[Document]:
    """Parse every document of `text`. Raises YamlProblem on the first problem."""
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise YamlProblem("syntax", f"control character U+{ord(bad.group()):04X} is not allowed in YAML", line, column)
    documents = []
    builder = _Builder(max_alias_nodes)
    try:
        for node in yaml.compose_all(text, Loader=_ComposeLoader):
            if node is None:
                continue
            builder.values, builder.keys = {}, {}
            data = builder.build(node, (), _mark(node))
            documents.append(Document(data, _mark(node)[0], builder.values, builder.keys))
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc) from None
    except RecursionError:
        raise YamlProblem("syntax", "the document is nested too deeply to be read", 1) from None
    return documents
