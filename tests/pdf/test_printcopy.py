"""`handbook forms print`: a form filled in PDFium becomes a flat copy that Poppler prints right.

Forms of the default handbook are filled the way Chrome does (PDFium, pdfium_fill.py), then
printed with the real CLI. The print copies are rendered with Poppler (pdftoppm, the engine
of Evince, Okular and Linux printing) and with PDFium, and the pixels inside each field's
rectangle (taken from the filled form: the print copy is laid out the same) are counted;
pdftotext must extract every value.
"""

from __future__ import annotations

import io
import re
import shutil
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from generator.handbook import load_handbook
from generator.pdf import forms

from ..conftest import present

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from pdfium_fill import fill_with_pdfium  # noqa: E402

DPI = 100
SCALE = DPI / 72
NAME = "华东区张三"
DATE = "2026年3月15日"

TYPED = {
    "customer": NAME,
    "to-department": "销售管理部",
    "contact": "王经理",
    "phone": "13912345678",
    "start": DATE,
    "price": "1200.50",
    "requirements": "夜间卸货\n需提前电话联系",
    "handler.name": "李四",
    "handler.date": "2026-03-15",
    "receiver.name": "赵六",
}


def cli(*args: str, root: Path = REPO, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(root), *args], capture_output=True,
                          text=True, cwd=cwd or REPO, timeout=300, env=dict(os.environ, HANDBOOK_LANG="en"))


@pytest.fixture(scope="module")
def default_hb():
    return load_handbook(REPO)


@pytest.fixture(scope="module")
def notice_pdf(default_hb) -> bytes:
    return forms.render_form(present(default_hb), default_hb.forms["new-customer-notice"])


@pytest.fixture(scope="module")
def filled(notice_pdf):
    """The notice filled in PDFium: text typed, a radio button and an option chosen."""
    return fill_with_pdfium(notice_pdf, text=TYPED, click=[("kind", 0)], select={"settlement": 3})


@pytest.fixture(scope="module")
def printed(filled, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    folder = tmp_path_factory.mktemp("print")
    source = folder / "通知单-1.pdf"
    source.write_bytes(filled.pdf_bytes)
    run = cli("forms", "print", str(source), "-o", str(folder / "out"))
    return folder / "out" / "通知单-1.pdf", run


def poppler(pdf: Path, tmp: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", str(pdf), str(tmp / "page")],
                   check=True, capture_output=True, timeout=60)
    return Image.open(next(tmp.glob("page*.png"))).convert("L")


def pdfium_render(pdf: bytes) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=SCALE).to_pil().convert("L")
    finally:
        doc.close()


def dark(image: Image.Image, rect, page_height: float = 841.89, inset: float = 1.5) -> int:
    """Pixels darker than mid-grey inside `rect` (PDF points), the rectangle's edges left out."""
    left, bottom, right, top = rect
    box = (int((left + inset) * SCALE), int((page_height - top + inset) * SCALE),
           int((right - inset) * SCALE), int((page_height - bottom - inset) * SCALE))
    return sum(image.crop(box).point(lambda v: 255 if v < 128 else 0).histogram()[255:])


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


# ------------------------------------------------------------------ what staff typed, on paper


def test_typed_chinese_shows_in_poppler_and_pdfium(printed, filled, tmp_path):
    path, run = printed
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    by_poppler, by_pdfium = poppler(path, tmp_path), pdfium_render(path.read_bytes())
    seen = 0
    for name in TYPED:
        for rect in filled.rects[name]:  # the counterfoil's widgets too
            a, b = dark(by_poppler, rect), dark(by_pdfium, rect)
            assert a > 20 and b > 20, (name, rect, a, b)
            assert 0.5 < a / b < 2, (name, a, b)  # the same text, drawn alike
            seen += 1
    assert seen > len(TYPED)  # customer, start, to-department, handler, receiver twice
    text = text_of(path)
    for value in TYPED.values():
        for line in value.split("\n"):  # a multiline value's lines come out beside its label
            assert re.sub(r"\s+", "", line) in text, line
    assert "2026年3月15日" in text and "2026315" not in text.replace("2026年3月15日", "")


def test_fields_left_empty_stay_blank(printed, filled, tmp_path):
    path, _ = printed
    image = poppler(path, tmp_path)
    for name in ("no", "old-settlement", "quote-no", "receiver.date"):
        for rect in filled.rects[name]:
            assert dark(image, rect) == 0, name


def test_chosen_options_are_ticked(printed, filled, tmp_path):
    """类别 新进客户 (first button, above and on the counterfoil) is filled; the others are not;
    the chosen 结算方式 is printed in its box."""
    path, _ = printed
    image = poppler(path, tmp_path)
    buttons = filled.rects["kind"]
    assert len(buttons) == 6
    fills = [dark(image, r, inset=2.2) for r in buttons]
    assert fills[0] > 10 and fills[3] > 10, fills
    assert fills[1] == fills[2] == fills[4] == fills[5] == 0, fills
    assert "结算方式*月结" in text_of(path)  # option 3 of the select: 月结 (0 is the empty choice)


def test_the_print_copy_is_flat_small_and_embeds_its_fonts(printed):
    path, _ = printed
    assert len(path.read_bytes()) < 100 * 1024
    with pikepdf.open(path) as pdf:
        assert "/AcroForm" not in pdf.Root
        assert not any("/Annots" in page.obj for page in pdf.pages)
        assert "handbook-print-copy:new-customer-notice" in str(pdf.docinfo.Keywords)
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert any(k in descendant.FontDescriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_print_copy_names_its_source(printed):
    path, _ = printed
    assert "据填写件通知单-1.pdf打印" in text_of(path)


# ------------------------------------------------------------------ values that do not fit


def test_long_values_shrink_or_wrap_and_never_vanish(notice_pdf, tmp_path):
    long_phone = "王经理 13912345678 / 李经理 021-55556666 转 8001"
    long_notes = "\n".join(f"第{i}行：夜间卸货，需提前电话联系仓库值班人员" for i in range(1, 7))
    result = fill_with_pdfium(notice_pdf, text={"phone": long_phone, "requirements": long_notes,
                                                "customer": NAME})
    source = tmp_path / "long.pdf"
    source.write_bytes(result.pdf_bytes)
    run = cli("forms", "print", str(source), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out" / "long.pdf"
    text = text_of(out)
    assert re.sub(r"\s+", "", long_phone) in text
    for i in range(1, 7):
        assert f"第{i}行" in text
    image = poppler(out, tmp_path)
    rect = result.rects["phone"][0]
    assert dark(image, rect) > 50
    # nothing spills past the field's right edge into the next cell or the border
    left, bottom, right, top = rect
    beyond = image.crop((int((right + 0.5) * SCALE), int((841.89 - top + 2) * SCALE),
                         int((right + 12) * SCALE), int((841.89 - bottom - 2) * SCALE)))
    dark_columns = [x for x in range(beyond.width) if any(beyond.getpixel((x, y)) < 128 for y in range(beyond.height))]
    assert len(dark_columns) <= 2, dark_columns  # the table's border, and no text
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1


def test_markup_and_missing_characters_are_printed_as_text(notice_pdf, tmp_path):
    result = fill_with_pdfium(notice_pdf, text={"customer": "<b>华东</b> & 😀", "no": "=1+1"})
    source = tmp_path / "odd.pdf"
    source.write_bytes(result.pdf_bytes)
    run = cli("forms", "print", str(source), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert "no installed font has are printed as □" in run.stderr
    text = text_of(tmp_path / "out" / "odd.pdf")
    assert "<b>华东</b>&□" in text and "=1+1" in text


# ------------------------------------------------------------------ folders, one PDF, bad files


def test_a_folder_gives_a_folder_and_one_pdf_to_print(notice_pdf, tmp_path):
    folder = tmp_path / "filled"
    folder.mkdir()
    for i in range(3):
        result = fill_with_pdfium(notice_pdf, text={"customer": f"客户{i + 1}"})
        (folder / f"{i + 1}.pdf").write_bytes(result.pdf_bytes)
    run = cli("forms", "print", str(folder), "-o", str(tmp_path / "out"), "--combined", str(tmp_path / "all.pdf"))
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["1.pdf", "2.pdf", "3.pdf"]
    with pikepdf.open(tmp_path / "all.pdf") as pdf:
        assert len(pdf.pages) == 3
    text = subprocess.run(["pdftotext", str(tmp_path / "all.pdf"), "-"], capture_output=True, check=True).stdout
    assert [t.decode() for t in re.findall("客户[123]".encode(), text)][::2] == ["客户1", "客户2", "客户3"]


def test_bad_files_are_one_line_each_and_the_others_are_printed(notice_pdf, filled, default_hb, tmp_path):
    folder = tmp_path / "stack"
    folder.mkdir()
    (folder / "1-good.pdf").write_bytes(filled.pdf_bytes)
    (folder / "2-not-a-pdf.pdf").write_bytes(b"hello")
    (folder / "3-damaged.pdf").write_bytes(filled.pdf_bytes[:2000])
    with pikepdf.open(io.BytesIO(filled.pdf_bytes)) as pdf:
        pdf.save(folder / "4-encrypted.pdf", encryption=pikepdf.Encryption(user="secret", owner="secret"))
        pdf.docinfo.Keywords = str(pdf.docinfo.Keywords).replace("handbook-form:new-customer-notice",
                                                                 "handbook-form:no-such-form")
        pdf.save(folder / "5-other-project.pdf")
        pdf.docinfo.Keywords = str(pdf.docinfo.Keywords).replace("no-such-form", "new-customer-notice") \
            .replace("handbook-form-version:A/2", "handbook-form-version:A/0")
        pdf.save(folder / "6-old-version.pdf")
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(folder / "7-no-fields.pdf")
    out = tmp_path / "out"
    run = cli("forms", "print", str(folder), "-o", str(out))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 6, run.stderr
    expected = {
        "2-not-a-pdf.pdf": "not a PDF file",
        "3-damaged.pdf": "not a readable PDF",
        "4-encrypted.pdf": "encrypted with a password",
        "5-other-project.pdf": "form 'no-such-form' is not in this project",
        "6-old-version.pdf": "filled on version 'A/0' of 《新(重)进客户操作通知单》, and this project has version 'A/2'",
        "7-no-fields.pdf": "has no form fields",
    }
    for line, (name, message) in zip(errors, expected.items()):
        assert line.startswith(f"error: {folder / name}: ") and message in line, line
    assert [p.name for p in out.iterdir()] == ["1-good.pdf"]
    assert run.stderr.splitlines()[-1] == "6 of 7 files could not be printed"


def test_a_form_changed_without_a_new_version_is_refused(filled, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "handbook", root / "handbook")
    shutil.copytree(REPO / "forms", root / "forms")
    path = root / "forms" / "new-customer-notice.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: 客户名称", "label: 客户全称"), encoding="utf-8")
    source = tmp_path / "filled.pdf"
    source.write_bytes(filled.pdf_bytes)
    run = cli("forms", "print", str(source), "-o", str(tmp_path / "out"), root=root)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"error: {source}: 《新(重)进客户操作通知单》 version A/2 was changed after this copy was made "
        "(the version was not raised); print it with the project as it was",
        "1 of 1 files could not be printed; nothing was written"]


def test_a_print_copy_never_replaces_its_filled_form(filled, tmp_path):
    source = tmp_path / "filled.pdf"
    source.write_bytes(filled.pdf_bytes)
    run = cli("forms", "print", str(source), "-o", str(tmp_path))
    assert run.returncode == 1 and "would replace a filled form" in run.stderr
    assert source.read_bytes() == filled.pdf_bytes


def test_forms_read_explains_a_print_copy(printed):
    path, _ = printed
    run = subprocess.run([sys.executable, "-m", "generator.cli", "forms", "read", str(path)], capture_output=True,
                         text=True, cwd=REPO, timeout=60, env=dict(os.environ, HANDBOOK_LANG="en"))
    assert run.returncode == 1 and "this is a print copy" in run.stderr and "Traceback" not in run.stderr
