"""The KPI small multiples, drawn as SVG: scales, titles, legend and one mark per published value."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from sefkit.present import charts
from sefkit.present.svgchart import Panel, Style, nice_ticks, small_multiples, title_lines, y_labels

NS = {"s": "http://www.w3.org/2000/svg"}
STYLES = {"This area": Style("#0072B2", ""), "England": Style("#D55E00", "6 3")}
D = dt.date


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # well-formed XML, or this raises


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("lo,hi,expected", [
    (61, 83, [60, 70, 80, 90]),
    (0.03, 0.26, [0, 0.1, 0.2, 0.3]),
    (5200, 6500, [5000, 5500, 6000, 6500]),
    (69.8, 71.1, [69.5, 70, 70.5, 71, 71.5]),
    (50, 50, [45, 50, 55]),                  # a flat series gets a band around its value
    (-3, 2, [-4, -2, 0, 2]),
])
def test_nice_ticks_cover_the_values_with_round_steps(lo, hi, expected):
    ticks = nice_ticks(lo, hi)
    assert ticks == pytest.approx(expected)
    assert ticks[0] <= lo and ticks[-1] >= hi


@pytest.mark.parametrize("lo,hi,floor,ceiling,expected", [
    (0, 0, 0.0, 100.0, [0, 0.5, 1]),                         # a flat 0% is not drawn on a -1% axis
    (100, 100, 0.0, 100.0, [90, 95, 100]),                   # nor a flat 100% on a 110% axis
    (33.33333333333333, 33.333333333333336, 0.0, 100.0, [30, 35, 40]),   # float noise is flat
])
def test_flat_series_get_a_band_within_the_units_range(lo, hi, floor, ceiling, expected):
    assert nice_ticks(lo, hi, floor=floor, ceiling=ceiling) == pytest.approx(expected)


def test_y_labels_fit_beside_the_panel():
    assert y_labels([0, 500, 1000, 1500], "count") == ["0", "500", "1,000", "1,500"]
    assert y_labels([1_200_000, 1_500_000, 1_800_000], "count") == ["1.2m", "1.5m", "1.8m"]
    assert y_labels([0.0, 0.5, 1.0], "pct") == ["0.0%", "0.5%", "1.0%"]


def test_each_period_is_labelled_with_its_own_year_under_its_point():
    """A 31 December value must not sit under the next year's label (as on an axis ticked on 1 January)."""
    panel = Panel("Plans", "pct", {"This area": [(D(2022, 12, 31), 40.0), (D(2023, 12, 31), 45.0),
                                                 (D(2024, 12, 31), 50.0)]})
    root = parse(small_multiples("KPIs", "x", [panel], STYLES).markup)
    points = [float(c.get("cx")) for c in root.findall(".//s:circle", NS)]
    labels = {t.text: float(t.get("x")) for t in root.iter("{http://www.w3.org/2000/svg}text")
              if (t.text or "").isdigit()}
    assert sorted(labels) == ["2022", "2023", "2024"]
    for point, year in zip(points, ("2022", "2023", "2024")):
        assert labels[year] == point


def test_long_titles_wrap_to_two_lines_keeping_the_distinguishing_end():
    assert title_lines("Pupils on SEN support (%)") == ["Pupils on SEN support (%)"]
    assert title_lines("New EHC plans issued within 20 weeks (excluding exceptions)") == [
        "New EHC plans issued within 20 weeks", "(excluding exceptions)"]
    long = title_lines("Young people aged 16-17 with an EHC plan not in education, employment or training")
    assert len(long) == 2 and long[1].startswith("…") and long[1].endswith("employment or training")
    assert all(len(line) <= 36 for line in long)


def test_every_value_is_a_point_and_every_series_a_distinct_line():
    panels = [Panel("Plans in 20 weeks", "pct", {"This area": [(D(2023, 12, 31), 48.0), (D(2024, 12, 31), 52.5)],
                                                 "England": [(D(2023, 12, 31), 50.3), (D(2024, 12, 31), 46.4)]}),
              Panel("Requests received", "count", {"This area": [(D(2024, 12, 31), 1234.0)]})]
    chart = small_multiples("KPIs", "Two KPIs.", panels, STYLES)
    root = parse(chart.markup)
    assert chart.description == "Two KPIs."
    assert len(root.findall(".//s:circle", NS)) == 5
    lines = root.findall(".//s:g/s:polyline", NS)  # a single value draws a point, not a line
    assert [(pl.get("stroke"), pl.get("stroke-dasharray")) for pl in lines] == [("#0072B2", None), ("#D55E00", "6 3")]
    labels = texts(root)
    assert "Series" in labels and "This area" in labels and "England" in labels   # the legend
    assert "Plans in 20 weeks" in labels and "Requests received" in labels
    assert "50%" in labels and "1,234" not in labels                             # y labels are round ticks
    assert any(re.fullmatch(r"1,2\d0", t or "") for t in labels)                 # counts with separators
    assert "2024" in labels                                                      # shared time axis
    assert [g.find("s:title", NS).text for g in root.findall("s:g", NS)] == ["Plans in 20 weeks", "Requests received"]


def test_points_sit_inside_their_panel_and_higher_values_are_drawn_higher():
    panel = Panel("Rate", "per_100", {"This area": [(D(2022, 8, 31), 0.09), (D(2023, 8, 31), 0.08),
                                                    (D(2024, 8, 31), 0.07)]})
    root = parse(small_multiples("KPIs", "One KPI.", [panel], STYLES).markup)
    points = [(float(c.get("cx")), float(c.get("cy"))) for c in root.findall(".//s:circle", NS)]
    width, height = float(root.get("width")), float(root.get("height"))
    assert all(0 < x < width and 0 < y < height for x, y in points)
    assert points[0][0] < points[1][0] < points[2][0]      # later to the right
    assert points[0][1] < points[1][1] < points[2][1]      # falling values drawn lower (SVG y grows down)


def test_the_report_chart_has_a_panel_per_kpi_and_nothing_external(tmp_path):
    from test_present import context

    ctx = context(tmp_path)
    long = charts.kpi_long(ctx.card)
    chart = charts.kpi_trends_chart(ctx.card, long=long)
    root = parse(chart.markup)
    assert [g.find("s:title", NS).text for g in root.findall("s:g", NS)] == list(dict.fromkeys(long["KPI"]))
    assert len(root.findall(".//s:circle", NS)) == len(long)
    assert "href" not in chart.markup and "<script" not in chart.markup
    assert chart.markup == charts.kpi_trends_chart(ctx.card, long=long).markup   # deterministic


def test_kpis_with_similar_titles_get_distinct_panels():
    titles = ["New EHC plans issued within 20 weeks (excluding exceptions)",
              "New EHC plans issued within 20 weeks (including exceptions)"]
    panels = [Panel(t, "pct", {"This area": [(D(2024, 12, 31), 50.0)]}) for t in titles]
    root = parse(small_multiples("KPIs", "x", panels, STYLES).markup)
    shown = [[t.text for t in g.findall("s:text", NS)][:2] for g in root.findall("s:g", NS)]
    assert shown[0] != shown[1]
