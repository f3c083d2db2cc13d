"""Writes site_config/assets/javascripts/search/pinyin.js: the toneless pinyin of the 6,763
characters of GB 2312 (every reading of a character with several), which the site's
search uses to offer 回款 for 汇款 (a same-sounding character picked from the input method's
list is the commonest typo in Chinese).

    .venv/bin/pip install pypinyin && .venv/bin/python scripts/pinyin_table.py

pypinyin (MIT; its data from the pinyin-data project, MIT) is needed only to make the
table again; the table is part of the repository and of the package.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pypinyin import Style, pinyin

OUT = Path(__file__).resolve().parent.parent / "site_config/assets/javascripts/search/pinyin.js"


def gb2312() -> list[str]:
    chars = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main() -> None:
    by_sound: dict[str, list[str]] = defaultdict(list)
    for ch in gb2312():
        for reading in dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=False)[0]):
            if reading.isascii() and reading.isalpha():
                by_sound[reading].append(ch)
    body = "|".join(f"{sound}:{''.join(chars)}" for sound, chars in sorted(by_sound.items()))
    OUT.write_text("/* Toneless pinyin of the GB 2312 characters, by sound (sound:characters|...): made by\n"
                   "   scripts/pinyin_table.py from pypinyin's data (MIT). */\n"
                   f'self.hbPinyin = "{body}";\n', encoding="utf-8")
    print(f"{OUT}: {len(by_sound)} sounds, {sum(map(len, by_sound.values()))} readings, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
