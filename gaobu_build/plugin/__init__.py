"""The MkDocs layer: the only subpackage that imports MkDocs.

`mkdocs.yml` names the plugin `gaobu` (entry point `gaobu_build.plugin:GaobuPlugin`).
"""

from .config import GaobuConfig
from .plugin import Abort, BuildFailed, GaobuPlugin, build_site, configured_site_url

__all__ = ["Abort", "BuildFailed", "GaobuConfig", "GaobuPlugin", "build_site", "configured_site_url"]
