"""The data files of a published report: scorecard.json, gaps.csv and the executed notebook.

Each is built in memory, from the scorecard or the executed notebook, and passes
the same boundary as the HTML, PDF and Word report (present.published,
present.sanitise, privacy): identifiers removed, owners that look like people
"[name removed]", counts of 1 to 4 "<5", no path from this machine. Every
writer applies the boundary itself (applying it twice changes nothing), so no
caller can write a raw scorecard by mistake. The batch writes them into the
report folder beside the HTML, PDF and Word files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..present.handover import SCORECARD_MIME
from ..present.published import published_card
from ..present.sanitise import sanitise_html
from ..privacy import MARKERS, redact
from ..sheets import safe_cell

GAP_COLUMNS = ["type", "severity", "criterion", "annex_a", "description", "next_step", "criteria", "ref"]


def scorecard_json(card: Mapping[str, Any]) -> str:
    return json.dumps(published_card(card), indent=2, ensure_ascii=False) + "\n"


def gaps_csv(gaps: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GAP_COLUMNS)
    for g in gaps:
        writer.writerow([safe_cell(redact(v)) for v in (
            g["type"], g["severity"], g["criterion"] or "", g["annex_a"] or "", g["description"], g["next_step"],
            ";".join(g["criteria"]), g["ref"] or "")])
    return out.getvalue()


def notebook_json(nb: Any, workspace: Path | None = None, reports: Path | None = None) -> str:
    """The executed notebook as it may be published (`published_notebook`). Not re-validated by nbformat
    (slow): papermill returned a valid notebook and publishing only removes or replaces values."""
    return json.dumps(published_notebook(nb, workspace, reports), indent=1, ensure_ascii=False) + "\n"


# -- the executed notebook -------------------------------------------------------------------------------

# What a published notebook keeps of papermill's record of the run (not where it ran: input and output
# paths, environment variables).
RAW_HTML = re.compile(r"<[A-Za-z!/?]")
PAPERMILL_KEPT = ("default_parameters", "parameters", "version", "start_time", "end_time", "duration", "exception")


def published_notebook(nb: Any, workspace: Path | None = None, reports: Path | None = None) -> dict[str, Any]:
    """The executed notebook with the boundary applied to every cell:

    - outputs: only what the report shows (display data), its HTML and SVG re-written safely
      (present.sanitise, as in the HTML page), its text redacted, its scorecard the published one;
      printed text, warnings and errors (which carry paths and data) are left out;
    - markdown cells with raw HTML: the safe HTML the page shows for them;
    - sources, parameters and every other text: the workspace and the report folder are named, never
      spelled out ("<workspace>"), any other absolute path is "[path removed]", and identifiers are removed.
    """
    places = Places(workspace, reports)
    out = json.loads(json.dumps(nb))       # a plain copy: the caller's notebook is left as it was
    out["metadata"] = _metadata(out.get("metadata", {}), places)
    for cell in out.get("cells", []):
        cell["source"] = places.text(_source(cell))
        cell["metadata"] = _texts(cell.get("metadata", {}), places)
        cell.pop("attachments", None)      # images pasted into markdown: not part of the report
        if cell.get("cell_type") == "code":
            cell["outputs"] = [_output(o, places) for o in cell.get("outputs", [])
                               if o.get("output_type") in ("display_data", "execute_result")]
    return out


class Places:
    """The folders of this machine a notebook may mention, and what a published file says instead."""

    def __init__(self, workspace: Path | None, reports: Path | None):
        # Longest first, so that a report folder inside the workspace is named as the report folder.
        self.named = sorted(_spellings([(workspace, "<workspace>"), (reports, "<reports>")]).items(),
                            key=lambda item: -len(item[0]))
        # Folders that name this machine's user or set-up. Paths inside them are taken out by `redact`;
        # what is left is a folder written alone ("/home/jane"), which no general pattern can tell from text.
        machine = _spellings([(Path.home(), ""), (Path(tempfile.gettempdir()), ""), (Path(sys.prefix), "")])
        self.machine = re.compile("|".join(rf"(?<![\w/.]){re.escape(p)}(?![\w.-])"
                                           for p in sorted(machine, key=len, reverse=True)))

    def name(self, text: str) -> str:
        """`text` with the workspace and the report folder named."""
        for path, label in self.named:
            text = text.replace(path, label)
        return text

    def text(self, text: str) -> str:
        """`text` as published: places named, other paths and identifiers removed."""
        return self.machine.sub(MARKERS["file path"], redact(self.name(text)))


def _source(cell: dict[str, Any]) -> str:
    """A cell's source as published. Markdown holding raw HTML (which a notebook viewer may render as it
    is) becomes the safe HTML the report page shows for it; other markdown and code stay as written."""
    source = _joined(cell.get("source", ""))
    if cell.get("cell_type") == "markdown" and RAW_HTML.search(source):
        from .page import markdown_html

        return markdown_html(source)
    return source


def _spellings(paths: list[tuple[Path | None, str]]) -> dict[str, str]:
    """Each path as given and as resolved (a link, /tmp to /private/tmp...), never "/" itself."""
    found: dict[str, str] = {}
    for path, label in paths:
        if path is None:
            continue
        for spelling in (str(path), str(Path(path).resolve()), os.path.realpath(path)):
            if len(spelling) > 1:
                found.setdefault(spelling, label)
    return found


def _joined(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def _metadata(metadata: dict[str, Any], places: Places) -> dict[str, Any]:
    run = metadata.get("papermill")
    if isinstance(run, dict):
        metadata["papermill"] = {key: run[key] for key in PAPERMILL_KEPT if key in run}
    return _texts(metadata, places)


def _texts(value: Any, places: Places) -> Any:
    if isinstance(value, str):
        return places.text(value)
    if isinstance(value, dict):
        return {key: _texts(v, places) for key, v in value.items()}
    if isinstance(value, list):
        return [_texts(v, places) for v in value]
    return value


def _output(output: dict[str, Any], places: Places) -> dict[str, Any]:
    """One display output with what may be published of it: HTML and SVG re-written safely, text
    redacted, the scorecard published; anything else (scripts, widgets, images) left out."""
    data: dict[str, Any] = {}
    for mime, value in output.get("data", {}).items():
        if mime == SCORECARD_MIME:
            data[mime] = published_card(value)
        elif mime in ("text/html", "image/svg+xml"):
            # Markup is never redacted as a whole (that could corrupt a chart's drawing): the sanitiser
            # redacts its text, as it does for the page, and remembers the page's result.
            data[mime] = sanitise_html(places.name(_joined(value)))
        elif mime in ("text/plain", "text/markdown"):
            data[mime] = places.text(_joined(value))
    kept: dict[str, Any] = {key: output[key] for key in ("output_type", "execution_count") if key in output}
    return {**kept, "data": data, "metadata": {}}
