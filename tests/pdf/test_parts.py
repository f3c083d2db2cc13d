"""The manual laid out in parts and joined (generator/pdf/parts.py, join.py): it prints what
the whole document would, page for page, and its parts are cut where a page turns anyway,
at boundaries that an added entry does not move."""

from __future__ import annotations

import io
import re

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from generator.handbook import load_handbook
from generator.pdf import documents, parts
from tests.conftest import FIXTURES

from ..conftest import present


def _manual_html(entries: int) -> str:
    roles = "".join(f'<div class="role"><h2 id="role-r{i}">岗位{i}</h2><p>见<a href="#role-r{(i + 1) % entries}">'
                    f'下一岗位</a>与<a href="#policy-p">《制度》</a></p></div>' for i in range(entries))
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>手册</title></head>'
            '<body class="document manual"><section class="cover"><div class="title">营销手册</div></section>'
            '<section class="control"><h1 id="control">文件控制</h1></section>'
            '<nav class="toc"><h1 class="toc-title">目录</h1><ul><li><a href="#policies">制度</a></li></ul></nav>'
            '<section class="chapter policies"><h1 id="policies">制度</h1><h2 id="policy-p">制度</h2></section>'
            f'<section class="chapter roles"><h1 id="roles">岗位</h1>{roles}</section></body></html>')


def _role_runs(split: parts.Split) -> list[list[str]]:
    return [sorted(i for i in part.ids if i.startswith("role-r")) for part in split.parts
            if any(i.startswith("role-r") for i in part.ids)]


def test_parts_begin_where_the_manual_turns_a_page():
    split = parts.split(_manual_html(40))
    first, contents, policies, *roles = split.parts
    assert {"control"} <= first.ids and not first.contents  # the cover and document control together
    assert contents.contents and policies.ids == {"policies", "policy-p"}
    assert "roles" in roles[0].ids and roles[0].continues is None  # the chapter's heading with its first roles
    assert len(roles) > 1 and all(r.continues == "岗位" for r in roles[1:])
    assert sorted(i for r in roles for i in r.ids if i.startswith("role-r")) == sorted(f"role-r{i}" for i in range(40))
    assert split.title == "营销手册" and split.cover
    # a link to another part's anchor is written for the join; one inside the part stays
    html = parts._document(split, roles[1])
    assert f'href="{parts.LINK_SCHEME}policy-p"' in html
    inside = sorted(i for i in roles[1].ids if i.startswith("role-r"))[0]
    assert f'href="#{inside}"' in html or inside == "role-r0"


def test_an_added_role_moves_no_boundary_but_its_own():
    before = _role_runs(parts.split(_manual_html(60)))
    html = _manual_html(60).replace('<div class="role"><h2 id="role-r30">',
                                    '<div class="role"><h2 id="role-new">新岗位</h2></div><div class="role"><h2 id="role-r30">')
    after = _role_runs(parts.split(html))
    changed = [run for run in before if run not in after]
    assert len(changed) <= 2, changed  # the run that takes the new role (and, at most, its neighbour)


@pytest.fixture(scope="module")
def both():
    """The mini manual laid out whole, and in parts with a role to a part (the boundaries
    forced), with the parts it was cut into."""
    p = present(load_handbook(FIXTURES / "mini"))
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(documents, "_render_in_parts", documents._render)
        whole = documents.render_manual(p)
        mp.undo()
        splits: list[parts.Split] = []
        split = parts.split
        mp.setattr(parts, "split", lambda html: splits.append(split(html)) or splits[-1])
        mp.setattr(parts, "_MIN_ENTRIES", 1)
        mp.setattr(parts, "_MAX_ENTRIES", 1)
        joined = documents.render_manual(p)
    finally:
        mp.undo()
    return whole, joined, splits[0]


def _outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    flat = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 0)
    return flat


def _links(pdf: bytes) -> list[tuple[int, tuple, int | None]]:
    """(page, rectangle, the page it leads to) of every link."""
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        names = dict(pikepdf.NameTree(doc.Root.Names.Dests).items())
        pages = {p.obj.objgen: i for i, p in enumerate(doc.pages)}
        for i, page in enumerate(doc.pages):
            for annot in page.get("/Annots", []):
                dest = names.get(str(annot.Dest)) if "/Dest" in annot else None
                out.append((i, tuple(round(float(v)) for v in annot.Rect),
                            pages.get(dest[0].objgen) if dest is not None else None))
    return out


def test_the_joined_manual_prints_what_the_whole_would(both):
    whole, joined, split = both
    assert sum(1 for part in split.parts if part.continues) >= 1  # a chapter did continue in a part
    a, b = pypdf.PdfReader(io.BytesIO(whole)), pypdf.PdfReader(io.BytesIO(joined))
    assert len(a.pages) == len(b.pages)
    assert _outline(a) == _outline(b)  # chapters, their entries (one level down), their pages
    assert _links(whole) == _links(joined)  # the contents and the cross references, to the same pages
    assert b.metadata.title == a.metadata.title and b.metadata.author == a.metadata.author
    with pikepdf.open(io.BytesIO(joined)) as doc:
        assert doc.Root.PageMode == pikepdf.Name.UseOutlines
    # every page looks the same, the running header, the contents' numbers and 第X页/共Y页 included
    pa, pb = pdfium.PdfDocument(whole), pdfium.PdfDocument(joined)
    for n in range(len(pa)):
        left = pa[n].render(scale=0.7).to_pil().convert("L")
        right = pb[n].render(scale=0.7).to_pil().convert("L")
        assert ImageChops.difference(left, right).getbbox() is None, f"page {n + 1}"
    last = pb[len(pb) - 1].get_textpage().get_text_range()
    assert re.search(rf"第\s*{len(pb)}\s*页\s*/\s*共\s*{len(pb)}\s*页", last), last


def test_each_font_is_embedded_once_for_all_parts(both):
    _, joined, _ = both
    programs: dict[str, set] = {}
    with pikepdf.open(io.BytesIO(joined)) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                name = str(obj.FontName).partition("+")[2]
                programs.setdefault(name, set()).add(obj.FontFile3.objgen)
    assert programs and all(len(files) == 1 for files in programs.values()), programs
