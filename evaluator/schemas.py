"""JSON Schemas generated from the models, and the copies shipped beside them."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import Analysis, ErrorOutput, Evaluation, Rubric

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "analysis": (Analysis, "serialization"),
    "error": (ErrorOutput, "serialization"),
    "evaluation": (Evaluation, "serialization"),
    "rubric": (Rubric, "validation"),
}


def generate(name: str) -> dict:
    model, mode = SCHEMAS[name]
    schema = model.model_json_schema(mode=mode, by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{name}.schema.json"
    return schema


def render(name: str) -> str:
    return json.dumps(generate(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def shipped_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


def write_all() -> list[Path]:
    SCHEMA_DIR.mkdir(exist_ok=True)
    paths = []
    for name in SCHEMAS:
        path = shipped_path(name)
        path.write_text(render(name), encoding="utf-8")
        paths.append(path)
    return paths
