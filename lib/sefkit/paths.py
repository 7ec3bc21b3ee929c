"""Where the built-in data (catalogues, vocabularies, rules, reference tables) lives.

In a source checkout or editable install it is the repository's `sef/` folder,
so a council editing the YAML sees the effect at once; in an installed wheel the
same folder is packaged as `sefkit._sef`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def builtin_sef_dir() -> Path:
    source = Path(__file__).resolve().parents[2] / "sef"
    if (source / "frameworks").is_dir():
        return source
    # A wheel installs sef/ as sefkit/_sef/ (pyproject's package-dir). Not importlib.resources: _sef has no
    # __init__.py, so files() gives a MultiplexedPath whose str() is not a path.
    return Path(__file__).resolve().parent / "_sef"


_FILE_CACHE: dict[tuple, object] = {}


def cached_load(path: Path, loader, context: tuple = ()):
    """loader(path), remembered until the file changes (size or modification time).

    A warm report kernel renders many councils; parsing the same catalogue YAML
    for each would cost more than scoring them.
    """
    stat = Path(path).stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, getattr(loader, "__qualname__", loader), context)
    if key not in _FILE_CACHE:
        _FILE_CACHE[key] = loader(path)
    return _FILE_CACHE[key]
