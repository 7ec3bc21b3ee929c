"""The one writer: every save goes through here.

Saves take an exclusive lock (several Voila kernels may write the same
workspace), check the file has not changed since it was read (revision), write
to a temporary file in the same folder and atomically replace the target, so a
crash never leaves a half-written file. Each save is appended to an audit log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterator


class ConflictError(Exception):
    """The file changed on disk since it was read; the caller must reload."""


def revision(path: Path) -> str | None:
    """A content hash identifying the version of a file, or None if it does not exist."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    lock_path = Path(path).with_name(Path(path).name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write data to path via a temporary file and os.replace (no lock)."""
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
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(path: Path, data: str | bytes, *, expected_revision: str | None = None, who: str = "",
         audit_log: Path | None = None, check_revision: bool = True, note: str = "") -> str:
    """Save under the lock; refuse if the file changed since `expected_revision` was read.

    Returns the new revision.
    """
    path = Path(path)
    with locked(path):
        current = revision(path)
        if check_revision and current != expected_revision:
            raise ConflictError(f"{path} was changed by someone else since you opened it; "
                                "reload to see their changes, then save again")
        atomic_write(path, data)
        new = revision(path)
        if audit_log is not None:
            entry = {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "file": str(path),
                     "by": who, "from": current, "to": new, "note": note}
            audit_log.parent.mkdir(parents=True, exist_ok=True)
            with open(audit_log, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry, sort_keys=True) + "\n")
        return new


def create_new(path: Path, data: str | bytes) -> None:
    """Create a file that must not exist yet (used by `sef init`)."""
    path = Path(path)
    with locked(path):
        if path.exists():
            raise FileExistsError(str(path))
        atomic_write(path, data)
    with contextlib.suppress(FileNotFoundError):
        path.with_name(path.name + ".lock").unlink()
