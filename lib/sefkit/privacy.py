"""Personal data at the boundary: spot identifiers, suppress small numbers.

Evidence libraries can carry children's data. Owners and leads must be roles,
not people, and published outputs must not carry personal identifiers or counts
small enough to identify a child.
"""

from __future__ import annotations

import re

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
    "cyp", "adult", "adults", "children", "childrens", "children's", "young", "people", "family", "families",
    "ehc", "ehcp", "ap", "alternative", "provision", "disabled", "coordinating", "safeguarding", "cabinet",
    "member", "portfolio", "holder", "executive", "chief", "and", "of", "for", "the", "with", "to",
}
TITLES = re.compile(r"^(mr|mrs|ms|miss|dr|prof|cllr)\.?\s", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# UK phone numbers, mobile or landline, however grouped: 07700 900123, 0117 496 0123, 07700-900-123,
# +44 (0)7700 900123, +447700900123.
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}\b")
NAME_LIKE = re.compile(r"^[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}$")
# Unique pupil numbers: a letter then 12 digits (DfE UPN format), NHS numbers: 10 digits.
UPN = re.compile(r"\b[A-Za-z]\d{12}\b")
NHS_NUMBER = re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b")


def person_like(text: str) -> str | None:
    """Why `text` looks like a person rather than a role, or None."""
    value = text.strip()
    if not value:
        return None
    if EMAIL.search(value):
        return "looks like an email address"
    if PHONE.search(value):
        return "looks like a phone number"
    if TITLES.match(value):
        return "starts with a personal title"
    if NAME_LIKE.match(value):
        words = {w.lower().strip("'’") for w in value.split()}
        if not words & ROLE_WORDS:
            return "looks like a person's name"
    return None


def identifiers_in(text: str) -> list[str]:
    """Kinds of personal identifier found in free text (for published outputs)."""
    found = []
    if EMAIL.search(text):
        found.append("email address")
    if PHONE.search(text):
        found.append("phone number")
    if UPN.search(text):
        found.append("unique pupil number")
    if NHS_NUMBER.search(text):
        found.append("NHS number")
    return found


def redact(text: str) -> str:
    """Replace personal identifiers in free text with a marker."""
    for pattern, label in ((EMAIL, "[email removed]"), (PHONE, "[phone removed]"),
                           (UPN, "[UPN removed]"), (NHS_NUMBER, "[NHS number removed]")):
        text = pattern.sub(label, text)
    return text


def publishable_role(value: str) -> str:
    """An owner or lead as it may be published: roles as written, anything that looks like a person
    (a name, a title, an email or phone number) replaced, since `sef validate` only warns about them.
    (Other identifiers in any text are removed where every report passes: present.report.published.)"""
    return "[name removed]" if person_like(value) else value


SUPPRESSION_THRESHOLD = 5  # counts 1-4 could identify a child; DfE suppresses small numbers likewise


def suppress_count(value: float | int | None, threshold: int = SUPPRESSION_THRESHOLD) -> str:
    """A count as it may be published: small non-zero counts become '<5'."""
    if value is None:
        return "not available"
    if 0 < value < threshold:
        return f"<{threshold}"
    return f"{value:,.0f}"
