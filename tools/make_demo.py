"""Generate the bundled demo workspace: three FICTIONAL local area partnerships.

    python tools/make_demo.py [--out DIR]

Deterministic (fixed seeds): running it twice gives byte-identical files, so the
committed demo is reproducible. Regenerate rather than hand-edit. Titles, roles,
status words and action styles are modelled on real councils' trackers (Annex A
readiness trackers, accelerated progress plans); every name and figure is invented.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from sefkit.framework import Catalogues  # noqa: E402
from sefkit.workspace import ACTION_COLUMNS, EVIDENCE_COLUMNS, KPI_COLUMNS  # noqa: E402

AS_OF = dt.date(2025, 10, 31)

TITLES = {
    "ANX-01": ["SEND and AP self-evaluation {y} (draft v{v})", "SEF moderation notes: partnership board",
               "Self-evaluation evidence map", "Parent carer forum review of the SEF"],
    "ANX-02": ["SEND and Inclusion Strategy 2024-2029", "Strategy delivery plan and highlight report",
               "Local Area Inclusion Plan (draft)", "Strategy co-production event report"],
    "ANX-03": ["Person-level data return: list 1 (EHC plans)", "Person-level data return: list 2 (SEN support)",
               "PLD data quality checks log", "Out-of-area cohort extract"],
    "ANX-04": ["Health commissioning template {y}", "ICB SEND commissioning intentions",
               "Therapies service specification review"],
    "ANX-05": ["Residential special school placements template", "Residential placement review panel minutes",
               "Quality visits to residential special schools"],
    "ANX-06": ["Joint commissioning strategy", "SEND sufficiency plan and place forecast",
               "Joint commissioning group terms of reference", "Joint strategic needs assessment: SEND chapter"],
    "ANX-07": ["Neurodevelopmental pathway waiting times dashboard", "Speech and language therapy pathway",
               "CAMHS access and waiting list report", "Waiting well offer for families"],
    "ANX-08": ["Disabled children's service overview", "Early help offer for families with SEND",
               "Transitions to adult social care protocol"],
    "ANX-09": ["Short breaks services statement {y}", "Short breaks review and take-up analysis",
               "Short breaks satisfaction survey results"],
    "ANX-10": ["Personal budgets statement", "Direct payments and personal budgets: numbers and types",
               "Joint personal budget policy (education, health, care)"],
    "ANX-11": ["EHC plan quality assurance framework", "EHCP audit findings: spring and summer terms",
               "Plan quality dip-sampling tool and results", "Parent feedback on plan quality"],
    "ANX-12": ["Multi-agency case audit: autumn term findings", "Multi-agency audit action tracker",
               "Themed audit: health advice in EHC plans"],
    "ANX-13": ["SEND outcomes framework", "Preparing for adulthood outcomes report",
               "Key stage outcomes for pupils with SEND", "Wellbeing survey of young people with SEND"],
    "ANX-14": ["Out-of-area placements register", "Out-of-area placement review visits",
               "Independent special school placement analysis"],
    "ANX-15": ["AP needs analysis", "Profile of children in alternative provision",
               "AP commissioning strategy"],
    "ANX-16": ["Register of AP settings (registered and unregistered)", "Pupils in AP: hours and duration",
               "Part-time timetables register"],
    "ANX-17": ["AP quality assurance visits and standards", "Unregistered AP oversight procedure",
               "AP attendance and reintegration monitoring"],
    "ANX-18": ["Survey distribution plan for the inspection", "Contact lists for family and practitioner surveys"],
    "ANX-19": ["Case-sample preparation checklist", "Case file readiness audit"],
    "ANX-20": ["SEND partnership board terms of reference", "Board minutes and action log",
               "Accountability statement: LA and ICB leaders"],
    "ANX-21": ["Co-production charter with the parent carer forum", "You said, we did: {y}",
               "Young people's SEND council minutes"],
    "ANX-22": ["SEND performance dashboard", "Monthly EHCP and EHE performance overview",
               "Health waiting times dashboard"],
    "ANX-23": ["Complaints, mediation and tribunal analysis", "Learning from tribunals and ombudsman findings",
               "Disagreement resolution service report"],
    "ANX-24": ["Local Offer website review and user analytics", "SENDIASS annual report",
               "Local Offer accessibility audit"],
    "ANX-25": ["Children missing education and EHE report", "Section 19 arrangements and monitoring",
               "Reduced timetable monitoring"],
    "ANX-26": ["Preparing for adulthood strategy", "Supported internship outcomes",
               "Transition to adult health services pathway"],
    "ANX-27": ["Workforce development plan for SEND", "Designated clinical officer role and capacity",
               "Educational psychology service capacity review"],
}
GENERAL = ["Partnership peer challenge feedback", "Voice of the child case studies: board papers",
           "Inclusion toolkit for schools", "Graduated approach guidance and training records",
           "SENCO network evaluation"]
GENERAL_CRITERIA = ["LEAD-6;IMP-5", "IMP-2;IMP-5", "IMP-1;IMP-3", "IMP-1;LEAD-6", "LEAD-6;LEAD-5"]

OWNERS = {
    "ANX-01": "Head of SEND", "ANX-02": "Assistant Director Education and Inclusion",
    "ANX-03": "SEND Performance and Data Lead", "ANX-04": "Head of Children's Commissioning (ICB)",
    "ANX-05": "Head of SEND Commissioning", "ANX-06": "Head of SEND Commissioning",
    "ANX-07": "Designated Clinical Officer", "ANX-08": "Service Manager Disabled Children's Team",
    "ANX-09": "Service Manager Disabled Children's Team", "ANX-10": "Personal Budgets Lead",
    "ANX-11": "EHC Quality Assurance Lead", "ANX-12": "Principal Educational Psychologist",
    "ANX-13": "SEND Performance and Data Lead", "ANX-14": "Placements Team Manager",
    "ANX-15": "Head of Inclusion", "ANX-16": "AP Commissioning Officer", "ANX-17": "Head of Inclusion",
    "ANX-18": "SEND Partnership Manager", "ANX-19": "EHC Team Manager", "ANX-20": "SEND Partnership Manager",
    "ANX-21": "Participation and Co-production Lead", "ANX-22": "SEND Performance and Data Lead",
    "ANX-23": "SEND Complaints and Tribunals Officer", "ANX-24": "Local Offer Co-ordinator",
    "ANX-25": "Head of Inclusion", "ANX-26": "Preparing for Adulthood Lead",
    "ANX-27": "Principal Educational Psychologist",
}

ACTIONS = [
    ("Clear outstanding EHC assessments over 20 weeks by triaging those needing new advice", "IMP-1;LEAD-5"),
    ("Introduce a weekly health advice gateway panel with a standard operating procedure", "IMP-1;LEAD-6"),
    ("Co-design plan templates that capture the child's and parent's voice", "IMP-2"),
    ("Monthly dip-sampling of EHC plans by senior officers against a quality standard", "LEAD-5;IMP-1"),
    ("Refresh the short breaks statement with the parent carer forum", "IMP-5;LEAD-4"),
    ("Complete the short breaks review and publish the new offer", "IMP-3;IMP-5"),
    ("Publish a joint personal budgets policy across education, health and care", "IMP-2;IMP-3"),
    ("Reduce the longest waits for autism and ADHD assessment with a waiting-well offer", "IMP-1;IMP-3"),
    ("Recruit two assistant educational psychologists to restore advice timeliness", "LEAD-6;IMP-1"),
    ("Launch the co-production charter and report back with 'you said, we did'", "LEAD-2;IMP-2"),
    ("Rebuild the Local Offer website with families and test its accessibility", "IMP-2;LEAD-2"),
    ("Agree the AP strategy and commissioning framework with schools", "AP-1;LEAD-4"),
    ("Set up quality assurance visits for every unregistered AP setting used", "AP-3"),
    ("Track reintegration and destinations for every pupil leaving AP", "AP-4;AP-2"),
    ("Hold a termly register of pupils on part-time timetables with review dates", "AP-2;IMP-3"),
    ("Run multi-agency case audits each term and report themes to the board", "LEAD-5;LEAD-6"),
    ("Embed preparing-for-adulthood outcomes in annual reviews from year 9", "IMP-4"),
    ("Agree a transition protocol from children's to adult health services", "IMP-4;LEAD-4"),
    ("Publish a SEND performance dashboard shared by the council and the ICB", "LEAD-3;LEAD-5"),
    ("Analyse tribunal and complaint outcomes and share the learning with teams", "LEAD-2;LEAD-5"),
    ("Deliver the graduated approach toolkit and training to every SENCO", "IMP-1;LEAD-6"),
    ("Reduce suspensions of pupils with EHC plans through the inclusion hub", "IMP-4;IMP-5"),
    ("Refresh the joint strategic needs assessment chapter on SEND", "LEAD-3"),
    ("Review out-of-area placements and visit every child placed more than 20 miles away", "LEAD-4;IMP-3"),
    ("Clear the annual review backlog and decide within 4 weeks of each meeting", "IMP-1;LEAD-5"),
    ("Establish a young people's SEND council that meets the board twice a year", "LEAD-2;IMP-5"),
    ("Expand supported internships with the ICB and the council as employers", "IMP-4"),
    ("Map commissioning of therapies against forecast need", "LEAD-4;LEAD-3"),
]
LEADS = ["Head of SEND", "Designated Clinical Officer", "Principal Educational Psychologist",
         "Head of SEND Commissioning", "Local Offer Co-ordinator", "Head of Inclusion",
         "Participation and Co-production Lead", "Preparing for Adulthood Lead", "SEND Performance and Data Lead",
         "Head of Children's Commissioning (ICB)"]
PROGRESS = ["On track; first milestone met and reported to the board.", "Draft agreed with partners; sign-off due.",
            "Recruitment complete; impact to be measured next term.", "Delayed by capacity; revised plan agreed.",
            "Pilot running in two localities; early feedback positive.", "Not yet started: awaiting funding decision.",
            "Complete; now monitored through the dashboard.", "Embedded as business as usual; audited termly."]

STATUS_WORDS = {  # the many ways trackers write each readiness state
    "complete": ["complete", "Complete", "complete", "Completed"],
    "complete_needs_update": ["complete_needs_update", "Complete but an update required once call comes"],
    "in_progress": ["in_progress", "Work underway but not complete", "In progress"],
    "high_risk": ["high_risk", "High Risk"],
}
ACTION_WORDS = {"not_started": ["not_started", "Not Yet started"], "in_progress": ["in_progress", "In Progress"],
                "delayed": ["delayed", "Delayed / at risk"], "complete": ["complete", "Complete"],
                "embedded": ["embedded", "Embedded"]}


@dataclass(frozen=True)
class Profile:
    slug: str
    name: str
    region: str
    seed: int
    status_weights: dict[str, float]
    strength_weights: tuple[float, float, float, float]
    max_age_days: int
    stale_share: float
    items_per_annex: tuple[int, int]
    forced: dict[str, str]      # Annex A id -> status of its first evidence item (the known problem items)
    kpi_quality: float          # + better than England, - worse
    kpi_drift: float            # per year: + improving, - declining
    action_status_weights: dict[str, float]
    overdue: int
    no_lead: int
    assessed: tuple[str, ...]
    judgements: dict[str, str]


PROFILES = [
    Profile("brightwater", "Brightwater Local Area Partnership", "South West", 11,
            {"complete": 0.7, "complete_needs_update": 0.3}, (0.0, 0.05, 0.35, 0.6),
            170, 0.02, (2, 4), {"ANX-17": "in_progress", "ANX-26": "in_progress"}, 4.0, 1.5,
            {"complete": 0.35, "embedded": 0.35, "in_progress": 0.25, "not_started": 0.05}, 1, 0,
            ("IMP-1", "IMP-2", "IMP-3", "IMP-4", "IMP-5", "LEAD-1", "LEAD-2", "LEAD-3", "LEAD-4", "LEAD-5",
             "LEAD-6", "AP-1", "AP-2", "AP-3", "AP-4"),
            {"IMP-4": "inconsistent", "AP-4": "inconsistent"}),
    Profile("kestrel-vale", "Kestrel Vale Local Area Partnership", "North West", 22,
            {"complete": 0.45, "complete_needs_update": 0.3, "in_progress": 0.25}, (0.05, 0.25, 0.4, 0.3),
            330, 0.2, (2, 4), {"ANX-01": "high_risk", "ANX-09": "high_risk", "ANX-17": "high_risk"}, -0.8, -0.4,
            {"complete": 0.2, "embedded": 0.1, "in_progress": 0.4, "delayed": 0.2, "not_started": 0.1}, 5, 1,
            ("IMP-1", "IMP-2", "IMP-3", "IMP-4", "IMP-5", "LEAD-1", "LEAD-2", "LEAD-3", "LEAD-4", "LEAD-5",
             "LEAD-6", "AP-1", "AP-2", "AP-3", "AP-4"),
            {"IMP-1": "inconsistent", "IMP-4": "inconsistent", "AP-4": "inconsistent", "LEAD-5": "inconsistent"}),
    Profile("greyhaven", "Greyhaven Local Area Partnership", "East Midlands", 33,
            {"complete": 0.3, "complete_needs_update": 0.15, "in_progress": 0.55}, (0.3, 0.45, 0.2, 0.05),
            520, 0.55, (1, 3),
            {a: "high_risk" for a in ("ANX-01", "ANX-07", "ANX-09", "ANX-11", "ANX-12", "ANX-15", "ANX-16", "ANX-17",
                                      "ANX-25", "ANX-27")},
            -14.0, -3.0,
            {"complete": 0.1, "in_progress": 0.35, "delayed": 0.35, "not_started": 0.2}, 9, 3,
            ("IMP-1", "IMP-2", "IMP-3", "LEAD-1", "LEAD-2", "LEAD-4", "LEAD-5", "AP-1"),
            {"IMP-1": "inconsistent", "IMP-2": "positive", "IMP-3": "inconsistent", "LEAD-1": "positive",
             "LEAD-2": "positive", "LEAD-4": "inconsistent", "LEAD-5": "significant_concerns",
             "AP-1": "inconsistent"}),
]


def pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def evidence(p: Profile, fw, rng: random.Random) -> list[list]:
    rows, n = [], 0
    for annex in fw.annex_a.values():
        titles = TITLES[annex.id]
        count = min(len(titles), rng.randint(*p.items_per_annex))
        for k, template in enumerate(titles[:count]):
            n += 1
            status = p.forced[annex.id] if (annex.id in p.forced and k == 0) else pick(rng, p.status_weights)
            strength = rng.choices(range(4), weights=p.strength_weights)[0]
            if status == "high_risk":
                strength = min(strength, 1)
            stale = rng.random() < p.stale_share
            age = rng.randint(200, p.max_age_days + 200) if stale else rng.randint(3, min(170, p.max_age_days))
            criteria = rng.sample(list(annex.criteria), min(len(annex.criteria), rng.randint(1, 3)))
            title = template.format(y=2025, v=rng.randint(2, 5))
            rows.append([f"EV-{n:03d}", title, annex.id, ";".join(criteria), rng.choice(STATUS_WORDS[status]),
                         strength, OWNERS[annex.id], (AS_OF - dt.timedelta(days=age)).isoformat(),
                         f"sharepoint://send/annex-a/{annex.id.lower()}/{n:03d}", ""])
    for title, crits in zip(GENERAL, GENERAL_CRITERIA):
        n += 1
        status = pick(rng, p.status_weights)
        strength = rng.choices(range(4), weights=p.strength_weights)[0]
        rows.append([f"EV-{n:03d}", title, "", crits, rng.choice(STATUS_WORDS[status]), strength,
                     "SEND Partnership Manager", (AS_OF - dt.timedelta(days=rng.randint(10, p.max_age_days))).isoformat(),
                     "https://localoffer.example.org/evidence", "General evidence, not an Annex A item"])
    return rows


# England values as published (see the catalogue); a demo council sits around them.
ENGLAND_20WK = {2021: None, 2022: 49.2, 2023: 50.3, 2024: 46.4}
ENGLAND_EHCP_PCT = {2021: 3.7, 2022: 4.0, 2023: 4.3, 2024: 4.8, 2025: 5.3}


def kpis(p: Profile, rng: random.Random) -> list[list]:
    rows = []
    q, d = p.kpi_quality, p.kpi_drift

    def add(indicator, end, value, national="", neighbours="", target="", start=""):
        rows.append([indicator, end, "" if value is None else f"{value:.1f}".rstrip("0").rstrip("."), start,
                     national, neighbours, target])

    for i, year in enumerate(range(2021, 2025)):
        eng = ENGLAND_20WK[year]
        base = (eng or 55.0) + q * 3 + d * 3 * i + rng.uniform(-1, 1)
        add("ehcp_20wk", f"{year}-12-31", max(5.0, min(99.0, base)), "" if eng is None else eng)
    for year, eng in ENGLAND_EHCP_PCT.items():
        add("pupils_ehcp_pct", f"{year}-01-31", eng + rng.uniform(-0.4, 0.6), eng)
    for i, year in enumerate(range(2022, 2026)):
        add("health_advice_6wk", f"{year}-03-31", max(10, min(100, 80 + q * 2 + d * 4 * i)), target="90")
        add("ep_advice_6wk", f"{year}-03-31", max(10, min(100, 72 + q * 2.5 + d * 5 * i)), target="90")
    for i, year in enumerate(range(2022, 2025)):
        add("tribunal_appeal_rate", f"{year}-12-31", max(0.5, 5.5 - q * 0.4 - d * 0.4 * i),
            national="6" if year == 2024 else "")
    for i, year in enumerate(range(2021, 2025)):
        end = f"{year}-08-31"
        add("suspension_rate_ehcp", end, max(1, 14 - q * 1.2 - d * i), neighbours=f"{13 + i * 0.8:.1f}")
        add("perm_excl_rate_ehcp", end, max(0.02, 0.15 - q * 0.02 - d * 0.01 * i), neighbours="0.14")
        add("persistent_absence_ehcp", end, max(5, 32 - q * 1.5 - d * 1.2 * i), neighbours=f"{31 + i:.0f}")
        add("neet_ehcp", f"{year}-12-31", max(2, 8 - q * 0.6 - d * 0.5 * i), neighbours="7.5")
    for i, quarter in enumerate(["2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31", "2025-06-30"]):
        add("longest_wait_nd_weeks", quarter, max(10, 40 - q * 5 - d * 4 * i), target="52" if q > 0 else "40")
        add("longest_wait_therapy_weeks", quarter, max(6, 20 - q * 2 - d * 3 * i), target="18")
    add("local_offer_users", "2025-06-30", 4200 * (1 + q / 30), start="2025-04-01")
    add("local_offer_users", "2025-09-30", 4600 * (1 + q / 25), start="2025-07-01")
    for year in range(2022, 2025):
        add("ehcna_requests", f"{year}-12-31", 600 + (year - 2022) * 120 + rng.randint(-30, 30))
        add("annual_review_decision_4wk", f"{year}-12-31", max(10, min(100, 50 + q * 4 + d * 4 * (year - 2022))),
            target="80")
    return rows


def actions(p: Profile, rng: random.Random) -> list[list]:
    chosen = rng.sample(ACTIONS, rng.randint(22, 28))
    rows = []
    overdue_left, no_lead_left = p.overdue, p.no_lead
    for i, (text, crits) in enumerate(chosen):
        ref = f"APP {i // 6 + 1}.{i % 6 + 1}"
        status = pick(rng, p.action_status_weights)
        if overdue_left > 0 and status not in ("complete", "embedded"):
            due = AS_OF - dt.timedelta(days=rng.randint(20, 200))
            overdue_left -= 1
        else:
            due = AS_OF + dt.timedelta(days=rng.randint(20, 300)) if status not in ("complete", "embedded") \
                else AS_OF - dt.timedelta(days=rng.randint(10, 300))
        lead = rng.choice(LEADS)
        if no_lead_left > 0 and status not in ("complete", "embedded"):
            lead, no_lead_left = "", no_lead_left - 1
        progress = {"complete": PROGRESS[6], "embedded": PROGRESS[7], "not_started": PROGRESS[5],
                    "delayed": PROGRESS[3]}.get(status, rng.choice(PROGRESS[:5]))
        impact = f"EV-{rng.randint(1, 60):03d}" if status in ("complete", "embedded") else ""
        rows.append([ref, text, crits, lead, due.isoformat(), rng.choice(ACTION_WORDS[status]), progress, impact])
    return rows


STRENGTHS = {
    "impact": "Families tell us through the forum survey that {topic} has improved; audit evidence shows this "
              "for most children, and the dashboard tracks it monthly.",
    "leadership": "Leaders from the council and the ICB share one plan for {topic}; the partnership board "
                  "challenges progress every quarter with the parent carer forum at the table.",
    "alternative_provision": "We know which children are in alternative provision and why; {topic} is "
                             "reviewed termly with schools.",
}
AREAS = {
    "impact": "Practice is not yet consistent across localities; {topic} for older young people and those "
              "educated out of area needs to improve.",
    "leadership": "We need sharper measures of impact for {topic}, and more of the evidence should come from "
                  "children and young people themselves.",
    "alternative_provision": "Oversight of {topic} in unregistered settings is new and not yet embedded.",
}
TOPICS = {"IMP-1": "early identification and timely assessment", "IMP-2": "co-production of plans",
          "IMP-3": "timely help and support", "IMP-4": "preparation for adulthood",
          "IMP-5": "inclusion in the community", "LEAD-1": "our shared ambition", "LEAD-2": "engagement with families",
          "LEAD-3": "our understanding of local needs", "LEAD-4": "joint commissioning",
          "LEAD-5": "evaluation and improvement", "LEAD-6": "multi-agency working",
          "AP-1": "AP commissioning", "AP-2": "who is in AP", "AP-3": "AP quality assurance",
          "AP-4": "AP outcomes and reintegration"}


def self_assessment(p: Profile, fw, ev_rows: list[list], rng: random.Random) -> str:
    by_criterion: dict[str, list[str]] = {}
    for row in ev_rows:
        for cid in row[3].split(";"):
            by_criterion.setdefault(cid, []).append(row[0])
    lines = [f"# Self-assessment for {p.name} (FICTIONAL demo data, generated by tools/make_demo.py)."]
    for cid in p.assessed:
        crit = fw.criteria[cid]
        judgement = p.judgements.get(cid, "positive")
        confidence = {"positive": "high", "inconsistent": "medium", "significant_concerns": "low"}[judgement]
        if p.slug == "greyhaven" and judgement == "positive":
            confidence = "medium"
        ev = sorted(rng.sample(by_criterion.get(cid, []), min(3, len(by_criterion.get(cid, [])))))
        topic = TOPICS[cid]
        lines += [f"{cid}:  # {crit.title}", f"  judgement: {judgement}", f"  confidence: {confidence}",
                  "  strengths: >-", f"    {STRENGTHS[crit.group].format(topic=topic)}",
                  "  areas_for_development: >-", f"    {AREAS[crit.group].format(topic=topic)}",
                  f"  evidence: [{', '.join(ev)}]", "  updated_by: Head of SEND",
                  f"  updated_at: {(AS_OF - dt.timedelta(days=rng.randint(5, 40))).isoformat()}"]
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT)
    args = parser.parse_args()
    fw = Catalogues().get("area-send-2025")
    for p in PROFILES:
        rng = random.Random(p.seed)
        ev = evidence(p, fw, rng)
        write(args.out / "parameters" / f"{p.slug}.yaml",
              f"# FICTIONAL demo council (tools/make_demo.py). Not a real local area.\n"
              f"council: {p.slug}\nname: {p.name}\nframework: area-send-2025\nas_of: {AS_OF}\n"
              f"region: {p.region}\nreport:\n  title: SEND self-evaluation\n")
        write(args.out / "evidence" / p.slug / "evidence.csv", csv_text(EVIDENCE_COLUMNS, ev))
        write(args.out / "evidence" / p.slug / "kpis.csv", csv_text(KPI_COLUMNS[:7], kpis(p, rng)))
        write(args.out / "evidence" / p.slug / "actions.csv", csv_text(ACTION_COLUMNS, actions(p, rng)))
        write(args.out / "sef" / p.slug / "self-assessment.yaml", self_assessment(p, fw, ev, rng))
        print(f"{p.slug}: {len(ev)} evidence items")


if __name__ == "__main__":
    main()
