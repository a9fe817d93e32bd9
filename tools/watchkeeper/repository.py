"""The repository model: every file discovered by kind and parsed exactly once.

Reading never raises for bad content: oversize files, bytes that are not UTF-8, YAML that does
not parse, duplicate keys, alias bombs, empty files and wrong top-level types each become a
finding (codes WK001-WK007) and the file is marked as not loaded, so later checks skip it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .findings import Finding, Rule, Severity
from .kinds import SKIPPED_DIRS, Kind, kind_of
from .settings import SETTINGS_FILE, Limits, Settings
from .yamlsource import Document, YamlProblem, parse_documents

YAML_SYNTAX = Rule(
    "WK001", "yaml-syntax", Severity.ERROR, "The file is not valid YAML.",
    "The loader reports the first syntax error with its line and column; nothing else in the file is checked.",
    blocks=True,
)
DUPLICATE_KEY = Rule(
    "WK002", "duplicate-key", Severity.ERROR, "A mapping repeats a key.",
    "YAML loaders, PyYAML and Prometheus' own among them, silently keep the last of two equal keys, "
    "so the first value is lost without a word.\n\n"
    "Bad:\n\n```yaml\nlabels:\n  severity: critical\n  severity: warning\n```\n\n"
    "Good:\n\n```yaml\nlabels:\n  severity: warning\n```",
    blocks=True,
)
ALIAS_LIMIT = Rule(
    "WK003", "yaml-alias-limit", Severity.ERROR, "Aliases expand beyond the node limit, or an alias contains itself.",
    "Guards against \"billion laughs\" documents whose aliases multiply into millions of nodes. "
    "The limit is `limits.max_yaml_nodes` in `watchkeeper.yaml`.",
    blocks=True,
)
FILE_TOO_LARGE = Rule(
    "WK004", "file-too-large", Severity.ERROR, "The file is larger than the size limit and was not read.",
    "The limit is `limits.max_file_bytes` in `watchkeeper.yaml` (1 MiB by default). Split the file; "
    "large rule files and dashboards are also hard to review.",
    blocks=True,
)
NOT_UTF8 = Rule(
    "WK005", "not-utf8", Severity.ERROR, "The file contains bytes that are not UTF-8, or control characters.",
    "Every text file in the repository is UTF-8. The finding names the line of the first bad byte.",
    blocks=True,
)
EMPTY_FILE = Rule(
    "WK006", "empty-file", Severity.ERROR, "The file holds no data (empty, or only comments).",
    "An empty rule or SLO file usually means content was lost in a merge. Delete the file instead.",
    blocks=True,
)
WRONG_TOP_TYPE = Rule(
    "WK007", "wrong-top-level-type", Severity.ERROR, "The document's top level is not the type its kind needs.",
    "Rule files, SLO specs, inventory files and settings are mappings; a list or a bare string at the "
    "top level means the file is not what its path says it is.",
    blocks=True,
)
LOAD_RULES = (YAML_SYNTAX, DUPLICATE_KEY, ALIAS_LIMIT, FILE_TOO_LARGE, NOT_UTF8, EMPTY_FILE, WRONG_TOP_TYPE)
_PROBLEM_RULES = {"syntax": YAML_SYNTAX, "duplicate": DUPLICATE_KEY, "alias": ALIAS_LIMIT}


@dataclass
class SourceFile:
    path: str  # relative to the repository root, with forward slashes
    kind: Kind
    text: str | None = None
    documents: list[Document] = field(default_factory=list)
    loaded: bool = False  # read and parsed without a load finding

    @property
    def generated(self) -> bool:
        """Written by `watchkeeper generate`: guarded by the drift check, not by style checks."""
        return self.path.startswith("generated/")

    @property
    def document(self) -> Document | None:
        return self.documents[0] if self.documents else None

    @property
    def data(self) -> Any:
        return self.documents[0].data if self.documents else None


@dataclass
class Repository:
    root: Path
    files: list[SourceFile]
    load_findings: list[Finding]
    settings: Settings

    def of_kind(self, *names: str) -> list[SourceFile]:
        return [f for f in self.files if f.kind.name in names]

    def get(self, path: str) -> SourceFile | None:
        for f in self.files:
            if f.path == path:
                return f
        return None

    @classmethod
    def load(cls, root: str | os.PathLike[str]) -> "Repository":
        root = Path(root).resolve()
        if not root.is_dir():
            raise NotADirectoryError(f"repository {root} is not a directory")
        paths = list(discover(root))
        findings: list[Finding] = []
        settings_file = None
        if SETTINGS_FILE in {p for p, _ in paths}:
            settings_file = read_source(root, SETTINGS_FILE, kind_of(SETTINGS_FILE), Limits(), findings)
        settings = Settings.from_data(settings_file.data if settings_file and settings_file.loaded else None)
        files = []
        for path, kind in paths:
            if path == SETTINGS_FILE and settings_file is not None:
                files.append(settings_file)
            else:
                files.append(read_source(root, path, kind, settings.limits, findings))
        return cls(root, files, findings, settings)


def discover(root: Path) -> Iterator[tuple[str, Kind]]:
    """Every file under `root` that belongs to a known kind, in sorted path order."""
    found = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        rel_dir = os.path.relpath(directory, root)
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
            kind = kind_of(rel)
            if kind is not None:
                found.append((rel, kind))
    return iter(sorted(found))


def read_source(root: Path, path: str, kind: Kind, limits: Limits, findings: list[Finding]) -> SourceFile:
    """Read and parse one file; problems go to `findings` and leave `loaded` False."""
    source = SourceFile(path, kind)
    full = root / path
    try:
        size = full.stat().st_size
        if size > limits.max_file_bytes:
            findings.append(FILE_TOO_LARGE.at(path, 1, f"file is {size} bytes, over the limit of {limits.max_file_bytes}"))
            return source
        raw = full.read_bytes()
    except OSError as exc:
        findings.append(YAML_SYNTAX.at(path, 1, f"cannot read file: {exc.strerror or exc}"))
        return source
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        findings.append(NOT_UTF8.at(path, line, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", column=column))
        return source
    source.text = text.removeprefix("\ufeff")
    if kind.format != "yaml":
        source.loaded = True
        return source
    try:
        source.documents = parse_documents(source.text, limits.max_yaml_nodes)
    except YamlProblem as problem:
        rule = _PROBLEM_RULES[problem.kind]
        if problem.kind == "syntax" and problem.message.startswith("control character"):
            rule = NOT_UTF8
        findings.append(rule.at(path, problem.line, problem.message, column=problem.column, hint=problem.hint))
        return source
    if not source.documents or all(d.data is None for d in source.documents):
        findings.append(EMPTY_FILE.at(path, 1, "file holds no YAML data"))
        return source
    if len(source.documents) > 1 and not kind.multi_document:
        extra = source.documents[1]
        findings.append(WRONG_TOP_TYPE.at(path, extra.line, f"a {kind.description} file holds one YAML document, found {len(source.documents)}"))
        return source
    if kind.top is not None:
        for doc in source.documents:
            if not isinstance(doc.data, kind.top):
                findings.append(
                    WRONG_TOP_TYPE.at(path, doc.line, f"top level is a {_type_name(doc.data)}; a {kind.description} file holds a mapping")
                )
                return source
    source.loaded = True
    return source


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if value is None:
        return "null"
    return "scalar " + type(value).__name__
