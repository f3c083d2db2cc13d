"""Everything this package takes from the rest of the generator, in one place.

The other modules of `generator.diff` import the loader, the schema, the resolved
handbook and the labels from here only, so that moving those modules about changes
this file alone.
"""

from __future__ import annotations

from .. import model
from ..errors import BuildError, Diagnostic, Location, warning
from ..load import Source, load
from ..locale import Labels, load_labels, plain_number
from ..resolve import Handbook, check
from ..templating import md_escape
from ..yaml_reader import YamlError, printable, read

__all__ = [
    "BuildError", "Diagnostic", "Handbook", "Labels", "Location", "Source", "YamlError", "check", "load",
    "load_labels", "md_escape", "model", "plain_number", "printable", "read", "warning",
]
