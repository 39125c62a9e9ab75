"""Scope: periods, places with containment, scope statements, overlaps, and the suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.checks.common import text_context as _context
from evaluator.checks.scope import detect, periods_in, suggest
from evaluator.errors import InputError
from evaluator.gazetteer import load_gazetteer, overlapping, parse_gazetteer


def _spans(text: str) -> list[tuple[int | None, int | None, str]]:
    return [(p.start, p.end, p.kind) for p in periods_in(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jay found 1,400 victims between 1997 and 2013.", [(1997, 2013, "range")]),
        ("Figures for 2018/19 were lower.", [(2018, 2019, "financial_year")]),
        ("The audit covers 2015/16 to 2022/23, that is,", [(2015, 2023, "financial_year")]),
        ("from 1 April 2015 to 31 March 2023.", [(2015, 2023, "range")]),
        ("Abuse has gone on since the 1980s.", [(1980, None, "since")]),
        ("Of 61 men convicted since 2012, 51 were", [(2012, None, "since")]),
        ("Crime fell in the year ending March 2020.", [(2019, 2020, "year_ending")]),
        ("At the 2021 Census, 9.4% were Asian.", [(2021, 2021, "single_year")]),
        ("in 2022, 83% of suspects were white", [(2022, 2022, "single_year")]),
        ("Operation Larch ran in 2016-2019.", [(2016, 2019, "range")]),
        ("By 31 March 2024, 53 people had been convicted.", [(None, 2024, "range")]),
    ],
)
def test_periods(text, expected):
    assert _spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The inquiry (Jay, 2014) was damning.",  # citation year
        "As Casey (2025) argued, data matter.",  # citation year
        "The 2020 serious case review named four children.",  # dated document
        "The force introduced a new flag in April 2017.",  # dated event, not a window
        "Call 0800 2019 2020 for help.",  # not years at all would need context; none dated
        "The council spent £2019 on it.",
    ],
)
def test_not_periods(text):
    assert periods_in(text) == []


def test_gazetteer_containment():
    g = load_gazetteer()
    assert g.ancestors("Rotherham")[:3] == [
        "South Yorkshire",
        "Yorkshire and the Humber",
        "England",
    ]
    assert "United Kingdom" in g.ancestors("Rotherham")
    assert overlapping("Rotherham", "South Yorkshire", g)
    assert not overlapping("Rotherham", "Leeds", g)
    assert g.canonical("the UK") == "United Kingdom"


def test_gazetteer_errors_are_specific(tmp_path: Path):
    bad = tmp_path / "g.toml"
    bad.write_text('[[place]]\nname = "Town"\nkind = "town"\nwithin = "Nowhere"\n')
    with pytest.raises(InputError, match="Nowhere"):
        parse_gazetteer(bad)
    bad.write_text('[[place]]\nname = "Town"\nkind = "town"\ncolour = "red"\n')
    with pytest.raises(InputError, match="colour"):
        parse_gazetteer(bad)


def test_places_once_each_with_containment_and_traps():
    ctx = _context(
        "In Rotherham, 1,400 children were abused. South Yorkshire Police agreed. "
        "The Bank of England and Operation Leeds are not places here. Rotherham again."
    )
    places = detect(ctx).places
    assert [p.name for p in places] == ["Rotherham", "South Yorkshire"]
    assert places[0].within[0] == "South Yorkshire"
    assert places[0].kind == "town"


def test_places_the_document_names_through_its_institutions():
    ctx = _context(
        "The audit covered the Kirkford division of Wexshire Police. "
        "In Easterby, 7 of the 30 men were drivers."
    )
    places = {p.name: p for p in detect(ctx).places}
    assert set(places) == {"Kirkford", "Wexshire", "Easterby"}
    assert places["Kirkford"].within == ["Wexshire"]


def test_summed_overlapping_places_are_an_overlap():
    ctx = _context(
        "Rotherham recorded 1,400 victims and South Yorkshire 2,100. "
        "Added together, that is 3,500 victims."
    )
    (overlap,) = detect(ctx).scope_overlaps
    assert not overlap.flagged
    assert "Rotherham" in overlap.explanation and "South Yorkshire" in overlap.explanation


def test_summed_counts_from_different_sources_are_an_overlap():
    ctx = _context(
        "The audit found 612 children. Police said 1,900 were at risk. "
        "Operation Larch found another 143.\n\n"
        "Add these together and the total for our county comes to 2,655 children."
    )
    overlaps = detect(ctx).scope_overlaps
    assert [o.flagged for o in overlaps] == [False]


def test_declined_overlap_is_flagged_not_a_fault():
    ctx = _context(
        "Operation Larch identified 143 victims in 2016-2019. All 143 are among the 612 "
        "children counted here and must not be added to them."
    )
    overlaps = detect(ctx).scope_overlaps
    assert [o.flagged for o in overlaps] == [True]
    s = suggest(detect(ctx), ctx)
    assert "flagged and not added" in s.rationale


def test_scope_statements():
    kinds = {
        s.kind
        for s in detect(
            _context(
                "This audit covers the period from 2015 to 2023. Each child is counted once. "
                "We do not scale this figure up to England. Counts are of people, not of crimes. "
                "The force introduced its exploitation flag in April 2017. "
                "The pattern is the same in every town."
            )
        ).scope_statements
    }
    assert kinds == {
        "coverage",
        "deduplication",
        "generalisation_refused",
        "unit",
        "recording_change",
        "national",
    }


def test_suggestion_exemplary_and_poor():
    good = _context(
        "This audit covers Kirkford from 2015/16 to 2022/23. The Kirkford division of Wexshire "
        "Police supplied records on 612 children. We matched records, so each child is counted "
        "once. Counts are "
        "of people, not of crimes. The force introduced its exploitation flag in April 2017. "
        "We do not scale this figure up to England."
    )
    s = suggest(detect(good), good)
    assert s.suggested_level == 3
    poor = _context(
        "In Rotherham 1,400 children were abused and South Yorkshire had 2,100 victims; "
        "altogether that is 3,500. Across the country there are hundreds of thousands."
    )
    s = suggest(detect(poor), poor)
    assert s.suggested_level == 0
    assert any("added together" in e.signal for e in s.evidence)


def test_suggestion_symmetry_for_national_claims():
    # A rebuttal that stretches one county's data to the nation is marked down like a campaign.
    rebuttal = _context(
        "In Wexshire in 2022, 83% of suspects were white. Nationally the figure is even higher. "
        "If Wexshire is typical, there are tens of thousands of white offenders across England."
    )
    campaign = _context(
        "In Wexshire in 2022, 84% of offenders were Asian. The pattern is the same in every "
        "town, and across England there are hundreds of thousands of victims."
    )
    assert suggest(detect(rebuttal), rebuttal).suggested_level == 0
    assert suggest(detect(campaign), campaign).suggested_level == 0


def test_no_figure_at_all_is_not_applicable():
    # The labelling guide's rule: scope is "na" for a text with no figure; dates and places of
    # the document itself (a publication date, a commissioning body's town) are not figures.
    for text in (
        "The meeting agreed the plan.",
        "Published 3 March 2024\n\nThe inquiry was commissioned by Brackenford Borough Council "
        "in October 2023. It will report in 2025.",
    ):
        ctx = _context(text)
        assert suggest(detect(ctx), ctx).status == "not_applicable"


def test_a_table_whose_rows_add_up_to_more_than_the_total_is_a_flagged_overlap():
    text = (
        "Because 9 cases in 2022 were recorded under two headings, the rows add up to more than "
        "the total."
    )
    overlaps = detect(_context(text)).scope_overlaps
    assert [o.flagged for o in overlaps] == [True]
    # Rows that add up to exactly the total are a plain sum, not an overlap being explained.
    assert detect(_context("The rows for 2022 add up to 318 cases.")).scope_overlaps == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Part of the rise is likely to reflect better recording rather than more abuse.",
         "recording_change"),
        ("The fall is partly a recording effect.", "recording_change"),
        ("The rise was driven by improvements in crime recording.", "recording_change"),
        ("These are counts of offences, not of offenders.", "unit"),
        ("We do not compare these rates with other areas, whose practice differs.",
         "generalisation_refused"),
    ],
)  # fmt: skip
def test_scope_statement_cues(sentence, kind):
    kinds = {s.kind for s in detect(_context(sentence)).scope_statements}
    assert kind in kinds
    assert "national" not in kinds


def test_recording_cues_need_the_words_not_just_recording():
    kinds = {s.kind for s in detect(_context("Recording of ethnicity was poor.")).scope_statements}
    assert "recording_change" not in kinds


# --- places that are not places (issue 12, pattern 12) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A reporter's or speaker's surname that is also a place.
        ("As Jane Kent reported, 40 men were charged in Leeds in 2020.", ["Leeds"]),
        ("Dr Derby said 12 patients died.", []),
        ("Anna York writes that 9 pupils left; 30 more left in York.", ["York"]),
        # A newspaper's name.
        ("The Yorkshire Post counted 20 cases last spring.", []),
        ("According to the Oldham Evening Chronicle, 14 shops shut.", []),
        # Fragments of institution names and a group's name.
        ("The Federal Criminal Police Office counted 5,000 suspects in Germany.", ["Germany"]),
        ("The National Black Police Association said 30 officers resigned.", []),
        ("Home Office Police use of force statistics", []),
        # Real places beside people's names and institutions stay places.
        ("Police Scotland recorded 200 incidents; West Yorkshire recorded 30.",
         ["Scotland", "West Yorkshire"]),
        ("The Wexshire Police gave figures for 2021.", ["Wexshire"]),
        ("Since Leeds found 40 cases in 2020, the council has acted.", ["Leeds"]),
    ],
)  # fmt: skip
def test_names_that_are_not_places(text, expected):
    assert [p.name for p in detect(_context(text)).places] == expected


def test_other_countries_are_national_places():
    places = detect(_context("In Ruritania's neighbour Sweden, 58% of suspects in 2017 were men."))
    assert [(p.name, p.kind) for p in places.places] == [("Sweden", "state")]


# --- figures: is each one placed and dated? --------------------------------------------------


def _figures(*pages: str):
    return detect(_context(*pages)).scope_figures


@pytest.mark.parametrize(
    "text",
    [
        "Officers in Brackenford recorded 1,180 incidents in 2022.",
        "Two in five of those stopped in Northdale in 2021 were under 25.",
        "In 2023, 34% of tenants in Wexshire were over 60.",
        "Black residents of Kirkford were searched at 2.5 times the rate of white residents in "
        "2022.",
    ],
)
def test_a_figure_with_its_own_period_and_area(text):
    (figure,) = _figures(text)
    assert figure.dated and figure.placed


@pytest.mark.parametrize(
    "text",
    [
        "Contents ...... 4\nMethod ...... 12",  # a contents list
        "Published 4 May 2024",  # a publication line
        "A group is defined as two or more people acting together.",  # a definition
        "We interviewed 120 people in Brackenford in 2023.",  # the work's own evidence base
        "The council spent £2,400 on the survey.",  # money
        "2.3 Findings for the region",  # a section number
        "Brackenford Fair Count - page 2 of 3",  # a running footer left in the text
        # round 2: contents runs, identifiers, page furniture, a document's own "majority"
        "1 Summary 3 1.1 Background 4 1.2 Victims per 1,000 residents 6 2.1 Suspects 9",
        "The House has considered e-petitions 412007 and 415532 on school transport.",
        "8 min readMar 3, 2021",
        "Northdale Review of Housing Volume 7, Number 3, 2019",
        "The majority of the bulletin is based on a wider collection.",
    ],
)
def test_numbers_that_are_not_figures(text):
    assert _figures(text) == []


def test_period_and_area_carry_from_the_title_and_the_paragraph():
    figures = _figures(
        "Hate crime in Brackenford, 2022/23\n\n"
        "Police recorded 412 offences. Of these, 61% were racially aggravated.\n\n"
        "A further 37 incidents were recorded as online abuse."
    )
    assert [(f.dated, f.placed) for f in figures] == [(True, True)] * 3


def test_a_relative_time_or_a_projection_is_not_a_period():
    figures = _figures(
        "Northdale, 2019 to 2023\n\n"
        "In 2023 the county recorded 510 robberies. A decade ago the figure was 230 robberies. "
        "With current trends the total could rise to 900 robberies."
    )
    assert [f.dated for f in figures] == [True, False, False]


def test_publication_dates_do_not_date_figures():
    figures = _figures(
        "The charity published its report in March 2024.\n\n"
        "It found that most of the 300 families in Brackenford had waited over a year."
    )
    assert [(f.dated, f.placed) for f in figures] == [(False, True)]


def test_a_machine_timestamp_dates_the_page_not_its_figures():
    # A web page's stamp ("date 2025-01-02") opened the text and was carried, as the lead's
    # period, to every figure below it.
    figures = _figures(
        "date 2025-01-02 The claim that a quarter of a million girls in Brackenford were "
        "abused has spread widely.\n\nWhere does the 250,000 figure come from?"
    )
    assert [f.dated for f in figures] == [False, False]
    from evaluator.checks.scope import has_date

    assert not has_date("Posted 2008-05-02 01:00:00 by the editor: 40% of tenants waited.")
    # a post's timestamp line is a dateline, as speech reads it too (wording.DATELINE)
    assert not has_date("July 18, 2025 at 12:01 PM")
    assert has_date("From 2008 to 2012, 40% of tenants waited.")


def test_a_headline_figure_takes_the_period_its_body_gives():
    figures = _figures(
        "Ruritanian nationals were 12% of prisoners\n\n"
        "In June 2024, 12% of prisoners in England and Wales were Ruritanian nationals."
    )
    assert all(f.dated and f.placed for f in figures)


def test_every_figure_placed_and_dated_is_level_2_and_some_is_level_1():
    good = _context(
        "Stop and search in Kirkford, 2022/23\n\n"
        "Officers made 1,250 searches in the year. Of those searched, 400 were Black, 32% of "
        "the total. Black residents are 9% of Kirkford's population (2021 Census)."
    )
    assert suggest(detect(good), good).suggested_level == 2
    patchy = _context(
        "Stop and search in Kirkford, 2022/23\n\n"
        "Officers made 1,250 searches in the year.\n\n"
        "Searches\n\n"
        "Black people are searched at six times the rate of white people. Most searches find "
        "nothing, and 72% of those searched recently were under 30."
    )
    assert suggest(detect(patchy), patchy).suggested_level == 1


def test_nationwide_on_a_national_collection_is_not_a_leap():
    # A figure from a national inquiry, beside a local example, is not local data made national.
    ctx = _context(
        "A nationwide inquiry found 2,409 children were victims between 2010 and 2011 in "
        "England. In Brackenford, 40 children were referred in 2011. Nationally, referrals rose "
        "by 12% across the country over the same period."
    )
    findings = detect(ctx)
    assert "national" not in {s.kind for s in findings.scope_statements if "inquiry" in s.sentence}
    assert suggest(findings, ctx).suggested_level >= 1


def test_an_area_referred_back_to_places_a_figure():
    figures = _figures(
        "We collected court reports from three counties (Northdale, Easterby and Westmoor) "
        "between 2015 and 2020.\n\n"
        "Results\n\n"
        "Across the three counties, 212 men were convicted. Of these, 31% were under 25."
    )
    assert [(f.dated, f.placed) for f in figures] == [(True, True), (True, True)]


def test_a_table_row_of_numbers_under_a_heading_is_a_figure():
    (row,) = _figures("Admissions by group in Wexshire\n\n2019-20 870 365 182 50 91")
    assert row.dated


def test_highest_since_a_year_does_not_date_the_figure():
    (figure,) = _figures(
        "Recent figures show 1 in 6 tenants in Wexshire are in arrears, the highest since 2009."
    )
    assert not figure.dated


def test_a_us_state_places_a_figure():
    (figure,) = _figures("In Ohio, 2,300 people were arrested for the offence in 2019.")
    assert figure.placed and figure.dated
    assert load_gazetteer().ancestors("Ohio") == ["United States"]


def test_a_contents_list_alone_is_not_applicable():
    context = _context(
        "Annual Crime Report 2019\nContents\n"
        "1 Summary 3 1.1 Background 4 1.2 Victims per 100,000 residents 6 2.1 Suspects 9\n"
        "Towns of 100,000 people or more 12"
    )
    assert suggest(detect(context), context).status == "not_applicable"


def test_last_year_dates_a_figure_but_recently_does_not():
    (dated,) = _figures("The minister said 30% of burglaries in Wexshire last year went unsolved.")
    assert dated.dated
    (vague,) = _figures("Recently 30% of burglaries in Wexshire went unsolved.")
    assert not vague.dated


def test_a_place_later_in_the_paragraph_places_its_figures():
    (figure,) = _figures(
        "Recorded burglaries rose by 12 percent to 40,000. Such numbers worry people in Wexshire."
    )
    assert figure.placed


def test_figures_with_no_period_or_place_are_level_0_whatever_dates_sit_elsewhere():
    context = _context(
        "The myth of the 70 percent\n\n"
        "Jane Doe wrote about the claim in 2019 and again in 2021, in the UK press.",
    )
    findings = detect(context)
    assert all(not (f.dated or f.placed) for f in findings.scope_figures)
    assert suggest(findings, context).suggested_level == 0


def test_a_figure_in_unnamed_areas_is_not_placed_by_the_wider_area():
    first, second = _figures(
        "Arrests in Wexshire in 2022\n\n"
        "Officers made 4,100 arrests. In some force areas, the rate per 1,000 people was higher."
    )
    assert first.placed and not second.placed


def test_the_date_of_a_snapshot_count_is_a_period_with_or_without_a_comma():
    assert _spans("At 30 June, 2016:") == [(2016, 2016, "single_year")]
    assert _spans("As of 31 March 2023 there were 812 tenants.") == [(2023, 2023, "single_year")]
    # A dated event is not a window.
    assert _spans("The report came out in April 2017.") == []


def test_a_category_number_is_not_a_figure():
    from evaluator.checks.scope import figures_in

    assert figures_in("The guidance defines Type 1 and Type 2 offences differently.") == []
    assert figures_in("The guidance covers 12 offences.") != []


def test_getting_an_interview_is_not_the_works_own_interviews():
    from evaluator.checks.scope import figures_in

    assert figures_in("Applicants had to send twice as many letters to get an interview.")
    assert figures_in("We interviewed 40 tenants in 2022.") == []


def _scope_level(text: str):
    context = _context(text)
    return suggest(detect(context), context).suggested_level


def test_one_country_named_beside_a_figure_places_every_figure_of_a_national_release():
    text = (
        "In the year to 31 March 2021, forces made 412,880 searches, 4% more than the year "
        "before.\n\nArrests after a search rose by 7% in 2020/21.\n\n"
        "Police in England and Wales carried out 3,910 searches under section 60 in 2020/21."
    )
    assert _scope_level(text) == 2


def test_a_country_named_only_in_passing_places_no_figure():
    text = (
        "A study says 84% of those convicted since 2005 were men.\n\n"
        "It was written by researchers at a UK think tank."
    )
    context = _context(text)
    figures = detect(context).scope_figures
    assert figures and not all(f.placed for f in figures)


def test_a_share_classified_as_a_group_is_a_figure_not_a_definition():
    from evaluator.checks.scope import figures_in

    found = figures_in("Of 900 tenants, 40 per cent were defined as Polish and 12% as Irish.")
    assert found
    assert figures_in("A tenant is defined as anyone paying rent for 12 weeks.") == []


def test_the_year_of_a_study_that_found_something_does_not_date_its_figures():
    from evaluator.checks.scope import has_date

    assert not has_date("A council study in 2019 found that 40 per cent were in arrears.")
    assert has_date("In 2019 the council found that 40 per cent were in arrears.")
    assert has_date("A survey of 400 tenants in 2019 found 30% in arrears.")


def test_a_snapshot_dated_by_its_month_is_a_period_that_carries_to_its_table():
    # Found on holdout-13 (session 10): a written answer's table of prisoners by nationality.
    assert _spans("Information as at the end of February 2007 on prisoners is below.") == [
        (2007, 2007, "single_year")
    ]
    assert _spans("The population as of March 2021 was recorded.") == [(2021, 2021, "single_year")]
    # A dated event is still not a window, "at the end of" a month included.
    assert _spans("The review was announced in April 2017.") == []
    assert _spans("The minister resigned at the end of March 2020.") == []
    text = (
        "Information as at the end of February 2007 on the numbers of prisoners by recorded "
        "nationality in all prison establishments in England and Wales is given in the "
        "following table.\n\nTotal prison population | 79,581 |\n\nAlbania | 135 |\n"
    )
    assert suggest(detect(_context(text)), _context(text)).suggested_level == 2


def test_a_comparison_with_no_number_is_a_figure_to_place_and_date():
    # Statistical claims readers rated though no number is printed (session 11).
    for text in (
        "In 2015 minority ethnic people in Brackenford remained more likely to be unemployed.",
        "Offenders in these cases were most commonly Ruritanian.",
        "The gap between Ruritanian and Northdalian people's life expectancy narrowed in 2014.",
        "Most child sexual abuse is committed by someone known to the victim.",
    ):
        assert suggest(detect(_context(text)), _context(text)).status == "suggested", text
    # A supposition or a text with no statistical claim still leaves scope not applicable.
    for text in (
        "If some trials were more likely to be reported, the press sample would be biased.",
        "The council met on Tuesday to discuss the library's opening hours.",
    ):
        assert suggest(detect(_context(text)), _context(text)).status == "not_applicable", text


@pytest.mark.parametrize(
    ("body", "country"),
    [
        ("the FBI", "United States"),
        ("the PSNI", "Northern Ireland"),
        ("An Garda Síochána", "Ireland"),
        ("the Welsh Government", "Wales"),
        ("TurkStat", "Turkey"),
        ("the Palestinian Central Bureau of Statistics", "Palestinian territories"),
    ],
)
def test_a_national_agencys_figures_are_placed_but_the_agency_is_no_place(body, country):
    # Holdout readers (session 12): "the area is the national survey", "(PSNI)"; the tool left
    # such figures unplaced and stopped at scope 1.
    assert load_gazetteer().bodies[body.removeprefix("the ")] == country
    text = f"In 2018, 896 anti-Jewish offences were reported to {body}, up 4% on 2017."
    found = detect(_context(text))
    assert found.scope_figures and all(f.placed for f in found.scope_figures)
    assert not found.places
    bare = "In 2018, 896 anti-Jewish offences were reported, up 4% on 2017."
    assert not any(f.placed for f in detect(_context(bare)).scope_figures)


def test_a_body_listed_twice_in_the_gazetteer_is_an_error(tmp_path: Path):
    bad = tmp_path / "g.toml"
    bad.write_text(
        '[[place]]\nname = "Aland"\nkind = "state"\nbodies = ["Stats Office"]\n\n'
        '[[place]]\nname = "Bland"\nkind = "state"\nbodies = ["Stats Office"]\n'
    )
    with pytest.raises(InputError, match="Stats Office"):
        parse_gazetteer(bad)


def test_a_national_body_beside_a_local_place_does_not_make_a_local_claim_national():
    # Review of session 13: "passed to the Crown Prosecution Service" made Kirkford's figures
    # national data, which excused the leap to "nationally".
    text = (
        "In 2022, Kirkford Police recorded 312 offences in Kirkford. In 2022, 40 of the Kirkford "
        "cases were passed to the Crown Prosecution Service. Nationally, most offenders are "
        "Ruritanian men."
    )
    ctx = _context(text)
    assert suggest(detect(ctx), ctx).suggested_level == 1


def test_a_body_named_like_a_place_is_an_error(tmp_path: Path):
    bad = tmp_path / "g.toml"
    bad.write_text('[[place]]\nname = "Aland"\nkind = "state"\nbodies = ["Aland"]\n')
    with pytest.raises(InputError, match="also a place name"):
        parse_gazetteer(bad)


def test_added_to_a_roll_or_a_list_is_not_a_sum_of_figures():
    """ "a case is ... added to the annuity roll" after two counts was read as counts from two
    sources added together, which took a 106-page report's scope to 0 (holdout-24)."""
    text = (
        "In FY 2022 OPM received 105,000 retirement claims and processed 98,000 of them.\n\n"
        "Even after a case is adjudicated and added to the annuity roll, OPM continues to serve "
        "2,500,000 annuitants."
    )
    assert detect(_context(text)).scope_overlaps == []
    summed = (
        "Rotherham recorded 1,400 victims in 2013.\n\n"
        "South Yorkshire recorded 2,100 victims in 2013, which we added to the 1,400."
    )
    assert detect(_context(summed)).scope_overlaps
