"""Roles: KPI weights that a job description and a workbook can total."""

from __future__ import annotations

from ..errors import Diagnostic, error
from ..messages import msg
from ..source import model
from ..source.load import Source


def check(src: Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for e in src.of_kind("role"):
        role: model.Role = e.item
        weights = [k.weight for k in role.kpis if k.weight is not None]
        if not weights:
            continue
        if len(weights) != len(role.kpis):
            missing = next(i for i, k in enumerate(role.kpis) if k.weight is None)
            out.append(error(e.locate("kpis", missing), msg("kpis.weight_missing"), msg("hint.weights_all_or_none")))
        elif abs(sum(weights) - 100) > 1e-6:
            out.append(error(e.locate("kpis"), msg("kpis.weights_sum", total=f"{sum(weights):g}"),
                             msg("hint.weights_100")))
    return out
