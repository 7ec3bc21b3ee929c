"""Benchmark: the workbook's self-assessment page as people use it, through `sef workbook` and Chromium.

On a copy of the demo workspace (brightwater: 15 criteria, about 90 evidence items), with the server
already running and its kernel pool filled, prints:
  - usable:  from opening the page to the form filled with the council's data (goal: under 2 s);
  - save:    from clicking Save to "Saved", with four pages saving at once (goal: median under 300 ms);
  - switch:  from choosing another criterion to its form shown (goal: under 200 ms).

    .venv/bin/python bench/workbook.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CRITERIA = ["IMP-1", "IMP-2", "IMP-3", "LEAD-1"]
# In the page, from the start of navigation (performance.now() counts from it) to the form filled with the
# council's data: the Strengths box (a textarea labelled so) holding text.
USABLE = """(() => { const check = () => {
    const box = [...document.querySelectorAll('textarea')].find(t => t.labels && t.labels[0]
                 && t.labels[0].textContent.trim() === 'Strengths');
    if (box && box.value) { window.sefUsable = performance.now(); } else { requestAnimationFrame(check); }
  }; requestAnimationFrame(check); })()"""
SAVE_AND_TIME = """() => new Promise(resolve => {
    const status = document.querySelector('.sef-status');
    const before = status.innerText;
    const save = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Save');
    let start = 0;
    new MutationObserver((changes, observer) => {
        const text = status.innerText;
        if (text !== before && text.startsWith('Saved ')) { observer.disconnect(); resolve(performance.now() - start); }
    }).observe(status, {childList: true, subtree: true, characterData: true});
    start = performance.now();
    save.click();
})"""


def copy_demo() -> Path:
    work = Path(tempfile.mkdtemp(prefix="sef-bench-wb-"))
    for part in ("parameters", "evidence", "sef"):
        shutil.copytree(ROOT / part, work / part, ignore=shutil.ignore_patterns("*.lock", "snapshots.csv"))
    return work


def start(work: Path) -> tuple[subprocess.Popen[str], str]:
    sef = Path(sys.executable).with_name("sef")
    proc = subprocess.Popen([str(sef), "workbook", "--workspace", str(work), "--council", "brightwater"],
                            stdout=subprocess.PIPE, stderr=open(os.environ.get("SEF_BENCH_LOG", os.devnull), "w"),
                            text=True, start_new_session=True)
    while True:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line and proc.poll() is not None:
            raise SystemExit("sef workbook did not start")
        m = re.search(r"(http://127\.0\.0\.1:\d+/voila/render/self_assessment\.ipynb\S*)", line)
        if m:
            return proc, m.group(1)


def summary(name: str, values: list[float], goal: float) -> None:
    values = sorted(values)
    print(f"{name:<8} median {statistics.median(values) * 1000:7.0f} ms   min {values[0] * 1000:7.0f}   "
          f"max {values[-1] * 1000:7.0f}   n={len(values)}   goal < {goal * 1000:.0f} ms")


async def run(url: str, rounds: int) -> None:
    from playwright.async_api import async_playwright

    from sefkit.publish.pdf import chromium_path

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        usable: list[float] = []
        for _ in range(rounds):
            await asyncio.sleep(4)                         # the pool refills its kernel between visitors
            page = await browser.new_page()
            await page.add_init_script(USABLE)
            await page.goto(f"{url}&criterion=IMP-1")
            await page.wait_for_function("() => window.sefUsable !== undefined", timeout=120_000)
            usable.append(float(await page.evaluate("() => window.sefUsable")) / 1000)
            await page.close()

        await asyncio.sleep(4)
        pages = []
        for criterion in CRITERIA:
            page = await browser.new_page()
            await page.goto(f"{url}&criterion={criterion}")
            await page.get_by_label("Strengths").wait_for(timeout=120_000)
            await page.get_by_label("Your name or role").fill(f"Bench {criterion}")
            pages.append(page)
            await asyncio.sleep(4)

        async def save(page, n: int) -> float:
            await page.get_by_label("Strengths").fill(f"Benchmark text, round {n}.")
            # Timed in the page itself, from the click to the status saying "Saved" (a MutationObserver): the
            # harness's own round trips to four pages at once are not counted.
            return float(await page.evaluate(SAVE_AND_TIME)) / 1000

        saves: list[float] = []
        for n in range(rounds * 2):
            saves += await asyncio.gather(*(save(page, n) for page in pages))
            await asyncio.sleep(1.1)       # "Saved ... at 10:15:02": the next round's message differs

        switches: list[float] = []
        page = pages[0]
        choices = ["IMP-2", "LEAD-3", "AP-1", "IMP-5", "LEAD-6"]
        for n in range(rounds * 2):
            criterion = choices[n % len(choices)]
            box = page.get_by_label("Criterion")
            label = await box.locator("option", has_text=f": {criterion} ").first.inner_text()
            t = time.perf_counter()
            await box.select_option(label=label)
            await page.get_by_role("heading", name=re.compile(rf"^{criterion} ")).wait_for(timeout=30_000)
            switches.append(time.perf_counter() - t)
        await browser.close()
    print(f"sef workbook, self-assessment page, demo council brightwater, {os.cpu_count()} cores")
    summary("usable", usable, 2.0)
    summary("save x4", saves, 0.3)
    summary("switch", switches, 0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    work = copy_demo()
    proc, url = start(work)
    try:
        time.sleep(8)                                      # the pools fill before anyone arrives
        asyncio.run(run(url, args.rounds))
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
