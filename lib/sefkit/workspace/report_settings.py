"""The `report:` settings of parameters/<council>.yaml: typed, checked, each problem at its line.

    report:
      title: SEND and AP self-evaluation     # after the partnership's name (default: SEND self-evaluation)
      formats: [html, pdf, docx]             # what `sef report` writes for this council by default
      logo: sef/kestrel-vale/logo.png        # PNG or JPEG, relative to the workspace, at most 1 MB
      board: SEND and AP Partnership Board   # who the report goes to
      partners: [Kestrel Vale Council, NHS Kestrel ICB, Kestrel Vale Parent Carer Forum]   # who signs it

A key sefkit does not know is an error naming the nearest one, never silently ignored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, get_args

from ..model import ReportSettings
from ..problems import Problems
from ..yamlfile import YamlDoc
from .specs import canonical, near_miss

Format = Literal["html", "pdf", "docx", "ipynb"]
FORMATS: tuple[Format, ...] = get_args(Format)
KEYS = ("title", "formats", "logo", "board", "partners")
LOGO_TYPES = (".png", ".jpg", ".jpeg")     # what every format can show (Word cannot hold an SVG)
LOGO_BYTES = 1024 * 1024
LONGEST_TITLE = 200


def read_report_settings(doc: YamlDoc, key: str, value: Any, workspace: Path, problems: Problems
                         ) -> ReportSettings:
    shown = doc.shown
    if value in (None, ""):
        return ReportSettings()
    if not isinstance(value, dict):
        problems.error("yaml-shape", shown, *doc.pos(key), "report must be a mapping of report settings "
                       f"({', '.join(KEYS)})")
        return ReportSettings()
    known = {canonical(k): k for k in KEYS}
    values: dict[str, tuple[Any, tuple[int, int]]] = {}
    for written, v in value.items():
        name = known.get(canonical(str(written)))
        if name is None:
            meant = near_miss(str(written), known)
            hint = f"; did you mean '{meant}'?" if meant else f" (settings: {', '.join(KEYS)})"
            problems.error("yaml-shape", shown, *doc.key_pos(key, written),
                           f"report.{written} is not a report setting{hint}")
            continue
        if name in values:
            problems.error("yaml-shape", shown, *doc.key_pos(key, written), f"report.{written} repeats "
                           f"report.{name} (line {values[name][1][0]}); keep one")
            continue
        values[name] = (v, doc.pos(key, written))
    title = _text(values.get("title"), "title", shown, problems)
    if title and len(title) > LONGEST_TITLE:
        problems.error("out-of-range", shown, *values["title"][1], f"report.title is {len(title)} characters; keep "
                       f"it under {LONGEST_TITLE}")
        title = ""
    return ReportSettings(title=title or None, formats=_formats(values.get("formats"), shown, problems),
                          logo=_logo(values.get("logo"), workspace, shown, problems),
                          board=_board(_text(values.get("board"), "board", shown, problems)) or None,
                          partners=_partners(values.get("partners"), shown, problems))


def _text(entry: tuple[Any, tuple[int, int]] | None, name: str, shown: str, problems: Problems) -> str:
    if entry is None or entry[0] in (None, ""):
        return ""
    value, where = entry
    if isinstance(value, (dict, list)):
        problems.error("not-text-value", shown, *where, f"report.{name} must be text")
        return ""
    return str(value).strip()


def _board(text: str) -> str:
    """The board's name without a leading "The" (the report writes "the <board>")."""
    return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)


def _formats(entry: tuple[Any, tuple[int, int]] | None, shown: str, problems: Problems) -> tuple[Format, ...] | None:
    if entry is None or entry[0] in (None, ""):
        return None
    value, where = entry
    items = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
    if items == []:
        problems.error("not-a-list", shown, *where, f"report.formats is empty; name at least one of: "
                       f"{', '.join(FORMATS)}")
        return None
    if not isinstance(items, list):
        problems.error("not-a-list", shown, *where, f"report.formats must be a list of: {', '.join(FORMATS)}")
        return None
    out: list[Format] = []
    for item in items:
        word = str(item).strip().lower()
        if word not in FORMATS:
            problems.error("unknown-word", shown, *where, f"report.formats: '{item}' is not a format; use any of: "
                           f"{', '.join(FORMATS)}")
        elif word not in out:
            out.append(word)
    return tuple(out) or None


def _logo(entry: tuple[Any, tuple[int, int]] | None, workspace: Path, shown: str, problems: Problems) -> Path | None:
    text = _text(entry, "logo", shown, problems)
    if not text or entry is None:
        return None
    where = entry[1]
    path = (workspace / text).resolve()
    if not path.is_relative_to(workspace.resolve()):
        # a workspace handed over must not put any image on this machine into a published report
        problems.error("unknown-word", shown, *where, f"report.logo '{text}' must be a file inside the workspace "
                       "folder (a path relative to it)")
        return None
    if path.suffix.lower() not in LOGO_TYPES:
        problems.error("unknown-word", shown, *where, f"report.logo '{text}' must be a PNG or JPEG file")
        return None
    if not path.is_file():
        problems.error("file-missing", shown, *where, f"report.logo '{text}' is not there (a path relative to the "
                       "workspace folder)")
        return None
    if path.stat().st_size > LOGO_BYTES:
        problems.error("file-too-large", shown, *where, f"report.logo '{text}' is over 1 MB; use a smaller image")
        return None
    with path.open("rb") as image:
        head = image.read(8)
    if logo_type(head) is None:
        problems.error("unknown-word", shown, *where, f"report.logo '{text}' is not a PNG or JPEG image (whatever "
                       "its name says); save it again as PNG")
        return None
    return path


def logo_type(head: bytes) -> str | None:
    """The image's MIME type from its first bytes (PNG or JPEG), else None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def _partners(entry: tuple[Any, tuple[int, int]] | None, shown: str, problems: Problems) -> tuple[str, ...]:
    if entry is None or entry[0] in (None, ""):
        return ()
    value, where = entry
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.error("not-a-list", shown, *where, "report.partners must be a list of the partners' names "
                       "(the council, the integrated care board, the parent carer forum...)")
        return ()
    return tuple(v.strip() for v in value)
