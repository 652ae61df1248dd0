"""Results of pure steps kept by a key of what they were computed from.

Under `mkdocs serve` one process rebuilds the site after every save; an edit
to one report leaves every other report's checks and pages as they were, so
they are taken from memory (`Memo`) instead of being computed again. Between
builds, results are kept on disk (`DiskCache`, in `.cache/gaobu/`). The key
must name everything the result depends on, the code that computes it
included (`code_digest`): a stale hit would publish an old page.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import shutil
import sys
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Hashable, TypeVar

from . import files

T = TypeVar("T")


def digest(*parts: bytes | str) -> str:
    """A short, collision-safe key of some bytes (each part delimited, so ("ab", "c") ≠ ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:32]


class Memo:
    """The last `size` results, by key (least recently used dropped first)."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key in self._items:
            self._items.move_to_end(key)
            self.hits += 1
            return self._items[key]  # type: ignore[return-value]
        self.misses += 1
        value = compute()
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value


class DiskCache:
    """Results kept in files under `folder` (a kind of result in `.cache/gaobu/`), by a digest key.

    What a build can reuse in the next one: each entry is byte for byte what computing it
    again would give, so the folder is safe to delete at any time, and an entry that cannot
    be read (cut short, from another version) is computed again. `folder` None keeps nothing.
    """

    def __init__(self, folder: Path | None, suffix: str = ".json", keep: int = 64):
        self.folder = Path(folder) if folder is not None else None
        self.suffix = suffix
        self.keep = keep
        self.used: set[str] = set()  # the keys this process asked for: see `prune`
        self.hits = self.misses = 0

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"  # type: ignore[operator]

    def get(self, key: str, compute: Callable[[], T], dump: Callable[[T], bytes], load: Callable[[bytes], T]) -> T:
        """The value of `key`: read back with `load`, or computed and written with `dump`."""
        if self.folder is None:
            return compute()
        self.used.add(key)
        path = self.path(key)
        try:
            value = load(path.read_bytes())
            os.utime(path)  # recently used: kept by `prune`
            self.hits += 1
            return value
        except (OSError, ValueError, KeyError, TypeError):
            pass  # absent, or unreadable: computed again
        self.misses += 1
        value = compute()
        try:
            files.write_bytes(path, dump(value))
        except OSError:
            pass  # a cache that cannot be written only costs time
        return value

    def prune(self) -> None:
        """Keep the entries used most recently: at least `keep`, and twice as many as this process used.

        Enough for two ways of building (`mkdocs build` and `mkdocs serve` make different
        covers) and for entries a build did not need to ask for (the charts of a figures page
        taken whole from the pages' cache), without growing with every edit.
        """
        if self.folder is None or not self.folder.is_dir():
            return
        entries = []
        for path in self.folder.iterdir():
            if path.name.startswith("."):
                continue  # a file being written
            try:
                entries.append((path.name.removesuffix(self.suffix) in self.used, path.stat().st_mtime_ns, path))
            except OSError:
                pass
        for _, _, path in sorted(entries, reverse=True)[max(self.keep, 2 * len(self.used)):]:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _package_files(folder: Path) -> list[Path]:
    found = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [Path(top) / name for name in names]
    return sorted(found)


@functools.lru_cache(maxsize=None)
def code_digest(*modules: str) -> str:
    """A digest of the installed code of `modules` ("gaobu_build.render", "matplotlib"…), without importing them.

    For a module of this package, every file of it (code, templates, fonts); for another
    library, the file that states its version (else its `__init__.py`): the same on every
    machine, so that a cache restored in CI still hits. Part of every cache key, so that a
    result is never reused by a different version of the code that made it.
    """
    parts: list[bytes | str] = [sys.version]
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        parts.append(name)
        if origin is None:
            parts.append(b"absent")
        elif name == "gaobu_build" or name.startswith("gaobu_build."):
            for path in _package_files(origin.parent) if origin.name == "__init__.py" else [origin]:
                parts += [path.relative_to(origin.parent).as_posix(), _read(path)]
        else:
            versions = [origin.parent / n for n in ("_version.py", "version.py", "__about__.py")]
            parts += [_read(p) for p in versions if p.is_file()] or [_read(origin)]
    return digest(*parts)
