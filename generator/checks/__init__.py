"""Checks across files: duplicate ids and codes, references to things that do not exist,
cycles, KPI weights, forms, the glossary, characters no font prints, direction controls,
loose ends, and the project's mkdocs.yml and templates (config.py: what the build would
fail on there, so that a passing check means a building handbook).

Per-file shape is checked while loading (source/load.py); everything here runs on what
loaded, even when some file failed, so that every problem shows in one round. A check
is a function of the loaded `Source` (and the id `Index`) returning diagnostics; it
imports no renderer. `run` is the list of them, in the order their messages read best.
"""

from __future__ import annotations

from ..errors import Diagnostic
from ..source.load import Source
from ..source.yaml_reader import string_values
from . import (config, consistency, direction, forms, glossary, hierarchy, loose_ends, mentions, printable,
               procedures, references, reviews, roles, runs)
from .index import Index, build_index


def run(src: Source) -> list[Diagnostic]:
    """Every cross-file diagnostic of `src` (the per-file ones are in src.diagnostics)."""
    index, out = build_index(src)
    out += references.check(src, index)
    out += hierarchy.check(src, index)
    out += glossary.check(src)
    out += roles.check(src)
    out += procedures.check(src)
    out += consistency.check(src, index)
    out += forms.check(src)
    out += loose_ends.check(src)
    out += mentions.check(src)
    out += reviews.check(src)
    texts = [(doc, path, text) for doc in src.documents() for path, text in string_values(doc.data)]  # walked once
    out += printable.check(texts)
    out += direction.check(texts)
    out += runs.check(texts)
    out += config.check(src.root)
    return out


__all__ = ["Index", "run"]
