"""HTML report to PDF with Debian's Chromium, driven by Playwright (no browser download).

The PDF is printed from the very HTML file we publish, so both say the same
thing; print CSS keeps tables and charts whole.

The page is printed as a web page that can reach nothing: JavaScript is off,
and the page is served from an address of its own (`ORIGIN`, answered by the
printer itself from the report's folder), not opened as a file. A web page may
not load local files at all, so an `<iframe src="file:///...">` that slipped
into a report shows nothing; a relative address is answered only with a file
inside the report's own folder; every other request (the network) is refused.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

ORIGIN = "https://sef-report.invalid/"     # .invalid is reserved: it can never be a real site


class PdfError(Exception):
    """PDF output is not possible on this machine (Chromium is missing or cannot start). The message is
    one line for the user: what is wrong and what to do."""


def find_chromium() -> str:
    for candidate in (os.environ.get("SEF_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    raise PdfError("PDF output needs Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set "
                   "SEF_CHROMIUM to its path; or leave pdf out of --format")


def chromium_path() -> str:
    """The browser that prints PDFs, once it has shown that it starts (checked once per process, before
    any report is rendered): raises PdfError, one line, if there is none that does."""
    path = find_chromium()
    _check_starts(path)
    return path


@functools.cache
def _check_starts(path: str) -> None:
    try:
        done = subprocess.run([path, "--headless", "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise cannot_start(path, exc) from None
    if done.returncode != 0:
        raise cannot_start(path, done.stderr.strip() or f"exit code {done.returncode}")


def cannot_start(path: str, why: object) -> PdfError:
    """The one line a user sees when the browser is there but does not start: the browser's own first
    complaint where Playwright reports one ("error while loading shared libraries: ..."), else the
    first line of the error."""
    text = str(why)
    complaint = BROWSER_SAID.search(text)
    first = complaint.group(1) if complaint else next((ln for ln in text.splitlines() if ln.strip()), "")
    return PdfError(f"PDF output: Chromium ({path}) did not start ({first.strip()[:160] or 'no reason given'}); "
                    f"check that '{path} --headless --version' runs, set SEF_CHROMIUM to a Chromium that does, or "
                    "leave pdf out of --format")


BROWSER_SAID = re.compile(r"\[pid=\d+\]\[err\] *(\S[^\n]*)")


class PdfPrinter:
    """One headless browser, started on first use and reused for every report of a worker."""

    def __init__(self):
        self._playwright = None
        self._browser = None
        self._context = None
        self._page = None
        self._folder: Path | None = None     # the report folder the page may be answered from

    def _ready(self):
        """The browser context pages are printed in: JavaScript off, no service workers, no downloads."""
        if self._context is None:
            try:
                from playwright.sync_api import sync_playwright
            except ImportError:  # pragma: no cover - playwright is a dependency
                raise PdfError("PDF output needs the 'playwright' package: reinstall sefkit") from None
            path = find_chromium()
            try:
                self._playwright = sync_playwright().start()
                self._browser = self._playwright.chromium.launch(
                    executable_path=path, headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run"])
                self._context = self._browser.new_context(java_script_enabled=False, service_workers="block",
                                                          accept_downloads=False)
            except Exception as exc:
                self._close_quietly()
                raise cannot_start(path, exc) from None
        return self._context

    def print_pdf(self, html_file: Path, pdf_file: Path) -> None:
        """Print one page. If anything goes wrong the browser is closed, so a crashed or hung
        Chromium costs this council its PDF but the next council gets a fresh browser."""
        try:
            self._print(Path(html_file), Path(pdf_file))
        except BaseException:
            self._close_quietly()
            raise

    def _close_quietly(self) -> None:
        try:
            self.close()
        except Exception:  # the browser may already be gone
            pass

    def _print(self, html_file: Path, pdf_file: Path) -> None:
        if not html_file.is_file():
            raise FileNotFoundError(f"no page to print: {html_file.name}")
        self._folder = html_file.resolve().parent
        if self._page is None:
            # One page for every report of this worker: a new page costs a renderer process each time.
            self._page = self._ready().new_page()
            self._page.route("**/*", lambda route: _answer(route, self._folder))
        page = self._page
        try:
            page.goto(ORIGIN + quote(html_file.name), wait_until="load")
            # tagged: a structure tree (headings, tables, alt text) for screen readers; outline: bookmarks
            # from the headings. Both are what a council must publish (accessibility regulations). Margins
            # and page numbers come from the page's own @page rules (publish.page).
            page.pdf(path=str(pdf_file), format="A4", print_background=True, prefer_css_page_size=True,
                     tagged=True, outline=True)
        finally:
            self._folder = None

    def close(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = self._context = self._page = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()  # also ends Playwright's node driver, whatever happened to the browser


def _answer(route, folder: Path | None) -> None:
    """Serve a request from the report's folder, or refuse it (and everything, between two reports)."""
    found = served_file(route.request.url, folder) if folder is not None else None
    if found is None:
        route.abort()
    else:
        route.fulfill(path=str(found))


def served_file(url: str, folder: Path) -> Path | None:
    """The file inside `folder` that `url` (an address under ORIGIN) names, or None: any other address,
    a file outside the folder (by "..", an absolute path or a link) or no file at all."""
    if not url.startswith(ORIGIN):
        return None
    name = unquote(urlsplit(url).path).lstrip("/")
    if not name or "\\" in name or "\x00" in name:
        return None
    candidate = (folder / name).resolve()
    if not candidate.is_relative_to(folder) or not candidate.is_file():
        return None
    return candidate
