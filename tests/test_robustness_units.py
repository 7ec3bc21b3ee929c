"""The pieces behind the malformed-input corpus, one by one: terminal-safe text, characters no output can
carry, what stands where a file should be, bounded YAML, the calendar sefkit uses, old or hand-edited
scorecards, the workspace's own report notebook and the files `sef init` writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from builders import build_workspace

from sefkit.cli import _json
from sefkit.dates import EARLIEST, LATEST, out_of_range, shift_months
from sefkit.problems import Problem, Problems, printable
from sefkit.textio import invalid_character, not_a_file, read_bounded
from sefkit.yamlfile import MAX_TOKENS, load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parents[1]


# --- text on a terminal ---------------------------------------------------------------------------

def test_printable_shows_what_a_terminal_would_obey():
    assert printable("\x1b]0;x\x07\x1b[2J") == "\\x1b]0;x\\x07\\x1b[2J"
    assert printable("a\nb\tc\r") == "a\\nb\\tc\\r"
    assert printable("a\nb", keep="\n") == "a\nb"
    assert printable("\u202eevil\u202c \u2028 \x9b \ud800") == "\\u202eevil\\u202c \\u2028 \\x9b \\ud800"
    assert printable("Café £2k ✓ 😀 naïve") == "Café £2k ✓ 😀 naïve"


def test_a_problem_is_always_one_line():
    p = Problem("evidence/alpha/evidence.csv", 3, 5, "error", "unknown-word", "'a\nb\x1b[2J' is not a word")
    assert str(p) == "evidence/alpha/evidence.csv:3:5: error: 'a\\nb\\x1b[2J' is not a word [unknown-word]"


def test_json_output_escapes_what_a_terminal_would_obey_and_means_the_same():
    payload = {"name": "A\u202eB\u2028C\x85D\ud800", "plain": "é\n"}
    text = _json(payload)
    assert "\u202e" not in text and "\ud800" not in text and "\\u202e" in text
    assert json.loads(text) == payload
    assert _json({"a": "é"}) == json.dumps({"a": "é"}, indent=2, ensure_ascii=False)


# --- characters no output can carry ---------------------------------------------------------------

@pytest.mark.parametrize("text,what", [("a\x1bb", "U+001B (ESC)"), ("\x00", "U+0000 (NUL)"), ("a\x0b", "line break"),
                                       ("\x9b", "U+009B"), ("\x7f", "DEL"), ("\ud83d", "lone surrogate"),
                                       ("\uffff", "U+FFFF")])
def test_invalid_characters_are_named(text, what):
    found = invalid_character(text)
    assert found is not None and what in found[1]


@pytest.mark.parametrize("text", ["tab\there", "line\nbreak\r\n", "non\u00a0breaking", "😀", "\u202eRTL", "Ünïcode"])
def test_ordinary_text_is_not_refused(text):
    assert invalid_character(text) is None


# --- what stands where a file should be -----------------------------------------------------------

def test_what_is_in_a_files_place_is_said_precisely(tmp_path):
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "dangling").symlink_to("gone")
    (tmp_path / "loop").symlink_to("loop")
    os.mkfifo(tmp_path / "pipe")
    assert not_a_file(tmp_path / "file") is None
    assert not_a_file(tmp_path / "missing").nothing_there
    assert "is a folder" in not_a_file(tmp_path / "folder").message
    assert "link to 'gone'" in not_a_file(tmp_path / "dangling").message
    assert "leads back to itself" in not_a_file(tmp_path / "loop").message
    assert "named pipe" in not_a_file(tmp_path / "pipe").message
    assert "'file' is a file where a folder should be" in not_a_file(tmp_path / "file" / "x.csv").message


def test_a_pipe_or_device_is_never_read(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    problems = Problems()
    start = time.perf_counter()
    assert read_bounded(tmp_path / "pipe", "pipe", problems, 1000) is None
    assert read_bounded(Path("/dev/zero"), "zero", problems, 1000) is None
    assert time.perf_counter() - start < 1
    assert [p.code for p in problems.items] == ["file-unreadable", "file-unreadable"]


# --- bounded YAML ---------------------------------------------------------------------------------

def bomb(levels: int) -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text,line,message", [
    (bomb(9), 5, "expand this file to more than 50,000 values"),
    ("a: " + "[" * 5000 + "]" * 5000, 1, "brackets nested more than 50 deep"),
    ("a: " + "{b: " * 5000 + "}" * 5000, 1, "nested more than 50 deep"),
    ("a:\n" + "- " * 5000 + "x\n", 2, "values nested more than 50 deep"),
    ("a: &x\n  b: *x\n", 2, "refers to the value it is inside"),
    ("".join(f"k{i}: [a, b, c, d]\n" for i in range(MAX_TOKENS // 10)), None, f"more than {MAX_TOKENS:,}"),
])
def test_yaml_that_asks_for_unbounded_work_is_refused_quickly_at_its_line(text, line, message):
    problems = Problems()
    start = time.perf_counter()
    assert parse_yaml(text, "f.yaml", problems) is None
    assert time.perf_counter() - start < 1.5
    [problem] = problems.items
    assert problem.code == "yaml-limit" and message in problem.message
    assert line is None or problem.line == line


def test_a_small_alias_use_is_fine():
    problems = Problems()
    doc = parse_yaml(bomb(3), "f.yaml", problems)
    assert doc is not None and not problems.items and len(doc.data["a2"]) == 9


@pytest.mark.parametrize("path", sorted(str(p.relative_to(ROOT)) for p in [
    *(ROOT / "sef").glob("*.yaml"), *(ROOT / "sef" / "frameworks").glob("*.yaml"),
    *(ROOT / "sef").glob("*/self-assessment.yaml"), *(ROOT / "parameters").glob("*.yaml")]))
def test_every_real_yaml_file_is_far_inside_the_limits(path):
    problems = Problems()
    assert load_yaml(ROOT / path, path, problems) is not None
    assert problems.items == []


@pytest.mark.parametrize("text,code", [("a: !!str 384\n", None), ("a: !!map {b: 1}\n", None),
                                       ("a: !!int x\n", "yaml-syntax"), ("a: !!binary aGk=\n", "yaml-syntax"),
                                       ("a: !custom x\n", "yaml-syntax"), ('a: "\\e"\n', "invalid-character"),
                                       ("a: \x1b\n", "invalid-character"), ("<<: [1]\n", "yaml-syntax")])
def test_tags_and_characters(text, code):
    problems = Problems()
    parse_yaml(text, "f.yaml", problems)
    assert [p.code for p in problems.items] == ([code] if code else [])


# --- the calendar sefkit uses ---------------------------------------------------------------------

def test_dates_are_kept_on_the_calendar():
    assert out_of_range(EARLIEST) is None and out_of_range(LATEST) is None
    assert "outside the years 1900-2199" in out_of_range(dt.date(1, 1, 1))
    assert out_of_range(dt.datetime(9999, 12, 31, 23, 59))
    assert shift_months(EARLIEST, -6) == dt.date(1899, 7, 1)
    with pytest.raises(ValueError, match="off the calendar"):
        shift_months(dt.date(1, 1, 1), -6)


# --- old, hand-edited and damaged scorecards ------------------------------------------------------

ODD_CARDS = {
    "alpha": '{"name": "Alpha", "annex_a": {"ready_pct": 50}, "indicative_outcome": {"label": "Inconsistent", '
             '"outcome": "OUT-2"}, "criteria": [{"rag": "red", "check": "over_claim"}], '
             '"actions": {"counts": {"overdue": 2}}}',
    "beta": '{"name": "Beta \\ud800 <script>x</script>", "annex_a": {"ready_pct": "12%"}, "criteria": "none", '
            '"actions": {"overdue": [1, 2, 3]}, "indicative_outcome": "OUT-1"}',
    "gamma": "[" * 100_000,
    "delta": '{"annex_a": {"ready_pct": NaN}, "criteria": [1, null, {"rag": "red"}]}',
    "eps": "[1, 2]",
    "zeta": "not json",
}


def test_the_index_reads_any_scorecard_it_finds_and_never_fails(tmp_path):
    from sefkit.publish.index import write_index

    for council, text in ODD_CARDS.items():
        folder = tmp_path / council / "2025-10-31"
        folder.mkdir(parents=True)
        (folder / "scorecard.json").write_text(text)
    (tmp_path / "omega" / "2025-10-31" / "scorecard.json").mkdir(parents=True)
    page = write_index(tmp_path, "2025-10-31").read_text(encoding="utf-8")
    assert "<td>Alpha</td><td>Inconsistent (OUT-2)</td><td>50%</td><td>1</td><td>1</td><td>2</td>" in page
    assert "<td>Beta \ufffd &lt;script&gt;x&lt;/script&gt;</td><td>n/a</td><td>n/a</td><td>n/a</td><td>n/a</td>" \
           "<td>3</td>" in page
    assert "<td>delta</td><td>n/a</td><td>n/a</td><td>1</td>" in page
    assert "3 council report(s)" in page and "<script>" not in page


def test_readiness_history_skips_snapshots_off_the_calendar(tmp_path):
    from sefkit.workspace import CouncilFiles
    from sefkit.workspace.snapshots import readiness_history

    root = build_workspace(tmp_path / "ws")
    (root / "sef/alpha/snapshots.csv").write_text("as_of,ready_pct\n0001-01-01,50\n2025-01-31,nan\n"
                                                  "2025-03-31,40\n9999-01-01,1\n")
    for day, text in (("2025-05-31", '{"as_of": "2025-05-31", "annex_a": {"ready_pct": 45}}'),
                      ("2025-06-30", "[" * 100_000), ("0001-01-01", '{"as_of": "0001-01-01", "annex_a": '
                                                                     '{"ready_pct": 5}}')):
        (root / "reports/alpha" / day).mkdir(parents=True)
        (root / "reports/alpha" / day / "scorecard.json").write_text(text)
    history = readiness_history(CouncilFiles(root, "alpha"), dt.date(2025, 10, 31))
    assert [(s.as_of.isoformat(), s.ready_pct) for s in history.snapshots] == [("2025-03-31", 40.0),
                                                                                ("2025-05-31", 45.0)]


# --- the workspace's own report notebook ----------------------------------------------------------

def test_the_built_in_notebook_passes_the_check(tmp_path):
    from sefkit.workspace.notebook import notebook_problems

    assert notebook_problems(ROOT) == []        # this repository is a workspace with its own notebook
    assert notebook_problems(tmp_path) == []    # none: the built-in one is used


def test_validate_request_refuses_a_broken_notebook_a_bad_date_and_a_bad_id(tmp_path):
    from sefkit.publish.batch import validate_request

    root = build_workspace(tmp_path / "ws")
    (root / "notebooks").mkdir()
    (root / "notebooks/sef_report.ipynb").write_text('{"cells": [\n  {"cell_type": "code",\n  oops')
    problems = validate_request(root, ["alpha", "a" * 300, "../x"], ["html"], "0001-01-01")
    shown = [str(p) for p in problems]
    assert "--as-of: error: 0001-01-01 is outside the years 1900-2199; is the year a typo? (Leave it empty for " \
           "no date.) [argument]" in shown
    assert sum("[id-invalid]" in s for s in shown) == 2
    assert any(s.startswith("notebooks/sef_report.ipynb:3:3: error: is not a notebook: broken JSON") for s in shown)
    # Word alone does not run the notebook: its state does not matter then
    assert not [p for p in validate_request(root, ["alpha"], ["docx"], None) if p.code == "notebook-invalid"]


# --- files sef init writes ------------------------------------------------------------------------

def test_init_writes_a_self_assessment_that_parses_whatever_the_catalogue_titles_hold(tmp_path, capsys):
    from sefkit.cli import main
    from sefkit.yamlfile import load_yaml as load

    root = build_workspace(tmp_path / "ws")
    fw = root / "sef/frameworks/mini.yaml"
    fw.write_text(fw.read_text().replace("title: Needs are identified", 'title: "Needs\\nare: identified # x"')
                  .replace("title: Mini framework for tests", 'title: "Mini\\n- framework"'))
    assert main(["init", str(root), "--council", "beta", "--name", "Beta", "--framework", "mini"]) == 0
    problems = Problems()
    doc = load(root / "sef/beta/self-assessment.yaml", "sa", problems)
    assert doc is not None and problems.items == [] and set(doc.data) == {"C-1", "C-2", "L-1"}
    capsys.readouterr()
    assert main(["validate", "--workspace", str(root), "--council", "beta"]) == 0
