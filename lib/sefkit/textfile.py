"""Read a user's text file safely: size limit, binary junk, encodings.

Councils edit CSVs in Excel, which saves Windows-1252 (or UTF-8 with a BOM);
some tools save UTF-16. We accept UTF-8 (with or without BOM) and fall back to
Windows-1252; anything else gets a clear message instead of mojibake or a
traceback. Input files are only ever read, never modified.
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problems

DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # a real evidence library is well under 1 MB


def read_text(path: Path, shown: str, problems: Problems, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """Return the file's text, or None after recording why it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.error(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")
        return None
    if size > max_bytes:
        problems.error(
            shown, 1, 1,
            f"file is {size / 1024 / 1024:.1f} MB, larger than the {max_bytes / 1024 / 1024:.0f} MB limit; "
            "is this the right file?",
        )
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(shown, 1, 1, "file is saved as UTF-16; save it as UTF-8 (in Excel: 'CSV UTF-8')")
        return None
    if data.startswith(b"PK\x03\x04"):
        problems.error(shown, 1, 1, "file is a zip archive (an .xlsx or .docx?), not text; save it as CSV UTF-8")
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.error(shown, line, 1, "file contains binary data (NUL bytes); is it a spreadsheet or a "
                       "document saved under the wrong name? Save it as CSV UTF-8 or YAML text")
        return None
    if not data.strip():
        problems.error(shown, 1, 1, "file is empty")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            problems.error(shown, line, 1, "file is neither UTF-8 nor Windows-1252 text; save it as UTF-8")
            return None
    # Normalise newlines so line numbers match what an editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n")
