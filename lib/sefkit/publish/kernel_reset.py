"""Runs INSIDE a warm kernel, before each council's notebook: forget the last council.

`%reset -f` removes every user variable, but a notebook can also leave state in
modules that stay imported: altair's active renderer, theme and data
transformer, pandas' display options, the working directory, environment
variables, sys.path and warning filters. Any of those would change how the
next council's report looks, so the first reset takes a snapshot of them (the
kernel's state after warm-up) and every later reset puts them back.

Speed: `%reset -f` runs a full garbage collection, which in a kernel holding
pandas and altair scans millions of objects (~0.15 s, 15% of a council). The
first reset therefore moves everything alive (modules, schemas, caches) into
the permanent generation with `gc.freeze()`, and later collections only scan
what the last council made (~0.01 s).
"""

from __future__ import annotations

import copy
import gc
import os
import sys
import warnings

_baseline: dict | None = None


def reset(shell) -> None:
    """Clear the user namespace and restore module state to the post-warm-up snapshot."""
    global _baseline
    shell.run_line_magic("reset", "-f")
    if _baseline is None:
        _baseline = _snapshot()
        gc.freeze()
    else:
        _restore(_baseline)


def _snapshot() -> dict:
    state = {"cwd": os.getcwd(), "environ": dict(os.environ), "path": list(sys.path),
             "warnings": list(warnings.filters)}
    alt = sys.modules.get("altair")
    if alt is not None:
        state["altair"] = _altair_state(alt)
    pd_config = _pandas_config()
    if pd_config is not None:
        state["pandas"] = copy.deepcopy(pd_config._global_config)
    return state


def _restore(state: dict) -> None:
    if os.getcwd() != state["cwd"]:
        os.chdir(state["cwd"])
    if os.environ != state["environ"]:
        os.environ.clear()
        os.environ.update(state["environ"])
    sys.path[:] = state["path"]
    warnings.filters[:] = state["warnings"]
    getattr(warnings, "_filters_mutated", lambda: None)()  # drop the "already warned" caches
    alt = sys.modules.get("altair")
    # Only state that existed at the snapshot is restored: a library first imported by a council's
    # notebook has no known baseline (its import may itself have set state), which is why the batch's
    # warm-up imports pandas and altair before the first reset.
    if alt is not None and "altair" in state:
        for registry, (name, options) in state["altair"].items():
            reg = _altair_registry(alt, registry)
            if reg is not None and (reg.active, reg.options) != (name, options):
                reg.enable(name, **options)
    pd_config = _pandas_config()
    if pd_config is not None and "pandas" in state and pd_config._global_config != state["pandas"]:
        pd_config._global_config.clear()
        pd_config._global_config.update(copy.deepcopy(state["pandas"]))


_REGISTRIES = ("renderers", "theme", "data_transformers")


def _altair_registry(alt, name: str):
    if name == "theme":  # altair 5.5+ has alt.theme; older versions alt.themes
        return getattr(alt, "theme", None) if hasattr(getattr(alt, "theme", None), "enable") else getattr(
            alt, "themes", None)
    return getattr(alt, name, None)


def _altair_state(alt) -> dict:
    state = {}
    for name in _REGISTRIES:
        reg = _altair_registry(alt, name)
        if reg is not None:
            state[name] = (reg.active, dict(reg.options))
    return state


def _pandas_config():
    if "pandas" not in sys.modules:
        return None
    try:
        from pandas._config import config
    except ImportError:  # pragma: no cover - pandas moved its private config module
        return None
    return config if isinstance(getattr(config, "_global_config", None), dict) else None
