"""Writing files and folders so that a failed or interrupted write leaves the old ones as they were.

Every command that writes (builds, imports, `--accept`, the link registry, translators' files)
writes a new copy beside the target and renames it into place: a rename on one file system is
all or nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


# What a build keeps between runs to do less the next time (PDFs, charts, pages, the search index):
# never needed, safe to delete.
CACHE_DIR = ".cache/gaobu"


def cache_dir(root: Path) -> Path:
    return Path(root) / CACHE_DIR


def write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8, line ends as written) in one step; its permissions kept."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; its permissions kept."""
    _replace(Path(path), lambda out: out.write(data))


def _replace(target: Path, fill) -> None:
    """Write a temporary file beside `target` with `fill(file)`, then rename it over `target`: all or nothing.

    The permissions are those of the file it replaces, or the umask's for a new one (mkstemp makes it private).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
        if target.exists():
            shutil.copymode(target, tmp)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_dir(source: Path, target: Path) -> None:
    """Copy the folder `source` to `target`, which appears whole or not at all (an existing one is kept)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        shutil.copytree(source, tmp, dirs_exist_ok=True)
        os.rename(tmp, target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not target.is_dir():
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def copy_file(source: Path, target: Path) -> None:
    """Copy `source` to `target` in one step (a reader never sees half a file)."""
    def fill(out):
        with open(source, "rb") as data:
            shutil.copyfileobj(data, out)

    _replace(Path(target), fill)


def staging_dir(target: Path) -> Path:
    """A fresh folder name beside `target` (same file system, so the swap is a rename)."""
    staging = target.parent / f".{target.name}.building"
    if staging.exists():
        shutil.rmtree(staging)
    return staging


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder `new` where `target` is, then drop the old one."""
    old = target.parent / f".{target.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
