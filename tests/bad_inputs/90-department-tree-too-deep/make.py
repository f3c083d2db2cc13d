"""A chain of 15 departments, each the parent of the next (a parent written one level off)."""


def make(root):
    parent = "market"
    for n in range(1, 16):
        (root / f"handbook/departments/unit-{n}.yml").write_text(
            f"id: unit-{n}\ntitle: 第{n}组\nparent: {parent}\n", encoding="utf-8")
        parent = f"unit-{n}"
