"""Benchmark: `sef import` and `sef export` on a 5,000-row tracker (the goal: each under 2 s).

Builds a real .xlsx action plan shaped like Walsall's (a title row, combined status cells such as
"June 23 Embedded", a group label merged down, dates as Excel dates, extra columns) with openpyxl, a
workspace for the real framework, then times, in this process, each of:
  - import --dry-run   read, check and plan (nothing written),
  - import             the same, written through the one writer (into an empty action plan),
  - import again       the same sheet a second time (nothing to change),
  - export             the whole workspace (5,000 actions, 5,000 evidence items) as a workbook,
and prints the median and the spread over --repeat runs.

    .venv/bin/python bench/excel.py [--rows 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

from sefkit.cli import main
from sefkit.framework import Catalogues
from sefkit.workspace.specs import ACTIONS, EVIDENCE

AS_OF = dt.date(2025, 10, 31)
HEADER = ["Project Title", "Ref", "During the next 12 months we will", "Lead", "Due date", "RAG",
          "Progress so far (June Update 2023)", "Evidence of Impact", "Our children, young people and families will"]


def tracker(path: Path, rows: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "APP"
    sheet.append(["Accelerated Progress Plan"])
    sheet.append(HEADER)
    statuses = ["June 23 Embedded", "Dec 22 Complete", "In Progress", "Delayed / at risk", "Not started"]
    for i in range(rows):
        sheet.append([f"Project {i // 8}" if i % 8 == 0 else None, f"APP {i // 100}.{i % 100}.{i}",
                      f"Do the thing number {i} across the partnership with schools and health",
                      rng.choice(["Head of SEND", "Designated Clinical Officer", "Local Offer Co-ordinator"]),
                      dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(600)), rng.choice(statuses),
                      "Progress so far: recruited, trained and embedded " * rng.randrange(1, 4),
                      f"EV-{rng.randrange(1, 999):04d}", "Families will know who to call"])
        if i % 8 == 0 and i + 7 < rows:
            sheet.merge_cells(f"A{i + 3}:A{i + 10}")
    book.save(path)


def workspace(root: Path, rows: int, seed: int = 5) -> None:
    import csv

    rng = random.Random(seed)
    fw = Catalogues().get("area-send-2025")
    annex, criteria = list(fw.annex_a), list(fw.criteria)
    (root / "parameters").mkdir(parents=True)
    (root / "parameters" / "bench.yaml").write_text(
        f"council: bench\nname: Bench LAP\nframework: area-send-2025\nas_of: {AS_OF}\n")
    folder = root / "evidence" / "bench"
    folder.mkdir(parents=True)
    with (folder / "evidence.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(EVIDENCE.names)
        for i in range(rows):
            w.writerow([f"EV-{i:05d}", f"Evidence document {i}", rng.choice(annex), rng.choice(criteria),
                        rng.choice(["complete", "in_progress", "high_risk"]), rng.randrange(4), "Head of SEND",
                        (AS_OF - dt.timedelta(days=rng.randrange(300))).isoformat(), "", ""])
    (folder / "kpis.csv").write_text("indicator,period_end,value\n", encoding="utf-8")
    (folder / "actions.csv").write_text(",".join(ACTIONS.names) + "\n", encoding="utf-8")


def timed(fn: Callable[[], int]) -> float:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        start = time.perf_counter()
        code = fn()
        took = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"failed:\n{out.getvalue()[-2000:]}")
    return took


def report(name: str, times: list[float]) -> None:
    print(f"  {name:<18} median {statistics.median(times):6.3f} s   (min {min(times):.3f}, max {max(times):.3f}, "
          f"{len(times)} runs)")


def run(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sheet = root / "app.xlsx"
        tracker(sheet, rows)
        base = root / "base"
        workspace(base, rows)
        args = ["import", str(sheet), "--council", "bench", "--kind", "actions"]
        results: dict[str, list[float]] = {"import --dry-run": [], "import": [], "import again": [], "export": []}
        for n in range(repeat):
            ws = root / f"ws{n}"
            shutil.copytree(base, ws)
            here = [*args, "--workspace", str(ws)]
            export = ["export", "--council", "bench", "--workspace", str(ws), "-o", str(root / "out.xlsx")]
            results["import --dry-run"].append(timed(lambda: main([*here, "--dry-run"])))   # noqa: B023
            results["import"].append(timed(lambda: main(here)))                              # noqa: B023
            results["import again"].append(timed(lambda: main(here)))                        # noqa: B023
            results["export"].append(timed(lambda: main(export)))                            # noqa: B023
        print(f"{rows:,}-row tracker ({sheet.stat().st_size / 1024:.0f} KB .xlsx); export of {rows:,} actions and "
              f"{rows:,} evidence items ({(root / 'out.xlsx').stat().st_size / 1024:.0f} KB):")
        for name, times in results.items():
            report(name, times)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    run(options.rows, options.repeat)
