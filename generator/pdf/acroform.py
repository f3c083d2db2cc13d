"""Post-processing of the fillable PDFs WeasyPrint writes (`pdf_forms=True`).

What WeasyPrint 70 writes, and what `finalize_form` changes (measured; see
ACROFORM_NOTES.md next to this file):

* Fields have no drawn appearance: /AcroForm /NeedAppearances is true and
  each text or choice field has a /DA such as ``/a1.0 gs 0 0 0 rg /ABCDEF 10.2 Tf``
  naming a font of /AcroForm /DR -- which *is* the first page's /Resources.
  That font is embedded whole and unsubsetted (15.8 MB for Noto Sans CJK's
  .ttc), because a user may type any character.
  -> The fields' /DA now name ``STSong-Light``, one of Adobe's predefined CJK
  fonts (Type0, /UniGB-UCS2-H, Adobe-GB1-4), which is *not embedded*: the
  viewer supplies a Chinese font. /DR becomes a small dictionary holding only
  that font, and the whole embedded field font is dropped (it must not be used
  by page text; give inputs their own CSS family, see
  `generator.pdf.fontfaces.form_field_css`).
* Page text fonts are subsets that keep the original glyph ids (HarfBuzz's
  RETAIN_GIDS): for a CFF font such as Noto CJK that leaves tens of thousands
  of empty glyphs: 70-120 KB per font and weight even for ten characters.
  -> Such fonts are cut down to the glyphs used, as a bare CID-keyed CFF
  (/FontFile3 /Subtype /CIDFontType0C) whose charset maps each glyph to its
  original CID, so the content streams, /W and /ToUnicode stay byte for byte
  the same and the static text stays extractable.
* Radio buttons: WeasyPrint lists the group *and* each button in /Fields and
  gives each button the group's /T, so viewers see a field "name.name".
  -> The buttons become plain widgets of the group (no /T, not in /Fields);
  PDFium then stores the choice in the group's /V.

* Inputs sharing a name (a field repeated on the counterfoil) are separate fields there.
  -> One field with a widget in each place (`_merge_same_names`); a radio group's
  repeated options share their appearance state and turn on in unison.

* Field names: WeasyPrint writes `entries.1.company` as one flat name.
  -> A real hierarchy with the same fully-qualified names (`_nest_field_names`).

Reading filled forms back is `fieldtree.read_fields`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from .fieldtree import FF_RADIO, FF_RADIOS_IN_UNISON, inherited, object_key, pdf_text, walk_fields, widgets

__all__ = ["FIELD_FONT_RESOURCE", "FormFontError", "finalize_form"]

#: The name under which /AcroForm /DR holds STSong-Light, as used in every /DA.
FIELD_FONT_RESOURCE = "/STSong"


# Operators kept from a /DA: colours and the font. Others (WeasyPrint's "gs")
# would need resources in /DR and are not understood by every viewer.
_DA_KEPT_OPERATORS = {"g", "rg", "k", "G", "RG", "K", "Tf"}



class FormFontError(ValueError):
    """A form field shares its font with page text, so the font cannot be dropped."""


def _fix_radio_groups(acroform: Dictionary) -> None:
    """Make WeasyPrint's radio buttons widgets of their group (see module doc)."""
    fields = acroform.get("/Fields")
    if not isinstance(fields, Array):
        return
    kid_ids: set[tuple[int, int]] = set()
    for group in fields:
        if not isinstance(group, Dictionary) or "/Kids" not in group:
            continue
        if inherited(group, "/FT") != Name.Btn or not int(group.get("/Ff", 0)) & FF_RADIO:
            continue
        group_name = group.get("/T")
        for kid in group.Kids:
            if not isinstance(kid, Dictionary) or kid.get("/Subtype") != Name.Widget:
                continue
            if "/T" in kid and group_name is not None and bytes(kid.T) == bytes(group_name):
                del kid["/T"]
                if "/TU" in kid:
                    del kid["/TU"]
                if "/FT" in kid:
                    del kid["/FT"]
                if kid.is_indirect:
                    kid_ids.add(kid.objgen)
    if kid_ids:
        acroform.Fields = Array(
            f for f in fields if not (isinstance(f, Dictionary) and f.is_indirect and f.objgen in kid_ids)
        )


# Keys of a field (as opposed to its widget annotation): ISO 32000-1, tables 220, 222, 228, 231.
_FIELD_KEYS = ("/T", "/TU", "/TM", "/FT", "/Ff", "/V", "/DV", "/DA", "/Q", "/DS", "/RV", "/MaxLen",
               "/Opt", "/TI", "/I", "/AA")


def _merge_same_names(pdf: pikepdf.Pdf, acroform: Dictionary) -> None:
    """Inputs sharing a name become one field with a widget each (the counterfoil's copies).

    WeasyPrint writes each `<input>` as a field of its own, even when two share a name, so a
    viewer would keep two values under one name. The first becomes the model of a new
    parent field (its field keys move up), and every input of that name becomes a plain
    widget of it: one value, drawn in both places, read back once."""
    fields = acroform.get("/Fields")
    if not isinstance(fields, Array):
        return
    by_name: dict[bytes, list[Dictionary]] = {}
    for f in fields:
        if isinstance(f, Dictionary) and isinstance(f.get("/T"), String) and "/Kids" not in f:
            by_name.setdefault(bytes(f.T), []).append(f)
    if all(len(group) < 2 for group in by_name.values()):
        return
    top = Array()
    done: set[bytes] = set()
    named = [(f, bytes(f.T) if isinstance(f, Dictionary) and isinstance(f.get("/T"), String) else None)
             for f in fields]  # before the widgets lose their /T below
    for f, name in named:
        group = by_name.get(name) if name is not None else None
        if not group or len(group) < 2:
            top.append(f)
            continue
        if name in done:
            continue
        done.add(name)
        parent = pdf.make_indirect(Dictionary({k: group[0][k] for k in _FIELD_KEYS if k in group[0]}))
        parent.Kids = Array()
        for widget in group:
            for key in _FIELD_KEYS:
                if key in widget:
                    del widget[key]
            widget.Parent = parent
            parent.Kids.append(widget)
        top.append(parent)
    acroform.Fields = top


def _radios_in_unison(acroform: Dictionary) -> None:
    """A radio group whose options appear twice (on the form and on its counterfoil): the
    buttons of one option share an appearance state and turn on together (RadiosInUnison)."""
    for group in acroform.get("/Fields", Array()):
        if not isinstance(group, Dictionary) or not int(group.get("/Ff", 0)) & FF_RADIO:
            continue
        options = group.get("/Opt")
        kids = [k for k in group.get("/Kids", Array()) if isinstance(k, Dictionary)]
        if not isinstance(options, Array) or len(options) != len(kids):
            continue
        first: dict[bytes, str] = {}
        renamed = False
        for i, (kid, option) in enumerate(zip(kids, options)):
            state = first.setdefault(bytes(option), str(i))
            if state == str(i):
                continue
            normal = kid.get("/AP", Dictionary()).get("/N")
            if isinstance(normal, Dictionary) and f"/{i}" in normal:
                normal[f"/{state}"] = normal[f"/{i}"]
                del normal[f"/{i}"]
                if kid.get("/AS") == Name(f"/{i}"):
                    kid.AS = Name(f"/{state}")
                renamed = True
        if renamed:
            group.Ff = int(group.Ff) | FF_RADIOS_IN_UNISON


def _nest_field_names(pdf: pikepdf.Pdf, acroform: Dictionary) -> None:
    """Turn WeasyPrint's dotted field names into the hierarchy they stand for.

    WeasyPrint writes `entries.1.company` as one /T; PDF says a partial name holds no
    period (ISO 32000-1, 12.7.3.2), and Acrobat's scripts (`getField("entries")`) read
    the dots as levels. So the field becomes `company` under a field `1` under a field
    `entries`: the fully-qualified name, which viewers and `read_fields` report, is the
    same `entries.1.company`. If a name is both a field and a prefix of another, nothing
    is nested (the flat names still read back)."""
    fields = acroform.get("/Fields")
    if not isinstance(fields, Array):
        return
    named = [(f, pdf_text(f.T)) for f in fields if isinstance(f, Dictionary) and isinstance(f.get("/T"), String)]
    names = {name for _, name in named}
    prefixes = {".".join(n.split(".")[:i]) for n in names for i in range(1, n.count(".") + 1)}
    if names & prefixes or any(part == "" for n in names for part in n.split(".")):
        return
    top = Array()
    parents: dict[str, Dictionary] = {}
    for field in fields:
        name = pdf_text(field.T) if isinstance(field, Dictionary) and isinstance(field.get("/T"), String) else ""
        if "." not in name:
            top.append(field)
            continue
        *path, last = name.split(".")
        parent = None
        for i, part in enumerate(path):
            key = ".".join(path[: i + 1])
            if key not in parents:
                node = pdf.make_indirect(Dictionary(T=String(part), Kids=Array()))
                if parent is None:
                    top.append(node)
                else:
                    node.Parent = parent
                    parent.Kids.append(node)
                parents[key] = node
            parent = parents[key]
        field.T = String(last)
        field.Parent = parent
        parent.Kids.append(field)
    acroform.Fields = top


def _normalise_rects(pdf: pikepdf.Pdf) -> None:
    """Widget rectangles as [left bottom right top]: WeasyPrint writes some top first,
    which the standard allows readers to fix but not all do."""
    for page in pdf.pages:
        for annot in page.get("/Annots", Array()):
            rect = annot.get("/Rect") if isinstance(annot, Dictionary) else None
            if isinstance(rect, Array) and len(rect) == 4:
                x1, y1, x2, y2 = (Decimal(str(v)) for v in rect)
                if x1 > x2 or y1 > y2:
                    annot.Rect = Array([min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)])


# ----------------------------------------------------------------- content usage


class _Usage:
    """Which fonts the page contents use, and which character codes they show."""

    def __init__(self) -> None:
        self.codes: dict[tuple[int, int], set[int]] = {}
        self.fonts: dict[tuple[int, int], Dictionary] = {}
        self._done: set[tuple[int, int]] = set()

    def scan_pdf(self, pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            resources = page.obj.get("/Resources", Dictionary())
            contents = page.obj.get("/Contents")
            streams = contents if isinstance(contents, Array) else [contents] if contents is not None else []
            # A page's content may be split anywhere between streams: parse them as one.
            data = b"\n".join(s.read_bytes() for s in streams if isinstance(s, Stream))
            self._scan_bytes(pdf, data, resources)
            for annot in page.obj.get("/Annots", Array()):
                if not isinstance(annot, Dictionary):
                    continue
                for appearance in annot.get("/AP", Dictionary()).values():
                    states = [appearance] if isinstance(appearance, Stream) else list(appearance.values())
                    for state in states:
                        if isinstance(state, Stream):
                            self._scan_stream(pdf, state, resources)

    def _scan_stream(self, pdf: pikepdf.Pdf, stream: Stream, parent_resources: Dictionary) -> None:
        if stream.is_indirect:
            if stream.objgen in self._done:
                return
            self._done.add(stream.objgen)
        resources = stream.get("/Resources", parent_resources)
        self._scan_bytes(pdf, stream.read_bytes(), resources)

    def _scan_bytes(self, pdf: pikepdf.Pdf, data: bytes, resources: Dictionary) -> None:
        fonts = resources.get("/Font", Dictionary())
        xobjects = resources.get("/XObject", Dictionary())
        for pattern in resources.get("/Pattern", Dictionary()).values():
            if isinstance(pattern, Stream):  # tiling pattern: has content of its own
                self._scan_stream(pdf, pattern, resources)
        current: Dictionary | None = None
        stack: list[Dictionary | None] = []
        instructions = pikepdf.parse_content_stream(Stream(pdf, data))
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            operands, operator = instruction.operands, str(instruction.operator)
            if operator == "q":
                stack.append(current)
            elif operator == "Q":
                current = stack.pop() if stack else None
            elif operator == "Tf" and operands:
                font = fonts.get(operands[0]) if isinstance(operands[0], Name) else None
                current = font if isinstance(font, Dictionary) else None
                if current is not None and current.is_indirect:
                    self.fonts[current.objgen] = current
                    self.codes.setdefault(current.objgen, set())
            elif operator in ("Tj", "'", '"', "TJ") and operands and current is not None:
                if not current.is_indirect:
                    continue
                strings: list[bytes] = []
                last = operands[-1]
                if isinstance(last, String):
                    strings.append(bytes(last))
                elif isinstance(last, Array):
                    strings.extend(bytes(item) for item in last if isinstance(item, String))
                codes = self.codes[current.objgen]
                if current.get("/Subtype") == Name.Type0:
                    for s in strings:
                        codes.update(int.from_bytes(s[i : i + 2], "big") for i in range(0, len(s) - 1, 2))
                else:
                    for s in strings:
                        codes.update(s)
            elif operator == "Do" and operands:
                xobject = xobjects.get(operands[0])
                if isinstance(xobject, Stream) and xobject.get("/Subtype") == Name.Form:
                    self._scan_stream(pdf, xobject, resources)


# ---------------------------------------------------------------- field font


def _stsong_light(pdf: pikepdf.Pdf) -> Dictionary:
    """STSong-Light, one of the CJK fonts Acrobat predefines, not embedded.

    A Type0 font with the predefined CMap UniGB-UCS2-H (PDF 32000-1, 9.7.5.2)
    over Adobe-GB1, so typed text is stored as UCS-2 codes. Metrics as other
    writers declare them for Acrobat's font; the viewer supplies the glyphs
    (Acrobat: its Asian font pack; PDFium, pdf.js, Poppler: a substitute font).
    """
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/STSong-Light"),
        Flags=6,  # serif, symbolic
        FontBBox=Array([-134, -254, 1001, 905]),
        ItalicAngle=0,
        Ascent=905,
        Descent=-254,
        CapHeight=626,
        XHeight=416,
        StemV=48,
    )
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType0,
        BaseFont=Name("/STSong-Light"),
        CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("GB1"), Supplement=4),
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=1000,
        # proportional and half-width Latin (CIDs 1-95, 814-939, ...) are half an em
        W=Array([1, 95, 500, 814, 939, 500, 7712, 7716, 500, 22127, 22357, 500]),
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/STSong-Light"),
            Encoding=Name("/UniGB-UCS2-H"),
            DescendantFonts=Array([pdf.make_indirect(cid_font)]),
        )
    )


def _parse_da(pdf: pikepdf.Pdf, da: object) -> list[pikepdf.ContentStreamInstruction]:
    if not isinstance(da, String):
        return []
    try:
        return list(pikepdf.parse_content_stream(Stream(pdf, bytes(da))))
    except pikepdf.PdfError:
        return []


def _rewrite_da(pdf: pikepdf.Pdf, da: object) -> String | None:
    """The /DA with colours kept, the font replaced by STSong-Light and nothing else."""
    instructions = _parse_da(pdf, da)
    if not any(str(i.operator) == "Tf" for i in instructions):
        return None
    parts = []
    for instruction in instructions:
        operator = str(instruction.operator)
        if operator not in _DA_KEPT_OPERATORS:
            continue
        if operator == "Tf":
            size = instruction.operands[1] if len(instruction.operands) > 1 else 0
            instruction = pikepdf.ContentStreamInstruction([Name(FIELD_FONT_RESOURCE), size], pikepdf.Operator("Tf"))
        parts.append(pikepdf.unparse_content_stream([instruction]))
    return String(b" ".join(parts))


def _resource_dicts(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    """Every /Resources dictionary reachable from pages, XObjects, patterns and appearances."""
    seen: set[tuple[int, int]] = set()
    pending: list[Dictionary] = []
    for page in pdf.pages:
        pending.append(page.obj.get("/Resources", Dictionary()))
        for annot in page.obj.get("/Annots", Array()):
            if isinstance(annot, Dictionary):
                for appearance in annot.get("/AP", Dictionary()).values():
                    states = [appearance] if isinstance(appearance, Stream) else list(appearance.values())
                    pending.extend(s.Resources for s in states if isinstance(s, Stream) and "/Resources" in s)
    while pending:
        resources = pending.pop()
        if not isinstance(resources, Dictionary):
            continue
        key = resources.objgen if resources.is_indirect else (-id(resources), 0)
        if key in seen:
            continue
        seen.add(key)
        yield resources
        for group in ("/XObject", "/Pattern"):
            for item in resources.get(group, Dictionary()).values():
                if isinstance(item, Stream) and "/Resources" in item:
                    pending.append(item.Resources)


def _replace_field_fonts(pdf: pikepdf.Pdf, acroform: Dictionary, usage: _Usage) -> None:
    dr = acroform.get("/DR", Dictionary())
    dr_fonts = dr.get("/Font", Dictionary())
    field_fonts: dict[tuple[int, int], str] = {}

    def note_font(da: object) -> None:
        for instruction in _parse_da(pdf, da):
            if str(instruction.operator) == "Tf" and instruction.operands:
                name = instruction.operands[0]
                font = dr_fonts.get(name) if isinstance(name, Name) else None
                if isinstance(font, Dictionary) and font.is_indirect:
                    field_fonts[font.objgen] = str(name)

    note_font(acroform.get("/DA"))
    nodes: dict[object, Dictionary] = {}  # fields, their ancestors and widgets
    for _, field in walk_fields(acroform):
        node: object = field
        while isinstance(node, Dictionary) and object_key(node) not in nodes:
            nodes[object_key(node)] = node
            node = node.get("/Parent")
        for widget in widgets(field):
            nodes.setdefault(object_key(widget), widget)
    for node in nodes.values():
        note_font(node.get("/DA"))

    shared = [name for objgen, name in field_fonts.items() if objgen in usage.fonts]
    if shared:
        raise FormFontError(
            f"form fields use font {', '.join(shared)}, which page text uses too, so WeasyPrint "
            "embedded it whole; give the HTML form controls a font family of their own "
            "(generator.pdf.fontfaces.form_field_css())"
        )

    for node in [acroform, *nodes.values()]:
        if "/DA" in node and (new := _rewrite_da(pdf, node.DA)) is not None:
            node.DA = new
    if "/DA" not in acroform:  # the default for variable-text fields without one
        acroform.DA = String(f"0 g {FIELD_FONT_RESOURCE} 0 Tf")
    acroform.DR = Dictionary(Font=Dictionary({FIELD_FONT_RESOURCE: _stsong_light(pdf)}))
    acroform.NeedAppearances = True

    # Drop the embedded field fonts from every resource dictionary (the first
    # page's resources were /DR); unreachable objects are not written out.
    for resources in _resource_dicts(pdf):
        fonts = resources.get("/Font")
        if not isinstance(fonts, Dictionary):
            continue
        for key in list(fonts.keys()):
            font = fonts[key]
            if isinstance(font, Dictionary) and font.is_indirect and font.objgen in field_fonts:
                del fonts[key]


# ------------------------------------------------------------- font compaction


def _width_codes(cid_font: Dictionary) -> set[int]:
    """The CIDs that /W gives a width for (WeasyPrint lists exactly the glyphs used)."""
    codes: set[int] = set()
    items = list(cid_font.get("/W", Array()))
    i = 0
    while i < len(items):
        first = int(items[i])
        if i + 1 < len(items) and isinstance(items[i + 1], Array):
            codes.update(range(first, first + len(items[i + 1])))
            i += 2
        elif i + 2 < len(items):
            codes.update(range(first, int(items[i + 1]) + 1))
            i += 3
        else:
            break
    return codes


def _compact_cff(program: bytes, codes: set[int]) -> bytes | None:
    """A bare CID-keyed CFF holding only the glyphs of `codes`, or None if not applicable.

    HarfBuzz's subsetter (uharfbuzz; 1-3 ms, where copying charstrings with
    fontTools took 60-100 ms because it parses the 65,535-entry charset) drops
    every other glyph and writes a charset mapping each kept glyph to its CID.
    That is only right when the codes in the page content are those CIDs, i.e.
    when the kept glyph ids equal their CIDs, as in Noto CJK and WeasyPrint's
    retained-gid subsets of it: checked on the result, which must list exactly
    cid<code> for every code kept. Anything else is left as it was.
    """
    import uharfbuzz as hb

    return compact_cff_face(hb.Face(program), codes)


def compact_cff_face(face, codes: set[int]) -> bytes | None:
    """`_compact_cff` of a HarfBuzz face (an installed font, as pdf/join.py cuts it once
    for the parts it joins): only the glyphs of `codes`, no layout closure."""
    import uharfbuzz as hb
    from fontTools.cffLib import CFFFontSet

    try:
        keep = sorted(c for c in codes | {0} if c < face.glyph_count)
        subset_input = hb.SubsetInput()
        for gid in keep:
            subset_input.glyph_set.add(gid)
        # what WeasyPrint asks for: keep unknown tables, no subroutines; hints stay
        subset_input.flags = (hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
                              | hb.SubsetFlags.NO_LAYOUT_CLOSURE)  # the glyphs drawn, no variants
        cff = hb.subset(face, subset_input).reference_table("CFF ").data
        if not cff:
            return None
        fontset = CFFFontSet()
        fontset.decompile(io.BytesIO(cff), None)
        top = fontset.topDictIndex[0]
        if not hasattr(top, "ROS") or list(top.charset) != [".notdef"] + [f"cid{c:05d}" for c in keep if c]:
            return None  # name-keyed, or glyph ids that are not the CIDs: codes would change meaning
        return bytes(cff)
    except Exception:  # noqa: BLE001 - best effort: an unusual font is left as it is
        return None


def _compact_fonts(pdf: pikepdf.Pdf, usage: _Usage) -> None:
    codes_by_file: dict[tuple[int, int], set[int]] = {}
    files: dict[tuple[int, int], Stream] = {}
    for objgen, font in sorted(usage.fonts.items()):
        if font.get("/Subtype") != Name.Type0 or font.get("/Encoding") != Name("/Identity-H"):
            continue
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, Array) or len(descendants) != 1:
            continue
        cid_font = descendants[0]
        if cid_font.get("/Subtype") != Name.CIDFontType0:
            continue
        file = cid_font.get("/FontDescriptor", Dictionary()).get("/FontFile3")
        if not isinstance(file, Stream) or not file.is_indirect or file.get("/Subtype") != Name.OpenType:
            continue
        codes = codes_by_file.setdefault(file.objgen, set())
        codes.update(usage.codes.get(objgen, set()), _width_codes(cid_font))
        files[file.objgen] = file
    for objgen, file in sorted(files.items()):
        program = file.read_bytes()
        compact = _compact_cff(program, codes_by_file[objgen])
        if compact is None or len(compact) >= len(program):
            continue
        file.write(compact)
        for key in list(file.keys()):
            if key not in ("/Length", "/Filter", "/DecodeParms"):
                del file[key]
        file.Subtype = Name.CIDFontType0C


# ---------------------------------------------------------------------- public


def finalize_form(pdf_bytes: bytes) -> bytes:
    """Make a WeasyPrint `pdf_forms=True` PDF small and able to take Chinese input.

    Same input bytes give the same output bytes. Raises FormFontError when
    the fields' font is also used by page text (give inputs their own family).
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        usage = _Usage()
        usage.scan_pdf(pdf)
        acroform = pdf.Root.get("/AcroForm")
        if isinstance(acroform, Dictionary):
            _fix_radio_groups(acroform)
            _radios_in_unison(acroform)
            _merge_same_names(pdf, acroform)
            _replace_field_fonts(pdf, acroform, usage)
            _nest_field_names(pdf, acroform)
        _normalise_rects(pdf)
        _compact_fonts(pdf, usage)
        out = io.BytesIO()
        pdf.save(
            out,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
            qdf=False,
            linearize=False,
        )
        return out.getvalue()

