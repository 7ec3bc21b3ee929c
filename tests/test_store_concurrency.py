"""The one writer under load: several processes saving one council's files, and writers killed mid-save."""

from __future__ import annotations

import fcntl
import json
import multiprocessing as mp
import os
import random
import signal
import time
from pathlib import Path

from builders import EVIDENCE_HEADER, build_workspace, evidence_row
from sefkit.framework import Catalogues
from sefkit.problems import Problems
from sefkit.sheets import read_csv
from sefkit.store import ConflictError, lock_path, revision
from sefkit.workspace.locate import CouncilFiles
from sefkit.workspace.write import save_assessment, save_records
from sefkit.yamlfile import load_yaml

PROCESSES = 4
SAVES = 50   # per process: half new evidence rows, half edits of the process's own criterion
CRITERIA = ["C-1", "C-2", "L-1", "C-1"]


def _saver(root: str, index: int, conflicts: mp.Queue) -> None:
    files = CouncilFiles(Path(root), "alpha")
    fw = Catalogues(files.workspace).get("mini")
    rng = random.Random(index)
    seen = 0
    for n in range(SAVES):
        while True:
            try:
                if n % 2 == 0:
                    rev = revision(files.evidence)
                    time.sleep(rng.uniform(0, 0.002))          # a person between opening and saving
                    row = dict(zip(EVIDENCE_HEADER, map(str, evidence_row(f"P{index}-{n:02d}"))))
                    save_records(files, "evidence", new_rows=[row], who=f"process {index}", expected_revision=rev)
                else:
                    rev = revision(files.self_assessment)
                    time.sleep(rng.uniform(0, 0.002))
                    field = "strengths" if index < 3 else "areas_for_development"
                    save_assessment(files, fw, CRITERIA[index], {field: f"process {index} save {n:02d}"},
                                    who=f"process {index}", expected_revision=rev)
                break
            except ConflictError:
                seen += 1          # reported to the saver, who reloads and tries again
    conflicts.put((index, seen))


def test_four_processes_saving_one_councils_files_lose_nothing(tmp_path):
    root = build_workspace(tmp_path / "ws")
    files = CouncilFiles(root, "alpha")
    ctx = mp.get_context("fork")
    conflicts: mp.Queue = ctx.Queue()
    workers = [ctx.Process(target=_saver, args=(str(root), i, conflicts)) for i in range(PROCESSES)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    reported = dict(conflicts.get(timeout=5) for _ in workers)

    problems = Problems()
    sheet = read_csv(files.evidence, "evidence.csv", problems)
    ids = [r.cells[0] for r in sheet.records]
    expected = {f"P{i}-{n:02d}" for i in range(PROCESSES) for n in range(0, SAVES, 2)}
    assert expected <= set(ids) and len(ids) == len(set(ids)) == 2 + len(expected)       # no save lost
    doc = load_yaml(files.self_assessment, "sa", problems)
    assert not problems.items
    last = f"{SAVES - 1:02d}"
    assert doc.data["C-1"]["strengths"] == f"process 0 save {last}"
    assert doc.data["C-1"]["areas_for_development"] == f"process 3 save {last}"
    assert doc.data["C-2"]["strengths"] == f"process 1 save {last}"
    assert doc.data["L-1"]["strengths"] == f"process 2 save {last}"
    assert doc.data["C-1"]["judgement"] == "positive"      # a key nobody edited is kept

    entries = [json.loads(line) for line in files.audit_log.read_text().splitlines()]
    assert len(entries) == PROCESSES * SAVES                # one entry per save that landed, none for conflicts
    for i in range(PROCESSES):
        mine = [e for e in entries if e["by"] == f"process {i}"]
        assert len(mine) == SAVES
        edits = [c["new"] for e in mine for c in e["changes"] if c["field"] in ("strengths", "areas_for_development")]
        assert edits == [f"process {i} save {n:02d}" for n in range(1, SAVES, 2)]
    # each landed save continues from the one before it: the revision chain has no fork
    for path in ("evidence/alpha/evidence.csv", "sef/alpha/self-assessment.yaml"):
        chain = [e for e in entries if e["file"] == path]
        assert all(a["to"] == b["from"] for a, b in zip(chain, chain[1:]))
    assert sum(reported.values()) > 0, "the test never produced a conflict; it proves nothing"


def _flip_forever(root: str) -> None:
    files = CouncilFiles(Path(root), "alpha")
    fw = Catalogues(files.workspace).get("mini")
    n = 0
    while True:
        n += 1
        save_records(files, "evidence", {("EV-1",): {"notes": "A" if n % 2 else "B"}}, who="w",
                     expected_revision=revision(files.evidence))
        save_assessment(files, fw, "C-1", {"strengths": "A" if n % 2 else "B"}, who="w",
                        expected_revision=revision(files.self_assessment))


def test_a_writer_killed_at_random_moments_never_leaves_a_broken_file_or_a_held_lock(tmp_path):
    root = build_workspace(tmp_path / "ws")
    files = CouncilFiles(root, "alpha")
    fw = Catalogues(root).get("mini")
    versions: dict[str, set[bytes]] = {"evidence": {files.evidence.read_bytes()}, "sa": set()}
    for value in ("A", "B"):     # every state the writer can leave: each file as old or new, whole
        save_records(files, "evidence", {("EV-1",): {"notes": value}}, who="t", expected_revision=revision(files.evidence))
        versions["evidence"].add(files.evidence.read_bytes())
    initial_sa = files.self_assessment.read_bytes()
    ctx = mp.get_context("fork")
    rng = random.Random(1)
    kills = 0
    for _ in range(100):
        writer = ctx.Process(target=_flip_forever, args=(str(root),))
        writer.start()
        time.sleep(rng.uniform(0.005, 0.06))
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        kills += writer.exitcode == -signal.SIGKILL
        assert files.evidence.read_bytes() in versions["evidence"]
        problems = Problems()
        doc = load_yaml(files.self_assessment, "sa", problems)
        assert doc is not None and not problems.items
        assert doc.data["C-1"].get("strengths") in ("A", "B", "Strong identification.")
        assert doc.data["C-1"]["judgement"] == "positive"
        for path in (files.evidence, files.self_assessment):
            with open(lock_path(path), "a") as handle:       # the lock is free at once
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
    assert kills == 100
    assert files.self_assessment.read_bytes() != initial_sa
    # the next save clears the temporary files killed writers left behind
    save_records(files, "evidence", {("EV-1",): {"notes": "A"}}, who="t", expected_revision=revision(files.evidence))
    save_assessment(files, fw, "C-1", {"strengths": "A"}, who="t", expected_revision=revision(files.self_assessment))
    assert not list(files.evidence.parent.glob(".*.tmp")) and not list(files.self_assessment.parent.glob(".*.tmp"))
