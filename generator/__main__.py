"""`python -m generator` is the `handbook` command."""

from .cli import run

run()
