"""The wheel carries the built-in catalogues, reference tables and report notebook, and sefkit finds them
when it runs from an installed wheel rather than this checkout (as a council's `pip install sefkit` would)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(tmp / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("sefkit-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(tmp / "site")  # a wheel is installed by unpacking it; no pip needed for that
    return wheel, tmp / "site"


def test_wheel_holds_the_data_files(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("sefkit/_sef/frameworks/area-send-2025.yaml", "sefkit/_sef/vocabularies.yaml",
                     "sefkit/_sef/scoring.yaml", "sefkit/_sef/reference/benchmarks.csv",
                     "sefkit/_sef/reference/councils.csv", "sefkit/_sef/reference/inspections.csv",
                     "sefkit/_notebooks/sef_report.ipynb", "sefkit/_sef/import-headers.yaml",
                     "sefkit/apps/share/voila/templates/sefkit/index.html.j2", "sefkit/exchange/xlsx.py"):
        assert expected in names


def test_installed_wheel_inits_validates_and_scores_a_real_council(installed, tmp_path):
    _, site = installed
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = ("import sefkit, sys; from sefkit.cli import main; "
            "assert sefkit.__file__.startswith(sys.argv[1]), sefkit.__file__; "
            "sys.exit(main(sys.argv[2:]))")

    def sef(*args):
        return subprocess.run([sys.executable, "-c", code, str(site), *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True)

    made = sef("init", "ws", "--la", "Wakefield")
    assert made.returncode == 0, made.stderr
    checked = sef("validate", "--workspace", "ws", "--all")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    scored = sef("score", "--workspace", "ws", "--all")
    assert scored.returncode == 0, scored.stderr
    assert "wakefield" in scored.stdout.lower()
