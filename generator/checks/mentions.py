"""Running text that names things: a 《…》 that names no form or policy, a procedure code
that names no procedure, a glossary term that nothing uses. Warnings, each with "did you
mean" where there is a close name: a company may quote a law or a contract in 《》.
The finding is source/mentions.py (shared with the renderers, which link the same words).
"""

from __future__ import annotations

from ..errors import Diagnostic, warning
from ..messages import msg
from ..source import mentions
from ..source.load import Source
from ..source.yaml_reader import printable


def check(src: Source) -> list[Diagnostic]:
    if any(src.broken_ids.values()):  # a file that did not load may hold the form or the use
        return []
    index = mentions.MentionIndex.from_source(src)
    passages = list(mentions.running_text(src))  # walked once for the three
    out = []
    for found in mentions.unknown_titles(src, index, passages):
        out.append(warning(found.location, msg("mentions.unknown_title", title=printable(found.mention)),
                           msg("hint.did_you_mean", value=printable(f"《{found.suggestion}》"))
                           if found.suggestion else msg("hint.unknown_title")))
    for found in mentions.unknown_codes(src, index, passages):
        out.append(warning(found.location, msg("mentions.unknown_code", code=printable(found.mention)),
                           msg("hint.did_you_mean", value=found.suggestion) if found.suggestion else None))
    for term in mentions.unused_terms(src, passages):
        out.append(warning(term.location, msg("mentions.unused_term", term=printable(term.term)),
                           msg("hint.unused_term")))
    return out
