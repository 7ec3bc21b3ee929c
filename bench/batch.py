"""Benchmark: `sef report` (warm kernel pool) against a loop of the plain papermill CLI.

Generates N councils (default 24) by copying the demo councils under new ids,
then, in one run, times
  (a) the plain `papermill` CLI, once per council, over the same notebook and parameters;
  (b) `sef report --all --format ipynb,html --jobs 2`;
and prints both times, the per-council times (min / median / max; for (b) as
reported by each worker, which excludes the one-off kernel start) and the ratio.

    .venv/bin/python bench/batch.py [--councils 24] [--jobs 2] [--skip-cli]

`--councils 153 --skip-cli` measures the "every English council in under 3 minutes" goal.

Formats, side by side in one run (each set written to its own folder, same workspace, same pool size):

    .venv/bin/python bench/batch.py --skip-cli --formats "html;html,docx;html,pdf;html,pdf,docx"
    .venv/bin/python bench/batch.py --all-england --skip-cli --formats "html;html,pdf,docx"

prints each set's time and its ratio to HTML alone. `--all-england` uses `sef init --all-england` (all 153
authorities, with their published figures) instead of copies of the demo councils.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ["brightwater", "kestrel-vale", "greyhaven"]
BIN = Path(sys.executable).parent


def make_workspace(root: Path, n: int) -> list[str]:
    councils = []
    for i in range(n):
        source = DEMO[i % len(DEMO)]
        council = f"{source}-{i + 1:03d}"
        councils.append(council)
        params = (ROOT / "parameters" / f"{source}.yaml").read_text()
        (root / "parameters").mkdir(parents=True, exist_ok=True)
        (root / "parameters" / f"{council}.yaml").write_text(
            params.replace(f"council: {source}", f"council: {council}").replace(f"sef/{source}/", f"sef/{council}/"))
        shutil.copytree(ROOT / "evidence" / source, root / "evidence" / council)
        shutil.copytree(ROOT / "sef" / source, root / "sef" / council)
    return councils


def spread(times: list[float]) -> str:
    if not times:
        return "no per-council times"
    return (f"per council min {min(times):.2f} / median {statistics.median(times):.2f} / "
            f"max {max(times):.2f} s")


def papermill_cli_loop(root: Path, councils: list[str], out: Path) -> tuple[float, list[float]]:
    out.mkdir(parents=True, exist_ok=True)
    notebook = ROOT / "notebooks" / "sef_report.ipynb"
    start = time.perf_counter()
    each = []
    for council in councils:
        one = time.perf_counter()
        subprocess.run([str(BIN / "papermill"), str(notebook), str(out / f"{council}.ipynb"), "-p", "council",
                        council, "-p", "workspace", str(root), "-p", "as_of", "2025-10-31", "--no-progress-bar"],
                       check=True, capture_output=True, cwd=root)
        each.append(time.perf_counter() - one)
    return time.perf_counter() - start, each


def sef_report(root: Path, jobs: int, formats: str = "ipynb,html", out: Path | None = None
               ) -> tuple[float, list[float]]:
    start = time.perf_counter()
    proc = subprocess.run([str(BIN / "sef"), "report", "--workspace", str(root), "--all", "--format", formats,
                           "--jobs", str(jobs), *(["--out", str(out)] if out else [])], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"sef report failed:\n{proc.stderr[-3000:]}")
    # The progress lines (stderr is not a terminal here) end with each council's own time: "(1.1 s)".
    each = [float(m) for m in re.findall(r" ok \(([0-9.]+) s\)$", proc.stderr, flags=re.M)]
    return elapsed, each


def compare_formats(root: Path, councils: list[str], jobs: int, sets: list[str], tmp: Path) -> None:
    base = None
    for i, formats in enumerate(sets):
        out = tmp / f"out-{i}"
        elapsed, each = sef_report(root, jobs, formats, out)
        written = len(list(out.glob("*/2025-10-31/scorecard.json")))
        base = base or elapsed
        print(f"--format {formats:<16} {elapsed:7.1f} s  {elapsed / len(councils):.2f} s per council, "
              f"{elapsed / base:.2f}x the first; {written} reports; {spread(each)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--councils", type=int, default=24)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-cli", action="store_true", help="time only sef report")
    parser.add_argument("--formats", help="format sets to time side by side, separated by ';' (e.g. "
                        "'html;html,pdf,docx'); the first is the baseline for the ratios")
    parser.add_argument("--all-england", action="store_true", help="all 153 authorities (sef init --all-england)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sef-bench-") as tmp:
        root = Path(tmp) / "ws"
        if args.all_england:
            subprocess.run([str(BIN / "sef"), "init", str(root), "--all-england", "--as-of", "2025-10-31"],
                           check=True, capture_output=True)
            councils = sorted(p.stem for p in (root / "parameters").glob("*.yaml"))
        else:
            councils = make_workspace(root, args.councils)
        print(f"{len(councils)} councils, {os.cpu_count()} cores, jobs={args.jobs}")
        if args.formats:
            compare_formats(root, councils, args.jobs, args.formats.split(";"), Path(tmp))
            return
        report, report_each = sef_report(root, args.jobs)
        html = len(list((root / "reports").glob("*/2025-10-31/sef-report.html")))
        print(f"(b) sef report --format ipynb,html: {report:7.1f} s  ({report / len(councils):.2f} s per council "
              f"overall, {html} HTML reports; {spread(report_each)} in a warm kernel)")
        if not args.skip_cli:
            cli, cli_each = papermill_cli_loop(root, councils, Path(tmp) / "cli")
            print(f"(a) papermill CLI loop:              {cli:7.1f} s  ({cli / len(councils):.2f} s per council "
                  f"overall; {spread(cli_each)})")
            print(f"ratio (a)/(b): {cli / report:.1f}x")


if __name__ == "__main__":
    main()
