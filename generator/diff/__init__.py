"""What changed between two versions of a handbook, and for whom.

    sources.py    a git revision, a folder or the working tree -> a loaded handbook (Side)
    fields.py     the shape of every key of the schema; canonical forms for matching
    match.py      pairing list items: same key, same content, rename, similar, same place; moves
    compare.py    two handbooks -> Changes, entity by entity; renames found first
    describe.py   the handbook's words: key labels, values as a reader knows them, one line
    relevance.py  the changes that concern one role
    current.py    this version against its base (changes_since, or the previous tag): what the
                  site's 本版变更 page, the role pages and the acknowledgements show
    formats.py    terminal, Markdown and JSON (handbook-diff/1)
    record.py     a draft revision entry, inserted as text into company.yml
    reviews.py    review dates: the check's warnings and `handbook reviews`
    messages.py   what the commands say to the user, in both languages
    commands.py   `handbook diff`, `revision`, `reviews`
    base.py       the one module that imports the rest of the generator

The package sits beside the outputs table, below the renderers (tests/test_layers.py): the
site and the PDFs import current.py; the CLI imports commands.py.

Use from Python (the package imports nothing until a module is asked for, so that the
CLI and the check stay quick to start):

    from generator.diff.commands import make_diff
    from generator.diff.describe import line
    from generator.diff.messages import Messages
    from generator.diff.relevance import for_role

    diff = make_diff(root, "v1", None, Messages("zh-CN"))   # v1 against the working tree
    for change in for_role(diff, "salesman"):
        print(line(change, load_labels(diff.new.handbook.locale)))
"""
