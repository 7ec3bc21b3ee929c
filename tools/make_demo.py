"""Generate the bundled demo workspace: three FICTIONAL local area partnerships.

    python tools/make_demo.py [--out DIR]

Writes, for brightwater, kestrel-vale and greyhaven:

    parameters/<council>.yaml
    evidence/<council>/evidence.csv, kpis.csv, actions.csv
    sef/<council>/self-assessment.yaml
    evidence/README.md

in the workspace format v1 (docs/workspace-format.md). Deterministic: every
council has its own random.Random with a fixed seed and nothing depends on the
clock or on hash order, so running it twice gives byte-identical files.
Regenerate rather than hand-edit.

The councils, their figures and their documents are invented. Their shape is
modelled on real trackers (a four-state Annex A readiness tracker, an
accelerated progress plan with role leads, dated progress and evidence of
impact); no real area's data is used and no person or child is named.
The script needs only the standard library: ids are taken from
shared/domain/framework.md (criteria, Annex A items and what each evidences)
and the fixed KPI ids of the area-send-2025 catalogue.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2025, 10, 31)
FRAMEWORK = "area-send-2025"

# ---------------------------------------------------------------------------------------------
# Framework ids (shared/domain/framework.md, section 3.2 and section 5).
CRITERIA = ["IMP-1", "IMP-2", "IMP-3", "IMP-4", "IMP-5", "LEAD-1", "LEAD-2", "LEAD-3", "LEAD-4", "LEAD-5",
            "LEAD-6", "AP-1", "AP-2", "AP-3", "AP-4"]
ANNEX_CRITERIA = {
    "ANX-01": ["LEAD-3", "LEAD-5", "IMP-1", "IMP-2", "IMP-3", "IMP-4", "IMP-5"],
    "ANX-02": ["LEAD-1", "LEAD-2", "LEAD-4", "AP-1"],
    "ANX-03": ["IMP-1", "IMP-2", "IMP-3", "IMP-4", "IMP-5", "AP-2"],
    "ANX-04": ["LEAD-4", "IMP-1", "IMP-3"],
    "ANX-05": ["LEAD-4", "IMP-3", "IMP-5"],
    "ANX-06": ["LEAD-3", "LEAD-4"],
    "ANX-07": ["IMP-1", "IMP-3", "LEAD-4"],
    "ANX-08": ["IMP-3", "IMP-4", "LEAD-4"],
    "ANX-09": ["IMP-3", "IMP-5", "LEAD-4"],
    "ANX-10": ["IMP-2", "IMP-3"],
    "ANX-11": ["IMP-1", "IMP-2", "LEAD-5"],
    "ANX-12": ["LEAD-5", "LEAD-6", "IMP-1", "IMP-2", "IMP-3"],
    "ANX-13": ["IMP-4", "LEAD-3", "LEAD-5"],
    "ANX-14": ["LEAD-4", "IMP-3", "IMP-5"],
    "ANX-15": ["AP-1", "AP-2", "LEAD-3"],
    "ANX-16": ["AP-2", "AP-3"],
    "ANX-17": ["AP-3", "AP-4"],
    "ANX-18": ["IMP-2", "LEAD-2"],
    "ANX-19": ["IMP-1", "IMP-2", "IMP-3", "IMP-4", "IMP-5"],
    "ANX-20": ["LEAD-1", "LEAD-5"],
    "ANX-21": ["LEAD-2", "IMP-2"],
    "ANX-22": ["IMP-1", "IMP-3", "IMP-4", "LEAD-5"],
    "ANX-23": ["LEAD-2", "LEAD-5", "IMP-2"],
    "ANX-24": ["IMP-2", "LEAD-2"],
    "ANX-25": ["IMP-3", "IMP-5", "AP-2"],
    "ANX-26": ["IMP-4"],
    "ANX-27": ["LEAD-6"],
}
KPI_IDS = ["ehcp_20wk", "ehcp_20wk_incl_exceptions", "pupils_ehcp_pct", "pupils_sen_support_pct",
           "health_advice_6wk", "ep_advice_6wk", "tribunal_appeal_rate", "suspension_rate_ehcp",
           "suspension_rate_sen_support", "perm_excl_rate_ehcp", "perm_excl_rate_sen_support", "neet_ehcp",
           "persistent_absence_ehcp", "longest_wait_therapy_weeks", "longest_wait_nd_weeks",
           "local_offer_users",
           "ehcna_requests", "ehcna_requests_decided_6wk", "ehcna_assessments", "annual_review_decision_4wk",
           "personal_budgets"]

# Column order exactly as docs/workspace-format.md.
EVIDENCE_COLUMNS = ["id", "title", "annex_a", "criteria", "status", "strength", "owner", "last_reviewed",
                    "location", "notes"]
KPI_COLUMNS = ["indicator", "period_end", "value", "period_start", "national", "statistical_neighbours",
               "region", "target"]
ACTION_COLUMNS = ["ref", "action", "criteria", "lead", "due", "status", "progress", "evidence_of_impact"]

READINESS = ["high_risk", "in_progress", "complete_needs_update", "complete"]   # least ready first
RANK = {code: i for i, code in enumerate(READINESS)}

# How trackers write each readiness state: the code most often, sometimes Sefton's labels or a
# synonym (all matched by sef/vocabularies.yaml).
STATUS_WORDS = {
    "high_risk": ["High Risk", "High risk"],
    "in_progress": ["Work underway but not complete", "Work Underway but not complete", "In progress",
                    "Draft"],
    "complete_needs_update": ["Complete but an update required once call comes",
                              "Complete but update required", "Needs update"],
    "complete": ["Complete", "Completed"],
}
ACTION_WORDS = {
    "not_started": ["Not Yet started", "Not started"],
    "in_progress": ["In Progress", "On track"],
    "delayed": ["Delayed / at risk", "Delayed"],
    "complete": ["Complete", "Completed"],
    "embedded": ["Embedded", "Complete and embedded"],
}
DONE = ("complete", "embedded")

# ---------------------------------------------------------------------------------------------
# Evidence library. Per Annex A item: the usual owner (a role) and candidate documents as
# (title, criteria, kind, file type[, owner]). kind "d" describes what is done, "i" can show impact.
# Title placeholders are filled from the date the document was last reviewed.
LIBRARY: dict[str, tuple[str, list[tuple]]] = {
    "ANX-01": ("Head of SEND", [
        ("SEND and AP self-evaluation {y} ({stage} v{v})", "LEAD-3;LEAD-5;IMP-1", "i", "docx"),
        ("Self-evaluation evidence map and moderation notes", "LEAD-3;LEAD-5", "d", "xlsx"),
        ("Parent carer forum commentary on the self-evaluation", "LEAD-3;IMP-2", "i", "pdf", "PCF Chair"),
        ("SEF gap analysis and action plan ({mon} {y} board)", "LEAD-5;LEAD-3", "d", "docx"),
    ]),
    "ANX-02": ("Assistant Director Education and Inclusion", [
        ("SEND and Inclusion Strategy 2024-2029", "LEAD-1;LEAD-2", "d", "pdf"),
        ("Strategy delivery plan: highlight report Q{q} {y}", "LEAD-1;LEAD-4", "i", "pptx"),
        ("Strategy consultation and engagement report", "LEAD-2;LEAD-1", "i", "pdf",
         "Participation and Co-production Lead"),
        ("Local Area Inclusion Plan{draft}", "LEAD-1;LEAD-4;AP-1", "d", "docx"),
    ]),
    "ANX-03": ("SEND Performance and Data Lead", [
        ("Person-level data return: dry run {mon} {y}", "IMP-1;AP-2", "d", "xlsx"),
        ("PLD data quality and reconciliation log", "IMP-1;IMP-3", "d", "xlsx"),
        ("Out-of-area, EHE and AP cohort extract for the PLD", "AP-2;IMP-3", "d", "xlsx"),
        ("Information governance sign-off for the PLD transfer", "IMP-1", "d", "pdf",
         "Data Protection Officer"),
    ]),
    "ANX-04": ("Head of Commissioning (ICB)", [
        ("Health commissioning template {y}", "LEAD-4;IMP-3", "d", "xlsx"),
        ("ICB SEND commissioning intentions {fy}", "LEAD-4", "d", "pdf"),
        ("Children's therapies service specification review", "LEAD-4;IMP-3", "d", "docx"),
        ("Designated Clinical Officer annual report {py}/{yy}", "LEAD-4;IMP-1;IMP-3", "i", "pdf",
         "Designated Clinical Officer"),
    ]),
    "ANX-05": ("Head of SEND Commissioning", [
        ("Residential special school commissioning and provision template", "LEAD-4;IMP-3", "d", "ods"),
        ("Residential placements panel: terms of reference and decisions log", "LEAD-4", "d", "docx"),
        ("Quality monitoring visits to residential special schools: summary", "IMP-3;IMP-5", "i", "docx"),
        ("Reviews of children in residential special schools: voice of the child", "IMP-5;IMP-3", "i", "docx",
         "Service Manager Disabled Children's Team"),
    ]),
    "ANX-06": ("Head of SEND Commissioning", [
        ("Joint commissioning strategy for SEND 2025-2028", "LEAD-4;LEAD-3", "d", "pdf"),
        ("SEND sufficiency plan and place-planning forecast", "LEAD-3;LEAD-4", "i", "xlsx"),
        ("Joint commissioning group: terms of reference and action log", "LEAD-4", "d", "docx"),
        ("JSNA chapter: children and young people with SEND", "LEAD-3", "i", "pdf",
         "Public Health Consultant"),
    ]),
    "ANX-07": ("Designated Clinical Officer", [
        ("Health pathways waiting times dashboard", "IMP-3;IMP-1", "i", "xlsx"),
        ("Neurodevelopmental pathway and waiting-well offer", "IMP-1;IMP-3", "d", "pdf"),
        ("Speech and language therapy pathway and thresholds", "IMP-3;LEAD-4", "d", "docx"),
        ("CAMHS access and waiting list report", "IMP-3", "i", "pdf", "Head of Commissioning (ICB)"),
    ]),
    "ANX-08": ("Service Manager Disabled Children's Team", [
        ("Care services overview: disabled children's social care", "IMP-3;LEAD-4", "d", "docx"),
        ("Early help offer for families of children with SEND", "IMP-3", "d", "pdf"),
        ("Transition to adult social care protocol", "IMP-4", "d", "pdf"),
        ("Social care advice for EHC assessments: QA sampling results", "IMP-3;LEAD-4", "i", "xlsx",
         "Designated Social Care Officer"),
    ]),
    "ANX-09": ("Service Manager Disabled Children's Team", [
        ("Short breaks services statement {y}", "IMP-5;LEAD-4", "d", "pdf"),
        ("Short breaks review: demand and take-up analysis", "LEAD-4;IMP-3", "i", "xlsx",
         "Head of SEND Commissioning"),
        ("Short breaks satisfaction survey results {y}", "IMP-5;IMP-3", "i", "pdf"),
        ("Holiday activities and inclusive play offer", "IMP-5", "d", "web"),
    ]),
    "ANX-10": ("Personal Budgets Lead", [
        ("Personal budgets statement (education, health and care)", "IMP-2;IMP-3", "d", "pdf"),
        ("Direct payments and personal budgets: numbers and types", "IMP-3", "i", "xlsx"),
        ("Personal health budgets policy (ICB)", "IMP-2;IMP-3", "d", "pdf", "Head of Commissioning (ICB)"),
        ("Family case studies: using a personal budget", "IMP-2", "i", "docx"),
    ]),
    "ANX-11": ("EHC Quality Assurance Lead", [
        ("EHC plan quality assurance framework (four tiers)", "LEAD-5;IMP-1", "d", "pdf"),
        ("EHC plan audit findings: {term} term {y}", "LEAD-5;IMP-2", "i", "docx"),
        ("Good plan guide and exemplar EHC plan", "IMP-2;IMP-1", "d", "pdf"),
        ("Parent feedback on EHC plan quality", "IMP-2", "i", "xlsx"),
    ]),
    "ANX-12": ("Head of Quality Assurance", [
        ("Multi-agency audit: {term} term findings", "LEAD-5;LEAD-6;IMP-3", "i", "docx"),
        ("Multi-agency audit action tracker", "LEAD-5", "d", "xlsx"),
        ("Themed multi-agency audit: children on part-time timetables", "IMP-3;LEAD-6", "i", "docx"),
        ("Multi-agency Quality and Compliance Group: terms of reference", "LEAD-6;LEAD-5", "d", "docx"),
    ]),
    "ANX-13": ("SEND Performance and Data Lead", [
        ("PfA outcomes framework", "IMP-4;LEAD-5", "d", "xlsx", "Preparing for Adulthood Lead"),
        ("SEND outcomes framework: annual report {y}", "IMP-4;LEAD-3;LEAD-5", "i", "pdf"),
        ("Key stage outcomes for pupils with SEND {py}/{yy}", "IMP-4;LEAD-3", "i", "xlsx"),
        ("Wellbeing survey of children and young people with SEND", "IMP-4", "i", "pdf"),
    ]),
    "ANX-14": ("Placements Team Manager", [
        ("Out-of-area placements register and review schedule", "LEAD-4;IMP-3", "d", "xlsx"),
        ("Independent and non-maintained special school placement analysis", "LEAD-4", "i", "xlsx",
         "Head of SEND Commissioning"),
        ("Out-of-area placement monitoring visits: summary", "IMP-3;IMP-5", "i", "docx"),
        ("Step-down from out-of-area placements: case review", "IMP-5;LEAD-4", "i", "docx"),
    ]),
    "ANX-15": ("Head of Inclusion", [
        ("AP needs analysis: profile of children in alternative provision", "AP-1;AP-2;LEAD-3", "i", "xlsx"),
        ("AP placement analysis by primary need and year group", "AP-1;AP-2", "i", "xlsx"),
        ("Alternative provision strategy", "AP-1", "d", "pdf"),
        ("AP task and finish group: needs and sufficiency findings", "AP-1;LEAD-3", "d", "docx"),
    ]),
    "ANX-16": ("AP Commissioning Officer", [
        ("Register of AP settings (registered and unregistered)", "AP-2;AP-3", "d", "xlsx"),
        ("Pupils in AP: hours, duration and SEND status", "AP-2", "i", "xlsx"),
        ("AP directory for schools {y}", "AP-3", "d", "web"),
        ("AP placement agreements and commissioning records", "AP-2", "d", "docx"),
    ]),
    "ANX-17": ("Head of Inclusion", [
        ("AP quality assurance framework and visit reports", "AP-3", "i", "docx"),
        ("Unregistered AP oversight procedure", "AP-3", "d", "pdf"),
        ("AP attendance and reintegration monitoring", "AP-4;AP-3", "i", "xlsx"),
        ("AP safeguarding checks log", "AP-3", "d", "xlsx", "AP Commissioning Officer"),
    ]),
    "ANX-18": ("SEND Partnership Manager", [
        ("Inspection survey distribution plan", "LEAD-2", "d", "docx"),
        ("Contact lists and channels for family and practitioner surveys", "LEAD-2;IMP-2", "d", "xlsx"),
        ("Communications plan for inspection surveys", "LEAD-2", "d", "docx", "Local Offer Co-ordinator"),
        ("Survey dry run: response rates by channel", "LEAD-2;IMP-2", "i", "xlsx"),
    ]),
    "ANX-19": ("EHC Team Manager", [
        ("Case-sample readiness checklist", "IMP-1;IMP-3", "d", "docx"),
        ("Case file readiness audit (dry run)", "IMP-1;IMP-2;IMP-3", "i", "docx"),
        ("Voice of the child case studies: board papers", "IMP-2;IMP-5", "i", "pdf"),
        ("Records access arrangements across education, health and care", "IMP-3", "d", "docx",
         "Designated Clinical Officer"),
    ]),
    "ANX-20": ("SEND Partnership Manager", [
        ("SEND and AP Partnership Board terms of reference", "LEAD-1", "d", "docx"),
        ("Partnership board minutes and action log {y}", "LEAD-1;LEAD-5", "i", "docx"),
        ("Accountability statement: council and ICB executive leads", "LEAD-1", "d", "pdf",
         "Assistant Director Education and Inclusion"),
        ("SEND governance structure chart", "LEAD-1;LEAD-5", "d", "pdf"),
    ]),
    "ANX-21": ("Participation and Co-production Lead", [
        ("Co-production charter with the parent carer forum", "LEAD-2", "d", "pdf", "PCF Chair"),
        ("You said, we did: {y}", "LEAD-2;IMP-2", "i", "web"),
        ("Young people's SEND participation group: annual plan and minutes", "LEAD-2;IMP-2", "i", "docx"),
        ("Parent carer survey {y}: results and response", "IMP-2;LEAD-2", "i", "pdf", "PCF Chair"),
    ]),
    "ANX-22": ("SEND Performance and Data Lead", [
        ("SEND performance dashboard (monthly)", "LEAD-5;IMP-1", "i", "xlsx"),
        ("Weekly EHCP timeliness dashboard", "IMP-1;LEAD-5", "i", "xlsx"),
        ("EHCP and EHE performance overview: board report", "IMP-1;IMP-3", "i", "pptx"),
        ("Data definitions and reporting calendar", "LEAD-5", "d", "docx"),
    ]),
    "ANX-23": ("SEND Complaints and Tribunals Officer", [
        ("Complaints, mediation and tribunal analysis {y}", "LEAD-5;IMP-2", "i", "xlsx"),
        ("Learning from tribunal and Ombudsman findings", "LEAD-2;LEAD-5", "i", "docx"),
        ("Disagreement resolution and mediation service annual report", "IMP-2", "i", "pdf"),
        ("SEND complaints policy and feedback process", "LEAD-2", "d", "pdf"),
    ]),
    "ANX-24": ("Local Offer Co-ordinator", [
        ("Local Offer website analytics and user feedback", "IMP-2;LEAD-2", "i", "xlsx"),
        ("SENDIASS annual report {py}/{yy}", "IMP-2", "i", "pdf", "SENDIASS Manager"),
        ("Local Offer audit against the SEND Regulations", "LEAD-2", "d", "xlsx"),
        ("Local Offer Live event feedback", "IMP-2;LEAD-2", "i", "pdf"),
    ]),
    "ANX-25": ("Head of Inclusion", [
        ("Children not in school: EHE, CME and part-time timetables report", "IMP-3;AP-2", "i", "docx"),
        ("Section 19 arrangements and monitoring", "IMP-3", "d", "pdf"),
        ("Elective home education year-end summary {py}/{yy}", "IMP-5;IMP-3", "i", "pptx",
         "EHE Team Manager"),
        ("Reduced timetable register and review log", "AP-2;IMP-5", "d", "xlsx"),
    ]),
    "ANX-26": ("Preparing for Adulthood Lead", [
        ("Preparing for adulthood strategy", "IMP-4", "d", "pdf"),
        ("Supported internship outcomes {py}/{yy}", "IMP-4", "i", "xlsx"),
        ("Transition to adult health services pathway", "IMP-4", "d", "pdf", "Designated Clinical Officer"),
        ("Phase transfer timeliness report {y}", "IMP-4", "i", "xlsx", "EHC Team Manager"),
    ]),
    "ANX-27": ("SEND Workforce Development Lead", [
        ("SEND workforce development plan", "LEAD-6", "d", "docx"),
        ("Designated Clinical Officer role and capacity review", "LEAD-6", "d", "docx",
         "Designated Clinical Officer"),
        ("Educational psychology capacity and recruitment plan", "LEAD-6", "d", "docx",
         "Principal Educational Psychologist"),
        ("Training records: graduated approach and IPSEA legal training", "LEAD-6", "i", "xlsx"),
    ]),
}
# General evidence: no Annex A item, criteria only.
GENERAL = [
    ("LGA SEND peer challenge: feedback and recommendations", "LEAD-3;LEAD-5", "i", "pdf",
     "Assistant Director Education and Inclusion"),
    ("Graduated approach toolkit and training evaluation", "IMP-1;LEAD-6", "i", "pdf",
     "Principal Educational Psychologist"),
    ("Ordinarily available provision guidance for schools", "IMP-1;IMP-3", "d", "pdf", "Head of Inclusion"),
    ("Inclusion hub annual report", "IMP-5;IMP-4", "i", "pdf", "Head of Inclusion"),
    ("SENCO network evaluation {y}", "LEAD-6;IMP-1", "i", "docx", "Head of Inclusion"),
    ("Pupil referral unit reintegration and destinations report", "AP-4;AP-2", "i", "pdf",
     "Head of Inclusion"),
]

NOTES = {
    "high_risk": ["Flagged red at the readiness check; escalated to the partnership board.",
                  "Current version predates the strategy and needs a full rewrite.",
                  "No agreed owner across the council and the ICB yet."],
    "in_progress": ["Draft circulated to partners for comment.",
                    "Awaiting the latest quarter's data from the ICB.",
                    "Due for sign-off at the next partnership board.",
                    "Being updated with the parent carer forum."],
    "complete_needs_update": ["Refresh the figures on the day of the notification call.",
                              "Check contact details are current once the call comes.",
                              "Add the latest month's data when the call comes."],
    "complete": ["Signed off at the partnership board.", "Agreed by all partners.",
                 "Latest version filed in the evidence library."],
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


# ---------------------------------------------------------------------------------------------
# Action plan pool, modelled on an accelerated progress plan. Per action:
# (area, project, action text, criteria, lead, Annex A item it relates to (or ""),
#  what "done" looks like, what partial progress looks like, impact in words).
ACTIONS = [
    (1, 1, "Clear EHC needs assessments over 20 weeks by triaging those waiting for educational psychology "
           "advice", "IMP-1;LEAD-5", "Head of SEND", "ANX-22",
     "Backlog cleared and tracked weekly so that a new backlog does not build up.",
     "Triage complete; the oldest cases are allocated to locum EPs and the backlog is falling each month.",
     "Backlog figures in the weekly EHCP dashboard; fewer complaints about delay"),
    (1, 1, "Set internal deadlines for each stage of the 20-week pathway (decision to assess by week 6, "
           "draft plan by week 14)", "IMP-1", "EHC Team Manager", "ANX-22",
     "Stage deadlines in use and reported monthly; most decisions to assess are made well inside 6 weeks.",
     "Stage deadlines agreed; reporting by stage to start with the new case management system.",
     "Stage-by-stage timeliness in the monthly dashboard"),
    (1, 1, "Introduce a weekly health advice gateway with a standard operating procedure for requests to "
           "health", "IMP-1;LEAD-6", "Designated Clinical Officer", "ANX-07",
     "Gateway meets weekly; health advice is tracked on the DCO database and returned on time.",
     "Procedure drafted with provider trusts; gateway piloted with the community paediatric team.",
     "Health advice returned within 6 weeks"),
    (1, 1, "Mirror the health gateway for social care advice, with a quality checklist", "IMP-1;LEAD-6",
     "Service Manager Disabled Children's Team", "ANX-08",
     "Social care advice is requested through one route and sampled monthly against the checklist.",
     "Checklist agreed with the Designated Social Care Officer; first sample due next month.",
     "Social care advice QA sampling results"),
    (1, 2, "Co-produce a new EHC plan template that captures the child's voice and aspirations", "IMP-2",
     "EHC Team Manager", "ANX-11",
     "New template in use for all new plans; existing plans move to it at annual review.",
     "Template agreed with the parent carer forum; training for EHC coordinators booked.",
     "Front-cover competition; new template; parent feedback"),
    (1, 2, "Dip-sample EHC plans monthly against the quality standard and feed themes back to teams",
     "LEAD-5;IMP-1", "EHC Quality Assurance Lead", "ANX-11",
     "Monthly dip-sampling with health and social care; themes go to the SENCO network and training plan.",
     "Two sampling rounds held; moderation with health and social care colleagues to follow.",
     "Share of sampled plans rated good or better"),
    (1, 2, "Clear the annual review backlog and issue decisions within 4 weeks of each review meeting",
     "IMP-1;LEAD-5", "Head of SEND", "ANX-22",
     "Annual review tracker in place; decisions issued within 4 weeks in most cases.",
     "Annual review clearance project under way; the oldest reviews are being prioritised.",
     "Annual review tracker; weekly orders sheet"),
    (1, 3, "Give every family a named EHC coordinator and a same-week call-back standard", "IMP-2",
     "EHC Team Manager", "ANX-21",
     "Locality teams in place; families know their coordinator and call-backs are monitored.",
     "Locality model agreed; two of four locality teams fully staffed.",
     "Compliments; staff feedback survey"),
    (2, 1, "Reduce the longest waits for autism and ADHD assessment and offer a waiting-well package to "
           "every family", "IMP-1;IMP-3", "Head of Commissioning (ICB)", "ANX-07",
     "Waiting-well offer sent to every family on the pathway; longest waits reducing each quarter.",
     "Additional assessment capacity commissioned from an independent provider from the next quarter.",
     "Longest waits in the health pathways dashboard"),
    (2, 1, "Bring speech and language therapy waits under 18 weeks using the additional investment",
     "IMP-3;LEAD-4", "Head of Commissioning (ICB)", "ANX-07",
     "Waits under 18 weeks for most children; a drop-in advice line for parents and schools is running.",
     "Two therapists recruited; validation of the waiting list under way.",
     "Therapy waiting times dashboard"),
    (2, 2, "Agree a transition protocol from children's to adult health services for young people with SEND",
     "IMP-4;LEAD-4", "Designated Clinical Officer", "ANX-26",
     "Protocol agreed by all provider trusts; transition planning starts at 14.",
     "Protocol drafted; adult mental health services still to sign up.",
     "Transition pathway"),
    (2, 2, "Complete the health commissioning template with the ICB and provider trusts", "LEAD-4",
     "Head of Commissioning (ICB)", "ANX-04",
     "Template complete and checked with provider trusts.",
     "Most services entered; community paediatrics and CAMHS data outstanding.",
     ""),
    (3, 1, "Launch the co-production charter with the parent carer forum and publish 'you said, we did' each "
           "term", "LEAD-2;IMP-2", "Participation and Co-production Lead", "ANX-21",
     "Charter signed by all partners; 'you said, we did' published every term.",
     "Charter drafted with the forum; partner sign-off at the next board.",
     "Feedback from parents and carers"),
    (3, 1, "Rebuild the Local Offer website with families and test it for accessibility", "IMP-2;LEAD-2",
     "Local Offer Co-ordinator", "ANX-24",
     "New site live after user testing with parents; content reviewed every quarter.",
     "New site drafted; user testing with parents booked.",
     "Local Offer is up to date; improved hit rates; feedback from parents and carers"),
    (3, 1, "Make the Local Offer accessible to digitally excluded and minority ethnic communities", "IMP-2",
     "Local Offer Co-ordinator", "ANX-24",
     "Translate button, easy-read pages and a printed summary in place; outreach through community groups.",
     "Translation and easy-read pages added; printed summary being designed.",
     "Local Offer use by new groups"),
    (3, 2, "Set up a young people's SEND participation group that reports to the partnership board twice a "
           "year", "LEAD-2;IMP-5", "Participation and Co-production Lead", "ANX-21",
     "Group meets monthly and has presented to the board twice.",
     "Group recruited; first board presentation planned.",
     "Young people's group minutes and 12-month plan"),
    (3, 2, "Analyse complaints, mediation and tribunal outcomes each quarter and share the learning with "
           "teams",
     "LEAD-2;LEAD-5", "SEND Complaints and Tribunals Officer", "ANX-23",
     "Quarterly learning report in use; decision letters rewritten after tribunal learning.",
     "First quarterly analysis complete; learning session with the EHC team planned.",
     "Tribunal appeal rate; learning report"),
    (3, 2, "Plan and test the distribution of inspection surveys to families and practitioners", "LEAD-2",
     "SEND Partnership Manager", "ANX-18",
     "Distribution plan tested in a dry run; contact lists checked each term.",
     "Channels agreed; dry run planned with schools and the parent carer forum.",
     "Survey dry run response rates"),
    (4, 1, "Agree an alternative provision strategy and commissioning framework with headteachers",
     "AP-1;LEAD-4", "Head of Inclusion", "ANX-15",
     "Strategy agreed with headteachers; commissioning decisions made at a fortnightly panel.",
     "Needs analysis complete; strategy drafted with the AP task and finish group.",
     "AP strategy; panel decisions"),
    (4, 1, "Carry out quality assurance visits to every unregistered AP setting used by schools or the "
           "council", "AP-3", "AP Commissioning Officer", "ANX-17",
     "Every setting visited against the quality standards; directory lists only those rated good.",
     "Half of settings visited; safeguarding checks complete for all.",
     "AP quality assurance visit reports"),
    (4, 1, "Track reintegration and destinations for every pupil leaving alternative provision", "AP-4;AP-2",
     "Head of Inclusion", "ANX-17",
     "Destinations recorded for all leavers and reported termly.",
     "Tracking tool built; being tested with the pupil referral unit.",
     "Reintegration rates"),
    (4, 1, "Keep a register of pupils on part-time timetables with six-weekly reviews", "AP-2;IMP-3",
     "Head of Inclusion", "ANX-25",
     "Register in place; schools notify within 5 days and reviews are checked every six weeks.",
     "Register set up; not all schools notify yet.",
     "Reduced timetable register"),
    (4, 2, "Reduce suspensions of pupils with EHC plans through the inclusion hub and outreach from special "
           "schools", "IMP-5;IMP-4", "Head of Inclusion", "",
     "Inclusion hub and outreach working with every secondary school; suspensions falling.",
     "Outreach running in six secondary schools; hub referrals rising.",
     "Suspension rates for pupils with EHC plans"),
    (4, 2, "Attendance support plans for pupils with EHC plans who are persistently absent", "IMP-4;IMP-5",
     "Head of Inclusion", "ANX-25",
     "Every persistently absent pupil with a plan has a support plan reviewed at annual review.",
     "Support plans in place in primary schools; secondary roll-out this term.",
     "Persistent absence of pupils with EHC plans"),
    (4, 3, "Embed preparing-for-adulthood outcomes in annual reviews from Year 9", "IMP-4",
     "Preparing for Adulthood Lead", "ANX-26",
     "PfA outcomes checked in every Year 9 review sampled.",
     "Guidance and checklist issued to schools; sampling to start next term.",
     "PfA outcomes framework"),
    (4, 3, "Expand supported internships with the council and the ICB as employers", "IMP-4",
     "Preparing for Adulthood Lead", "ANX-26",
     "Internship places doubled; most interns moved into paid work.",
     "Two new host employers signed up; recruitment of interns under way.",
     "Supported internship outcomes"),
    (4, 3, "Roll out the graduated approach toolkit and training to every SENCO", "IMP-1;LEAD-6",
     "Principal Educational Psychologist", "",
     "Toolkit launched with the SALT toolkit; every SENCO trained.",
     "Toolkit launched; training reached about half of schools.",
     "Graduated approach training evaluation"),
    (5, 1, "Complete the short breaks review and publish a new short breaks services statement",
     "IMP-5;LEAD-4", "Service Manager Disabled Children's Team", "ANX-09",
     "Review complete with families; new statement published with eligibility and routes to access.",
     "Demand analysis complete; consultation with families starts next month.",
     "Short breaks satisfaction survey"),
    (5, 1, "Publish a joint personal budgets policy across education, health and care", "IMP-2;IMP-3",
     "Personal Budgets Lead", "ANX-10",
     "Policy published on the Local Offer; personal budgets offered at every plan and review.",
     "Policy drafted with the ICB; legal check under way.",
     "Number of personal budgets"),
    (5, 1, "Refresh the sufficiency plan and open new resourced provision places close to home",
     "LEAD-4;LEAD-3", "Head of SEND Commissioning", "ANX-06",
     "New places open; fewer children placed out of area.",
     "Capital agreed; building work started at two schools.",
     "Sufficiency plan; out-of-area placements"),
    (5, 1, "Review every out-of-area placement and visit those placed more than 20 miles away",
     "LEAD-4;IMP-3", "Placements Team Manager", "ANX-14",
     "Every placement reviewed; visits recorded and step-down plans made where right for the child.",
     "Two thirds of placements reviewed; visit schedule agreed.",
     "Out-of-area placements register"),
    (5, 2, "Build a SEND performance dashboard shared by the council and the ICB", "LEAD-3;LEAD-5",
     "SEND Performance and Data Lead", "ANX-22",
     "Dashboard live and reviewed monthly by the SEND improvement group.",
     "Education data in place; health data feeds being agreed.",
     "SEND dashboard"),
    (5, 2, "Refresh the JSNA chapter on children and young people with SEND", "LEAD-3",
     "Public Health Consultant", "ANX-06",
     "Chapter published and used for the sufficiency plan.",
     "Data gathered; drafting with the ICB analysts.",
     ""),
    (5, 2, "Run multi-agency case audits each term and report themes to the partnership board",
     "LEAD-5;LEAD-6", "Head of Quality Assurance", "ANX-12",
     "Audits run each term; themes reported and actions tracked to completion.",
     "First audit held; the tracker for actions is being set up.",
     "Multi-agency audit findings"),
    (5, 2, "Finalise the self-evaluation with all partners and produce the gap analysis and action plan",
     "LEAD-3;LEAD-5", "Head of SEND", "ANX-01",
     "SEF agreed by all partners; gap analysis drives this plan.",
     "Draft SEF produced; gap analysis for the next board.",
     "Self-evaluation; gap analysis"),
    (5, 3, "Recruit a Designated Social Care Officer and protect Designated Clinical Officer time",
     "LEAD-6", "Assistant Director Education and Inclusion", "ANX-27",
     "Both roles in post with protected time; advice quality improved.",
     "DSCO post advertised; DCO hours agreed with the ICB.",
     "DCO and DSCO capacity"),
    (5, 3, "Recruit permanent educational psychologists and assistant EPs to reduce reliance on locums",
     "LEAD-6;IMP-1", "Principal Educational Psychologist", "ANX-27",
     "Service fully staffed with permanent EPs and assistant EPs; locum use ended.",
     "Two assistant EPs started; one permanent EP post still vacant.",
     "EP advice returned within 6 weeks"),
]
DELAY_REASONS = [
    "the lead post was vacant for four months",
    "the funding decision has moved to the next budget round",
    "partners have not yet agreed the approach",
    "capacity was diverted to inspection preparation",
    "it depends on work elsewhere in this plan that has slipped",
]
NOT_STARTED_REASONS = [
    "depends on the SEND strategy being signed off",
    "funding to be agreed in the budget round",
    "planned for the spring term",
    "scoping with partners first",
]


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Council:
    slug: str
    name: str
    region: str
    seed: int
    ref_style: str                         # "SIP a.n", "APP a.p.n" or "APP a.n"
    annex_status: dict[str, str]           # Annex A item -> its least ready evidence status
    other_status: dict[str, float]         # status of the item's other evidence (never less ready)
    items_per_annex: dict[int, float]
    min_items: int
    general: tuple[int, ...]               # which GENERAL items the library holds
    cover: int                             # at least this many items name each criterion
    force: dict[tuple[str, int], tuple]    # (Annex A item, candidate) -> (status or None, strength or None)
    strength: dict[str, list[int]]         # kind -> strengths to draw from
    cap_in_progress: int
    weak_annex: tuple[str, ...]            # Annex A items with only weak (0-1) evidence
    stale_share: float
    stale_share_at_risk: float
    stale_days: tuple[int, int]
    wording_share: float                   # share of status cells written as a label or synonym
    note_share: float
    worst_notes: dict[str, str]
    action_count: int
    must_actions: tuple[str, ...]          # Annex A ids whose actions are always in the plan
    action_status: dict[str, dict[str, float]]   # Annex A readiness -> action status weights
    overdue: int
    no_lead: int
    no_due: int


def _all(status: str, ids) -> dict[str, str]:
    return {a: status for a in ids}


BRIGHTWATER = Council(
    slug="brightwater", name="Brightwater Local Area Partnership", region="South West", seed=2025_1,
    ref_style="SIP a.n",
    annex_status={**_all("complete", ANNEX_CRITERIA),
                  **_all("complete_needs_update", ["ANX-01", "ANX-03", "ANX-09", "ANX-13", "ANX-18", "ANX-19",
                                                   "ANX-22", "ANX-25"]),
                  "ANX-05": "in_progress", "ANX-17": "in_progress"},
    other_status={"complete": 0.6, "complete_needs_update": 0.4},
    items_per_annex={2: 0.15, 3: 0.45, 4: 0.4}, min_items=80, general=(0, 1, 2, 3, 4), cover=3,
    force={("ANX-15", 0): ("complete", 3), ("ANX-15", 2): ("complete", 3), ("ANX-17", 2): ("complete", 3),
           ("ANX-17", 1): ("in_progress", 2)},
    strength={"d": [1, 2, 2, 3, 3], "i": [2, 3, 3, 3]}, cap_in_progress=2, weak_annex=(),
    stale_share=0.0, stale_share_at_risk=0.0, stale_days=(200, 260), wording_share=0.3, note_share=0.25,
    worst_notes={"ANX-05": "Template started; two residential placements still to be added with the ICB.",
                 "ANX-17": "Oversight procedure for unregistered AP agreed in September; visits under way."},
    action_count=26, must_actions=("ANX-05", "ANX-17", "ANX-01", "ANX-21"),
    action_status={"complete": {"embedded": 0.45, "complete": 0.3, "in_progress": 0.25},
                   "complete_needs_update": {"complete": 0.45, "embedded": 0.25, "in_progress": 0.3},
                   "in_progress": {"in_progress": 0.8, "not_started": 0.2},
                   "high_risk": {"delayed": 1.0},
                   "": {"complete": 0.35, "embedded": 0.35, "in_progress": 0.3}},
    overdue=2, no_lead=0, no_due=0,
)

KESTREL_VALE = Council(
    slug="kestrel-vale", name="Kestrel Vale Local Area Partnership", region="North West", seed=2025_2,
    ref_style="APP a.p.n",
    annex_status={**_all("complete", ["ANX-04", "ANX-05", "ANX-18", "ANX-19", "ANX-21", "ANX-22", "ANX-23",
                                      "ANX-24", "ANX-27"]),
                  **_all("complete_needs_update", ["ANX-03", "ANX-06", "ANX-08", "ANX-20", "ANX-26"]),
                  **_all("in_progress", ["ANX-02", "ANX-07", "ANX-10", "ANX-11", "ANX-12", "ANX-13", "ANX-14",
                                         "ANX-15", "ANX-16", "ANX-25"]),
                  **_all("high_risk", ["ANX-01", "ANX-09", "ANX-17"])},
    other_status={"complete": 0.4, "complete_needs_update": 0.25, "in_progress": 0.35},
    items_per_annex={1: 0.1, 2: 0.4, 3: 0.35, 4: 0.15}, min_items=68, general=(0, 1, 2, 5), cover=1,
    force={("ANX-20", 1): ("complete", 3), ("ANX-20", 0): ("complete", 2),
           ("ANX-20", 2): ("complete_needs_update", 2),
           ("ANX-15", 0): ("complete", 2), ("ANX-15", 1): ("complete", 2), ("ANX-15", 2): ("in_progress", 1),
           ("ANX-17", 2): ("high_risk", 1), ("ANX-01", 0): ("high_risk", 1), ("", 5): ("complete", 3)},
    strength={"d": [0, 1, 1, 2, 2], "i": [1, 2, 2, 3]}, cap_in_progress=2,
    weak_annex=("ANX-01", "ANX-09", "ANX-17"),
    stale_share=0.15, stale_share_at_risk=0.6, stale_days=(195, 420), wording_share=0.4, note_share=0.35,
    worst_notes={
        "ANX-01": "A draft SEF has been produced; partner sign-off and the gap analysis are outstanding.",
        "ANX-09": "The short breaks review has been delayed and highlighted as a risk: capacity was "
                  "diverted to the SEND strategy. Revised start January 2026.",
        "ANX-17": "No procedure yet for unregistered AP; schools' own placements are not visited.",
    },
    action_count=25, must_actions=("ANX-01", "ANX-09", "ANX-17", "ANX-07", "ANX-11"),
    action_status={"complete": {"complete": 0.35, "embedded": 0.25, "in_progress": 0.4},
                   "complete_needs_update": {"complete": 0.3, "in_progress": 0.5, "delayed": 0.2},
                   "in_progress": {"in_progress": 0.5, "delayed": 0.3, "not_started": 0.2},
                   "high_risk": {"delayed": 0.6, "not_started": 0.4},
                   "": {"in_progress": 0.5, "delayed": 0.3, "complete": 0.2}},
    overdue=7, no_lead=0, no_due=0,
)

GREYHAVEN = Council(
    slug="greyhaven", name="Greyhaven Local Area Partnership", region="East Midlands", seed=2025_3,
    ref_style="APP a.n",
    annex_status={**_all("high_risk", ["ANX-01", "ANX-07", "ANX-09", "ANX-11", "ANX-12", "ANX-15", "ANX-17",
                                       "ANX-23", "ANX-25", "ANX-27"]),
                  **_all("in_progress", ["ANX-02", "ANX-03", "ANX-04", "ANX-05", "ANX-06", "ANX-08", "ANX-10",
                                         "ANX-13", "ANX-14", "ANX-16", "ANX-21", "ANX-22", "ANX-26"]),
                  "ANX-18": "complete", "ANX-24": "complete",
                  "ANX-19": "complete_needs_update", "ANX-20": "complete_needs_update"},
    other_status={"complete": 0.15, "complete_needs_update": 0.15, "in_progress": 0.45, "high_risk": 0.25},
    items_per_annex={1: 0.15, 2: 0.5, 3: 0.35}, min_items=62, general=(0, 2, 3), cover=1, force={},
    strength={"d": [0, 1, 1, 1, 2], "i": [0, 1, 1, 2, 2]}, cap_in_progress=2,
    weak_annex=("ANX-01", "ANX-07", "ANX-09", "ANX-11", "ANX-12", "ANX-15", "ANX-17", "ANX-23", "ANX-25",
                "ANX-27"),
    stale_share=0.45, stale_share_at_risk=0.8, stale_days=(190, 560), wording_share=0.5, note_share=0.4,
    worst_notes={
        "ANX-01": "Last self-evaluation was written for the 2023 peer review; not agreed with the ICB.",
        "ANX-07": "Provider trusts report waits differently; no single waiting times view.",
        "ANX-09": "Short breaks statement last published in 2023; no review planned.",
        "ANX-11": "QA framework drafted but no audits since the EHC team restructure.",
        "ANX-12": "One multi-agency audit held; no findings report or tracker.",
        "ANX-15": "No analysis of the needs of pupils in AP.",
        "ANX-17": "Unregistered settings are not visited; no oversight procedure.",
        "ANX-23": "Tribunal data held by legal services; not analysed for learning.",
        "ANX-25": "Part-time timetables are not recorded centrally.",
        "ANX-27": "EP service relies on locums; DCO post vacant since spring.",
    },
    action_count=27, must_actions=("ANX-01", "ANX-07", "ANX-09", "ANX-11", "ANX-12", "ANX-17", "ANX-23",
                                   "ANX-25", "ANX-27", "ANX-22", "ANX-18", "ANX-24"),
    action_status={"complete": {"complete": 0.8, "in_progress": 0.2},
                   "complete_needs_update": {"complete": 0.4, "in_progress": 0.6},
                   "in_progress": {"in_progress": 0.45, "delayed": 0.35, "not_started": 0.2},
                   "high_risk": {"delayed": 0.45, "not_started": 0.4, "in_progress": 0.15},
                   "": {"in_progress": 0.5, "delayed": 0.5}},
    overdue=13, no_lead=3, no_due=1,
)

COUNCILS = [BRIGHTWATER, KESTREL_VALE, GREYHAVEN]


# ---------------------------------------------------------------------------------------------
def pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def slugify(text: str, words: int = 8) -> str:
    parts = re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", text.lower())).split()
    return "-".join(parts[:words])


def term_of(day: dt.date) -> str:
    return "autumn" if day.month >= 9 else ("spring" if day.month <= 4 else "summer")


def fill(template: str, day: dt.date, rng: random.Random, status: str = "complete") -> str:
    y = day.year
    unfinished = status in ("high_risk", "in_progress")
    fy = f"{y}/{(y + 1) % 100:02d}" if day.month >= 4 else f"{y - 1}/{y % 100:02d}"
    return template.format(y=y, py=y - 1, yy=f"{y % 100:02d}", fy=fy, q=(day.month - 1) // 3 + 1,
                           mon=MONTHS[day.month - 1], term=term_of(day), v=rng.randint(2, 5),
                           stage="draft" if unfinished else "final", draft=" (draft)" if unfinished else "")


def word_for(code: str, words: dict[str, list[str]], share: float, rng: random.Random) -> str:
    return rng.choice(words[code]) if rng.random() < share else code


def location(council: Council, annex: str, title: str, ext: str) -> str:
    if ext == "web":
        return f"https://www.{council.slug}.example/local-offer/{slugify(title)}"
    folder = f"annex-a/{annex}" if annex else "general"
    return f"sharepoint://send/{folder}/{slugify(title)}.{ext}"


def choose_documents(c: Council, rng: random.Random) -> dict[str, list[int]]:
    """Which candidate documents each Annex A item holds: the key document (candidate 0) always,
    1-4 in all, every forced document, and enough to name each criterion `cover` times."""
    counts = {a: rng.choices(list(c.items_per_annex), weights=list(c.items_per_annex.values()))[0]
              for a in ANNEX_CRITERIA}
    # Top up to the council's minimum, deterministically (fewest items first, then id order).
    while sum(counts.values()) + len(c.general) < c.min_items:
        annex = min((a for a in counts if counts[a] < 4), key=lambda a: (counts[a], a))
        counts[annex] += 1
    picks = {}
    for annex, count in counts.items():
        forced = sorted(i for (a, i) in c.force if a == annex and i > 0)
        others = [i for i in range(1, len(LIBRARY[annex][1])) if i not in forced]
        picks[annex] = sorted({0, *forced, *rng.sample(others, max(0, count - 1 - len(forced)))})
    general = [GENERAL[i][1] for i in c.general]
    for cid in CRITERIA:
        named = sum(cid in LIBRARY[a][1][i][1].split(";") for a in picks for i in picks[a])
        named += sum(cid in crits.split(";") for crits in general)
        for annex in ANNEX_CRITERIA:
            if named >= c.cover:
                break
            for i, candidate in enumerate(LIBRARY[annex][1]):
                if named >= c.cover or len(picks[annex]) >= 4:
                    break
                if i not in picks[annex] and cid in candidate[1].split(";"):
                    picks[annex] = sorted(picks[annex] + [i])
                    named += 1
    return picks


def evidence(c: Council, rng: random.Random) -> list[dict]:
    """The evidence library: 1-4 items per Annex A item, then a few general items."""
    rows: list[dict] = []
    for annex, picked in choose_documents(c, rng).items():
        owner, candidates = LIBRARY[annex]
        target = c.annex_status[annex]
        forced = {i: c.force[annex, i] for i in picked if (annex, i) in c.force}
        if any(status == target for status, _ in forced.values()):
            worst = None                                   # a forced document carries the status
        elif target == "high_risk":
            worst = 0                                      # the key document itself is at risk
        else:                                              # drafts are mostly descriptive documents
            free = [i for i in picked if i not in forced]
            descriptive = [i for i in free if candidates[i][2] == "d"]
            worst = rng.choice(descriptive or free or picked)
        for index in picked:
            template, crits, kind, ext, *who = candidates[index]
            status, strength = forced.get(index, (None, None))
            if status is None:
                if index == worst:
                    status = target
                else:
                    status = pick(rng, c.other_status)
                    if RANK[status] < RANK[target]:
                        status = target
            draw = rng.choice(c.strength[kind])
            if strength is None:
                strength = draw
                if annex in c.weak_annex or status == "high_risk":
                    strength = min(strength, 1)
                elif status == "in_progress":
                    strength = min(strength, c.cap_in_progress)
            key = index == worst or (index in forced and forced[index][0] == target)
            at_risk = key and status in ("high_risk", "in_progress")
            stale = rng.random() < (c.stale_share_at_risk if at_risk else c.stale_share)
            if index in forced and status != "high_risk":
                stale = False                              # forced documents are the current versions
            age = rng.randint(*c.stale_days) if stale else rng.randint(4, 168)
            reviewed = AS_OF - dt.timedelta(days=age)
            title = fill(template, reviewed, rng, status)
            if key and annex in c.worst_notes:
                note = c.worst_notes[annex]
            elif stale and rng.random() < 0.5:
                note = (f"Not reviewed since {MONTHS[reviewed.month - 1]} {reviewed.year}; "
                        "owner to confirm it is current.")
            elif rng.random() < c.note_share:
                note = rng.choice(NOTES[status])
            else:
                note = ""
            rows.append({"annex_a": annex, "title": title, "criteria": crits, "status_code": status,
                         "status": word_for(status, STATUS_WORDS, c.wording_share, rng), "strength": strength,
                         "owner": who[0] if who else owner, "last_reviewed": reviewed,
                         "location": location(c, annex, title, ext), "notes": note})
    for index in c.general:
        template, crits, kind, ext, owner = GENERAL[index]
        status, strength = c.force.get(("", index), (None, None))
        status = status or pick(rng, c.other_status)
        draw = rng.choice(c.strength[kind])
        if strength is None:
            strength = min(draw, 1) if status == "high_risk" else draw
        stale = rng.random() < c.stale_share
        reviewed = AS_OF - dt.timedelta(days=rng.randint(*c.stale_days) if stale else rng.randint(4, 168))
        title = fill(template, reviewed, rng)
        rows.append({"annex_a": "", "title": title, "criteria": crits, "status_code": status,
                     "status": word_for(status, STATUS_WORDS, c.wording_share, rng), "strength": strength,
                     "owner": owner, "last_reviewed": reviewed, "location": location(c, "", title, ext),
                     "notes": "General evidence: not an Annex A item."})
    for n, row in enumerate(rows, start=1):
        row["id"] = f"EV-{n:03d}"
    return rows


# ---------------------------------------------------------------------------------------------
# KPIs: explicit series per council (values invented; England values as published, see the
# catalogue). Period helpers return (period_start, period_end).
def cal(y): return f"{y}-01-01", f"{y}-12-31"                    # calendar year (SEN2, tribunals)
def fin(y): return f"{y - 1}-04-01", f"{y}-03-31"                # financial year ending March y
def acad(y): return f"{y - 1}-09-01", f"{y}-08-31"               # academic year ending August y
def census(y): return "", f"{y}-01-31"                           # January school census
def neet(y): return f"{y - 1}-12-01", f"{y}-02-28"               # December-February average
def qtr(y, q):
    start = dt.date(y, 3 * q - 2, 1)
    end = (dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))
    return start.isoformat(), end.isoformat()


def ytd(): return "2025-01-01", "2025-09-30"                     # calendar year to date


def yearly(period, first: int, values: list) -> list[tuple]:
    """A plain series (no comparators) for consecutive years from `first`."""
    return [(period(first + i), v, None, None) for i, v in enumerate(values)]


ENGLAND = {
    "ehcp_20wk": {2019: 60.4, 2022: 49.2, 2023: 50.3, 2024: 46.4},
    "ehcp_20wk_incl_exceptions": {2019: 58.7},
    "pupils_ehcp_pct": {2019: 3.1, 2020: 3.3, 2021: 3.7, 2022: 4.0, 2023: 4.3, 2024: 4.8, 2025: 5.3},
    "pupils_sen_support_pct": {2019: 11.9, 2020: 12.1, 2021: 12.2, 2022: 12.6, 2023: 13.0, 2024: 13.6,
                               2025: 14.2},
    "tribunal_appeal_rate": {2024: 6.0},
}
CAL_YEARS = ("ehcp_20wk", "ehcp_20wk_incl_exceptions", "tribunal_appeal_rate")
CENSUS = ("pupils_ehcp_pct", "pupils_sen_support_pct")

Q = [qtr(2024, 2), qtr(2024, 3), qtr(2024, 4), qtr(2025, 1), qtr(2025, 2), qtr(2025, 3)]

# indicator -> list of (period, value, statistical neighbours, target); None = empty.
KPI_DATA = {
    "brightwater": {
        "ehcp_20wk": [(cal(2020), 64.8, None, None), (cal(2021), 66.2, None, None),
                      (cal(2022), 68.9, 52.4, None), (cal(2023), 71.4, 53.0, None),
                      (cal(2024), 73.0, 49.8, 70), (ytd(), 75.6, None, 70)],
        "ehcp_20wk_incl_exceptions": [(cal(2023), 69.8, None, None), (cal(2024), 71.1, None, None)],
        "pupils_ehcp_pct": yearly(census, 2021, [3.5, 3.8, 4.1, 4.5, 4.9]),
        "pupils_sen_support_pct": yearly(census, 2021, [12.8, 13.3, 13.9, 14.5, 15.1]),
        "health_advice_6wk": [(fin(2022), 82, None, 90), (fin(2023), 88, None, 90), (fin(2024), 93, None, 90),
                              (fin(2025), 96, None, 90)],
        "ep_advice_6wk": [(fin(2022), 74, None, 90), (fin(2023), 85, None, 90), (fin(2024), 91, None, 90),
                          (fin(2025), 94, None, 90)],
        "ehcna_requests_decided_6wk": [(fin(2023), 94, None, 95), (fin(2024), 96, None, 95),
                                       (fin(2025), 97, None, 95)],
        "annual_review_decision_4wk": [(cal(2022), 61, None, 80), (cal(2023), 74, None, 80),
                                       (cal(2024), 83, None, 80)],
        "tribunal_appeal_rate": [(cal(2022), 3.1, None, None), (cal(2023), 2.8, None, None),
                                 (cal(2024), 2.4, 4.9, None)],
        "suspension_rate_ehcp": [(acad(2021), 14.2, 16.5, None), (acad(2022), 13.1, 17.9, None),
                                 (acad(2023), 12.0, 19.4, None), (acad(2024), 10.8, 20.6, None)],
        "suspension_rate_sen_support": [(acad(2021), 9.8, 11.2, None), (acad(2022), 9.2, 12.4, None),
                                        (acad(2023), 8.7, 13.6, None), (acad(2024), 8.1, 14.5, None)],
        "perm_excl_rate_ehcp": [(acad(2022), 0.05, 0.13, None), (acad(2023), 0.04, 0.15, None),
                                (acad(2024), 0.03, 0.16, None)],
        "perm_excl_rate_sen_support": [(acad(2022), 0.09, 0.21, None), (acad(2023), 0.08, 0.24, None),
                                       (acad(2024), 0.07, 0.26, None)],
        "persistent_absence_ehcp": [(acad(2021), 27.5, 30.1, None), (acad(2022), 26.0, 31.4, None),
                                    (acad(2023), 24.4, 32.2, None), (acad(2024), 22.9, 32.8, None)],
        "neet_ehcp": [(neet(2022), 6.1, None, 5.0), (neet(2023), 5.8, None, 5.0),
                      (neet(2024), 5.2, None, 5.0), (neet(2025), 4.7, None, 5.0)],
        "longest_wait_therapy_weeks": [(p, v, None, 18) for p, v in zip(Q, [24, 22, 20, 18, 17, 15])],
        "longest_wait_nd_weeks": [(p, v, None, 40) for p, v in zip(Q, [46, 44, 41, 38, 36, 33])],
        "local_offer_users": [(p, v, None, 6000) for p, v in zip(Q[2:], [5200, 5650, 6100, 6480])],
        "ehcna_requests": yearly(cal, 2021, [612, 668, 701, 745]),
        "ehcna_assessments": yearly(cal, 2021, [455, 490, 520, 548]),
        "personal_budgets": yearly(census, 2023, [212, 248, 291]),
    },
    "kestrel-vale": {
        "ehcp_20wk": [(cal(2021), 58.3, None, None), (cal(2022), 52.7, 51.0, None),
                      (cal(2023), 49.1, 50.8, None), (cal(2024), 41.8, 47.9, 60),
                      (ytd(), 38.5, None, 55)],
        "ehcp_20wk_incl_exceptions": [(cal(2024), 39.6, None, None)],
        "pupils_ehcp_pct": yearly(census, 2021, [3.9, 4.3, 4.7, 5.2, 5.8]),
        "pupils_sen_support_pct": yearly(census, 2021, [11.9, 12.2, 12.5, 13.0, 13.4]),
        "health_advice_6wk": [(fin(2022), 82, None, 90), (fin(2023), 88, None, 90), (fin(2024), 91, None, 90),
                              (fin(2025), 92, None, 90)],
        "ep_advice_6wk": [(fin(2022), 66, None, 80), (fin(2023), 60, None, 80), (fin(2024), 57, None, 80),
                          (fin(2025), 78, None, 80)],
        "ehcna_requests_decided_6wk": [(fin(2023), 88, None, 80), (fin(2024), 84, None, 80),
                                       (fin(2025), 79, None, 80)],
        "annual_review_decision_4wk": [(cal(2022), 45, None, 60), (cal(2023), 52, None, 60),
                                       (cal(2024), 58, None, 60)],
        "tribunal_appeal_rate": [(cal(2022), 4.9, None, None), (cal(2023), 5.8, None, None),
                                 (cal(2024), 7.2, 6.4, None)],
        "suspension_rate_ehcp": [(acad(2021), 15.8, 16.1, None), (acad(2022), 18.4, 17.8, None),
                                 (acad(2023), 21.9, 19.9, None), (acad(2024), 24.7, 21.2, None)],
        "suspension_rate_sen_support": [(acad(2021), 10.9, 11.6, None), (acad(2022), 12.7, 12.9, None),
                                        (acad(2023), 14.8, 14.9, None), (acad(2024), 15.6, 16.0, None)],
        "perm_excl_rate_ehcp": [(acad(2022), 0.14, 0.14, None), (acad(2023), 0.17, 0.16, None),
                                (acad(2024), 0.16, 0.17, None)],
        "perm_excl_rate_sen_support": [(acad(2022), 0.18, 0.20, None), (acad(2023), 0.22, 0.23, None),
                                       (acad(2024), 0.24, 0.25, None)],
        "persistent_absence_ehcp": [(acad(2021), 29.0, 30.4, None), (acad(2022), 31.6, 31.8, None),
                                    (acad(2023), 33.0, 32.6, None), (acad(2024), 34.8, 33.5, None)],
        "neet_ehcp": [(neet(2022), 8.4, 8.8, None), (neet(2023), 9.0, 9.1, None),
                      (neet(2024), 9.7, 9.3, None), (neet(2025), 10.3, 9.6, None)],
        "longest_wait_therapy_weeks": [(p, v, None, 18) for p, v in zip(Q, [31, 34, 36, 41, 44, 47])],
        "longest_wait_nd_weeks": [(p, v, None, 52) for p, v in zip(Q, [52, 50, 49, 51, 50, 49])],
        "local_offer_users": [(p, v, None, None) for p, v in zip(Q[2:], [3900, 4100, 3850, 3700])],
        "ehcna_requests": yearly(cal, 2021, [780, 905, 1032, 1160]),
        "ehcna_assessments": yearly(cal, 2021, [610, 702, 790, 861]),
        "personal_budgets": yearly(census, 2023, [95, 102, 99]),
    },
    "greyhaven": {
        "ehcp_20wk": [(cal(2021), 41.0, None, None), (cal(2022), 33.5, 50.1, None),
                      (cal(2023), 27.9, 51.2, None), (cal(2024), 24.1, 47.5, 50),
                      (ytd(), 21.7, None, 40)],
        "pupils_ehcp_pct": yearly(census, 2021, [4.1, 4.6, 5.2, 5.9, 6.6]),
        "pupils_sen_support_pct": yearly(census, 2021, [10.8, 10.9, 11.1, 11.0, 11.2]),
        "health_advice_6wk": [(fin(2022), 48, None, 90), (fin(2023), 41, None, 90), (fin(2024), 37, None, 90),
                              (fin(2025), 33, None, 90)],
        "ep_advice_6wk": [(fin(2022), 35, None, 90), (fin(2023), 28, None, 90), (fin(2024), 22, None, 90),
                          (fin(2025), 19, None, 90)],
        "ehcna_requests_decided_6wk": [(fin(2023), 71, None, 90), (fin(2024), 62, None, 90),
                                       (fin(2025), 58, None, 90)],
        "annual_review_decision_4wk": [(cal(2022), 22, None, 60), (cal(2023), 18, None, 60),
                                       (cal(2024), 15, None, 60)],
        "tribunal_appeal_rate": [(cal(2022), 6.9, None, None), (cal(2023), 8.8, None, None),
                                 (cal(2024), 11.3, 6.2, None)],
        "suspension_rate_ehcp": [(acad(2021), 22.5, 17.0, None), (acad(2022), 27.9, 18.9, None),
                                 (acad(2023), 33.4, 21.0, None), (acad(2024), 38.6, 22.8, None)],
        "suspension_rate_sen_support": [(acad(2021), 14.1, 11.9, None), (acad(2022), 17.5, 13.2, None),
                                        (acad(2023), 20.9, 14.6, None), (acad(2024), 24.2, 15.8, None)],
        "perm_excl_rate_ehcp": [(acad(2021), 0.21, 0.13, None), (acad(2022), 0.29, 0.14, None),
                                (acad(2023), 0.38, 0.16, None), (acad(2024), 0.46, 0.17, None)],
        "perm_excl_rate_sen_support": [(acad(2022), 0.35, 0.21, None), (acad(2023), 0.44, 0.23, None),
                                       (acad(2024), 0.52, 0.25, None)],
        "persistent_absence_ehcp": [(acad(2021), 33.1, 30.2, None), (acad(2022), 36.4, 31.1, None),
                                    (acad(2023), 39.8, 32.0, None), (acad(2024), 42.5, 32.9, None)],
        "neet_ehcp": [(neet(2022), 11.8, 9.0, None), (neet(2023), 12.9, 9.2, None),
                      (neet(2024), 14.6, 9.4, None), (neet(2025), 15.9, 9.5, None)],
        "longest_wait_therapy_weeks": [(Q[4], 68, None, 52), (Q[5], 74, None, 52)],
        "longest_wait_nd_weeks": [(p, v, None, 52) for p, v in zip(Q, [71, 77, 82, 88, 93, 98])],
        "local_offer_users": [(p, v, None, 3000) for p, v in zip(Q[2:], [2100, 1950, 1890, 1720])],
        "ehcna_requests": yearly(cal, 2021, [890, 1120, 1415, 1690]),
        "ehcna_assessments": yearly(cal, 2021, [720, 930, 1180, 1410]),
        "personal_budgets": [(census(2025), 41, None, None)],
    },
}


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:.1f}"


def kpis(c: Council) -> list[list[str]]:
    rows = []
    for indicator in KPI_IDS:
        for (start, end), value, neighbours, target in KPI_DATA[c.slug].get(indicator, []):
            year = int(end[:4])
            national = None
            if indicator in ENGLAND and (indicator in CAL_YEARS and end.endswith("-12-31")
                                         or indicator in CENSUS):
                national = ENGLAND[indicator].get(year)
            rows.append([indicator, end, number(value), start, number(national), number(neighbours), "",
                         number(target)])
    return rows


# ---------------------------------------------------------------------------------------------
def actions(c: Council, rng: random.Random, ev: list[dict]) -> list[dict]:
    """20-30 actions in the style of an accelerated progress plan."""
    must = [a for a in ACTIONS if a[5] in c.must_actions]
    rest = [a for a in ACTIONS if a[5] not in c.must_actions]
    chosen = must + rng.sample(rest, c.action_count - len(must))
    chosen.sort(key=ACTIONS.index)
    rows = []
    for action in chosen:
        area, project, text, crits, lead, annex, done, partial, impact = action
        readiness = c.annex_status.get(annex, "") if annex else ""
        status = pick(rng, c.action_status[readiness])
        rows.append({"area": area, "project": project, "action": text, "criteria": crits, "lead": lead,
                     "annex": annex, "status": status, "done_text": done, "partial": partial,
                     "impact": impact})
    # Refs: numbered within area (and project), in plan order.
    counters: dict[tuple, int] = {}
    for row in rows:
        if c.ref_style == "APP a.p.n":
            key = (row["area"], row["project"])
            counters[key] = counters.get(key, 0) + 1
            row["ref"] = f"APP {row['area']}.{row['project']}.{counters[key]}"
        else:
            key = (row["area"],)
            counters[key] = counters.get(key, 0) + 1
            prefix = "SIP" if c.ref_style.startswith("SIP") else "APP"
            row["ref"] = f"{prefix} {row['area']}.{counters[key]}"
    # Which open actions are overdue: delayed first, then not started, then in progress.
    open_rows = [r for r in rows if r["status"] not in DONE]
    order = {"delayed": 0, "not_started": 1, "in_progress": 2}
    shuffled = rng.sample(open_rows, len(open_rows))
    shuffled.sort(key=lambda r: order[r["status"]])
    overdue = shuffled[:c.overdue]
    if c.slug == "brightwater":      # nearly ready: only ongoing work runs late
        overdue = [r for r in shuffled if r["status"] == "in_progress"][:c.overdue]
    overdue_ids = {id(r) for r in overdue}
    no_due = [r for r in shuffled[c.overdue:] if r["status"] == "not_started"][:c.no_due]
    no_due_ids = {id(r) for r in no_due}
    without_lead = [r for r in reversed(shuffled) if r["status"] in ("not_started", "delayed")
                    and id(r) not in no_due_ids][:c.no_lead]
    no_lead_ids = {id(r) for r in without_lead}
    by_annex: dict[str, list[dict]] = {}
    for item in ev:
        by_annex.setdefault(item["annex_a"], []).append(item)
    for row in rows:
        status = row["status"]
        if id(row) in no_due_ids:
            due = None
        elif status in DONE:
            due = AS_OF - dt.timedelta(days=rng.randint(30, 400))
        elif id(row) in overdue_ids:
            due = AS_OF - dt.timedelta(days=rng.randint(35, 240))   # month end still before as_of
        else:
            due = AS_OF + dt.timedelta(days=rng.randint(20, 330))
        row["due"] = "" if due is None else _month_end(due).isoformat()
        if id(row) in no_lead_ids:
            row["lead"] = ""
        row["progress"] = progress(row, status, id(row) in overdue_ids, rng, c)
        row["evidence_of_impact"] = impact_of(row, status, by_annex, rng)
        row["status_word"] = word_for(status, ACTION_WORDS, c.wording_share, rng)
    return rows


def _month_end(day: dt.date) -> dt.date:
    """Action plans set due dates at month ends."""
    nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def progress(row: dict, status: str, overdue: bool, rng: random.Random, c: Council) -> str:
    stamp_day = AS_OF - dt.timedelta(days=rng.randint(5, 40 if c.slug != "greyhaven" else 150))
    stamp = f"{SHORT_MONTHS[stamp_day.month - 1]} {stamp_day.year % 100:02d}"
    if status == "complete":
        text = f"Complete. {row['done_text']}"
    elif status == "embedded":
        text = (f"Complete and embedded. {row['done_text']} "
                "Now business as usual, checked in the quarterly audit.")
    elif status == "in_progress":
        text = row["partial"] + (" Original date missed; revised date to go to the board." if overdue else "")
    elif status == "delayed":
        text = f"Delayed: {rng.choice(DELAY_REASONS)}. Revised date to be agreed at the next board."
    elif not row["lead"]:
        text = "Not yet started: no lead officer identified."
    elif overdue:
        reasons = [r for r in NOT_STARTED_REASONS if "spring" not in r]
        text = f"Not yet started and past its due date: {rng.choice(reasons)}."
    else:
        text = f"Not yet started: {rng.choice(NOT_STARTED_REASONS)}."
    return f"{stamp} update: {text}"


def impact_of(row: dict, status: str, by_annex: dict[str, list[dict]], rng: random.Random) -> str:
    if status in DONE:
        items = sorted(by_annex.get(row["annex"], []), key=lambda e: (-e["strength"], e["id"]))
        if items and rng.random() < 0.75:
            return ";".join(e["id"] for e in items[:rng.randint(1, 2)])
        return row["impact"]
    if status == "in_progress" and row["impact"] and rng.random() < 0.3:
        return row["impact"]
    return ""


# ---------------------------------------------------------------------------------------------
# Self-assessments: (judgement, confidence, strengths, areas for development) per criterion, in
# each partnership's own voice. {overdue} and {actions} are filled from the action plan.
# Brightwater: consistent with its evidence, one mild over-claim (AP-3, while ANX-17 is in progress).
# Kestrel Vale: over-claims on IMP-3, IMP-5, LEAD-3 and AP-3. Greyhaven: partial, with over-claims.
SELF_ASSESSMENT = {
    "brightwater": {
        "IMP-1": ("positive", "high", """
            Needs are identified early: SEN support identification is above England (15.1% of pupils in
            January 2025) while the share of pupils with an EHC plan stays below it, which tells us the
            graduated approach is working. 73% of new EHC plans were issued within 20 weeks in 2024
            against 46.4% in England, and 96% of health advice and 94% of EP advice is returned within
            six weeks.
            """,
            """
            Waits for neurodevelopmental assessment are falling, but the longest wait is still 33 weeks
            and the waiting-well offer needs to reach more families. Annual review decisions now meet
            our 80% target; the improvement is recent and must be sustained through the spring peak.
            """),
        "IMP-2": ("positive", "high", """
            Children's views and aspirations shape their plans: our termly EHC plan audit found the
            child's voice clearly recorded in nine of ten plans sampled, and the parent carer forum
            co-delivers plan-writing training. Tribunal appeals fell to 2.4% of appealable decisions in
            2024, well below England (6%), and 6,480 people used the Local Offer last quarter.
            """,
            """
            Young people aged 16 to 25 are less involved in co-producing their plans than younger
            children and their parents. We want more post-16 reviews led by the young person.
            """),
        "IMP-3": ("positive", "medium", """
            Most children get the help set out in their plans at the right time: the longest therapy
            wait has fallen from 24 to 15 weeks since June 2024, and the short breaks offer was
            refreshed with families in 2025. 291 EHC plans now include a personal budget, and families
            tell us it gives them more choice and control.
            """,
            """
            Oversight of the few children placed in residential special schools is being strengthened:
            the commissioning template is still in progress. Reduced timetables are rare, but their
            reviews are not always recorded within six weeks.
            """),
        "IMP-4": ("positive", "medium", """
            Preparation for adulthood starts at the Year 9 review, and supported internships have grown
            with the council and the ICB as employers. NEET among 16-17 year olds with an EHC plan has
            fallen to 4.7%, below our 5% target, and persistent absence of pupils with plans has fallen
            for three years, to 22.9%.
            """,
            """
            Transition to adult health services is smooth for young people with learning disabilities
            but less so for those with mental health needs. Key stage 4 outcomes for pupils on SEN
            support still lag behind their peers.
            """),
        "IMP-5": ("positive", "high", """
            Children with SEND are included in their schools and communities: suspensions of pupils with
            EHC plans have fallen to 10.8 per 100, about half our statistical neighbours' rate, and
            permanent exclusion is rare. Nine in ten families who answered the short breaks survey rated
            the offer good or very good.
            """,
            """
            Take-up of inclusive leisure activities is lower in the rural east of the area. The young
            people's participation group will help us find out what stops children joining in.
            """),
        "LEAD-1": ("positive", "high", """
            The SEND and Inclusion Strategy 2024-2029 was co-produced with the parent carer forum and
            young people and is owned jointly by the council and the ICB. The partnership board, chaired
            by the Director of Children's Services with the ICB Director of Nursing as vice-chair, holds
            every partner to account through a quarterly highlight report.
            """,
            """
            Ambition is high, but school leaders' ownership of the strategy is uneven between phases. We
            will bring secondary headteachers into the strategy delivery groups this year.
            """),
        "LEAD-2": ("positive", "high", """
            Co-production is how we work: all partners have signed the co-production charter, the parent
            carer forum sits on every workstream, and 'you said, we did' is published each term.
            Learning from complaints and tribunals is reviewed every quarter and has changed how we
            write decision letters.
            """,
            """
            We hear less from fathers, from families in minority ethnic communities and from young
            people over 16. The participation plan for 2026 targets these groups.
            """),
        "LEAD-3": ("positive", "high", """
            Leaders share an accurate picture of need, built from the JSNA SEND chapter, the
            place-planning forecast and one dashboard used by both the council and the ICB. This
            self-evaluation was moderated by the partnership board and challenged by the parent carer
            forum.
            """,
            """
            Health data on children on SEN support is not yet joined with education data at child level.
            An information-sharing agreement is being finalised with the ICB.
            """),
        "LEAD-4": ("positive", "medium", """
            Joint commissioning is well established: the joint commissioning group has agreed
            specifications for therapies and the neurodevelopmental pathway, and the sufficiency plan
            has opened new specialist places close to home. Out-of-area placements are reviewed every
            term.
            """,
            """
            The residential special school template is not yet complete and monitoring visits to those
            schools are not yet routine. Commissioning for young people over 19 needs a longer-term
            plan.
            """),
        "LEAD-5": ("positive", "high", """
            We evaluate and improve: the four-tier EHC plan quality assurance framework, termly
            multi-agency audits and a monthly performance dashboard show where practice is strong and
            where it must change. The board tracks every improvement plan action and most are complete
            or embedded.
            """,
            """
            {overdue} of our {actions} improvement plan actions are overdue, and audit findings on
            annual reviews are not yet fed back to schools systematically.
            """),
        "LEAD-6": ("positive", "high", """
            Multi-agency working is strong: the Designated Clinical Officer and Designated Social Care
            Officer have protected time, and EP advice timeliness has recovered to 94% after we
            recruited two assistant educational psychologists. Every EHC officer has completed IPSEA
            legal training.
            """,
            """
            Vacancies in speech and language therapy remain a risk. A shared induction for new staff
            across education, health and care is planned for spring 2026.
            """),
        "AP-1": ("positive", "medium", """
            The alternative provision strategy rests on an analysis of the needs of the children in AP
            and was agreed with headteachers. Commissioning decisions are made at a fortnightly panel.
            """,
            """
            AP places for primary-aged children are tight, and the primary offer in the strategy is
            still being commissioned.
            """),
        "AP-2": ("positive", "high", """
            We know every child in AP: the register records the setting, the reason for the placement,
            hours attended, length of stay and SEND status, and it is reconciled with schools each
            half-term.
            """,
            """
            Part-time timetables in AP are recorded, but the reasons are not always reviewed within six
            weeks.
            """),
        "AP-3": ("positive", "medium", """
            Every registered AP setting has an annual quality assurance visit against our standards, and
            safeguarding checks on unregistered settings were strengthened in 2025.
            """,
            """
            The oversight procedure for unregistered AP is new and not every setting has had a visit
            yet; attendance monitoring across settings is still being brought together.
            """),
        "AP-4": ("inconsistent", "medium", """
            Reintegration into mainstream school is tracked for pupils at the pupil referral unit, and
            most return within two terms.
            """,
            """
            We do not yet track destinations for pupils leaving commissioned independent AP, so we
            cannot show outcomes for every child in AP. A tracking tool is being built with the AP task
            and finish group.
            """),
    },
    "kestrel-vale": {
        "IMP-1": ("inconsistent", "medium", """
            Early years identification is improving through the early years inclusion funding panel, and
            92% of health advice is returned within six weeks through the health gateway. The longest
            wait for a neurodevelopmental assessment has stayed within our 52-week target.
            """,
            """
            Only 41.8% of new EHC plans were issued within 20 weeks in 2024, below England (46.4%) and
            falling for three years; EP advice timeliness has only just recovered to 78%. Requests for
            assessment have risen by almost half since 2021 and capacity has not kept pace.
            """),
        "IMP-2": ("inconsistent", "medium", """
            The Local Offer was rebuilt with parents in 2024, and the parent carer forum helps to train
            new EHC coordinators. SENDIASS has no waiting list.
            """,
            """
            Tribunal appeals have risen to 7.2% of appealable decisions, above England (6%), and
            families tell us communication during assessment is poor. Use of the Local Offer has fallen
            for the last two quarters.
            """),
        "IMP-3": ("positive", "high", """
            Children and young people in Kestrel Vale receive the right help at the right time. Our
            therapy services are well regarded by families and the short breaks offer gives families
            valued respite.
            """,
            """
            We will continue to monitor therapy waiting times and keep the short breaks offer under
            review.
            """),
        "IMP-4": ("inconsistent", "medium", """
            Supported internships have expanded, and most Year 11 post-16 placements are secured by the
            31 March deadline.
            """,
            """
            NEET among 16-17 year olds with EHC plans has risen to 10.3%, and persistent absence of
            pupils with plans has risen for three years, to 34.8%. Transition planning for adult social
            care often starts late.
            """),
        "IMP-5": ("positive", "high", """
            Children with SEND are valued and included across Kestrel Vale. Our schools are inclusive
            and families tell us their children feel part of their community.
            """,
            """
            Some families would like more holiday activities, and we will look at this as part of the
            short breaks review.
            """),
        "LEAD-1": ("positive", "medium", """
            The SEND and AP Partnership Board was reconstituted in 2024 with the council and the ICB as
            joint chairs, and its terms of reference set out who is accountable for what. Leaders'
            ambition is set out in the SEND and Inclusion Strategy 2024-2029.
            """,
            """
            The strategy's delivery plan is still being finalised, and the board does not yet receive
            regular reports on impact from each workstream.
            """),
        "LEAD-2": ("positive", "medium", """
            The co-production charter was signed with the parent carer forum in 2024, and the forum
            co-chairs the co-production group. 'You said, we did' is published on the Local Offer every
            term.
            """,
            """
            Learning from the rise in tribunal appeals has not yet changed practice in the assessment
            team, and young people's voice at strategic level relies on one participation group.
            """),
        "LEAD-3": ("positive", "high", """
            Leaders across the partnership have an accurate and shared understanding of the needs of
            children and young people in Kestrel Vale, set out in our self-evaluation.
            """,
            """
            We will refresh the self-evaluation when new national data is published.
            """),
        "LEAD-4": ("inconsistent", "medium", """
            The joint commissioning group has agreed a sufficiency plan, and new resourced provision
            places opened in September 2025.
            """,
            """
            The short breaks review has been delayed and the short breaks statement is out of date.
            Therapies are commissioned below demand: the longest wait has risen from 31 to 47 weeks
            since June 2024, against an 18-week target.
            """),
        "LEAD-5": ("inconsistent", "medium", """
            The EHC plan quality assurance framework is in place, and the monthly dashboard is reviewed
            at the SEND improvement group.
            """,
            """
            Multi-agency audits have not run every term and their findings are not tracked to
            completion. {overdue} of the {actions} actions in our accelerated progress plan are overdue.
            """),
        "LEAD-6": ("inconsistent", "medium", """
            The Designated Clinical Officer post is now full-time and the EHC team is fully recruited
            with permanent staff. Training on the graduated approach has reached most SENCOs.
            """,
            """
            Educational psychology capacity is still short: EP advice timeliness has only just
            recovered, to 78% against our 80% target, after two years at or below 60%. There is no
            shared induction across education, health and care.
            """),
        "AP-1": ("inconsistent", "medium", """
            An AP needs analysis was completed in 2025; it shows that most pupils in AP have social,
            emotional and mental health needs.
            """,
            """
            The AP strategy is still in draft, and commissioning is largely reactive, through spot
            purchase of places.
            """),
        "AP-2": ("inconsistent", "medium", """
            We hold a register of pupils in the AP settings the council commissions.
            """,
            """
            Pupils placed directly by schools, with their hours and SEND status, are not all recorded,
            so our picture of who is in AP is incomplete.
            """),
        "AP-3": ("positive", "high", """
            All alternative provision used in Kestrel Vale is safe and of good quality, and we have
            robust oversight of unregistered settings.
            """,
            """
            We will keep our procedures under review.
            """),
        "AP-4": ("inconsistent", "low", """
            Reintegration from the pupil referral unit is tracked every term.
            """,
            """
            Outcomes and destinations for pupils leaving other AP are not tracked, and reintegration
            rates from the pupil referral unit have fallen this year.
            """),
    },
    "greyhaven": {
        "IMP-1": ("inconsistent", "medium", """
            Requests for assessment have risen sharply and the service has responded by recruiting
            agency EHC coordinators. Early years settings can call on the inclusion support team.
            """,
            """
            Timeliness of new EHC plans is below where we want it to be, and we are working to improve
            it.
            """),
        "IMP-2": ("positive", "medium", """
            Families are at the heart of everything we do and are fully involved in decisions about
            their child's plan. The Local Offer gives clear information.
            """,
            """
            We will continue to strengthen communication with families.
            """),
        "IMP-3": ("inconsistent", "low", """
            Health partners have begun to validate waiting lists, and families on the neurodevelopmental
            pathway receive a letter listing sources of support.
            """,
            """
            Waits are too long: the longest wait for a neurodevelopmental assessment is 98 weeks and for
            therapies 74 weeks. Many children do not receive the provision in their plans on time.
            """),
        "LEAD-1": ("positive", "medium", """
            Leaders are highly ambitious for children and young people with SEND, and this ambition is
            shared across the partnership.
            """,
            """
            The SEND strategy will be refreshed in 2026.
            """),
        "LEAD-2": ("positive", "high", """
            We have a strong relationship with the parent carer forum, who are invited to the
            partnership board.
            """,
            """
            We would like more young people to be involved.
            """),
        "LEAD-4": ("inconsistent", "medium", """
            A joint commissioning group was re-established in 2025 and has begun to map therapy
            commissioning against need.
            """,
            """
            There is no current short breaks statement and the health commissioning template is not yet
            agreed with the ICB. Out-of-area placements are rising and are not reviewed routinely.
            """),
        "LEAD-5": ("significant_concerns", "medium", """
            A performance dashboard is being built with the ICB, and the first multi-agency audit was
            held in June 2025.
            """,
            """
            We do not yet have reliable data on timeliness or quality, EHC plan quality assurance has
            lapsed, and {overdue} of the {actions} actions in our improvement plan are overdue.
            """),
        "AP-1": ("inconsistent", "low", """
            Headteachers and the council have agreed to write an AP strategy together.
            """,
            """
            There is no analysis of the needs of pupils in AP yet, and places are spot-purchased, often
            in unregistered settings.
            """),
    },
}
UPDATED_BY = {
    "IMP-1": "Head of SEND", "IMP-2": "Participation and Co-production Lead",
    "IMP-3": "Designated Clinical Officer",
    "IMP-4": "Preparing for Adulthood Lead", "IMP-5": "Head of Inclusion",
    "LEAD-1": "Assistant Director Education and Inclusion", "LEAD-2": "Participation and Co-production Lead",
    "LEAD-3": "SEND Performance and Data Lead", "LEAD-4": "Head of Commissioning (ICB)",
    "LEAD-5": "Head of SEND",
    "LEAD-6": "Principal Educational Psychologist", "AP-1": "Head of Inclusion", "AP-2": "Head of Inclusion",
    "AP-3": "Head of Inclusion", "AP-4": "Head of Inclusion",
}


def count_overdue(acts: list[dict]) -> int:
    """Open actions whose due date is before as_of (`overdue` is derived, never stored)."""
    return sum(1 for a in acts if a["due"] and a["status"] not in DONE and a["due"] < AS_OF.isoformat())


def block(key: str, text: str) -> list[str]:
    wrapped = textwrap.wrap(text, width=96, break_long_words=False, break_on_hyphens=False)
    return [f"  {key}: >-"] + [f"    {line}" for line in wrapped]


def self_assessment(c: Council, ev: list[dict], acts: list[dict], rng: random.Random) -> str:
    overdue = count_overdue(acts)
    facts = {"overdue": overdue, "actions": len(acts)}
    entries = SELF_ASSESSMENT[c.slug]
    lines = [f"# Self-assessment: {c.name}.",
             "# FICTIONAL demo data generated by tools/make_demo.py; regenerate rather than hand-edit.",
             "# Criteria not listed are not assessed."]
    for cid in CRITERIA:
        if cid not in entries:
            continue
        judgement, confidence, strengths, areas = entries[cid]
        strengths, areas = " ".join(strengths.split()), " ".join(areas.split())
        linked = [e for e in ev if cid in e["criteria"].split(";")]
        linked.sort(key=lambda e: (-e["strength"], -e["last_reviewed"].toordinal(), e["id"]))
        size = {"brightwater": 4, "kestrel-vale": 3, "greyhaven": 2}[c.slug]
        refs = sorted(e["id"] for e in linked[:size])
        if c.slug == "greyhaven":
            updated = AS_OF - dt.timedelta(days=rng.choice([rng.randint(200, 240), rng.randint(20, 60)]))
            who = "Head of SEND"
        else:
            updated = AS_OF - dt.timedelta(days=rng.randint(6, 30 if c.slug == "brightwater" else 75))
            who = UPDATED_BY[cid]
        lines += [f"{cid}:", f"  judgement: {judgement}", f"  confidence: {confidence}"]
        lines += block("strengths", strengths.format(**facts))
        lines += block("areas_for_development", areas.format(**facts))
        lines += [f"  evidence: [{', '.join(refs)}]", f"  updated_by: {who}",
                  f"  updated_at: {updated.isoformat()}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def parameters(c: Council) -> str:
    return (f"# FICTIONAL demo council generated by tools/make_demo.py: not a real local area.\n"
            f"council: {c.slug}\nname: {c.name}\nframework: {FRAMEWORK}\nas_of: {AS_OF.isoformat()}\n"
            f"region: {c.region}\nreport:\n  title: SEND and AP self-evaluation\n")


PROFILES = {
    "brightwater": "nearly ready: Annex A almost complete with no high-risk items, strong and fresh "
                   "impact evidence, KPIs at or better than England and improving, few overdue actions; "
                   "a full self-assessment, mostly positive and consistent with the evidence (AP-3 is "
                   "judged positive while AP monitoring and oversight is still in progress)",
    "kestrel-vale": "mixed: about a third of Annex A complete and a third in progress, three items high "
                    "risk (self-evaluation, short breaks, AP monitoring and oversight), some stale "
                    "evidence, KPIs mixed (EHCP timeliness below England and falling, therapy waits and "
                    "suspensions rising, health advice and neurodevelopmental waits on target), several "
                    "overdue actions; a full self-assessment that over-claims on IMP-3, IMP-5, LEAD-3 "
                    "and AP-3",
    "greyhaven": "serious gaps: most of Annex A high risk or in progress, weak (strength 0-1) and stale "
                 "evidence, KPIs well worse than England and declining (about a quarter of EHC plans on "
                 "time, waits of 70-100 weeks, high suspensions and exclusions), many overdue actions, "
                 "some without a lead; a partial self-assessment (about half the criteria) with "
                 "over-claims",
}

README = """\
# Demo workspace: three FICTIONAL local area partnerships

Brightwater, Kestrel Vale and Greyhaven are **fictional**. Their names, figures, documents,
actions and judgements are invented for demonstration and testing; any resemblance to a real
area is accidental. No person or child is named: owners and leads are roles. The England
comparators in `kpis.csv` are the published values recorded in the framework catalogue;
everything else is made up.

These files are generated by `python tools/make_demo.py` (deterministic: the same bytes on every
run). Regenerate rather than hand-edit; change the generator if the demo should change.

The files follow `docs/workspace-format.md` and the shape of real councils' trackers: a
four-state Annex A readiness tracker (High risk / Work underway but not complete / Complete /
Complete but an update required once call comes, with codes, labels and synonyms mixed as people
type them), an accelerated progress plan (refs such as `APP 1.2.1` or `SIP 2.3`, roles as leads,
dated progress, evidence of impact) and KPIs with England, statistical-neighbour and target
comparators. All three are evaluated as at {as_of} (`as_of` in each parameters file).

| council | profile | evidence | Annex A items (by least ready evidence) | actions (overdue) \
| KPI rows | self-assessment |
|---|---|---|---|---|---|---|
"""


def readme(stats: dict[str, dict]) -> str:
    lines = [README.format(as_of=f"{AS_OF.day} {MONTHS[AS_OF.month - 1]} {AS_OF.year}").rstrip("\n")]
    for c in COUNCILS:
        s = stats[c.slug]
        annex = ", ".join(f"{s['annex'].get(code, 0)} {code}" for code in reversed(READINESS))
        lines.append(f"| `{c.slug}` | {PROFILES[c.slug]} | {s['evidence']} items | {annex} | "
                     f"{s['actions']} ({s['overdue']}) | {s['kpis']} | {s['assessed']} of 15 criteria |")
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT,
                        help="workspace folder to write (default: the repo root)")
    args = parser.parse_args()
    stats = {}
    for c in COUNCILS:
        rng = random.Random(c.seed)
        ev = evidence(c, rng)
        kpi_rows = kpis(c)
        acts = actions(c, rng, ev)
        write(args.out / "parameters" / f"{c.slug}.yaml", parameters(c))
        write(args.out / "evidence" / c.slug / "evidence.csv", csv_text(EVIDENCE_COLUMNS, [
            [e["id"], e["title"], e["annex_a"], e["criteria"], e["status"], e["strength"], e["owner"],
             e["last_reviewed"].isoformat(), e["location"], e["notes"]] for e in ev]))
        write(args.out / "evidence" / c.slug / "kpis.csv", csv_text(KPI_COLUMNS, kpi_rows))
        write(args.out / "evidence" / c.slug / "actions.csv", csv_text(ACTION_COLUMNS, [
            [a["ref"], a["action"], a["criteria"], a["lead"], a["due"], a["status_word"], a["progress"],
             a["evidence_of_impact"]] for a in acts]))
        write(args.out / "sef" / c.slug / "self-assessment.yaml", self_assessment(c, ev, acts, rng))
        least: dict[str, str] = {}
        for e in ev:
            item = e["annex_a"]
            if item and (item not in least or RANK[e["status_code"]] < RANK[least[item]]):
                least[item] = e["status_code"]
        annex_counts: dict[str, int] = {}
        for status in least.values():
            annex_counts[status] = annex_counts.get(status, 0) + 1
        overdue = count_overdue(acts)
        stats[c.slug] = {"evidence": len(ev), "annex": annex_counts, "actions": len(acts), "overdue": overdue,
                         "kpis": len(kpi_rows), "assessed": len(SELF_ASSESSMENT[c.slug])}
        print(f"{c.slug}: {len(ev)} evidence items, {len(acts)} actions ({overdue} overdue), "
              f"{len(kpi_rows)} KPI rows, {len(SELF_ASSESSMENT[c.slug])} criteria assessed")
    write(args.out / "evidence" / "README.md", readme(stats))


if __name__ == "__main__":
    main()
