"""`sef workbook` and `sef dashboard` as a person stops them: Ctrl-C ends Voila and every kernel it
started, and the command exits 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from builders import board_workspace

pytestmark = pytest.mark.e2e


def kernels(pid: int) -> list[psutil.Process]:
    return [p for p in psutil.Process(pid).children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]


@pytest.mark.parametrize("kind", ["workbook", "dashboard"])
def test_ctrl_c_stops_the_pages_and_their_kernels(tmp_path, kind):
    root = board_workspace(tmp_path / "ws")
    sef = Path(sys.executable).with_name("sef")
    proc = subprocess.Popen([str(sef), kind, "--workspace", str(root), "--council", "beta"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    line = proc.stdout.readline()
    assert f"sefkit {kind} for" in line, proc.stderr.read()
    deadline = time.monotonic() + 60
    while not kernels(proc.pid):
        assert time.monotonic() < deadline, "no kernel was started"
        time.sleep(0.2)
    family = [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    time.sleep(0.5)
    assert not [pid for pid in family if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
