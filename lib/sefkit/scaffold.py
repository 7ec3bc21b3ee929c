"""`sef init`: a new workspace with empty, valid files and the ids to fill in."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .framework import Catalogues, Framework
from .problems import InputError, Problem
from .workspace.locate import CouncilFiles, council_id_rule, valid_council_id
from .workspace.specs import ACTIONS, EVIDENCE, KPIS
from .workspace.write import create_files
from .yamlpatch import dump_yaml

WHO = "sef init"


def csv_text(header: Sequence[str], rows: Sequence[Mapping[str, str]] = ()) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(name, "") for name in header] for row in rows)
    return out.getvalue()


def init_workspace(root: Path, council: str, name: str, framework_id: str, as_of: dt.date,
                   parameters_extra: Mapping[str, Any] | None = None,
                   kpi_rows: Sequence[Mapping[str, str]] = ()) -> list[Path]:
    """Create the files for one council; refuse to overwrite anything. Returns the paths created."""
    if not valid_council_id(council):
        raise InputError.one("id-invalid", "--council", f"'{council}' is not a valid council id: {council_id_rule()}",
                             line=0)
    catalogues = Catalogues(root if root.exists() else None)
    fw = catalogues.get(framework_id)
    files = CouncilFiles(root, council)
    planned = {
        files.parameters: _parameters(council, name, framework_id, as_of, parameters_extra or {}),
        files.evidence: csv_text(EVIDENCE.names),
        files.kpis: csv_text(KPIS.names, kpi_rows),
        files.actions: csv_text(ACTIONS.names),
        files.self_assessment: self_assessment_template(fw, name),
        files.framework_sheet: framework_sheet(fw),
    }
    existing = [p for p in planned if p.exists()]
    if existing:
        raise InputError([Problem(files.shown(p), 1, 1, "error", "exists", "already exists; sef init never "
                                  "overwrites a file (choose another folder or council id)") for p in existing])
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        planned[gitignore] = ("# Generated reports can contain sensitive figures; publish them deliberately.\n"
                              "reports/\n*.lock\n")
    return create_files(files, planned, who=WHO, what=f"sef init {council}")


def _parameters(council: str, name: str, framework_id: str, as_of: dt.date, extra: Mapping[str, Any]) -> str:
    data = {"council": council, "name": name, "framework": framework_id, "as_of": as_of, **extra}
    return ("# Council parameters (docs/workspace-format.md). `as_of` is the date the self-evaluation\n"
            "# is made at; change it when you refresh the SEF.\n" + dump_yaml(data))


def self_assessment_template(fw: Framework, name: str) -> str:
    lines = [f"# Self-assessment for {name} against '{fw.id}' ({fw.title}).",
             "# judgement: the partnership's evaluation: positive | inconsistent | significant_concerns | not_assessed",
             "# confidence: low | medium | high; evidence: ids from evidence/<council>/evidence.csv",
             "# updated_by: a role, not a person's name; updated_at: a date or date-time (sefkit writes one)", ""]
    for crit in fw.criteria.values():
        lines += [f"{crit.id}:  # {crit.title}", "  judgement: not_assessed", "  confidence:",
                  "  strengths: ''", "  areas_for_development: ''", "  evidence: []", "  updated_by: ''",
                  "  updated_at:", ""]
    return "\n".join(lines)


def framework_sheet(fw: Framework) -> str:
    """A Markdown reference of the ids a council fills in (criteria, Annex A items, KPIs)."""
    out = [f"# {fw.title}: ids to use", "", f"Framework `{fw.id}` (version {fw.version or 'n/a'}).", ""]
    out += ["## Criteria (`criteria` columns, self-assessment keys)", "", "| id | group | title |", "|---|---|---|"]
    out += [f"| {c.id} | {fw.group_title(c.group)} | {c.title} |" for c in fw.criteria.values()]
    out += ["", "## Annex A items (`annex_a` column; the aliases are accepted too)", "",
            "| id | title | aliases |", "|---|---|---|"]
    out += [f"| {a.id} | {a.title} | {'; '.join(a.aliases)} |" for a in fw.annex_a.values()]
    out += ["", "## KPIs (`indicator` column of kpis.csv)", "", "| id | title | unit | better |", "|---|---|---|---|"]
    better = {"higher_is_better": "higher", "lower_is_better": "lower", "neutral": "context only"}
    out += [f"| {k.id} | {k.title} | {k.unit} | {better[k.polarity]} |" for k in fw.kpis.values()]
    return "\n".join(out) + "\n"


def init_real_council(root: Path, query: str, as_of: dt.date, framework_id: str = "area-send-2025") -> list[Path]:
    """A workspace for a real English authority: names, region and statistical neighbours filled in,
    its published KPI history in kpis.csv with England, region and neighbour comparators, and an
    empty evidence library (so every Annex A item starts as missing: the gap analysis starts from
    the truth)."""
    from . import reference as ref

    council = ref.find_council(query)
    extra = {"la_code": council.la_code, "la_code_new": council.la_code_new, "region": council.region,
             "statistical_neighbours": list(council.statistical_neighbours)}
    return init_workspace(root, council.slug, council.name, framework_id, as_of, extra, published_kpis(council))


def published_kpis(council: Any) -> list[dict[str, str]]:
    from . import reference as ref

    region = ref.region_code(council)
    rows = []
    for kpi in sorted(ref.kpi_ids()):
        england = ref.series(kpi, "england", "E92000001")
        regional = ref.series(kpi, "region", region) if region else {}
        for end, value in ref.series(kpi, "la", council.la_code).items():
            mean, _ = ref.neighbour_mean(kpi, council, end)
            rows.append({"indicator": kpi, "period_end": end, "value": f"{value:g}",
                         "national": _g(england.get(end)), "region": _g(regional.get(end)),
                         "statistical_neighbours": _g(mean)})
    return rows


def _g(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
