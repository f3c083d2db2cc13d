"""The files the generator ships: templates, print CSS, locale labels, theme overrides,
site assets and the default MkDocs config. Installed as the package data
`generator.site_config` (pyproject.toml) and read through importlib.resources
(generator/resources.py); a project's own site_config/ replaces any of them."""
