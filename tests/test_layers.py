"""Layers import downward only: source -> checks -> handbook -> present -> outputs, diff ->
renderers (site, pdf, xlsx: never each other) -> jobs, build, serve -> cli. (The site and
the acknowledgement PDFs show the diff's changes of this version: diff sits below them.)

Read from the source (every import, also those inside functions), so that a shortcut
across the layers fails here rather than in a review."""

from __future__ import annotations

import ast
import subprocess
import sys

from .conftest import REPO

# a module's layer; it may import its own layer and those below it
LAYERS = {
    "generator.errors": 0, "generator.messages": 0,
    "generator.source": 1,
    "generator.project": 2, "generator.resources": 2, "generator.fonts": 2, "generator.example": 2,
    "generator.checks": 3,
    "generator.handbook": 4,
    "generator.present": 5,
    "generator.outputs": 6, "generator.cache": 6, "generator.progress": 6,
    "generator.site": 7, "generator.pdf": 7, "generator.xlsx": 7,
    "generator.diff": 6,
    "generator.jobs": 8, "generator.importer": 8, "generator.scaffold": 8,
    "generator.build": 9, "generator.serve": 9, "generator.filled": 9,
    "generator.cli": 10, "generator.__main__": 10,
}
RENDERERS = {"generator.site", "generator.pdf", "generator.xlsx"}


def _layer(module: str) -> tuple[str, int]:
    for name in sorted(LAYERS, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return name, LAYERS[name]
    raise AssertionError(f"{module} belongs to no layer; add it to LAYERS")


def _imports(path, module: str):
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import checks` names modules; `from .errors import X` names one
            names = [f"{target}.{a.name}" for a in node.names] if not node.module else [target]
            yield from (n for n in names if n.startswith("generator"))
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("generator"))


def test_layers_import_downward_only():
    wrong = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        if module == "generator":
            continue
        own, rank = _layer(module)
        for target in _imports(path, module):
            if target == "generator" or target.startswith("generator.site_config"):
                continue
            other, other_rank = _layer(target)
            if other_rank > rank or (own in RENDERERS and other in RENDERERS and own != other):
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_check_imports_no_renderer():
    """`handbook check` runs without loading the presentation or any renderer."""
    code = ("import sys; from generator import cli; code = cli.main(['-C', sys.argv[1], 'check']);"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('generator')))); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.splitlines()[-1].split()
    assert "generator.checks" in loaded
    renderers = ("generator.present", "generator.site", "generator.pdf", "generator.xlsx", "generator.outputs")
    assert [m for m in loaded if any(m == r or m.startswith(r + ".") for r in renderers)] == []
