"""Reading real-world files (Excel encodings, BOMs, UK dates) and saving without loss."""

from __future__ import annotations

import datetime as dt

import pytest
from ruamel.yaml import YAML

from builders import EVIDENCE_HEADER, build_workspace, csv_text, evidence_row
from sefkit.cli import main
from sefkit.framework import Catalogues
from sefkit.store import revision
from sefkit.workspace import CouncilFiles, Workspace
from sefkit.workspace.write import save_assessment, save_records


def safe_load(text: str):
    return YAML(typ="safe", pure=True).load(text)

TODAY = dt.date(2026, 1, 15)


def load(root):
    ws = Workspace(root)
    data, problems = ws.load("alpha", TODAY)
    return data, problems


def test_utf8_bom_and_excel_windows_1252_are_read(tmp_path):
    text = csv_text(EVIDENCE_HEADER + ["Reviewer comment"],
                    [evidence_row(title="Café provision review £2k", notes="naïve") + ["ok"]])
    root = build_workspace(tmp_path / "a", evidence_text="\ufeff" + text)
    data, problems = load(root)
    assert data is not None, [str(p) for p in problems.errors]
    assert data.evidence[0].title == "Café provision review £2k"
    assert data.evidence[0].extra == (("Reviewer comment", "ok"),)

    root = build_workspace(tmp_path / "b")
    (root / "evidence/alpha/evidence.csv").write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    data, problems = load(root)
    assert data is not None
    assert data.evidence[0].title == "Café provision review £2k"
    assert data.evidence[0].notes == "naïve"


def test_headers_and_status_words_are_forgiving(tmp_path):
    header = ["ID", "Title", "Annex A", "Criteria", "Status", "Strength", "Owner", "Last Reviewed"]
    rows = [["EV-1", "SEF", "Self-evaluation", "c-1; L-1", "Work Underway but not complete", "2", "Head of SEND",
             "01/09/2025"]]
    root = build_workspace(tmp_path / "a", evidence_text=csv_text(header, rows),
                           self_assessment="C-1:\n  judgement: Typically Positive\n  evidence: [EV-1]\n")
    data, problems = load(root)
    assert data is not None, [str(p) for p in problems.errors]
    item = data.evidence[0]
    assert (item.annex_a, item.criteria, item.status, item.last_reviewed) == (
        "A-1", ("C-1", "L-1"), "in_progress", dt.date(2025, 9, 1))
    assert data.assessments["C-1"].judgement == "positive"


def test_stale_evidence_is_a_warning_not_an_error(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", evidence=[evidence_row(reviewed="2024-01-05")])
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    out = capsys.readouterr().out
    assert "evidence/alpha/evidence.csv:2:8: warning: evidence is stale: last reviewed 2024-01-05" in out


def test_person_names_as_owners_are_flagged(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", evidence=[evidence_row(owner="Jane Smith"),
                                                     evidence_row("EV-2", owner="jane.smith@council.gov.uk")])
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    out = capsys.readouterr().out
    assert "evidence.csv:2:7: warning: 'owner' looks like a person's name" in out
    assert "evidence.csv:3:7: warning: 'owner' looks like an email address" in out


def test_unknown_kpi_is_kept_with_a_warning_and_not_scored(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", kpis=[["Sensory stay and play attendance", "2024-11-30", "28"]])
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    assert "is not in framework 'mini'" in capsys.readouterr().out
    data, _ = load(root)
    assert data.kpis[0].indicator == "Sensory stay and play attendance" and not data.kpis[0].known


def test_saving_keeps_extra_columns_rows_and_order(tmp_path):
    text = csv_text(EVIDENCE_HEADER + ["RAG moderation", "Board date"],
                    [evidence_row("EV-1") + ["done", "2025-09-12"],
                     evidence_row("EV-2", annex="A-2", criteria="C-2") + ["", "2025-10-01"]])
    root = build_workspace(tmp_path / "a", evidence_text=text)
    files = CouncilFiles(root, "alpha")
    save_records(files, "evidence", {("EV-2",): {"status": "complete", "strength": "2"}}, who="Head of SEND",
                 expected_revision=revision(files.evidence))
    data, problems = load(root)
    assert data is not None
    assert [e.id for e in data.evidence] == ["EV-1", "EV-2"]
    assert data.evidence[1].status == "complete"
    assert data.evidence[0].extra == (("RAG moderation", "done"), ("Board date", "2025-09-12"))
    assert files.audit_log.read_text().count("Head of SEND") == 1


def test_self_assessment_save_keeps_other_criteria_and_unknown_keys(tmp_path):
    sa = "C-1:\n  judgement: positive\n  evidence: [EV-1]\n  board_rag: green\nC-2:\n  judgement: inconsistent\n"
    root = build_workspace(tmp_path / "a", self_assessment=sa)
    files = CouncilFiles(root, "alpha")
    save_assessment(files, Catalogues(root).get("mini"), "C-1", {"judgement": "inconsistent"},
                    who="Head of SEND", expected_revision=revision(files.self_assessment))
    saved = safe_load(files.self_assessment.read_text())
    assert saved["C-1"]["judgement"] == "inconsistent" and saved["C-1"]["board_rag"] == "green"
    assert saved["C-2"] == {"judgement": "inconsistent"}
    data, _ = Workspace(root).load("alpha", dt.date.today())     # saved now: today, not the tests' TODAY
    assert data.assessments["C-1"].extra == (("board_rag", "green"),)


def test_init_creates_a_valid_empty_workspace_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "my-council"
    assert main(["init", str(target), "--council", "riverside", "--name", "Riverside LAP",
                 "--as-of", "2025-11-01"]) == 0
    capsys.readouterr()
    assert main(["validate", "--workspace", str(target), "--all"]) == 0
    sheet = (target / "sef/riverside/framework-ids.md").read_text()
    assert "IMP-1" in sheet and "ANX-27" in sheet and "ehcp_20wk" in sheet
    sa = safe_load((target / "sef/riverside/self-assessment.yaml").read_text())
    assert all(v["judgement"] == "not_assessed" for v in sa.values()) and "LEAD-6" in sa
    assert main(["score", "--workspace", str(target), "--all", "--json"]) == 0
    capsys.readouterr()
    before = (target / "parameters/riverside.yaml").read_bytes()
    assert main(["init", str(target), "--council", "riverside", "--name", "Other"]) == 1
    assert "already exists" in capsys.readouterr().out
    assert (target / "parameters/riverside.yaml").read_bytes() == before


def test_unknown_council_and_bad_arguments(tmp_path, capsys):
    root = build_workspace(tmp_path / "a")
    assert main(["validate", "--workspace", str(root), "--council", "nowhere"]) == 1
    assert "unknown council 'nowhere'" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["score", "--workspace", str(root), "--all", "--as-of", "31/10/2025"])
    assert exc.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_one_criterion_written_twice_is_an_error_not_a_silent_overwrite(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", self_assessment="C-1:\n  judgement: positive\n"
                                                           "c 1:\n  judgement: significant concerns\n")
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    assert ("sef/alpha/self-assessment.yaml:3:1: error: 'c 1' is C-1 again (first as 'C-1' on line 1); "
            "keep one entry per criterion") in capsys.readouterr().out


def test_a_decimal_comma_is_not_read_as_a_thousands_separator(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", kpis=[["timely", "2024-12-31", "15,5"], ["timely", "2023-12-31", "1,234"]])
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    out = capsys.readouterr().out
    assert "kpis.csv:2:3: error:" in out and "15,5" in out
    assert "kpis.csv:3:3: error: value 1234 is outside 0-100" in out    # a thousands separator is still one


def test_an_unreadable_evidence_file_is_reported_once_not_again_for_every_link_to_it(tmp_path, capsys):
    """Excel's trailing empty columns make the header unreadable; each self-assessment link to an
    evidence id must not add an error of its own ("EV-1 is not in the evidence library")."""
    root = build_workspace(tmp_path / "a")
    path = root / "evidence/alpha/evidence.csv"
    path.write_text("".join(line + ",,\n" for line in path.read_text().splitlines()))
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    out = capsys.readouterr().out
    assert "evidence.csv:1:11: error: column 11 has no name in the header" in out
    assert "is not in the evidence library" not in out


def test_a_councils_scoring_rules_with_a_word_for_a_number_are_refused_by_validate(tmp_path, capsys):
    from pathlib import Path

    root = build_workspace(tmp_path / "a")
    builtin = (Path(__file__).resolve().parents[1] / "sef" / "scoring.yaml").read_text().splitlines()
    line = next(i for i, text in enumerate(builtin) if text.strip().startswith("green_from:"))
    builtin[line] = builtin[line].replace(builtin[line].split(":", 1)[1].split("#")[0].strip(), "'70%'", 1)
    (root / "sef" / "scoring.yaml").write_text("\n".join(builtin) + "\n")
    assert main(["validate", "--workspace", str(root), "--all"]) == 1
    out = capsys.readouterr().out
    assert f"scoring.yaml:{line + 1}:" in out and "'green_from' must be a number, not '70%'" in out
    assert main(["score", "--workspace", str(root), "--all"]) == 1     # a message, not a traceback


@pytest.mark.parametrize("text,message", [
    ("- C-1\n- C-2\n", "self-assessment.yaml:1:1: error: expected a mapping from criterion id"),
    ("C-1: positive\n", "self-assessment.yaml:1:1: error: C-1: expected judgement, confidence, strengths"),
])
def test_saving_into_a_malformed_self_assessment_names_the_problem_and_changes_nothing(tmp_path, text, message):
    from sefkit.problems import InputError

    root = build_workspace(tmp_path / "a", self_assessment=text)
    files = CouncilFiles(root, "alpha")
    path = files.self_assessment
    with pytest.raises(InputError) as exc:
        save_assessment(files, Catalogues(root).get("mini"), "C-1", {"judgement": "inconsistent"},
                        who="Head of SEND", expected_revision=revision(path))
    assert message in str(exc.value)
    assert path.read_text() == text


def test_an_la_code_that_matches_no_authority_is_a_warning(tmp_path, capsys):
    root = build_workspace(tmp_path / "a", extra_params="la_code: 3840\n")
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    out = capsys.readouterr().out
    assert "parameters/alpha.yaml:5:10: warning: la_code: no English local authority matches '3840'" in out
    root = build_workspace(tmp_path / "b", extra_params="la_code: 384\n")
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    assert "la_code" not in capsys.readouterr().out
