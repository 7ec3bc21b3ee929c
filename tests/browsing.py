"""What the end-to-end tests do in Chromium alike: refuse (and record) every request that would leave
this machine, run axe-core, name the focused element and list the controls without a name."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")

# The focused element's accessible name as a person hears it: its label, else aria-label, else its text.
FOCUSED = """() => { const e = document.activeElement; const l = e.labels && e.labels[0];
    return (l ? l.textContent : e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\\s+/g, ' '); }"""
# Every visible control that has no name (none should).
UNNAMED = """() => [...document.querySelectorAll('a, input, select, textarea, button, summary')]
    .filter(e => e.offsetParent !== null)
    .filter(e => !((e.labels && e.labels.length && e.labels[0].textContent.trim()) || e.textContent.trim()
                   || e.getAttribute('aria-label')))
    .map(e => e.outerHTML.slice(0, 80))"""


def record_outside(page, allowed: tuple[str, ...] = LOCAL) -> list[str]:
    """Refuse every request from `page` that does not start with one of `allowed`; the list fills with
    their addresses."""
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return outside


def axe(page) -> list[dict]:
    """axe-core's serious and critical violations (WCAG 2.0-2.2 A and AA, and best practice)."""
    assert AXE.is_file(), "axe-core is missing: `make test` installs it (npm install axe-core)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})""")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def summary(violations: list[dict]) -> list[tuple]:
    """What a failing assertion prints: each violation's rule, help and first few elements."""
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
