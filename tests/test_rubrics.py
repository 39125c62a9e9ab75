"""Rubric files: the default rubric's content, selection by id or path, and one-line errors."""

from pathlib import Path

import pytest

from evaluator.rubrics import (
    EXTRA_DIRS_ENV,
    RUBRIC_DIR,
    RubricError,
    available_rubrics,
    default_rubric,
    load_rubric,
    parse_rubric,
    resolve_rubric,
)

DEFAULT_TEXT = (RUBRIC_DIR / "default.toml").read_text(encoding="utf-8")
CRITERION = """
[[criteria]]
id = "{id}"
title = "T"
question = "Q?"
guidance = "G"
why_it_matters = "W"
weight = {weight}
[criteria.levels]
0 = "a"
1 = "b"
2 = "c"
3 = "d"
"""


def rubric_text(*criteria: str, head: str = 'id = "mine"\nversion = "1"\ntitle = "Mine"\n') -> str:
    return head + "".join(criteria)


def crit(cid: str = "one", weight: str = "1.0") -> str:
    return CRITERION.format(id=cid, weight=weight)


def test_default_rubric_has_the_six_questions_in_order():
    rubric = default_rubric()
    assert [c.id for c in rubric.criteria] == [
        "sources",
        "denominators",
        "attribute_provenance",
        "scope",
        "extrapolation",
        "recommendations",
    ]
    for criterion in rubric.criteria:
        assert criterion.question.endswith("?")
        assert all(criterion.levels.for_level(level) for level in range(4))
        assert criterion.weight > 0
    assert rubric.criterion("attribute_provenance").not_applicable_when


def test_a_valid_custom_rubric_parses():
    rubric = parse_rubric(rubric_text(crit("a", "2"), crit("b", "0.5")))
    assert [(c.id, c.weight) for c in rubric.criteria] == [("a", 2.0), ("b", 0.5)]
    assert rubric.bands[0].min == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            rubric_text(crit().replace("weight = 1.0", "wieght = 1.0")),
            "bad.toml: criteria[0].wieght: unknown key",
            id="unknown-key",
        ),
        pytest.param(
            rubric_text(crit().replace('2 = "c"\n', "")),
            "bad.toml: criteria[0].levels.2: missing descriptor for level 2",
            id="missing-descriptor",
        ),
        pytest.param(
            rubric_text(crit(weight="0")),
            "bad.toml: criteria[0].weight: Input should be greater than 0",
            id="zero-weight",
        ),
        pytest.param(
            rubric_text(crit(weight="-2")),
            "bad.toml: criteria[0].weight: Input should be greater than 0",
            id="negative-weight",
        ),
        pytest.param(
            rubric_text(crit("same"), crit("other"), crit("same")),
            "bad.toml: criteria[2].id: duplicate criterion id 'same'",
            id="duplicate-id",
        ),
        pytest.param(
            rubric_text(crit()) + "\n[[criteria]\n",
            "bad.toml: line 18: invalid TOML:",
            id="invalid-toml",
        ),
        pytest.param(
            'id = "mine"\nversion = "1"\n' + crit(),
            "bad.toml: title: required key is missing",
            id="missing-title",
        ),
        pytest.param(
            rubric_text(),
            "bad.toml: criteria: required key is missing",
            id="no-criteria",
        ),
    ],
)
def test_a_rubric_with_a_mistake_is_refused_with_one_line(text, expected):
    with pytest.raises(RubricError) as caught:
        parse_rubric(text, "bad.toml")
    message = str(caught.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_missing_rubric_file_names_the_file(tmp_path):
    with pytest.raises(RubricError, match=r"nope\.toml: no such rubric file"):
        load_rubric(tmp_path / "nope.toml")


def test_a_teacher_rubric_is_selected_by_id_or_by_path(tmp_path, monkeypatch):
    path = tmp_path / "classroom.toml"
    path.write_text(
        rubric_text(crit("only"), head='id = "class-7b"\nversion = "2"\ntitle = "7B"\n')
    )
    assert resolve_rubric(str(path)).id == "class-7b"
    with pytest.raises(RubricError, match="no rubric with this id"):
        resolve_rubric("class-7b")
    monkeypatch.setenv(EXTRA_DIRS_ENV, str(tmp_path))
    assert resolve_rubric("class-7b").version == "2"
    assert resolve_rubric("classroom").id == "class-7b"  # the file's stem works too


def test_one_bad_rubric_does_not_hide_the_others(tmp_path, monkeypatch):
    (tmp_path / "broken.toml").write_text("id = ")
    monkeypatch.setenv(EXTRA_DIRS_ENV, str(tmp_path))
    good, bad = available_rubrics()
    assert "default" in [r.id for _, r in good]
    assert [Path(e.path).name for e in bad] == ["broken.toml"]
    with pytest.raises(RubricError, match=r"broken\.toml: line 1: invalid TOML"):
        resolve_rubric("broken")


def test_the_default_rubric_file_round_trips_through_its_model():
    rubric = parse_rubric(DEFAULT_TEXT)
    dumped = rubric.model_dump(by_alias=True)
    assert dumped["criteria"][0]["levels"]["0"] == rubric.criteria[0].levels.level_0


# --- issue 10: ids are never paths; deep, huge and odd files are one-line errors ----------------

DEEP = 'id = "deep"\nversion = "1"\ntitle = "D"\nx = ' + "[" * 500 + "]" * 500 + "\n"


def test_a_rubric_id_is_never_read_as_a_path(tmp_path):
    from evaluator.rubrics import rubric_by_id

    stolen = tmp_path / "secret.toml"
    stolen.write_text(rubric_text(crit("only"), head='id = "stolen"\nversion = "1"\ntitle = "S"\n'))
    for ref in (str(stolen), "/etc/passwd", "/dev/zero", "../x", str(tmp_path), "a" * 65):
        with pytest.raises(RubricError, match="not a rubric id"):
            rubric_by_id(ref)
    assert resolve_rubric(str(stolen)).id == "stolen"  # only the CLI's explicit path reads files


def test_a_deeply_nested_rubric_is_one_line_not_a_recursion_error():
    with pytest.raises(RubricError, match="nested 500 levels deep") as caught:
        parse_rubric(DEEP, "deep.toml")
    assert str(caught.value).startswith("deep.toml: ")
    inline = DEEP.replace("[" * 500 + "]" * 500, "{a=" * 500 + "1" + "}" * 500)
    with pytest.raises(RubricError, match="nested 500 levels deep"):
        parse_rubric(inline)


def test_a_hostile_file_in_a_rubric_folder_is_listed_and_breaks_nothing(tmp_path, monkeypatch):
    import os

    (tmp_path / "deep.toml").write_text(DEEP)
    (tmp_path / "huge.toml").write_text("# " + "x" * 600_000)
    (tmp_path / "folder.toml").mkdir()
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    monkeypatch.setenv(EXTRA_DIRS_ENV, str(tmp_path))
    good, bad = available_rubrics()
    assert [r.id for _, r in good] == ["default"]
    reasons = {Path(e.path).name: e.reason for e in bad}
    assert reasons["deep.toml"].startswith("nested 500 levels deep")
    assert "a rubric file may have" in reasons["huge.toml"]
    for name in ("folder.toml", "fifo.toml", "zero.toml"):
        assert reasons[name] == "not a regular file"
    assert reasons["loop.toml"].startswith("cannot read")
    assert default_rubric().id == "default"
    assert resolve_rubric("default").id == "default"


def test_cli_rubrics_lists_a_deep_rubric_as_an_error(tmp_path, monkeypatch, capsys):
    from evaluator.cli import main

    (tmp_path / "deep.toml").write_text(DEEP)
    monkeypatch.setenv(EXTRA_DIRS_ENV, str(tmp_path))
    assert main(["rubrics"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("default\t")
    assert err.startswith("skipped: ") and "deep.toml: nested 500 levels deep" in err


def test_rubric_ids_are_bounded_by_the_model():
    text = rubric_text(crit("only"), head=f'id = "{"a" * 65}"\nversion = "1"\ntitle = "T"\n')
    with pytest.raises(RubricError, match=r"^<rubric>: id: String should match pattern"):
        parse_rubric(text)


def test_the_built_in_rubrics_ship_inside_the_package():
    # A wheel holds only the package: a folder beside it (the old top-level rubrics/) is left out.
    import evaluator

    package = Path(evaluator.__file__).resolve().parent
    assert RUBRIC_DIR.resolve().is_relative_to(package)
    assert (RUBRIC_DIR / "default.toml").is_file()
    assert default_rubric().id == "default"
