"""Writes a department whose mission is nested 1000 brackets deep."""


def make(root):
    path = root / "handbook/departments/market.yml"
    path.write_text("id: market\ntitle: 市场部\nmission: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
