"""How the query set fares when index and query are cut the same way, by each candidate way:
jieba's search mode (words and their sub-words), CJK bigrams, and no cutting at all (the
query as a substring of the normalised text, what the site's search does).

    .venv/bin/python benchmarks/search_segmentation.py SITE     # a built site
    (jieba is not a dependency: `.venv/bin/pip install jieba` to measure it too)

For each way and each query of tests/site/searching.py: does the expected page's title or
key (code, alias) hold every piece of the query ("title"), does its text ("text"), and on
how many pages does the text hold them all ("pages": fewer is sharper). A piece is a
token of the way's cutting; a page holds a query when it holds all of its pieces.
Corrections and synonyms are left out here: this compares the cutting alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.site.searching import QUERIES  # noqa: E402


def fold(text: str) -> str:
    """The worker's normalisation: NFKC, lower case, no punctuation, symbols or spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if c == "\n" or unicodedata.category(c)[0] not in "PSZC")


def bigrams(text: str) -> set[str]:
    out = set()
    for line in text.split("\n"):
        out |= {line[i:i + 2] for i in range(len(line) - 1)} | ({line} if len(line) == 1 else set())
    return out


def load(site: Path) -> list[dict]:
    name = next((site / "search").glob("index.*.js"))
    raw = name.read_text(encoding="utf-8")
    docs = json.loads(raw[raw.index("{"):raw.rindex("}") + 1])["docs"]
    pages: dict[str, dict] = {}
    for d in docs:
        page = pages.setdefault(d["l"].split("#")[0], {"keys": [], "text": []})
        if "p" not in d:
            page["keys"] = [d["t"], *d.get("a", [])]
        page["text"].append(d["x"])
    return [{"path": p, "keys": [fold(k) for k in v["keys"]], "text": fold("\n".join(v["text"]))}
            for p, v in pages.items()]


def ways():
    out = {
        "substring": (lambda q: [q], lambda t: t, lambda pieces, t: all(p in t for p in pieces)),
        "bigram": (lambda q: sorted(bigrams(q)), bigrams, lambda pieces, t: all(p in t for p in pieces)),
    }
    try:
        import jieba

        jieba.setLogLevel(60)
        cut = lambda s: {w for line in s.split("\n") for w in jieba.cut_for_search(line) if w.strip()}  # noqa: E731
        out["jieba search mode"] = (lambda q: sorted(cut(q)), cut, lambda pieces, t: all(p in t for p in pieces))
    except ImportError:
        print("(jieba is not installed: its row is left out)\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    pages = load(args.site)
    for name, (pieces_of, cut, holds) in ways().items():
        texts = {p["path"]: cut(p["text"]) for p in pages}
        keys = {p["path"]: [cut(k) for k in p["keys"]] for p in pages}
        title_hits = text_hits = 0
        noise = []
        print(f"{name}:")
        for query, expected, _ in QUERIES:
            q = " ".join(fold(part) for part in re.split(r"\s+", query) if fold(part))
            pieces = [p for part in q.split() for p in pieces_of(part)]
            in_title = any(holds(pieces, k) for k in keys.get(expected, []))
            in_text = holds(pieces, texts.get(expected, set()))
            on = sum(holds(pieces, t) for t in texts.values())
            title_hits += in_title
            text_hits += in_text
            noise.append(on)
            print(f"  {query}\t{'/'.join(pieces)}\ttitle {'yes' if in_title else 'no'}\t"
                  f"text {'yes' if in_text else 'no'}\tpages {on}")
        noise.sort()
        print(f"  = {title_hits}/{len(QUERIES)} in the title or a key, {text_hits}/{len(QUERIES)} in the text, "
              f"median {noise[len(noise) // 2]} pages hold a query\n")


if __name__ == "__main__":
    main()
