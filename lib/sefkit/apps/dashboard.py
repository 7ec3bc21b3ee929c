"""The board dashboard page: read-only, one council at a glance or every council side by side.

Built for a preheated Voila kernel: before anyone opens the page, every council in the workspace is
read, validated and scored (`present.report.load_context`, the same path as `sef score` and the SEF
report), so choosing a council or the compare view only renders HTML. A kernel that is not preheated
(plain `voila`, JupyterLab) reads only the council asked for, and the others when the compare view is
first opened. Files changed since they were read are read again when the page is opened.

The page is shown twice over: the HTML is sent with the page (the template writes it out at once, so
the figures are there before Voila's scripts load), and the same HTML inside the widget that replaces
it once the controls are ready. It never writes a file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import ipywidgets as w

from ..present.dashboard import CSS, RANKINGS, CompareRow, RankBy, compare_page, council_page
from ..present.report import ReportContext, load_context
from ..problems import InputError
from ..workspace.locate import CouncilFiles, FileKind, list_councils
from .common import LOG, Heartbeat, Messages, dropdown, esc, guarded, html

VIEWS = {"council": "One council", "compare": "Compare every council"}
LOST = ("The connection to the dashboard was lost, so choosing a council or a view will not work. The figures "
        "shown are as they were when the page opened: reload the page to bring it back.")
NAME_LINE = re.compile(r"^name:[ \t]*([^#\n]+)", re.M)
STATIC = "sefkit-static"     # output metadata: the template writes this output's HTML into the page itself
DRAWN_AHEAD = 30             # a workspace with at most this many councils has every page drawn before a visit


def preheating() -> bool:
    """Is this kernel being run ahead of a request (Voila's preheated pool)?"""
    return os.environ.get("VOILA_PREHEAT") == "True"


def link(**query: str) -> str:
    """A relative link to the dashboard with this query string (`?council=ID`)."""
    return "?" + urlencode({k: v for k, v in query.items() if v})


@dataclass
class Loaded:
    """One council as read and scored, or why it could not be."""
    ctx: ReportContext | None
    problem: str = ""
    page_html: str = ""                       # rendered once, on first view

    def stale(self, workspace: Path) -> bool:
        from ..store import revision

        if self.ctx is None:
            return True
        files = CouncilFiles(workspace, self.ctx.card.council)
        return any(revision(files.path(cast(FileKind, kind))) != rev for kind, rev in self.ctx.data.revisions.items())


@dataclass
class DashboardPage:
    workspace: Path
    council: str = ""
    today: dt.date = field(default_factory=dt.date.today)
    councils: list[str] = field(default_factory=list)
    loaded: dict[str, Loaded] = field(default_factory=dict)
    unchecked: set[str] = field(default_factory=set)     # read before this request: checked once, when used

    def __post_init__(self) -> None:
        self.councils = list_councils(self.workspace)
        self.listed = {c: listed_name(self.workspace, c) for c in self.councils}
        if self.council not in self.councils:
            self.council = self.councils[0] if self.councils else ""
        self.messages = Messages()
        self.council_box = dropdown("Council", [(self.name(c), c) for c in self.councils], self.council)
        self.view_box = dropdown("View", [(label, key) for key, label in VIEWS.items()], "council")
        self.rank_box = dropdown("Rank by", [(label, key) for key, label in RANKINGS.items()], "outcome")
        self.rank_box.layout = w.Layout(width="auto", max_width="100%", display="none")
        self.content = html().add_class("sef-live")
        self.heartbeat = Heartbeat(LOST)
        self.widget = w.VBox([self.heartbeat.widget, w.HBox([self.council_box, self.view_box, self.rank_box]),
                              self.messages.box, self.content])
        self.widget.add_class("sef-dashboard")
        self._quiet = False
        show = guarded(self.messages, "showing the dashboard")
        for box in (self.council_box, self.view_box, self.rank_box):
            box.observe(show(self._changed), names="value")

    # -- data ------------------------------------------------------------------------------------

    def name(self, council: str) -> str:
        got = self.loaded.get(council)
        return got.ctx.card.name if got and got.ctx else self.listed[council]

    def get(self, council: str) -> Loaded:
        """The council as read and scored: read again if its files changed since the page was opened (checked
        once per request, not at every choice in the page)."""
        got = self.loaded.get(council)
        if council in self.unchecked:
            self.unchecked.discard(council)
            if got is not None and got.stale(self.workspace):
                got = None
        if got is None:
            try:
                got = Loaded(load_context(council, self.workspace, today=self.today))
            except InputError as exc:
                got = Loaded(None, exc.report())
            self.loaded[council] = got
        return got

    def load_all(self) -> None:
        for council in self.councils:
            self.get(council)

    # -- views -----------------------------------------------------------------------------------

    def council_html(self, council: str) -> str:
        got = self.get(council)
        if got.ctx is None:
            return (f'<div class="sef-report sef-board"><h2>{esc(council)}</h2><p>This council\'s files have '
                    f"problems, so it cannot be scored. Run <code>sef validate --council {esc(council)}</code> and "
                    f"correct what it lists:</p><pre>{esc(got.problem)}</pre></div>")
        if not got.page_html:
            got.page_html = council_page(got.ctx, link(council=council))
        return got.page_html

    def compare_html(self, rank: RankBy) -> str:
        self.load_all()
        rows = [CompareRow.of(got.ctx.card) for c in self.councils if (got := self.loaded[c]).ctx is not None]
        failed = [c for c in self.councils if self.loaded[c].ctx is None]
        out = compare_page(rows, rank, lambda c: link(council=c), link(view="compare", rank=rank))
        if failed:
            out += (f"<p><strong>Not scored:</strong> {len(failed)} council(s) whose files have problems "
                    f"({esc(', '.join(failed))}). Run <code>sef validate</code> to see them.</p>")
        return out

    def render_for(self, council: str, view: str, rank: RankBy) -> str:
        body = self.compare_html(rank) if view == "compare" else self.council_html(council)
        return f"<style>{CSS}</style>{body}"

    def _changed(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        if change.get("owner") is self.council_box and self.view_box.value == "compare":
            self._quiet = True          # choosing a council while comparing means: show me that council
            try:
                self.view_box.value = "council"
            finally:
                self._quiet = False
        compare = self.view_box.value == "compare"
        self.rank_box.layout.display = "" if compare else "none"
        self.content.value = self.render_for(self.council_box.value, self.view_box.value,
                                             cast(RankBy, self.rank_box.value))
        self._name_councils()
        self.messages.say("Showing every council side by side, ranked by "
                          f"{RANKINGS[cast(RankBy, self.rank_box.value)].lower()}." if compare
                          else f"Showing {self.name(self.council_box.value)}.")

    def _name_councils(self) -> None:
        """The picker shows each council by its name once it has been read (its id until then)."""
        options = tuple((self.name(c), c) for c in self.councils)
        if options != tuple(self.council_box.options):
            chosen, self._quiet = self.council_box.value, True
            try:
                self.council_box.options, self.council_box.value = options, chosen
            finally:
                self._quiet = False

    # -- a request ---------------------------------------------------------------------------------

    def opened(self, query: dict[str, str]) -> None:
        """Show the page for a request (`?council=ID&view=compare&rank=ready`)."""
        from IPython.display import display

        if not self.councils:
            display({"text/html": "<p>This workspace has no council yet: create one with <code>sef init</code>."
                                  "</p>"}, raw=True)
            return
        if self.today != dt.date.today():     # a kernel preheated yesterday: overdue and stale move with the date
            self.today = dt.date.today()
            self.loaded.clear()
        self.unchecked = set(self.loaded)
        asked = query.get("council", "")
        council = asked if asked in self.councils else self.council
        view = "compare" if query.get("view") == "compare" else "council"
        rank = cast(RankBy, query["rank"] if query.get("rank") in RANKINGS else "outcome")
        body = self.render_for(council, view, rank)       # reads the council first, so its name is known
        self._quiet = True
        try:
            self.council_box.value, self.view_box.value, self.rank_box.value = council, view, rank
        finally:
            self._quiet = False
        self._name_councils()
        self.rank_box.layout.display = "" if view == "compare" else "none"
        self.content.value = body
        if asked and asked not in self.councils:
            self.messages.warn(f"There is no council \u201c{asked}\u201d in this workspace; showing "
                               f"{self.name(council)}. Choose another under Council.")
        LOG.info("dashboard opened: %s", query)
        display({"application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0,
                                                              "model_id": self.widget.model_id},
                 "text/html": self.content.value, "text/plain": "The board dashboard"},
                metadata={STATIC: True}, raw=True)


def listed_name(workspace: Path, council: str) -> str:
    """The council's name from its parameter file's `name:` line, for the picker before the council is read
    (its id if the line is not there: reading it properly then says what is wrong)."""
    try:
        text = (workspace / "parameters" / f"{council}.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return council
    found = NAME_LINE.search(text[:4096])
    return (found.group(1).strip().strip("\"'").strip() if found else "") or council


def page(workspace: Path | None = None) -> DashboardPage:
    """The page, built before anyone opens it: every council read and scored when Voila preheats the
    kernel; otherwise (plain Voila, JupyterLab) only as each is asked for."""
    from .common import preload_council, workspace_root

    board = DashboardPage(workspace or workspace_root(), preload_council())
    if preheating():
        board.load_all()
        # Each council's page drawn now, so switching shows it at once (about 0.1 s each: all of them in a
        # partnership's own workspace; only the first of an all-England one, whose others draw on demand).
        for council in board.councils if len(board.councils) <= DRAWN_AHEAD else [board.council]:
            board.council_html(council)
    return board
