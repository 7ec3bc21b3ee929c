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

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .problems import Code, Problems

DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # a real evidence library is well under 1 MB

# Characters no output can carry, so a value holding one is an error where it is written (not a broken
# Word file or JSON document later): C0 controls other than tab, line feed and carriage return (XML, and so
# Word, refuses them; ESC drives terminals), DEL and the C1 controls (invisible everywhere; some terminals
# act on U+009B), lone surrogates (no UTF-8 file or JSON output can hold one) and U+FFFE/U+FFFF.
INVALID_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "ESC",
         0x7F: "DEL"}

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


def invalid_character(text: str) -> tuple[int, str] | None:
    """(offset, what it is and what to do) for the first character in `text` no output can carry; None if
    there is none."""
    m = INVALID_CHARACTER.search(text)
    if m is None:
        return None
    n = ord(m.group())
    if 0xD800 <= n <= 0xDFFF:
        return m.start(), (f"holds a lone surrogate (U+{n:04X}), half of a character: an escape such as "
                           "\"\\ud83d\" written for an emoji? Write the character itself")
    if n >= 0xFFFE:
        return m.start(), f"holds U+{n:04X}, a non-character no report can show; delete it"
    fix = "replace it with a line break" if n in (0x0B, 0x0C) else "delete it"
    name = f" ({NAMES[n]})" if n in NAMES else ""
    return m.start(), f"holds U+{n:04X}{name}, an invisible control character no report can show; {fix}"


@dataclass(frozen=True)
class NotAFile:
    """Why a path is not a regular file to read, said so a person knows what to do."""

    code: Code
    message: str
    nothing_there: bool = False    # no file, folder or link at all: the caller says what the file is for


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_regular(mode: int) -> NotAFile:
    kind = _kind(mode)
    what = "is not a regular file" if kind.startswith("not") else f"is {kind}, not a file"
    return NotAFile("file-unreadable", f"{what}; move it aside and put the file itself here")


def _file_in_the_way(path: Path) -> Path | None:
    """The first part of `path` that is a file where a folder should be (ENOTDIR)."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def not_a_file(path: Path) -> NotAFile | None:
    """None if `path` is a regular file (or a link to one); else what is there instead: nothing, a
    folder, a link to nothing, a link loop, a pipe or device, a folder in the path that is a file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return _stat_failure(path, exc)
    return None if stat.S_ISREG(mode) else _not_regular(mode)


def _stat_failure(path: Path, exc: OSError) -> NotAFile:
    if exc.errno == errno.ELOOP:
        return NotAFile("file-unreadable", "is a symbolic link that leads back to itself (a loop); replace it "
                        "with the real file or folder")
    if exc.errno == errno.ENOENT and path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return NotAFile("file-missing", f"is a symbolic link to '{target}', which does not exist; restore "
                        "the file or remove the link")
    if exc.errno == errno.ENOTDIR:
        blocker = _file_in_the_way(path)
        where = f"'{blocker.name}'" if blocker else "a part"
        return NotAFile("file-unreadable", f"in its path, {where} is a file where a folder should be; move it "
                        "aside")
    if exc.errno == errno.ENOENT:
        return NotAFile("file-missing", "file is missing", nothing_there=True)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return NotAFile("file-unreadable", "permission denied; ask for read access to it")
    if exc.errno == errno.ENAMETOOLONG:
        return NotAFile("file-unreadable", "the path is too long for the file system; use a shorter one")
    return NotAFile("file-unreadable", f"cannot read the file: {exc.strerror or exc}")


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
    data = read_bounded(path, shown, problems, max_bytes)
    return None if data is None else doc_from_bytes(path, shown, data, problems)


def read_bounded(path: Path, shown: str, problems: Problems, max_bytes: int) -> bytes | None:
    """The file's bytes, never more than `max_bytes` read: a pipe or device put in a file's place (it would
    block, or never end) and a file larger than the limit are refused, with what is there said precisely."""
    try:
        # O_NONBLOCK: opening a named pipe returns at once (then fstat refuses it) instead of waiting for a
        # writer; a regular file reads as usual. Checking the opened file, not the name, leaves no gap for a
        # swap between the check and the read.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        found = _stat_failure(path, exc) if exc.errno != errno.EISDIR else _not_regular(stat.S_IFDIR)
        # A caller that needs the file says so before reading (`file-missing`, with what the file is for);
        # here it is only a file that could not be read.
        code = "file-unreadable" if found.nothing_there else found.code
        problems.error(code, shown, 1, 1, "cannot read the file: it does not exist" if found.nothing_there
                       else found.message)
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        os.close(fd)
        if stat.S_ISREG(info.st_mode):
            _too_large(shown, info.st_size, max_bytes, problems)
        else:
            found = _not_regular(info.st_mode)
            problems.error(found.code, shown, 1, 1, found.message)
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            problems.error("file-unreadable", shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")
            return None
    if len(data) > max_bytes:   # it grew after fstat
        _too_large(shown, len(data), max_bytes, problems)
        return None
    return data


def _too_large(shown: str, size: int, max_bytes: int, problems: Problems) -> None:
    problems.error("file-too-large", shown, 1, 1,
                   f"file is {size / 1024 / 1024:.1f} MB, larger than the {_megabytes(max_bytes)} MB limit; is this "
                   "the right file?")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g}" if size >= 1024 * 1024 else f"{size / 1024 / 1024:.2g}"


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
