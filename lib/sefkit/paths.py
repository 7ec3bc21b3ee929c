"""Where the built-in data lives (catalogues, vocabularies, rules, reference tables, notebooks).

The one place that knows: in a source checkout or editable install it is the
repository's `sef/` and `notebooks/` folders, so a council editing the YAML sees
the effect at once; an installed wheel packages the same folders as
`sefkit._sef` and `sefkit._notebooks` (pyproject's package-dir).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]


@lru_cache(maxsize=1)
def builtin_sef_dir() -> Path:
    source = _CHECKOUT / "sef"
    if (source / "frameworks").is_dir():
        return source
    # Not importlib.resources: _sef has no __init__.py, so files() gives a MultiplexedPath whose str() is
    # not a path.
    return _PACKAGE / "_sef"


def builtin_reference_dir() -> Path:
    """The reference tables shipped with sefkit."""
    return builtin_sef_dir() / "reference"


def builtin_notebook(name: str) -> Path:
    """One of sefkit's notebooks (e.g. `sef_report.ipynb`)."""
    source = _CHECKOUT / "notebooks" / name
    return source if source.is_file() else _PACKAGE / "_notebooks" / name


_FILE_CACHE: dict[tuple[object, ...], object] = {}


def cached_load(path: Path, loader: Callable[[Path], T], context: tuple[object, ...] = ()) -> T:
    """loader(path), remembered until the file changes (size or modification time).

    A warm report kernel renders many councils; parsing the same catalogue YAML
    for each would cost more than scoring them.
    """
    try:
        stat = Path(path).stat()
    except OSError:
        return loader(path)     # not a readable file: the loader says what is wrong, in its own words
    key = (str(path), stat.st_mtime_ns, stat.st_size, getattr(loader, "__qualname__", loader), context)
    if key not in _FILE_CACHE:
        _FILE_CACHE[key] = loader(path)
    return _FILE_CACHE[key]  # type: ignore[return-value]
