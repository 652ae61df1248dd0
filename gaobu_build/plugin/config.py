"""The `gaobu` plugin's options (under `plugins: - gaobu:` in mkdocs.yml), each documented in the README."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PdfOption(c.BaseConfigOption):
    """`auto` (the default), or a YAML boolean: `true` / `false` (quoted 'true' / 'false' too)."""

    CHOICES = {"auto": "auto", True: True, False: False, "true": True, "false": False}

    def __init__(self):
        super().__init__()
        self.default = "auto"

    def run_validation(self, value):
        if isinstance(value, (bool, str)) and value in self.CHOICES:
            return self.CHOICES[value]
        raise c.ValidationError(f"Expected one of: auto, true, false but received: {value!r}")


class GaobuConfig(base.Config):
    search = c.Type(bool, default=True)
    # PDF editions with `mkdocs build` / `gh-deploy` (never under `serve`, where each edit would reprint them).
    pdf = PdfOption()
