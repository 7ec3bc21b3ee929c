"""One look for every chart and table: a colour-blind-safe palette, RAG words beside colours.

Colours are from the Okabe-Ito palette (safe for the common colour-vision
deficiencies). Colour never carries meaning alone: every RAG is also written as
a word, and badge text meets WCAG AA contrast on its background.
"""

from __future__ import annotations

from ..scoring.card import StatusTerm
from ..vocab import Rag

FONT = "Arial, Helvetica, sans-serif"   # system fonts only: nothing fetched from the internet

# Backgrounds for RAG badges, each paired with a text colour of >= 4.5:1 contrast.
RAG_STYLE: dict[Rag | None, tuple[str, str, str]] = {
    "red": ("#9E2A00", "#FFFFFF", "RED"),
    "amber": ("#E69F00", "#000000", "AMBER"),
    "green": ("#00694D", "#FFFFFF", "GREEN"),
    None: ("#E8E8E8", "#000000", "NOT RATED"),
}
MISSING_COLOUR = "#6E6E6E"     # an Annex A item with no evidence at all
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#6E6E6E"]


def status_colour(term: StatusTerm | None) -> str:
    """A status's colour in charts: its own (vocabularies.yaml `colour`), else its RAG's; grey for missing."""
    if term is None:
        return MISSING_COLOUR
    return term.colour or RAG_STYLE[term.rag][0]


def rag_word(rag: Rag | None) -> str:
    return RAG_STYLE[rag][2]


def rag_badge(rag: Rag | None) -> str:
    bg, fg, word = RAG_STYLE[rag]
    return f'<span class="rag rag-{rag or "none"}" style="background:{bg};color:{fg}">{word}</span>'


def sef_theme() -> dict[str, object]:
    return {
        "config": {
            "font": FONT,
            "background": "#FFFFFF",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1A1A1A", "titleColor": "#1A1A1A",
                     "gridColor": "#DDDDDD"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1A1A1A",
                       "titleColor": "#1A1A1A", "orient": "bottom"},
            "title": {"fontSize": 14, "color": "#1A1A1A", "anchor": "start"},
            "range": {"category": SERIES_COLOURS},
        }
    }


def enable() -> None:
    """Register and enable the theme (idempotent)."""
    import altair as alt  # here, so the page and index writers never pay for importing altair

    try:
        alt.theme.register("sefkit", enable=True)(sef_theme)  # type: ignore[arg-type]
    except AttributeError:  # altair < 5.5
        alt.themes.register("sefkit", sef_theme)
        alt.themes.enable("sefkit")
