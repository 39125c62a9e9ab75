"""One wording for a validation error, whichever loader reports it (issue 11)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evaluator import classroom as cls
from evaluator import exports
from evaluator.errors import InputError, field_path, first_error
from evaluator.store import Store, StoreError


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weight: float = Field(gt=0)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[_Item]
    title: str


def _error(data: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _File.model_validate(data)
    return caught.value


def test_field_path_writes_list_positions_in_brackets():
    assert field_path(("criteria", 2, "weight")) == "criteria[2].weight"
    assert field_path(()) == ""


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (
            {"items": [{"weight": 1}, {"weight": 0}], "title": "t"},
            "f.json: items[1].weight: Input should be greater than 0",
        ),
        ({"items": [], "title": "t", "colour": 1}, "f.json: colour: unknown key"),
        ({"items": []}, "f.json: title: required key is missing"),
        (
            {"items": [{"wieght": 1}]},
            "f.json: items[0].weight: required key is missing (and 2 more problem(s))",
        ),
    ],
)
def test_first_error_names_the_source_the_field_and_the_reason(data, line):
    assert first_error(_error(data), "f.json") == line


def test_first_error_shows_control_characters_from_a_key_visibly():
    line = first_error(_error({"items": [], "title": "t", "a\u202eb\nc": 1}), "f.json")
    assert "\n" not in line and "\u202e" not in line and "\\u202e" in line


def test_every_loader_words_an_unknown_key_the_same(tmp_path):
    """Packs, submissions, exported evaluations and stored rows all say "unknown key"."""
    evaluation = json.loads(exports.to_json(_an_evaluation()))
    evaluation["surprise"] = 1
    messages = []
    with pytest.raises(InputError) as caught:
        exports.from_json(json.dumps(evaluation))
    messages.append(caught.value.message)
    with pytest.raises(InputError) as caught:
        cls.parse_submission(json.dumps(evaluation).encode(), "s.json")
    messages.append(caught.value.message)
    with pytest.raises(InputError) as caught:
        cls.parse_class_key(
            '[criteria.sources]\nlevel = 1\njustification = "j"\nlevl = 2\n', "key.toml"
        )
    messages.append(caught.value.message)
    assert all(message.endswith("unknown key") for message in messages), messages
    assert messages[1] == "s.json: surprise: unknown key"
    assert messages[2] == "key.toml: criteria.sources.levl: unknown key"

    store = Store(tmp_path / "e.sqlite3")
    saved = store.create(_an_evaluation(), _rubric(), "owner")
    with closing(sqlite3.connect(store.location)) as conn, conn:  # damaged behind the store's back
        conn.execute("UPDATE evaluations SET evaluation_json = ?", (json.dumps(evaluation),))
    with pytest.raises(StoreError) as caught:
        store.load(saved, "owner")
    assert "Evaluation: surprise: unknown key" in str(caught.value)


def _rubric():
    from evaluator.rubrics import default_rubric

    return default_rubric()


def _an_evaluation():
    from test_exports import _evaluation

    return _evaluation()
