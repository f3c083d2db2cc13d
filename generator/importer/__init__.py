"""`handbook import`: a Word or text manual -> YAML drafts of the handbook and a report.

    sources.py     .docx / .doc / .txt / .md -> paragraphs (with heading levels, tables)
    normalize.py   encoding, invisible characters, Traditional -> Simplified
    boilerplate.py what is around a manual but not part of it
    cutting.py, outline.py   paragraphs -> numbered pieces -> documents, headings, items
    organisation.py, departments.py, procedures.py, glossary.py, policies.py,
    sanctions.py, forms.py   recognisers, each filling the draft (draft.py)
    ids.py, emit.py          ids from Chinese titles; the draft as YAML files
    project.py, report.py    checked on a staging copy, written; import-report.md
    command.py               the pipeline, stage by stage
"""
