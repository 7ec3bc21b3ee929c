"""A corpus of broken workspaces: each gets a clear `file:line:column` message, never a traceback.

Every case starts from a valid workspace built in code and breaks one thing the
way users (and hostile files) do. The first list checks `sef validate`'s exact
message for each. The whole corpus (both lists, well over 100 workspaces) then
runs through `sef validate`, `sef score` and `sef score --json` and checks what
the documentation promises: the exit code (1 for bad input, 2 for a wrong
command line), no traceback, one line per problem with a known code, nothing a
terminal would act on (an escape sequence is shown, not obeyed), JSON that
parses, and every input file byte-identical afterwards. `sef init` and
`sef benchmarks import` get corpora of their own, and `sef report` a few
batches (one workspace holding many odd councils) whose published files are
checked for identifiers with `sefkit.privacy.identifiers_in`.

Cases that need root (a read-only mount, a full disk) mount a tmpfs or a
read-only bind mount and skip where that is not allowed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from builders import ACTION_HEADER, EVIDENCE_HEADER, KPI_HEADER, build_workspace, csv_text, evidence_row

from sefkit.cli import main
from sefkit.problems import CODES, UNSAFE

EV = "evidence/alpha/evidence.csv"
KP = "evidence/alpha/kpis.csv"
AC = "evidence/alpha/actions.csv"
SA = "sef/alpha/self-assessment.yaml"
PA = "parameters/alpha.yaml"
FW = "sef/frameworks/mini.yaml"
SEF = Path(sys.executable).with_name("sef")


def write(root: Path, rel: str, content: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
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
     AC, 2, "'Parked' is not an action status"),
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
    """Every path under `root` and what it is: a regular file's hash, a link's target, a folder, a pipe.
    Never opens anything but regular files (the corpus has pipes, device links and link loops)."""
    out: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            if name.endswith(".lock"):
                continue
            info = path.lstat()
            rel = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                out[rel] = "link to " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = "dir" if stat.S_ISDIR(info.st_mode) else f"mode {stat.S_IFMT(info.st_mode)}"
    return out


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


@pytest.mark.parametrize("breaker_name", ["binary junk", "broken quoting", "self-assessment bad YAML"])
def test_no_traceback_from_the_real_command(tmp_path, breaker_name):
    """The installed `sef` console script, as a user runs it."""
    root = build_workspace(tmp_path / "ws")
    case = next(c for c in CASES if c[0] == breaker_name)
    case[1](root)
    proc = subprocess.run([str(SEF), "validate", "--all", "--workspace", str(root)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{case[2]}:{case[3]}:" in proc.stdout


# --- the wider corpus: every command, every broken workspace ---------------------------------------

@dataclass(frozen=True)
class Case:
    """A workspace broken one way, and what every command must say about it."""

    name: str
    breaker: Callable[[Path], object]
    where: str | None        # "file:line" (or the option, or a file) the error names; {root} is the workspace
    fragment: str = ""       # in the message
    code: str | None = None  # its code
    exit: int = 1            # validate's and score's exit code; 0: odd but valid
    options: tuple[str, ...] = ("--council", "alpha")
    workspace: str = "{root}"
    quick: bool = False      # must be refused in well under a second (hostile files: bombs, deep nesting)


def params(*lines: str) -> Callable[[Path], None]:
    """parameters/alpha.yaml: council, name, framework and as_of (lines 1-4) as given or as usual, then the
    other lines given."""
    given = {ln.split(":", 1)[0]: ln for ln in lines}
    defaults = ("council: alpha", "name: Alpha Partnership", "framework: mini", "as_of: 2025-10-31")
    text = [given.pop(ln.split(":")[0], ln) for ln in defaults] + list(given.values())
    return lambda r: write(r, PA, "\n".join(text) + "\n")


def assessment(text: str) -> Callable[[Path], None]:
    return lambda r: write(r, SA, text)


def evidence(**changes) -> Callable[[Path], None]:
    return lambda r: write(r, EV, ev_csv(evidence_row("EV-2", **changes)))


def kpis(*row: str) -> Callable[[Path], None]:
    return lambda r: write(r, KP, csv_text(KPI_HEADER, [list(row)]))


def actions(*row: str) -> Callable[[Path], None]:
    return lambda r: write(r, AC, csv_text(ACTION_HEADER, [list(row)]))


def replace(rel: str, make: Callable[[Path], object]) -> Callable[[Path], None]:
    """Take the file away and put something else in its place (a folder, a link, a pipe)."""
    def breaker(root: Path) -> None:
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            for child in path.iterdir():
                child.unlink()
            path.rmdir()
        elif os.path.lexists(path):
            path.unlink()
        make(path)
    return breaker


def alias_bomb(last: str = "C-1: *a8\n") -> str:
    """'Billion laughs' in 400 bytes: nine levels of nine aliases, 9^9 values once expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n" + last


def file_for_folder(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    folder.write_text("")


def catalogue_edit(old: str, new: str) -> Callable[[Path], None]:
    return lambda r: write(r, FW, (r / FW).read_text().replace(old, new, 1))


def rename_council(new: str) -> Callable[[Path], None]:
    def breaker(root: Path) -> None:
        (root / PA).rename(root / "parameters" / f"{new}.yaml")
    return breaker


ESC_TITLE = "\x1b]0;pwned\x07\x1b[2J"       # retitles, then clears, the terminal that echoes it
LONG_ID = "a" * 300

MORE = [
    # --- characters no output can carry, and sequences a terminal would obey -------------------------
    Case("escape sequence in a status cell", evidence(status=ESC_TITLE + "complete"), f"{EV}:3",
         "'status' holds U+001B (ESC)", "invalid-character"),
    Case("bell in a title", evidence(title="Plan\x07"), f"{EV}:3", "U+0007 (BEL)", "invalid-character"),
    Case("vertical tab from an Excel export", evidence(notes="one\x0btwo"), f"{EV}:3",
         "replace it with a line break", "invalid-character"),
    Case("C1 control (8-bit CSI) in an owner", evidence(owner="Head of SEND\x9b2J"), f"{EV}:3", "U+009B",
         "invalid-character"),
    Case("DEL in a location", evidence(location="http://x\x7f"), f"{EV}:3", "U+007F (DEL)", "invalid-character"),
    Case("control character in an extra column",
         lambda r: write(r, EV, csv_text(EVIDENCE_HEADER + ["Comment"], [evidence_row() + ["ok\x1b[31m"]])),
         f"{EV}:2", "'Comment' holds U+001B", "invalid-character"),
    Case("control character in a column name",
         lambda r: write(r, EV, csv_text(EVIDENCE_HEADER + ["Note\x1b[2J"], [evidence_row() + [""]])),
         f"{EV}:1", "the name of column 11", "invalid-character"),
    Case("control character on the third line of a multi-line cell",
         evidence(notes="first\nsecond\nthird \x1b[2J"), f"{EV}:5", "'notes' holds U+001B", "invalid-character"),
    Case("Windows-1252 file with an escape byte",
         lambda r: write(r, EV, ev_csv(evidence_row("EV-2", title="Caf\xe9 \x1b")).encode("cp1252")), f"{EV}:3",
         "U+001B", "invalid-character"),
    Case("escape in a KPI indicator", kpis("timely\x1b[2J", "2024-12-31", "40"), f"{KP}:2", "U+001B",
         "invalid-character"),
    Case("control character in an action", actions("A1", "Do it\x01", "C-1", "Head of SEND", "", "in_progress",
                                                   "", ""), f"{AC}:2", "U+0001", "invalid-character"),
    Case("council name with an escape sequence (a YAML escape)", params('name: "Alpha \\e]0;pwned\\a\\e[2J"'),
         f"{PA}:2", "'name' holds U+001B (ESC)", "invalid-character"),
    Case("council name with a lone surrogate", params('name: "Alpha \\ud800"'), f"{PA}:2", "lone surrogate",
         "invalid-character"),
    Case("an emoji written as two surrogate escapes", params('name: "Alpha \\ud83d\\ude00"'), f"{PA}:2",
         "Write the character itself", "invalid-character"),
    Case("NUL in a region", params('region: "York\\0"'), f"{PA}:5", "U+0000 (NUL)", "invalid-character"),
    Case("escape in a self-assessment's strengths",
         assessment('C-1:\n  judgement: positive\n  strengths: "good\\e[2J"\n  evidence: [EV-1]\n'), f"{SA}:3",
         "'strengths' holds U+001B", "invalid-character"),
    Case("escape in a self-assessment key", assessment('"C-1\\e[2J":\n  judgement: positive\n'), f"{SA}:1",
         "key holds U+001B", "invalid-character"),
    Case("lone surrogate in an evidence list", assessment('C-1:\n  judgement: positive\n  evidence: ["EV-1\\udfff"]\n'),
         f"{SA}:3", "lone surrogate", "invalid-character"),
    Case("a raw escape typed into YAML", lambda r: write(r, SA, "C-1:\n  judgement: positive\n  strengths: a\x1bb\n"),
         f"{SA}:3", "control character YAML does not allow", "invalid-character"),
    Case("escape in a workspace catalogue's title",
         catalogue_edit("Needs are identified", '"Needs \\e are identified"'),
         None, "holds U+001B", "invalid-character"),
    Case("right-to-left override in a council name (valid; shown escaped)",
         params('name: "Alpha \\u202eyltsaf\\u202c Partnership \\u2028"'), None, exit=0),
    Case("line separator in an evidence title (valid; shown escaped)", evidence(title="Plan\u2028B\u202e"), None,
         exit=0),
    Case("a status word holding a newline", evidence(status="Finished\nish"), f"{EV}:3", "'Finished\\nish'",
         "unknown-word"),
    # --- dates off the calendar sefkit uses, and numbers no count reaches ---------------------------
    Case("as_of in year 1", params("as_of: 0001-01-01"), f"{PA}:4", "as_of 0001-01-01 is outside the years",
         "out-of-range"),
    Case("as_of in year 9999", params("as_of: 9999-12-31"), f"{PA}:4", "outside the years 1900-2199",
         "out-of-range"),
    Case("as_of in 1899", params("as_of: 1899-12-31"), f"{PA}:4", "outside the years", "out-of-range"),
    Case("as_of quoted in year 1", params("as_of: '0001-01-01'"), f"{PA}:4", "outside the years", "out-of-range"),
    Case("as_of a date-time in year 1 with an offset", params("as_of: 0001-01-01T00:00:00+14:00"), f"{PA}:4",
         "outside the years", "out-of-range"),
    Case("as_of a number", params("as_of: 20251031"), f"{PA}:4", "not a date", "not-a-date"),
    Case("as_of not a number", params("as_of: .nan"), f"{PA}:4", "not a date", "not-a-date"),
    Case("as_of an impossible time", params("as_of: 2025-10-31T25:00:00"), f"{PA}:4", "not a real date",
         "yaml-syntax"),
    Case("evidence reviewed in year 1", evidence(reviewed="0001-01-01"), f"{EV}:3",
         "'last_reviewed' 0001-01-01 is outside the years", "out-of-range"),
    Case("evidence reviewed in year 1, UK style", evidence(reviewed="01/01/0001"), f"{EV}:3", "outside the years",
         "out-of-range"),
    Case("a KPI period ending in year 1", kpis("timely", "0001-12-31", "40"), f"{KP}:2", "outside the years",
         "out-of-range"),
    Case("a KPI period starting in year 1", kpis("timely", "2024-12-31", "40", "0001-01-01"), f"{KP}:2",
         "outside the years", "out-of-range"),
    Case("an action due in 9999 (as 'never')", actions("A1", "Do it", "C-1", "Head of SEND", "9999-12-31",
                                                       "in_progress", "", ""), f"{AC}:2", "Leave it empty",
         "out-of-range"),
    Case("updated_at in year 1", assessment("C-1:\n  judgement: positive\n  evidence: [EV-1]\n"
                                            "  updated_at: 0001-01-01\n"), f"{SA}:4", "outside the years",
         "out-of-range"),
    Case("a KPI value of 1e300", kpis("wait", "2024-12-31", "1e300"), f"{KP}:2", "larger than any figure",
         "out-of-range"),
    Case("a KPI target of -1e308", kpis("wait", "2024-12-31", "3", "", "", "", "-1e308"), f"{KP}:2",
         "larger than any figure", "out-of-range"),
    Case("a KPI value of infinity", kpis("wait", "2024-12-31", "1e999"), f"{KP}:2", "not a number",
         "not-a-number"),
    # --- council ids: from the command line and from file names --------------------------------------
    Case("a 300-character council id", lambda r: None, "--council", "is not a valid council id", "id-invalid",
         options=("--council", LONG_ID)),
    Case("a council id that climbs out of the folder", lambda r: None, "--council", "'../evidence/alpha'",
         "id-invalid", options=("--council", "../evidence/alpha")),
    Case("a council id in capitals", lambda r: None, "--council", "'Alpha'", "id-invalid",
         options=("--council", "Alpha")),
    Case("a reserved council id", lambda r: None, "--council", "'frameworks'", "id-invalid",
         options=("--council", "frameworks")),
    Case("a 70-character council id as a file name", rename_council("b" * 70),
         "parameters/" + "b" * 64 + "....yaml:1", "up to 64", "id-invalid", options=("--all",)),
    Case("a parameters file named like a title", rename_council("Alpha Council"), "parameters/Alpha Council.yaml:1",
         "not a valid council id", "id-invalid", options=("--all",)),
    Case("a parameters file named with an escape sequence", rename_council("\x1b[2J"), "parameters/\\x1b[2J.yaml:1",
         "'\\x1b[2J' is not a valid council id", "id-invalid", options=("--all",)),
    Case("a parameters file name that is not UTF-8", rename_council(os.fsdecode(b"caf\xe9")),
         "parameters/caf\\udce9.yaml:1", "not a valid council id", "id-invalid", options=("--all",)),
    Case("a council that does not exist", lambda r: None, "parameters/beta.yaml:1", "unknown council 'beta'",
         "not-found", options=("--council", "beta")),
    # --- what stands where a file should be ------------------------------------------------------------
    Case("a folder where evidence.csv should be", replace(EV, lambda p: p.mkdir()), f"{EV}:1", "is a folder",
         "file-unreadable"),
    Case("a dangling link as evidence.csv", replace(EV, lambda p: p.symlink_to("gone.csv")), f"{EV}:1",
         "symbolic link to 'gone.csv', which does not exist", "file-missing"),
    Case("a symbolic link loop as evidence.csv", replace(EV, lambda p: p.symlink_to(p.name)), f"{EV}:1",
         "leads back to itself", "file-unreadable"),
    Case("a named pipe as evidence.csv (reading it would hang)", replace(EV, lambda p: os.mkfifo(p)), f"{EV}:1",
         "is a named pipe", "file-unreadable", quick=True),
    Case("a link to /dev/zero as kpis.csv (reading it would never end)",
         replace(KP, lambda p: p.symlink_to("/dev/zero")), f"{KP}:1", "is a device", "file-unreadable", quick=True),
    Case("a file where the council's evidence folder should be", lambda r: file_for_folder(r / "evidence/alpha"),
         f"{EV}:1", "in its path, 'alpha' is a file", "file-unreadable"),
    Case("a folder where the self-assessment should be", replace(SA, lambda p: p.mkdir()), f"{SA}:1",
         "is a folder", "file-unreadable"),
    Case("a dangling link as the self-assessment", replace(SA, lambda p: p.symlink_to("old.yaml")), f"{SA}:1",
         "which does not exist", "file-missing"),
    Case("a folder where the parameters file should be", replace(PA, lambda p: p.mkdir()), f"{PA}:1",
         "is a folder", "file-unreadable"),
    Case("a link loop as the parameters file", replace(PA, lambda p: p.symlink_to(p.name)), f"{PA}:1",
         "leads back to itself", "file-unreadable", options=("--all",)),
    Case("a link to a folder as kpis.csv", replace(KP, lambda p: p.symlink_to(p.parent)), f"{KP}:1",
         "is a folder", "file-unreadable"),
    Case("a link loop among the workspace's catalogues",
         lambda r: (r / "sef/frameworks/loop.yaml").symlink_to("loop.yaml"), "{root}/sef/frameworks/loop.yaml",
         "leads back to itself", "file-unreadable"),
    Case("a link to nothing among the workspace's catalogues",
         lambda r: (r / "sef/frameworks/old.yaml").symlink_to("/nowhere/old.yaml"), "{root}/sef/frameworks/old.yaml",
         "a symbolic link to nothing", "file-unreadable"),
    Case("the workspace given is a file", lambda r: None, "{root}/parameters/alpha.yaml",
         "is a file, not a workspace folder", "not-found", workspace="{root}/parameters/alpha.yaml"),
    Case("the workspace given does not exist", lambda r: None, "{root}/nowhere", "does not exist", "not-found",
         workspace="{root}/nowhere"),
    Case("the workspace given is a link loop", lambda r: (r / "loop").symlink_to("loop"), "{root}/loop",
         "leads back to itself", "file-unreadable", workspace="{root}/loop"),
    Case("a 3 MB self-assessment", assessment("C-1:\n  strengths: |\n" + ("    " + "x" * 100 + "\n") * 30000),
         f"{SA}:1", "larger than the 2 MB limit", "file-too-large", quick=True),
    # --- YAML that asks for unbounded work -----------------------------------------------------------
    Case("alias bomb in the self-assessment", assessment(alias_bomb()), f"{SA}:5", "expand this file to more than",
         "yaml-limit", quick=True),
    Case("alias bomb in the parameters", lambda r: write(r, PA, alias_bomb("council: alpha\n")), f"{PA}:5",
         "expand this file", "yaml-limit", quick=True),
    Case("alias bomb in a workspace catalogue", lambda r: write(r, FW, alias_bomb("id: mini\n")),
         "{root}/" + FW + ":5", "expand this file", "yaml-limit", quick=True),
    Case("alias bomb in the workspace's vocabularies", lambda r: write(r, "sef/vocabularies.yaml", alias_bomb("")),
         None, "expand this file", "yaml-limit", quick=True),
    Case("alias bomb in the workspace's scoring rules", lambda r: write(r, "sef/scoring.yaml", alias_bomb("")),
         None, "expand this file", "yaml-limit", quick=True),
    Case("5,000 nested brackets in the self-assessment", assessment("C-1: " + "[" * 5000 + "]" * 5000 + "\n"),
         f"{SA}:1", "nested more than 50 deep", "yaml-limit", quick=True),
    Case("5,000 nested braces in the parameters", lambda r: write(r, PA, "council: " + "{a: " * 5000 + "}" * 5000),
         f"{PA}:1", "nested more than 50 deep", "yaml-limit", quick=True),
    Case("5,000 nested block lists", assessment("C-1:\n" + "- " * 5000 + "x\n"), f"{SA}:2",
         "nested more than 50 deep", "yaml-limit", quick=True),
    Case("deep nesting in a workspace catalogue", lambda r: write(r, FW, "id: [" + "[" * 3000 + "]" * 3001 + "\n"),
         "{root}/" + FW + ":1", "nested more than 50 deep", "yaml-limit", quick=True),
    Case("an alias to the value it is inside", assessment("C-1: &a\n  judgement: positive\n  x: *a\n"), f"{SA}:3",
         "refers to the value it is inside", "yaml-limit", quick=True),
    Case("30,000 tokens in a self-assessment", assessment("".join(f"K-{i}: [a, b, c, d, e]\n" for i in range(3000))),
         SA, "more than 10,000", "yaml-limit"),
    Case("an undefined alias", params("region: *nowhere"), f"{PA}:5", "undefined alias", "yaml-syntax"),
    Case("a merge key onto a number", lambda r: write(r, PA, "<<: 1\ncouncil: alpha\nname: A\nframework: mini\n"),
         f"{PA}:1", "for merging", "yaml-syntax"),
    Case("a python object tag", params("name: !!python/object:os.system {}"), f"{PA}:2",
         "the tag '!!python/object:os.system' is not used", "yaml-syntax"),
    Case("an int tag on a word", params("as_of: !!int x"), f"{PA}:4", "'!!int'", "yaml-syntax"),
    Case("a binary tag", params("name: !!binary aGVsbG8="), f"{PA}:2", "'!!binary'", "yaml-syntax"),
    Case("an ordered-map tag", params("report: !!omap [{a: 1}, {a: 2}]"), f"{PA}:5", "'!!omap'", "yaml-syntax"),
    Case("a text tag on a list", params("region: !!str [a]"), f"{PA}:5", "does not fit", "yaml-syntax"),
    Case("a second document in the parameters", lambda r: write(r, PA, "council: alpha\nname: A\nframework: mini\n"
                                                                     "---\ncouncil: beta\n"), f"{PA}:4",
         "another document", "yaml-syntax"),
    Case("a tab used for indentation", lambda r: write(r, PA, "council: alpha\nname: A\n\tframework: mini\n"),
         f"{PA}:3", "'\\t'", "yaml-syntax"),
    Case("an anchor defined twice (valid: no warning on stderr)",
         params("region: &r North", "la_code_new: &r E1", "statistical_neighbours: [*r]"), None, exit=0),
    Case("a merge key (valid)", lambda r: write(r, PA, "base: &b {council: alpha, name: A, framework: mini}\n"
                                                      "<<: *b\n"), None, exit=0),
    # --- values of the wrong shape ------------------------------------------------------------------
    Case("a council name that is a list", params("name: [Alpha, Partnership]"), f"{PA}:2",
         "'name' must be text, not a list", "not-text-value"),
    Case("a framework that is a mapping", params("framework: {id: mini}"), f"{PA}:3", "must be text",
         "not-text-value"),
    Case("a council that is a number", params("council: 12"), f"{PA}:1", "council is '12'", "mismatch"),
    Case("parameters that are one word", lambda r: write(r, PA, "alpha\n"), f"{PA}:1", "expected a mapping",
         "yaml-shape"),
    Case("parameters that are only comments", lambda r: write(r, PA, "# nothing yet\n"), f"{PA}:1",
         "expected a mapping", "yaml-shape"),
    Case("statistical neighbours as a mapping", params("statistical_neighbours: {a: 1}"), f"{PA}:5",
         "must be a list", "not-a-list"),
    Case("report settings as a list", params("report: [1]"), f"{PA}:5", "must be a mapping", "yaml-shape"),
    Case("updated_by as a list", assessment("C-1:\n  judgement: positive\n  evidence: [EV-1]\n"
                                            "  updated_by: [Head, of, SEND]\n"), f"{SA}:4", "updated_by must be text",
         "not-text-value"),
    Case("evidence as a mapping", assessment("C-1:\n  judgement: positive\n  evidence: {EV-1: yes}\n"), f"{SA}:3",
         "must be a list", "not-a-list"),
    Case("an entry that is a list", assessment("C-1: [positive]\n"), f"{SA}:1", "expected judgement",
         "yaml-shape"),
    Case("a judgement that is a list", assessment("C-1:\n  judgement: [positive]\n"), f"{SA}:2",
         "is not on the scale", "unknown-word"),
    # --- CSV text ---------------------------------------------------------------------------------
    Case("a NUL byte in the middle of kpis.csv", lambda r: write(r, KP, b"indicator,period_end,value\n"
                                                                       b"timely,2024-12-31,4\x000\n"), f"{KP}:2",
         "binary data", "not-text"),
    Case("a row of 10,000 cells", lambda r: write(r, EV, ev_csv() + ",".join(["x"] * 10000) + "\n"), f"{EV}:3",
         "row has 10000 cells", "row-too-long"),
    Case("a 200 KB cell (valid: read whole, not taken for broken quoting)",
         lambda r: write(r, EV, ev_csv(evidence_row("EV-2", notes="x" * 200_000))), None, exit=0),
    Case("old Mac line endings (valid)", lambda r: write(r, EV, ev_csv().replace("\n", "\r")), None, exit=0),
]

ALL = [Case(name, breaker, f"{path or '{root}/' + FW}:{line}", fragment) for name, breaker, path, line, fragment
       in CASES] + MORE
PROBLEM = re.compile(r"^(?P<where>.+?): (?P<severity>error|warning): .+ \[(?P<code>[a-z-]+)\]$")
SUMMARY = re.compile(r"^\d+ council\(s\) checked: \d+ error\(s\), \d+ warning\(s\)$")


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len(ALL) >= 100
    assert len({c.name for c in ALL}) == len(ALL)


def run(capsys, argv: list[str]) -> tuple[int, str, str, float]:
    """`sef ARGV` in this process: exit code (argparse's SystemExit included), stdout, stderr, seconds."""
    start = time.perf_counter()
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    seconds = time.perf_counter() - start
    out, err = capsys.readouterr()
    return code, out, err, seconds


def assert_clean(out: str, err: str) -> None:
    """No traceback, nothing a terminal would act on, and every problem on one well-formed line."""
    text = out + err
    assert "Traceback" not in text and "Exception ignored" not in text, text[-3000:]
    unsafe = UNSAFE.search(text.replace("\n", ""))
    assert unsafe is None, f"{unsafe.group()!r} printed raw: {text[max(0, unsafe.start() - 80):unsafe.end() + 80]!r}"
    for line in text.splitlines():
        m = PROBLEM.match(line)
        if m:
            assert m["code"] in CODES, line


def problem_lines(out: str) -> list[str]:
    """stdout of a command that found errors: nothing but problems, one per line."""
    lines = out.splitlines()
    bad = [ln for ln in lines if not PROBLEM.match(ln)]
    assert not bad, f"not one problem per line: {bad[:3]}"
    return lines


def matches(case: Case, root: Path, lines: list[str]) -> bool:
    where = case.where.format(root=root) if case.where else None
    for line in lines:
        m = PROBLEM.match(line)
        if m is None or m["severity"] != "error" or case.fragment not in line:
            continue
        if case.code and m["code"] != case.code:
            continue
        if where is None or line.startswith(where + ":"):
            return True
    return False


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_every_command_on_every_broken_workspace(tmp_path, capsys, case):
    root = build_workspace(tmp_path / "ws")
    case.breaker(root)
    before = snapshot(root)
    selection = ["--workspace", case.workspace.format(root=root), *case.options]
    for command in (["validate"], ["score"], ["score", "--json"]):
        code, out, err, seconds = run(capsys, [*command, *selection])
        assert code == case.exit, f"sef {' '.join(command)} exited {code}:\n{out}{err}"
        assert_clean(out, err)
        if case.quick:
            assert seconds < 2, f"took {seconds:.1f} s to refuse"
        if code == 1:
            lines = problem_lines(out)
            assert matches(case, root, lines), (f"sef {command[0]}: expected {case.where}: ... {case.fragment!r} "
                                                f"[{case.code}]; got:\n" + "\n".join(lines))
        elif command == ["score", "--json"]:
            assert json.loads(out)
        if command == ["validate"] and code == 0:
            assert SUMMARY.match(err.strip().splitlines()[-1]), err
    assert snapshot(root) == before, "an input file was changed, created or removed"


@pytest.mark.parametrize("name", ["escape sequence in a status cell", "alias bomb in the self-assessment",
                                  "a named pipe as evidence.csv (reading it would hang)",
                                  "council name with a lone surrogate"])
def test_hostile_workspaces_through_the_real_command(tmp_path, name):
    """The installed console script, as a user runs it: a terminal never sees a raw escape, a bomb is refused
    in well under a second (with the interpreter's start-up), and the exit code is 1."""
    case = next(c for c in MORE if c.name == name)
    root = build_workspace(tmp_path / "ws")
    case.breaker(root)
    for command in (["validate"], ["score", "--json"]):
        start = time.perf_counter()
        proc = subprocess.run([str(SEF), *command, "--workspace", str(root), "--all"], capture_output=True,
                              timeout=60)
        assert time.perf_counter() - start < 10
        out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
        assert proc.returncode == 1, out + err
        assert_clean(out, err)
        assert matches(case, root, problem_lines(out))


def test_score_with_odd_but_valid_text_prints_it_escaped_and_json_that_means_the_same(tmp_path, capsys):
    root = build_workspace(tmp_path / "ws")
    write(root, PA, 'council: alpha\nname: "Alpha \\u202eyltsaf\\u202c \\u2028"\nframework: mini\nas_of: 2025-10-31\n')
    code, out, _, _ = run(capsys, ["score", "--workspace", str(root), "--all"])
    assert code == 0 and "Alpha \\u202eyltsaf\\u202c \\u2028" in out
    code, out, _, _ = run(capsys, ["score", "--workspace", str(root), "--all", "--json"])
    assert code == 0 and "\\u202e" in out
    assert json.loads(out)[0]["name"] == "Alpha \u202eyltsaf\u202c \u2028"


def test_a_full_stdout_is_one_line_and_exit_1(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    root = build_workspace(tmp_path / "ws")
    for command in (["score", "--json"], ["score"]):
        with open("/dev/full", "w") as full:
            proc = subprocess.run([str(SEF), *command, "--workspace", str(root), "--all"], stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=60)
        assert proc.returncode == 1
        assert proc.stderr.strip().splitlines() == ["stdout: error: the disk is full; free some space and run the "
                                                    "command again [write-failed]"]


def test_an_out_of_range_date_on_the_command_line_is_a_wrong_command_line(tmp_path, capsys):
    root = build_workspace(tmp_path / "ws")
    for command in ("validate", "score"):
        code, out, err, _ = run(capsys, [command, "--workspace", str(root), "--all", "--as-of", "0001-01-01"])
        assert code == 2
        assert "argument --as-of: 0001-01-01 is outside the years 1900-2199" in err
        assert_clean(out, err)


# --- read-only and full file systems (root only: they mount one) -----------------------------------

@contextlib.contextmanager
def mounted(target: Path, *how: str, source: str = "tmpfs") -> Iterator[Path]:
    """`target` mounted (`mount ... source target`), unmounted afterwards; skip where mounting is not allowed."""
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *how, source, str(target)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.decode().strip() or 'not permitted'})")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextlib.contextmanager
def read_only_copy(source: Path, target: Path) -> Iterator[Path]:
    """`source` seen read-only at `target` (a bind mount remounted read-only)."""
    with mounted(target, "--bind", source=str(source)):
        done = subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot remount read-only here")
        yield target


def test_validate_and_score_read_a_read_only_workspace(tmp_path, capsys):
    root = build_workspace(tmp_path / "ws")
    with read_only_copy(root, tmp_path / "ro") as ro:
        for command in (["validate"], ["score"], ["score", "--json"]):
            code, out, err, _ = run(capsys, [*command, "--workspace", str(ro), "--all"])
            assert code == 0, out + err
            assert_clean(out, err)
        os.chdir(ro)   # the default workspace is the current folder
        try:
            code, out, err, _ = run(capsys, ["validate", "--all"])
        finally:
            os.chdir(tmp_path)
        assert code == 0, out + err


# --- sef init -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InitCase:
    name: str
    argv: Callable[[Path], list[str]]       # the arguments after `sef init`, given a scratch folder
    where: str                              # the option or path the message names ({tmp}: the scratch folder)
    fragment: str
    exit: int = 1
    setup: Callable[[Path], object] = field(default=lambda tmp: None)


def ws(tmp: Path) -> str:
    return str(tmp / "ws")


def init_into_existing(tmp: Path) -> None:
    assert main(["init", ws(tmp), "--council", "alpha", "--name", "Alpha"]) == 0


INIT = [
    InitCase("the folder is a file", lambda t: [str(t / "f"), "--council", "alpha", "--name", "A"], "{tmp}/f",
             "is a file, not a folder", setup=lambda t: (t / "f").write_text("x")),
    InitCase("the folder is under a file", lambda t: [str(t / "f" / "ws"), "--council", "alpha", "--name", "A"],
             "{tmp}/f/ws", "which is a file, not a folder", setup=lambda t: (t / "f").write_text("x")),
    InitCase("a name with a newline", lambda t: [ws(t), "--council", "alpha", "--name", "Alpha\nbeta: 1"],
             "--name", "holds a line break"),
    InitCase("a name with a carriage return", lambda t: [ws(t), "--council", "alpha", "--name", "Alpha\r"],
             "--name", "holds a line break"),
    InitCase("a name with an escape sequence", lambda t: [ws(t), "--council", "alpha", "--name", ESC_TITLE],
             "--name", "U+001B (ESC)"),
    InitCase("a name that is not UTF-8 (a lone surrogate)",
             lambda t: [ws(t), "--council", "alpha", "--name", os.fsdecode(b"Caf\xe9")], "--name", "lone surrogate"),
    InitCase("an empty name", lambda t: [ws(t), "--council", "alpha", "--name", "  "], "--name", "is empty"),
    InitCase("a 300-character name", lambda t: [ws(t), "--council", "alpha", "--name", "N" * 300], "--name",
             "at most 200"),
    InitCase("a 300-character council id", lambda t: [ws(t), "--council", LONG_ID, "--name", "A"], "--council",
             "up to 64"),
    InitCase("a council id that climbs out", lambda t: [ws(t), "--council", "../x", "--name", "A"], "--council",
             "not a valid council id"),
    InitCase("a reserved council id", lambda t: [ws(t), "--council", "reference", "--name", "A"], "--council",
             "not a valid council id"),
    InitCase("an unknown framework with a newline", lambda t: [ws(t), "--council", "alpha", "--name", "A",
                                                               "--framework", "x\ny"], "--framework",
             "'x\\ny' is not a known catalogue"),
    InitCase("as_of in year 1", lambda t: [ws(t), "--council", "alpha", "--name", "A", "--as-of", "0001-01-01"],
             "argument --as-of", "outside the years", exit=2),
    InitCase("as_of not a date", lambda t: [ws(t), "--council", "alpha", "--name", "A", "--as-of", "2025-02-30"],
             "argument --as-of", "not a date", exit=2),
    InitCase("no council and no name", lambda t: [ws(t)], "sef init", "give --council ID and --name NAME"),
    InitCase("into a workspace that already has the council", lambda t: [ws(t), "--council", "alpha", "--name", "B"],
             "parameters/alpha.yaml:1", "already exists", setup=init_into_existing),
    InitCase("a file where the council's folder would go",
             lambda t: [ws(t), "--council", "alpha", "--name", "A"], "evidence/alpha/evidence.csv:1",
             "in its path, 'alpha' is a file",
             setup=lambda t: ((t / "ws/evidence").mkdir(parents=True), (t / "ws/evidence/alpha").write_text(""))),
    InitCase("a path too long for the file system", lambda t: [str(t / ("d" * 300)), "--council", "alpha",
                                                                "--name", "A"], "{tmp}/ddd", "too long"),
    InitCase("an authority that does not exist", lambda t: [ws(t), "--la", "Atlantis"], "--la", "Atlantis"),
    InitCase("an authority named with an escape sequence", lambda t: [ws(t), "--la", ESC_TITLE], "--la", "\\x1b"),
]


@pytest.mark.parametrize("case", INIT, ids=[c.name for c in INIT])
def test_init_refuses_with_one_line_and_writes_nothing(tmp_path, capsys, case):
    case.setup(tmp_path)
    capsys.readouterr()
    before = snapshot(tmp_path)
    code, out, err, _ = run(capsys, ["init", *case.argv(tmp_path)])
    assert code == case.exit, out + err
    assert_clean(out, err)
    text = out + err
    where = case.where.format(tmp=tmp_path)
    hits = [ln for ln in text.splitlines() if where in ln and case.fragment in ln]
    assert hits, f"expected {where} ... {case.fragment!r}; got:\n{text}"
    if code == 1:
        problem_lines(out)
    assert snapshot(tmp_path) == before, "a refused sef init must leave everything as it was"


def test_init_with_yaml_special_characters_in_the_name_writes_files_that_validate(tmp_path, capsys):
    name = "Alpha: #1 'x' \"y\" - [z] {a} & *b !c %d @e `f` | > Ünïcode"
    code, out, err, _ = run(capsys, ["init", ws(tmp_path), "--council", "alpha", "--name", name])
    assert code == 0, out + err
    code, out, err, _ = run(capsys, ["validate", "--workspace", ws(tmp_path), "--all"])
    assert code == 0, out + err
    code, out, err, _ = run(capsys, ["score", "--workspace", ws(tmp_path), "--all", "--json"])
    assert json.loads(out)[0]["name"] == name


def test_init_on_a_read_only_file_system(tmp_path, capsys):
    (tmp_path / "src").mkdir()
    with read_only_copy(tmp_path / "src", tmp_path / "ro") as ro:
        code, out, err, _ = run(capsys, ["init", str(ro / "ws"), "--council", "alpha", "--name", "A"])
    assert code == 1
    assert_clean(out, err)
    assert problem_lines(out) == [f"{ro}/ws: error: cannot create files here ('{ro}' is on a read-only file "
                                  "system); choose another folder [write-failed]"]


# --- sef benchmarks import ---------------------------------------------------------------------------

EES_HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "region_code", "region_name",
              "new_la_code", "old_la_code", "la_name", "breakdown_topic", "breakdown", "plans_issued_den_ex",
              "plans_issued_20_weeks_ex", "PC_plans_issued_20_weeks_ex"]
EES_ROWS = [
    ["2024", "Calendar year", "National", "E92000001", "", "", "", "", "", "All EHC plans issued",
     "All EHC plans issued", "1000", "500", "50"],
    ["2024", "Calendar year", "Local authority", "E92000001", "E12000003", "Yorkshire and The Humber", "E08000036",
     "384", "Wakefield", "All EHC plans issued", "All EHC plans issued", "100", "80", "80"],
]


@dataclass(frozen=True)
class ImportCase:
    name: str
    breaker: Callable[[Path], object]       # given the scratch folder holding ws/ and data.csv
    where: str                              # what the message names
    fragment: str
    argv: Callable[[Path], list[str]] = field(default=lambda t: [str(t / "data.csv"), "--workspace", str(t / "ws")])
    quick: bool = False


def with_map(text: str) -> Callable[[Path], list[str]]:
    return lambda t: [str(t / "data.csv"), "--kpi-map", str(t / "map.yaml"), "--workspace", str(t / "ws")]


def kpi_map(text: str | bytes) -> Callable[[Path], None]:
    return lambda t: write(t, "map.yaml", text)


def data(text: str | bytes) -> Callable[[Path], None]:
    return lambda t: write(t, "data.csv", text)


MAPPED = with_map("")
IMPORTS = [
    ImportCase("an alias bomb as the KPI map", kpi_map(alias_bomb("")), "map.yaml:5", "expand this file",
               argv=MAPPED, quick=True),
    ImportCase("5,000 nested brackets as the KPI map", kpi_map("x: " + "[" * 5000 + "]" * 5000), "map.yaml:1",
               "nested more than 50 deep", argv=MAPPED, quick=True),
    ImportCase("a KPI map that is a folder", lambda t: (t / "map.yaml").mkdir(), "map.yaml", "is a folder",
               argv=MAPPED),
    ImportCase("a KPI map that is not there", lambda t: None, "map.yaml", "file not found", argv=MAPPED),
    ImportCase("a KPI map that is a dangling link", lambda t: (t / "map.yaml").symlink_to("old.yaml"), "map.yaml",
               "which does not exist", argv=MAPPED),
    ImportCase("a KPI map with an escape in a key", kpi_map('"ehcp\\e[2J":\n  measure: x\n'), "map.yaml:1",
               "key holds U+001B", argv=MAPPED),
    ImportCase("a KPI map with a python tag", kpi_map("ehcp_20wk: !!python/object:os.system {}\n"), "map.yaml:1",
               "'!!python/object:os.system'", argv=MAPPED),
    ImportCase("a data file that is a folder", lambda t: replace("data.csv", lambda p: p.mkdir())(t), "data.csv",
               "is a folder"),
    ImportCase("a data file that is a named pipe", lambda t: replace("data.csv", lambda p: os.mkfifo(p))(t),
               "data.csv", "is a named pipe", quick=True),
    ImportCase("a data file that is not there", lambda t: (t / "data.csv").unlink(), "data.csv", "file not found"),
    ImportCase("an empty data file", data(""), "data.csv:1", "file is empty"),
    ImportCase("a spreadsheet saved as .csv", data(b"PK\x03\x04" + b"x" * 100), "data.csv:1", "zip archive"),
    ImportCase("a web page saved as .csv", data("<!DOCTYPE html><html></html>\n"), "data.csv:1", "web page"),
    ImportCase("a semicolon-separated data file", data(csv_text(EES_HEADER, EES_ROWS).replace(",", ";")),
               "data.csv:1", "separated by ';'"),
    ImportCase("a workspace that is a file", lambda t: None, "data.csv", "is a file, not a workspace folder",
               argv=lambda t: [str(t / "data.csv"), "--workspace", str(t / "data.csv")]),
    ImportCase("a workspace that does not exist", lambda t: None, "nowhere", "does not exist",
               argv=lambda t: [str(t / "data.csv"), "--workspace", str(t / "nowhere")]),
    ImportCase("a broken benchmark table in the workspace",
               lambda t: write(t, "ws/sef/reference/benchmarks.csv", "kpi;code\n"), "benchmarks.csv", "';'"),
]


def import_scratch(tmp: Path) -> None:
    (tmp / "ws").mkdir()
    write(tmp, "data.csv", csv_text(EES_HEADER, EES_ROWS))


@pytest.mark.parametrize("case", IMPORTS, ids=[c.name for c in IMPORTS])
def test_benchmarks_import_refuses_with_one_line_and_changes_nothing(tmp_path, capsys, case):
    import_scratch(tmp_path)
    (tmp_path / "ws/sef/reference").mkdir(parents=True)
    case.breaker(tmp_path)
    before = snapshot(tmp_path)
    code, out, err, seconds = run(capsys, ["benchmarks", "import", *case.argv(tmp_path)])
    assert code == 1, out + err
    assert_clean(out, err)
    hits = [ln for ln in problem_lines(out) if case.where in ln and case.fragment in ln]
    assert hits, f"expected {case.where} ... {case.fragment!r}; got:\n{out}"
    if case.quick:
        assert seconds < 2
    assert snapshot(tmp_path) == before


def test_benchmarks_import_into_a_read_only_workspace(tmp_path, capsys):
    import_scratch(tmp_path)
    with read_only_copy(tmp_path / "ws", tmp_path / "ro") as ro:
        code, out, err, _ = run(capsys, ["benchmarks", "import", str(tmp_path / "data.csv"), "--workspace", str(ro)])
    assert code == 1
    assert_clean(out, err)
    assert "read-only" in out + err


# --- sef report: a handful of runs, many councils in one batch -------------------------------------

AS_OF = "2025-10-31"
IDENTIFIERS = "Contact jo.bloggs@example.org or 07700 900123; NHS 943 476 5919; UPN A123456789012"


def published_text(path: Path) -> str:
    """A published file's text as a reader (or a search tool) would see it: for Word, the text of the body,
    headers, footers and properties, and where its links point (not the package's own part names, such as
    /word/document.xml, which are no one's data)."""
    if path.suffix == ".docx":
        out = []
        with zipfile.ZipFile(path) as docx:
            for name in docx.namelist():
                xml = docx.read(name).decode("utf-8", "replace")
                if name.endswith(".rels"):
                    out += re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', xml)
                elif name.startswith(("word/document", "word/header", "word/footer", "word/footnotes",
                                      "word/comments", "docProps/")):
                    out.append(re.sub(r"<[^>]+>", " ", xml))
        return "\n".join(out)
    if path.suffix in (".html", ".json", ".csv", ".ipynb", ".txt", ".md"):
        return path.read_text(encoding="utf-8")
    return ""


def odd_councils(root: Path) -> None:
    """One workspace, councils each odd in their own way (the malformation is per council)."""
    build_workspace(root, "alpha", evidence=[
        evidence_row(notes=IDENTIFIERS, owner="jo.bloggs@example.org", location="tel 07700 900123"),
        evidence_row("EV-2", IDENTIFIERS, "A-2", "C-2", "in_progress", 1, "Head of SEND", "2025-08-01")],
        self_assessment="C-1:\n  judgement: positive\n  evidence: [EV-1]\n  strengths: " + IDENTIFIERS + "\n")
    build_workspace(root, "beta")
    write(root, "parameters/beta.yaml", 'council: beta\nname: "Beta \\u202eyltsaf\\u202c Ünïcode"\n'
                                        f"framework: mini\nas_of: {AS_OF}\n")
    write(root, "sef/beta/snapshots.csv", "as_of,ready_pct,outcome\n0001-01-01,50,OUT-1\n2025-01-31,nan,OUT-2\n"
                                          "2025-02-28,1e999,\nnot a date,x,y\n2025-03-31,40,OUT-2\n")
    older = root / "reports/beta/2025-06-30"
    older.mkdir(parents=True)
    (older / "scorecard.json").write_text(json.dumps({"as_of": "2025-06-30", "annex_a": {"ready_pct": "45"},
                                                      "criteria": "all red", "actions": None}))
    build_workspace(root, "gamma", as_of="0001-01-01")
    build_workspace(root, "delta")
    write(root, "parameters/delta.yaml", 'council: delta\nname: "Delta \\e]0;pwned\\a"\nframework: mini\n')
    build_workspace(root, "eps")
    (root / "reports/eps").mkdir(parents=True)
    (root / f"reports/eps/{AS_OF}").write_text("not a folder")
    # a scorecard hand-edited, or from an older sefkit, for a council not in this run: the index reads it
    zeta = root / f"reports/zeta/{AS_OF}"
    zeta.mkdir(parents=True)
    (zeta / "scorecard.json").write_text('{"name": "Zeta \\ud800 <script>", "annex_a": {"ready_pct": "12%"}, '
                                         '"criteria": [1, {"rag": "red"}], "indicative_outcome": "OUT-9"}')
    (root / f"reports/omega/{AS_OF}").mkdir(parents=True)
    (root / f"reports/omega/{AS_OF}/scorecard.json").write_text("[" * 100_000)


def inputs(root: Path) -> dict[str, str]:
    """The workspace's input files: what sef report must not change (it writes reports/ and snapshots)."""
    return {k: v for k, v in snapshot(root).items() if not k.startswith("reports") and "snapshots.csv" not in k
            and not k.startswith(".sef-audit")}


@pytest.mark.slow
def test_report_batch_of_odd_councils(tmp_path):
    root = tmp_path / "ws"
    odd_councils(root)
    before = inputs(root)
    proc = subprocess.run([str(SEF), "report", "--workspace", str(root), "--all", "--format", "html,docx,ipynb",
                           "--no-progress", "--jobs", "2"], capture_output=True, text=True, timeout=300)
    out, err = proc.stdout, proc.stderr
    assert proc.returncode == 1, out + err
    assert "Traceback" not in out + err
    assert UNSAFE.search((out + err).replace("\n", "")) is None
    assert f"alpha: {root / 'reports/alpha' / AS_OF}" in out and f"beta: {root / 'reports/beta' / AS_OF}" in out
    failed = {ln.split(":", 1)[0]: ln for ln in err.splitlines() if ": FAILED" in ln}
    assert set(failed) == {"gamma", "delta", "eps"}, err
    assert "out-of-range" in err and "invalid-character" in err
    assert "\n" not in failed["eps"]
    index = (root / f"reports/{AS_OF}/index.html").read_text(encoding="utf-8")
    assert "Alpha Partnership" in index and "Zeta \ufffd &lt;script&gt;" in index and "<script>" not in index
    from sefkit.privacy import identifiers_in

    # what a person shares: the index and each report's files (not sefkit's hidden bookkeeping)
    published = [root / f"reports/{AS_OF}/index.html",
                 *(p for c in ("alpha", "beta") for p in (root / f"reports/{c}/{AS_OF}").iterdir()
                   if not p.name.startswith("."))]
    assert len(published) == 11, published
    for path in published:
        assert identifiers_in(published_text(path)) == [], f"{path.relative_to(root)} publishes an identifier"
    assert json.loads((root / f"reports/beta/{AS_OF}/scorecard.json").read_text())["name"].startswith("Beta")
    assert inputs(root) == before


REFUSALS = [
    ("reports is a file", lambda r: (r / "reports").write_text("x"), []),
    ("--out is /dev/full", lambda r: None, ["--out", "/dev/full"]),
    ("--out is under a file", lambda r: (r / "f").write_text("x"), ["--out", "{root}/f/out"]),
    ("--as-of in year 1", lambda r: None, ["--as-of", "0001-01-01"]),
    ("a 300-character council id", lambda r: None, ["--council", LONG_ID]),
    ("a notebook that is broken JSON", lambda r: write(r, "notebooks/sef_report.ipynb", '{"cells": [\n  {'),
     []),
    ("a notebook that is a list", lambda r: write(r, "notebooks/sef_report.ipynb", "[]"), []),
    ("a notebook in format 3", lambda r: write(r, "notebooks/sef_report.ipynb",
                                               '{"cells": [], "nbformat": 3, "metadata": {}}'), []),
    ("a notebook without a parameters cell", lambda r: write(r, "notebooks/sef_report.ipynb", json.dumps(
        {"cells": [{"cell_type": "code", "id": "a", "metadata": {}, "source": "report.publish_scorecard(ctx)",
                    "outputs": [], "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})),
     []),
    ("a notebook that is a folder", lambda r: (r / "notebooks/sef_report.ipynb").mkdir(parents=True), []),
    ("a notebook that is a dangling link",
     lambda r: ((r / "notebooks").mkdir(), (r / "notebooks/sef_report.ipynb").symlink_to("gone.ipynb")), []),
]


@pytest.mark.parametrize("name,breaker,options", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_report_refuses_before_any_kernel_starts(tmp_path, capsys, name, breaker, options):
    root = build_workspace(tmp_path / "ws")
    breaker(root)
    before = snapshot(root)
    argv = ["report", "--workspace", str(root), "--format", "html,docx", "--no-progress",
            *[o.format(root=root) for o in options]]
    if "--council" not in options:
        argv.append("--all")
    code, out, err, seconds = run(capsys, argv)
    assert code == 1, out + err
    assert_clean(out, err)
    assert seconds < 5, "refused only after starting kernels"
    lines = [ln for ln in (out + err).splitlines() if ln.strip()]
    assert lines and all(PROBLEM.match(ln) for ln in lines), lines
    assert snapshot(root) == before


@pytest.mark.slow
def test_report_onto_a_full_disk(tmp_path, capsys):
    root = build_workspace(tmp_path / "ws")
    before = snapshot(root)
    with mounted(tmp_path / "tiny", "-t", "tmpfs", "-o", "size=64k") as tiny:
        proc = subprocess.run([str(SEF), "report", "--workspace", str(root), "--all", "--format", "html,docx",
                               "--no-progress", "--out", str(tiny)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    failed = [ln for ln in proc.stderr.splitlines() if "FAILED" in ln]
    assert len(failed) == 1 and "full" in failed[0], proc.stderr
    assert {k: v for k, v in snapshot(root).items() if "snapshots.csv" not in k} == before


def test_report_onto_a_read_only_folder(tmp_path, capsys):
    root = build_workspace(tmp_path / "ws")
    (tmp_path / "src").mkdir()
    with read_only_copy(tmp_path / "src", tmp_path / "ro") as ro:
        code, out, err, seconds = run(capsys, ["report", "--workspace", str(root), "--all", "--format", "html",
                                               "--no-progress", "--out", str(ro / "out")])
    assert code == 1
    assert_clean(out, err)
    assert seconds < 5
    assert [ln for ln in (out + err).splitlines() if ln.strip() and not PROBLEM.match(ln)] == []
