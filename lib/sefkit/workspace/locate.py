"""Where a workspace's files are, and which ids are valid (docs/workspace-format.md)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

FileKind = Literal["parameters", "evidence", "kpis", "actions", "self_assessment", "snapshots"]
FILE_KINDS: tuple[FileKind, ...] = get_args(FileKind)

SLUG = re.compile(r"[a-z][a-z0-9-]*")
RESERVED = frozenset({"frameworks", "reference"})
# The id names files and folders (parameters/<id>.yaml, reports/<id>/...): file systems refuse a name over
# 255 bytes, and the longest English authority's is 34 characters.
MAX_ID_LENGTH = 64
AUDIT_LOG = Path(".sef-audit") / "log.jsonl"


def valid_council_id(council: str) -> bool:
    return len(council) <= MAX_ID_LENGTH and bool(SLUG.fullmatch(council)) and council not in RESERVED


def council_id_rule() -> str:
    return (f"use up to {MAX_ID_LENGTH} lower-case letters, digits and '-', starting with a letter (e.g. "
            "'kestrel-vale'; not 'frameworks' or 'reference')")


def shown_id(council: str) -> str:
    """A council id as a message quotes it: a very long one cut short (it is shown, not used)."""
    return council if len(council) <= MAX_ID_LENGTH else council[:MAX_ID_LENGTH] + "..."


def resolve_workspace(arg: str | os.PathLike[str] | None) -> Path:
    path = Path(arg or os.environ.get("SEF_WORKSPACE") or ".")
    try:
        return path.resolve()
    except (OSError, RuntimeError):   # a symbolic link loop: kept as given, and reported by whoever reads it
        return path.absolute()


@dataclass(frozen=True)
class CouncilFiles:
    """One council's files in a workspace."""

    workspace: Path
    council: str

    def path(self, kind: FileKind) -> Path:
        ws, c = self.workspace, self.council
        return {
            "parameters": ws / "parameters" / f"{c}.yaml",
            "evidence": ws / "evidence" / c / "evidence.csv",
            "kpis": ws / "evidence" / c / "kpis.csv",
            "actions": ws / "evidence" / c / "actions.csv",
            "self_assessment": ws / "sef" / c / "self-assessment.yaml",
            "snapshots": ws / "sef" / c / "snapshots.csv",
        }[kind]

    @property
    def parameters(self) -> Path:
        return self.path("parameters")

    @property
    def evidence(self) -> Path:
        return self.path("evidence")

    @property
    def kpis(self) -> Path:
        return self.path("kpis")

    @property
    def actions(self) -> Path:
        return self.path("actions")

    @property
    def self_assessment(self) -> Path:
        return self.path("self_assessment")

    @property
    def snapshots(self) -> Path:
        return self.path("snapshots")

    @property
    def framework_sheet(self) -> Path:
        return self.workspace / "sef" / self.council / "framework-ids.md"

    @property
    def audit_log(self) -> Path:
        return self.workspace / AUDIT_LOG

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.workspace))
        except ValueError:
            return str(path)


def list_councils(workspace: Path) -> list[str]:
    folder = workspace / "parameters"
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
