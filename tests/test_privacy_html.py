"""The HTML boundary (present.sanitise): the report's own markup passes unchanged, hostile markup does not."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import build_workspace
from sefkit.present import report
from sefkit.present.sanitise import sanitise_html


def test_the_reports_own_html_passes_unchanged(tmp_path):
    """Tables, RAG badges, figures with SVG charts (ours and Vega's): the sanitiser keeps every element and
    attribute of them (an apostrophe may come back as &#x27;, which is the same text)."""
    root = build_workspace(tmp_path / "ws")
    ctx = report.load_context("alpha", root, today=dt.date(2026, 1, 15))
    markup = report.to_html(report.all_blocks(ctx))
    assert markup.count("<svg") >= 2 and "viewBox" in markup      # the annex chart (Vega) and ours
    assert sanitise_html(markup) == markup.replace("'", "&#x27;")


@pytest.mark.parametrize("hostile,safe", [
    ("<script>alert(1)</script><p>kept</p>", "<p>kept</p>"),
    ("<p onclick=\"alert(1)\" class=\"x\">kept</p>", '<p class="x">kept</p>'),
    ("<a href=\"javascript:alert(1)\">j</a><a href=\"&#106;avascript:alert(1)\">k</a>", "<a>j</a><a>k</a>"),
    ("<a href=\"https://www.gov.uk/send\">ok</a><a href=\"#top\">up</a>",
     '<a href="https://www.gov.uk/send">ok</a><a href="#top">up</a>'),
    ("<iframe src=\"file:///etc/passwd\">inside <p>x</p></iframe>after", "after"),
    ("<object data=\"file:///etc/passwd\"><p>fallback</p></object><embed src=\"/etc/passwd\">after", "after"),
    ("<img src=\"file:///etc/passwd\" alt=\"A chart\" onerror=\"alert(1)\">", "A chart"),
    ("<span style=\"background:url(file:///x)\">s</span><span style=\"color:#000\">t</span>",
     '<span>s</span><span style="color:#000">t</span>'),
    ("<svg viewBox=\"0 0 1 1\"><foreignObject><p>x</p></foreignObject><image href=\"file:///x\"/>"
     "<g clip-path=\"url(#c)\" fill=\"url(http://evil.example/x)\"><rect/></g></svg>",
     '<svg viewBox="0 0 1 1"><g clip-path="url(#c)"><rect/></g></svg>'),
    # read as a browser reads it: the noscript ends at its first end tag, so the img is a real (dropped) one
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>after", "&quot;&gt;after"),
    ("<style>p{}</style><!-- a comment --><![CDATA[x]]><link rel=stylesheet href=x.css><p>ok", "<p>ok</p>"),
    ("a < b and c > d", "a &lt; b and c &gt; d"),
    ("<p title='a>b' TITLE=x>q</P>", '<p title="a&gt;b">q</p>'),
    ("<div><p>stray end tags</div></main></body>", "<div><p>stray end tags</p></div>"),
    ("<p>call 0117 496 0123 or jane@x.gov.uk</p><td aria-label=\"Dr Patel\">x</td>",
     '<p>call [phone removed] or [email removed]</p><td aria-label="[name removed]">x</td>'),
    ("<script>never closed <p>x", ""),
])
def test_hostile_markup_is_rewritten_to_the_safe_subset(hostile, safe):
    assert sanitise_html(hostile) == safe
