def make(root):
    """A paragraph pasted where a name belongs: 20,000 letters as a department's title. It
    would be a chart label and a heading on every page: refused, with its length."""
    path = root / "handbook/departments/market.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 市场部", "title: 市场部" + "W" * 20000, 1), encoding="utf-8")
