"""Semantic, accessible HTML for report sections (tables with captions and scoped headers)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .theme import RAG_STYLE

if TYPE_CHECKING:  # pandas is only needed by callers that build tables; the page and index need the CSS
    import pandas as pd

RAG_WORDS = {word: rag for rag, (_, _, word) in RAG_STYLE.items()}

CSS = """
.sef-report { font-family: Arial, Helvetica, sans-serif; color: #1A1A1A; line-height: 1.45; max-width: 70rem; }
.sef-report table { border-collapse: collapse; margin: 0.5rem 0 1.25rem; font-size: 0.9rem; width: 100%; }
.sef-report caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
.sef-report th, .sef-report td { border: 1px solid #8A8A8A; padding: 0.3rem 0.45rem; text-align: left;
  vertical-align: top; }
.sef-report th { background: #F0F0F0; }
.sef-report .table-region { overflow-x: auto; max-width: 100%; }
.sef-report .table-region:focus { outline: 3px solid #FFDD00; outline-offset: 1px; box-shadow: 0 0 0 5px #0B0C0C; }
.sef-report td { overflow-wrap: break-word; }
.sef-report .logo { display: block; margin-bottom: 0.5rem; }
.sef-report p.own { border-left: 3px solid #8A8A8A; padding-left: 0.6rem; }
.sef-report .page-break { break-after: page; page-break-after: always; height: 0; }
.sef-report .rag { display: inline-block; padding: 0.05rem 0.4rem; border-radius: 0.2rem; font-weight: bold;
  border: 1px solid #1A1A1A; white-space: nowrap; }
.sef-report .notice { border-left: 6px solid #0072B2; padding: 0.5rem 0.75rem; background: #EEF5FB; }
.sef-report figure { margin: 0.5rem 0; }
.sef-report figure svg { max-width: 100%; height: auto; }
.sef-report figcaption { font-style: italic; }
.sef-report table, .sef-report figure, .sef-report tr { break-inside: avoid; page-break-inside: avoid; }
.sef-report h2 { border-bottom: 2px solid #1A1A1A; padding-bottom: 0.2rem; }
.sef-report h2, .sef-report h3, .sef-report h4 { break-after: avoid; page-break-after: avoid; }
@media print { .sef-report .table-region { overflow: visible; } }
@media (max-width: 40rem) { .sef-report td { overflow-wrap: normal; } .sef-report table { width: auto; } }
"""


def esc(text) -> str:
    return html.escape("" if text is None else str(text))


def rag_cell(word: str) -> str:
    rag = RAG_WORDS.get(word, None)
    if word not in RAG_WORDS:
        return esc(word)
    bg, fg, _ = RAG_STYLE[rag]
    return f'<span class="rag" style="background:{bg};color:{fg}">{esc(word)}</span>'


def table_html(df: pd.DataFrame, caption: str, rag_columns: tuple[str, ...] = ("RAG", "Evidence RAG"),
               empty: str = "None.") -> str:
    if df.empty:
        return f"<p><strong>{esc(caption)}:</strong> {esc(empty)}</p>"
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in df.columns)
    body = []
    for row in df.itertuples(index=False):
        cells = []
        for col, value in zip(df.columns, row):
            cells.append(f"<td>{rag_cell(value) if col in rag_columns else esc(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    # A labelled, keyboard-focusable region: on a narrow screen only the table scrolls, never the page.
    return (f'<div class="table-region" role="region" aria-label="{esc(caption)}" tabindex="0">'
            f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def heading(level: int, text: str, css_class: str = "") -> str:
    cls = f' class="{css_class}"' if css_class else ""
    return f"<h{level}{cls}>{esc(text)}</h{level}>"


def labelled(label: str, text: str, css_class: str = "") -> str:
    """A paragraph with an optional bold lead-in ("Strengths:")."""
    cls = f' class="{css_class}"' if css_class else ""
    lead = f"<strong>{esc(label)}</strong> " if label else ""
    return f"<p{cls}>{lead}{esc(text)}</p>"


def image_html(data: bytes, mime: str, alt: str, height_mm: float) -> str:
    """An image carried inside the page (a data: URI), so the report needs no other file and no network."""
    import base64

    return (f'<img class="logo" src="data:{mime};base64,{base64.b64encode(data).decode("ascii")}" '
            f'alt="{esc(alt)}" style="height:{height_mm:g}mm">')


def bullet_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>" if items else ""


def wrap(inner: str) -> str:
    return f'<div class="sef-report">{inner}</div>'
