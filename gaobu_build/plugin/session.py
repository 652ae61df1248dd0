"""One run of the whole bilingual site (both languages, search, PDFs): what the language builds share.

For `build` and `gh-deploy` (and `serve --clean`, which MkDocs reports as `build`), the site is built
in a folder beside the target and swapped in only when everything has succeeded, so that a failed
build, at any step, leaves the previous site as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import CountHandler

from .. import files


@dataclass
class Session:
    command: str | None
    dirty: bool
    strict: bool
    serve_url: str | None = None  # the address `mkdocs serve` serves the site at; None when not serving
    primary: object = None  # the first language's LanguageBuild, which holds the project
    staging: Path | None = None
    final_site_dir: Path | None = None
    config: object = None
    languages: dict = field(default_factory=dict)  # language → its LanguageBuild, in build order
    _warnings: CountHandler | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.strict:
            # MkDocs aborts a strict build after the last plugin event, so the swap has to know first.
            self._warnings = CountHandler()
            self._warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self._warnings)

    def stage(self, config) -> None:
        """Build into a folder beside `config.site_dir`."""
        self.config = config
        self.final_site_dir = Path(config.site_dir)
        self.staging = files.staging_dir(self.final_site_dir)
        config.site_dir = str(self.staging)

    def publish(self) -> None:
        """Swap the finished site in (unless --strict will abort for a warning)."""
        try:
            if self.staging is None:
                return
            if self._warnings is not None and self._warnings.get_counts():
                files.discard(self.staging)  # MkDocs raises "Aborted with N warnings in strict mode!" next
            else:
                files.replace_dir(self.staging, self.final_site_dir)
        finally:
            self._finish()

    def discard(self) -> None:
        if self.staging is not None:
            files.discard(self.staging)
        self._finish()

    def _finish(self) -> None:
        if self.config is not None and self.final_site_dir is not None:
            self.config.site_dir = str(self.final_site_dir)  # `mkdocs gh-deploy` publishes config.site_dir next
        if self._warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._warnings)
        self.staging, self._warnings = None, None
