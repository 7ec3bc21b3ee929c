"""What a report is made of: headings, paragraphs, lists, tables, charts, an image, a page break and a
table of contents. The notebook shows them as HTML (printed to PDF); the Word writer writes the same
blocks, so every format says the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from ..privacy import redact
from . import charts


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    notice: bool = False
    label: str = ""        # a lead-in shown in bold ("Strengths."), part of the paragraph
    own: bool = False      # the partnership's own words (not held to sefkit's paragraph length)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    frame: pd.DataFrame = field(compare=False)
    empty: str = "None."


@dataclass(frozen=True)
class Chart:
    caption: str
    chart: alt.TopLevelMixin | charts.SvgChart = field(compare=False)
    table: Table = field(compare=False)

    @property
    def alt_text(self) -> str:
        """The chart's text alternative, as published (the Word report's text for the chart)."""
        return redact(charts.alt_text(self.chart, self.caption))


@dataclass(frozen=True)
class Image:
    data: bytes = field(repr=False)
    mime: str
    alt: str
    height_mm: float = 18.0


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page (in print and in Word); nothing on screen."""


@dataclass(frozen=True)
class Contents:
    """A table of contents: a field Word fills in (the PDF has bookmarks, the HTML its headings)."""


Block = Heading | Paragraph | Bullets | Table | Chart | Image | PageBreak | Contents
