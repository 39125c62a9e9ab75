"""A report that does not read as English gets no suggestion, and says why: the detectors read
English only, so "nothing found" on such a text would be a false "not applicable" or 0."""

from __future__ import annotations

from evaluator.analysis import analyze
from evaluator.ingest import load_bytes
from evaluator.language import MIN_WORDS, other_language, shares
from evaluator.rubrics import default_rubric
from evaluator.samples import sample_ids, sample_pdf_path

GERMAN = (
    "Laut der Polizeilichen Kriminalstatistik waren im Jahr 2023 insgesamt 41 Prozent der "
    "Tatverdächtigen keine deutschen Staatsangehörigen. Die Statistik bezieht sich "
    "ausschließlich auf die Allgemeinkriminalität, also Straftaten ohne politischen "
    "Hintergrund. Ausländerrechtliche Verstöße werden nicht berücksichtigt, weil sie nur von "
    "Ausländern begangen werden können. Als tatverdächtige Zuwanderer gelten Personen, die mit "
    "bestimmten Aufenthaltsanlässen geführt werden, etwa Asylbewerber und Geduldete. Die Zahl "
    "ist gegenüber dem Vorjahr gestiegen, wie das Bundeskriminalamt mitteilte."
)
ENGLISH = (
    "According to the force's records, 41 per cent of the suspects arrested in 2023 were not "
    "British nationals. The figures cover general crime only, and offences that only a foreign "
    "national can commit are left out. The share has risen since the year before, the force "
    "said, and it warned that arrests are not convictions. "
) * 2


def _analysis(text: str):
    return analyze(load_bytes(text.encode(), "report.txt", cache=False), default_rubric())


def test_a_report_in_another_language_gets_no_suggestion_and_a_warning() -> None:
    analysis = _analysis(GERMAN)
    assert {c.status for c in analysis.criteria} == {"no_suggestion"}
    assert all("does not read as English" in c.rationale for c in analysis.criteria)
    assert any("reads as German" in w for w in analysis.document.warnings)
    assert analysis.score.value is None


def test_an_english_report_keeps_its_suggestions() -> None:
    analysis = _analysis(ENGLISH)
    assert any(c.status == "suggested" for c in analysis.criteria)
    assert not any("English" in w for w in analysis.document.warnings)


def test_too_few_words_to_judge_is_left_to_the_detectors() -> None:
    short = " ".join(GERMAN.split()[: MIN_WORDS - 1])
    assert other_language(short) is None
    assert other_language(GERMAN) == "German"
    english = shares(ENGLISH)[0]
    assert english["English"] > 0.2 > max(v for k, v in english.items() if k != "English")


CONTENTS = "\n".join(
    f"{n}. {title} {'.' * 40} {n * 7}"
    for n, title in enumerate(
        [
            "Strategic Goal 1: Protect, Strengthen Equitable Access, High Quality Care",
            "Objective 1.1: Increase Choice, Affordability, Enrollment, Coverage",
            "Objective 1.2: Reduce Costs, Improve Quality, Strengthen Workforce",
            "Strategic Goal 2: Safeguard, Improve National, Global Health Conditions",
            "Objective 2.1: Improve Capacity: Prevent, Detect, Respond",
            "Appendix A: Acronyms, Performance Measures, Program Evaluations, Data Sources",
        ]
        * 4,
        start=1,
    )
)
NAMES = (
    "Acknowledgements\n"
    + (
        "Maria Lopez, Ahmed Khan, Siobhan Kelly, Wei Zhang, Oluwaseun Adeyemi, Tomasz Nowak, "
        "Priya Patel, Jonas Berg, Fatima Hussain, Luca Rossi, "
    )
    * 8
)


def test_an_english_report_opening_with_contents_or_names_keeps_its_suggestions() -> None:
    # A contents list or a list of names has few English function words, but none of another
    # language's either: an English strategic plan opening with its contents was withheld
    # when a low English share alone decided (found in review, session 7).
    for opening in (CONTENTS, NAMES):
        assert shares(opening)[0]["English"] < 0.05  # what alone had withheld them
        assert other_language(opening) is None
        analysis = _analysis(opening + "\n\n" + ENGLISH)
        assert not any("reads as" in w for w in analysis.document.warnings)


def test_every_sample_reads_as_english() -> None:
    for sample in sample_ids():
        document = load_bytes(sample_pdf_path(sample).read_bytes(), "s.pdf")
        assert other_language("\n".join(page.text for page in document.pages)) is None, sample
