"""An executed report notebook as a standalone, offline, accessible HTML page.

We assemble the page from the notebook's HTML outputs rather than through a
generic nbconvert template: no code cells, no prompts, no scripts, no CDN
styles or fonts, just the report's semantic HTML, a skip link, landmarks, and
print rules that keep tables and charts whole.
"""

from __future__ import annotations

import html

import nbformat

from ..present.html import CSS

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
    """The HTML the report's cells displayed, in order (stdout, stderr and code are left out)."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "report" in cell.metadata.get("tags", []):
            parts.append(cell.source)
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") in ("display_data", "execute_result"):
                data = output.get("data", {})
                text = data.get("text/html", "")
                if text and not text.lstrip().startswith("<style>"):  # the page head has the styles
                    parts.append(text)
    return "\n".join(parts)


def html_page(nb: nbformat.NotebookNode, title: str, footer: str = "") -> str:
    body = report_body(nb)
    return (
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{PAGE_CSS}{CSS}</style>\n</head>\n<body>\n"
        "<a class=\"skip-link\" href=\"#main\">Skip to the report</a>\n"
        f"<main id=\"main\">\n{body}\n</main>\n"
        f"<footer><p>{html.escape(footer)}</p></footer>\n</body>\n</html>\n")
