"""parameters/<council>.yaml: who the council is, its framework and the date of the self-evaluation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..dates import as_date, out_of_range, parse_datetime
from ..framework import Catalogues
from ..model import Parameters
from ..problems import Problems
from ..yamlfile import YamlDoc
from .assessment import read_keys
from .locate import council_id_rule, valid_council_id
from .report_settings import read_report_settings
from .specs import PARAMETERS


def read_parameters(doc: YamlDoc, council: str, catalogues: Catalogues, workspace: Path,
                    problems: Problems) -> Parameters | None:
    shown = doc.shown
    if not isinstance(doc.data, dict):
        problems.error("yaml-shape", shown, 1, 1, "expected a mapping with council, name and framework")
        return None
    data, written, extra = read_keys(doc.data, PARAMETERS, shown, doc.key_pos, problems)

    def at(name: str) -> tuple[int, int]:
        return doc.pos(written.get(name, name))

    for key in PARAMETERS.present:
        if data.get(key) in (None, ""):
            problems.error("key-missing", shown, 1, 1, f"'{key}' is required")
    for key in ("council", "name", "framework", "la_code", "la_code_new", "region"):
        if isinstance(data.get(key), (dict, list)):   # read as text, a list would be published as "['...']"
            problems.error("not-text-value", shown, *at(key), f"'{key}' must be text, not a "
                           f"{'list' if isinstance(data[key], list) else 'mapping'}")
            data[key] = None
    written_council = str(data.get("council") or "")
    if written_council and written_council != council:
        problems.error("mismatch", shown, *at("council"), f"council is '{written_council}' but the file is named "
                       f"'{council}.yaml'; they must match")
    if not valid_council_id(council):
        problems.error("id-invalid", shown, 1, 1, f"'{council}' is not a valid council id: {council_id_rule()}")
    framework = str(data.get("framework") or "")
    if framework and framework not in catalogues.paths:
        problems.error("unknown-id", shown, *at("framework"), f"framework '{framework}' is not a known catalogue; "
                       f"available: {', '.join(catalogues.ids)}")
    as_of = _as_of(data.get("as_of"), shown, at("as_of"), problems)
    neighbours = data.get("statistical_neighbours") or []
    if not isinstance(neighbours, list):
        problems.error("not-a-list", shown, *at("statistical_neighbours"), "statistical_neighbours must be a list")
        neighbours = []
    report = read_report_settings(doc, written.get("report", "report"), data.get("report"), workspace, problems)
    la_code = str(data.get("la_code") or "")
    if la_code:
        from ..reference import ReferenceDataError, find_council

        try:
            find_council(la_code, workspace)
        except ReferenceDataError as exc:
            problems.warning("council-lookup", shown, *at("la_code"), f"la_code: {exc.message}; the report "
                             "leaves out England, region and neighbour comparators and the inspection context")
    return Parameters(
        council=council, name=str(data.get("name") or ""), framework=framework, as_of=as_of, la_code=la_code,
        la_code_new=str(data.get("la_code_new") or ""), region=str(data.get("region") or ""),
        statistical_neighbours=tuple(str(n) for n in neighbours), report=report, extra=extra)


def _as_of(value: Any, shown: str, where: tuple[int, int], problems: Problems) -> dt.date | None:
    if value is None or value == "":
        return None
    parsed = value if isinstance(value, dt.date) else parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        problems.error("not-a-date", shown, *where, f"as_of is {value!r}, not a date; write it as YYYY-MM-DD")
        return None
    wrong = out_of_range(parsed)
    if wrong:
        problems.error("out-of-range", shown, *where, f"as_of {as_date(parsed)} {wrong}")
        return None
    return as_date(parsed)
