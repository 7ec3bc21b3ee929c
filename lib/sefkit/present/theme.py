"""One look for every chart and table: a colour-blind-safe palette, RAG words beside colours.

Colours are from the Okabe-Ito palette (safe for the common colour-vision
deficiencies). Colour never carries meaning alone: every RAG is also written as
a word, and badge text meets WCAG AA contrast on its background.
"""

from __future__ import annotations

FONT = "Arial, Helvetica, sans-serif"   # system fonts only: nothing fetched from the internet

# Backgrounds for RAG badges, each paired with a text colour of >= 4.5:1 contrast.
RAG_STYLE = {
    "red": ("#9E2A00", "#FFFFFF", "RED"),
    "amber": ("#E69F00", "#000000", "AMBER"),
    "green": ("#00694D", "#FFFFFF", "GREEN"),
    None: ("#E8E8E8", "#000000", "NOT RATED"),
}
# Readiness states (least ready first) + missing.
STATUS_COLOURS = {
    "high_risk": "#9E2A00",
    "in_progress": "#E69F00",
    "complete_needs_update": "#56B4E9",
    "complete": "#00694D",
    "missing": "#6E6E6E",
}
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#6E6E6E"]


def rag_word(rag: str | None) -> str:
    return RAG_STYLE[rag][2]


def rag_badge(rag: str | None) -> str:
    bg, fg, word = RAG_STYLE[rag]
    return f'<span class="rag rag-{rag or "none"}" style="background:{bg};color:{fg}">{word}</span>'


def sef_theme() -> dict:
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
        alt.theme.register("sefkit", enable=True)(sef_theme)
    except AttributeError:  # altair < 5.5
        alt.themes.register("sefkit", sef_theme)
        alt.themes.enable("sefkit")
