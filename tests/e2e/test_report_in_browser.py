"""The HTML report in Debian's Chromium with the network cut off: charts render, nothing is
fetched from outside, and axe-core finds no serious or critical accessibility violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import axe, record_outside, summary

pytestmark = pytest.mark.e2e


def open_offline(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    attempted = record_outside(page, allowed=("file:", "data:"))
    page.goto(path.as_uri(), wait_until="load")
    return page, attempted


@pytest.mark.parametrize("council", ["brightwater", "greyhaven"])
def test_report_renders_offline_with_charts_and_no_external_requests(browser, demo_reports, council):
    work, _ = demo_reports
    page, attempted = open_offline(browser, work / f"reports/{council}/2025-10-31/sef-report.html")
    charts = page.locator("figure.sef-chart svg")
    assert charts.count() >= 2
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
    assert page.locator("figure.sef-chart svg .mark-rect path, figure.sef-chart svg path").count() > 0
    assert attempted == []
    page.close()


@pytest.mark.parametrize("page_path", ["brightwater/2025-10-31/sef-report.html",
                                       "kestrel-vale/2025-10-31/sef-report.html", "2025-10-31/index.html"])
def test_no_serious_or_critical_accessibility_violations(browser, demo_reports, page_path):
    work, _ = demo_reports
    page, attempted = open_offline(browser, work / "reports" / page_path)
    violations = axe(page)
    assert violations == [], summary(violations)
    assert attempted == []
    page.close()


def test_headings_are_in_order_and_every_chart_has_a_text_alternative(browser, demo_reports):
    work, _ = demo_reports
    page, _ = open_offline(browser, work / "reports/kestrel-vale/2025-10-31/sef-report.html")
    levels = page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    labels = page.evaluate("() => [...document.querySelectorAll('figure.sef-chart [role=img]')]"
                           ".map(e => e.getAttribute('aria-label'))")
    assert labels and all(len(label) > 40 for label in labels)
    tables_after_charts = page.evaluate(
        "() => [...document.querySelectorAll('figure.sef-chart')].map(f => f.nextElementSibling.firstChild.tagName)")
    assert set(tables_after_charts) == {"TABLE"}
    page.close()


@pytest.mark.parametrize("council", ["brightwater", "greyhaven", "kestrel-vale"])
def test_no_sideways_page_scroll_at_1280_and_only_tables_scroll_at_320(browser, demo_reports, council):
    """At 1280 px nothing is wider than the window. At 320 CSS px (WCAG 1.4.10 reflow) the page itself
    still does not scroll sideways: only data tables do, each inside a labelled region a keyboard user can
    reach with Tab and scroll with the arrow keys."""
    work, _ = demo_reports
    page, _ = open_offline(browser, work / f"reports/{council}/2025-10-31/sef-report.html")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    scrolling = page.evaluate("""() => [...document.querySelectorAll('*')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map(e => ({cls: e.className, role: e.getAttribute('role'), label: e.getAttribute('aria-label'),
                    tabindex: e.getAttribute('tabindex'),
                    table: e.firstElementChild && e.firstElementChild.tagName}))""")
    assert scrolling, "at 320 px some wide table should scroll inside its region"
    for region in scrolling:
        assert region["cls"] == "table-region" and region["role"] == "region" and region["tabindex"] == "0"
        assert region["table"] == "TABLE" and region["label"], region
    # a keyboard user reaches the first scrolling region with Tab and scrolls it with the arrow keys
    first = page.locator(".table-region").filter(has=page.locator("table")).nth(0)
    label = first.get_attribute("aria-label")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == label:
            break
    else:
        pytest.fail(f"Tab never reached the region {label!r}")
    if first.evaluate("e => e.scrollWidth > e.clientWidth"):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.scrollLeft > 0", arg=first.element_handle())
    page.close()
