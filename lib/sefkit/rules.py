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
    if Path(path).resolve() != (builtin_sef_dir() / "scoring.yaml").resolve():
        _check_numbers(data, _numeric_paths(load_rules()), doc, str(path), problems)
    months = data["freshness"].get("window_months")
    if not isinstance(months, int) or months < 1:
        problems.error(str(path), *doc.pos("freshness", "window_months"), "'window_months' must be a whole "
                       "number of months, 1 or more")
        raise InputError(problems.items)
    if problems.has_errors():
        raise InputError(problems.items)
    return data


def _numeric_paths(data: Any, path: tuple = ()) -> list[tuple]:
    """Where the built-in rules hold a number: a council's copy must hold one there too."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _numeric_paths(value, path + (key,))]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return [path]
    return []


def _check_numbers(data: dict, paths: list[tuple], doc, shown: str, problems: Problems) -> None:
    for path in paths:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            problems.error(shown, *doc.pos(*path), f"'{'.'.join(map(str, path))}' is required (a number)")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.error(shown, *doc.pos(*path), f"'{path[-1]}' must be a number, not {value!r}")
