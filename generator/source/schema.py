"""JSON Schema of the YAML files, for editors (VS Code's YAML extension, ...)."""

from __future__ import annotations

from pydantic import BaseModel

from . import model

KINDS: dict[str, type[BaseModel]] = {
    "company": model.Company,
    "department": model.Department,
    "role": model.Role,
    "procedure": model.Procedure,
    "policy": model.Policy,
    "form": model.Form,
    "sanctions": model.SanctionFile,
    "glossary": model.Glossary,
}

# Which files each schema is for (README shows the editor settings).
GLOBS = {
    "company": "handbook/company.yml",
    "department": "handbook/departments/*.yml",
    "role": "handbook/roles/*.yml",
    "procedure": "handbook/procedures/*.yml",
    "policy": "handbook/policies/*.yml",
    "form": "forms/*.yml",
    "sanctions": "handbook/sanctions.yml",
    "glossary": "handbook/glossary.yml",
}


def json_schema(kind: str = "all") -> dict:
    if kind == "all":
        defs: dict = {}
        branches = []
        for name, cls in KINDS.items():
            schema = cls.model_json_schema(mode="validation", ref_template="#/$defs/{model}")
            defs.update(schema.pop("$defs", {}))
            defs[cls.__name__] = schema
            branches.append({"$ref": f"#/$defs/{cls.__name__}"})
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Handbook source file",
            "description": "Any file of handbook/ or forms/; `handbook schema KIND` prints one kind.",
            "oneOf": branches,
            "$defs": defs,
        }
    if kind not in KINDS:
        raise SystemExit(f"error: unknown kind '{kind}'; one of: all, {', '.join(KINDS)}")
    schema = KINDS[kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
