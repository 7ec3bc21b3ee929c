"""Read a user's text file safely (size limit, binary junk, encodings) and remember how it was written.

Councils edit CSVs in Excel, which saves UTF-8 (with a byte-order mark) or
Windows-1252; some tools save UTF-16. We read UTF-8 (with or without BOM), and
Windows-1252 only when the file has no UTF-8 in it at all: a UTF-8 file with one
stray Windows-1252 byte is an error naming that line, never a guess that turns
every other accented letter into mojibake. Anything else gets a clear message.

A `TextDoc` keeps the encoding, byte-order mark and line ending it was read
with, and the revision (a hash of the bytes), so a save can write the file back
the way it came and refuse if someone else changed it in between.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .problems import Problems

DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # a real evidence library is well under 1 MB

Encoding = Literal["utf-8", "utf-8-sig", "cp1252"]
# A UTF-8 multi-byte sequence: its presence shows a file was written as UTF-8.
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def revision_of(data: bytes | None) -> str | None:
    """The revision of a file's bytes: a content hash (None: the file does not exist)."""
    return None if data is None else hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class TextDoc:
    path: Path
    shown: str                  # the path as messages show it (relative to the workspace)
    text: str                   # decoded, line endings as in the file
    encoding: Encoding
    newline: str                # "\n" or "\r\n": what new lines are written with
    revision: str

    def encode(self, text: str) -> bytes:
        """`text` in this file's encoding; a character Windows-1252 cannot hold turns the file into UTF-8
        with a byte-order mark (which Excel reads), never into a question mark."""
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError:
            return text.encode("utf-8-sig")


def decode(data: bytes, shown: str, problems: Problems) -> tuple[str, Encoding] | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error("encoding", shown, 1, 1, "file is saved as UTF-16; save it as UTF-8 (in Excel: 'CSV UTF-8')")
        return None
    if data.startswith(b"PK\x03\x04"):
        problems.error("not-text", shown, 1, 1, "file is a zip archive (an .xlsx or .docx?), not text; "
                       "save it as CSV UTF-8")
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.error("not-text", shown, line, 1, "file contains binary data (NUL bytes); is it a spreadsheet "
                       "or a document saved under the wrong name? Save it as CSV UTF-8 or YAML text")
        return None
    encoding: Encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        if encoding == "utf-8-sig" or UTF8_MULTIBYTE.search(data):
            problems.error("encoding", shown, line, column,
                           f"byte 0x{data[exc.start]:02X} is not UTF-8, but the rest of the file is; fix the "
                           "character on this line (or save the file again as 'CSV UTF-8')")
            return None
        try:
            return data.decode("cp1252"), "cp1252"   # Excel's "CSV (comma delimited)": no UTF-8 anywhere
        except UnicodeDecodeError:
            problems.error("encoding", shown, line, column,
                           "file is neither UTF-8 nor Windows-1252 text; save it as UTF-8")
            return None


def read_doc(path: Path, shown: str, problems: Problems, max_bytes: int = DEFAULT_MAX_BYTES) -> TextDoc | None:
    """The file as a TextDoc, or None after recording why it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.error("file-unreadable", shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")
        return None
    if size > max_bytes:
        problems.error("file-too-large", shown, 1, 1,
                       f"file is {size / 1024 / 1024:.1f} MB, larger than the {max_bytes / 1024 / 1024:.0f} MB "
                       "limit; is this the right file?")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error("file-unreadable", shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")
        return None
    return doc_from_bytes(path, shown, data, problems)


def doc_from_bytes(path: Path, shown: str, data: bytes, problems: Problems) -> TextDoc | None:
    if not data.strip():
        problems.error("file-empty", shown, 1, 1, "file is empty")
        return None
    decoded = decode(data, shown, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    newline = "\r\n" if "\r\n" in text[:65536] else "\n"
    return TextDoc(path, shown, text, encoding, newline, revision_of(data) or "")


def read_text(path: Path, shown: str, problems: Problems, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The file's text with line endings normalised to "\\n" (so line numbers match an editor's), or None."""
    doc = read_doc(path, shown, problems, max_bytes)
    return None if doc is None else doc.text.replace("\r\n", "\n").replace("\r", "\n")
