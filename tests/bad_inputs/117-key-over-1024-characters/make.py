def make(root):
    path = root / "handbook/roles/salesman.yml"
    text = path.read_text(encoding="utf-8")
    long = "负责" + "客户开发与维护" * 160  # a paragraph typed where a key belongs, ending in ':'
    path.write_text(text.replace("qualifications:", long + ":\n  - x\nqualifications:", 1), encoding="utf-8")
