"""Benchmark: the board dashboard as board members use it, served two ways side by side.

On a workspace of every English authority (`sef init --all-england`, 153 councils), the same notebook
(notebooks/dashboard.ipynb) is served by `sef dashboard` and by plain `voila notebooks/dashboard.ipynb`
with its default settings, both running at once. Debian's Chromium (Playwright) measures, on each:
  - usable:   from opening the page to its headline tiles and its charts drawn (goal: under 1.5 s);
  - controls: from opening the page to the Council picker there to use (reported, no goal);
  - switch:   from choosing another council to its dashboard shown (goal: under 300 ms);
  - drill:    from following a criterion's link to its detail shown (goal: under 300 ms);
  - compare:  from choosing "Compare every council" to all 153 ranked rows shown (goal: under 3 s).
Times are taken in the page (performance.now(), from the start of navigation or from the action),
so the harness's own round trips are not counted. Medians, min and max over --rounds.

    .venv/bin/python bench/dashboard.py [--rounds 5] [--settle 25] [--workspace DIR]
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
import threading
import time
from pathlib import Path

from sefkit.apps.serve import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# From the start of navigation to the tiles and at least one chart in the page (before or after the widget
# replaces the HTML sent with the page: either counts, both are the same figures).
USABLE = """(() => { const check = () => {
    if (document.querySelector('.sef-tiles .sef-tile') && document.querySelector('.sef-board figure svg')
        && !window.sefUsable) { window.sefUsable = performance.now(); }
    const council = [...document.querySelectorAll('select')].find(s => s.labels && s.labels[0]
                      && s.labels[0].textContent.trim() === 'Council');
    if (council && !window.sefControls) { window.sefControls = performance.now(); }
    if (!window.sefUsable || !window.sefControls) { requestAnimationFrame(check); }
  }; requestAnimationFrame(check); })()"""
# Time from an action to a selector matching, watched in the page.
ACT_AND_TIME = """([action, selector]) => new Promise(resolve => {
    const start = performance.now();
    const done = () => document.querySelector(selector);
    new MutationObserver((changes, observer) => {
        if (done()) { observer.disconnect(); resolve(performance.now() - start); }
    }).observe(document.body, {childList: true, subtree: true, attributes: true});
    eval(action);
    if (done()) { resolve(performance.now() - start); }
})"""
# Choose the option at `index` (the Council picker lists the councils in id order) as a person would.
SELECT = ("(() => {{ const s = [...document.querySelectorAll('select')].find(s => s.labels && s.labels[0] && "
          "s.labels[0].textContent.trim() === '{label}'); s.selectedIndex = {index}; "
          "s.dispatchEvent(new Event('change', {{bubbles: true}})); }})()")


def all_england() -> Path:
    work = Path(tempfile.mkdtemp(prefix="sef-bench-dash-")) / "ws"
    subprocess.run([str(BIN / "sef"), "init", str(work), "--all-england", "--as-of", "2025-10-31"], check=True,
                   stdout=subprocess.DEVNULL)
    return work


def started(command: list[str], cwd: Path, env: dict[str, str], pattern: str) -> tuple[subprocess.Popen[str], str]:
    log = open(os.environ.get("SEF_BENCH_LOG", os.devnull), "a")
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    while True:
        line = proc.stdout.readline() if proc.stdout else ""
        log.write(line)
        if not line and proc.poll() is not None:
            raise SystemExit(f"{command[0]} did not start")
        m = re.search(pattern, line)
        if m:
            # the server's log keeps coming: read on, or its pipe fills and the server stops answering
            threading.Thread(target=lambda: [log.write(text) for text in proc.stdout], daemon=True).start()
            return proc, m.group(1)


def serve_both(work: Path) -> dict[str, tuple[subprocess.Popen[str], str]]:
    env = dict(os.environ)
    sef = started([str(BIN / "sef"), "dashboard", "--workspace", str(work)], work, env,
                  r"(http://127\.0\.0\.1:\d+/voila/render/dashboard\.ipynb)")
    plain_dir = Path(tempfile.mkdtemp(prefix="sef-bench-plain-"))
    shutil.copy2(ROOT / "notebooks" / "dashboard.ipynb", plain_dir / "dashboard.ipynb")
    env["SEF_WORKSPACE"] = str(work)
    port = free_port()
    plain = started([str(BIN / "voila"), str(plain_dir / "dashboard.ipynb"), "--no-browser", f"--port={port}"],
                    plain_dir, env, r"(http://(?:localhost|127\.0\.0\.1):\d+/)")
    return {"sef dashboard": sef, "plain voila": (plain[0], f"http://127.0.0.1:{port}/")}


def summary(name: str, values: list[float], goal: float | None) -> None:
    values = sorted(values)
    target = f"goal < {goal * 1000:.0f} ms" if goal else ""
    print(f"  {name:<9} median {statistics.median(values) * 1000:7.0f} ms   min {values[0] * 1000:7.0f}   "
          f"max {values[-1] * 1000:7.0f}   n={len(values)}   {target}")


async def measure(browser, url: str, councils: list[str], rounds: int, settle: float) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {k: [] for k in ("usable", "controls", "switch", "drill", "compare")}
    joiner = "&" if "?" in url else "?"
    for n in range(rounds):
        await asyncio.sleep(settle)              # a preheated kernel is ready again for the next visitor
        page = await browser.new_page(viewport={"width": 1280, "height": 1000})
        await page.add_init_script(USABLE)
        await page.goto(f"{url}{joiner}council={councils[n % len(councils)]}")
        await page.wait_for_function("() => window.sefUsable && window.sefControls", timeout=180_000)
        out["usable"].append(float(await page.evaluate("() => window.sefUsable")) / 1000)
        out["controls"].append(float(await page.evaluate("() => window.sefControls")) / 1000)
        await page.locator(".sef-live .sef-board").wait_for(timeout=60_000)
        for k in range(2):
            other = councils[(n + k + 1) % len(councils)]
            out["switch"].append(float(await page.evaluate(ACT_AND_TIME, [
                SELECT.format(label="Council", index=councils.index(other)),
                f'.sef-live .sef-board[data-council="{other}"]'])) / 1000)
            target = await page.locator(".sef-live .sef-grid a").nth(k * 3).get_attribute("href")
            out["drill"].append(float(await page.evaluate(ACT_AND_TIME, [
                f"document.querySelector('.sef-live a[href=\"{target}\"]').click()",
                f'.sef-live {target}:target'])) / 1000)
        out["compare"].append(float(await page.evaluate(ACT_AND_TIME, [
            SELECT.format(label="View", index=1),
            f'.sef-live [data-view="compare"] tbody tr:nth-child({len(councils)})'])) / 1000)
        await page.close()
    return out


async def run(servers: dict[str, tuple[subprocess.Popen[str], str]], councils: list[str], rounds: int,
              settle: float) -> None:
    from playwright.async_api import async_playwright

    from sefkit.publish.pdf import chromium_path

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        results = {}
        for name, (_, url) in servers.items():
            results[name] = await measure(browser, url, councils, rounds, settle)
        await browser.close()
    print(f"Board dashboard, {len(councils)} councils, {os.cpu_count()} cores, {rounds} rounds, {settle:g} s "
          "between visitors")
    goals = {"usable": 1.5, "controls": None, "switch": 0.3, "drill": 0.3, "compare": 3.0}
    for name, figures in results.items():
        print(name)
        for key, values in figures.items():
            summary(key, values, goals[key])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--settle", type=float, default=25, help="seconds between visitors (the pool refills)")
    parser.add_argument("--workspace", type=Path, help="an existing workspace (default: a new all-England one)")
    args = parser.parse_args()
    work = args.workspace or all_england()
    councils = sorted(p.stem for p in (work / "parameters").glob("*.yaml"))
    servers = serve_both(work)
    try:
        time.sleep(args.settle)                      # the pools fill before anyone arrives
        asyncio.run(run(servers, councils, args.rounds, args.settle))
    finally:
        for proc, _ in servers.values():
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=60)
        if not args.workspace:
            shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
