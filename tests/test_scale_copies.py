"""The K-times handbook of benchmarks/scale.py: each copy checks as cleanly as the original."""

from __future__ import annotations

import sys

from .conftest import REPO, Project

sys.path.insert(0, str(REPO))
from benchmarks.copies import make_copies  # noqa: E402


def test_two_copies_check_clean(tmp_path):
    root = make_copies(REPO, tmp_path / "k2", 2)
    result = Project(root).handbook("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()
    roles = sorted(p.stem for p in (root / "handbook/roles").glob("*.yml"))
    originals = [r for r in roles if not r.endswith("-c2")]
    assert len(originals) == 22 and sorted(r + "-c2" for r in originals) == [r for r in roles if r.endswith("-c2")]
    copy = (root / "handbook/roles/salesman-c2.yml").read_text(encoding="utf-8")
    assert "reports_to: account-manager-c2" in copy and "《客户资料库2》" in copy and "SC-110" in copy
