"""`sef init`: a new workspace with empty, valid files and the ids to fill in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .dates import out_of_range
from .framework import Catalogues, Framework
from .problems import InputError, Problem
from .textio import invalid_character, not_a_file
from .workspace.locate import CouncilFiles, council_id_rule, shown_id, valid_council_id
from .workspace.specs import ACTIONS, EVIDENCE, KPIS
from .workspace.write import create_files
from .yamlpatch import dump_yaml

WHO = "sef init"
MAX_NAME_LENGTH = 200   # a display name, on every page of a report (the longest English authority's: 35)


def csv_text(header: Sequence[str], rows: Sequence[Mapping[str, str]] = ()) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(name, "") for name in header] for row in rows)
    return out.getvalue()


def init_workspace(root: Path, council: str, name: str, framework_id: str, as_of: dt.date,
                   parameters_extra: Mapping[str, Any] | None = None,
                   kpi_rows: Sequence[Mapping[str, str]] = ()) -> list[Path]:
    """Create the files for one council; refuse to overwrite anything. Returns the paths created.

    Every argument is checked before anything is written, so a refusal leaves no half-made workspace."""
    if not valid_council_id(council):
        raise InputError.one("id-invalid", "--council", f"'{shown_id(council)}' is not a valid council id: "
                             f"{council_id_rule()}", line=0)
    _check_name(name)
    wrong = out_of_range(as_of)
    if wrong:
        raise InputError.one("argument", "--as-of", f"{as_of} {wrong}", line=0)
    _check_target(root)
    catalogues = Catalogues(root if root.is_dir() else None)
    if framework_id not in catalogues.paths:
        raise InputError.one("unknown-id", "--framework", f"framework '{framework_id}' is not a known catalogue; "
                             f"available: {', '.join(catalogues.ids)}", line=0)
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
    in_the_way = [problem for p in planned if (problem := _in_the_way(files, p))]
    if in_the_way:
        raise InputError(in_the_way)
    gitignore = root / ".gitignore"
    if not os.path.lexists(gitignore):
        planned[gitignore] = ("# Generated reports can contain sensitive figures; publish them deliberately.\n"
                              "reports/\n*.lock\n")
    try:
        return create_files(files, planned, who=WHO, what=f"sef init {council}")
    except OSError as exc:   # checked above, so only what cannot be foreseen: a full disk, a lost mount
        where = files.shown(Path(exc.filename)) if exc.filename else str(root)
        raise InputError.one("write-failed", where, f"could not be written ({exc.strerror or exc}); free some "
                             "space or choose another folder, then run sef init again", line=0) from None


def _check_name(name: str) -> None:
    """A display name is one line of printable text: it goes into YAML, a comment line of the
    self-assessment and the title of every report."""
    if not name.strip():
        raise InputError.one("argument", "--name", "is empty; give the partnership's display name", line=0)
    if "\n" in name or "\r" in name:
        raise InputError.one("argument", "--name", "holds a line break; a display name is one line", line=0)
    found = invalid_character(name)
    if found is not None:
        raise InputError.one("argument", "--name", f"{found[1]}", line=0)
    if len(name) > MAX_NAME_LENGTH:
        raise InputError.one("argument", "--name", f"is {len(name)} characters long; a display name has at most "
                             f"{MAX_NAME_LENGTH}", line=0)


def _check_target(root: Path) -> None:
    """Refuse a folder that cannot hold a workspace: a file, under a file, on a read-only file system,
    without permission to write, a path too long."""
    try:
        for folder in (root, *root.parents):
            try:
                info = folder.stat()
            except (FileNotFoundError, NotADirectoryError):
                continue          # made by sef init: what matters is the first part that exists
            if not stat.S_ISDIR(info.st_mode):
                what = ("is a file, not a folder" if folder == root else
                        f"is under '{folder}', which is a file, not a folder")
                raise InputError.one("exists", str(root), f"{what}; choose another folder for the workspace",
                                     line=0)
            if not os.access(folder, os.W_OK | os.X_OK):
                why = "is on a read-only file system" if _read_only(folder) else "is not writable by you"
                where = "the folder" if folder == root else f"'{folder}'"
                raise InputError.one("write-failed", str(root), f"cannot create files here ({where} {why}); "
                                     "choose another folder", line=0)
            return
    except OSError as exc:   # not FileNotFoundError: a path too long, a link loop, no permission to look
        raise InputError.one("write-failed", str(root), f"cannot use this folder ({exc.strerror or exc}); choose "
                             "another", line=0) from None


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _in_the_way(files: CouncilFiles, path: Path) -> Problem | None:
    """Why `path` cannot be created (something is there already, or a file stands where a folder of its
    path should be); None if it can."""
    if os.path.lexists(path):
        message = "already exists; sef init never overwrites a file (choose another folder or council id)"
    else:
        found = not_a_file(path)
        if found is None or found.nothing_there:
            return None
        message = found.message
    return Problem(files.shown(path), 1, 1, "error", "exists", message)


def _parameters(council: str, name: str, framework_id: str, as_of: dt.date, extra: Mapping[str, Any]) -> str:
    data = {"council": council, "name": name, "framework": framework_id, "as_of": as_of, **extra}
    return ("# Council parameters (docs/workspace-format.md). `as_of` is the date the self-evaluation\n"
            "# is made at; change it when you refresh the SEF.\n" + dump_yaml(data))


def _one_line(text: str) -> str:
    """Text for a comment line: a line break in it would end the comment and break the YAML."""
    return " ".join(text.splitlines())


def _key(ident: str) -> str:
    """A criterion id as a YAML key: plain when it is a plain word (IMP-1), else double-quoted (a JSON
    string is a valid YAML one), so a workspace catalogue's odd id cannot break the file."""
    return ident if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", ident) else json.dumps(ident)


def self_assessment_template(fw: Framework, name: str) -> str:
    lines = [f"# Self-assessment for {_one_line(name)} against '{fw.id}' ({_one_line(fw.title)}).",
             "# judgement: the partnership's evaluation: positive | inconsistent | significant_concerns | not_assessed",
             "# confidence: low | medium | high; evidence: ids from evidence/<council>/evidence.csv",
             "# updated_by: a role, not a person's name; updated_at: a date or date-time (sefkit writes one)", ""]
    for crit in fw.criteria.values():
        lines += [f"{_key(crit.id)}:  # {_one_line(crit.title)}", "  judgement: not_assessed", "  confidence:",
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
