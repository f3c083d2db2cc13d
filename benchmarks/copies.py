"""The K-times handbook: the default handbook with its departments, roles, procedures and
forms copied K times under new ids, codes and titles (what a company with K such centres
keeps), for benchmarks/scale.py and the tests that need a bigger handbook.

Copy 1 is the handbook as it is; copy n (n >= 2) renames every department, role,
procedure and form: id `x` -> `x-c<n>`, procedure code SC-002 -> SC-<n-1>02, other codes
and titles get `-<n>` / `<n>` appended. References inside the copy (parents, heads,
reports_to, step actors, uses/produces, `next`, filled_by ...) and mentions in its text
(《form title》, procedure codes) follow, so each copy is checked as cleanly as the
original. Company, policies, sanctions and the glossary stay single (they name copy 1).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

KINDS = ("departments", "roles", "procedures")  # under handbook/; forms/ at the project's root
_CODE = re.compile(r"(?<![A-Za-z0-9-])SC-(\d+)(?![0-9])")
_TITLE = re.compile(r"《([^《》]*)》")


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _read(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _entity_files(root: Path) -> list[tuple[str, Path]]:
    files = [(kind, p) for kind in KINDS for p in sorted((root / "handbook" / kind).glob("*.yml"))]
    return files + [("forms", p) for p in sorted((root / "forms").glob("*.yml"))]


def make_copies(src: Path, dest: Path, k: int) -> Path:
    """`dest` becomes a project holding the handbook of `src` with K copies; returns `dest`."""
    src, dest = Path(src), Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("handbook", "forms", "docs"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dest / name)
    if (src / "mkdocs.yml").is_file():
        shutil.copy2(src / "mkdocs.yml", dest / "mkdocs.yml")
    entities = [(kind, path, _read(path)) for kind, path in _entity_files(src)]
    ids = {data["id"] for _, _, data in entities}
    titles = {data["title"] for kind, _, data in entities if kind == "forms"}
    for n in range(2, k + 1):
        for kind, path, data in entities:
            copy = _rename(data, n, ids, titles, top=True)
            folder = dest / ("forms" if kind == "forms" else f"handbook/{kind}")
            (folder / f"{copy['id']}.yml").write_text(
                yaml.dump(copy, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return dest


def _text(value: str, n: int, titles: set[str]) -> str:
    value = _CODE.sub(lambda m: f"SC-{(n - 1) * 100 + int(m.group(1)):03d}", value)
    return _TITLE.sub(lambda m: f"《{m.group(1)}{n}》" if m.group(1) in titles else m.group(0), value)


def _rename(value, n: int, ids: set[str], titles: set[str], top: bool = False, key: str = ""):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if top and k == "id":
                out[k] = f"{v}-c{n}"
            elif top and k == "code" and isinstance(v, str):
                out[k] = _text(v, n, set()) if _CODE.fullmatch(v) else f"{v}-{n}"
            elif top and k in ("title", "short_title") and isinstance(v, str):
                out[k] = f"{v}{n}"
            elif k == "aliases" and isinstance(v, list):
                out[k] = [f"{a}{n}" for a in v]
            elif k == "id":  # a field's, a KPI's or a step's own id: local to its entity
                out[k] = v
            else:
                out[k] = _rename(v, n, ids, titles, key=k)
        return out
    if isinstance(value, list):
        return [_rename(v, n, ids, titles, key=key) for v in value]
    if isinstance(value, str):
        if value in ids:
            return f"{value}-c{n}"
        return _text(value, n, titles)
    return value


if __name__ == "__main__":  # pragma: no cover - by hand: python benchmarks/copies.py DEST K
    import sys

    print(make_copies(Path(__file__).resolve().parent.parent, Path(sys.argv[1]), int(sys.argv[2])))
