"""Under `handbook serve` a rebuild builds again only the pages an edit changed
(site/incremental.py): the site it leaves is, byte for byte, the one a first build of the
same files makes."""

from __future__ import annotations

import filecmp
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.project import Project
from generator.site.build import mkdocs_config

URL = "http://127.0.0.1:8000/"


@contextmanager
def _served(root: Path, site: Path):
    """A function making one build of `root` into `site` as `handbook serve` does: one
    configuration file, MkDocs' dirty build, the plugins started once, by the first build."""
    with mkdocs_config(Project.at(root)) as (config_file, overrides):
        def build_once():
            config = load_config(config_file=str(config_file), site_dir=str(site), **overrides)
            config.site_url = URL
            if not site.exists():
                config.plugins.on_startup(command="serve", dirty=True)
            build(config, serve_url=URL, dirty=True)

        yield build_once


def _differences(a: Path, b: Path) -> list[str]:
    found = []

    def walk(cmp: filecmp.dircmp, rel: str) -> None:
        found.extend(f"{rel}{name}: in one only" for name in cmp.left_only + cmp.right_only)
        found.extend(f"{rel}{name}" for name in cmp.common_files
                     if not filecmp.cmp(Path(cmp.left, name), Path(cmp.right, name), shallow=False))
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def test_a_rebuild_after_edits_makes_the_site_a_first_build_makes(mini, tmp_path, capsys):
    with _served(mini.root, tmp_path / "served") as rebuild:
        rebuild()
        mini.replace("handbook/roles/salesman.yml", "协助收款员回收应收款项", "协助收款员按时回收应收款项")
        rebuild()  # that page only
        mini.replace("handbook/procedures/new-customer.yml", "actor: salesman", "actor: market-manager")
        rebuild()  # the procedure's page and flowchart, its roles' pages, the matrix
    with _served(mini.root, tmp_path / "first") as first:
        first()
    assert capsys.readouterr().err.splitlines() == [
        "built all 21 pages", "built 1 of the 21 pages again; the others are unchanged",
        "built 7 of the 21 pages again; the others are unchanged", "built all 21 pages"]
    assert _differences(tmp_path / "served", tmp_path / "first") == []
