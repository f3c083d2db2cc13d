"""Everything this package takes from the rest of the generator, in one place.

The other modules of `generator.diff` import the loader, the schema, the resolved
handbook and the labels from here only, so that moving those modules about changes
this file alone.
"""

from __future__ import annotations

from ..checks import reviews as review_dates
from ..errors import BuildError, Diagnostic, Location, warning
from ..handbook import Handbook
from ..handbook import load as check
from ..present.labels import Labels, load_labels, plain_number
from ..present.templating import md_escape
from ..source import model
from ..source.load import Source, load
from ..source.yaml_reader import YamlError, printable, read

__all__ = [
    "BuildError", "Diagnostic", "review_dates", "Handbook", "Labels", "Location", "Source", "YamlError", "check", "load",
    "load_labels", "md_escape", "model", "plain_number", "printable", "read", "warning",
]
