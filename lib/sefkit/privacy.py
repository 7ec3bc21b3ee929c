"""Personal data at the boundary: one detector of identifiers, their redaction, small-number suppression.

Evidence libraries can carry children's data. Owners and leads must be roles, not people, and nothing
sefkit publishes may carry a personal identifier, a path from the machine it was made on, or a count
small enough to identify a child. `find_identifiers` is the one detector (the kinds it knows are
`MARKERS`); `redact` replaces what it finds, `publishable_role` stands for an owner or lead that looks
like a person, and `suppress_count` / `suppressed` say how a count may be published.

The detector is tuned for the two ways it can fail: a missed identifier leaks, and a false alarm garbles
ordinary SEND text ("EHCP 20-week timeliness 45%", "Year 11", dates of meetings). tests/test_privacy_detector.py
holds both corpora. Check digits are deliberately not required: a mistyped NHS number or UPN still
points at a child.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# -- words that make a capitalised phrase a role or a service, not a person -----------------------------

ROLE_WORDS = {
    "head", "manager", "officer", "lead", "director", "coordinator", "co-ordinator", "team", "service",
    "chair", "board", "group", "panel", "commissioner", "clinical", "designated", "principal", "senior",
    "assistant", "deputy", "strategic", "partnership", "forum", "icb", "send", "council", "nhs", "sendco",
    "senco", "psychologist", "psychology", "advisor", "adviser", "analyst", "governance", "commissioning",
    "quality", "assurance", "local", "offer", "pcf", "inclusion", "education", "health", "care", "social",
    "early", "years", "unit", "hub", "school", "schools", "consultant", "specialist", "practitioner",
    "performance", "data", "insight", "virtual", "college", "provider", "therapy", "therapies", "camhs",
    "workforce", "operations", "programme", "project", "transformation", "improvement", "sendiass", "ias",
    "participation", "voice", "engagement", "all", "partners", "medical", "dco", "dmo",
    "cyp", "adult", "adults", "children", "childrens", "children's", "people", "family", "families",
    "ehc", "ehcp", "ap", "alternative", "provision", "disabled", "coordinating", "safeguarding", "cabinet",
    "member", "portfolio", "holder", "executive", "chief", "and", "of", "for", "the", "with", "to",
}
# Services, places and the nouns of SEND work, so that "Service Manager (Short Breaks)" or "Lead (North
# Locality)" is not taken for a name. "Young" is not here: it is a common surname ("Young People" is
# still a role through "people").
SERVICE_WORDS = {
    "short", "breaks", "carers", "transport", "preparing", "adulthood", "autism", "outreach", "sensory",
    "hearing", "visual", "impairment", "speech", "language", "communication", "occupational",
    "physiotherapy", "mental", "wellbeing", "emotional", "behaviour", "complex", "needs", "neurodevelopmental",
    "pathway", "tribunal", "tribunals", "mediation", "placements", "placement", "admissions", "attendance",
    "exclusions", "finance", "business", "support", "admin", "administration", "north", "south", "east",
    "west", "central", "locality", "area", "district", "county", "city", "borough", "casework",
    "caseworker", "statutory", "assessment", "planning", "portage", "nursery", "primary", "secondary",
    "post", "further", "employment", "skills", "housing", "youth", "justice", "looked", "after",
    "corporate", "parenting", "integrated", "trust", "foundation", "community", "paediatrics",
    "paediatric", "nursing", "nurse", "worker", "workers", "contact", "centre", "helpline", "office",
    "personal", "budgets", "complaints", "public", "protection", "development", "information", "advice",
    "sen", "sendco", "ehe", "elective", "home", "hospital", "teaching", "teacher", "teachers", "pupil",
    "pupils", "learning", "disability", "disabilities", "commissioned", "independent", "sector",
    "co-production", "coproduction", "parent", "parents", "carer", "pa", "secretary",
}
NOT_NAME_WORDS = ROLE_WORDS | SERVICE_WORDS

TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Cllr|Councillor)"
TITLES = re.compile(rf"^{TITLE}\.?\s", re.IGNORECASE)
# A word of a name: Smith, O'Brien, McDonald, Smith-Jones; an initial: J or J.
NAME_WORD = r"[A-Z](?:['’][A-Z])?[a-z'’]+(?:[A-Z][a-z'’]+)?(?:-[A-Z][a-z'’]+)*"
INITIAL = r"[A-Z]\.?"
NAME = rf"(?:(?:{NAME_WORD}|{INITIAL})\s+){{1,2}}{NAME_WORD}"
NAME_ONLY = re.compile(NAME)

# -- the detectors, most specific first ------------------------------------------------------------------

# Absolute paths of the machine a report was made on (a home folder names its user): POSIX paths of two
# or more parts, file: URLs, Windows drive and network paths; a full stop or bracket after one ends the
# sentence, not the path. Not a URL's path ("//host/a" is skipped), nor a date or fraction ("31/12/2024",
# "and/or").
LOCAL_PATH = re.compile(r"file:/{1,3}[^\s\"'<>]+(?<![.,;:)\]])"
                        r"|(?<![\w.:/~\\-])/[\w.@+-]+(?:/[\w.@+-]*)+(?<![.,])"
                        r"|(?<![\w])[A-Za-z]:\\[^\s\"'<>]*"
                        r"|(?<![\w\\])\\\\[\w.-]+\\[^\s\"'<>]*")
# jane.smith@council.gov.uk, and the spelled-out "jane.smith(at)council.gov.uk".
EMAIL = re.compile(r"[\w.+'-]+(?:@|\s?[\[(]at[\])]\s?)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# Unique pupil numbers: a check letter and 12 digits (LA, school, year, serial: spaces between those
# groups are kept by some systems), or a temporary UPN (11 digits and a letter). Joined to a word is
# still a UPN ("UPN_A123...", "upnA123...").
UPN = re.compile(r"(?<!\d)[A-Za-z](?:\d{3}[ ]?\d{4}[ ]?\d{2}[ ]?\d{3}|\d{11}[A-Za-z])(?!\d)")
# UK phone numbers, however grouped: 07700 900123, 0117 496 0123, (0117) 496 0123, 07700.900.123,
# +44 (0)7700 900123, +447700900123, 0044 7700 900123. 10 or 11 digits from the leading 0. Never
# part of a longer number or a date ("2025-01-31 2025-03-31").
PHONE = re.compile(r"(?<![\w+])(?<!\d[.\-/])"
                   r"(?P<prefix>(?:\+|\b00)\s?44\s?(?:\(0\)\s?)?|\(0(?=\d)|0(?=\d))"
                   r"(?P<body>\d(?:(?:[ \u00a0]{1,2}|[.\-]|\)[ \u00a0]?)?\d){8,9})"
                   r"(?!\d)(?![.\-/]\d)")
PHONE_SEPARATOR = re.compile(r"[ \u00a0]+|[.\-]")
# NHS numbers: 10 digits, as 3-3-4 groups (spaces, even two or three, dots or hyphens) or unbroken.
NHS_NUMBER = re.compile(r"(?<![\d+])(?<!\d[.\-/])\d{3}[ \u00a0.\-]{0,3}\d{3}[ \u00a0.\-]{0,3}\d{4}(?!\d)(?![.\-/]\d)")
# A unique learner number (10 digits, like an NHS number) where it is called one: "ULN 1234567890".
ULN = re.compile(r"\bULN\b[\s:#.\-]{0,3}\d{10}(?!\d)", re.IGNORECASE)
# A date of birth: a date (31/01/2014, 31-01-2014, 2014-01-31, 31 January 2014, 31st Jan 2014) straight
# after what says it is one ("DOB", "D.O.B.", "date of birth", "born on"). A date alone (a meeting) is not.
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
         r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
A_DATE = (rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
          rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\.?,?\s+\d{{4}})")
BIRTH_DATE = re.compile(rf"\b(?:date\s+of\s+birth|D\.?O\.?B\.?|born(?:\s+on)?)[\s:,\-]{{0,3}}{A_DATE}",
                        re.IGNORECASE)

# A person's name after a title, anywhere ("Dr Patel", "Cllr J. Jones"), or in brackets after a role
# ("Head of SEND (Jane Smith)").
TITLED_NAME = re.compile(rf"\b{TITLE}\.?\s+(?:{INITIAL}\s+)?{NAME_WORD}(?:\s+{NAME_WORD})?")
BRACKETED_NAME = re.compile(rf"(?P<role>[A-Za-z][\w'’&-]*)\s*\(\s*(?P<name>{NAME})\s*\)")

# Every detector needs one of these (ten digits close together, an @ or "(at)", a slash, an opening bracket
# before a capital, a title); most text has none, and is not searched further.
CLUES = re.compile(rf"\d(?:\D{{0,3}}\d){{9}}|@|[\[(]at[\])]|[/\\]|\(\s*[A-Z]|\b{TITLE}\b"
                   r"|(?i:\bd\.?o\.?b\b|\bbirth\b|\bborn\b)")

MARKERS = {
    "file path": "[path removed]",
    "email address": "[email removed]",
    "unique pupil number": "[UPN removed]",
    "unique learner number": "[ULN removed]",
    "date of birth": "[date of birth removed]",
    "phone number": "[phone removed]",
    "NHS number": "[NHS number removed]",
    "person's name": "[name removed]",
}


@dataclass(frozen=True)
class Identifier:
    kind: str          # a key of MARKERS
    start: int
    end: int

    @property
    def marker(self) -> str:
        return MARKERS[self.kind]


def _not_a_role(phrase: str) -> bool:
    """A capitalised phrase none of whose words is a role, service or place word: a person's name."""
    words = {w.lower().strip(".'’") for w in phrase.split()}
    return not words & NOT_NAME_WORDS


def _plausible_phone(match: re.Match[str]) -> bool:
    """Groups of two or more digits and one kind of separator (a bracketed area code aside): a phone
    number, not a run of small numbers ("01 2 3 4 5 6 7 8 9") or decimals ("0.5 1.0 2.5 3.0 4.5")."""
    parts = re.split(r"\)[ \u00a0]?", match.group("body"))     # "117) 496 0123": the area code, the rest
    groups = [g for part in parts for g in PHONE_SEPARATOR.split(part)]
    if match.group("prefix").endswith("0"):
        groups = groups[1:]        # the leading 0 belongs to the first group ("07 700..." is "07", "700")
    separators = {s.strip() or " " for part in parts for s in PHONE_SEPARATOR.findall(part)}
    return all(len(g) >= 2 for g in groups) and len(separators) <= 1


def _bracketed_names(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in BRACKETED_NAME.finditer(text):
        role = m.group("role")
        after_role = role.lower() in NOT_NAME_WORDS or (role.isupper() and len(role) > 1)
        if after_role and _not_a_role(m.group("name")):
            spans.append(m.span("name"))
    return spans


def _titled_names(text: str) -> list[tuple[int, int]]:
    """A title and the name words after it, up to the first role word ("Mrs Khan Head of SEND": "Mrs Khan")."""
    spans = []
    for m in TITLED_NAME.finditer(text):
        end = None
        for word in re.finditer(r"\S+", m.group(0)):
            if word.start() == 0 or re.fullmatch(INITIAL, word.group()):
                continue
            if not _not_a_role(word.group()):
                break
            end = m.start() + word.end()
        if end is not None:
            spans.append((m.start(), end))
    return spans


def _spans(kind: str, text: str) -> list[tuple[int, int]]:
    if kind == "file path":
        return [m.span() for m in LOCAL_PATH.finditer(text)]
    if kind == "email address":
        return [m.span() for m in EMAIL.finditer(text)]
    if kind == "unique pupil number":
        return [m.span() for m in UPN.finditer(text)]
    if kind == "phone number":
        return [m.span() for m in PHONE.finditer(text) if _plausible_phone(m)]
    if kind == "NHS number":
        return [m.span() for m in NHS_NUMBER.finditer(text)]
    if kind == "unique learner number":
        return [m.span() for m in ULN.finditer(text)]
    if kind == "date of birth":
        return [m.span() for m in BIRTH_DATE.finditer(text)]
    return _bracketed_names(text) + _titled_names(text)


def find_identifiers(text: str) -> list[Identifier]:
    """Every identifier in `text`, left to right, none overlapping: where two detectors claim the same
    characters, the one listed first in MARKERS wins (an email's digits are not also a phone number)."""
    if not text or not CLUES.search(text):
        return []
    found: list[Identifier] = []
    for kind in MARKERS:
        for start, end in _spans(kind, text):
            if not any(start < f.end and f.start < end for f in found):
                found.append(Identifier(kind, start, end))
    return sorted(found, key=lambda f: f.start)


def identifiers_in(text: str) -> list[str]:
    """Kinds of identifier found in `text`, each once, in MARKERS order."""
    kinds = {f.kind for f in find_identifiers(text)}
    return [kind for kind in MARKERS if kind in kinds]


def redact(text: str) -> str:
    """`text` with every identifier replaced by its marker ("[email removed]", "[name removed]"...)."""
    for found in reversed(find_identifiers(text)):
        text = text[:found.start] + found.marker + text[found.end:]
    return text


# -- owners and leads ---------------------------------------------------------------------------------------

# Where a role field joins a role and a name: "Head of SEND - Jane Smith", "Jane Smith, Head of SEND".
ROLE_PARTS = re.compile(r"\s+[-–—]\s+|\s*[,;:/|]\s*")


def person_like(text: str) -> str | None:
    """Why `text` (an owner, lead or author: a field meant for a role) looks like a person, or None."""
    value = text.strip()
    if not value:
        return None
    kinds = identifiers_in(value)
    for kind, reason in (("email address", "looks like an email address"),
                         ("phone number", "looks like a phone number")):
        if kind in kinds:
            return reason
    if TITLES.match(value):
        return "starts with a personal title"
    if "person's name" in kinds:
        return "names a person"
    if any(NAME_ONLY.fullmatch(part) and _not_a_role(part) for part in ROLE_PARTS.split(value)):
        return "looks like a person's name"
    return None


def publishable_role(value: str) -> str:
    """An owner or lead as it may be published: a role as written (less any identifier in it), or
    "[name removed]" for anything that looks like a person, since `sef validate` only warns about them."""
    return MARKERS["person's name"] if person_like(value) else redact(value)


# -- small numbers ------------------------------------------------------------------------------------------

SUPPRESSION_THRESHOLD = 5  # counts 1-4 could identify a child; DfE suppresses small numbers likewise
SUPPRESSED = f"<{SUPPRESSION_THRESHOLD}"


def suppressed(value: float | int | str | None, unit: str = "count") -> bool:
    """Whether a value may not be published as it is: a count of 1 to 4 (a KPI in any other unit is a
    rate or a duration, not a count of children)."""
    return (unit == "count" and isinstance(value, (int, float)) and not isinstance(value, bool)
            and 0 < value < SUPPRESSION_THRESHOLD)


def suppress_count(value: float | int | None, threshold: int = SUPPRESSION_THRESHOLD) -> str:
    """A count as it may be published: small non-zero counts become '<5'."""
    if value is None:
        return "not available"
    if 0 < value < threshold:
        return f"<{threshold}"
    return f"{value:,.0f}"
