"""The one writer: every change to a workspace file goes through here.

A save, whoever makes it (a form in one of several Voila kernels, `sef init`,
`sef benchmarks import`, an import from Excel):

1. takes an exclusive lock on a sidecar file (`.<name>.lock` beside the target;
   it stays in place, so every waiter locks the same inode);
2. checks, inside the lock, that the file is still the revision the caller read
   (a content hash; `None` means "must not exist yet"), else raises
   `ConflictError` and writes nothing;
3. writes a temporary file in the same folder, fsyncs it, `os.replace`s the
   target and fsyncs the folder, so a crash at any instant leaves the old file
   or the new one, never a mix;
4. appends one audit entry (who, when, file, revisions, and each changed field's
   old and new value) to the workspace's audit log, still under the lock.

`flock` is released by the kernel when its holder dies, so a writer killed with
SIGKILL never leaves the lock held. Temporary files a killed writer left behind
are removed by the next save of the same file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .problems import InputError, Problem
from .textio import revision_of


@dataclass(frozen=True)
class Change:
    """One field of one record, as it was and as it is saved (None: absent)."""

    record: str          # evidence id, action ref, criterion id... ("" for the file as a whole)
    field: str
    old: str | None
    new: str | None


class ConflictError(InputError):
    """The file changed on disk since it was read: nothing was written; reload, then save again."""

    def __init__(self, shown: str, expected: str | None, found: str | None):
        self.expected, self.found = expected, found
        what = ("was created by someone else" if expected is None else
                "was deleted" if found is None else "was changed by someone else")
        super().__init__([Problem(shown, 1, 1, "error", "conflict",
                                  f"the file {what} since you opened it; nothing was saved. Reload to see "
                                  "their changes, then save again")])


def revision(path: Path) -> str | None:
    """The file's current revision (a content hash), or None if it does not exist."""
    try:
        return revision_of(Path(path).read_bytes())
    except FileNotFoundError:
        return None


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of `path` (blocking until it is free)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(path), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_orphans(path: Path) -> None:
    """Temporary files of `path` left by a writer that was killed (we hold the lock: none is in use)."""
    for orphan in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            orphan.unlink()


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file, fsync and os.replace (no lock, no audit).

    For files sefkit generates (reports, reference tables); workspace files are saved with `save`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); keep the target's mode, or the usual default for a new file
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _audit(log: Path, entry: dict[str, object]) -> None:
    """One line, written with one system call to a file opened for appending: concurrent savers of other
    files never interleave inside a line, and a killed writer leaves a whole line or none."""
    log.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def _entry(shown: str, who: str, what: str, before: str | None, after: str,
           changes: Sequence[Change]) -> dict[str, object]:
    return {"at": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "by": who, "file": shown,
            "what": what, "from": before, "to": after, "changes": [asdict(c) for c in changes]}


def save(path: Path, data: bytes, *, expected_revision: str | None, who: str, what: str, shown: str = "",
         changes: Sequence[Change] = (), audit_log: Path | None = None) -> str:
    """Replace `path` with `data` if it is still at `expected_revision`; returns the new revision.

    Raises ConflictError (and writes nothing) if the file changed since it was read."""
    path = Path(path)
    shown = shown or str(path)
    with locked(path):
        _remove_orphans(path)
        current = revision(path)
        if current != expected_revision:
            raise ConflictError(shown, expected_revision, current)
        atomic_write(path, data)
        new = revision_of(data) or ""
        if audit_log is not None:
            _audit(audit_log, _entry(shown, who, what, current, new, changes))
        return new


Transform = Callable[[bytes | None], "tuple[bytes, Sequence[Change]] | None"]


def update(path: Path, transform: Transform, *, who: str, what: str, shown: str = "",
           audit_log: Path | None = None) -> str | None:
    """Read, change and write `path` in one step under its lock, so no concurrent change is lost.

    `transform(current bytes or None)` returns (new bytes, changes), or None to leave the file as it is
    (it may raise InputError: then nothing is written). Returns the file's revision afterwards (None: it
    does not exist)."""
    path = Path(path)
    shown = shown or str(path)
    with locked(path):
        _remove_orphans(path)       # whatever the outcome: a killed writer's leftovers go
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            current = None
        result = transform(current)
        if result is None:
            return revision_of(current)
        data, changes = result
        atomic_write(path, data)
        new = revision_of(data) or ""
        if audit_log is not None:
            _audit(audit_log, _entry(shown, who, what, revision_of(current), new, changes))
        return new


def create(path: Path, data: bytes, *, who: str, what: str, shown: str = "",
           audit_log: Path | None = None) -> str:
    """Create a file that must not exist yet (a ConflictError if it does)."""
    return save(path, data, expected_revision=None, who=who, what=what, shown=shown, audit_log=audit_log)
