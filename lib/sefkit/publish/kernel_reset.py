"""Runs INSIDE a warm kernel, before each council's notebook: forget the last council.

IPython's own reset, with a new session, removes every user variable and
restarts the input history and execution counter (so a report's notebook
numbers its cells from 1 whichever councils the kernel ran before). A notebook
can also leave state in
modules that stay imported: altair's active renderer, theme and data
transformer, pandas' display options and numpy's print options, the working
directory, environment variables (and with them the time zone), the locale,
sys.path, warning filters, logging handlers, names added to builtins and the
random generators' state. Any of those would change how the next council's
report looks, so the first reset takes a snapshot of them (the kernel's state
after warm-up) and every later reset puts them back.

Speed: the reset ends with a full garbage collection (as `%reset -f` does), which in a kernel holding
pandas and altair scans millions of objects (~0.15 s, 15% of a council). The
first reset therefore moves everything alive (modules, schemas, caches) into
the permanent generation with `gc.freeze()`, and later collections only scan
what the last council made (~0.01 s).
"""

from __future__ import annotations

import builtins
import copy
import gc
import locale
import logging
import os
import random
import sys
import time
import warnings

_baseline: dict | None = None
_ABSENT = object()


def reset(shell) -> None:
    """Clear the user namespace and restore module state to the post-warm-up snapshot."""
    global _baseline
    shell.reset(new_session=True)   # namespace, history, and the execution counter back to 1
    gc.collect()
    if _baseline is None:
        _baseline = _snapshot()
        gc.freeze()
    else:
        _restore(_baseline)


def _snapshot() -> dict:
    root = logging.getLogger()
    state = {"cwd": os.getcwd(), "environ": dict(os.environ), "path": list(sys.path),
             "warnings": list(warnings.filters), "builtins": dict(vars(builtins)),
             "locale": locale.setlocale(locale.LC_ALL), "logging": (list(root.handlers), root.level),
             "random": random.getstate()}
    np = sys.modules.get("numpy")
    if np is not None:
        state["numpy"] = (np.get_printoptions(), np.random.get_state())
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
        time.tzset()   # TZ may have changed: date.today() and strftime must follow the restored one
    current, saved = vars(builtins), state["builtins"]
    for name in [name for name in current if name not in saved]:
        del current[name]
    for name, value in saved.items():
        if current.get(name, _ABSENT) is not value:
            current[name] = value
    if locale.setlocale(locale.LC_ALL) != state["locale"]:
        locale.setlocale(locale.LC_ALL, state["locale"])
    root = logging.getLogger()
    root.handlers[:], level = state["logging"][0], state["logging"][1]
    root.setLevel(level)
    random.setstate(state["random"])
    np = sys.modules.get("numpy")
    if np is not None and "numpy" in state:
        np.set_printoptions(**state["numpy"][0])
        np.random.set_state(state["numpy"][1])
    sys.path[:] = state["path"]
    warnings.filters[:] = state["warnings"]  # type: ignore[index]
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
