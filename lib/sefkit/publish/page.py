"""An executed report notebook as a standalone, offline, accessible HTML page.

We assemble the page from the notebook's HTML outputs rather than through a
generic nbconvert template: no code cells, no prompts, no scripts, no CDN
styles or fonts, just the report's semantic HTML, a skip link, landmarks, and
print rules that keep tables and charts whole.

A workspace may bring its own notebook, so every output and `report`-tagged
markdown cell is re-written to a safe subset of HTML with identifiers removed
(present.sanitise) before it reaches the page: nothing in a notebook can add a
script, a frame or a link to a local file to a published report.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nbformat costs 0.25 s to import; the index page imports this module for its CSS
    import nbformat

from ..present.html import CSS
from ..present.sanitise import sanitise_html
from ..privacy import redact

PAGE_CSS = """
body { margin: 0; background: #FFFFFF; color: #1A1A1A; }
.skip-link { position: absolute; left: -999px; top: 0; background: #FFDD00; color: #000; padding: 0.5rem; }
.skip-link:focus { left: 0.5rem; }
main { padding: 1rem 1.5rem 3rem; }
footer { padding: 1rem 1.5rem; font-size: 0.85rem; border-top: 1px solid #8A8A8A; }
@page { size: A4; margin: 14mm 12mm; }
@media print { .skip-link { display: none; } main { padding: 0; } }
"""


def report_body(nb: nbformat.NotebookNode) -> str:
    """The HTML the report's cells displayed, in order, plus markdown cells tagged `report`
    (stdout, stderr, code and untagged markdown, such as notes to the notebook's editor, are left out)."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "report" in cell.metadata.get("tags", []):
            parts.append(markdown_html(cell.source))
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") in ("display_data", "execute_result"):
                parts.append(_output_html(output.get("data", {})))
    return "\n".join(p for p in parts if p)


def _output_html(data: dict) -> str:
    """One display output as static HTML: its HTML, else its SVG (altair's `svg` renderer; Vega writes
    the chart's description into it as an aria-label), else its markdown. Other types (plain-text
    reprs, PNGs without a text alternative, widgets, scripts) are not published."""
    text = _joined(data.get("text/html", ""))
    if text:
        return "" if text.lstrip().startswith("<style>") else sanitise_html(text)  # the page head has the styles
    svg = _joined(data.get("image/svg+xml", ""))
    if svg:
        return f'<div class="nb-chart">{sanitise_html(svg[svg.find("<svg"):] if "<svg" in svg else svg)}</div>'
    markdown = _joined(data.get("text/markdown", ""))
    return markdown_html(markdown) if markdown else ""


def _joined(value: str | list[str]) -> str:
    """A notebook output's text, which nbformat may store as a list of lines."""
    return "".join(value) if isinstance(value, list) else value


def markdown_html(text: str | list[str]) -> str:
    """A `report`-tagged markdown cell as safe HTML (mistune is what nbconvert itself uses; imported only
    when a notebook has such a cell). Raw HTML in the cell is kept only as far as `sanitise_html` allows."""
    import mistune

    rendered = str(mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])(_joined(text)))
    return sanitise_html(rendered)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string, the rule or the <style> element."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;()-'" else f"\\{ord(c):x} " for c in text) + '"'


def page_numbers(title: str) -> str:
    """Print rules putting '<title> - page N of M' at the foot of every printed page, drawn by the browser's
    own page layout (cheaper than Chromium's separate header and footer templates)."""
    return ("@page { margin: 14mm 12mm 16mm; @bottom-center { content: " + css_string(title)
            + ' " - page " counter(page) " of " counter(pages); font: 8px Arial, Helvetica, sans-serif; '
            "color: #1A1A1A; } }")


def html_page(nb: nbformat.NotebookNode, title: str, footer: str = "") -> str:
    body = report_body(nb)
    shown = redact(title)
    return (
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(shown)}</title>\n<style>{PAGE_CSS}{CSS}{page_numbers(shown)}</style>\n</head>\n<body>\n"
        "<a class=\"skip-link\" href=\"#main\">Skip to the report</a>\n"
        f"<main id=\"main\">\n{body}\n</main>\n"
        f"<footer><p>{html.escape(redact(footer))}</p></footer>\n</body>\n</html>\n")
