"""Fonts for the PDFs: find an installed Chinese font, check the subsetter.

Debian installs no CJK font by default, and WeasyPrint silently draws `.notdef`
boxes when a glyph is missing, so the build looks the font up first and stops
with an instruction when there is none (see DESIGN.md section 4).

Form fields get their own font family, `FORM_FIELD_FAMILY` (see
`form_field_css`): WeasyPrint embeds the font of form fields whole (15.8 MB
for Noto's .ttc), and `generator.pdf.acroform.finalize_form` replaces that
font by the viewer-supplied `STSong-Light` afterwards. Mapping the family to a
tiny stand-in cut from the CJK font (same metrics, a few glyphs) keeps
WeasyPrint from reading, embedding and compressing the whole collection only
for it to be thrown away (0.3 s instead of 2.5 s per form, measured).
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import functools
import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError

#: Families tried in this order; the first one installed with Chinese coverage wins.
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)

#: The CSS font-family that HTML form controls must use (see `form_field_css`).
FORM_FIELD_FAMILY = "Handbook Form Field"

_INSTALL_HINT = "apt-get install fonts-noto-cjk"


@dataclass(frozen=True)
class CjkFont:
    family: str
    path: Path
    index: int = 0  # face index inside a .ttc collection

    @property
    def css_family(self) -> str:
        """The family as a quoted CSS font-family value."""
        return '"' + self.family.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run_fc_list() -> str:
    """fc-list's answer for fonts covering Simplified Chinese (one per line)."""
    if shutil.which("fc-list") is None:
        raise BuildError(
            "fontconfig's fc-list is not installed, so no font for Chinese can be found; "
            f"install fontconfig and a Chinese font: apt-get install fontconfig fonts-noto-cjk"
        )
    try:
        result = subprocess.run(
            ["fc-list", "-f", r"%{family}\t%{style}\t%{index}\t%{file}\n", ":lang=zh-cn"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise BuildError(
            f"fontconfig's fc-list failed ({exc}); cannot look for a font for Chinese. "
            f"Check fontconfig and install a Chinese font: {_INSTALL_HINT}"
        ) from exc
    return result.stdout


def _is_regular(style: str) -> bool:
    styles = {s.strip().lower() for s in style.split(",")}
    return bool(styles & {"regular", "normal", "book", "roman", "w3"})


def _parse_fc_list(output: str) -> list[CjkFont]:
    """Fonts from fc-list, best first: preferred family order, regular style first."""
    found: list[tuple[int, int, str, CjkFont]] = []
    for line in output.splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        families, style, index, file = parts
        names = [name.strip() for name in families.split(",") if name.strip()]
        for rank, preferred in enumerate(PREFERRED_FAMILIES):
            if preferred in names:
                font = CjkFont(preferred, Path(file), int(index) if index.isdigit() else 0)
                found.append((rank, 0 if _is_regular(style) else 1, file, font))
                break
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


@functools.cache
def find_cjk_font() -> CjkFont:
    """The installed font used for Chinese text, or BuildError saying what to install."""
    fonts = _parse_fc_list(_run_fc_list())
    if not fonts:
        raise BuildError(
            "no font for Chinese is installed (fontconfig knows none of "
            f"{', '.join(PREFERRED_FAMILIES)}); install one: {_INSTALL_HINT}"
        )
    return fonts[0]


_HB_SUBSET_NAMES = (
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)


@functools.cache
def check_harfbuzz_subset() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz (libharfbuzz-subset >= 4.1).

    Without it WeasyPrint falls back to fontTools, about 20 times slower for
    CJK fonts (6.2 s instead of 0.3 s for a one-page form); the build should
    warn: "install libharfbuzz-subset0".
    """
    names = list(_HB_SUBSET_NAMES)
    if found := ctypes.util.find_library("harfbuzz-subset"):
        names.insert(0, found)
    for name in names:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        if not hasattr(library, "hb_subset_or_fail"):
            continue
        # hb_set_add_sorted_array, used by WeasyPrint, appeared in HarfBuzz 4.1.0.
        version_atleast = getattr(library, "hb_version_atleast", None)
        if version_atleast is None:
            return True
        version_atleast.restype = ctypes.c_int
        version_atleast.argtypes = (ctypes.c_uint, ctypes.c_uint, ctypes.c_uint)
        return bool(version_atleast(4, 1, 0))
    return False


@functools.cache
def form_field_font(font: CjkFont | None = None) -> bytes:
    """A tiny OpenType font cut from the CJK font (printable ASCII only).

    HTML form controls use it (under `FORM_FIELD_FAMILY`) so that WeasyPrint
    has a small font to embed for the fields; the PDF post-processing replaces
    it by the viewer's Chinese font anyway. Keeping the CJK font's vertical
    metrics keeps the layout of inputs the same as with the real font.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = font or find_cjk_font()
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(0x20, 0x7F))
    out = io.BytesIO()
    with TTFont(str(font.path), fontNumber=font.index, lazy=True) as ttfont:
        subsetter.subset(ttfont)
        ttfont.flavor = None
        ttfont.save(out, reorderTables=True)
    return out.getvalue()


def form_field_css(font: CjkFont | None = None) -> str:
    """CSS giving HTML form controls their own font family.

    Must be in the stylesheet of every page rendered with `pdf_forms=True`
    whose PDF goes through `finalize_form`; the text typed later is shown in
    the viewer's `STSong-Light` whatever this font is.
    """
    program = form_field_font(font)
    mime = "font/otf" if program[:4] == b"OTTO" else "font/ttf"
    data = base64.b64encode(program).decode("ascii")
    return (
        "@font-face {\n"
        f'  font-family: "{FORM_FIELD_FAMILY}";\n'
        f'  src: url("data:{mime};base64,{data}");\n'
        "}\n"
        f'input, textarea, select {{ font-family: "{FORM_FIELD_FAMILY}"; }}\n'
    )
