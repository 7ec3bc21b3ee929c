"""A council's report folder, reports/<council>/<as_of>/: written whole or not at all.

A run writes its files into a hidden staging folder beside the report folder and
moves them into place only when every format is done, so a half-written report
never looks finished. Staging folders left by a run that died are removed by
the next run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def discard(tmp: Path | None) -> None:
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def swap_into_place(tmp: Path, final: Path) -> None:
    """Replace `final` with `tmp` so readers see the old report or the new one, never a mix."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(final, old)
    os.rename(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_stale_partials(out_root: Path, councils: list[str]) -> list[Path]:
    """Delete half-written folders left by a run that died (their process no longer exists)."""
    removed = []
    for council in councils:
        for folder in (out_root / council).glob(".*.partial-*"):
            try:
                pid = int(folder.name.rsplit("-", 1)[1])
                os.kill(pid, 0)
                continue  # a live run is still writing it
            except (ValueError, ProcessLookupError):
                pass
            except PermissionError:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


