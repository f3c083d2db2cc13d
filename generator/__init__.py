"""Handbook-as-code: a department's management system kept as YAML, built into a site,
fillable PDF forms, job descriptions, checklists, the manual and KPI workbooks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("handbook-as-code")
except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
    __version__ = "0"
