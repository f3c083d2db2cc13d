"""How a filled form, and its print copy, look in PDFium, pdf.js and Poppler.

    .venv/bin/python benchmarks/viewers.py [--pdfjs DIR] [--out DIR]

《新(重)进客户操作通知单》 of the default handbook is filled with PDFium the way Chrome does
(tests/pdf/pdfium_fill.py: 10 text fields, Chinese, digits and a date typed as 2026年3月15日;
a radio button; an option), then printed with `handbook forms print`. Both PDFs are rendered
at 100 dpi by
  PDFium    pypdfium2 with the form drawn (Chrome, Edge);
  Poppler   pdftoppm (Evince, Okular, Linux printing);
  pdf.js    pdfjs-dist in Debian's Chromium, as Firefox prints: intent "print", form values
            drawn (--pdfjs: the folder of an installed pdfjs-dist, e.g. from
            `npm install pdfjs-dist@4`; left out when not given);
and for every widget of a typed field the dark pixels inside its rectangle are counted.
Printed: per viewer and file, how many of the widgets show ink. Crops of every widget, one
row per viewer, are saved as a contact sheet (--out, default /tmp/viewers) to look at:
ink alone does not tell right glyphs from wrong ones. Not a test.
"""

from __future__ import annotations

import argparse
import http.server
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "pdf"))

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from pdfium_fill import fill_with_pdfium  # noqa: E402  (the test helper)

from generator.handbook import load_handbook  # noqa: E402
from generator.pdf import forms  # noqa: E402
from generator.pdf.printcopy import print_copy  # noqa: E402
from generator.present import Presentation  # noqa: E402
from generator.project import Project  # noqa: E402

DPI = 100
SCALE = DPI / 72
PAGE_HEIGHT = 841.89
TYPED = {
    "customer": "华东区张三", "to-department": "销售管理部", "contact": "王经理", "phone": "13912345678",
    "start": "2026年3月15日", "price": "1200.50", "requirements": "夜间卸货\n需提前电话联系",
    "handler.name": "李四", "handler.date": "2026-03-15", "receiver.name": "赵六",
}

PAGE = """<!doctype html><meta charset="utf-8"><canvas id="c"></canvas><script type="module">
import * as pdfjs from "./build/pdf.mjs";
pdfjs.GlobalWorkerOptions.workerSrc = "./build/pdf.worker.mjs";
window.render = async (url) => {
  const base = location.href.replace(/[^/]*$/, "");
  const doc = await pdfjs.getDocument({url, cMapUrl: base + "cmaps/", cMapPacked: true,
                                       standardFontDataUrl: base + "standard_fonts/"}).promise;
  const page = await doc.getPage(1);
  const viewport = page.getViewport({scale: %SCALE%});
  const canvas = document.getElementById("c");
  canvas.width = Math.round(viewport.width); canvas.height = Math.round(viewport.height);
  const ctx = canvas.getContext("2d"); ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({canvasContext: ctx, viewport, intent: "print",
                     annotationMode: pdfjs.AnnotationMode.ENABLE_STORAGE,
                     printAnnotationStorage: doc.annotationStorage}).promise;
  return canvas.toDataURL("image/png");
};
window.ready = true;
</script>"""


def render_pdfium(pdf: bytes) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        doc.init_forms()
        return doc[0].render(scale=SCALE, may_draw_forms=True).to_pil().convert("L")
    finally:
        doc.close()


def render_poppler(path: Path, tmp: Path) -> Image.Image:
    prefix = tmp / f"pp-{path.stem}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", str(path), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    return Image.open(next(tmp.glob(f"pp-{path.stem}*.png"))).convert("L")


def render_pdfjs(pdfjs: Path, paths: list[Path], tmp: Path) -> list[Image.Image]:
    import base64
    import io
    import shutil

    from playwright.sync_api import sync_playwright

    site = tmp / "pdfjs"
    for part in ("build", "cmaps", "standard_fonts"):
        shutil.copytree(pdfjs / part, site / part, dirs_exist_ok=True)
    (site / "index.html").write_text(PAGE.replace("%SCALE%", repr(SCALE)), encoding="utf-8")
    for path in paths:
        shutil.copy(path, site / path.name)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
            page.wait_for_function("window.ready === true")
            out = []
            for path in paths:
                data = page.evaluate("url => window.render(url)", path.name)
                out.append(Image.open(io.BytesIO(base64.b64decode(data.split(",", 1)[1]))).convert("L"))
            browser.close()
            return out
    finally:
        server.shutdown()


def crop(image: Image.Image, rect) -> Image.Image:
    left, bottom, right, top = rect
    return image.crop((int(left * SCALE), int((PAGE_HEIGHT - top) * SCALE),
                       int(right * SCALE) + 1, int((PAGE_HEIGHT - bottom) * SCALE) + 1))


def ink(image: Image.Image, rect, inset: float = 1.5) -> int:
    left, bottom, right, top = rect
    return sum(crop(image, (left + inset, bottom + inset, right - inset, top - inset))
               .point(lambda v: 255 if v < 128 else 0).histogram()[255:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pdfjs", type=Path, help="folder of pdfjs-dist (with build/, cmaps/, standard_fonts/)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/viewers"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    hb = load_handbook(REPO)
    p = Presentation(hb, Project.at(REPO))
    blank = forms.render_form(p, hb.forms["new-customer-notice"])
    filled = fill_with_pdfium(blank, text=TYPED, click=[("kind", 0)], select={"settlement": 2})
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        filled_path = tmp / "filled.pdf"
        filled_path.write_bytes(filled.pdf_bytes)
        copy_path = tmp / "print.pdf"
        copy_path.write_bytes(print_copy(p, filled_path).pdf)
        renders = {
            "PDFium": [render_pdfium(filled.pdf_bytes), render_pdfium(copy_path.read_bytes())],
            "Poppler": [render_poppler(filled_path, tmp), render_poppler(copy_path, tmp)],
        }
        if args.pdfjs:
            renders["pdf.js"] = render_pdfjs(args.pdfjs, [filled_path, copy_path], tmp)
    widgets = [(name, rect) for name in TYPED for rect in filled.rects[name]]
    print(f"{len(widgets)} widgets of {len(TYPED)} typed fields (the counterfoil's too)")
    print(f"{'viewer':8} {'filled form':>14} {'print copy':>12}")
    for viewer, (a, b) in renders.items():
        shown = [sum(ink(img, r) > 20 for _, r in widgets) for img in (a, b)]
        print(f"{viewer:8} {shown[0]:>8} of {len(widgets):<3} {shown[1]:>6} of {len(widgets)}")
    # a contact sheet: per viewer, the filled form's crops then the print copy's
    crops = [[crop(img, r) for _, r in widgets] for pair in renders.values() for img in pair]
    width = sum(max(c[i].width for c in crops) for i in range(len(widgets))) + 4 * len(widgets)
    height = sum(max(c.height for c in row) + 4 for row in crops)
    sheet = Image.new("L", (width, height), 255)
    y = 0
    for row in crops:
        x = 0
        for i, c in enumerate(row):
            sheet.paste(c, (x, y))
            x += max(r[i].width for r in crops) + 4
        y += max(c.height for c in row) + 4
    ImageDraw.Draw(sheet)
    sheet.save(args.out / "viewers.png")
    print(f"crops: {args.out / 'viewers.png'} (rows: " +
          ", ".join(f"{v} filled, {v} print copy" for v in renders) + ")")


if __name__ == "__main__":
    main()
