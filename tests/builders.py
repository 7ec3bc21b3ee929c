"""Build small workspaces in code (tests never depend on committed fixtures).

`mini` is a tiny framework catalogue written into the workspace, so rule tests
do not change when the real catalogue is edited.
"""

from __future__ import annotations

import csv
import io
import textwrap
from pathlib import Path

from sefkit.workspace.specs import ACTIONS, EVIDENCE, KPIS

MINI_FRAMEWORK = textwrap.dedent("""\
    id: mini
    title: Mini framework for tests
    version: "1"
    groups:
      - {id: impact, title: Impact}
      - {id: leadership, title: Leadership}
    outcomes:
      - {id: OUT-1, judgement: positive, label: Typically positive, text: Positive.}
      - {id: OUT-2, judgement: inconsistent, label: Inconsistent, text: Inconsistent.}
      - {id: OUT-3, judgement: significant_concerns, label: Widespread or systemic failings, text: Failings.}
    criteria:
      - {id: C-1, group: impact, title: Needs are identified}
      - {id: C-2, group: impact, title: Right help at the right time}
      - {id: L-1, group: leadership, title: Leaders know their area}
    annex_a:
      - {id: A-1, title: Self-evaluation, criteria: [C-1, L-1], aliases: [SEF]}
      - {id: A-2, title: Short breaks, criteria: [C-2], aliases: [Short Breaks statement]}
    kpis:
      - id: timely
        title: Plans issued within 20 weeks
        unit: pct
        polarity: higher_is_better
        criteria: [C-1]
        aliases: [20 week timeliness]
        england:
          - {period_end: 2024-12-31, value: 46.4, source: DfE}
      - id: wait
        title: Longest wait (weeks)
        unit: weeks
        polarity: lower_is_better
        criteria: [C-2]
      - id: context
        title: Pupils with a plan
        unit: pct
        polarity: neutral
        criteria: [C-1]
    """)

EVIDENCE_HEADER = EVIDENCE.names
KPI_HEADER = [name for name in KPIS.names if name != "region"]   # a file without the optional region column
ACTION_HEADER = ACTIONS.names


def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def evidence_row(ident="EV-1", title="Self-evaluation 2025", annex="A-1", criteria="C-1", status="complete",
                 strength=3, owner="Head of SEND", reviewed="2025-09-01", location="", notes=""):
    return [ident, title, annex, criteria, status, strength, owner, reviewed, location, notes]


def build_workspace(root: Path, council: str = "alpha", *, framework: str = "mini", as_of: str = "2025-10-31",
                    evidence: list[list] | None = None, kpis: list[list] | None = None,
                    actions: list[list] | None = None, self_assessment: str | None = None,
                    evidence_text: str | None = None, extra_params: str = "") -> Path:
    """Write a valid small workspace (then a test breaks one file)."""
    (root / "sef" / "frameworks").mkdir(parents=True, exist_ok=True)
    (root / "sef" / "frameworks" / "mini.yaml").write_text(MINI_FRAMEWORK, encoding="utf-8")
    (root / "parameters").mkdir(parents=True, exist_ok=True)
    (root / "parameters" / f"{council}.yaml").write_text(
        f"council: {council}\nname: Alpha Partnership\nframework: {framework}\nas_of: {as_of}\n{extra_params}",
        encoding="utf-8")
    folder = root / "evidence" / council
    folder.mkdir(parents=True, exist_ok=True)
    if evidence is None:
        evidence = [evidence_row(), evidence_row("EV-2", "Short breaks statement", "A-2", "C-2", "in_progress", 1,
                                                 "Service Manager Disabled Children's Team", "2025-08-01")]
    (folder / "evidence.csv").write_text(evidence_text if evidence_text is not None
                                         else csv_text(EVIDENCE_HEADER, evidence), encoding="utf-8")
    if kpis is None:
        kpis = [["timely", "2023-12-31", "50", "", "50.3", "", ""],
                ["timely", "2024-12-31", "48", "", "46.4", "", ""]]
    (folder / "kpis.csv").write_text(csv_text(KPI_HEADER, kpis), encoding="utf-8")
    if actions is None:
        actions = [["A1", "Refresh the short breaks statement", "C-2", "Head of Commissioning", "2025-12-31",
                    "in_progress", "Draft with PCF", ""]]
    (folder / "actions.csv").write_text(csv_text(ACTION_HEADER, actions), encoding="utf-8")
    (root / "sef" / council).mkdir(parents=True, exist_ok=True)
    if self_assessment is None:
        self_assessment = textwrap.dedent("""\
            C-1:
              judgement: positive
              confidence: high
              strengths: Strong identification.
              areas_for_development: Post-16.
              evidence: [EV-1]
              updated_by: Head of SEND
              updated_at: 2025-10-01
            """)
    (root / "sef" / council / "self-assessment.yaml").write_text(self_assessment, encoding="utf-8")
    return root


SMALL_COUNT_KPI = """\
  - id: tribunals
    title: Tribunal appeals registered
    unit: count
    polarity: lower_is_better
    criteria: [C-2]
"""
SNAPSHOT_HEADER = ["as_of", "ready_pct", "outcome", "red_criteria", "over_claims", "overdue_actions", "recorded_at"]


def board_workspace(root: Path) -> Path:
    """Two councils: alpha (with an earlier snapshot, a small count and an email in its own words) and beta."""
    build_workspace(root, self_assessment=(
        "C-1:\n  judgement: positive\n  confidence: high\n"
        "  strengths: Strong identification; ask jo.bloggs@example.org for the audit.\n"
        "  areas_for_development: Post-16 pathways.\n  evidence: [EV-1]\n"
        "  updated_by: Head of SEND\n  updated_at: 2025-10-01\n"),
        kpis=[["timely", "2023-12-31", "50", "", "50.3", "", ""], ["timely", "2024-12-31", "48", "", "46.4", "", ""],
              ["tribunals", "2023-12-31", "9", "", "", "", ""], ["tribunals", "2024-12-31", "3", "", "", "", ""]])
    (root / "sef" / "frameworks" / "mini.yaml").write_text(MINI_FRAMEWORK + SMALL_COUNT_KPI, encoding="utf-8")
    (root / "sef" / "alpha" / "snapshots.csv").write_text(csv_text(SNAPSHOT_HEADER, [
        ["2025-06-30", "0", "OUT-3", "2", "0", "0", "2025-06-30T10:00:00"]]), encoding="utf-8")
    build_workspace(root, "beta", evidence=[evidence_row(status="in_progress")],
                    actions=[["B1", "Write the SEF", "C-1", "Head of SEND", "2025-01-31", "not_started", "", ""]])
    params = root / "parameters" / "beta.yaml"
    params.write_text(params.read_text().replace("Alpha Partnership", "Beta Partnership"), encoding="utf-8")
    (root / "sef" / "frameworks" / "mini.yaml").write_text(MINI_FRAMEWORK + SMALL_COUNT_KPI, encoding="utf-8")
    return root
