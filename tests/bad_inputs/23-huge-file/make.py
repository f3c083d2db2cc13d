"""Writes a 20 MB policy (a paste gone wrong): refused before parsing."""


def make(root):
    path = root / "handbook/policies/conduct.yml"
    line = "      - 为规范业务操作，特制定本规定。为规范业务操作，特制定本规定。\n".encode("utf-8")
    head = "id: conduct\ntitle: 业务操作规定\nchapters:\n  - title: 总则\n    articles:\n".encode("utf-8")
    path.write_bytes(head + line * (20 * 1024 * 1024 // len(line) + 1))
