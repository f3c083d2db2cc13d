"""A role file that is a link to a system file: its text must not be read or published."""
import os


def make(root):
    os.symlink("/etc/passwd", root / "handbook/roles/passwd.yml")
