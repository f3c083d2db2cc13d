"""The build cache (generator/cache.py): it never changes what is built, and after an
edit only the outputs that show the edited entity are rendered again (counted, not timed)."""

from __future__ import annotations

from pathlib import Path

from generator.build import MARKER, build


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _parts(root: Path) -> set[str]:
    """The cached parts of the manuals (generator/cache.py: Parts), by key."""
    return {p.name for p in (root / ".cache/handbook/parts").glob("*/*")}


def _build(root: Path, out: Path, **kw):
    return build(root, out, progress=lambda _: None, **kw)


def test_a_cached_build_is_byte_identical_to_an_uncached_one(mini, tmp_path):
    first = _build(mini.root, tmp_path / "cached")
    assert len(first.rendered) == len(first.outputs) > 0 and not first.site_cached
    again = _build(mini.root, tmp_path / "cached")
    assert again.rendered == [] and again.site_cached  # nothing changed: nothing rendered
    fresh = _build(mini.root, tmp_path / "fresh", cache=False)
    assert len(fresh.rendered) == len(fresh.outputs)
    cached, uncached = _files(tmp_path / "cached"), _files(tmp_path / "fresh")
    assert sorted(cached) == sorted(uncached)
    assert [p for p in cached if cached[p] != uncached[p]] == []
    assert (mini.root / ".cache/handbook/manifest.json").is_file()


def test_editing_one_role_renders_again_only_what_shows_it(mini, tmp_path):
    out = tmp_path / "site"
    # a table that fills its page: the form is laid out before the manual is
    mini.replace("forms/new-customer-notice.yml", "    rows: 3\n", "    rows: fill\n")
    _build(mini.root, out)
    laid = _parts(mini.root)
    text = mini.read("handbook/roles/salesman.yml")
    mini.write("handbook/roles/salesman.yml", text.replace("responsibilities:\n", "responsibilities:\n  - 按时整理客户拜访记录\n", 1))
    edited = _build(mini.root, out)
    assert not edited.site_cached
    # a plain duty is on the job description and in the manual, not on the checklist (only recurring ones)
    assert edited.rendered == ["pdf/handbook.pdf", "pdf/roles/salesman.pdf"]
    # of the manual's parts (pdf/parts.py), only the roles' is laid out again, with at most the
    # contents and the footers (when its length changed); the others come from the cache
    again = _parts(mini.root)
    assert len(laid) > 4 and 1 <= len(again - laid) <= 3, (len(laid), len(again - laid))
    assert "按时整理客户拜访记录" in (out / "roles/salesman.html").read_text(encoding="utf-8")
    fresh = _build(mini.root, tmp_path / "fresh", cache=False)
    assert [p for p in fresh.rendered if (out / p).read_bytes() != (tmp_path / "fresh" / p).read_bytes()] == []
    assert _build(mini.root, out).rendered == []


def test_no_cache_renders_everything_and_a_changed_template_renders_again(mini, tmp_path):
    out = tmp_path / "site"
    _build(mini.root, out)
    assert len(_build(mini.root, out, cache=False).rendered) > 0
    css = mini.root / "site_config/css/job-description.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    from generator.resources import shipped

    css.write_text((shipped() / "css/job-description.css").read_text(encoding="utf-8") + "\nh1 { color: #333; }\n",
                   encoding="utf-8")
    again = _build(mini.root, out)
    assert "pdf/roles/salesman.pdf" in again.rendered and not again.site_cached
    assert "site " in (out / MARKER).read_text(encoding="utf-8")


def test_a_new_tag_or_day_gives_a_new_site_though_no_file_changed(mini, tmp_path, monkeypatch):
    """The 本版变更 page compares with the latest tag, and review marks count from today:
    neither is in the project's files, and both are in the site's key."""
    from .diff.conftest import commit, git, init

    out = tmp_path / "site"
    init(mini.root)
    commit(mini.root, "first version")
    monkeypatch.setenv("HANDBOOK_TODAY", "2024-08-01")
    first = _build(mini.root, out)
    assert not first.site_cached
    assert _build(mini.root, out).site_cached  # the same history, the same day
    git(mini.root, "tag", "v1")
    git(mini.root, "commit", "-q", "--allow-empty", "-m", "second version")
    tagged = _build(mini.root, out)
    assert not tagged.site_cached
    assert "v1" in (out / "changes.html").read_text(encoding="utf-8")
    monkeypatch.setenv("HANDBOOK_TODAY", "2024-08-02")
    assert not _build(mini.root, out).site_cached
