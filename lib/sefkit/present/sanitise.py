"""HTML as sefkit publishes it: a safe subset, every text passed through `privacy.redact`.

A report page is assembled from a notebook's outputs and its `report`-tagged
markdown cells, and a workspace may bring its own notebook: a markdown cell can
hold raw HTML, such as `<script>` or `<iframe src="file:///...">`. Everything
that reaches a published page or notebook is re-written here from an allow-list:

- tags: text structure, tables, figures and the SVG shapes charts are drawn
  with; an image only when it is a PNG or JPEG carried in the page (a data:
  URI, as the report's logo is) with a text alternative. Scripts, styles,
  frames, objects, forms, media and SVG's foreignObject, image and animation
  elements are dropped with their content; any other tag is dropped and its
  text kept (any other image's text alternative is kept as text);
- attributes: no event handlers; no attribute that loads or links anything,
  except a link to a place in the page (`#...`) or to a web page (http, https),
  and SVG's references to its own parts (`url(#clip1)`); inline styles only
  without `url(`, `@import`, `expression(` or escapes;
- text, and attributes people read (aria-label, title, alt), have identifiers
  and local paths removed (`privacy.redact`).

The output is re-written from the tokens read, never copied: text is escaped,
attribute values are quoted and escaped, every element written is closed, so a
browser reading it can find no other markup in it than what is listed here. Tag
and attribute names are written in SVG's own case (viewBox, clipPath), so the
markup is also valid SVG. The printer (publish.pdf) is the second line: it runs
no script and loads nothing from outside the report's folder, whatever the page
says.
"""

from __future__ import annotations

import functools
import html
import re

from ..privacy import redact

HTML_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul", "var", "wbr",
}
SVG_TAGS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title",
    "desc", "defs", "clippath", "lineargradient", "radialgradient", "stop",
}
ALLOWED_TAGS = HTML_TAGS | SVG_TAGS
# Dropped with everything inside them: what runs, loads, embeds or styles.
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed",
    "noframes", "template", "textarea", "select", "option", "button", "form", "input", "audio", "video",
    "source", "track", "picture", "canvas", "math", "foreignobject", "image", "use", "animate",
    "animatemotion", "animatetransform", "set", "head", "meta", "link", "base", "xmp", "plaintext", "marquee",
    "portal", "fencedframe", "dialog", "slot",
}
# Elements that never have content or an end tag (HTML's void elements): a dropped one drops nothing after it.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
        "track", "wbr"}
# Attributes that load, link or submit something: allowed only as a link (href on <a>) to a safe place.
URL_ATTRIBUTES = {
    "href", "xlink:href", "src", "srcset", "action", "formaction", "poster", "background", "data", "codebase",
    "cite", "longdesc", "usemap", "ping", "manifest", "lowsrc", "dynsrc", "profile", "xml:base", "srcdoc",
    "archive", "classid", "itemtype", "attributionsrc",
}
READ_ATTRIBUTES = {"aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "title", "alt",
                   "summary", "label"}
# An image inside the page itself: PNG or JPEG only (an SVG could carry script), no other file, no network.
DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg);base64,[A-Za-z0-9+/]+={0,2}")
SAFE_LINK = re.compile(r"#[\w.:-]*|https?://[^\s\"'<>\\]+", re.IGNORECASE)
UNSAFE_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(|\\|javascript:|behavior\s*:|-moz-binding|image-set",
                          re.IGNORECASE)
OWN_REFERENCE = re.compile(r"url\(\s*#[\w.:-]+\s*\)")
ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9:_.-]*")
# Names are read in lower case; SVG's mixed-case names are written as the HTML standard restores them.
SVG_CASE = {name.lower(): name for name in (
    "clipPath", "linearGradient", "radialGradient", "viewBox", "preserveAspectRatio", "gradientUnits",
    "gradientTransform", "clipPathUnits", "textLength", "lengthAdjust", "spreadMethod", "patternUnits",
    "patternTransform", "patternContentUnits", "markerWidth", "markerHeight", "markerUnits", "refX", "refY",
    "startOffset", "pathLength", "baseProfile", "maskUnits", "maskContentUnits", "primitiveUnits")}


# One token at a time, as a browser reads HTML: a comment, a CDATA section, a declaration or processing
# instruction, an end tag, a start tag (quoted attribute values may hold ">"), text, or a "<" that starts
# none of these (then it is text).
TOKEN = re.compile(r"""
    (?P<comment><!--.*?(?:-->|\Z))
  | (?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))
  | (?P<decl><[!?][^>]*>?)
  | </(?P<end>[A-Za-z][^\s/>]*)[^>]*>
  | <(?P<start>[A-Za-z][^\s/>]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*?)(?P<closed>/?)>
  | (?P<text>[^<]+|<)
""", re.DOTALL | re.VERBOSE)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Elements whose content a browser reads as raw text, up to their end tag: skipped whole when dropped.
RAW_TEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "plaintext"}


@functools.lru_cache(maxsize=32)
def sanitise_html(markup: str) -> str:
    """`markup` re-written from the allow-list above, with identifiers removed from its text. (Remembered:
    the batch publishes each notebook output twice, in the page and in the notebook.)"""
    writer = _SafeWriter()
    pos = 0
    while pos < len(markup):
        if writer.raw_until:                 # inside a dropped script, style, frame...
            pos = _after_end_tag(markup, pos, writer.raw_until)
            writer.raw_until = ""
            continue
        token = TOKEN.match(markup, pos)
        assert token is not None           # the last alternative matches any character
        pos = token.end()
        if token.group("text") is not None:
            writer.text(html.unescape(token.group("text")))
        elif token.group("end") is not None:
            writer.end(token.group("end").lower())
        elif token.group("start") is not None:
            writer.start(token.group("start").lower(), _parse_attributes(token.group("attrs")),
                         closed=bool(token.group("closed")))
        # comments, CDATA sections, declarations and processing instructions are not published
    return writer.result()


def _after_end_tag(markup: str, pos: int, tag: str) -> int:
    end = re.compile(rf"</{tag}\b[^>]*>", re.IGNORECASE).search(markup, pos)
    return end.end() if end else len(markup)


def _parse_attributes(text: str) -> list[tuple[str, str | None]]:
    attrs: list[tuple[str, str | None]] = []
    seen = set()
    for m in ATTRIBUTE.finditer(text):
        name = m.group(1).lower()
        if name in seen:
            continue              # as a browser does: the first of two same-named attributes counts
        seen.add(name)
        raw = next((v for v in m.groups()[1:] if v is not None), None)
        attrs.append((name, None if raw is None else html.unescape(raw)))
    return attrs


class _SafeWriter:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.open: list[str] = []        # allowed elements written and not yet closed
        self.dropping: list[str] = []    # dropped elements we are inside (their content is dropped too)
        self.raw_until = ""              # a dropped raw-text element: skip to its end tag

    def start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.dropping or tag in DROPPED_WITH_CONTENT:
            if tag in RAW_TEXT and not closed:
                self.raw_until = tag
            elif not closed and tag not in VOID:
                self.dropping.append(tag)
            return
        if tag == "img":
            given = dict(attrs)
            src, alt = (given.get("src") or "").strip(), given.get("alt")
            if alt and DATA_IMAGE.fullmatch(src):      # a report's own logo, carried in the page
                kept = [(name, value) for name, value in attrs if name in ("alt", "class", "style")]
                self.out.append(f'<img src="{src}"{_attributes(tag, kept)}>')
            elif alt:
                self.text(alt)
            return
        if tag not in ALLOWED_TAGS:
            return
        written = f"<{SVG_CASE.get(tag, tag)}{_attributes(tag, attrs)}"
        if closed or tag in VOID:
            self.out.append(written + ("/>" if closed else ">"))
        else:
            self.out.append(written + ">")
            self.open.append(tag)

    def end(self, tag: str) -> None:
        if self.dropping:
            if tag in self.dropping:
                while self.dropping.pop() != tag:
                    pass
            return
        if tag not in self.open:
            return          # never opened (or dropped): a stray end tag must not close the page's own
        while self.open:
            inner = self.open.pop()
            self.out.append(f"</{SVG_CASE.get(inner, inner)}>")
            if inner == tag:
                break

    def text(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(redact(data)))

    def result(self) -> str:
        closing = [f"</{SVG_CASE.get(tag, tag)}>" for tag in reversed(self.open)]
        return "".join(self.out + closing)


def _attributes(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    written = []
    for name, value in attrs:
        kept = _attribute(tag, name, value)
        if kept is not None:
            shown = SVG_CASE.get(name, name)
            written.append(f" {shown}" if kept == "" and value is None else f' {shown}="{html.escape(kept)}"')
    return "".join(written)


def _attribute(tag: str, name: str, value: str | None) -> str | None:
    """The value to write for one attribute, or None to drop it."""
    if not ATTRIBUTE_NAME.fullmatch(name) or name.startswith("on"):
        return None
    text = value or ""
    if name in URL_ATTRIBUTES:
        return text if tag == "a" and name == "href" and SAFE_LINK.fullmatch(text.strip()) else None
    if name == "style":
        return None if UNSAFE_STYLE.search(text) else text
    if "url(" in text.lower() and OWN_REFERENCE.sub("", text).lower().find("url(") >= 0:
        return None         # fill="url(#grad)" points inside the chart; anything else could load a file
    if name in READ_ATTRIBUTES:
        return redact(text)
    return text
