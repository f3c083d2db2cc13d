"""The fonts installed on this machine: which one prints Chinese, what it covers.

Debian installs no CJK font by default, and WeasyPrint silently draws `.notdef`
boxes when a glyph is missing, so the build looks the font up first and stops
with an instruction when there is none; the checks ask
the same font whether it has every character of the YAML (checks/printable.py).
The PDFs' own use of the font (subsets, @font-face) is pdf/fontfaces.py.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError, MissingTool
from .messages import msg

#: Families tried in this order; the first one installed with Chinese coverage wins.
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)

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
        raise MissingTool(msg("tool.fc_list"))
    try:
        result = subprocess.run(
            ["fc-list", "-f", r"%{family}\t%{style}\t%{index}\t%{file}\n", ":lang=zh-cn"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingTool(msg("tool.fc_list_failed", detail=exc, install=_INSTALL_HINT)) from exc
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
    """The installed font used for Chinese text, or MissingTool saying what to install."""
    fonts = _parse_fc_list(_run_fc_list())
    if not fonts:
        raise MissingTool(msg("tool.no_cjk_font", families=list(PREFERRED_FAMILIES), install=_INSTALL_HINT))
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
def face(font: CjkFont):
    """HarfBuzz's view of the font (uharfbuzz): opening it reads no table yet."""
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(font.path)), font.index)


def font_has(char: str, font: CjkFont | None = None) -> bool:
    """Whether the CJK font draws `char` (HarfBuzz's cmap lookup, microseconds)."""
    import uharfbuzz as hb

    font = font or find_cjk_font()
    try:
        return hb.Font(face(font)).get_nominal_glyph(ord(char)) is not None
    except Exception:  # noqa: BLE001 - an unreadable font file: treat the character as missing
        return False




@functools.cache
def covered(font: CjkFont | None = None) -> frozenset[int]:
    """Every code point the CJK font draws."""
    return frozenset(face(font or find_cjk_font()).unicodes)


@functools.cache
def installed_coverage() -> frozenset[int]:
    """Every code point some installed font draws (Pango falls back through fontconfig to
    any of them). One fc-list call for all fonts: asking per character took a second
    for a few thousand rare characters."""
    try:
        result = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True,
                                timeout=60)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    codes: set[int] = set()
    for line in result.stdout.splitlines():
        for item in line.split():
            first, _, last = item.partition("-")
            try:
                codes.update(range(int(first, 16), int(last or first, 16) + 1))
            except ValueError:
                continue
    return frozenset(codes)
