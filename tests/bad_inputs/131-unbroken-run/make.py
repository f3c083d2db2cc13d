def make(root):
    """20,000 letters without a space in a step's text: no line can break in it (the PDF
    engine takes minutes over it): refused at its place."""
    path = root / "handbook/procedures/new-customer.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("action: 审核通知单", "action: 审核通知单" + "W" * 20000, 1), encoding="utf-8")
