"""Scoring rules (sef/scoring.yaml): thresholds, weights and windows as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .paths import builtin_sef_dir, cached_load
from .problems import InputError, Problems
from .yamlfile import load_yaml

REQUIRED = ("freshness", "annex_a", "evidence", "kpis", "criteria", "outcome", "gaps")


def load_rules(workspace: Path | None = None) -> dict[str, Any]:
    path = builtin_sef_dir() / "scoring.yaml"
    if workspace is not None and (Path(workspace) / "sef" / "scoring.yaml").is_file():
        path = Path(workspace) / "sef" / "scoring.yaml"
    return cached_load(path, _load_rules)


def _load_rules(path: Path) -> dict[str, Any]:
    problems = Problems()
    doc = load_yaml(path, str(path), problems)
    if doc is None:
        raise InputError(problems.items)
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in REQUIRED:
        if not isinstance(data.get(key), dict):
            problems.error(str(path), *doc.pos(key), f"'{key}' section is required")
    if problems.has_errors():
        raise InputError(problems.items)
    months = data["freshness"].get("window_months")
    if not isinstance(months, int) or months < 1:
        problems.error(str(path), *doc.pos("freshness", "window_months"), "'window_months' must be a whole "
                       "number of months, 1 or more")
        raise InputError(problems.items)
    return data
