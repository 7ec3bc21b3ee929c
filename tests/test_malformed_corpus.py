"""A corpus of broken workspaces: each gets a clear `file:line:column` message.

Every case starts from a valid workspace built in code, breaks one thing the way
users do, runs `sef validate`, and checks the exact file, line and message, that
the exit code is 1, that no traceback is printed and that no input file changed.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from builders import (ACTION_HEADER, EVIDENCE_HEADER, KPI_HEADER, build_workspace, csv_text, evidence_row)
from sefkit.cli import main

EV = "evidence/alpha/evidence.csv"
KP = "evidence/alpha/kpis.csv"
AC = "evidence/alpha/actions.csv"
SA = "sef/alpha/self-assessment.yaml"
PA = "parameters/alpha.yaml"


def write(root: Path, rel: str, content: str | bytes) -> None:
    path = root / rel
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def ev_csv(*rows) -> str:
    return csv_text(EVIDENCE_HEADER, [evidence_row(), *rows])


def big_file(root: Path) -> None:
    line = ",".join(map(str, evidence_row())).encode() + b"\n"
    with open(root / EV, "wb") as handle:
        handle.write(",".join(EVIDENCE_HEADER).encode() + b"\n")
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))


CASES = [
    # name, breaker(root), file, line, message fragment
    ("empty evidence file", lambda r: write(r, EV, ""), EV, 1, "file is empty"),
    ("whitespace-only file", lambda r: write(r, EV, "\n  \n"), EV, 1, "file is empty"),
    ("missing status column", lambda r: write(r, EV, "id,title,annex_a,criteria,strength,owner,last_reviewed\n"
                                                     "EV-1,SEF,A-1,C-1,3,Head of SEND,2025-09-01\n"),
     EV, 1, "missing column 'status'"),
    ("broken quoting", lambda r: write(r, EV, ev_csv() + 'EV-9,"Unclosed title,A-1,C-1,complete,2,Head of SEND,'
                                                         '2025-09-01,,\n'), EV, 3, "broken quoting"),
    ("binary junk", lambda r: write(r, EV, b"id,title\n\x00\x01\x02\xff\xfe junk"), EV, 2, "binary data"),
    ("UTF-16 file", lambda r: write(r, EV, ev_csv().encode("utf-16")), EV, 1, "UTF-16"),
    ("xlsx renamed to csv", lambda r: write(r, EV, b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 100), EV, 1,
     "zip archive"),
    ("50 MB file", big_file, EV, 1, "larger than the 25 MB limit"),
    ("semicolon separated", lambda r: write(r, EV, ev_csv().replace(",", ";")), EV, 1, "separated by ';'"),
    ("duplicate header", lambda r: write(r, EV, ev_csv().replace("location,notes", "location,title", 1)), EV, 1,
     "column 'title' appears twice in the header"),
    ("duplicate evidence id", lambda r: write(r, EV, ev_csv(evidence_row("EV-1", "Another"))), EV, 3,
     "evidence id 'EV-1' is used twice (first on line 2)"),
    ("unknown status word", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", status="Finished-ish"))), EV, 3,
     "'Finished-ish' is not a readiness status"),
    ("strength out of range", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", strength=5))), EV, 3,
     "strength is '5'; it must be a whole number 0-3"),
    ("strength as a word", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", strength="high"))), EV, 3,
     "strength is 'high'"),
    ("impossible date", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", reviewed="2025-02-30"))), EV, 3,
     "'last_reviewed' is '2025-02-30', not a date"),
    ("review date in the future", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", reviewed="2099-01-01"))),
     EV, 3, "last_reviewed 2099-01-01 is in the future"),
    ("unknown Annex A id", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", annex="A-9"))), EV, 3,
     "'A-9' is not an Annex A item of framework 'mini'"),
    ("unknown criterion", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", criteria="C-1;C-9"))), EV, 3,
     "'C-9' is not a criterion of framework 'mini'"),
    ("no annex and no criteria", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", annex="", criteria=""))),
     EV, 3, "must name an Annex A item"),
    ("empty title", lambda r: write(r, EV, ev_csv(evidence_row("EV-2", title=""))), EV, 3, "'title' is empty"),
    ("unquoted comma makes extra cell", lambda r: write(r, EV, ev_csv() + "EV-2,Plan, draft,A-1,C-1,complete,2,"
                                                                     "Head of SEND,2025-09-01,,\n"), EV, 3,
     "row has 11 cells but the header has 10"),
    ("row with too few cells", lambda r: write(r, EV, ev_csv() + "EV-2,Plan,A-1,C-1\n"), EV, 3,
     "row has 4 cells but the header has 10"),
    ("error after a multi-line cell keeps the right line",
     lambda r: write(r, EV, ev_csv(evidence_row("EV-2", notes="line one\nline two\nline three"),
                                   evidence_row("EV-3", strength=9))), EV, 6, "strength is '9'"),
    ("kpi value not a number", lambda r: write(r, KP, csv_text(KPI_HEADER, [["timely", "2024-12-31", "twelve"]])),
     KP, 2, "'value' is 'twelve', not a number"),
    ("kpi percentage over 100", lambda r: write(r, KP, csv_text(KPI_HEADER, [["timely", "2024-12-31", "140"]])),
     KP, 2, "value 140 is outside 0-100"),
    ("kpi duplicate period", lambda r: write(r, KP, csv_text(KPI_HEADER, [["timely", "2024-12-31", "40"],
                                                                          ["Timely", "2024-12-31", "41"]])),
     KP, 3, "is used twice (first on line 2)"),
    ("kpi period start after end", lambda r: write(r, KP, csv_text(KPI_HEADER, [["timely", "2024-12-31", "40",
                                                                                 "2025-01-01"]])),
     KP, 2, "period_start 2025-01-01 is after period_end 2024-12-31"),
    ("kpi missing value column", lambda r: write(r, KP, "indicator,period_end\ntimely,2024-12-31\n"), KP, 1,
     "missing column 'value'"),
    ("action stored as overdue", lambda r: write(r, AC, csv_text(ACTION_HEADER, [["A1", "Do it", "C-1", "Head of SEND",
                                                                                  "2025-01-01", "Overdue", "", ""]])),
     AC, 2, "overdue is worked out from the due date"),
    ("unknown action status", lambda r: write(r, AC, csv_text(ACTION_HEADER, [["A1", "Do it", "C-1", "Head of SEND",
                                                                               "2025-01-01", "Parked", "", ""]])),
     AC, 2, "'Parked' is not a action status"),
    ("duplicate action ref", lambda r: write(r, AC, csv_text(ACTION_HEADER, [
        ["A1", "Do it", "C-1", "Head of SEND", "", "in_progress", "", ""],
        ["A1", "Do it again", "C-1", "Head of SEND", "", "in_progress", "", ""]])), AC, 3,
     "action ref 'A1' is used twice"),
    ("action due date not a date", lambda r: write(r, AC, csv_text(ACTION_HEADER, [
        ["A1", "Do it", "C-1", "Head of SEND", "next spring", "in_progress", "", ""]])), AC, 2,
     "'due' is 'next spring', not a date"),
    ("self-assessment bad YAML", lambda r: write(r, SA, "C-1:\n  judgement: positive\n    confidence: high\n"),
     SA, 3, "not valid YAML"),
    ("self-assessment unknown criterion", lambda r: write(r, SA, "C-1:\n  judgement: positive\n"
                                                                 "X-7:\n  judgement: positive\n"), SA, 3,
     "'X-7' is not a criterion of framework 'mini'"),
    ("self-assessment judgement off the scale", lambda r: write(r, SA, "C-1:\n  judgement: excellent\n"), SA, 2,
     "judgement 'excellent' is not on the scale"),
    ("self-assessment evidence id not in library", lambda r: write(r, SA, "C-1:\n  judgement: positive\n"
                                                                          "  evidence: [EV-1, EV-404]\n"), SA, 3,
     "evidence id 'EV-404' is not in the evidence library"),
    ("self-assessment duplicate criterion", lambda r: write(r, SA, "C-1:\n  judgement: positive\n"
                                                                   "C-1:\n  judgement: inconsistent\n"), SA, 3,
     "key 'C-1' appears twice (first on line 1)"),
    ("self-assessment is a list", lambda r: write(r, SA, "- C-1\n- C-2\n"), SA, 1,
     "expected a mapping from criterion id"),
    ("self-assessment updated in the future", lambda r: write(r, SA, "C-1:\n  judgement: positive\n"
                                                                     "  updated_at: 2099-05-01\n"), SA, 3,
     "updated_at 2099-05-01 is in the future"),
    ("parameters council mismatch", lambda r: write(r, PA, "council: beta\nname: A\nframework: mini\n"), PA, 1,
     "council is 'beta' but the file is named 'alpha.yaml'"),
    ("parameters unknown framework", lambda r: write(r, PA, "council: alpha\nname: A\nframework: ofsted-2019\n"),
     PA, 3, "framework 'ofsted-2019' is not a known catalogue"),
    ("parameters bad as_of", lambda r: write(r, PA, "council: alpha\nname: A\nframework: mini\nas_of: soon\n"),
     PA, 4, "as_of is 'soon', not a date"),
    ("parameters impossible as_of", lambda r: write(r, PA, "council: alpha\nname: A\nframework: mini\n"
                                                           "as_of: 2025-02-30\n"),
     PA, 4, "'2025-02-30' is not a real date"),
    ("self-assessment impossible updated_at", lambda r: write(r, SA, "C-1:\n  judgement: positive\n"
                                                                     "  updated_at: 2025-09-31\n"),
     SA, 3, "'2025-09-31' is not a real date"),
    ("parameters missing name", lambda r: write(r, PA, "council: alpha\nframework: mini\n"), PA, 1,
     "'name' is required"),
    ("missing evidence file", lambda r: (r / EV).unlink(), EV, 1, "file is missing"),
    ("broken workspace catalogue", lambda r: write(r, "sef/frameworks/mini.yaml",
                                                   (r / "sef/frameworks/mini.yaml").read_text()
                                                   .replace("id: C-2", "id: C-1")),
     None, 13, "criteria id 'C-1' is used twice (first on line 12)"),
]


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


@pytest.mark.parametrize("name,breaker,path,line,fragment", CASES, ids=[c[0] for c in CASES])
def test_malformed_input_gets_a_clear_message(tmp_path, capsys, name, breaker, path, line, fragment):
    root = build_workspace(tmp_path / "ws")
    breaker(root)
    before = snapshot(root)
    code = main(["validate", "--workspace", str(root), "--council", "alpha"])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Traceback" not in out + err
    errors = [ln for ln in out.splitlines() if ": error: " in ln]
    expected_path = path or str(root / "sef/frameworks/mini.yaml")
    matching = [ln for ln in errors if ln.startswith(f"{expected_path}:{line}:") and fragment in ln]
    assert matching, f"expected {expected_path}:{line}: ... {fragment!r}; got:\n" + "\n".join(errors)
    assert snapshot(root) == before, "validate must never modify an input file"


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("breaker_name", ["binary junk", "broken quoting", "self-assessment bad YAML"])
def test_no_traceback_from_the_real_command(tmp_path, breaker_name):
    """The installed `sef` console script, as a user runs it."""
    root = build_workspace(tmp_path / "ws")
    case = next(c for c in CASES if c[0] == breaker_name)
    case[1](root)
    sef = Path(sys.executable).with_name("sef")
    proc = subprocess.run([str(sef), "validate", "--all", "--workspace", str(root)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{case[2]}:{case[3]}:" in proc.stdout
