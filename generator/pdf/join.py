"""Join the PDFs of a document laid out in parts (pdf/parts.py) into one, as WeasyPrint
would have written it whole: the pages in order, one name tree of destinations, the links
between parts, one outline, the page footers.

A part's link to an anchor in another part cannot be resolved by WeasyPrint (it drops it
with an error): parts.py writes such a link as `LINK_SCHEME` + the anchor's name, which
WeasyPrint keeps as a URI action, and here it becomes a link to the named destination,
which this file's name tree holds for every part's anchors. A part that continues a
chapter begun in an earlier part has bookmarks one level below their chapter's: its
`outline_level` says how many levels to add.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

LINK_SCHEME = "handbook-part:"


@dataclass(frozen=True)
class Laid:
    """One part's PDF and what the join needs of it."""

    data: bytes
    outline_level: int = 0  # levels added to the part's own bookmarks


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page of a PDF."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [(float(p.mediabox[2] - p.mediabox[0]), float(p.mediabox[3] - p.mediabox[1])) for p in pdf.pages]


def anchors(data: bytes) -> dict[str, int]:
    """The named destinations of a PDF: anchor name -> page index."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        return {name: target[0] for name, dest in _dests(pdf) if (target := _target(dest, pages))}


def _target(dest, pages: dict) -> tuple[int, list[float]] | None:
    """(page index, [x, y]) of an explicit destination [page /XYZ x y zoom], by `pages`
    (a page's object id -> its index), or None when it names no page of them."""
    if isinstance(dest, Array) and len(dest) and dest[0].objgen in pages:
        return pages[dest[0].objgen], [float(v) for v in list(dest)[2:4]]
    return None


def _dests(pdf: pikepdf.Pdf):
    names = pdf.Root.get("/Names", Dictionary()).get("/Dests")
    if names is None:
        return []
    return [(str(name), dest) for name, dest in pikepdf.NameTree(names).items()]


def _outline(pdf: pikepdf.Pdf, level: int) -> list[tuple[int, str, Array]]:
    """(level, title, destination) of every bookmark, in reading order."""
    flat: list[tuple[int, str, Array]] = []
    with pdf.open_outline() as outline:
        stack = [(level, item) for item in reversed(outline.root)]
        while stack:
            depth, item = stack.pop()
            flat.append((depth, item.title, item.destination))
            stack += [(depth + 1, child) for child in reversed(item.children)]
    return flat


def join(parts: list[Laid], footer: bytes | None = None, page_mode: str | None = None,
         fonts: dict[str, object] | None = None) -> bytes:
    """The parts as one PDF; `footer`: a PDF of as many pages, laid over them (the page
    numbers, which only the whole knows); `fonts`: by the name WeasyPrint gave a font, the
    installed font (a HarfBuzz face) whose glyph ids the parts kept: each such font is
    embedded once, not once a part. Metadata and language come from the first part."""
    out = pikepdf.new()
    dests: dict[str, tuple[int, list]] = {}
    bookmarks: list[tuple[int, str, int, list]] = []
    sources = []
    for part in parts:
        src = pikepdf.open(io.BytesIO(part.data))
        sources.append(src)
        first = len(out.pages)
        index = {p.obj.objgen: first + i for i, p in enumerate(src.pages)}
        for name, dest in _dests(src):
            if target := _target(dest, index):
                dests.setdefault(name, target)
        for level, title, dest in _outline(src, part.outline_level):
            if target := _target(dest, index):
                bookmarks.append((level, title, *target))
        with warnings.catch_warnings():  # the destinations are written below, by name
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(src.pages)
    _relink(out, dests)
    _write_dests(out, dests)
    _write_outline(out, bookmarks)
    if footer is not None:
        with pikepdf.open(io.BytesIO(footer)) as sheet:
            for n, (page, over) in enumerate(zip(out.pages, sheet.pages)):
                _overlay(out, page, out.copy_foreign(over.as_form_xobject()), Name(f"/HandbookFooter{n + 1}"))
    _share_fonts(out, fonts or {})
    first_part = sources[0]
    out.docinfo = out.copy_foreign(first_part.docinfo)
    if "/Lang" in first_part.Root:
        out.Root.Lang = first_part.Root.Lang
    if page_mode:
        out.Root.PageMode = Name("/" + page_mode)
    buffer = io.BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             deterministic_id=True, min_version=max(src.pdf_version for src in sources))
    for src in sources:
        src.close()
    return buffer.getvalue()


def _overlay(pdf: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object, name: Name) -> None:
    """`form` drawn over the page, as Page.add_overlay does, under a name of our own:
    that one names it at random (the same parts would not give the same bytes). The name
    is the page's own because WeasyPrint's pages share one resource dictionary."""
    page.add_resource(form, Name.XObject, name=name)
    placement = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.mediabox))
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\nq\n" + bytes(placement) + b"\nQ\n"))


def _relink(pdf: pikepdf.Pdf, dests: dict) -> None:
    """Links written as LINK_SCHEME + name become links to the named destination; a link
    to a name no part holds is removed (WeasyPrint drops those too)."""
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array):
            continue
        keep = []
        for annot in annots:
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if isinstance(action, Dictionary) else ""
            if uri.startswith(LINK_SCHEME):
                name = uri.removeprefix(LINK_SCHEME)
                if name not in dests:
                    continue
                del annot["/A"]
                annot.Dest = String(name)
            keep.append(annot)
        page.obj.Annots = Array(keep)


def _write_dests(pdf: pikepdf.Pdf, dests: dict) -> None:
    if not dests:
        return
    names = Array()
    for name in sorted(dests):  # a name tree's keys are sorted
        page, (x, y) = dests[name]
        names.append(String(name))
        names.append(Array([pdf.pages[page].obj, Name.XYZ, x, y, 0]))
    pdf.Root.Names = Dictionary(Dests=pdf.make_indirect(Dictionary(Names=names)))


def _write_outline(pdf: pikepdf.Pdf, bookmarks: list) -> None:
    if not bookmarks:
        return
    with pdf.open_outline() as outline:
        stack: list[tuple[int, list]] = [(-1, outline.root)]
        for level, title, page, (x, y) in bookmarks:
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            item = pikepdf.OutlineItem(title, Array([pdf.pages[page].obj, Name.XYZ, x, y, 0]))
            stack[-1][1].append(item)
            stack.append((level, item.children))



def _share_fonts(pdf: pikepdf.Pdf, faces: dict[str, object]) -> None:
    """For each name in `faces`, one font program for every part's font of that name: the
    installed font cut to the glyphs all of them show (their ids are the installed font's)."""
    from .acroform import _width_codes, compact_cff_face

    groups: dict[str, tuple[set[int], list]] = {}
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Subtype") != Name.CIDFontType0:
            continue
        descriptor = obj.get("/FontDescriptor")
        if descriptor is None or "/FontFile3" not in descriptor:
            continue
        name = str(descriptor.get("/FontName", "")).lstrip("/").partition("+")[2]
        if name in faces:
            codes, descriptors = groups.setdefault(name, (set(), []))
            codes.update(_width_codes(obj))
            descriptors.append(descriptor)
    for name, (codes, descriptors) in sorted(groups.items()):
        program = compact_cff_face(faces[name], codes) if len(descriptors) > 1 else None
        if program is None:
            continue
        shared = pdf.make_stream(program)
        shared.Subtype = Name.CIDFontType0C
        for descriptor in descriptors:
            descriptor.FontFile3 = shared
