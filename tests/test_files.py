"""Writing a file replaces it whole, and leaves it readable as any other file of the project."""

from __future__ import annotations

import os
import stat

from gaobu_build import files


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_umask_permissions_and_a_rewrite_keeps_them(tmp_path):
    umask = os.umask(0o022)
    try:
        new = tmp_path / "data" / "translations.yaml"
        files.write_text(new, "a: 1\n")  # mkstemp's private 0600 would hide the record from the other editors
        assert (new.read_text(encoding="utf-8"), _mode(new)) == ("a: 1\n", 0o644)
        new.chmod(0o664)
        files.write_bytes(new, b"b: 2\n")
        assert (new.read_bytes(), _mode(new)) == (b"b: 2\n", 0o664)
        copy = tmp_path / "cache" / "x.pdf"
        files.copy_file(new, copy)
        assert (copy.read_bytes(), _mode(copy)) == (b"b: 2\n", 0o644)
        assert sorted(p.name for p in tmp_path.rglob("*")) == ["cache", "data", "translations.yaml", "x.pdf"]  # no temp left
    finally:
        os.umask(umask)
