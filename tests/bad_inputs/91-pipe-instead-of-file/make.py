"""A named pipe where a role file should be: reading it would wait forever."""
import os


def make(root):
    os.mkfifo(root / "handbook/roles/pipe.yml")
