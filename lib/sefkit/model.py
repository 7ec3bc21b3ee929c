"""The workspace model: typed, immutable records of one council's files.

Everything downstream (scoring, reports, dashboard) works from these records,
never from the files, so it can be pure and tested without I/O. Each record
keeps the line it came from (for messages) and any extra columns or keys the
council added (so saving never loses them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .framework import Framework
from .vocab import Vocabularies

if TYPE_CHECKING:
    from .reference.comparators import PublishedContext

Extra = tuple[tuple[str, str], ...]


DEFAULT_REPORT_TITLE = "SEND self-evaluation"   # after the partnership's name, unless report.title says otherwise


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """parameters' `report:` settings (workspace.report_settings reads and checks them)."""
    title: str | None = None
    formats: tuple[str, ...] | None = None
    logo: Path | None = None
    board: str | None = None
    partners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Parameters:
    council: str
    name: str
    framework: str
    as_of: dt.date | None = None
    la_code: str = ""
    la_code_new: str = ""
    region: str = ""
    statistical_neighbours: tuple[str, ...] = ()
    report: ReportSettings = ReportSettings()
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    id: str
    title: str
    annex_a: str | None
    criteria: tuple[str, ...]
    status: str
    strength: int
    owner: str
    last_reviewed: dt.date
    location: str = ""
    notes: str = ""
    line: int = 0
    extra: Extra = ()


@dataclass(frozen=True, slots=True)
class KpiRow:
    indicator: str            # catalogue KPI id, or the text as written when not in the catalogue
    period_end: dt.date
    value: float | None
    known: bool = True        # False when the indicator is not in the framework (kept, not scored)
    period_start: dt.date | None = None
    national: float | None = None
    statistical_neighbours: float | None = None
    region: float | None = None
    target: float | None = None
    line: int = 0
    extra: Extra = ()


@dataclass(frozen=True, slots=True)
class Action:
    ref: str
    action: str
    criteria: tuple[str, ...]
    lead: str
    due: dt.date | None
    status: str
    progress: str = ""
    evidence_of_impact: str = ""
    line: int = 0
    extra: Extra = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    criterion: str
    judgement: str
    confidence: str | None
    strengths: str = ""
    areas_for_development: str = ""
    next_steps: str = ""
    evidence: tuple[str, ...] = ()
    updated_by: str = ""
    updated_at: dt.date | None = None     # a date, or a date-time (datetime is a date) as written
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class CouncilData:
    """One council's validated workspace, ready to score."""

    params: Parameters
    framework: Framework
    vocab: Vocabularies
    evidence: tuple[EvidenceItem, ...]
    kpis: tuple[KpiRow, ...]
    actions: tuple[Action, ...]
    assessments: dict[str, Assessment] = field(default_factory=dict)
    published: PublishedContext | None = None    # a real authority's published comparators (la_code)
    revisions: Mapping[str, str | None] = field(default_factory=dict)   # file kind -> revision as read
