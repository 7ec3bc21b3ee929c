"""The one detector of personal identifiers (privacy.find_identifiers), on two corpora.

1. Identifiers in the spellings people type them: emails, UK phone numbers
   (grouped, dotted, bracketed, international), unique pupil numbers (plain,
   joined to a word, grouped, temporary), NHS numbers (grouped by spaces, double
   spaces, dots, hyphens, unbroken) and names (after a title, in brackets after
   a role), each with a valid and an invalid check digit where it has one: a
   mistyped number still points at a child, so both must be found.
2. Ordinary SEND text that must raise no alarm: sentences written for this
   test, plus every cell of the demo workspace and every line of the built-in
   catalogues and reference tables.

Run with -s to see the counts.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sefkit.privacy import MARKERS, find_identifiers, person_like, publishable_role, redact

ROOT = Path(__file__).resolve().parents[1]
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def nhs_number(first_nine: str, valid: bool = True) -> str:
    """Ten digits whose last is the modulus 11 check digit of the first nine (or a wrong one)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1)))
    check = (11 - total % 11) % 11
    assert check != 10, "no valid NHS number starts with these nine digits"
    return first_nine + str(check if valid else (check + 1) % 10)


def upn(twelve: str, valid: bool = True) -> str:
    """A UPN: its check letter (weights 2 to 13, modulus 23) and twelve digits (or a wrong letter)."""
    index = sum(int(d) * w for d, w in zip(twelve, range(2, 14))) % 23
    return UPN_LETTERS[index if valid else (index + 1) % 23] + twelve


NHS_VALID, NHS_INVALID = nhs_number("943476591"), nhs_number("943476591", valid=False)
UPN_VALID, UPN_INVALID = upn("801200102031"), upn("801200102031", valid=False)


def groups(number: str, sep: str) -> str:
    return sep.join((number[:3], number[3:6], number[6:]))


IDENTIFIERS: list[tuple[str, str]] = [
    ("unique learner number", "ULN 4123456789"),
    ("unique learner number", "uln: 4123456789"),
    ("date of birth", "DOB 12/03/2014"),
    ("date of birth", "D.O.B.: 2014-03-12"),
    ("date of birth", "date of birth 3rd March 2014"),
    ("date of birth", "born on 3 Mar 2014"),
    ("email address", "jane.smith@brightwater.gov.uk"),
    ("email address", "J.O'Neil-Khan+send@nhs.net"),
    ("email address", "send.team@council.org.uk"),
    ("email address", "jane.smith(at)brightwater.gov.uk"),
    ("phone number", "07700 900123"),
    ("phone number", "07700900123"),
    ("phone number", "07700-900-123"),
    ("phone number", "07700.900.123"),
    ("phone number", "07700 900 123"),
    ("phone number", "0117 496 0123"),
    ("phone number", "0117  496  0123"),
    ("phone number", "(0117) 496 0123"),
    ("phone number", "(01632) 960001"),
    ("phone number", "(020) 7946 0123"),
    ("phone number", "020 7946 0123"),
    ("phone number", "+44 (0)7700 900123"),
    ("phone number", "+44 (0) 117 496 0123"),
    ("phone number", "+44 117 496 0123"),
    ("phone number", "+447700900123"),
    ("phone number", "0044 7700 900123"),
    ("unique pupil number", UPN_VALID),
    ("unique pupil number", UPN_INVALID),
    ("unique pupil number", UPN_VALID.lower()),
    ("unique pupil number", f"UPN_{UPN_VALID}"),
    ("unique pupil number", f"UPN-{UPN_VALID}"),
    ("unique pupil number", f"upn{UPN_VALID}"),
    ("unique pupil number", f"UPN: {UPN_INVALID}"),
    ("unique pupil number", f"{UPN_VALID[0]}{UPN_VALID[1:4]} {UPN_VALID[4:8]} {UPN_VALID[8:10]} {UPN_VALID[10:]}"),
    ("unique pupil number", "A12345678901B"),          # a temporary UPN: 11 digits and a letter
    ("NHS number", NHS_VALID),
    ("NHS number", NHS_INVALID),
    ("NHS number", groups(NHS_VALID, " ")),
    ("NHS number", groups(NHS_VALID, "  ")),
    ("NHS number", groups(NHS_VALID, ".")),
    ("NHS number", groups(NHS_VALID, "-")),
    ("NHS number", groups(NHS_INVALID, " - ")),
    ("NHS number", f"NHS no.{groups(NHS_VALID, ' ')}"),
    ("NHS number", f"NHS{NHS_VALID}"),
    ("person's name", "Head of SEND (Priya Sharma)"),
    ("person's name", "Head of SEND (Firstname Surname)"),
    ("person's name", "SENCO (J. Smith)"),
    ("person's name", "Designated Clinical Officer (Mary O'Brien)"),
    ("person's name", "Lead (Sean McDonald)"),
    ("person's name", "Chair (Anne-Marie Jones-Clarke)"),
    ("person's name", "Dr Patel"),
    ("person's name", "Mrs A. Khan"),
    ("person's name", "Cllr Jones"),
    ("person's name", "Mr Rahul Patel"),
]

# The characters of each identifier that must be gone once it is redacted.
def core(kind: str, text: str) -> str:
    if kind == "person's name":
        return text.split("(")[-1].rstrip(")").split()[-1]
    if kind == "email address":
        return text.split("@")[0].split("(")[0]
    return "".join(c for c in text if c.isdigit())[-7:]


ORDINARY = [
    "EHCP 20-week timeliness 45%",
    "A service born of co-production with families; the Born in Bradford study (2007)",
    "Birth to 25 pathway reviewed on 12/03/2025; DOB checks are done in the case system",
    "ULN is recorded in the college's own system, not here",
    "EHC plans issued within 20 weeks (excluding exceptions): 48.2% against England 46.4%",
    "Year 11 leavers with an EHC plan in education, employment or training",
    "Pupils in Year 6 and Year 7 transition: 1,234 plans reviewed",
    "NHS Trust designated clinical officer attends the SEND Partnership Board",
    "Meeting of the SEND Partnership Board on 2025-01-31 and 2025-03-31",
    "Board met 31/12/2024, 14.03.2025 and 01-04-2025; next meeting 10:30-12:00 on 3 June 2025",
    "Scores 0.5 1.0 2.5 3.0 4.5 on the audit scale",
    "Quarter 1 2024-25: 1,234 requests, 987 assessments, 765 plans issued",
    "Budget for 2024/25: £1,234,567 (high needs block £12.3m)",
    "Annex A item ANX-09 Short breaks statement is complete",
    "Service Manager (Short Breaks) leads the review",
    "Head of Commissioning (ICB) and Designated Clinical Officer (DCO)",
    "Lead (North Locality) reports to the Head of Inclusion",
    "Local authority code 873, ONS code E06000023, school URN 123456",
    "Ranked 12 of 153 authorities (quartile 1, 1 = best)",
    "Action APP 1.2.3 and evidence EV-078 were reviewed",
    "KPI 'Plans issued within 20 weeks' is red: 38% (2024-12-31) is worse by 8.4 points than England 46.4%",
    "Published at https://www.gov.uk/government/statistics/education-health-and-care-plans",
    "SVG namespace http://www.w3.org/2000/svg",
    "Parents and/or carers; he/she; 24/7 helpline; 2023/24 and 2024/25",
    "Co-production with the Parent Carer Forum (PCF) and SENDIASS",
    "Preparing for Adulthood (PfA) outcomes from Year 9",
    "Mental health support teams (MHSTs) in 40% of schools",
    "Speech and Language Therapy (SALT) waits fell from 52 to 18 weeks",
    "Ofsted and CQC area SEND inspection, 18 to 22 March 2024",
    "The self-evaluation (SEF) was signed off by the Partnership Board",
    "EHCNA requests decided within 6 weeks: 99.9%",
    "Tribunal appeals: 12 registered, 3 withdrawn, 9 decided",
    "Phone the SENDIASS helpline (see the Local Offer)",
    "Alternative provision (AP) places: 120 commissioned, 96 filled",
    "Version 2.1.0 of the framework, published 2025-06-30",
    "Plans maintained: 3,456 (up from 3,210)",
    "Reference period 2024-01-01 to 2024-12-31",
    "Time 09:00 to 17:00, Monday to Friday",
    "Proportion with a plan: 4.8% against 4.3% nationally",
    "Head Teacher; Young Carers Lead; Virtual School Head",
    "Page 3 of 12",
    "Dates: 2024-09-01, 2024-12-01, 2025-03-01, 2025-06-01",
    "Numbers 100, 200 and 300 appear in the table",
]


def demo_and_catalogue_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "evidence").glob("*/*.csv")) + sorted((ROOT / "sef" / "reference").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            texts += [cell for row in csv.reader(handle) for cell in row if cell]
    for path in sorted((ROOT / "sef").rglob("*.yaml")) + sorted((ROOT / "parameters").glob("*.yaml")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_every_identifier_spelling_is_found_and_removed():
    missed, wrong_kind = [], []
    for kind, spelling in IDENTIFIERS:
        sentence = f"Please record {spelling} today."
        kinds = {f.kind for f in find_identifiers(sentence)}
        if kind not in kinds:
            missed.append((kind, spelling))
        elif kinds != {kind}:
            wrong_kind.append((kind, spelling, kinds))
        redacted = redact(sentence)
        assert core(kind, spelling) not in redacted, (spelling, redacted)
        assert MARKERS[kind] in redacted, (spelling, redacted)
    print(f"\nidentifiers: {len(IDENTIFIERS) - len(missed)} of {len(IDENTIFIERS)} spellings found; missed: {missed}")
    assert missed == [] and wrong_kind == []


def test_ordinary_send_text_raises_no_false_alarm():
    corpus = ORDINARY + demo_and_catalogue_texts()
    alarms = [(text, [(f.kind, text[f.start:f.end]) for f in find_identifiers(text)])
              for text in corpus if find_identifiers(text)]
    print(f"\nfalse alarms: {len(alarms)} in {len(corpus)} texts ({len(ORDINARY)} written for this test, "
          f"{len(corpus) - len(ORDINARY)} from the demo workspace and built-in catalogues)")
    for text, found in alarms:
        print("  ", found, "in", repr(text[:80]))
    assert len(alarms) == 0


@pytest.mark.parametrize("value,reason", [
    ("Head of SEND", None),
    ("Service Manager Disabled Children's Team", None),
    ("Service Manager (Short Breaks)", None),
    ("Head of Commissioning (ICB)", None),
    ("Head Teacher", None),
    ("Young Carers Lead", None),
    ("Jane Smith", "looks like a person's name"),
    ("Jane Young", "looks like a person's name"),
    ("J. Smith", "looks like a person's name"),
    ("Mary O'Brien", "looks like a person's name"),
    ("Head of SEND (Jane Smith)", "names a person"),
    ("Head of SEND - Jane Smith", "looks like a person's name"),
    ("Jane Smith, Head of SEND", "looks like a person's name"),
    ("Dr Patel", "starts with a personal title"),
    ("jane.smith@brightwater.gov.uk", "looks like an email address"),
    ("Head of SEND 07700 900123", "looks like a phone number"),
])
def test_owners_and_leads_that_look_like_people(value, reason):
    assert person_like(value) == reason
    assert publishable_role(value) == (value if reason is None else "[name removed]")


def test_an_owner_with_an_identifier_but_no_person_keeps_its_role():
    assert publishable_role(f"Head of SEND {UPN_VALID}") == "Head of SEND [UPN removed]"


def test_redaction_changes_nothing_twice_and_keeps_the_rest_of_the_text():
    text = (f"Call Dr Patel on (0117) 496 0123 about pupil UPN_{UPN_VALID} (NHS {groups(NHS_VALID, '.')}); "
            "Head of SEND (Priya Sharma) agreed at the 2025-03-31 board; see /home/jane/sef/notes.txt.")
    once = redact(text)
    assert once == ("Call [name removed] on [phone removed] about pupil UPN_[UPN removed] (NHS [NHS number removed]); "
                    "Head of SEND ([name removed]) agreed at the 2025-03-31 board; see [path removed].")
    assert redact(once) == once
