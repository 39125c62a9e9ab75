"""The JSON Schemas shipped in evaluator/schemas/ are exactly what the models generate."""

import json
import tomllib

import jsonschema
import pytest

from evaluator.rubrics import RUBRIC_DIR
from evaluator.schemas import SCHEMAS, render, shipped_path


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_schema_matches_the_models(name):
    shipped = shipped_path(name).read_text(encoding="utf-8")
    assert shipped == render(name), (
        f"{shipped_path(name).name} is stale: run `python -m evaluator schema --write`"
    )


def test_bundled_rubrics_validate_against_the_rubric_schema():
    schema = json.loads(shipped_path("rubric").read_text())
    for path in RUBRIC_DIR.glob("*.toml"):
        jsonschema.validate(tomllib.loads(path.read_text(encoding="utf-8")), schema)


def test_rubric_schema_rejects_an_unknown_key():
    schema = json.loads(shipped_path("rubric").read_text())
    data = tomllib.loads((RUBRIC_DIR / "default.toml").read_text(encoding="utf-8"))
    data["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate(data, schema)
