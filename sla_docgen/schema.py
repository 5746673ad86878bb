"""The questionnaire's JSON Schema, generated from the models (checked in under schemas/).

Field descriptions come from the attribute docstrings in the model modules. They are read
here, with `ast`, instead of by pydantic's `use_attribute_docstrings`, which would parse the
sources on every start and cost the `validate` command about 100 ms.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import json
from typing import Any

from pydantic import BaseModel

SCHEMA_FILE = "sla-docgen.schema.json"


def json_schema() -> str:
    """The JSON Schema as stable, pretty-printed text."""
    from sla_docgen.model import Agreement

    schema = Agreement.model_json_schema(by_alias=True, mode="validation")
    for model in _models(Agreement):
        target = schema if model is Agreement else schema["$defs"].get(model.__name__)
        if target is None:
            continue
        docs = _attribute_docs(model)
        for name, field in model.model_fields.items():
            prop = target.get("properties", {}).get(field.alias or name)
            if prop is not None and name in docs:
                prop.setdefault("description", docs[name])
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from `root` through its fields' annotations."""
    seen: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.append(annotation)
            for field in annotation.model_fields.values():
                visit(field.annotation)
        for arg in getattr(annotation, "__args__", ()) or ():
            visit(arg)
        for meta in getattr(annotation, "__metadata__", ()) or ():
            visit(meta)

    visit(root)
    return seen


def _attribute_docs(model: type[BaseModel]) -> dict[str, str]:
    """`name: T` followed by a string literal, in the class body: {name: docstring}."""
    tree = ast.parse(inspect.getsource(model))
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs
