"""A council's report folder, reports/<council>/<as_of>/: people's work in it is never lost.

A run writes its files into a hidden staging folder beside the report folder.
When every format is done, the staging folder is completed with everything the
report folder holds that this run does not replace (files people added, files
of other formats from earlier runs), and the two folders are exchanged in one
atomic step (Linux `renameat2(RENAME_EXCHANGE)`), so a reader, or a crash, sees
the old folder or the new one, never a mix and never neither.

A manifest (`.sefkit-manifest.json`) records the hash of each file sefkit
wrote. A file this run would replace that someone changed since (an edited Word
report) is kept beside the new one under a clear name, and the run says so.
Files sefkit did not write are never touched.

Whatever an interrupted run left beside the report folder (a staging folder, or
the displaced old folder) is recovered or removed by the next run.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem

MANIFEST = ".sefkit-manifest.json"
# In every staging folder until it is published; so a folder left beside a report folder with the mark is
# an unfinished run (removed), and one without it is a displaced old report folder (merged, removed).
STAGING_MARK = ".sefkit-staging"
RENAME_EXCHANGE = 2


@dataclass
class Published:
    folder: Path
    kept: list[tuple[str, str]] = field(default_factory=list)   # (file, name its edited copy was kept under)


ELSEWHERE = "choose another --out folder"
WHY = {errno.ENOSPC: ("the disk is full", "free some space, or " + ELSEWHERE),
       errno.EDQUOT: ("the disk quota is used up", "free some space, or " + ELSEWHERE),
       errno.EROFS: ("the file system is read-only", ELSEWHERE),
       errno.EACCES: ("permission denied", ELSEWHERE), errno.EPERM: ("permission denied", ELSEWHERE),
       errno.ENOTDIR: ("a file is where a folder should be", "move or rename the file, then run again"),
       errno.EEXIST: ("a file is in the way", "move or rename the file, then run again")}


def why(exc: OSError) -> str:
    """Why a write failed and what to do, in words: 'the disk is full; free some space, or ...'."""
    reason, advice = WHY.get(exc.errno or 0, (exc.strerror or str(exc), ELSEWHERE))
    return f"{reason}; {advice}"


def output_problems(out_root: Path) -> list[Problem]:
    """Whether reports can be written under `out_root`: found before any kernel starts."""
    shown = str(out_root)
    if out_root.exists() and not out_root.is_dir():
        return [Problem(shown, 0, 1, "error", "argument", "is not a folder (a file is in the way); choose another "
                        "--out folder or move the file")]
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        probe = out_root / f".sefkit-write-test-{os.getpid()}"
        probe.write_bytes(b"x" * 4096)
        probe.unlink()
    except OSError as exc:
        return [Problem(shown, 0, 1, "error", "argument", f"reports cannot be written here: {why(exc)}")]
    return []


def staging_folder(final: Path) -> Path:
    """A new staging folder beside `final` (which must be a folder, or not exist yet)."""
    if final.exists() and not final.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "a file is where the report folder should be", str(final))
    staging = final.with_name(f".{final.name}.partial-{os.getpid()}")
    discard(staging)
    staging.mkdir(parents=True)
    (staging / STAGING_MARK).write_text("")
    return staging


def discard(tmp: Path | None) -> None:
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    """{file: hash when sefkit wrote it}; empty for a folder written before manifests (or a damaged one),
    whose files are then all treated as possibly edited."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _link_or_copy(source: Path, target: Path) -> None:
    """`target` as the same file as `source` (a hard link: instant, no space), or a copy."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_file)
    else:
        _link_file(str(source), str(target))


def _link_file(source: str, target: str) -> None:
    try:
        if os.path.islink(source):
            os.symlink(os.readlink(source), target)
        else:
            os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def kept_name(name: str, taken: Iterable[str], when: dt.datetime) -> str:
    """'sef-report.docx' -> 'sef-report (edited, kept 2026-12-02 10.15).docx' (numbered if that is taken)."""
    path = Path(name)
    stamp = when.strftime("%Y-%m-%d %H.%M")
    taken = set(taken)
    for n in range(1, 1000):
        extra = "" if n == 1 else f" {n}"
        candidate = f"{path.stem} (edited, kept {stamp}{extra}){path.suffix}"
        if candidate not in taken:
            return candidate
    raise FileExistsError(name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; False where the system cannot (then the caller renames)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


Step = Callable[[str], None]


def publish(staging: Path, final: Path, generated: list[str], *, now: dt.datetime | None = None,
            step: Step | None = None) -> Published:
    """Put the run's `generated` files (in `staging`) in `final`, keeping every other file of `final` and
    keeping aside any file this run replaces that someone changed since sefkit wrote it.

    `step(name)` is called between the steps (a test kills the process there)."""
    step = step or (lambda name: None)
    now = now or dt.datetime.now()
    result = Published(final)
    old_manifest = read_manifest(final) if final.is_dir() else {}
    manifest = {name: file_hash(staging / name) for name in generated}
    if final.is_dir():
        present = [p.name for p in final.iterdir() if p.name != MANIFEST]
        for name in present:
            source = final / name
            if name in manifest:
                unchanged = source.is_file() and old_manifest.get(name) == file_hash(source)
                if unchanged:
                    continue               # sefkit's own earlier file: replaced
                aside = kept_name(name, [*present, *os.listdir(staging)], now)
                _link_or_copy(source, staging / aside)
                result.kept.append((name, aside))
            else:
                _link_or_copy(source, staging / name)     # a person's file, or another format from before
                if name in old_manifest:
                    manifest[name] = old_manifest[name]
    (staging / MANIFEST).write_text(json.dumps({"files": manifest}, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")
    step("staged")
    if not final.exists():
        os.rename(staging, final)
        step("published")
        _unmark(final)
        return result
    if _exchange(staging, final):
        step("exchanged")
        _unmark(final)
        _merge_late_files(staging, final)
        discard(staging)
        return result
    old = final.with_name(f".{final.name}.old-{os.getpid()}")     # a system without the atomic exchange
    os.rename(final, old)
    step("moved aside")
    os.rename(staging, final)
    step("published")
    _unmark(final)
    _merge_late_files(old, final)
    discard(old)
    return result


def _unmark(final: Path) -> None:
    try:
        (final / STAGING_MARK).unlink()
    except FileNotFoundError:
        pass


def _merge_late_files(old: Path, final: Path) -> None:
    """Files added to the old folder while this run was staging (after it was read) go into the new one."""
    for entry in old.iterdir():
        if entry.name != MANIFEST and not (final / entry.name).exists():
            os.rename(entry, final / entry.name)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out_root: Path, councils: list[str]) -> list[Path]:
    """Put right what runs that died left beside report folders (a live run's folders are left alone):

    - a staging folder (it still has its staging mark): removed;
    - the old report folder displaced by an exchange or a move: restored if the report folder is missing,
      else the files added to it late are moved into the report folder, then it is removed."""
    handled = []
    for council in councils:
        folder = out_root / council
        if not folder.is_dir():
            continue
        for published in folder.iterdir():
            if not published.name.startswith(".") and published.is_dir():
                _unmark(published)       # a run that died just after publishing
        for leftover in sorted(folder.glob(".*.partial-*")) + sorted(folder.glob(".*.old-*")):
            day, _, pid_text = leftover.name[1:].rpartition(".")
            try:
                pid = int(pid_text.rsplit("-", 1)[1])
            except (ValueError, IndexError):
                continue
            if _pid_alive(pid):
                continue
            final = folder / day
            published_once = (leftover / MANIFEST).exists() or ".old-" in leftover.name
            if not any(leftover.iterdir()) or (leftover / STAGING_MARK).exists():
                discard(leftover)           # an unfinished run: the report folder is as it was
            elif not final.exists():
                if published_once:
                    os.rename(leftover, final)  # the report folder, moved aside by a run that died: back
                else:
                    discard(leftover)       # half-written by an older sefkit (no staging mark then)
            else:
                _merge_late_files(leftover, final)
                discard(leftover)
            handled.append(leftover)
    return handled
