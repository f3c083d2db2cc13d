def make(root):
    """A step's text of 20,000 characters (words and spaces, no line break): more than
    Graphviz reads as one quoted string (16 KB). The flowchart wraps it, so check accepts
    it and the build passes. (A run without spaces that long is refused: case 131.)"""
    path = root / "handbook/procedures/new-customer.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("action: 审核通知单", "action: 审核通知单" + " Review the notice" * 1100, 1),
                    encoding="utf-8")
