"""Benchmark: scoring time and peak memory as the evidence library grows.

Generates workspaces of 1k, 10k and 100k evidence rows (with 5k KPI rows and 500
actions) for the real framework catalogue, then for each size times
  - score():    the pure scoring function on the loaded model (the goal: 100k in < 1 s),
  - load():     reading and validating the files from disk,
and prints seconds, peak memory (tracemalloc) and the growth factor per 10x rows.

    .venv/bin/python bench/score.py [--sizes 1000 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from sefkit.framework import Catalogues
from sefkit.scoring import score
from sefkit.workspace import Workspace
from sefkit.workspace.specs import ACTIONS, EVIDENCE, KPIS

AS_OF = dt.date(2025, 10, 31)


def generate(root: Path, rows: int, kpi_rows: int = 5000, actions: int = 500, seed: int = 7) -> None:
    rng = random.Random(seed)
    fw = Catalogues().get("area-send-2025")
    annex, crits, kpis = list(fw.annex_a), list(fw.criteria), list(fw.kpis)
    statuses = ["high_risk", "in_progress", "complete", "complete_needs_update", "Complete", "Work underway"]
    (root / "parameters").mkdir(parents=True)
    (root / "parameters" / "bench.yaml").write_text(
        f"council: bench\nname: Bench LAP\nframework: area-send-2025\nas_of: {AS_OF}\n")
    folder = root / "evidence" / "bench"
    folder.mkdir(parents=True)
    with open(folder / "evidence.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(EVIDENCE.names)
        for i in range(rows):
            w.writerow([f"EV-{i:06d}", f"Evidence document {i}", rng.choice(annex),
                        ";".join(rng.sample(crits, rng.randint(1, 3))), rng.choice(statuses), rng.randint(0, 3),
                        "Head of SEND", (AS_OF - dt.timedelta(days=rng.randint(0, 500))).isoformat(), "", ""])
    with open(folder / "kpis.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(KPIS.names)
        per_kpi = max(1, kpi_rows // len(kpis))
        for k in kpis:
            for j in range(per_kpi):
                end = AS_OF - dt.timedelta(days=30 * (per_kpi - j))
                w.writerow([k, end.isoformat(), f"{rng.uniform(5, 95):.1f}", "", f"{rng.uniform(5, 95):.1f}",
                            "", "", ""])
    with open(folder / "actions.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(ACTIONS.names)
        for i in range(actions):
            w.writerow([f"A{i}", "Action", rng.choice(crits), "Head of SEND",
                        (AS_OF + dt.timedelta(days=rng.randint(-200, 200))).isoformat(),
                        rng.choice(["in_progress", "complete", "delayed"]), "", ""])


def measure(fn, repeat: int):
    times, peak = [], 0
    result = None
    for _ in range(repeat):
        tracemalloc.start()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return min(times), statistics.median(times), peak, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'evidence rows':>13} {'score min s':>11} {'score med s':>11} {'score peak MB':>13} "
          f"{'load min s':>10} {'load peak MB':>12} {'score growth':>12}")
    previous = None
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            generate(root, size)
            ws = Workspace(root)
            start = time.perf_counter()
            data, problems = ws.load("bench", AS_OF)
            load_min = time.perf_counter() - start
            _, _, load_peak, _ = (measure(lambda ws=ws: ws.load("bench", AS_OF), 1) if size <= 10000
                                  else (0, 0, float("nan"), None))
            assert data is not None, problems.sorted()[:5]
            # tracemalloc slows execution; time without it, measure memory with it.
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                score(data, ws.rules)
                times.append(time.perf_counter() - start)
            _, _, score_peak, _ = measure(lambda data=data, ws=ws: score(data, ws.rules), 1)
            growth = "" if previous is None else f"x{min(times) / previous:.1f}"
            previous = min(times)
            print(f"{size:>13,} {min(times):>11.3f} {statistics.median(times):>11.3f} "
                  f"{score_peak / 1e6:>13.1f} {load_min:>10.2f} {load_peak / 1e6:>12.1f} {growth:>12}")


if __name__ == "__main__":
    main()
