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

#: The family of a document's text: the CJK font cut to that document's characters
#: (see `text_font_css`), with the installed family behind it in the CSS.
TEXT_FAMILY = "Handbook Text"

#: Characters a document may show that its HTML and CSS do not spell out: counters.
_GENERATED = "0123456789〇一二三四五六七八九十百千"

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
            "install fontconfig and a Chinese font: apt-get install fontconfig fonts-noto-cjk"
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


def _parse_fc_list(output: str, bold: bool = False) -> list[CjkFont]:
    """Fonts from fc-list, best first: preferred family order, regular style first
    (with `bold`: only the bold faces)."""
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
                if not bold:
                    found.append((rank, 0 if _is_regular(style) else 1, file, font))
                elif "bold" in {s.strip().lower() for s in style.split(",")}:
                    found.append((rank, 0, file, font))
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


@functools.cache
def find_cjk_bold() -> CjkFont | None:
    """The bold face of `find_cjk_font()`'s family, if one is installed."""
    family = find_cjk_font().family
    try:
        output = _run_fc_list()
    except BuildError:
        return None
    return next((f for f in _parse_fc_list(output, bold=True) if f.family == family), None)


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
def _face(font: CjkFont):
    """HarfBuzz's view of the font (uharfbuzz): opening it reads no table yet."""
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(font.path)), font.index)


def font_has(char: str, font: CjkFont | None = None) -> bool:
    """Whether the CJK font draws `char` (HarfBuzz's cmap lookup, microseconds)."""
    import uharfbuzz as hb

    font = font or find_cjk_font()
    try:
        return hb.Font(_face(font)).get_nominal_glyph(ord(char)) is not None
    except Exception:  # noqa: BLE001 - an unreadable font file: treat the character as missing
        return False


@functools.cache
def form_field_font(font: CjkFont | None = None) -> bytes:
    """A tiny OpenType font cut from the CJK font (printable ASCII only).

    HTML form controls use it (under `FORM_FIELD_FAMILY`) so that WeasyPrint
    has a small font to embed for the fields; the PDF post-processing replaces
    it by the viewer's Chinese font anyway. Keeping the CJK font's vertical
    metrics keeps the layout of inputs the same as with the real font. Cut by
    HarfBuzz's subsetter: a few ms, where fontTools took 0.7 s per worker.
    """
    import uharfbuzz as hb

    font = font or find_cjk_font()
    subset_input = hb.SubsetInput()
    for code in range(0x20, 0x7F):
        subset_input.unicode_set.add(code)
    for tag in ("GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx", "DSIG"):
        subset_input.drop_table_tag_set.add(_tag(tag))
    subset_input.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_HINTING
    subset = hb.subset(_face(font), subset_input)
    if subset is None:
        raise BuildError(f"cannot cut the form-field font from {font.path}")
    return bytes(subset.blob.data)


def _tag(name: str) -> int:
    """An OpenType table tag as HarfBuzz's integer."""
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


def _cut(font: CjkFont, codes: set[int]) -> bytes:
    """The font cut to `codes` with HarfBuzz: layout tables kept (Pango still shapes with
    them), and an identity CFF charset, so that a glyph's id is its CID, as in the
    retained-gid subsets `acroform.finalize_form` shrinks."""
    import uharfbuzz as hb

    subset_input = hb.SubsetInput()
    for code in codes:
        subset_input.unicode_set.add(code)
    subset_input.flags = hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.CFF_IDENTITY_CHARSET
    subset = hb.subset(_face(font), subset_input)
    if subset is None:
        raise ValueError("HarfBuzz could not subset the font")
    return bytes(subset.blob.data)


def text_font_css(text: str, regular: CjkFont | None = None, bold: CjkFont | None = None) -> str:
    """@font-face rules for `TEXT_FAMILY`: the installed CJK font's regular and bold
    faces, cut to the characters of `text` (a document's HTML and CSS), as data URLs.

    Why: WeasyPrint reads, shapes with and subsets whatever font file it is given; given
    Noto CJK's 65,535 glyphs it spends ~0.1 s per document and font cutting them down,
    given the few hundred a document uses, a few ms (measured: writing a job description
    0.19 s -> 0.08 s). The CSS keeps the installed family behind `TEXT_FAMILY`, so a
    character missed here still comes out right, from the whole font. Returns "" (use the
    installed family alone) when there is no bold face to cut, or the font cannot be cut.
    """
    regular = regular or find_cjk_font()
    bold = bold or find_cjk_bold()
    if bold is None:
        return ""
    codes = {ord(ch) for ch in set(text) | set(_GENERATED)}
    rules = []
    try:
        for weight, font in (("normal", regular), ("bold", bold)):
            program = _cut(font, codes)
            data = base64.b64encode(program).decode("ascii")
            rules.append(f'@font-face {{ font-family: "{TEXT_FAMILY}"; font-weight: {weight}; '
                         f'src: url("data:font/otf;base64,{data}"); }}')
    except Exception:  # noqa: BLE001 - an unusual font file: the installed family alone
        return ""
    return "\n".join(rules) + "\n"


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
