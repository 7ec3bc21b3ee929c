"""Shared test fixtures: the repository root and a rendered demo report (built once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def chromium_available() -> bool:
    from sefkit.publish.pdf import PdfError, chromium_path

    try:
        chromium_path()
        return True
    except PdfError:
        return False


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory):
    """All demo councils rendered in every format by the real `sef report` pipeline (one batch)."""
    if not chromium_available():
        pytest.fail("Chromium is required for report tests; `make test` installs it (apt-get install chromium)")
    from sefkit.publish.batch import run_reports

    work = tmp_path_factory.mktemp("demo")
    for part in ("parameters", "evidence", "sef"):
        shutil.copytree(ROOT / part, work / part, ignore=shutil.ignore_patterns("*.lock", "__pycache__"))
    result = run_reports(work, ["brightwater", "greyhaven", "kestrel-vale"], None,
                         ("html", "pdf", "docx", "ipynb"), jobs=2, progress=False,
                         notebook=ROOT / "notebooks" / "sef_report.ipynb")
    assert result.exit_code == 0, [(r.council, r.cell, r.error) for r in result.failed]
    return work, result


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright, one per test module (the end-to-end tests share it)."""
    from playwright.sync_api import sync_playwright

    from sefkit.publish.pdf import chromium_path

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()
