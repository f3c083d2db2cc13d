"""Chinese words, from jieba's dictionary.

Used to tell which character a garbled reading stands for, and to join the
syllables of one word in an id (`shichang-jingli`, not `shi-chang-jing-li`).
jieba loads its dictionary on first use (about a second) and says so on stderr;
it is told to be quiet.
"""

from __future__ import annotations

import logging

_tokenizer = None


def _jieba():
    global _tokenizer
    if _tokenizer is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _tokenizer = jieba.dt
    return _tokenizer


def frequency(word: str) -> int:
    """How often jieba's dictionary has seen `word` (0 when it is not a word)."""
    return _jieba().FREQ.get(word, 0) or 0


def words(text: str) -> list[str]:
    """`text` cut into words (no new words guessed: ids must not depend on a model)."""
    return [w for w in _jieba().cut(text, HMM=False) if w.strip()]
