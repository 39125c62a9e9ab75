"""Counted words in messages (evaluator/wording.py)."""

from evaluator.wording import plural


def test_one_is_singular_and_every_other_count_plural():
    assert plural(1, "page") == "1 page"
    assert plural(0, "page") == "0 pages"
    assert plural(2, "file") == "2 files"
    assert plural(3, "child", "children") == "3 children"
    assert plural(1, "child", "children") == "1 child"
