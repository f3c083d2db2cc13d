"""The source layer: YAML files -> plain data with positions -> typed models.

`yaml_reader` reads one file safely, remembering where every value came from; `model`
is the schema (one documented attribute per key); `load` reads a project folder into
typed entries and turns every problem into a located diagnostic; `schema` prints the
JSON Schema of the models for editors.
"""
