"""Latin-only twins for the benchmarks: the same shape, no Chinese characters."""

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def latin(text: str) -> str:
    """Each non-ASCII character becomes two ASCII letters (a CJK character is about as wide
    as two Latin ones); ids and ASCII stay as they are."""
    out = []
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            out.append(ch)
        else:
            k = ord(ch) % 26
            out.append(_LETTERS[k].upper() if i == 0 else _LETTERS[k])
            out.append(_LETTERS[(k + 7) % 26])
    return "".join(out)


def latinise(value, keep=lambda model: set()):
    """A copy of a model (or list, or str) with every text made ASCII; the keys that
    `keep(model)` names (ids, kinds) stay as they are."""
    from pydantic import BaseModel

    if isinstance(value, str):
        return latin(value)
    if isinstance(value, list):
        return [latinise(v, keep) for v in value]
    if isinstance(value, BaseModel):
        kept = keep(value)
        return value.model_copy(update={k: latinise(getattr(value, k), keep) for k in type(value).model_fields
                                        if k not in kept})
    return value
