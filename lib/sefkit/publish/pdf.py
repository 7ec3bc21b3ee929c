"""HTML report to PDF with Debian's Chromium, driven by Playwright (no browser download).

The PDF is printed from the very HTML file we publish, so both say the same
thing; print CSS keeps tables and charts whole. Every request that is not the
local file is refused, so a PDF can never depend on the network.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class PdfError(Exception):
    """PDF output is not possible on this machine (e.g. Chromium is missing)."""


def chromium_path() -> str:
    for candidate in (os.environ.get("SEF_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    raise PdfError("PDF output needs Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set "
                   "SEF_CHROMIUM to its path; or leave pdf out of --format")


class PdfPrinter:
    """One headless browser, started on first use and reused for every report of a worker."""

    def __init__(self):
        self._playwright = None
        self._browser = None

    def _browser_ready(self):
        if self._browser is None:
            try:
                from playwright.sync_api import sync_playwright
            except ImportError as exc:  # pragma: no cover - playwright is a dependency
                raise PdfError("PDF output needs the 'playwright' package") from exc
            path = chromium_path()
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=path, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"])
        return self._browser

    def print_pdf(self, html_file: Path, pdf_file: Path) -> None:
        """Print one page. If anything goes wrong the browser is closed, so a crashed or hung
        Chromium costs this council its PDF but the next council gets a fresh browser."""
        try:
            self._print(html_file, pdf_file)
        except BaseException:
            self._close_quietly()
            raise

    def _close_quietly(self) -> None:
        try:
            self.close()
        except Exception:  # the browser may already be gone
            pass

    def _print(self, html_file: Path, pdf_file: Path) -> None:
        page = self._browser_ready().new_page()
        try:
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(Path(html_file).resolve().as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.pdf(path=str(pdf_file), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>",
                     footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                     '<span class="title"></span> - page <span class="pageNumber"></span> of '
                                     '<span class="totalPages"></span></div>',
                     margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"})
        finally:
            page.close()

    def close(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()  # also ends Playwright's node driver, whatever happened to the browser
