"""A report folder keeps people's work: edited outputs kept aside, their own files untouched, and a run
killed at any instant leaves the old report or the new one, which the next run tidies."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
from pathlib import Path

import pytest

from sefkit.publish import folder as rf

NOW = dt.datetime(2026, 12, 2, 10, 15)
STEPS_EXCHANGE = ["staged", "exchanged"]
STEPS_RENAME = ["staged", "moved aside", "published"]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def render(final: Path, version: str, names=("sef-report.html", "sef-report.docx", "scorecard.json")) -> Path:
    """A staging folder holding one run's output (as the batch writes it)."""
    staging = rf.staging_folder(final)
    for name in names:
        (staging / name).write_text(f"{name} {version}")
    return staging


def publish(final: Path, version: str, names=("sef-report.html", "sef-report.docx", "scorecard.json"), **kw):
    staging = render(final, version, names)
    return rf.publish(staging, final, list(names), now=NOW, **kw)


def test_a_rerun_replaces_only_what_it_generates_and_keeps_edited_outputs_aside(tmp_path):
    final = tmp_path / "alpha" / "2025-10-31"
    publish(final, "v1", ("sef-report.html", "sef-report.docx", "sef-report.pdf", "scorecard.json"))
    (final / "sef-report.docx").write_text("the board's edits")          # edited in Word
    (final / "board-notes.txt").write_text("notes")                       # a file sefkit never wrote
    result = publish(final, "v2", ("sef-report.html", "scorecard.json"))  # html only this time
    assert files_of(final) == {".sefkit-manifest.json": files_of(final)[".sefkit-manifest.json"],
                               "board-notes.txt": b"notes", "scorecard.json": b"scorecard.json v2",
                               "sef-report.docx": b"the board's edits", "sef-report.html": b"sef-report.html v2",
                               "sef-report.pdf": b"sef-report.pdf v1"}
    assert result.kept == []
    result = publish(final, "v3", ("sef-report.html", "sef-report.docx", "scorecard.json"))
    aside = "sef-report (edited, kept 2026-12-02 10.15).docx"
    assert result.kept == [("sef-report.docx", aside)]
    assert (final / aside).read_text() == "the board's edits"
    assert (final / "sef-report.docx").read_text() == "sef-report.docx v3"
    assert (final / "board-notes.txt").read_text() == "notes" and (final / "sef-report.pdf").exists()
    result = publish(final, "v4", ("sef-report.html", "sef-report.docx", "scorecard.json"))
    assert result.kept == []               # unchanged since v3: replaced, nothing more kept aside
    assert not [p for p in final.parent.iterdir() if p.name.startswith(".")]


def test_a_report_folder_written_before_manifests_keeps_its_files_aside_once(tmp_path):
    final = tmp_path / "alpha" / "2025-10-31"
    final.mkdir(parents=True)
    (final / "sef-report.docx").write_text("from an older sefkit, maybe edited")
    result = publish(final, "v1")
    assert result.kept == [("sef-report.docx", "sef-report (edited, kept 2026-12-02 10.15).docx")]
    assert publish(final, "v2").kept == []


def _publish_and_die(final: str, version: str, die_at: str, exchange: bool) -> None:
    if not exchange:
        rf._exchange = lambda a, b: False          # a system without renameat2's exchange

    def step(name: str) -> None:
        if name == die_at:
            os._exit(137)                           # as sudden as SIGKILL: no cleanup runs

    publish(Path(final), version, step=step)


@pytest.mark.parametrize("exchange,die_at", [(True, s) for s in STEPS_EXCHANGE] + [(False, s) for s in STEPS_RENAME])
def test_a_run_killed_at_any_step_leaves_the_old_report_or_the_new_and_the_next_run_tidies(tmp_path, exchange,
                                                                                           die_at):
    final = tmp_path / "alpha" / "2025-10-31"
    publish(final, "v1")
    (final / "board-notes.txt").write_text("notes")
    old = {k: v for k, v in files_of(final).items() if not k.startswith(".")}
    new = {**old, **{k: v.replace(b"v1", b"v2") for k, v in old.items() if k != "board-notes.txt"}}
    child = mp.get_context("fork").Process(target=_publish_and_die, args=(str(final), "v2", die_at, exchange))
    child.start()
    child.join(30)
    assert child.exitcode == 137
    if final.exists():                             # at every instant: the old report or the new one, whole
        now = {k: v for k, v in files_of(final).items() if not k.startswith(".")}
        assert now in (old, new)
    else:
        assert die_at == "moved aside"             # the one instant the folder is away: recovered below
    rf.recover(final.parent.parent, ["alpha"])
    now = {k: v for k, v in files_of(final).items() if not k.startswith(".")}
    assert now in (old, new) and now["board-notes.txt"] == b"notes"
    assert sorted(p.name for p in final.parent.iterdir()) == ["2025-10-31"]      # nothing left beside it
    assert not (final / rf.STAGING_MARK).exists()
    assert publish(final, "v3").kept == []         # and the next run goes on as normal


def test_the_old_folder_an_earlier_sefkit_left_moved_aside_is_restored(tmp_path):
    """The issue's case: killed between moving the old folder aside and moving the new one in."""
    aside = tmp_path / "alpha" / ".2025-10-31.old-999999999"
    aside.mkdir(parents=True)
    (aside / "sef-report.html").write_text("the previous report")
    assert rf.recover(tmp_path, ["alpha"]) == [aside]
    assert (tmp_path / "alpha" / "2025-10-31" / "sef-report.html").read_text() == "the previous report"


def test_a_file_added_while_the_run_was_staging_is_not_lost(tmp_path):
    final = tmp_path / "alpha" / "2025-10-31"
    publish(final, "v1")

    def step(name: str) -> None:
        if name == "staged":
            (final / "late.txt").write_text("added at the last moment")

    publish(final, "v2", step=step)
    assert (final / "late.txt").read_text() == "added at the last moment"


def test_rerunning_the_real_report_keeps_an_edited_word_file_and_says_so(tmp_path, capsys):
    from builders import build_workspace
    from sefkit.cli import main

    root = build_workspace(tmp_path / "ws")
    args = ["report", "--workspace", str(root), "--all", "--jobs", "1", "--no-progress"]
    assert main([*args, "--format", "html,docx"]) == 0
    final = root / "reports" / "alpha" / "2025-10-31"
    (final / "sef-report.docx").write_bytes(b"edited in Word")
    (final / "board-notes.txt").write_text("notes")
    assert main([*args, "--format", "html"]) == 0
    assert (final / "sef-report.docx").read_bytes() == b"edited in Word"
    assert main([*args, "--format", "html,docx"]) == 0
    err = capsys.readouterr().err
    kept = [p for p in final.iterdir() if p.name.startswith("sef-report (edited, kept ")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"edited in Word"
    assert f"alpha: sef-report.docx had been changed since sefkit wrote it; your version is kept as '{kept[0].name}'" \
        in err
    assert (final / "board-notes.txt").read_text() == "notes"
    assert (final / "sef-report.docx").read_bytes()[:2] == b"PK"          # a new Word report


@pytest.fixture
def small_disk(tmp_path):
    """A 16 KB file system: room for sefkit's write test, not for a report. Needs root to mount (CI and
    `make test` run as root)."""
    import subprocess

    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _report(root: Path, *extra: str) -> list[str]:
    from sefkit.cli import main

    return ["report", "--workspace", str(root), "--all", "--jobs", "1", "--no-progress", "--format", "html", *extra]


@pytest.mark.parametrize("case", ["reports is a file", "--out /dev/full", "--out a read-only folder"])
def test_an_output_folder_that_cannot_be_written_is_one_line_before_any_kernel_starts(tmp_path, capsys, case):
    import subprocess

    from builders import build_workspace
    from sefkit.cli import main

    root = build_workspace(tmp_path / "ws")
    extra: tuple[str, ...] = ()
    if case == "reports is a file":
        (root / "reports").write_text("not a folder")
    elif case == "--out /dev/full":
        extra = ("--out", "/dev/full")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro", "tmpfs", str(ro)], capture_output=True).returncode:
            pytest.skip("mounting a read-only tmpfs needs root")
        extra = ("--out", str(ro))
    try:
        assert main(_report(root, *extra)) == 1
    finally:
        if case == "--out a read-only folder":
            subprocess.run(["umount", "-l", str(tmp_path / "ro")], check=False)
    out, err = capsys.readouterr()
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in out + err, lines
    assert lines[0].endswith("[argument]") and ("not a folder" in lines[0] or "read-only" in lines[0])


def test_a_disk_that_fills_during_a_report_fails_that_council_in_one_line_and_leaves_nothing_half_written(
        tmp_path, capsys, small_disk):
    from builders import build_workspace
    from sefkit.cli import main

    root = build_workspace(tmp_path / "ws")
    assert main(_report(root, "--out", str(small_disk))) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    failed = [line for line in err.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and failed[0].startswith(f"alpha: FAILED: cannot write {small_disk}/alpha")
    assert failed[0].endswith(": the disk is full; free some space, or choose another --out folder"), failed
    assert not list((small_disk / "alpha").iterdir())         # no half-written folder left behind


def test_a_file_where_the_report_folder_goes_is_one_line_and_is_left_alone(tmp_path, capsys):
    from builders import build_workspace
    from sefkit.cli import main

    root = build_workspace(tmp_path / "ws")
    (root / "reports" / "alpha").mkdir(parents=True)
    blocker = root / "reports" / "alpha" / "2025-10-31"
    blocker.write_text("someone's file")
    assert main(_report(root)) == 1
    _, err = capsys.readouterr()
    assert (f"alpha: FAILED: cannot write {blocker}: a file is where a folder should be; move or rename the file, "
            "then run again") in err
    assert "Traceback" not in err and blocker.read_text() == "someone's file"
