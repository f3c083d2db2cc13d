"""Starting a handbook: `handbook init` (a new project, or the default handbook as an
example) and `handbook new KIND ID` (one more file of a kind). The words of the files
written are templates in site_config/starter/<language>/ (Jinja); what is decided —
which files, which ids, never overwriting — is here."""
