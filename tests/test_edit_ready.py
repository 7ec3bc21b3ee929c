"""The edit-ready workspace: defects a multi-user workbook would multiply, each fixed and pinned here."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pytest

from builders import EVIDENCE_HEADER, build_workspace, csv_text, evidence_row
from sefkit.cli import main
from sefkit.framework import Catalogues
from sefkit.problems import InputError
from sefkit.store import ConflictError, revision
from sefkit.workspace import Workspace
from sefkit.workspace.locate import CouncilFiles
from sefkit.workspace.write import save_assessment, save_records
from sefkit.yamlfile import load_yaml
from sefkit.problems import Problems

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 1, 15)


def builtin(name: str) -> str:
    return (ROOT / "sef" / name).read_text(encoding="utf-8")


def with_submitted_status(root: Path) -> None:
    """A workspace vocabulary with one more readiness status, between in_progress and the complete ones."""
    text = builtin("vocabularies.yaml").replace("""  - code: complete_needs_update
""", """  - code: submitted
    label: Submitted for sign-off
    rag: amber
    ready: false
    synonyms: [awaiting sign-off]

  - code: complete_needs_update
""")
    (root / "sef" / "vocabularies.yaml").write_text(text, encoding="utf-8")


# -- a documented customisation ------------------------------------------------------------

def test_a_councils_own_readiness_status_without_a_factor_is_refused_by_validate_naming_the_line(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", evidence=[evidence_row(status="Awaiting sign-off")])
    with_submitted_status(root)
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    out = capsys.readouterr().out
    line = next(i for i, text in enumerate(builtin("scoring.yaml").splitlines(), 1) if "status_factor" in text
                and not text.lstrip().startswith("#"))
    assert re.search(rf"scoring.yaml:{line}:1: error: evidence.status_factor has no factor for readiness status "
                     r"'submitted' \(.*vocabularies.yaml:\d+\)", out), out
    assert main(["score", "--workspace", str(root), "--all"]) == 1        # the same message, not a KeyError
    assert "has no factor for readiness status 'submitted'" in capsys.readouterr().out


def test_a_councils_own_readiness_status_with_its_factor_is_scored_and_named_in_words(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", evidence=[
        evidence_row(status="Awaiting sign-off"),
        evidence_row("EV-2", annex="A-2", criteria="C-2", status="complete", strength=2)])
    with_submitted_status(root)
    rules = builtin("scoring.yaml").replace("status_factor: {high_risk: 0.25,",
                                            "status_factor: {high_risk: 0.25, submitted: 0.8,")
    (root / "sef" / "scoring.yaml").write_text(rules, encoding="utf-8")
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    capsys.readouterr()
    assert main(["score", "--workspace", str(root), "--all", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)[0]
    assert card["annex_a"]["counts"]["submitted"] == 1
    assert [s["code"] for s in card["annex_a"]["statuses"]][:3] == ["high_risk", "in_progress", "submitted"]
    assert card["criteria"][0]["evidence_score"] == pytest.approx(0.5 * 100 * 0.8)

    from sefkit.present import narrative
    from sefkit.present.report import load_context

    ctx = load_context("alpha", root, today=TODAY)
    assert "Of the rest, 1 submitted for sign-off." in narrative.readiness_sentence(ctx.card)


def test_weak_evidence_below_is_gone_and_a_copy_that_still_has_it_is_told(tmp_path, capsys):
    assert "weak_evidence_below" not in builtin("scoring.yaml")
    root = build_workspace(tmp_path / "a")
    (root / "sef" / "scoring.yaml").write_text(builtin("scoring.yaml") + "\ngaps:\n  weak_evidence_below: 45\n")
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    assert "'gaps.weak_evidence_below' is no longer read" in capsys.readouterr().out


# -- dates and date-times ------------------------------------------------------------------

@pytest.mark.parametrize("written", ["'2025-10-20T10:00:00'", "2025-10-20T10:00:00", "'2025-10-20T10:00:00+01:00'",
                                     "2025-10-20T10:00:00Z", "'2025-10-20 10:00'", "2025-10-20", "'2025-10-20'"])
def test_updated_at_may_be_a_date_or_a_date_time_quoted_or_not(tmp_path, written):
    root = build_workspace(tmp_path / "a", self_assessment=f"C-1:\n  judgement: positive\n  evidence: [EV-1]\n"
                                                           f"  updated_at: {written}\n")
    data, problems = Workspace(root).load("alpha", TODAY)
    assert data is not None, [str(p) for p in problems.errors]
    value = data.assessments["C-1"].updated_at
    assert value is not None and (value.date() if isinstance(value, dt.datetime) else value) == dt.date(2025, 10, 20)


def test_what_sefkit_writes_is_a_date_time_with_an_offset(tmp_path):
    root = build_workspace(tmp_path / "a")
    files = CouncilFiles(root, "alpha")
    save_assessment(files, Catalogues(root).get("mini"), "C-1", {"judgement": "inconsistent"},
                    who="Head of SEND", expected_revision=revision(files.self_assessment))
    text = files.self_assessment.read_text()
    assert re.search(r"\n  updated_at: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\n", text), text
    data, problems = Workspace(root).load("alpha", dt.date.today())
    assert data is not None, [str(p) for p in problems.errors]


# -- the right name on a record --------------------------------------------------------------

def test_saving_a_criterion_someone_else_saved_last_records_the_person_saving(tmp_path):
    root = build_workspace(tmp_path / "a")     # C-1 was last updated by "Head of SEND"
    files = CouncilFiles(root, "alpha")
    save_assessment(files, Catalogues(root).get("mini"), "C-1", {"strengths": "More."}, who="SEND Quality Lead",
                    expected_revision=revision(files.self_assessment))
    data, _ = Workspace(root).load("alpha", dt.date.today())
    assert data is not None and data.assessments["C-1"].updated_by == "SEND Quality Lead"
    entry = json.loads(files.audit_log.read_text().splitlines()[-1])
    assert entry["by"] == "SEND Quality Lead"
    assert {"record": "C-1", "field": "updated_by", "old": "Head of SEND", "new": "SEND Quality Lead"} in entry["changes"]
    assert {"record": "C-1", "field": "strengths", "old": "Strong identification.", "new": "More."} in entry["changes"]


# -- nothing of a person's file is lost on save ------------------------------------------------

COMMENTED = textwrap.dedent("""\
    # Self-assessment, Alpha partnership. Moderated at the SEND board, 12 September.
    C-1:   # Needs are identified
      Judgement: positive      # agreed with the PCF
      confidence: high
      strengths: 'Strong identification: "early help" hubs.'
      areas_for_development: |
        Post-16 transitions.
        Waiting times for therapies.
      evidence:
        - EV-1
      board_rag: green         # our own column, kept

    # C-2 is for the November board
    C-2:
      judgement: inconsistent
    """)


def test_saving_a_self_assessment_keeps_comments_order_quoting_and_block_text(tmp_path):
    root = build_workspace(tmp_path / "a", self_assessment=COMMENTED)
    files = CouncilFiles(root, "alpha")
    fw = Catalogues(root).get("mini")
    save_assessment(files, fw, "C-2", {"judgement": "positive", "evidence": ["EV-2"]}, who="Head of SEND",
                    expected_revision=revision(files.self_assessment))
    text = files.self_assessment.read_text()
    c1, c2 = text.split("# C-2 is for the November board\n")
    assert c1 == COMMENTED.split("# C-2 is for the November board\n")[0]     # the other criterion, byte for byte
    assert c2.startswith("C-2:\n  judgement: positive\n  evidence: [EV-2]\n  updated_by: Head of SEND\n  updated_at: ")
    save_assessment(files, fw, "C-1", {"judgement": "inconsistent", "strengths": "Hubs.\nAnd panels."},
                    who="Head of SEND", expected_revision=revision(files.self_assessment))
    text = files.self_assessment.read_text()
    assert "  Judgement: inconsistent      # agreed with the PCF\n" in text         # the key as the person wrote it
    assert "  strengths: |-\n    Hubs.\n    And panels.\n" in text
    assert "  areas_for_development: |\n    Post-16 transitions.\n    Waiting times for therapies.\n" in text
    assert "  board_rag: green         # our own column, kept\n" in text
    assert text.startswith("# Self-assessment, Alpha partnership.")


def test_load_and_save_without_changes_gives_byte_identical_files(tmp_path):
    """CSV with CRLF line endings, a byte-order mark, quoting, extra columns and a blank line; YAML with
    comments, a key written its own way and an extra key: saving what was loaded writes the same bytes
    (and no audit entry: nothing happened)."""
    text = csv_text(EVIDENCE_HEADER + ["RAG moderation"], [evidence_row(title="Café review, \"draft\"") + ["done"],
                                                           evidence_row("EV-2", annex="A-2", criteria="C-2") + [""]])
    root = build_workspace(tmp_path / "a", self_assessment=COMMENTED)
    files = CouncilFiles(root, "alpha")
    raw = ("\ufeff" + text.replace("\n", "\r\n") + "\r\n").encode("utf-8")
    files.evidence.write_bytes(raw)
    sa = files.self_assessment.read_bytes()
    data, problems = Workspace(root).load("alpha", TODAY)
    assert data is not None, [str(p) for p in problems.errors]
    item = data.evidence[0]
    save_records(files, "evidence", {(item.id,): {"title": item.title, "status": item.status, "notes": item.notes}},
                 who="a", expected_revision=data.revisions["evidence"])
    c1 = data.assessments["C-1"]
    save_assessment(files, Catalogues(root).get("mini"), "C-1",
                    {"judgement": c1.judgement, "confidence": c1.confidence, "strengths": c1.strengths,
                     "evidence": list(c1.evidence)}, who="a", expected_revision=data.revisions["self_assessment"])
    assert files.evidence.read_bytes() == raw
    assert files.self_assessment.read_bytes() == sa
    assert not files.audit_log.exists()
    # a change to one record rewrites that record only, in the file's own line endings and encoding
    save_records(files, "evidence", {("EV-2",): {"notes": "moderated"}}, who="a",
                 expected_revision=revision(files.evidence))
    assert files.evidence.read_bytes().split(b"\r\n")[:2] == raw.split(b"\r\n")[:2]
    assert files.evidence.read_bytes().split(b"\r\n")[2].endswith(b",moderated,")
    assert files.evidence.read_bytes().endswith(b"\r\n\r\n") and files.evidence.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_windows_1252_file_is_saved_back_in_windows_1252_and_a_change_touches_one_record(tmp_path):
    text = csv_text(EVIDENCE_HEADER, [evidence_row(title="Café provision £2k"), evidence_row("EV-2", annex="A-2",
                                                                                              criteria="C-2")])
    root = build_workspace(tmp_path / "a")
    files = CouncilFiles(root, "alpha")
    files.evidence.write_bytes(text.encode("cp1252"))
    save_records(files, "evidence", {("EV-2",): {"notes": "naïve"}}, who="a", expected_revision=revision(files.evidence))
    saved = files.evidence.read_bytes()
    assert saved.decode("cp1252").splitlines()[1] == text.splitlines()[1]
    assert saved.decode("cp1252").splitlines()[2].endswith(",naïve")


def test_a_save_with_a_new_column_keeps_every_other_cell(tmp_path):
    root = build_workspace(tmp_path / "a")
    files = CouncilFiles(root, "alpha")
    header = ["id", "title", "annex_a", "criteria", "status", "strength", "owner", "last_reviewed"]
    files.evidence.write_text(csv_text(header, [evidence_row()[:8], evidence_row("EV-2", annex="A-2")[:8]]))
    save_records(files, "evidence", {("EV-2",): {"notes": "checked"}}, who="a",
                 expected_revision=revision(files.evidence))
    lines = files.evidence.read_text().splitlines()
    assert lines[0].endswith(",last_reviewed,notes") and lines[1].endswith(",2025-09-01,")
    assert lines[2].endswith(",checked")
    data, problems = Workspace(root).load("alpha", TODAY)
    assert data is not None and data.evidence[1].notes == "checked"


def test_a_stale_revision_is_refused_and_nothing_is_written(tmp_path):
    root = build_workspace(tmp_path / "a")
    files = CouncilFiles(root, "alpha")
    old = revision(files.evidence)
    save_records(files, "evidence", {("EV-1",): {"notes": "first"}}, who="a", expected_revision=old)
    before = files.evidence.read_bytes()
    with pytest.raises(ConflictError) as exc:
        save_records(files, "evidence", {("EV-1",): {"notes": "second"}}, who="b", expected_revision=old)
    assert "was changed by someone else since you opened it; nothing was saved" in str(exc.value)
    assert files.evidence.read_bytes() == before
    with pytest.raises(InputError, match="not in the file .*EV-9"):
        save_records(files, "evidence", {("EV-9",): {"notes": "x"}}, who="b", expected_revision=revision(files.evidence))
    assert files.evidence.read_bytes() == before


def test_the_model_carries_each_files_revision_as_read(tmp_path):
    root = build_workspace(tmp_path / "a")
    data, _ = Workspace(root).load("alpha", TODAY)
    files = CouncilFiles(root, "alpha")
    assert data is not None
    assert data.revisions == {kind: revision(files.path(kind)) for kind in
                              ("parameters", "evidence", "kpis", "actions", "self_assessment")}


# -- a misspelt key never changes the outcome silently ----------------------------------------

def test_a_key_differing_only_in_case_spaces_or_underscores_is_read_as_that_key(tmp_path):
    root = build_workspace(tmp_path / "a", self_assessment="C-1:\n  Judgement: positive\n  Evidence: [EV-1]\n"
                                                           "  Updated By: Head of SEND\n  confidence: HIGH\n",
                           extra_params="la-code: ''\n")
    (root / "parameters" / "alpha.yaml").write_text("Council: alpha\nName: Alpha\nFramework: mini\nAs-Of: 2025-10-31\n")
    data, problems = Workspace(root).load("alpha", TODAY)
    assert data is not None, [str(p) for p in problems.items]
    assert data.assessments["C-1"].judgement == "positive" and data.assessments["C-1"].evidence == ("EV-1",)
    assert data.params.as_of == dt.date(2025, 10, 31)
    assert not [p for p in problems.items if p.code in ("name-near-miss", "name-unread")]


def test_a_near_miss_key_is_an_error_naming_what_was_meant(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", self_assessment="C-1:\n  judgment: positive\n  evidence: [EV-1]\n")
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    assert ("sef/alpha/self-assessment.yaml:2:3: error: key 'judgment' is not a key sefkit reads; did you mean "
            "'judgement'? Rename it, or the judgement would be left out [name-near-miss]") in capsys.readouterr().out
    assert main(["score", "--workspace", str(root), "--all"]) == 1     # never a scorecard without the over-claim check


def test_a_near_miss_kpi_id_is_an_error_and_a_forgiving_spelling_is_read(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", kpis=[["timelyy", "2024-12-31", "48", "", "46.4", "", ""],
                                                 ["LONGEST-WAIT (Weeks)", "2024-12-31", "12", "", "", "", "10"]])
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    out = capsys.readouterr().out
    assert ("kpis.csv:2:1: error: indicator 'timelyy' is not in framework 'mini'; did you mean 'timely'? As written it "
            "would be left out of the scorecard [unknown-kpi]") in out
    assert "LONGEST-WAIT" not in out        # its title, written another way: read as the KPI 'wait'
    root = build_workspace(tmp_path / "b", kpis=[["Sensory stay and play attendance", "2024-11-30", "28", "", "", "",
                                                  ""]])
    assert main(["validate", "--workspace", str(root), "--all"]) == 0     # an indicator of the council's own: kept
    assert "it is kept but not scored" in capsys.readouterr().out


def test_a_misspelt_column_is_an_error_and_one_beside_the_real_column_a_warning(tmp_path, capsys):
    from builders import KPI_HEADER

    header = ["england" if h == "national" else h for h in KPI_HEADER]
    root = build_workspace(tmp_path / "a")
    (root / "evidence/alpha/kpis.csv").write_text(csv_text(header, [["timely", "2024-12-31", "48", "", "46.4"]]))
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    assert ("kpis.csv:1:5: error: column 'england' is not a column sefkit reads; did you mean 'national'?"
            in capsys.readouterr().out)
    (root / "evidence/alpha/kpis.csv").write_text(csv_text(KPI_HEADER + ["England"],
                                                           [["timely", "2024-12-31", "48", "", "46.4", "", "", "46"]]))
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    assert "column 'England' is not read by sefkit (kept as an extra column); it looks like 'national', which is " \
           "column 5" in capsys.readouterr().out


# -- readiness history wherever reports were written ------------------------------------------

def test_readiness_snapshots_are_kept_with_the_workspace_and_the_report_says_where_from(tmp_path):
    from sefkit.present.report import history, load_context
    from sefkit.workspace.snapshots import snapshot_row
    from sefkit.workspace.write import record_snapshot

    root = build_workspace(tmp_path / "a")
    files = CouncilFiles(root, "alpha")
    first = load_context("alpha", root, "2025-06-30", today=TODAY)
    assert "No earlier snapshot" in history(first)[1].text
    record_snapshot(files, snapshot_row(first.card.to_dict()), who="sef report")
    record_snapshot(files, snapshot_row(first.card.to_dict()), who="sef report")     # the same date: replaced
    later = load_context("alpha", root, "2025-10-31", today=TODAY)
    assert list(later.history["As of"]) == ["2025-06-30", "2025-10-31"]
    assert history(later)[1].text == "Earlier readiness comes from sef/alpha/snapshots.csv (1 snapshot)."
    # reports written elsewhere before snapshots existed are found too, and named
    old = tmp_path / "elsewhere" / "alpha" / "2025-03-31"
    old.mkdir(parents=True)
    card = first.card.to_dict() | {"as_of": "2025-03-31"}
    (old / "scorecard.json").write_text(json.dumps(card))
    later = load_context("alpha", root, "2025-10-31", today=TODAY, reports=tmp_path / "elsewhere")
    assert list(later.history["As of"]) == ["2025-03-31", "2025-06-30", "2025-10-31"]
    assert "sef/alpha/snapshots.csv (1 snapshot) and" in history(later)[1].text
    assert "elsewhere/alpha (1 snapshot)" in history(later)[1].text


def test_every_problem_has_a_stable_code_documented(tmp_path):
    from sefkit.problems import CODES

    documented = set(re.findall(r"^\| `([a-z-]+)` \|", (ROOT / "docs" / "problem-codes.md").read_text(), re.M))
    assert documented == set(CODES)
    problems = Problems()
    assert load_yaml(tmp_path / "missing.yaml", "missing.yaml", problems) is None
    assert str(problems.items[0]).endswith("[file-unreadable]")


def test_a_form_checks_one_record_exactly_as_validate_checks_the_file(tmp_path, capsys):
    """The per-record checks: what a form shows for a record is what `sef validate` says of the same row."""
    from sefkit.workspace.cells import Cells
    from sefkit.workspace.evidence import check_evidence
    from sefkit.workspace.specs import EVIDENCE

    bad = dict(zip(EVIDENCE_HEADER, map(str, evidence_row("EV-3", status="Finished-ish", strength=4,
                                                          owner="Jane Smith", reviewed="31/02/2025"))))
    root = build_workspace(tmp_path / "a")
    ws = Workspace(root)
    data, _ = ws.load("alpha", TODAY)
    assert data is not None
    problems = Problems()
    item = check_evidence(Cells.of_form("evidence/alpha/evidence.csv", bad, EVIDENCE.names, problems),
                          ws.context(data, TODAY))
    assert item is None
    form = {(p.column, p.severity, p.code, p.message) for p in problems.items}
    assert {code for _, _, code, _ in form} == {"unknown-word", "out-of-range", "personal-data", "not-a-date"}

    files = CouncilFiles(root, "alpha")
    files.evidence.write_text(files.evidence.read_text() + csv_text([], [list(bad.values())]).lstrip("\n"))
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    validate = {(p.column, p.severity, p.code, p.message) for p in ws.load("alpha", TODAY)[1].items
                if p.line == 4}
    assert validate == form
    good = dict(bad, status="Complete", strength="2", owner="Head of SEND", last_reviewed="2025-09-01")
    problems = Problems()
    item = check_evidence(Cells.of_form("evidence/alpha/evidence.csv", good, EVIDENCE.names, problems),
                          ws.context(data, TODAY))
    assert item is not None and item.status == "complete" and not problems.items


def test_a_value_a_spreadsheet_would_run_as_a_formula_is_saved_neutralised_and_read_back_as_typed(tmp_path):
    root = build_workspace(tmp_path / "a")
    files = CouncilFiles(root, "alpha")
    typed = '=HYPERLINK("http://evil.example","click")'
    save_records(files, "evidence", {("EV-1",): {"notes": typed}}, who="a", expected_revision=revision(files.evidence))
    assert "'=HYPERLINK(" in files.evidence.read_text()          # Excel shows it as text, never runs it
    data, _ = Workspace(root).load("alpha", TODAY)
    assert data is not None and data.evidence[0].notes == typed
    before = files.evidence.read_bytes()
    save_records(files, "evidence", {("EV-1",): {"notes": typed}}, who="a", expected_revision=revision(files.evidence))
    assert files.evidence.read_bytes() == before                   # the same value again: nothing to save


def test_a_utf8_file_with_one_stray_windows_1252_byte_is_an_error_naming_its_line_not_mojibake(tmp_path, capsys):
    text = csv_text(EVIDENCE_HEADER, [evidence_row(title="Café naïve – survey"),
                                      evidence_row("EV-2", annex="A-2", criteria="C-2", title="Short breaks")])
    raw = text.encode("utf-8").replace(b"Short breaks", b"Short breaks \x96 draft")
    root = build_workspace(tmp_path / "a")
    (root / "evidence/alpha/evidence.csv").write_bytes(raw)
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    out = capsys.readouterr().out
    assert "evidence/alpha/evidence.csv:3:19: error: byte 0x96 is not UTF-8, but the rest of the file is" in out
    assert "CafÃ©" not in out
