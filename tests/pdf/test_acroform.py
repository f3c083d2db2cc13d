"""The PDF-forms engine: WeasyPrint form -> finalize_form -> filled in PDFium -> read_fields."""

from __future__ import annotations

import base64
import io
import re
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from generator.errors import BuildError
from generator import fonts
from generator.pdf import fontfaces
from generator.pdf.acroform import FIELD_FONT_RESOURCE, FormFontError, finalize_form
from generator.pdf.fieldtree import read_fields

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from pdfium_fill import fill_with_pdfium  # noqa: E402

weasyprint = pytest.importorskip("weasyprint")

HEADING = "设备点检表"
NAME = "华东区张三"

FORM_BODY = f"""
<h1>{HEADING}</h1>
<form>
  <p>姓名 <input type="text" name="name"></p>
  <p>备注 <textarea name="notes"></textarea></p>
  <p><input type="checkbox" name="ok" value="yes"> 已确认</p>
  <p>
    <input type="radio" name="shift" value="day"> 白班
    <input type="radio" name="shift" value="night"> 夜班
  </p>
  <p>区域 <select name="area"><option value="east">华东</option><option value="north">华北</option></select></p>
</form>
"""


def form_html(field_css: str) -> str:
    font = fonts.find_cjk_font()
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 15mm }}
body {{ font-family: {font.css_family}; font-size: 11pt }}
{field_css}
</style></head><body>{FORM_BODY}</body></html>"""


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_form(html: str) -> bytes:
    records = _Records()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(records)
    try:
        pdf = weasyprint.HTML(string=html).write_pdf(pdf_forms=True)
    finally:
        logger.removeHandler(records)
    assert not records.messages, records.messages  # e.g. ".notdef glyph rendered"
    return pdf


@pytest.fixture(scope="module")
def raw_pdf() -> bytes:
    return render_form(form_html(fontfaces.form_field_css()))


@pytest.fixture(scope="module")
def form_pdf(raw_pdf: bytes) -> bytes:
    return finalize_form(raw_pdf)


# ------------------------------------------------------------------ finalize


def test_form_is_small(raw_pdf: bytes, form_pdf: bytes) -> None:
    assert len(form_pdf) < 100_000, len(form_pdf)
    assert len(form_pdf) < len(raw_pdf)


def test_field_font_is_viewer_supplied_stsong_light(form_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(form_pdf)) as pdf:
        acroform = pdf.Root.AcroForm
        assert acroform.NeedAppearances is True
        font = acroform.DR.Font[FIELD_FONT_RESOURCE]
        assert font.Subtype == "/Type0"
        assert font.BaseFont == "/STSong-Light"
        assert font.Encoding == "/UniGB-UCS2-H"
        cid_font = font.DescendantFonts[0]
        assert cid_font.Subtype == "/CIDFontType0"
        info = cid_font.CIDSystemInfo
        assert (str(info.Registry), str(info.Ordering), int(info.Supplement)) == ("Adobe", "GB1", 4)
        descriptor = cid_font.FontDescriptor
        assert not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())

        text_fields = [f for f in acroform.Fields if f.get("/FT") in ("/Tx", "/Ch")]
        assert len(text_fields) == 3
        for field in text_fields:
            assert f"{FIELD_FONT_RESOURCE} " in str(field.DA)
            assert " Tf" in str(field.DA)

        # No font program is embedded whole any more: only the page text's subsets remain.
        programs = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") in ("/OpenType", "/CIDFontType0C")
            or isinstance(obj, pikepdf.Stream) and "/Length1" in obj
        ]
        assert programs
        assert all(len(p.read_bytes()) < 20_000 for p in programs)


def test_heading_and_labels_are_extractable(form_pdf: bytes) -> None:
    text = pypdf.PdfReader(io.BytesIO(form_pdf)).pages[0].extract_text()
    for word in (HEADING, "姓名", "备注", "已确认", "白班", "夜班"):
        assert word in text, text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_heading_is_extractable_with_poppler(form_pdf: bytes) -> None:
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=form_pdf, capture_output=True, check=True
    )
    assert HEADING in result.stdout.decode("utf-8")


def test_page_text_renders_as_before(raw_pdf: bytes, form_pdf: bytes) -> None:
    """The page fonts were cut down, not changed: PDFium draws the same glyphs."""

    def render(data: bytes):
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[0]
            image = page.render(scale=2, may_draw_forms=False, draw_annots=False).to_pil()
            page.close()
            return image.convert("L")
        finally:
            pdf.close()

    diff = ImageChops.difference(render(raw_pdf), render(form_pdf))
    assert sum(diff.histogram()[65:]) == 0  # anti-aliasing may differ a little, no more


def test_fields_exist_with_their_names(form_pdf: bytes) -> None:
    assert read_fields(form_pdf) == {
        "name": "",
        "notes": "",
        "ok": False,
        "shift": None,
        "area": None,
    }


def test_finalize_is_deterministic(raw_pdf: bytes, form_pdf: bytes) -> None:
    assert finalize_form(raw_pdf) == form_pdf


def test_field_font_shared_with_page_text_is_refused() -> None:
    # No font-family anywhere: body text and fields get the same default font,
    # which WeasyPrint then embeds whole for both.
    raw = render_form("<html><body><p>Name <input name='n'></p></body></html>")
    with pytest.raises(FormFontError, match="form_field_css"):
        finalize_form(raw)


def test_fields_on_a_later_page() -> None:
    font = fonts.find_cjk_font()
    raw = render_form(
        f"""<html lang="zh-CN"><head><meta charset="utf-8"><style>
        body {{ font-family: {font.css_family} }} {fontfaces.form_field_css()}
        </style></head><body><h1>第一页</h1><form><p>甲 <input name="a"></p>
        <p style="break-before: page">第二页 <input name="b">
        <input type="radio" name="r" value="甲" checked> <input type="radio" name="r" value="乙"></p>
        </form></body></html>"""
    )
    form = finalize_form(raw)
    assert len(form) < 100_000
    assert read_fields(form) == {"a": "", "b": "", "r": "甲"}
    filled = fill_with_pdfium(form, text={"b": NAME}, click=[("r", 1)], page_index=1)
    assert filled.changed_pixels("b") > 100
    assert read_fields(filled.pdf_bytes) == {"a": "", "b": NAME, "r": "乙"}


def test_a_pdf_without_form_only_gets_smaller() -> None:
    font = fonts.find_cjk_font()
    raw = weasyprint.HTML(
        string=f'<html lang="zh-CN"><body style="font-family: {font.css_family}"><h1>{HEADING}</h1></body></html>'
    ).write_pdf()
    smaller = finalize_form(raw)
    assert len(smaller) < len(raw) / 5
    with pikepdf.open(io.BytesIO(smaller)) as pdf:
        assert "/AcroForm" not in pdf.Root
    assert HEADING in pypdf.PdfReader(io.BytesIO(smaller)).pages[0].extract_text()
    assert read_fields(smaller) == {}


# ---------------------------------------------------------- filled in PDFium


@pytest.fixture(scope="module")
def filled(form_pdf: bytes):
    return fill_with_pdfium(
        form_pdf, text={"name": NAME, "notes": "第一行"}, click=["ok", ("shift", 1)], select={"area": 1}
    )


def test_typed_chinese_is_drawn(form_pdf: bytes, filled) -> None:
    assert filled.changed_pixels("name") > 100
    # Different characters give different pixels: glyphs, not .notdef boxes.
    other = fill_with_pdfium(form_pdf, text={"name": "华北厂李四"})
    rect = filled.rects["name"][0]
    diff = ImageChops.difference(
        filled.crop(filled.after, rect).convert("L"), other.crop(other.after, rect).convert("L")
    )
    assert sum(diff.histogram()[33:]) > 50


def test_values_saved_by_pdfium_read_back(filled) -> None:
    assert read_fields(filled.pdf_bytes) == {
        "name": NAME,
        "notes": "第一行",
        "ok": True,
        "shift": "night",
        "area": "north",
    }
    assert filled.changed_pixels("ok") > 0


def test_read_fields_from_a_path(filled, tmp_path: Path) -> None:
    path = tmp_path / "filled.pdf"
    path.write_bytes(filled.pdf_bytes)
    assert read_fields(path)["name"] == NAME
    assert read_fields(str(path))["ok"] is True


# ------------------------------------------------------------- read_fields


def _hand_made_form() -> bytes:
    """Fields as other writers make them: nested names, both string encodings."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj

    def widget(**entries) -> pikepdf.Dictionary:
        return pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, Rect=[0, 0, 10, 10], P=page, **entries)
        )

    utf16 = pikepdf.String(b"\xfe\xff" + "华东区张三".encode("utf-16-be"))
    pdfdoc = pikepdf.String(b"caf\xe9 \x84 ok")  # PDFDocEncoding: é and an em dash
    city = widget(T=pikepdf.String("city"), FT=pikepdf.Name.Tx, V=utf16)
    note = widget(T=pikepdf.String("note"), FT=pikepdf.Name.Tx, V=pdfdoc)
    empty = widget(T=pikepdf.String("empty"), FT=pikepdf.Name.Tx)
    address = pdf.make_indirect(
        pikepdf.Dictionary(T=pikepdf.String(b"\xfe\xff" + "地址".encode("utf-16-be")), Kids=[city, note, empty])
    )
    for kid in (city, note, empty):
        kid.Parent = address

    box = widget(T=pikepdf.String("box"), FT=pikepdf.Name.Btn, AS=pikepdf.Name("/Yes"))  # no /V
    off = widget(T=pikepdf.String("off"), FT=pikepdf.Name.Btn, V=pikepdf.Name.Off, AS=pikepdf.Name.Off)
    radio_a, radio_b = widget(AS=pikepdf.Name.Off), widget(AS=pikepdf.Name("/b"))
    radio = pdf.make_indirect(
        pikepdf.Dictionary(T=pikepdf.String("r"), FT=pikepdf.Name.Btn, Ff=1 << 15, V=pikepdf.Name("/b"), Kids=[radio_a, radio_b])
    )
    radio_a.Parent = radio_b.Parent = radio
    many = widget(
        T=pikepdf.String("many"), FT=pikepdf.Name.Ch, Ff=1 << 21, V=[pikepdf.String("x"), pikepdf.String("y")]
    )
    none = widget(T=pikepdf.String("none"), FT=pikepdf.Name.Ch, Ff=1 << 17)
    button = widget(T=pikepdf.String("send"), FT=pikepdf.Name.Btn, Ff=1 << 16)

    page.Annots = pdf.make_indirect([city, note, empty, box, off, radio_a, radio_b, many, none, button])
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[address, box, off, radio, many, none, button])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_read_fields_decodes_names_and_values() -> None:
    assert read_fields(_hand_made_form()) == {
        "地址.city": "华东区张三",
        "地址.note": "café — ok",
        "地址.empty": "",
        "box": True,
        "off": False,
        "r": "b",
        "many": ["x", "y"],
        "none": None,
        "send": None,
    }


def test_read_fields_of_a_pdf_without_form() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    assert read_fields(out.getvalue()) == {}


# ------------------------------------------------------------------- fonts


@pytest.fixture
def fresh_font_cache():
    fonts.find_cjk_font.cache_clear()
    fonts.find_cjk_bold.cache_clear()
    yield
    fonts.find_cjk_font.cache_clear()
    fonts.find_cjk_bold.cache_clear()


def test_find_cjk_font_finds_noto_here(fresh_font_cache) -> None:
    font = fonts.find_cjk_font()
    assert font.family == "Noto Sans CJK SC"
    assert font.path.exists()
    assert fonts.find_cjk_font() is font  # cached


def _fake_fc_list(monkeypatch, stdout: str) -> None:
    def run(args, **kwargs):
        assert args[0] == "fc-list"
        return subprocess.CompletedProcess(args, 0, stdout=stdout, stderr="")

    monkeypatch.setattr(fonts.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(fonts.subprocess, "run", run)


def test_no_chinese_font_is_a_build_error(monkeypatch, fresh_font_cache) -> None:
    _fake_fc_list(monkeypatch, "")
    with pytest.raises(BuildError, match="fonts-noto-cjk"):
        fonts.find_cjk_font()


def test_only_unknown_chinese_fonts_is_a_build_error(monkeypatch, fresh_font_cache) -> None:
    _fake_fc_list(monkeypatch, "AR PL UMing CN\tLight\t0\t/usr/share/fonts/uming.ttc\n")
    with pytest.raises(BuildError, match="apt-get install fonts-noto-cjk"):
        fonts.find_cjk_font()


def test_missing_fontconfig_is_a_build_error(monkeypatch, fresh_font_cache) -> None:
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    with pytest.raises(BuildError, match="fontconfig.*fonts-noto-cjk"):
        fonts.find_cjk_font()


def test_preferred_family_and_regular_style_win(monkeypatch, fresh_font_cache) -> None:
    _fake_fc_list(
        monkeypatch,
        "WenQuanYi Micro Hei,文泉驛微米黑\tRegular\t0\t/f/wqy-microhei.ttc\n"
        "Noto Serif CJK SC\tBold\t2\t/f/NotoSerifCJK-Bold.ttc\n"
        "Noto Serif CJK SC\tRegular\t2\t/f/NotoSerifCJK-Regular.ttc\n"
        "Droid Sans Fallback\tRegular\t\t/f/DroidSansFallbackFull.ttf\n",
    )
    assert fonts.find_cjk_font() == fonts.CjkFont("Noto Serif CJK SC", Path("/f/NotoSerifCJK-Regular.ttc"), 2)


def test_bold_face_of_the_same_family(monkeypatch, fresh_font_cache) -> None:
    _fake_fc_list(
        monkeypatch,
        "WenQuanYi Micro Hei\tBold\t0\t/f/wqy-bold.ttc\n"
        "Noto Serif CJK SC\tRegular\t2\t/f/NotoSerifCJK-Regular.ttc\n"
        "Noto Serif CJK SC\tBold,Negreta\t2\t/f/NotoSerifCJK-Bold.ttc\n",
    )
    assert fonts.find_cjk_bold() == fonts.CjkFont("Noto Serif CJK SC", Path("/f/NotoSerifCJK-Bold.ttc"), 2)


def test_without_a_bold_face_the_text_keeps_the_installed_family(monkeypatch, fresh_font_cache) -> None:
    _fake_fc_list(monkeypatch, "Noto Sans CJK SC\tRegular\t2\t/f/NotoSansCJK-Regular.ttc\n")
    assert fonts.find_cjk_bold() is None
    assert fontfaces.text_font_css("岗位说明书") == ""


def _data_fonts(css: str) -> list[bytes]:
    return [base64.b64decode(data) for data in re.findall(r'url\("data:font/otf;base64,([^"]+)"\)', css)]


def test_text_font_is_cut_to_the_document() -> None:
    from fontTools.ttLib import TTFont

    css = fontfaces.text_font_css("<h1>岗位说明书</h1>")
    assert css.count(f'font-family: "{fontfaces.TEXT_FAMILY}"') == 2
    assert "font-weight: normal" in css and "font-weight: bold" in css
    for program in _data_fonts(css):
        font = TTFont(io.BytesIO(program))
        cmap = set(map(chr, font.getBestCmap()))
        assert set("岗位说明书<h1>/") <= cmap and "中" not in cmap
        assert len(font.getGlyphOrder()) < 150  # of Noto CJK's 65,535
        top = font["CFF "].cff.topDictIndex[0]
        assert hasattr(top, "ROS")  # still CID-keyed, with glyph id = CID:
        assert list(top.charset)[1:] == [f"cid{gid:05d}" for gid in range(1, len(top.charset))]


def test_harfbuzz_subset_is_loadable_here() -> None:
    assert fonts.check_harfbuzz_subset() is True


def test_form_field_css_maps_inputs_to_their_own_family() -> None:
    css = fontfaces.form_field_css()
    assert f'font-family: "{fontfaces.FORM_FIELD_FAMILY}"' in css
    assert "url(\"data:font/" in css
    assert "input, textarea, select" in css
    assert len(fontfaces.form_field_font()) < 30_000
