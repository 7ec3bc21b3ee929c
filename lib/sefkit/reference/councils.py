"""English local authorities: codes, names, region, type, population and statistical neighbours.

People name their council in many ways ("Wakefield", "Wakefield Council",
"City of Wolverhampton", "Kingston upon Hull, City of", "Hull", "384",
"E08000036"). `find_council` accepts all of them and refuses to guess: a query
that fits several authorities, or none, raises with the candidates, so a
workspace is never set up for the wrong area.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import cached_load
from .errors import CouncilLookupError, ReferenceDataError
from .location import reference_file
from .tables import read_table

COLUMNS = ("la_code", "la_code_new", "name", "other_names", "region", "la_type", "population_0_25",
           "statistical_neighbours")

# Authorities abolished since 2019, so an old code or name gets a useful answer rather than "not found".
# Sources: the Structural Changes Orders for Bournemouth, Dorset and Poole (2018), Northamptonshire (2020)
# and Cumbria (2022); DfE old LA codes.
FORMER = {
    "835": ("Dorset County Council", "April 2019", ("838", "839")),
    "836": ("Poole", "April 2019", ("839",)),
    "837": ("Bournemouth", "April 2019", ("839",)),
    "928": ("Northamptonshire", "April 2021", ("940", "941")),
    "909": ("Cumbria", "April 2023", ("942", "943")),
}

# ONS codes retired by reorganisations, still used in DfE files for earlier years, to the DfE old code.
# Source: ONS Register of Geographic Codes (changes 2009-2023).
FORMER_ONS = {
    "E10000023": "815",   # North Yorkshire County Council, now E06000065
    "E10000002": "825",   # Buckinghamshire County Council, now E06000060
    "E10000027": "933",   # Somerset County Council, now E06000066
    "E06000048": "929",   # Northumberland before 2009, now E06000057
    "E10000009": "835",   # Dorset County Council (abolished)
    "E06000028": "837",   # Bournemouth (abolished)
    "E06000029": "836",   # Poole (abolished)
    "E10000021": "928",   # Northamptonshire (abolished)
    "E10000006": "909",   # Cumbria (abolished)
}


@dataclass(frozen=True)
class Council:
    la_code: str                          # DfE old 3-digit code, e.g. "384"
    la_code_new: str                      # ONS code, e.g. "E08000036"
    name: str
    other_names: tuple[str, ...]
    region: str
    la_type: str
    population_0_25: int | None
    statistical_neighbours: tuple[str, ...]   # 10 old codes, in DfE order
    source: Path | None = field(default=None, compare=False, repr=False)   # the councils.csv it came from

    def neighbours(self) -> list[Council]:
        """The statistical neighbours as councils, in DfE order."""
        return neighbours(self, self.source.parent if self.source else None)

    @property
    def slug(self) -> str:
        """A workspace id: 'Kingston Upon Hull, City of' -> 'kingston-upon-hull'."""
        city_of = re.search(r",\s*(city|county) of$", self.name, re.IGNORECASE)
        name = self.name.split(",")[0] if city_of else self.name
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _parse(path: Path) -> tuple[Council, ...]:
    table = read_table(path, COLUMNS)
    councils = []
    for line, r in zip(table.lines, table.rows):
        if not re.fullmatch(r"\d{3}", r["la_code"]):
            raise table.error(line, "la_code", f"{r['la_code']!r} is not a 3-digit DfE code", "id-invalid")
        pop = r["population_0_25"]
        if pop and not pop.isdigit():
            raise table.error(line, "population_0_25", f"{pop!r} is not a whole number", "not-a-number")
        councils.append(Council(
            r["la_code"], r["la_code_new"], r["name"],
            tuple(n.strip() for n in r["other_names"].split(";") if n.strip()), r["region"], r["la_type"],
            int(pop) if pop else None,
            tuple(c.strip() for c in r["statistical_neighbours"].split(";") if c.strip()), path))
    return tuple(councils)


def load_councils(workspace: Path | str | None = None) -> tuple[Council, ...]:
    """Every current English authority, ordered by old code."""
    return cached_load(reference_file("councils.csv", workspace), _parse)


def neighbours(council: Council, workspace: Path | str | None = None) -> list[Council]:
    by_code = {c.la_code: c for c in load_councils(workspace)}
    return [by_code[code] for code in council.statistical_neighbours if code in by_code]


# --- name matching ---------------------------------------------------------------------------------

_DROP_PHRASES = (r"\b(royal borough of|london borough of|metropolitan borough of|borough of|city of|county of"
                 r"|council of)\b")
_DROP_WORDS = r"\b(council|county|borough|city|metropolitan|district|unitary|authority)\b"


def _words(text: str) -> list[str]:
    """Lower case, '&' -> 'and', 'saint' -> 'st', punctuation -> spaces."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return ["st" if w == "saint" else w for w in text.split()]


def full_key(text: str) -> str:
    return " ".join(_words(text))


def short_key(text: str) -> str:
    """The name without 'City of', 'Borough', 'Council', 'County' and a leading 'the'."""
    text = " ".join(_words(text))
    if text == "city of london":   # "London" alone is a region, not the City
        return text
    text = re.sub(_DROP_PHRASES, " ", text)
    text = re.sub(_DROP_WORDS, " ", text)
    text = re.sub(r"^\s*the\b", " ", text)
    return " ".join(text.split())


def _index(path: Path) -> dict[str, dict[str, set[str]]]:
    """{'full': {key: codes}, 'short': {key: codes}} over names and other names."""
    index: dict[str, dict[str, set[str]]] = {"full": {}, "short": {}}
    for c in cached_load(path, _parse):
        for name in (c.name, *c.other_names):
            index["full"].setdefault(full_key(name), set()).add(c.la_code)
            if short_key(name):
                index["short"].setdefault(short_key(name), set()).add(c.la_code)
    return index


def find_council(query: str, workspace: Path | str | None = None) -> Council:
    """An authority by old code ('384'), new code ('E08000036') or name, forgiving of case,
    punctuation, '&'/'and' and 'City of'/'Borough'/'Council'/'County'. Unknown or ambiguous
    queries raise `CouncilLookupError` listing close matches."""
    if isinstance(query, Council):
        return query
    path = reference_file("councils.csv", workspace)
    councils = cached_load(path, _parse)
    by_code = {c.la_code: c for c in councils}
    q = str(query or "").strip()
    if not q:
        raise CouncilLookupError("no council given: use a DfE code (384), an ONS code (E08000036) or a name")
    if q in by_code:
        return by_code[q]
    for c in councils:
        if c.la_code_new and q.upper() == c.la_code_new.upper():
            return c
    q = FORMER_ONS.get(q.upper(), q)
    if q in by_code:
        return by_code[q]
    if q in FORMER:
        raise _abolished(q, by_code, q)
    index = cached_load(path, _index)
    for codes in (index["full"].get(full_key(q)), index["short"].get(short_key(q))):
        if codes:
            return _one(query, [by_code[c] for c in sorted(codes)])
    for code, (name, _when, successors) in FORMER.items():
        if full_key(q) == full_key(name):
            if len(successors) == 1 and successors[0] in by_code:
                return by_code[successors[0]]
            raise _abolished(code, by_code, q)
    if full_key(q) in {full_key(c.region) for c in councils} | {"england"}:
        raise CouncilLookupError(f"'{q}' is a region, not a local authority; "
                                 "give an authority's name or code", query=q)
    words = short_key(q).split()
    if words:   # the words of the query appear together in exactly one name: "Southend", "Windsor"
        hits = {code for key, codes in index["short"].items() if _contains(key.split(), words)
                for code in codes}
        if hits:
            return _one(query, [by_code[c] for c in sorted(hits)])
    shorts: dict[str, Council] = {}
    for c in councils:
        shorts.setdefault(short_key(c.name), c)
    close_keys = difflib.get_close_matches(short_key(q) or q.lower(), list(shorts), n=4, cutoff=0.6)
    close = [shorts[k] for k in close_keys]
    hint = ("; did you mean " + ", ".join(f"{c.name} ({c.la_code})" for c in close) + "?") if close else ""
    raise CouncilLookupError(f"no English local authority matches '{q}'{hint}", tuple(close), query=q)


def _abolished(code: str, by_code: dict[str, Council], query: str) -> CouncilLookupError:
    name, when, successors = FORMER[code]
    now = [by_code[s] for s in successors if s in by_code]
    return CouncilLookupError(f"{name} ({code}) was abolished in {when}; its area is now "
                              + " and ".join(f"{c.name} ({c.la_code})" for c in now), tuple(now), query=query)


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _one(query: str, matches: list[Council]) -> Council:
    if len(matches) == 1:
        return matches[0]
    shown = ", ".join(f"{c.name} ({c.la_code})" for c in matches[:8])
    more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
    raise CouncilLookupError(f"'{query.strip()}' matches several authorities: {shown}{more}; "
                             "give the code or the full name", tuple(matches), query=query.strip())


def la_code_of(council: Council | str, workspace: Path | str | None = None) -> str:
    """An old code from a Council, an old code (kept as is, so former authorities in old data work),
    a new code or a name."""
    if isinstance(council, Council):
        return council.la_code
    text = str(council).strip()
    if re.fullmatch(r"\d{3}", text):
        return text
    return find_council(text, workspace).la_code


__all__ = ["FORMER", "Council", "ReferenceDataError", "find_council", "la_code_of", "load_councils",
           "neighbours"]
