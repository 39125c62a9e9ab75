"""The classroom pages in AppTest: blind mode never shows the tool's suggestion before the student
has answered, the dashboard imports a class, the comparison grid renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from evaluator import classroom as cls
from evaluator.analysis import analyze
from evaluator.answer_keys import CriterionKey
from evaluator.ingest import load_bytes, sha256_of
from evaluator.models import Answer, Evaluation
from evaluator.rubrics import RUBRIC_DIR, parse_rubric

APP = Path(__file__).resolve().parent.parent / "app.py"
RUBRIC_TOML = (RUBRIC_DIR / "default.toml").read_text(encoding="utf-8")
RUBRIC = parse_rubric(RUBRIC_TOML)
REPORT = (
    b"Method. We used police records for 2019 to 2021 in Kirkford, supplied under a freedom of "
    b"information request. Of 1,240 recorded cases, 512 (41.3%) involved adult victims, and 61% "
    b"of suspects were men. Ethnicity was taken from the police record. We recommend that the "
    b"council fund more outreach.\n"
)


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALUATOR_DB", str(tmp_path / "evaluations.db"))


@pytest.fixture(scope="module")
def analysis():
    return analyze(load_bytes(REPORT, "kirkford.txt"), RUBRIC)


def pack(
    blind: bool = True,
    key_released: bool = False,
    *,
    report: bytes = REPORT,
    filename: str = "kirkford.txt",
    title: str = "Kirkford exercise",
) -> cls.ExercisePack:
    key = {
        "sources": CriterionKey(
            level=2, justification="police records named", evidence=[{"page": 1, "quote": "x"}]
        )
    }
    return cls.make_pack(
        title=title,
        report=report,
        report_filename=filename,
        rubric_toml=RUBRIC_TOML,
        answer_key=key,
        instructions="Answer first.",
        blind_mode=blind,
        key_released=key_released,
    )


def goto(at: AppTest, url_path: str) -> AppTest:
    """Open a page registered by st.navigation (callable pages have no file to switch to)."""
    page_hash = next(
        h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path
    )
    at._page_hash = page_hash
    at.run()
    at._page_hash = ""  # later runs stay where the app navigated to, as a browser would
    return at


def shown(at: AppTest) -> str:
    """Every piece of text the page shows, tables included."""
    parts = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "text", "title"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [str(element.value) for element in [*at.header, *at.subheader]]
    parts += [element.value.to_string() for element in at.dataframe]
    parts += [str(element.value) for element in at.code]
    parts += [str(element.proto.body) for element in at.get("html")]
    return plain("\n".join(parts))


def plain(text: str) -> str:
    """Undo Markdown escapes, to compare with the text that was escaped."""
    return re.sub(r"\\(.)", r"\1", text)


def open_exercise(the_pack: cls.ExercisePack) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "exercise")
    at.file_uploader(key="cls_pack_upload").upload(
        "kirkford.exercise.json", cls.dump_pack(cls.student_copy(the_pack)), "application/json"
    )
    at.run()
    at.button(key="cls_start").click().run()
    assert not at.exception
    assert at.title[0].value == "Checklist"
    return at


def _blind(at: AppTest) -> bool:
    """The open evaluation's blind mode, as stored (the session keeps none)."""
    from evaluator.store import Store, default_db_path, owner_key

    record = Store(default_db_path()).load(
        at.session_state["eval_id"], owner_key(at.session_state["owner_token"])
    )
    assert record is not None
    return record.evaluation.blind_mode


def leaks(at: AppTest, analysis, criterion_id: str) -> list[str]:
    """Pieces of the tool's suggestion or evidence for this criterion that the page shows."""
    suggestion = next(s for s in analysis.criteria if s.id == criterion_id)
    text = shown(at)
    found = [
        m for m in ("Suggested:", "The tool's suggestion", "Evidence from the report") if m in text
    ]
    found += [e.quote for e in suggestion.evidence if e.quote in text]
    if suggestion.status != "no_suggestion" and suggestion.rationale in text:
        found.append(suggestion.rationale)
    return found


def test_the_report_gives_the_tool_something_to_suggest(analysis):
    # Without real suggestions the blind-mode tests below would prove nothing.
    made = [s for s in analysis.criteria if s.status != "no_suggestion"]
    assert len(made) >= 2
    assert any(s.evidence for s in made)


def test_without_blind_mode_the_suggestion_shows_at_once(analysis):
    at = open_exercise(pack(blind=False))
    assert _blind(at) is False
    assert leaks(at, analysis, RUBRIC.criteria[0].id)


def test_blind_mode_hides_every_suggestion_until_answered_and_revealed(analysis):
    at = open_exercise(pack(blind=True))
    assert _blind(at) is True
    for step, criterion in enumerate(RUBRIC.criteria):
        at.radio(key="ck_step_nav").set_value(step).run()
        assert at.header[0].value.startswith(f"{step + 1}.")
        assert leaks(at, analysis, criterion.id) == []
        # The level is not pre-selected either: a pre-filled answer would leak the suggestion.
        assert at.radio(key=f"ck_{criterion.id}_choice").value is None

    first = RUBRIC.criteria[0].id
    at.radio(key="ck_step_nav").set_value(0).run()
    at.radio(key=f"ck_{first}_choice").set_value(1)
    at.text_area(key=f"ck_{first}_justification").input("No selection rules are given.")
    at.button(key="save").click().run()
    assert not at.exception
    assert "Answer saved." in shown(at)
    assert leaks(at, analysis, first) == []  # answered, not yet revealed

    at.button(key=f"ck_reveal_{first}").click().run()
    assert "The tool's suggestion" in shown(at)
    at.radio(key="ck_step_nav").set_value(1).run()
    assert leaks(at, analysis, RUBRIC.criteria[1].id) == []


def test_exercise_page_table_hides_what_is_not_yet_answered(analysis):
    at = open_exercise(pack(blind=True, key_released=True))
    first = RUBRIC.criteria[0].id
    at.radio(key=f"ck_{first}_choice").set_value(3)
    at.text_area(key=f"ck_{first}_justification").input("Clear sources.")
    at.button(key="save").click().run()
    goto(at, "exercise")
    table = at.dataframe[0].value
    rows = {row["question"]: row for row in table.to_dict("records")}
    answered = rows[RUBRIC.criteria[0].title]
    assert answered["your answer"] == "3"
    # Answered but not revealed: neither the tool nor the (released) key shows yet.
    assert answered["tool's suggestion"] == "hidden until you answer and reveal"
    assert answered["answer key"] == "hidden until you answer and reveal"
    for criterion in RUBRIC.criteria[1:]:
        row = rows[criterion.title]
        assert row["tool's suggestion"] == "hidden until you answer and reveal"
        assert row["answer key"] == "hidden until you answer and reveal"
    assert not at.get("download_button")  # no hand-in without a name
    goto(at, "checklist")
    at.button(key=f"ck_reveal_{first}").click().run()
    goto(at, "exercise")
    revealed = {r["question"]: r for r in at.dataframe[0].value.to_dict("records")}
    assert revealed[RUBRIC.criteria[0].title]["answer key"] == "2"
    assert revealed[RUBRIC.criteria[0].title]["agreement"] == "within one"
    assert revealed[RUBRIC.criteria[1].title]["answer key"].startswith("hidden")
    at.text_input(key="cls_alias").input("Ana").run()
    assert [b.label for b in at.get("download_button")] == ["Download your submission"]
    assert "You have answered 1 of 6 questions." in shown(at)


def submission_bytes(name: str, level: int) -> bytes:
    evaluation = Evaluation(
        document_sha256=pack().report_sha256,
        rubric={"id": RUBRIC.id, "version": RUBRIC.version},
        answers={"sources": Answer(criterion_id="sources", level=level, decision="accepted")},
    )
    return cls.dump_submission(cls.make_submission(name, evaluation))


def dashboard_with_pack() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "class-dashboard")
    at.file_uploader(key="cls_dash_packs").upload(
        "teacher.json", cls.dump_pack(pack()), "application/json"
    )
    return at.run()


def test_dashboard_imports_a_class_and_names_bad_files():
    at = dashboard_with_pack()
    files = [
        (f"{n}.json", submission_bytes(n, lvl), "application/json")
        for n, lvl in (("ana", 2), ("ben", 3), ("cai", 0))
    ]
    files.append(("torn.json", b'{"kind": "report-evaluator/sub', "application/json"))
    at.file_uploader(key="cls_dash_subs").set_value(files).run()
    assert not at.exception
    assert any("torn.json" in plain(w.value) for w in at.warning)
    assert [m.value for m in at.metric][:2] == ["3", "3"]
    table = at.dataframe[0].value.to_dict("records")
    sources = next(r for r in table if r["question"] == RUBRIC.criteria[0].title)
    assert sources["exact"] == "1/3 (33%)"
    assert sources["within one"] == "2/3 (67%)"


def test_compare_page_shows_a_grid_and_names_failures():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "compare")
    at.file_uploader(key="cls_cmp_uploads").set_value(
        [
            ("a.txt", REPORT, "text/plain"),
            ("b.txt", b"A report with no numbers at all.", "text/plain"),
            ("c.pdf", b"%PDF-1.4 broken", "application/pdf"),
        ]
    ).run()
    assert not at.exception
    grid = at.get("html")[0].proto.body
    for name in ("a.txt", "b.txt", "c.pdf"):
        assert f">{name}<" in grid
    assert any("c.pdf" in plain(w.value) for w in at.warning)


def test_make_exercise_from_an_upload_without_a_key():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "make-exercise")
    at.file_uploader(key="cls_make_upload").upload("kirkford.txt", REPORT, "text/plain")
    at.run()
    assert not at.exception
    assert "0 of the rubric's questions are in the key." in shown(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == [
        "Download the student copy",
        "Download the teacher copy (keep it: the dashboard needs its key)",
    ]


def test_the_teacher_pages_name_rubrics_by_title_not_by_id():
    """The screenshot review found "default" in the Make exercise rubric box; Start has titles."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "make-exercise")
    at.file_uploader(key="cls_make_upload").upload("kirkford.txt", REPORT, "text/plain")
    at.run()
    goto(at, "make-exercise")
    title = f"{RUBRIC.title} (v{RUBRIC.version})"
    assert title in at.selectbox(key="cls_make_rubric").options
    assert at.selectbox(key="cls_make_rubric").value == RUBRIC.id
    goto(at, "compare")
    assert title in at.selectbox(key="cls_cmp_rubric").options


def make_from_sample(monkeypatch, code: str | None):
    """The Make exercise page on the first sample, with this teacher code set on the server."""
    samples = pytest.importorskip("evaluator.samples")
    installed = samples.sample_ids()
    if not installed:
        pytest.skip("no sample reports installed")
    if code is None:
        monkeypatch.delenv(samples.TEACHER_CODE_ENV, raising=False)
    else:
        monkeypatch.setenv(samples.TEACHER_CODE_ENV, code)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "make-exercise")
    at.radio(key="cls_make_source").set_value("A sample report").run()
    assert not at.exception
    assert "0 of the rubric's questions are in the key." in shown(at)
    return at, samples, installed


def test_make_exercise_from_a_sample_carries_its_key_for_a_teacher(monkeypatch):
    at, samples, installed = make_from_sample(monkeypatch, "correct horse battery staple")
    key = samples.load_answer_key(installed[0])
    at.text_input(key="cls_teacher_code").input("correct horse").run()
    assert "That is not the teacher code." in shown(at)
    at.text_input(key="cls_teacher_code").input("correct horse battery staple").run()
    assert f"{len(key.criteria)} of the rubric's questions are in the key." in shown(at)
    # Changing one entry in the editor is taken up; a level without evidence is refused.
    first = next(c.id for c in RUBRIC.criteria if getattr(key.criteria.get(c.id), "level", None))
    prefix = f"cls_key_{installed[0]}-teacher_{RUBRIC.id}_{first}_"
    at.text_input(key=prefix + "q").input("").run()
    assert any("give a quote from the report" in e.value for e in at.error)
    assert not at.get("download_button")


@pytest.mark.parametrize("code", [None, "s3cret"])
def test_a_sample_key_and_notes_stay_hidden_without_the_teacher_code(monkeypatch, code):
    """Issue 10, item 8: Make exercise filled in any sample's key and notes for anyone."""
    at, samples, installed = make_from_sample(monkeypatch, code)
    notes = samples.load_teacher_notes(installed[0])
    key = samples.load_answer_key(installed[0])
    areas = [a.value for a in at.text_area]
    assert notes not in areas and all(a == "" for a in areas if a.startswith("#"))
    for entry in key.criteria.values():
        assert entry.justification not in areas
    teacher = at.get("download_button")[1]
    assert "teacher" in teacher.label


def test_dashboard_holds_back_a_forged_duplicate_until_the_teacher_chooses():
    """Issue 10, item 7: a padded name with a far-future time replaced a classmate's hand-in."""
    import json

    at = dashboard_with_pack()
    forged = json.loads(submission_bytes("  ANA ", 0))
    forged["evaluation"]["updated_at"] = "2099-01-01T00:00:00Z"
    files = [
        ("ana.json", submission_bytes("ana", 2), "application/json"),
        ("ben.json", submission_bytes("ben", 3), "application/json"),
        ("forged.json", json.dumps(forged).encode(), "application/json"),
    ]
    at.file_uploader(key="cls_dash_subs").set_value(files).run()
    assert not at.exception
    assert any("different submissions from 'ana'" in plain(e.value) for e in at.error)
    assert [m.value for m in at.metric][:2] == ["1", "1"]  # only ben counts for now
    choice = at.radio[0]
    labels = " ".join(map(str, choice.options))
    assert "in the future: not trusted" in plain(labels)
    [conflict] = cls.import_submissions([(n, d) for n, d, _ in files]).conflicts
    ana = next(c.ref for c in conflict.candidates if c.name == "ana.json")
    choice.set_value(ana).run()
    assert not at.exception
    assert [m.value for m in at.metric][:2] == ["2", "2"]
    table = at.dataframe[0].value.to_dict("records")
    sources = next(r for r in table if r["question"] == RUBRIC.criteria[0].title)
    assert sources["exact"] == "1/2 (50%)"  # ana's 2, not the forged 0


@pytest.mark.parametrize("page", ["exercise", "class-dashboard"])
def test_a_pack_with_a_deeply_nested_rubric_is_refused_in_one_line(page):
    """Issue 10, item 6: a 500-level rubric inside a pack broke both pages."""
    import json

    raw = json.loads(cls.dump_pack(pack()))
    raw["rubric_toml"] = 'id = "deep"\nx = ' + "[" * 500 + "]" * 500 + "\n"
    data = json.dumps(raw).encode()
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, page)
    uploader = "cls_pack_upload" if page == "exercise" else "cls_dash_packs"
    at.file_uploader(key=uploader).upload("deep.exercise.json", data, "application/json")
    at.run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "nested 500 levels deep" in plain(error) and "\n" not in error


def test_dashboard_takes_thirty_submissions():
    levels = [(n * 7) % 4 for n in range(30)]  # 0, 3, 2, 1, 0, 3, ... : a spread of answers
    exact = levels.count(2)  # the pack's key says 2 for sources
    near = sum(abs(level - 2) <= 1 for level in levels)
    at = dashboard_with_pack()
    files = [
        (f"s{n:02d}.json", submission_bytes(f"student {n:02d}", level), "application/json")
        for n, level in enumerate(levels)
    ]
    at.file_uploader(key="cls_dash_subs").set_value(files).run()
    assert not at.exception
    assert [m.value for m in at.metric][:3] == ["30", "30", "0"]
    table = at.dataframe[0].value.to_dict("records")
    sources = next(r for r in table if r["question"] == RUBRIC.criteria[0].title)
    assert sources["exact"] == f"{exact}/30 ({round(100 * exact / 30)}%)"
    assert sources["within one"] == f"{near}/30 ({round(100 * near / 30)}%)"
    assert [sources[str(level)] for level in range(4)] == [levels.count(lv) for lv in range(4)]


@pytest.mark.parametrize("other_page", ["summary", "history", "export"])
def test_blind_mode_hides_suggestions_on_the_other_pages(analysis, other_page):
    at = open_exercise(pack(blind=True))
    goto(at, other_page)
    assert not at.exception
    for criterion in RUBRIC.criteria:
        assert leaks(at, analysis, criterion.id) == [], other_page


def test_start_afresh_ignores_answers_saved_on_this_computer():
    at = open_exercise(pack(blind=True))
    first = RUBRIC.criteria[0].id
    at.radio(key=f"ck_{first}_choice").set_value(2)
    at.text_area(key=f"ck_{first}_justification").input("Named sources.")
    at.button(key="save").click().run()
    goto(at, "exercise")
    at.button(key="cls_start").click().run()
    assert "1 of 6 questions answered" in at.get("progress")[0].proto.text  # resumed
    goto(at, "exercise")
    at.checkbox(key="cls_fresh").check()
    at.button(key="cls_start").click().run()
    assert "0 of 6 questions answered" in at.get("progress")[0].proto.text


def test_markup_in_a_pack_stays_text():
    tricky = pack().model_copy(
        update={"title": "**Big** [link](http://example.invalid)", "instructions": "<b>hi</b>"}
    )
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "exercise")
    at.file_uploader(key="cls_pack_upload").upload(
        "t.exercise.json", cls.dump_pack(cls.student_copy(tricky)), "application/json"
    )
    at.run()
    assert not at.exception
    title = at.header[0].value
    assert "\\*\\*Big\\*\\*" in title and "\\[link\\]" in title
    assert plain(title) == tricky.title
    assert any("&lt;b&gt;hi&lt;/b&gt;" in m.value for m in at.markdown)


# A payload for every free-text field of a rubric, a report and its file name: an image that
# would be fetched, a link, raw HTML and a script.
PAYLOAD = "![x](http://127.0.0.1:9/p.png) [l](http://127.0.0.1:9/) <img src=x> <script>x</script>"
_FREE_TEXT = re.compile(r'^((?:title|version|question|label|not_applicable_when|[0-3]) = ")(.*)"$')


def hostile_pack() -> cls.ExercisePack:
    lines = []
    for line in RUBRIC_TOML.replace('id = "default"', 'id = "hostile"', 1).splitlines():
        lines.append(_FREE_TEXT.sub(lambda m: f'{m.group(1)}{m.group(2)} {PAYLOAD}"', line))
    report = f"Title {PAYLOAD}\n\n".encode() + REPORT
    key = {
        "sources": CriterionKey(
            level=2,
            justification=f"why {PAYLOAD}",
            evidence=[{"page": 1, "quote": f"quote {PAYLOAD}"}],
        )
    }
    return cls.make_pack(
        title=f"Exercise {PAYLOAD}",
        report=report,
        report_filename=f"report {PAYLOAD.replace('/', ' ')}.txt",
        rubric_toml="\n".join(lines) + "\n",
        answer_key=key,
        instructions=f"Answer first. {PAYLOAD}",
        blind_mode=False,
        key_released=True,
    )


def markdown_shown(at: AppTest) -> list[str]:
    """Every string this run renders as Markdown: text elements and widget labels alike."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "latex"):
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in ("error", "warning", "info", "success", "toast"):
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in ("button", "checkbox", "selectbox", "multiselect", "text_input", "text_area"):
        out += [str(e.label) for e in getattr(at, kind)]
    for radio in at.radio:
        out += [str(radio.label), *map(str, radio.options), *radio.proto.captions]
    out += [str(e.label) for e in at.expander]
    out += [str(e.label) for e in at.tabs]
    for metric in at.metric:
        out += [str(metric.label), str(metric.value)]
    out += [str(e.proto.label) for e in at.get("download_button")]
    return out


def unescaped(texts: list[str]) -> list[str]:
    return [t for t in texts if any(bad in t for bad in ("![", "](", "<img", "<script"))]


def test_a_hostile_rubric_report_and_file_name_render_as_text_on_every_page():
    the_pack = hostile_pack()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["owner_token"] = "hostile-reader-" + "z" * 32
    at.run()
    goto(at, "exercise")
    at.file_uploader(key="cls_pack_upload").upload(
        "t.exercise.json", cls.dump_pack(cls.student_copy(the_pack)), "application/json"
    )
    at.run()
    seen = {"exercise": markdown_shown(at)}
    at.button(key="cls_start").click().run()
    assert not at.exception and at.title[0].value == "Checklist"
    rubric = the_pack.rubric()
    assert PAYLOAD in rubric.version and PAYLOAD in rubric.criteria[0].levels.for_level(0)
    for step, criterion in enumerate(rubric.criteria):
        at.radio(key=f"ck_{criterion.id}_choice").set_value(step % 4)
        at.text_area(key=f"ck_{criterion.id}_justification").input(f"mine {step}")
        at.button(key="save_next").click().run()
        assert not at.exception, at.exception
        seen[f"checklist {step}"] = markdown_shown(at)
    for page in ("summary", "export", "history", ""):  # "" is Start
        goto(at, page)
        assert not at.exception, at.exception
        seen[page or "start"] = markdown_shown(at)
    goto(at, "exercise")  # the comparison table and hand-in, with the pack loaded again
    seen["exercise again"] = markdown_shown(at)
    assert not at.exception

    dash = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(dash, "class-dashboard")
    dash.file_uploader(key="cls_dash_packs").upload(
        "teacher.json", cls.dump_pack(the_pack), "application/json"
    )
    dash.run()
    seen["dashboard"] = markdown_shown(dash)
    assert not dash.exception

    bad = {page: unescaped(texts) for page, texts in seen.items() if unescaped(texts)}
    assert bad == {}
    everything = plain("\n".join(t for texts in seen.values() for t in texts))
    assert f"{RUBRIC.version} ![x](http://127.0.0.1:9/p.png)" in everything  # shown, as text


# --- issue 14, items 6 and 7 -------------------------------------------------------------------

TOKEN = "compare-page-token-0123456789abcdefghijklmn"


def _saved_evaluation(analysis) -> int:
    """An evaluation in this reader's store: one answer confirmed, one chosen but not saved."""
    from evaluator.store import Store, default_db_path, owner_key

    db, me = Store(default_db_path()), owner_key(TOKEN)
    evaluation = Evaluation(
        document_sha256="c" * 64,
        document_title="Kirkford audit <b>2024</b>",
        rubric={"id": RUBRIC.id, "version": RUBRIC.version},
        suggestions=analysis.criteria,
    )
    evaluation_id = db.create(evaluation, RUBRIC, me)
    first, second = (c.id for c in RUBRIC.criteria[:2])
    db.save_answer(
        evaluation_id,
        Answer(criterion_id=first, level=0, justification="x", decision="overridden"),
        me,
    )
    db.save_draft(evaluation_id, second, me, 3, "", 0)
    return evaluation_id


def test_compare_page_puts_saved_evaluations_beside_fresh_files(analysis):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["owner_token"] = TOKEN
    at.run()
    evaluation_id = _saved_evaluation(analysis)
    goto(at, "compare")
    at.multiselect(key="cmp_saved").set_value([evaluation_id]).run()
    at.file_uploader(key="cls_cmp_uploads").set_value([("a.txt", REPORT, "text/plain")]).run()
    assert not at.exception
    grid = at.get("html")[0].proto.body
    link = f'<a href="checklist?evaluation={evaluation_id}" target="_self">'
    assert link + "Kirkford audit &lt;b&gt;2024&lt;/b&gt;</a>" in grid  # the row opens it
    assert "0 · absent or misleading" in grid and "draft, not saved: 3 · exemplary" in grid
    assert "reader&#x27;s levels; 1 of 6 confirmed, 1 draft" in grid
    assert "tool&#x27;s suggestions (not checked)" in grid
    for criterion in RUBRIC.criteria:
        assert f">{criterion.title}</th>" in grid and f">{criterion.id}<" not in grid
    progress = at.get("progress")
    assert progress and "Analysed 1 file." in progress[0].proto.text
    assert at.get("vega_lite_chart")  # the stacked bar of levels per question
    assert [b.label for b in at.button if b.key.startswith("cmp_eval_")] == ["Evaluate “a.txt”"]


def test_a_fresh_file_on_the_compare_page_can_be_evaluated():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "compare")
    at.file_uploader(key="cls_cmp_uploads").set_value([("a.txt", REPORT, "text/plain")]).run()
    next(b for b in at.button if b.key.startswith("cmp_eval_")).click().run()
    assert not at.exception
    assert at.title[0].value == "Checklist"


def test_dashboard_explains_agreement_and_why_kappa_is_missing():
    at = dashboard_with_pack()
    files = [
        (f"{n}.json", submission_bytes(n, lvl), "application/json")
        for n, lvl in (("ana", 2), ("ben", 3), ("cai", 0))
    ]
    at.file_uploader(key="cls_dash_subs").set_value(files).run()
    assert not at.exception
    text = shown(at)
    assert re.search(r"Students agree with each other .*\(α = ", text) or (
        "Agreement between students cannot be measured yet" in text
    )
    sources = RUBRIC.criteria[0].title
    assert f"No weighted kappa for {sources}: the key gives each of them a single level" in text
    assert "Weighted kappa against the key is not computed: the key gives the same level" in text
    assert at.get("vega_lite_chart")


def test_make_exercise_key_editor_needs_no_toml():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    goto(at, "make-exercise")
    at.file_uploader(key="cls_make_upload").upload("kirkford.txt", REPORT, "text/plain")
    at.run()
    assert "1 page read. Students read this text in the app" in shown(at)
    first = RUBRIC.criteria[0]
    prefix = f"cls_key_{sha256_of(REPORT)[:12]}_{RUBRIC.id}_{first.id}_"
    at.radio(key=prefix + "level").set_value(2).run()
    errors = [e.value for e in at.error]
    assert any(first.title in e and "write why you expect this level" in e for e in errors)
    assert not at.get("download_button")  # nothing to hand out while the key is wrong
    at.text_area(key=prefix + "why").input("The method names police records.").run()
    at.text_input(key=prefix + "q").input("police records").run()
    assert not at.error
    assert "1 of the rubric's questions are in the key." in shown(at)
    labels = [b.label for b in at.get("download_button")]
    assert "Download the answer key alone (.toml, to reuse)" in labels
    # A screen reader names each field by its label: with two questions open, none said twice.
    second = RUBRIC.criteria[1]
    at.radio(key=prefix.replace(first.id, second.id) + "level").set_value(1).run()
    fields = [*at.radio, *at.number_input, *at.text_area, *at.text_input]
    names = [w.label for w in fields]
    assert sum(second.title in name for name in names) == 5  # level, tolerance, notes, quote, page
    assert len(names) == len(set(names))


def test_a_student_can_read_the_exercise_report_in_the_app():
    """The pack carries the report; opening it stores the text, page by page, for this reader."""
    from evaluator.store import Store, default_db_path, owner_key

    at = open_exercise(pack(blind=True))
    document = Store(default_db_path()).document(
        sha256_of(REPORT), owner_key(at.session_state["owner_token"])
    )
    assert document is not None and len(document.pages) == 1
    assert "police records for 2019 to 2021" in document.pages[0].text


def test_a_pdf_exercise_keeps_its_pdf_and_title_for_the_student():
    """A PDF pack's file is kept with the student's evaluation, so the page viewer can draw its
    pages (not only their text), and the evaluation carries the teacher's title."""
    from evaluator.samples import sample_pdf_path
    from evaluator.store import Store, default_db_path, owner_key

    pdf = sample_pdf_path("kirkford-audit").read_bytes()
    at = open_exercise(
        pack(report=pdf, filename="kirkford.pdf", title="Reading the Kirkford audit")
    )
    owner = owner_key(at.session_state["owner_token"])
    db = Store(default_db_path())
    assert db.document_file(sha256_of(pdf), owner) == pdf
    [row] = db.listing(owner)
    record = db.load(row.id, owner)
    assert record is not None
    assert record.evaluation.document_title == "Reading the Kirkford audit"
