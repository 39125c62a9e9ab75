"""Sources and sampling: kinds of source, methods, selection rules, completeness claims."""

from __future__ import annotations

import pytest

from evaluator.checks.common import text_context as _context
from evaluator.checks.sources import detect, suggest


def _kinds(text: str) -> set[str]:
    return {f.kind for f in detect(_context(text)).sources}


def test_kinds_of_source_across_topics():
    assert "police_records" in _kinds("Figures come from the Police National Computer.")
    assert "court_records" in _kinds("We read the sentencing remarks in every case.")
    assert "foi" in _kinds("We sent Freedom of Information requests to all 43 forces.")
    assert "interviews" in _kinds("We interviewed 46 survivors and 12 social workers.")
    assert "official_statistics" in _kinds("Population figures are from the 2021 Census.")
    assert "case_files" in _kinds("Auditors read 300 patient records at two hospitals.")
    assert "anonymous_submissions" in _kinds("Most accounts were anonymous submissions online.")


def test_departments_and_bureaus_outside_the_uk_name_official_data():
    # Found on holdout-10 (session 9): only UK departments were known.
    named = "This brief uses Ruritanian Department of Public Safety data to measure arrest rates."
    assert "official_statistics" in _kinds(named)
    assert "official_statistics" in _kinds("According to Bureau of Justice Statistics figures, ")
    assert "official_statistics" in _kinds("CDC data show that death rates rose in 2020.")
    # A department's people speaking about data, or a department doing something with data,
    # is not the data named (found in review).
    for text in (
        "Department of Justice officials said the data were wrong.",
        "The Department for Education collected data on exclusions.",
        "The Department of Health withheld the data until 2021.",
        "The Department of Education has no data on exclusions by ethnicity.",
    ):
        assert "official_statistics" not in _kinds(text), text


def test_owners_named_in_other_ways_are_named_bodies():
    # Found on holdout-10 (session 9), where the readers gave 1 and the tool 0.
    for text in (
        "Northdale University has done a study of 40,000 traffic stops.",
        "A new paper authored by Amira Hale finds that median pay is 12% lower.",
        "The report, chaired by Tom Vell, examines 30 years of referrals in Brackenford.",
        "It follows Operation Larch, the largest investigation in the force's history.",
        "In 2015 the Northdale Gazette launched a database to record every arrest.",
        "The Northdale Gazette launched a tracker of every arrest.",
        "It is the first time the government's figures have included ethnicity.",
    ):
        assert "named_body" in _kinds(text), text
    for text in (
        "Critics have done a study of nothing in particular.",
        "We launched a database of cases in 2015.",
        "Nobody has done a study of how many of these cases reach court.",
        "Volunteers launched a database of every reported attack.",
        "The review, led by staff in January, is summarised below.",
    ):
        assert "named_body" not in _kinds(text), text


def test_a_body_whose_name_holds_of_the_is_named():
    # Found on holdout-17 (session 17): "Data from the Ministry of the Interior show that"
    # read as "Ministry" alone, one word at the sentence's start, and so as no owner.
    for text in (
        "Data from the Ministry of the Interior show that 40% of suspects were under 25.",
        "The Office of the Northdale Commissioner found that 2,409 children were victims.",
        "Figures from the Department of the Environment show a rise of 12%.",
    ):
        assert "named_body" in _kinds(text), text
    assert "named_body" not in _kinds("Data from the start of the year show a rise of 12%.")


def test_the_recorder_named_after_the_figure_is_a_source():
    # Found on the development sets (session 10): an official bulletin and a news report on one
    # were given 0, "no sentence naming a dataset".
    for text in (
        "In 2013, 424,800 offences were recorded by the police in the whole country.",
        "Incidents reported to the Police Service of Northern Ireland (PSNI) rose to 1,411.",
        "Crimes logged by Northdale Constabulary rose by 8% in 2022.",
    ):
        assert "police_records" in _kinds(text), text
    assert "named_body" in _kinds("The data is produced by the PSNI on a quarterly basis.")
    assert "named_body" in _kinds("The statistics are collected by Northdale Trust each year.")
    # A reporting rate, one victim's report, or a publication that reports a figure is no
    # police record (found in review).
    for text in (
        "Only 40% of hate crimes are reported to the police, so the true number is far higher.",
        "Victims told us the abuse was reported to the police but nothing happened.",
        "The figure was reported by The Police Oracle.",
        "The chief constable reported to the Northdale Board in May.",
    ):
        assert "police_records" not in _kinds(text), text
    assert "named_body" not in _kinds("The data is produced by hand on a quarterly basis.")


def test_a_count_said_to_be_a_fraction_of_the_full_picture_is_a_limit():
    text = "The inquiry found 2,000 victims but said that was only part of the full picture."
    assert "limitation" in _kinds(text)
    assert "completeness_claim" not in _kinds(text)
    assert "completeness_claim" in _kinds("Our audit gives the full picture of abuse in the town.")
    whole = "These sources form an essential part of the full picture; our audit is comprehensive."
    assert "completeness_claim" in _kinds(whole)


def test_survey_sample_size_and_response_rate():
    (survey,) = [
        f
        for f in detect(
            _context("The staff survey had 1,150 respondents, a response rate of 38%.")
        ).sources
        if f.kind == "survey"
    ]
    assert survey.sample_size == 1150
    assert survey.response_rate == 38.0


def test_press_reports_are_vague_unless_the_search_is_described():
    vague = detect(_context("Our figures come from media reports.")).sources
    assert [(f.kind, f.vague) for f in vague] == [("media_reports", True)]
    searched = detect(
        _context("We searched Nexis for news reports from 2005 to 2017 using the search terms.")
    ).sources
    assert ("media_reports", False) in [(f.kind, f.vague) for f in searched]


def test_negated_source_is_not_a_source():
    assert "media_reports" not in _kinds(
        "We did not infer ethnicity from names, photographs or press reports."
    )
    assert "interviews" not in _kinds("Many suspects were never arrested or interviewed.")


def test_methods_heading_and_not_a_sentence_that_mentions_method():
    assert "methods_section" in _kinds("2. Data and method\nThe audit drew on three datasets.")
    assert "methods_section" not in _kinds(
        "The method assumes that appearing on one list is independent."
    )


def test_completeness_claims_supported_or_not():
    bare = detect(_context("Our comprehensive research proves the pattern beyond doubt.")).sources
    claims = [f for f in bare if f.kind == "completeness_claim"]
    assert claims and claims[0].supported is False
    backed = detect(
        _context(
            "2. Methods\nCases were included if a conviction was recorded. "
            "This is a comprehensive list of convictions in the county."
        )
    ).sources
    assert [f.supported for f in backed if f.kind == "completeness_claim"] == [True]


def test_denied_or_quoted_completeness_is_not_a_claim():
    kinds = _kinds("The data are not comprehensive and give no full picture of offending.")
    assert "completeness_claim" not in kinds and "limitation" in kinds
    assert "completeness_claim" not in _kinds(
        "The think tank claimed its list was comprehensive, but it named no database."
    )


def test_a_comparison_or_a_sources_complete_years_is_not_a_completeness_claim():
    # Found on holdout-13 (session 10): two critiques naming the FBI's tables fell to 0.
    for text in (
        "For the most recent comprehensive reporting years, the Bureau's data show 52% of arrests.",
        "Together the two programmes give a more comprehensive panorama than either alone.",
    ):
        assert "completeness_claim" not in _kinds(text), text
    assert "completeness_claim" in _kinds("Ours is the most comprehensive study of the 2020 data.")
    assert "completeness_claim" in _kinds(
        "Our audit is far more comprehensive than anything the Home Office has published."
    )


def test_suggestion_levels_follow_the_rubric():
    vague = _context(
        "Our research shows that 84% of offenders were Asian. The data are irrefutable."
    )
    s = suggest(detect(vague), vague)
    assert s.suggested_level == 0
    assert "completeness claim" in s.rationale

    named_only = _context("Figures are from police records. 40% of suspects were aged under 25.")
    assert suggest(detect(named_only), named_only).suggested_level == 1

    full = _context(
        "2. Data and method\nWe used police records and court records for 2015 to 2023. "
        "Cases were included if a child was named; we searched every file flagged as CSE. "
        "Screened out: 1,004 records. Records kept: 1,126. "
        "The figures are incomplete: children who never came to notice are missing. "
        "The case list can be inspected on request."
    )
    s = suggest(detect(full), full)
    assert s.suggested_level == 3
    assert all(e.quote in full.document.pages[0].text for e in s.evidence)


def test_symmetry_vague_rebuttal_is_marked_down_like_vague_campaign():
    rebuttal = _context("It is well known that most offenders are white, as studies show.")
    s = suggest(detect(rebuttal), rebuttal)
    assert s.suggested_level == 0


def test_no_figure_at_all_is_not_applicable_even_with_a_method():
    for text in (
        "The meeting agreed the plan.",
        "The review will read the minutes of every board meeting and interview staff.",
    ):
        ctx = _context(text)
        s = suggest(detect(ctx), ctx)
        assert s.status == "not_applicable" and s.suggested_level is None, text
    # A share word is a figure: the question applies.
    ctx = _context("The great majority of the callers were pensioners.")
    assert suggest(detect(ctx), ctx).status == "suggested"


def test_ordinary_words_are_not_sources():
    assert "interviews" not in _kinds("Staff who left gave exit interviews to the HR team.")
    assert "interviews" not in _kinds("The mayor said in an interview that 300 homes were empty.")
    assert "interviews" in _kinds(
        "Researchers conducted 28 semi-structured interviews with nurses."
    )
    kinds = _kinds(
        "There is no doubt that far more people go hungry than official figures suggest."
    )
    assert not kinds & {"completeness_claim", "official_statistics", "vague_source"}, kinds


def test_prison_and_police_data_are_not_court_records():
    kinds = _kinds("Ministry of Justice figures show 9,100 foreign nationals in prison in June.")
    assert "court_records" not in kinds and "official_statistics" in kinds
    kinds = _kinds("According to prison service figures, 640 inmates had no recorded nationality.")
    assert "prison_records" in kinds and "court_records" not in kinds
    assert "court_records" in _kinds("We read the court registers for every trial in 2021.")


def test_method_statements_that_are_not_selection_phrases():
    assert "sampling_frame" in _kinds(
        "Three health boards were selected because they kept complete discharge records."
    )
    assert "sampling_frame" in _kinds(
        "We searched newspaper archives for every story naming the mill."
    )
    assert "data_request" in _kinds(
        "We asked every fire service in the region for call-outs in 2019, 2020 and 2021."
    )
    assert "data_request" in _kinds(
        "The agency requested data on missing pupils since 1 March 2015 from all local authorities."
    )
    assert "sampling_frame" in _kinds(
        "The study relates only to people registered as living in the country during the period."
    )


def test_named_dataset_with_its_period_and_a_limit_reaches_two():
    ctx = _context(
        "The figures are from the Northdale Household Panel Survey 2014 to 2020, fieldwork each "
        "spring. Median rent was 31% of income for tenants. Answering the income question is "
        "voluntary, and 12% of households chose not to answer it."
    )
    findings = detect(ctx)
    assert {"survey", "coverage", "limitation"} <= {f.kind for f in findings.sources}
    s = suggest(findings, ctx)
    assert s.suggested_level == 2 and "with a period" in s.rationale
    # The same dataset and period with no limit admitted stays at 1.
    bare = _context(
        "The figures are from the Northdale Household Panel Survey 2014 to 2020. "
        "Median rent was 31% of income for tenants."
    )
    assert suggest(detect(bare), bare).suggested_level == 1


def test_a_request_to_every_body_with_a_gap_admitted_reaches_two():
    ctx = _context(
        "We asked all 14 ambulance trusts for response times in 2021, 2022 and 2023; 11 replied. "
        "Trusts that did not reply are missing from the totals, so 62% of calls is a partial "
        "figure."
    )
    s = suggest(detect(ctx), ctx)
    assert s.suggested_level == 2, s.rationale


def test_named_body_alone_earns_one():
    for text in (
        "According to the Brackenford Housing Trust, 412 families were evicted last year.",
        "An independent review found that 1,200 patients waited more than a year.",
        "The Northdale Institute report found that 40% of drivers had no licence.",
    ):
        ctx = _context(text)
        assert suggest(detect(ctx), ctx).suggested_level == 1, text


def test_a_critique_that_names_the_report_and_gives_reasons_reaches_two():
    ctx = _context(
        "The campaign's claim that 70% of burglars were foreign nationals came from the "
        "Ruritania Watch group's own count of local news stories, and it cannot be reproduced. "
        "That count included only cases that reached the press, so it is not representative of "
        "burglary as a whole."
    )
    findings = detect(ctx)
    kinds = {f.kind for f in findings.sources}
    assert "traced" in kinds and "limitation" in kinds, kinds
    assert suggest(findings, ctx).suggested_level == 2


def test_contents_list_is_not_a_method():
    ctx = _context(
        "Contents\n1. Summary\n2. Data sources and quality\n3. Findings\n"
        "In 2022 the clinic saw 4,300 patients, 12% more than in 2021."
    )
    kinds = [f.kind for f in detect(ctx).sources]
    assert "methods_section" not in kinds and "methods_reference" in kinds
    assert suggest(detect(ctx), ctx).suggested_level == 0


def test_owner_less_figures_are_vague_wherever_they_sit():
    assert "vague_source" in _kinds("Just last week, figures show that 30% of shops closed.")
    assert "vague_source" in _kinds("Recent statistics showing one in six flats are empty.")


def test_inclusion_rule_with_a_recording_window_and_an_admitted_undercount():
    assert "sampling_frame" in _kinds(
        "The figures include every crime recorded in 2019/20 to 2023/24 that carried a "
        "hate-crime flag on 30 April of the following year."
    )
    assert "sampling_frame" not in _kinds("Every crime recorded in 2023 was serious.")
    assert "limitation" in _kinds("The published counts are therefore likely to be too low.")
    assert "limitation" not in _kinds("The published counts are too low to matter here.")


def test_contents_run_together_or_with_page_numbers_is_not_a_selection_rule():
    for text in (
        "Contents 1 Summary 3 2 Inclusion criteria 5 3 Findings 9",
        "Inclusion criteria ........ 5",
    ):
        kinds = _kinds(text)
        assert "sampling_frame" not in kinds and "methods_reference" in kinds, (text, kinds)


def test_numbers_in_ordinary_prose_make_the_question_apply():
    for text in (
        "Forty-two men were charged after the raids.",
        "28 of the region's 32 councils kept no list.",
        "Most residents of the estate rent their homes.",
        "Asian | 512 | 3.1 |",
    ):
        ctx = _context(text)
        assert suggest(detect(ctx), ctx).status == "suggested", text
    # Counts of what a study read or heard describe its method, not the world.
    ctx = _context("The panel heard from over a hundred witnesses and read 3,000 letters.")
    assert suggest(detect(ctx), ctx).status == "not_applicable"


def test_group_names_are_not_sources():
    for text in (
        "Compared with White British figures, 12% more were stopped.",
        "Black Caribbean pupils recorded 40% lower scores.",
        "British Pakistani families reported 30% more overcrowding.",
    ):
        kinds = _kinds(text)
        assert "named_body" not in kinds, (text, kinds)


def test_a_rebuttal_with_its_own_sourced_figures_scores_the_same_for_either_side():
    template = (
        "The Northfield Institute claims that 90% of burglars were {a} nationals, but gives no "
        "source and no dates. Police figures for 2020 to 2023 record nationality for 301 "
        "burglary arrests; {b}% were {a} nationals. Nationality was missing for 40 arrests."
    )
    levels = set()
    for a, b in (("Ruritanian", 29), ("British", 71)):
        ctx = _context(template.format(a=a, b=b))
        levels.add(suggest(detect(ctx), ctx).suggested_level)
    assert levels == {2}
    # A bare denial names nothing and gives no reason.
    bare = _context("It is a myth that 90% of burglars were Ruritanian nationals. That is false.")
    assert suggest(detect(bare), bare).suggested_level == 0
    # Naming who made the claim is attribution: 1.
    named = _context("The Northfield Institute said 90% of burglars were Ruritanian nationals.")
    assert suggest(detect(named), named).suggested_level == 1


def test_official_figures_named_later_and_an_exclusion_admitted():
    ctx = _context(
        "Older drivers are twice as likely to be stopped, official figures show. "
        "The Department for Transport statistics, covering the year to June 2022, exclude those "
        "from the largest force, which reports separately."
    )
    findings = detect(ctx)
    kinds = {f.kind for f in findings.sources}
    assert "vague_source" not in kinds and "limitation" in kinds, kinds
    assert suggest(findings, ctx).suggested_level == 2
    # With no official source named anywhere, the pointer stays vague.
    assert "vague_source" in _kinds(
        "Older drivers are twice as likely to be stopped, official figures show."
    )


# --- round 2: general readings found on the real documents (invented sentences) --------------


def test_data_named_by_its_provider_or_system():
    assert "dataset" in _kinds("Based on data supplied by Welsh health boards about admissions.")
    assert "dataset" in _kinds("These figures have been drawn from the Northdale Registry.")
    assert "case_files" in _kinds("The counts come from administrative IT systems.")
    assert "police_records" in _kinds("We use arrest records from the county sheriff.")
    assert "police_records" not in _kinds("Councils should publish arrest data every year.")


def test_named_paper_and_published_series_and_report_published_today_by():
    assert "named_body" in _kinds("A Treasury paper on school meals has concluded otherwise.")
    assert "named_body" in _kinds(
        "The Equality Unit's Outcomes by group website shows data on housing and jobs."
    )
    assert "named_body" in _kinds(
        "The report published today by the Office of the Rail Regulator says 40% were late."
    )


def test_limits_stated_in_other_words():
    for text in (
        "The returns do not represent all searches made by the forces.",
        "The figures are subject to possible errors with data entry.",
        "A single national ratio could be misleading.",
        "Some people do not state their religion on the form.",
        "For years we lacked reliable counts of seasonal workers.",
    ):
        assert "limitation" in _kinds(text), text


def test_what_a_total_covers_and_where_it_is_published():
    assert "measure_defined" in _kinds("The total includes patients treated in day clinics.")
    assert "data_access" in _kinds("This information is published at the ministry's website.")


def test_period_given_beside_the_named_source_carries():
    text = (
        "At the end of May 2019 there were 2,400 tenants in arrears in the borough. "
        "These figures come from the housing department's rent records."
    )
    assert "coverage" in _kinds(text)
    assert "coverage" not in _kinds(
        "There were 2,400 tenants in arrears. These figures come from the housing department."
    )


def test_table_rows_without_rules_are_figures_and_contents_runs_are_not():
    table = "Admissions by group\nYear North South East\n2019-20 870 365 182\n2020-21 912 401 190"
    assert "figure" in _kinds(table)
    contents = (
        "1 Summary 3 1.1 Background 4 1.2 Coverage 5 2.1 Victims per 100,000 people 9 "
        "2.2 Suspects 11"
    )
    assert "figure" not in _kinds(contents)


def test_majority_of_a_document_is_not_a_share():
    assert "figure" not in _kinds("The majority of the report is based on a wider collection.")


def test_boast_beside_admitted_limits_keeps_a_named_source_at_one():
    from evaluator.checks.common import text_context

    text = (
        "We use comprehensive arrest records from the Northdale constabulary. "
        "Of those arrested, 12% were under 18. "
        "Records are incomplete for the smaller stations."
    )
    context = text_context(text)
    assert suggest(detect(context), context).suggested_level >= 1


def test_a_source_named_in_the_lead_carries_to_the_dated_figures_beneath():
    text = (
        "Here we look at the latest numbers, based on data published by the Transport Office.\n\n"
        "In the year ending June 2022, 14% of buses ran late in Wexshire."
    )
    assert "coverage" in _kinds(text)


def test_a_source_split_across_a_layout_break_is_read_whole():
    text = (
        "This paper describes tenancy arrears in 2019 and 2020. Based on data provided by\n\n"
        "Welsh housing associations about tenants in arrears, it reports 12% were behind."
    )
    assert "dataset" in _kinds(text)


def test_a_source_after_the_headline_figure_still_leads():
    text = (
        "About one in five buses in Wexshire ran late.\n\n"
        "Here we look at the trend, based on data published by the Transport Office.\n\n"
        "In the year ending June 2022, 14% of buses ran late."
    )
    assert "coverage" in _kinds(text)


def test_limits_in_contractions_and_failures_to_identify():
    assert "limitation" in _kinds("The survey doesn't include online fraud.")
    assert "limitation" in _kinds("Many councils are failing to identify young carers.")


def test_a_source_line_under_a_table_carries_its_dated_figures():
    text = (
        "Of council tenants in Wexshire, 12% were in arrears in 2021.\n\n"
        "Source: Housing Office statistics."
    )
    assert "coverage" in _kinds(text)


def test_a_text_describing_its_data_without_printing_a_number_is_rated():
    from evaluator.checks.common import text_context

    described = (
        "This note sets out estimates of tenants by age for Wexshire for 2018, combining the "
        "Housing Survey and census data. They are based upon a pooled dataset covering 2016 to "
        "2018. Several districts did not have a sufficient number of survey contacts to produce "
        "robust estimates."
    )
    context = text_context(described)
    assert suggest(detect(context), context).status == "suggested"
    bare = "This note explains how the Housing Survey asks its questions."
    context = text_context(bare)
    assert suggest(detect(context), context).status == "not_applicable"


def test_a_month_is_not_a_named_body():
    assert "named_body" not in _kinds("The review was commissioned by the council in October 2013.")


def test_numbers_from_a_named_body_and_a_source_line_name_a_source():
    for text in (
        "Quoting numbers from the Interior Ministry, the paper says 14% of those convicted were "
        "foreign nationals.",
        "There were 10,500 prisoners at 30 June 2016, a 7% increase.\n\n"
        "Source(s): Prisoners in Northdale",
    ):
        ctx = _context(text)
        assert suggest(detect(ctx), ctx).suggested_level == 1, text


def test_a_source_line_with_nothing_after_it_names_nothing():
    assert "dataset" not in _kinds("Of the 400 people stopped, 120 were Black.\n\nSource: \n\n")


def test_a_figure_relayed_from_a_named_person_is_attributed_either_way():
    for text in (
        "Councillor Anne Vell's latest claim that 40% of thefts are by Ruritanians was repeated.",
        "Councillor Anne Vell's latest claim that 40% of thefts are by Northdalers was repeated.",
    ):
        ctx = _context(text)
        assert suggest(detect(ctx), ctx).suggested_level == 1, text


def test_a_figure_from_someone_unnamed_stays_unsourced():
    ctx = _context("Critics say that 40% of thefts are committed by Ruritanians.")
    assert suggest(detect(ctx), ctx).suggested_level == 0


def test_a_statistical_claim_with_no_number_makes_the_question_apply():
    for text in (
        "The percentage of recent immigrants in a district is inversely related to violent crime.",
        "Welcoming newcomers can lower the violent crime rate, some researchers suggest.",
    ):
        ctx = _context(text)
        assert suggest(detect(ctx), ctx).status == "suggested", text
    ctx = _context("In the most recent Statistics Canada data, the proportion of migrants fell.")
    assert "official_statistics" in {f.kind for f in detect(ctx).sources}


def test_a_topic_relayed_from_a_named_speaker_is_not_a_sourced_figure():
    ctx = _context("Caller Anne tells the host that the proportion of migrants is frustrating.")
    assert "named_body" not in {f.kind for f in detect(ctx).sources}


def test_new_figures_show_is_resolved_by_the_dated_source_that_presents_them():
    text = (
        "Ruritanian patients are twice as likely to be detained, new figures show.\n\n"
        "Figures from the Northdale Health Board show 415 detentions were recorded in 2024-25.\n\n"
        "The board said the data are incomplete and the counts lower than the true figures."
    )
    ctx = _context(text)
    found = detect(ctx)
    assert not any(f.vague for f in found.sources)
    assert suggest(found, ctx).suggested_level == 2


def test_a_census_year_for_the_base_does_not_resolve_new_data_shows():
    text = (
        "New data shows Ruritanians are four times more likely to be suspects.\n\n"
        "They are 2.7% of the population, according to the 2021 census.\n\n"
        "The data was released by the Hydra Programme, which covers only some suspects."
    )
    assert any(f.vague for f in detect(_context(text)).sources)


def test_provisional_figures_and_a_restricted_population_are_limits():
    for text in (
        "The figures for 2024 are provisional and will be revised.",
        "The model used information from only private households included in the 2021 Census.",
        "The count covers only prisoners held in state prisons.",
    ):
        assert "limitation" in _kinds(text), text
    assert "limitation" not in _kinds("Only two of the men were held in custody overnight.")


def test_a_one_word_owner_after_by_is_a_name_but_a_breakdown_or_a_group_is_not():
    # Session 7: the one-word rule looked at where the match began, so "Statistics released by
    # Ucas" at a sentence's start named no one; relaxing it must not name a breakdown word or a
    # group of people, and a place or a table after "from" stays unnamed.
    assert "named_body" in _kinds("Statistics released by Ucas show that 45 were offered a place.")
    assert "named_body" in _kinds("The research, by the organisation Quilliam, looked at 58 cases.")
    for sentence in (
        "Figures from Scotland show a rise of 41 per cent in 2021.",
        "Data from Table 3 show that 41 per cent of pupils were absent.",
        "Figures published by Region show that 41 per cent of pupils were absent.",
        "Figures compiled by Somalis show that 41 per cent were absent.",
        "Statistics released by Muslims show that 45 were offered a place.",
    ):
        assert "named_body" not in _kinds(sentence), sentence


def test_a_body_named_before_its_acronym_and_verb_is_a_source():
    assert "named_body" in _kinds(
        "The Department for Work and Pensions (DWP) said it had published the statistics."
    )
    assert "official_statistics" in _kinds(
        "Most claimants were British, according to new data published by the government."
    )


def test_a_body_is_named_by_the_shape_of_its_name():
    # Owners the readers' deciding quotes showed missed (session 11), in invented sentences.
    for text in (
        "It accounts for 61% of all deaths reported by the RHA in 2021.",
        "In Brackenford, Northdale Constabulary noted that arrests rose between 2017 and 2019.",
        "The Ministry of Transport (MoT) has published a report on licensing in 2022.",
        "The Northdale Post maintains a database of every case since 2015.",
        "It is the result of a poll commissioned by the Centre for Civic Values in 2016.",
        "Figures released by the admissions body NRAS for the 2020 intake show a gap.",
    ):
        assert "named_body" in _kinds(text), text
    # Generic or group words are no owner, and being held by the police is no publication.
    for text in (
        "The figures were supplied by EU Member States in 2020.",
        "A third of those arrested were held by the Northdale Police overnight.",
        "The Black Caribbean group recorded the highest rate in 2020.",
        "The White British group recorded the highest rate in 2020.",
        "It was advertised on the Forum's website in 2021.",
    ):
        assert "named_body" not in _kinds(text), text


def test_comprehensive_boasts_only_of_evidence():
    for text in (
        "Our comprehensive study shows the pattern in 2020.",
        "The data are comprehensive. Nothing was left out.",
        "This is a comprehensive, independent review of 300 cases.",
    ):
        assert "completeness_claim" in _kinds(text), text
    for text in (
        "The need for comprehensive reforms remains evident in 2023.",
        "She taught at a comprehensive school in Brackenford from 2010.",
        "25% A COMPREHENSIVE PROGRAM GOVERNING ALL ASPECTS OF LIFE",
    ):
        assert "completeness_claim" not in _kinds(text), text


def test_a_comparison_with_no_number_makes_sources_apply():
    from evaluator.checks.denominators import detect as denominators

    def status(text: str) -> str:
        context = _context(text)
        found = detect(context)
        found.percentages = denominators(context).percentages
        return suggest(found, context).status

    assert status("Research shows offenders in these cases are most commonly Ruritanian.") == (
        "suggested"
    )
    assert status("Northdalian pupils remain more likely to be excluded than their peers.") == (
        "suggested"
    )
    assert status("The council met on Tuesday to discuss the library's hours.") == (
        "not_applicable"
    )


def test_incidents_reported_to_an_garda_siochana_are_police_records():
    # "An" is Irish for "the" before the Irish police's name (holdout-14, session 11).
    text = "Figures show a 12% rise in hate incidents reported to An Garda Síochána in 2023."
    assert "police_records" in _kinds(text)


def test_a_headline_verb_and_the_irish_police_plural():
    # Found on holdout-16 after its measurement (session 11).
    assert "named_body" in _kinds("March 16, 2023: RHA Releases Updated 2021 Mortality Rates")
    assert "police_records" in _kinds(
        "Some 582 incidents were classified by gardaí as racially motivated in 2022."
    )
    assert "named_body" not in _kinds("The Reports Are In")


def test_a_figure_traced_to_whoever_estimated_it():
    # A fact-check naming who made a disputed figure (holdout-16, session 11; guide H1).
    text = "That number was an estimate by Labour MP Ann Example, who told The Mirror in 2015."
    assert "traced" in _kinds(text)
    assert "traced" not in _kinds("The number was an estimate of the kind we often see.")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("The Guardian", "The Daily Mail"),
        ("Migration Watch", "Hope not Hate"),
        ("Tell MAMA", "Tell Mama"),
        ("INQUEST", "Inquest"),
        ("The CDC", "Eurostat"),
    ],
)
def test_any_proper_name_is_an_owner_alike(one, other):
    # Review of session 11: head-word lists credited some publishers and not others.
    for name in (one, other):
        assert "named_body" in _kinds(f"{name} tracks 1,000 deaths in custody since 2010."), name
        assert "named_body" in _kinds(f"The 1,000 deaths were recorded by {name} in 2020."), name


def test_generic_capitalised_words_are_no_owner():
    for text in (
        "New Study Shows Most Offenders Were Ruritanian",
        "Studies show that 40% of attackers were Ruritanian.",
    ):
        assert "named_body" not in _kinds(text), text


def test_a_generic_speaker_names_no_owner():
    # "Research has found" names no owner (guide 3.3, sources 0); so "Researchers found" does
    # not either, while a named person or body still does (found in review, session 11).
    assert "named_body" not in _kinds("Researchers found that 40% of attackers were Ruritanian.")
    assert "named_body" in _kinds("Councillor Vell claimed that 40% of attackers were Ruritanian.")
    assert "named_body" in _kinds("The council's own audit found 612 children in Kirkford.")


def test_a_body_merely_named_in_the_lead_carries_no_period():
    # Holdout review (session 12): "Press Releases" and "according to analyst X" in a lead were
    # given the dated figures' period as if they were datasets.
    dated = "\n\nIn the year ending June 2022, 14% of buses ran late in Wexshire."
    assert "coverage" not in _kinds("That is according to analyst Mary Dunmore." + dated)
    assert "coverage" in _kinds("That is according to data from Mary Dunmore." + dated)


@pytest.mark.parametrize(
    "opening", ["In 2016, 834 offences", "As at 2007, 834 offences", "Through 2019, 834 offences"]
)
def test_a_named_source_with_its_period_at_the_start_of_the_sentence_is_coverage(opening):
    text = f"{opening} were recorded in the Transport Office's statistics."
    assert "coverage" in _kinds(text)
    assert "coverage" not in _kinds(
        "834 offences were recorded in the Transport Office's statistics."
    )


@pytest.mark.parametrize(
    ("finding", "limit"),
    [
        (
            "This does not mean we are walking away from the town.",
            "A rise in recorded offences does not mean more offending.",
        ),
        (
            "The force has not recorded any increase in crime.",
            "Ethnicity was not recorded for 412 suspects.",
        ),
    ],
)
def test_a_finding_phrased_with_not_is_no_limit_of_the_data(finding, limit):
    assert "limitation" not in _kinds(finding)
    assert "limitation" in _kinds(limit)


@pytest.mark.parametrize(
    "limit",
    [
        "Ethnicity has not been recorded for 412 suspects.",
        "Religion has never been recorded by the police.",
        "This does not mean that Pakistani men are more likely to offend.",
    ],
)
def test_gaps_and_caveats_stay_limits(limit):
    # Review of session 13: the first fix of the two findings above also dropped these.
    assert "limitation" in _kinds(limit)


@pytest.mark.parametrize(
    ("text", "boast"),
    [
        # Another party's work, introduced and described: no boast of the document's.
        ("A comprehensive audit of the county's voter rolls uncovered 20 noncitizens.", False),
        ("Her current audit aims to provide a comprehensive overview of the failures.", False),
        ("The sole definitive conclusion was that research has found it so.", False),
        # The document's own evidence, whatever the article.
        ("This is a comprehensive study of every case in the county.", True),
        ("We offer a comprehensive account of every arrest.", True),
        ("This is the definitive account of who uses maternity services.", True),
        ("The survey was open to everyone, so it gives a full picture of residents' views.", True),
    ],
)
def test_a_completeness_word_describing_someone_elses_work_is_no_boast(text, boast):
    assert ("completeness_claim" in _kinds(text)) is boast


def test_a_selection_with_no_owner_named_is_one_but_vague_owners_keep_it_at_zero():
    # A parliamentary answer gives its selection but names no owner: more than bare figures.
    described = _context(
        "Maintained secondary schools: pupils excluded for a fixed period by ethnic group, "
        "2005/06.\n\nBlack Caribbean pupils were 41% of those excluded, and White British "
        "pupils 12%."
    )
    assert suggest(detect(described), described).suggested_level == 1
    vague = _context(
        "Studies show that pupils excluded for a fixed period were 41% Black Caribbean and 12% "
        "White British."
    )
    assert suggest(detect(vague), vague).suggested_level == 0


def test_a_count_of_events_said_not_to_count_people_is_a_limit():
    # A fact-check's main limit on a traced figure (holdout-22, session 18; guide H3).
    assert "limitation" in _kinds(
        "The figure of 28,000 is for the number of arrests made over five years, not the number "
        "of people."
    )
    assert "limitation" not in _kinds("Police made 28,000 arrests, not a small number.")
