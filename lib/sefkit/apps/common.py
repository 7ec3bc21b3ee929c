"""What every page shares: where the workspace is, who is using the page, messages, safe callbacks.

Data paths come from the workspace (`SEF_WORKSPACE`, set by `sef workbook`), never from the kernel's
working directory. The person's name comes from JupyterHub (`JUPYTERHUB_USER`, where each person runs
their own server), from a header the council's reverse proxy sets (`sef workbook --user-header`, safe
only behind a proxy that always sets it), or else the page asks once.
"""

from __future__ import annotations

import html as htmllib
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

LOG = logging.getLogger("sefkit.apps")
F = TypeVar("F", bound=Callable[..., Any])
WIDE = {"description_width": "initial"}          # a label is never cut short
_SHARED: dict[str, Any] = {}


def shared(name: str) -> Any:
    """One style or layout model shared by every widget that never changes its own: a page's widgets each
    bring two more models (a layout, a style) for the browser to fetch and build, which is a good part of
    the time a page takes to open. A widget whose layout changes (shown, hidden) gets its own."""
    if name not in _SHARED:
        _SHARED[name] = {
            "html": lambda: HTMLStyle(), "description": lambda: DescriptionStyle(description_width="initial"),
            "text": lambda: TextStyle(description_width="initial"), "button": lambda: w.ButtonStyle(),
            "auto": lambda: w.Layout(width="auto"), "select": lambda: w.Layout(width="auto", max_width="100%"),
            "plain": lambda: w.Layout(),
        }[name]()
    return _SHARED[name]


def html(value: str = "") -> w.HTML:
    return w.HTML(value, style=shared("html"), layout=shared("plain"))


def workspace_root() -> Path:
    return Path(os.environ.get("SEF_WORKSPACE") or ".").resolve()


def wait_for_request() -> None:
    """Under Voila with preheated kernels, block until a person opens the page (then the query string and
    headers are in the environment); elsewhere (JupyterLab, tests) return at once."""
    try:
        from voila.utils import wait_for_request as wait
    except ImportError:   # pragma: no cover - voila is a dependency
        return
    wait()


def query() -> dict[str, str]:
    """`?council=ID&criterion=IMP-1` as a dict (first value of each)."""
    return {k: v[0] for k, v in parse_qs(os.environ.get("QUERY_STRING", "")).items() if v}


def preload_council() -> str:
    """The council a page loads before anyone opens it (`sef workbook --council`), else the first."""
    return os.environ.get("SEF_COUNCIL", "")


def user_from_environment() -> str:
    """The person, where the server knows them; "" when the page must ask."""
    hub = os.environ.get("JUPYTERHUB_USER", "")
    if hub:
        return hub
    header = os.environ.get("SEF_USER_HEADER", "")
    if header:
        return os.environ.get("HTTP_" + header.upper().replace("-", "_"), "")
    return ""


def personal_data(fields: dict[str, str]) -> str:
    """The personal-data guard: which field ({label: text}) holds what kind of identifier, by the one
    detector the published reports use ("" when none does)."""
    from ..privacy import find_identifiers

    found = []
    for label, value in fields.items():
        kinds = sorted({i.kind for i in find_identifiers(value or "")})
        if kinds:
            found.append(f"{label} holds what looks like {' and '.join('a ' + k for k in kinds)}")
    return "; ".join(found)


def esc(text: object) -> str:
    return htmllib.escape(str(text), quote=True)


class Heartbeat:
    """Lets the page notice a dead kernel. The template's script presses the hidden button every few
    seconds while the page is open; the kernel answers by counting. No answer (the kernel died and Voila
    started a blank one, or the server stopped) and the page shows an alert saying what to do. A closed
    page presses nothing, so idle culling still stops its kernel."""

    LOST = ("The connection to the workbook was lost, so saving will not work. Anything not saved is still on "
            "this page: copy your text somewhere safe, then reload the page.")

    def __init__(self, lost: str = LOST) -> None:
        self.count = 0
        self.lost = lost                 # what the page says when its kernel stops answering
        self.beat = html(self._beat())
        self.button = w.Button(description="sef-heartbeat", layout=w.Layout(display="none"))
        self.button.add_class("sef-heartbeat")
        self.button.on_click(self._answer)
        self.widget = w.Box([self.beat, self.button], layout=w.Layout(display="none"))

    def _beat(self) -> str:
        return f'<span class="sef-beat" data-beat="{self.count}" data-lost="{esc(self.lost)}"></span>'

    def _answer(self, _: object) -> None:
        self.count += 1
        self.beat.value = self._beat()


class Messages:
    """The page's two live regions: `status` (announced politely: saved, loaded) and `alert` (at once:
    conflicts, errors). The template gives them their roles; colour is never the only sign."""

    def __init__(self) -> None:
        self.status = html().add_class("sef-status")
        self.alert = html().add_class("sef-alert")
        self.box = w.VBox([self.alert, self.status])

    def say(self, text: str) -> None:
        self.alert.value = ""
        self.status.value = ""          # emptied first, so the same words said again are announced again
        self.status.value = f'<p class="sef-message">{esc(text)}</p>'

    def warn(self, text: str, detail_html: str = "") -> None:
        self.status.value = ""
        self.alert.value = f'<div class="sef-message"><p><strong>{esc(text)}</strong></p>{detail_html}</div>'

    def clear(self) -> None:
        self.status.value = self.alert.value = ""


def guarded(messages: Messages, doing: str) -> Callable[[F], F]:
    """A callback whose failure is shown to the person (what happened, what to do) and logged to the
    server's log, never lost: ipywidgets would otherwise swallow it without a trace."""
    def wrap(fn: F) -> F:
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:   # shown, logged: never silent
                LOG.error("%s failed: %s\n%s", doing, exc, traceback.format_exc())
                print(f"sefkit: {doing} failed: {exc}", file=sys.stderr)
                messages.warn(f"Something went wrong while {doing}; nothing was lost from the form. Try again; "
                              "if it happens again, copy your text somewhere safe and reload the page.",
                              f"<p>{esc(type(exc).__name__)}: {esc(exc)}</p>")
                return None
        run.__name__ = getattr(fn, "__name__", "callback")
        return run  # type: ignore[return-value]
    return wrap


def dropdown(label: str, options: list[tuple[str, Any]], value: Any = None) -> w.Dropdown:
    """A native <select> with a visible label that is also its accessible name."""
    box = w.Dropdown(description=label, options=options, style=shared("description"), layout=shared("select"))
    if value is not None and value in [v for _, v in options]:
        box.value = value
    return box


def textarea(label: str, value: str = "", rows: int = 5) -> w.Textarea:
    return w.Textarea(description=label, value=value, rows=rows, placeholder="", style=shared("text"),
                      layout=shared("auto"))


def text(label: str, value: str = "") -> w.Text:
    # placeholder "" (not ipywidgets' zero-width space, which hides a missing label from checkers)
    return w.Text(description=label, value=value, placeholder="", style=shared("text"), layout=w.Layout(width="auto"))


def button(label: str) -> w.Button:
    return w.Button(description=label, style=shared("button"), layout=w.Layout(width="auto"))


NO_COUNCIL = "This workspace has no council yet: create one with `sef init`."


class CouncilPage:
    """What every workbook page starts with: the council picker and the person using the page. The pages
    are dataclasses with `workspace`, `council` and `user` fields; each has a `load(council)`, a
    `session` and its `widget`."""

    workspace: Path
    council: str
    user: str
    councils: list[str]
    council_box: w.Dropdown
    who: w.Text
    session: Any
    widget: w.Widget

    def pick_council(self) -> None:
        """The workspace's councils, the one asked for (else the first), its picker and the person field
        (hidden when the server already names the person)."""
        from ..workspace.locate import list_councils

        self.councils = list_councils(self.workspace)
        if self.council not in self.councils:
            self.council = self.councils[0] if self.councils else ""
        self.council_box = dropdown("Council", [(c, c) for c in self.councils], self.council)
        self.who = text("Your name or role", self.user)
        self.who.layout.display = "none" if self.user else ""

    def take_user(self, user: str) -> None:
        """The person the server names (JupyterHub, or the proxy's header): the page stops asking."""
        if user:
            self.user, self.who.value, self.who.layout.display = user, user, "none"

    def person(self) -> str:
        return (self.user or self.who.value).strip()

    def load(self, council: str) -> None:
        raise NotImplementedError

    def opened(self, query: dict[str, str], user: str = "") -> w.Widget:
        """The page for a request: its council, its person, and the files as they are now."""
        self.take_user(user)
        council = query.get("council", self.council)
        if council in self.councils and (council != self.council or self.session.stale()):
            self.council_box.value = council
            self.load(council)
        return self.widget


def heading(text: str, level: int = 2) -> w.HTML:
    return html(f"<h{level}>{esc(text)}</h{level}>")
