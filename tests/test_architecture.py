"""The package's shape: stages that import one way (read → check → render → site → plugin / cli), no cycles,
and MkDocs imported by the plugin alone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gaobu_build"
# A module may import from its own stage and from the stages before it, never after.
STAGES = {"ui": 0, "files": 0, "memo": 0, "source": 1, "urls": 1, "checks": 2, "render": 3, "site": 4, "importer": 5,
          "translate": 5, "scaffold": 5, "plugin": 6, "cli": 7}
MKDOCS_MODULES = ("mkdocs", "properdocs", "material")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in a file, relative ones resolved."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            found.append((node.lineno, base))
            # `from . import x` imports the submodule x
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names
                      if (PACKAGE.parent / Path(*f"{base}.{alias.name}".split("."))).with_suffix(".py").exists()]
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "package"


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_belongs_to_a_stage():
    assert {_stage(m) for m in MODULES} - {"package"} <= set(STAGES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module):
    here = _stage(module)
    upward = [f"line {line}: {target}" for line, target in _imports(MODULES[module])
              if target.startswith("gaobu_build.") and here in STAGES and STAGES[_stage(target)] > STAGES[here]]
    assert upward == [], f"{module} ({here}) imports a later stage"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_plugin_imports_mkdocs(module):
    engine = [f"line {line}: {target}" for line, target in _imports(MODULES[module])
              if target.split(".")[0] in MKDOCS_MODULES]
    assert engine == [] or _stage(module) == "plugin", f"{module} imports MkDocs"


def test_no_import_cycles():
    graph = {m: {t for _, t in _imports(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    # A module's package __init__ runs before it: an import of gaobu_build.x.y also runs gaobu_build.x.
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        stack.pop()

    for module in sorted(graph):
        visit(module)
    assert cycles == []
