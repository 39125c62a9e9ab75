"""Percentages, proportions and their denominators, with a GRIM-style consistency check.

For every share the document states ("41.3%", "one in five", "418 of 1,042", "two-thirds of
victims") we look for the count it is a share of: in the same sentence first ("512 (41.3%)",
"of the 1,240 suspects", "n = 53"), then in the earlier sentences of the same paragraph. Claims
of over- or under-representation are recorded with whether a population base backs them.
The same rules apply whoever makes the claim: a bare "84%" and a bare "most offenders" alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..models import (
    Findings,
    Passage,
    PercentageFinding,
    RateComparison,
    RepresentationClaim,
    Signal,
    Suggestion,
    VagueShare,
)
from .common import (
    COUNT,
    FRACTION_WORD,
    REBUTTAL,
    SPELLED_NUMBER,
    WORD_NUMBER,
    asserted,
    contents_start,
    fraction_value,
    is_year,
    page_list,
    plural,
    quoted_passages,
    spelled_number,
    suggested,
    to_int,
)
from .context import Context
from .contract import Check, KeyedList
from .cues import (
    EVENTS_NOT_PEOPLE,
    PEOPLE,
    attributes_named,
    identity_matches,
    supposed,
    unnumbered_claim,
)
from .parallel import passage_fact

# The rubric criterion this module checks (its module name, by the contract).
CRITERION = "denominators"

_PCT = re.compile(
    r"(?<![\d.,£$€])(\d{1,3}(?:\.\d+)?)\s?(%|per\s?cent\b|percent\b|(?-i:pc)\b)"
    r"(\s*(?:percentage\s+)?points?\b)?",
    re.I,
)
_POINTS = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d+)?)\s+(?:percentage|per\s?centage)\s+points?\b|"
    r"(?<![\d.,])(\d{1,3}(?:\.\d+)?)\s?pp\b",
    re.I,
)
_NOT_A_SHARE = re.compile(
    r"^\s*(?:confidence|credible|CI\b|(?:prediction\s+|uncertainty\s+)?intervals?\b|"
    r"significance|level\s+of\s+confidence)",
    re.I,
)
_PAGE_OF = re.compile(r"\b(?:page|p\.|pp\.|table|figure|chapter|part)\s*$", re.I)
_ONE_IN = re.compile(
    rf"\b(?=[\dotfsenzah])({SPELLED_NUMBER}|\d+)\s+(?:in(?:\s+every)?|(?:out\s+)?of\s+every)\s+"
    rf"({COUNT}|{SPELLED_NUMBER})\b"
    r"(?!\s*(?:19|20)\d\d)",
    re.I,
)
_N_OF_M = re.compile(
    rf"(?<![\d.,])(?=[\dotfsenzah])({COUNT}|{SPELLED_NUMBER})\s+(?:out\s+of|of\s+(?:the|all|these|those)?)\s*"
    rf"(?:(?-i:[A-Z])[\w-]+['’]s\s+)?({COUNT}|{SPELLED_NUMBER})\b(?!\s*%|\s*per\s?cent)",
    re.I,
)
_UNIT = (
    r"(?:cases|offenders|suspects|defendants|victims|respondents|records|people|persons|children|"
    r"adults|patients|residents|households|men|women|girls|boys|perpetrators|individuals|"
    r"referrals|assessments|offences|crimes|arrests|convictions|groups|incidents|staff|pupils|"
    r"schools|forces|councils|hospitals|participants|families|applications|deaths|admissions|"
    r"survivors|migrants|nationals|prisoners|claimants|users|members|young\s+people|"
    r"interviewees|files|reports|complaints|trusts|authorities|practices|inspections|calls|clients|"
    r"areas|towns|organisations|businesses|houses|homes|properties|flats|places|beds|jobs|"
    r"appointments|visits|operations|loans|benefits|lets|tenancies|births|babies)"
)
_PROPORTION = re.compile(
    rf"\b({FRACTION_WORD}|"
    r"(?:about\s+|around\s+|almost\s+|nearly\s+|over\s+|more\s+than\s+)?half"
    r"(?!\s+an?\s+(?:million|billion|thousand|hundred|dozen|hour|day|year|century))|"
    r"(?:the|a)\s+(?:large\s+|small\s+|clear\s+|vast\s+|overwhelming\s+)?majority|"
    r"(?<!\bthe\s)(?<!\btheir\s)(?<!\bits\s)(?<!\bat\s)most)"
    r"(?=\s+of\s+(?:the\s+|these\s+|those\s+|all\s+)?\d[\d,]*\s+[a-z]|"
    r"\s+(?:of\s+)?(?:the\s+|these\s+|those\s+|all\s+|our\s+|its\s+)?(?:[\d,]+\s+)?"
    r"(?:[a-z-]+\s+){0,2}(?:abusers|recorded|them|" + _UNIT[3:] + r"\b)",
    re.I,
)


def _proportion_value(word: str) -> float | None:
    """ "two-thirds" 66.7, "half" 50; None for a vague "most" or "the majority"."""
    return 50.0 if word == "half" else fraction_value(word)


# An age, not a total: "of all 10-17-year-olds", "of 16- and 17-year-olds".
_AGE_AFTER = (
    r"|\s*[-–]\s*\d+[- ]years?\b|[- ]years?[- ]olds?\b|\s*(?:[-–]\s*)?(?:to|and)\s+\d+[- ]years?\b|"
    r"\s*[-–]\s*\d+s\b"  # "of 18-24s"
)
# "Of the 1,240 suspects", "of all 264 men", "out of 53", "among 1,042 recorded suspects"
_OF_TOTAL = re.compile(
    rf"\b(?:of|out\s+of|among|amongst|from)\s+(?:the|all|these|those|a\s+total\s+of|a\s+sample\s+of)?"
    # not the whole part of a decimal: "from 16.5% to 34.6%" states no total of 16
    rf"\s*({COUNT})\b(?![.,]\d|\s*%|\s*per\s?cent|\s*\){_AGE_AFTER})",
    re.I,
)
_N_EQUALS = re.compile(
    rf"\b(?:[nN]\s?=\s?|base[:\s]+|sample\s+(?:size\s+)?of\s+|total\s+of\s+)({COUNT})\b", re.I
)
_COUNT_UNIT = re.compile(
    rf"(?<!per\s)(?<![\d.,])({COUNT})\s+(?:[A-Za-z-]+\s+){{0,2}}?{_UNIT}\b", re.I
)
# "512 (41.3%)" — the count written just before its percentage
_COUNT_BEFORE = re.compile(rf"({COUNT})\s*(?:[A-Za-z-]+\s+){{0,2}}\(\s*$")
# "418 of the 1,042 suspects (40.1%)" — count and total just before the percentage
_N_OF_M_BEFORE = re.compile(
    rf"\b({COUNT}|{WORD_NUMBER}|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s+"
    rf"(?:out\s+of\s+|of\s+(?:the\s+)?)({COUNT})\s*(?:[A-Za-z-]+\s+){{0,3}}\(\s*$",
    re.I,
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# "Seventy per cent", "Twenty-five percent": a percentage written in words.
_WORD_PCT = re.compile(
    rf"\b(?:({_TENS})(?:[- ]({_UNITS}))?|(ten|{_UNITS}|eleven|twelve|a\s+hundred|one\s+hundred))"
    r"\s+(?:per\s?cent|percent)\b",
    re.I,
)
_WORD_VALUES = {
    **{w: 10 * (i + 2) for i, w in enumerate(_TENS.split("|"))},
    **{w: i + 1 for i, w in enumerate(_UNITS.split("|"))},
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a hundred": 100,
    "one hundred": 100,
}
# "100% committed": rhetoric, not a share of anything.
_RHETORICAL_100 = re.compile(
    r"^\s*(?:committed|sure|certain|behind|confident|true|correct|right)\b", re.I
)
_ANY_COUNT = re.compile(rf"(?<![\d.,£$€])({COUNT})(?![\d.,]*\s?(?:%|per\s?cent))")
_ROW_COUNT = re.compile(rf"(?<![\d.,])({COUNT})\s+(?:(?:\d{{1,3}}(?:\.\d+)?\s?%|[-–—])\s+)*$")
_CHANGE = re.compile(
    r"\b(?:increase|rise|fall|drop|decrease|decline|growth|cut|reduction|jump)\s+of\s*$|"
    r"\b(?:rose|fell|grew|dropped|increased|decreased|declined|jumped|up|down)\s+(?:by\s+)?$",
    re.I,
)
_RESPONSE_RATE = re.compile(r"response\s+rate\s*(?:of|was|:|is)?\s*$", re.I)
# "41.3% (512 of 1,240)", "(n = 53)", "(512/1,240)" just after the percentage
_AFTER = re.compile(
    rf"^\s*\(\s*(?:(?P<c>{COUNT})\s*(?:of|out\s+of|/)\s*(?P<d>{COUNT})|"
    rf"[nN]\s?=\s?(?P<n>{COUNT})|"
    # "accounting for 9.7 per cent (770,379)": the share's own count, after it; a small
    # bracketed number ("41% (3)") may be a note or a rank, so a count needs four digits
    rf"(?P<k>\d{{1,3}}(?:,\d{{3}})+|\d{{4,}})\s*\))"
)
# Hansard prints "per cent." with a full stop: "1 per cent. of the overall population".
_OF_PHRASE = re.compile(
    r"^\.?\s+(?-i:of)\s+(?:the\s+|all\s+|those\s+|these\s+)?([^.;:]{3,120})", re.I
)
_BASE_QUALIFIER = re.compile(
    r"\b(?:19|20)\d{2}\b|census|survey|recorded|register|data\b|dataset|sample|"
    r"(?:police|court|hospital|patient|case|social[- ]care|crime|custody|official|council|"
    r"prison)\s+records|records\s+(?:of|from|held)|in\s+this\s+(?:report|audit|review|study|"
    r"dataset|survey|sample)|\b(?:suspects|defendants|arrests|convictions|prosecutions)\b|"
    r"respondents|aged\b|where\b|whose\b|known\b|between\b|during\b|since\b|in\s+[A-Z]|"
    r"who\s+(?:were|had|have|are)\b|with\s+(?:a\s+)?(?:known|recorded)|"
    r"\b(?:convicted|charged|arrested|prosecuted|cautioned|sentenced|suspected)\b|"
    r"\bnamed\s+(?:in|by)\b|\breported\s+(?:to|in|by)\b|\bin\s+the\s+press\b",
)
_AMONG = re.compile(r"\b(?:among|amongst|of\s+those|of\s+the)\s+[a-z]", re.I)

_REPRESENTATION = re.compile(
    # Not inside a file name or an address ("...files/aboriginal-overrepresentation-in-...").
    r"\b(?<![-/.])(?:over|under)[- ]?represent\w*(?![-\w]*[/.][\w-])|\bdisproportionate(?:ly)?\b|"
    # "more likely than not" is a judgement of probability, not a comparison of groups.
    r"\bdisproportion\w*|\b(?:more|less)\s+likely\s+than\b(?!\s+not\b)",
    re.I,
)
# A rate's unit, written once: "per 100,000", "in every 1000", "of every 1,000", "per head".
_THOUSANDS = r"100,?000|10,?000|1,?000"
_PER = r"(?:per|(?:among|in|of|out\s+of|for)\s+every)"
_PER_UNIT = re.compile(rf"\bper\s+(?:{_THOUSANDS}|head|capita)\b", re.I)
_POPULATION_BASE = re.compile(
    rf"\bpopulation\b|\bcensus\b|{_PER_UNIT.pattern}|"
    r"\brates?\s+(?:of|per|among)\b|\brelative\s+risk\b|\brate\s+ratio\b|\bodds\s+ratio\b|"
    r"\bresidents\b.*\b(?:19|20)\d{2}\b",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"\bas\s+(?:shown|set\s+out|noted|described|reported)\b|\bsee\s+(?:section|table|chapter|"
    r"figure)\b|\b(?:shown|set\s+out)\s+(?:above|earlier|in\s+(?:section|table|chapter))\b",
    re.I,
)
_COVERAGE = re.compile(
    r"\b(?:recorded|known|available|stated|missing|unknown|not\s+recorded|blank)\s+"
    r"(?:for|in|on)\s+(?:only\s+)?(?:about\s+|around\s+|roughly\s+|some\s+)?"
    r"(?:\d+(?:\.\d+)?\s?(?:%|per\s?cent)|one[- ]third|two[- ]thirds|half|a\s+third|a\s+quarter|"
    r"most|many|nearly\s+all|the\s+majority\s+of|a\s+minority\s+of|"
    rf"{COUNT}\s+of)|\b(?:ethnicity|nationality|religion|data)\s+(?:was|were)\s+"
    r"(?:missing|unknown|not\s+recorded|recorded)\b|"
    # "for whom the nationality information is not yet recorded", "unrecorded nationalities".
    r"\b(?:ethnicity|nationality|religion)(?:\s+(?:information|data|details))?\s+(?:is|are)\s+"
    r"(?:not\s+(?:yet\s+)?recorded|unrecorded|missing|unknown)\b|"
    r"\b(?:unrecorded|unknown|missing)\s+(?:ethnicit|nationalit|religio)\w*|\bexcluding\s+(?:unknown|missing|not)\b|"
    r"\b(?:with|without)\s+(?:the\s+)?unknowns?\b|\bunknowns?\s+(?:are|were)\s+(?:excluded|included)|"
    r"\b(?:chose|choosing|chooses|declined|declining|preferred|preferring)\s+not\s+to\s+"
    r"(?:answer|say|state|respond)\b|"
    # "the number of people who do not report their ethnicity": unknowns named as a factor.
    r"\b(?:who|which|that)\s+(?:do|did|does)\s+not\s+(?:report|state|give|declare|record|disclose)\s+"
    r"(?:their\s+|its\s+|an?\s+)?(?:ethnicity|nationality|religion|ethnic\s+group)\b",
    re.I,
)

# --- comparisons, rates, roles and bases beside the sentence (issue 12, patterns 5-7) -------

_NUM = rf"(?:\d+(?:\.\d+)?|{SPELLED_NUMBER})"
# "5.8 times as likely", "2.5 times the rate", "twice the risk", "triple the rate", "three-fold".
_RATIO = re.compile(
    # The lookahead skips, cheaply, words that cannot start a number (speed on long texts).
    rf"\b(?=[\dotfsenzahd])(?:{_NUM}\s+times|twice|double|triple|treble|{_NUM}[- ]fold)\s+"
    r"(?:(?:more|less|as|higher|lower|greater)\b|the\s+(?:rate|risk|likelihood|odds|level|"
    r"average|median|mean|national|proportion|share|wealth|income|pay|earnings)\b)",
    re.I,
)
# A ratio of an amount between groups is a gap, based when it names its measure (guide §2.2,
# as a pay gap): "six times as much wealth as the typical Black family, and five times as much
# as the typical Hispanic family", "twice the median income of".
_AMOUNT = r"(?:wealth|incomes?|pay|earnings|salar(?:y|ies)|wages?|net\s+worth|assets|savings)\b"
_AMOUNT_AFTER_RATIO = re.compile(
    rf"^\s*(?:much\s+(?:[\w-]+\s+){{0,2}}?|(?:(?:the|their)\s+)?(?:median\s+|average\s+|mean\s+|"
    rf"typical\s+)?){_AMOUNT}",
    re.I,
)
_AMOUNT_NAMED = re.compile(_AMOUNT, re.I)
# "12.1 per 100,000 live births", "19 ... among every 100,000 admitted", "per 1,000 people".
_RATE = re.compile(
    rf"\b{_PER}\s+(?:{_THOUSANDS}|100|a\s+thousand|thousand|million|hundred\s+thousand|head|"
    r"capita)\b(?!\s*(?:%|per\s?cent|pounds|£))",
    re.I,
)
_RATE_VALUE = re.compile(
    r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?:\s?(?:%|per\s?cent\b|percent\b)|[^.;\d]{0,60}?\b"
    rf"{_PER}\s+(?:{_THOUSANDS}|100|thousand|head|capita)\b)",
    re.I,
)
# "34 Black women died among every 100,000 giving birth, 8 white women ...": rates for groups.
_GROUP_RATE = re.compile(
    rf"(?<![\w.,])\d[\d,]*(?:\.\d+)?[^.;\d]{{0,60}}?\b{_PER}\s+(?:{_THOUSANDS}|thousand)\b",
    re.I,
)
_POP_WORDS = (
    r"(?:population|borough|city|town|county|country|nation|district|region|constituency|"
    r"ward|electorate)(?!['’])"
)
_POP_ADJ = (
    r"(?:(?:total|overall|general|local|wider|national|whole|adult|resident|usual|working[- ]age|"
    r"(?-i:[A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)|(?:19|20)\d\d)\s+)"
)
# "61% of the borough is white", "4.1% of the population", "of England and Wales's population".
_POP_AFTER = re.compile(
    rf"^\.?\s*(?-i:of)\s+(?:the\s+)?(?:{_POP_ADJ}*{_POP_WORDS}\b|"
    r"[A-Z][\w ]{1,40}?['’]s?\s+population\b)"
    r"|^[^.;]{0,12}?,?\s*according\s+to\s+the\s+(?:(?:19|20)\d\d\s+)?census\b"
    r"|^[^.;]{0,12}?,?\s*(?:at\s+the\s+time\s+of|in)\s+the\s+(?:(?:19|20)\d\d\s+)?census\b",
)
# The population named before the figure: "their share of the England and Wales population,
# which was 9.9%", "the borough's population was 12% Black"; or a census dating the figure.
_POP_BEFORE = re.compile(
    r"\b(?:share|proportion|percentage|part)\s+of\s+(?:the\s+)?[^.;]{0,40}?\bpopulation\b"
    r"[^.;\d]{0,30}$|\bpopulation\s+(?:share|was|is|stood\s+at)\s+(?:about\s+|around\s+|some\s+)?$",
    re.I,
)
_POP_PHRASE = re.compile(
    rf"\b\d[\d,.]*\s?(?:%|per\s?cent|percent)\s+of\s+(?:the\s+)?{_POP_ADJ}*{_POP_WORDS}\b|"
    r"\bpopulation\s+of\s+(?:about\s+|around\s+|some\s+|nearly\s+)?\d|"
    rf"\b(?:19|20)\d\d\s+census\b[^.]{{0,80}}\d[\d,.]*\s?(?:%|per\s?cent|million)|"
    rf"\d[\d,.]*\s?(?:%|per\s?cent|million)[^.]{{0,80}}\b(?:19|20)\d\d\s+census\b",
    re.I,
)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:increase|rise|fall|drop|decrease|decline|reduction|jump|growth|higher|lower|"
    r"up\b|down\b|more\s+than\s+(?:in|last|the\s+previous)|fewer)",
    re.I,
)
_CHANGE_BEFORE = re.compile(
    r"\b(?:increase|rise|fall|drop|decrease|decline|growth|cut|reduction|jump)\s+of\s+"
    r"(?:about\s+|around\s+|almost\s+|nearly\s+|over\s+|some\s+|just\s+)?$|"
    # not "make up 14 per cent of the population", a share, nor "broken down"
    r"\b(?:rose|fell|grew|dropped|increased|decreased|declined|jumped|(?<!make\s)(?<!makes\s)"
    r"(?<!made\s)(?<!making\s)up|(?<!broken\s)(?<!broke\s)down|amounts?\s+to)\s+"
    r"(?:by\s+)?(?:about\s+|around\s+|almost\s+|nearly\s+|over\s+|some\s+|just\s+|an?\s+\w+\s+)?$",
    re.I,
)
# A gap between two groups on a named measure (pay, earnings): no unknowns arise (guide §3.3).
_MEASURE = re.compile(
    r"\b(?:pay|earn\w*|wages?|salar\w+|income|hourly|gaps?|percentage\s+difference)\b", re.I
)
_NAMED_MEASURE = re.compile(
    r"\b(?:median|mean|average|hourly|weekly|monthly|annual|yearly|gross)\s+(?:(?:hourly|"
    r"weekly|monthly|annual|gross|full-time|part-time)\s+)?(?:pay|earnings|wages?|salar(?:y|ies)|"
    r"income)\b",
    re.I,
)
_DIFFERENCE = re.compile(
    r"\b(?:more|less|higher|lower)\s+than\b|\bgaps?\b|\bdifference\b|\bbetween\b", re.I
)
# "That is 3.6 percent of ...", "Of these, ...", "a quarter of those referrals": the base is in the
# sentence before, wherever the paragraph breaks (news puts each sentence in its own).
_ANAPHOR = re.compile(
    r"^\W*(?:that|this|these|those|it|which|the\s+figure|out\s+of\s+(?:that|this|these|those)|"
    r"of\s+(?:these|those|them|that|this))\b",
    re.I,
)
_NUMERATOR_BEFORE = re.compile(
    rf"\b(?:{COUNT})\s+(?:[\w-]+\s+){{0,6}}?[\w-]+,?\s+(?:representing|accounting\s+for|making\s+up|"
    r"or|equal\s+to|which\s+(?:is|was|represents))\s+(?:about\s+|around\s+|some\s+|nearly\s+|"
    r"almost\s+|just\s+(?:over|under)\s+|roughly\s+)?$",
    re.I,
)
_OF_THOSE = re.compile(r"^\s+of\s+(?:those|these|them|that\s+total|this\s+total)\b", re.I)
# Vague shares beyond "most" and "the majority": "predominantly Asian men", "a large part".
_VAGUE_MORE = re.compile(
    r"\b(?:predominantly|mainly|mostly|largely|overwhelmingly)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:men|women|males?|females?|boys|girls|people|offenders|perpetrators|victims)\b|"
    r"\b(?:a|the)\s+(?:large|small|significant|substantial|high|higher|low|lower|growing|"
    r"disproportionate|great|greater)\s+(?:part|proportion|share|percentage|minority)\b|"
    r"\bthe\s+(?:proportion|percentage)\s+(?:of|within|among|registered|who)\b",
    re.I,
)
_TREND = re.compile(
    r"\b(?:increas\w*|decreas\w*|fell|fall(?:en|s|ing)?|r[io]sen?|rising|rises|drop\w*|"
    r"declin\w*|gone\s+(?:down|up)|went\s+(?:down|up)|halved|doubled|gr[eo]wn?|grew|shr[au]nk)\b",
    re.I,
)
# Cautions about what a figure is a share of, or what it may be compared with.
_BASE_WARNING = re.compile(
    r"\b(?:can(?:not|['’]t)|does\s+not|doesn['’]t|do\s+not|don['’]t)\s+(?:reliably\s+|directly\s+)?"
    r"(?:tell|show|say)\s+(?:us\s+)?(?:how\s+likely|(?:the|what)\s+(?:rate|proportion|share|risk|"
    r"likelihood))|\bat\s+a\s+(?:given|single|particular)\s+point\s+in\s+time\b|"
    r"\bno\s+(?:reliable\s+)?(?:[\w-]+\s+){0,3}data\s+on\s+(?:the\s+)?(?:proportion|share|rate)\b|"
    r"\b(?:not|cannot\s+be)\s+(?:directly\s+)?comparable\b|\bshould\s+not\s+be\s+compared\b|"
    r"\bdifferent\s+(?:bases|denominators|units|base\s+years)\b|"
    # "this statistic doesn't represent all crime": what the figure is, and is not, a share of.
    r"\b(?:statistics?|figures?|numbers?|data|survey|percentages?)\b[^.;]{0,40}?\b(?:does|do)\s*"
    r"(?:n['’]t|not)\s+(?:represent|include|cover|capture)\s+(?:all|every|the\s+whole)\b|"
    # "the national disparity could be misleading if geographical differences are not taken into
    # account": a warning against comparing unlike areas or bases.
    r"\b(?:could|can|may|might|would)\s+be\s+misleading\s+(?:if|unless|when|without)\b|"
    r"\b(?:population|census)\s+(?:statistics|figures|estimates|data)\s+(?:from|for)\s+"
    r"(?:19|20)\d\d\b[^.]{0,80}\bbut\b|\bnot\s+the\s+same\s+as\b[^.]{0,60}\b(?:offenders|"
    r"convicted|convictions|rate|population)\b|"
    # How a rate is built, what it is built on, or what a count counts: "dividing the number of
    # age dispute cases ... by the number of ...", "used country of birth for its population
    # denominator", "arrests ..., not the number of people".
    r"\bdivid(?:e|es|ed|ing)\b[^.;]{0,80}?\bby\s+(?:the\s+|a\s+|each\s+|all\s+|its\s+|their\s+)?"
    r"(?:\d|number|total|size|population|count)|\bdenominators?\b|" + EVENTS_NOT_PEOPLE,
    re.I,
)
_RESPONSE = re.compile(
    r"\bresponse\s+rate\b|\b(?:chose|chosen|choosing)\s+to\s+answer\b|"
    r"\b(?:answered|did\s+not\s+answer)\s+the\s+(?:voluntary\s+)?question\b|"
    r"\b(?:nationality|ethnicity|religion)\s+of\s+(?:[\w,]+\s+){0,4}(?:is|was|were|are)\s+"
    r"(?:unrecorded|unknown|not\s+recorded|missing)\b",
    re.I,
)


def _role(share: _Share, text: str, census: bool = False) -> str:
    """share, change, difference or population: what kind of figure a percentage is.
    `census`: the text reports census results, whose shares of people are population shares."""
    before, after = text[max(0, share.start - 60) : share.start], text[share.end :]
    numeric = share.kind in ("percent", "percentage_points") and not _OF_PHRASE.match(after)
    if numeric and _MEASURE.search(text) and _DIFFERENCE.search(text):
        return "difference"
    if _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(after) or _CHANGED_FROM.search(before):
        return "change"
    if share.kind == "percent" and (_POP_AFTER.match(after) or _POP_BEFORE.search(before)):
        return "population"
    if share.kind == "percent" and census and _CENSUS_SHARE.match(after):
        return "population"
    return "share"


# "fell by 4.2 points from 38.5% in 2015": the earlier value of a change.
_CHANGED_FROM = re.compile(
    r"\b(?:rose|fell|grew|dropped|increased|decreased|declined|jumped|up|down)\b"
    r"(?:[^.;]|\.(?=\d)){0,50}?"
    r"\bfrom\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+)?$",
    re.I,
)
# In census results, "12.4% of people reporting a second language", "2.1% selecting Other".
_CENSUS_SHARE = re.compile(
    r"^\s*(?:of\s+(?:the\s+)?(?:people|residents|households|adults|respondents)\b|"
    r"(?:said|saying|selecting|selected|reporting|reported|describing|described|identifying|"
    r"identified|ticking|ticked|answering|answered)\b)",
    re.I,
)
_CENSUS = re.compile(r"\bcensus\b", re.I)


_SEP = "\x1e"  # between the sentences of a window
_RANGE = re.compile(r"\b(?:between|from)\s+\S+\s+(?:to|and)\s+", re.I)


def _one_rate(sentence: str) -> bool:
    """The sentence gives one rate or percentage value (a range across areas is not one)."""
    return len({m.group(0) for m in _RATE_VALUE.finditer(_RANGE.sub("", sentence))}) >= 1


# The rate's unit named in words beside a ratio: "per head of population", "relative to their
# share of the population", "standardised for age". The guide's "unit appears" (level 1).
_RATIO_UNIT = re.compile(
    r"\bper\s+(?:head|capita)\b|\b(?:relative|compared|in\s+proportion)\s+(?:to|with)\s+"
    r"(?:their|its|the\s+group['’]s)\s+(?:share\s+of\s+the\s+|size\s+(?:in|of)\s+the\s+)?"
    r"(?:population|size)\b|\bbased\s+on\s+(?:their|its)\s+(?:size|population|share)\b|"
    r"\b(?:adjust|standardi[sz]|controll?)(?:ed|ing)\s+for\s+(?:population|(?:group\s+)?size|age)\b",
    re.I,
)


def _ratio_based(window: str, sentence: str = "") -> bool:
    """Both groups' rates in one sentence, or a population share beside a ratio, or the rate's
    unit in the ratio's own sentence ("not adjusted for age" names none); a range across areas
    ("between five and 48 per 1,000") is not two groups' rates."""
    for part in window.split(_SEP):
        if len({m.group(0) for m in _RATE_VALUE.finditer(_RANGE.sub("", part))}) >= 2:
            return True
    return bool(_POP_PHRASE.search(window)) or asserted(_RATIO_UNIT, sentence)


def _rates_and_ratios(
    passage: Passage, window: str, quoted: bool, rated_page: bool = False
) -> list[RateComparison]:
    out = []
    for m in _RATIO.finditer(passage.text):
        after = passage.text[m.end() : m.end() + 40]
        amount = bool(_AMOUNT_NAMED.search(m.group(0)) or _AMOUNT_AFTER_RATIO.match(after))
        out.append(
            RateComparison(
                page=passage.page,
                sentence=passage.text,
                text=m.group(0),
                kind="ratio",
                base_given=rated_page or amount or _ratio_based(window, passage.text),
                quoted=quoted,
            )
        )
    for m in _RATE.finditer(passage.text):
        rest = passage.text[: m.start()] + passage.text[m.end() :]
        # A rate needs a value ("12.1 per 100,000") or a table heading with figures under it.
        if not re.search(r"\d", rest) or (
            m.group(0).lower().endswith(("head", "capita")) and not _RATE_VALUE.search(window)
        ):
            continue
        out.append(
            RateComparison(
                page=passage.page,
                sentence=passage.text,
                text=m.group(0),
                kind="rate",
                base_given=True,
                quoted=quoted,
            )
        )
    return out


@dataclass(frozen=True)
class _Share:
    value: float
    kind: str
    text: str
    start: int
    end: int
    count: int | None = None
    denominator: int | None = None
    decimals: int = 0


def grim(value: float, denominator: int, decimals: int) -> tuple[bool, bool]:
    """(consistent, informative): can k/denominator round to `value` at `decimals` places?

    Informative only when the denominator is small enough that some values at this precision
    cannot be reached (denominator < 100 × 10^decimals); otherwise every value passes.
    """
    if denominator <= 0:
        return False, True
    informative = denominator < 100 * 10**decimals
    half_step = 0.5 * 10**-decimals + 1e-9
    guess = round(value * denominator / 100)
    for k in (guess - 1, guess, guess + 1):
        if 0 <= k <= denominator and abs(100 * k / denominator - value) <= half_step:
            return True, informative
    return value <= 100 and not informative, informative


def grim_consistent(value: float, denominator: int, decimals: int) -> bool:
    """Can some whole count out of `denominator` round to `value` at this many decimals?"""
    return grim(value, denominator, decimals)[0]


def count_matches(value: float, count: int, denominator: int, decimals: int) -> bool:
    """The stated count and denominator reproduce the stated percentage at its precision."""
    if denominator <= 0 or count > denominator:
        return False
    return abs(100 * count / denominator - value) <= 0.5 * 10**-decimals + 1e-9


def _decimals(number: str) -> int:
    return len(number.split(".", 1)[1]) if "." in number else 0


@passage_fact(lambda p: (p.text,))
def _find_shares(text: str) -> list[_Share]:
    shares: list[_Share] = []
    taken: list[tuple[int, int]] = []
    for m in _WORD_PCT.finditer(text):
        words = [w.lower() for w in m.groups() if w]
        value = float(sum(_WORD_VALUES[re.sub(r"\s+", " ", w)] for w in words))
        shares.append(_Share(value, "percent", m.group(0), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _PCT.finditer(text):
        if _NOT_A_SHARE.match(text[m.end() :]):
            continue
        if float(m.group(1)) == 100 and _RHETORICAL_100.match(text[m.end() :]):
            continue
        kind = "percentage_points" if m.group(3) else "percent"
        shares.append(
            _Share(
                float(m.group(1)),
                kind,
                m.group(0),
                m.start(),
                m.end(),
                None,
                None,
                _decimals(m.group(1)),
            )
        )
        taken.append((m.start(), m.end()))
    for m in _POINTS.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        number = m.group(1) or m.group(2)
        shares.append(
            _Share(
                float(number),
                "percentage_points",
                m.group(0),
                m.start(),
                m.end(),
                decimals=_decimals(number),
            )
        )
        taken.append((m.start(), m.end()))
    for m in _ONE_IN.finditer(text):
        top, bottom = spelled_number(m.group(1)), spelled_number(m.group(2))
        if not top or not bottom or top >= bottom or is_year(bottom, m.group(2)):
            continue
        shares.append(
            _Share(round(100 * top / bottom, 1), "one_in_n", m.group(0), m.start(), m.end())
        )
        taken.append((m.start(), m.end()))
    for m in _N_OF_M.finditer(text):
        if _PAGE_OF.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        top, bottom = spelled_number(m.group(1)), spelled_number(m.group(2))
        if top is None or not bottom or top > bottom or top == 0:
            continue
        if is_year(bottom, m.group(2)) or is_year(top, m.group(1)):
            continue
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        # "418 of 1,042 (40.1%)": a percentage in the same sentence carries the share already.
        if _PCT.search(text):
            continue
        # "nine out of ten" is a natural frequency; "eight of the ten trusts" names its total.
        words = not m.group(1)[0].isdigit() and not m.group(2)[0].isdigit()
        words = words and not re.search(r"\bof\s+(?:the|all|these|those)\b", m.group(0), re.I)
        # "eight out of 10": a natural frequency in digits, not a count of ten things.
        words = words or (bottom in (10, 100) and "out" in m.group(0).lower())
        shares.append(
            _Share(
                round(100 * top / bottom, 1),
                "n_of_m",
                m.group(0),
                m.start(),
                m.end(),
                None if words else top,
                None if words else bottom,
            )
        )
        taken.append((m.start(), m.end()))
    for m in _PROPORTION.finditer(text):
        word = re.sub(r"[\s-]+", "-", m.group(1).lower())
        word = re.sub(r"^(about|around|almost|nearly|over|more-than)-", "", word)
        value = _proportion_value(word)
        if value is not None:  # "most" and "the majority" are vague: see vague_shares
            shares.append(_Share(value, "proportion_word", m.group(0), m.start(), m.end()))
    return sorted(shares, key=lambda s: s.start)


@passage_fact(lambda p: (p.text,))
def _vague_in(text: str) -> list[tuple[str, bool]]:
    """(expression, base given) for each "most offenders", "the majority of victims" in a text.

    They are not percentages (no value to check), but a bare "most offenders are white" needs a
    base just as much as a bare "84%", so the suggestion counts them alongside.
    """
    out = []
    base = None  # worked out once per text, and only if a vague share is there
    for m in _PROPORTION.finditer(text):
        word = re.sub(r"[\s-]+", "-", m.group(1).lower())
        word = re.sub(r"^(about|around|almost|nearly|over|more-than)-", "", word)
        if _proportion_value(word) is None:
            if base is None:
                base = _first_total(text) is not None or bool(_COVERAGE.search(text))
            out.append((m.group(0), base))
    if not _PCT.search(text):  # "the proportion of X was 23%" gives its figure
        for m in _VAGUE_MORE.finditer(text):
            if base is None:
                base = _first_total(text) is not None or bool(_COVERAGE.search(text))
            out.append((m.group(0), base))
    return out


@lru_cache(maxsize=64)
def _first_total(text: str, exclude: tuple[int, int] | None = None) -> int | None:
    """The first stated total in a piece of text ("of the 1,240", "n = 53", "264 cases").
    Cached: every share of a sentence looks in the same earlier sentences."""
    for pattern in (_OF_TOTAL, _N_EQUALS, _COUNT_UNIT):
        for m in pattern.finditer(text):
            if exclude and exclude[0] <= m.start(1) < exclude[1]:
                continue
            value = to_int(m.group(1))
            if value and not is_year(value, m.group(1)) and value > 1:
                return value
    return None


@lru_cache(maxsize=64)
def _numbers(text: str) -> tuple[tuple[int, int], ...]:
    """(value, position) of every count in a text, years and percentages left out. Cached:
    each share of a passage asks again for its own sentence and the eight before it."""
    out = []
    for m in _ANY_COUNT.finditer(text):
        value = to_int(m.group(1))
        if value is not None and value > 0 and not is_year(value, m.group(1)):
            out.append((value, m.start()))
    return tuple(out)


def _fitting_pair(share: _Share, text: str, nearby: list[str]) -> tuple[int, int] | None:
    """A count in the sentence and a total (in it or just before it) that reproduce the share
    exactly at its stated precision: "we counted 51 … (84%)" with "Of the 61 men"; a table row's
    "161 … 55.7%" with the column heading "Share of 289 recorded"."""
    counts = sorted(_numbers(text), key=lambda n: abs(n[1] - share.start))
    totals = [v for v, _ in _numbers(text)] + [v for t in reversed(nearby) for v, _ in _numbers(t)]
    for count, _pos in counts[:6]:
        for total in totals:
            if total > count and count_matches(share.value, count, total, share.decimals):
                return count, total
    return None


def _link(
    share: _Share, text: str, earlier: list[str], nearby: list[str], lone_pair: tuple | None
) -> tuple[int | None, int | None, bool]:
    """(count, denominator, explicit) for one share, from its sentence, then earlier sentences.

    `explicit` is true when the text pairs the share with its total itself ("418 of the 1,042
    (40.1%)", "(n = 53)", "Of the 612 children, 229 (37.4%)", or a count and total that give
    the stated value exactly); otherwise the total is our guess.
    """
    if share.kind == "n_of_m" and share.denominator:
        return share.count, share.denominator, True
    count = share.count
    after = _AFTER.match(text[share.end :])
    if after and after.group("k"):
        value = to_int(after.group("k"))
        if value is not None and not is_year(value, after.group("k")):
            count = value  # then look for its total as for a count before the share
    elif after:
        if after.group("d"):
            return to_int(after.group("c")), to_int(after.group("d")), True
        return count, to_int(after.group("n")), True
    window = text[max(0, share.start - 60) : share.start]
    pair = _N_OF_M_BEFORE.search(window)
    if pair and to_int(pair.group(2)):
        count = to_int(pair.group(1))
        if count is None:  # "Eighteen out of 53 groups (34%)"
            count = round(share.value * to_int(pair.group(2)) / 100)
            if not count_matches(share.value, count, to_int(pair.group(2)), share.decimals):
                count = None
        return count, to_int(pair.group(2)), True
    if _RESPONSE_RATE.search(window) or _CHANGE.search(window):
        return None, None, False  # a response rate or a change is not a share of a count here
    if share.kind == "percent" and (fit := _fitting_pair(share, text, nearby)):
        return fit[0], fit[1], True
    if share.kind == "percent" and lone_pair:
        # One share and one "7 of the 30" in a sentence belong together, even when they
        # disagree: that disagreement is what the GRIM check is for.
        return lone_pair[0], lone_pair[1], True
    tentative = None  # a bare number before the share, as in a table row "161 55.7% 38.5%"
    before = _COUNT_BEFORE.search(text[max(0, share.start - 40) : share.start])
    if before:
        value = to_int(before.group(1))
        if value is not None and not is_year(value, before.group(1)):
            count = value
    elif share.kind == "percent" and (row := _ROW_COUNT.search(window)):
        tentative = to_int(row.group(1))
    # The sentence's own totals, ignoring the count we just took for this share.
    candidates: list[tuple[int, bool]] = []
    for of_total, strong, m, value in _stated_totals(text):
        if share.start <= m.start(1) < share.end:
            continue
        if count is not None and value <= count:
            continue
        # "Of 30 respondents, 41.3% said yes": a clause that opens with the total.
        opens = of_total and m.start() < share.start
        opens = opens and not text[: m.start()].rstrip(' \n"“(')[-1:].isalnum()
        # "24.0% of the 30 councils", "out of 30 gives 24.0%": the total is named with it.
        beside = of_total and (0 <= m.start() - share.end <= 2 or 0 <= share.start - m.end() <= 8)
        candidates.append((value, strong and (count is not None or opens or beside)))
    known = count if count is not None else tentative
    if known is not None and share.kind == "percent":
        for value, _strong in candidates:
            if count_matches(share.value, known, value, share.decimals):
                return known, value, True
    if candidates:
        value, strong = candidates[0]
        return count, value, strong
    for sentence in reversed(earlier):
        total = _first_total(sentence)
        if total is not None and (count is None or total > count):
            return count, total, False
    return count, None, False


@lru_cache(maxsize=64)
def _stated_totals(text: str) -> tuple[tuple[bool, bool, re.Match[str], int], ...]:
    """(of_total, strong, match, value) of each total a sentence states, in the order `_link`
    weighs them; cached because every share of a sentence asks for the same list."""
    out = []
    for pattern, strong in ((_OF_TOTAL, True), (_N_EQUALS, True), (_COUNT_UNIT, False)):
        for m in pattern.finditer(text):
            value = to_int(m.group(1))
            if value and value >= 2 and not is_year(value, m.group(1)):
                out.append((pattern is _OF_TOTAL, strong, m, value))
    return tuple(out)


# A share of a fixed, countable set of bodies ("88% of local authorities", "all 43 forces"):
# the base is every such body, named by the unit itself.
_INSTITUTIONS = re.compile(
    r"^(?:the\s+|all\s+|england['’]s\s+|the\s+country['’]s\s+)?(?:[\w-]+\s+){0,2}?(?:police\s+forces|"
    r"forces|local\s+authorities|councils|(?:nhs\s+)?trusts|hospitals|schools|prisons|"
    r"universities|constituencies|boroughs|health\s+boards|member\s+states)\b",
    re.I,
)
# The set named just before the figure: "the number of convicted offenders, where non-citizens
# made up 10%", "of the 2022 arrests, in which ...".
_SET_BEFORE = re.compile(
    r"\b(?:of|among|amongst)\s+(?:the\s+|all\s+)?[^.;]{3,60}?,?\s+(?:where|of\s+whom|among\s+whom|"
    r"in\s+which)\b[^.;]{0,60}$",
    re.I,
)


def _numbered_population(text: str) -> bool:
    """A population base with a figure beside it ("4.1% of the population", "per 100,000",
    "the 2021 census put it at 12%"), not the word alone ("the local Pakistani-origin
    population") with a number somewhere else in the window."""
    for m in _POPULATION_BASE.finditer(text):
        near = text[max(0, m.start() - 80) : m.end() + 80]
        if _PER_UNIT.search(m.group(0)):
            return True
        if _POP_FIGURE.search(near):
            return True
    return False


# The figure a population base gives: a share, a size in millions, "a population of 80,000".
_POP_FIGURE = re.compile(
    r"\d[\d,.]*\s?(?:%|per\s?cent\b|percent\b|million\b|m\b)|\bpopulation\s+of\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|over\s+)?\d",
    re.I,
)
# The base noun phrase ends at the main verb: "two-thirds of gang members' ethnicities are not
# recorded" is a share of members, whatever the verb after says; "of those who were convicted"
# keeps its relative clause.
_MAIN_VERB = re.compile(
    r"(?<!who\s)(?<!that\s)(?<!which\s)\b(?:is|are|was|were|has|have|had|remains?|"
    r"remained)\b",
    re.I,
)


# A poll's answer share: "75 percent said ...", "a majority (51%) agreed that ...": a share of
# those asked, the respondents (readers' notes: "shares of respondents, with both answers shown").
_ANSWERED = re.compile(
    r"^[\s)\]]{0,3}(?:of\s+(?:respondents|those\s+(?:asked|polled|surveyed)|people\s+(?:asked|"
    r"polled|surveyed))\b|(?:(?:of\s+(?:them|those|[\w-]+(?:\s+[\w-]+)?)\s+)?(?:who\s+)?(?:said|say|"
    r"says|agreed|agree|disagreed|disagree|answered|responded)\b(?!\s+(?:that\s+)?(?:they|he|she)\s+"
    r"(?:were|was|are|is)\b)))",
    re.I,
)


def _base_described(share: _Share, text: str) -> bool:
    """The text says what the share is of, with a delimiter (time, place, source, stage), or
    is a poll's answer share (of those asked)."""
    if _ANSWERED.match(text[share.end : share.end + 60]):
        return True
    of = _OF_PHRASE.match(text[share.end :])
    if of:
        phrase = of.group(1)
        if verb := _MAIN_VERB.search(phrase):
            phrase = phrase[: verb.start()]
        if _BASE_QUALIFIER.search(phrase) or _INSTITUTIONS.match(phrase):
            return True
    head = text[: share.start]
    if (m := _SET_BEFORE.search(head[-140:])) and _BASE_QUALIFIER.search(m.group(0)):
        return True
    return bool(_AMONG.search(head) and _BASE_QUALIFIER.search(head))


_LONG_PASSAGE = 1200  # characters; longer passages are linked share by share in a window
_REACH = 300
# A passage with more shares than this is a list or a table row run together: each share is
# linked within a short window, so a sentence of hundreds of shares costs hundreds of short
# looks, not hundreds of looks at the whole sentence.
_CROWDED = 24
_CROWDED_REACH = 120
_BRACKET_COUNT = re.compile(rf"^[^()]{{0,50}}?\(\s*({COUNT})\s*\)")


def _fits(share: _Share, count: int, denominator: int) -> bool:
    """The count and base give the stated share: exactly at the stated precision for a
    percentage, within the rounding a phrase implies for "one in five" or "two-thirds"."""
    if share.kind == "percent":
        return count_matches(share.value, count, denominator, share.decimals)
    actual = 100 * count / denominator
    if share.kind == "one_in_n":
        n = round(100 / share.value)
        return 100 / (n + 0.5) <= actual <= 100 / max(n - 0.5, 0.5)
    return abs(actual - share.value) <= 5


@lru_cache(maxsize=64)
def _sentence_facts(text: str) -> tuple[tuple | None, bool]:
    """(lone_pair, listed) of a sentence, the same for each of its shares."""
    shares = _find_shares(text)
    pairs = [
        (spelled_number(m.group(1)), spelled_number(m.group(2)))
        for m in _N_OF_M.finditer(text)
        if m.group(1)[0].isdigit() and m.group(2)[0].isdigit()
    ]
    percents = [s for s in shares if s.kind == "percent"]
    lone_pair = pairs[0] if len(pairs) == 1 and len(percents) == 1 else None
    # "9.4% of residents aged 18 to 64 …, and 81.2% as White British": a list shares its base.
    listed = any(s.kind == "percent" and _base_described(s, text) for s in shares)
    return lone_pair, listed


def _percentage_findings(
    passage: Passage,
    earlier: list[str],
    nearby: list[str],
    previous: str = "",
    measure_named: bool = True,
    census: bool = False,
) -> list[PercentageFinding]:
    out = []
    whole = _find_shares(passage.text)
    for found in whole:
        # A passage the segmenter could not split (a table with no full stops) can run to
        # thousands of characters; each share is linked within its own neighbourhood so the
        # work stays linear in the length of the text.
        text, share = passage.text, found
        reach = _CROWDED_REACH if len(whole) > _CROWDED else _REACH
        if len(text) > _LONG_PASSAGE or len(whole) > _CROWDED:
            left = max(0, found.start - reach)
            text = text[left : found.end + reach]
            share = replace(found, start=found.start - left, end=found.end - left)
        # A crowded passage's facts are the whole passage's, worked out once.
        lone_pair, listed = _sentence_facts(passage.text if len(whole) > _CROWDED else text)
        count, denominator, explicit = _link(share, text, earlier, nearby, lone_pair)
        if (
            denominator is not None
            and count is None
            and _NUMERATOR_BEFORE.search(text[max(0, share.start - 80) : share.start])
        ):
            # "10,097 prisoners, representing 14% of ...": the count is the part, not the whole.
            count, denominator, explicit = denominator, None, False
        consistent: bool | None = None
        informative: bool | None = None
        # "24 of the 29 offices addressed at least 70 percent of their actions": a bound or an
        # approximation is no computed share, so the GRIM check has nothing to test.
        bounded = bool(_BOUND_BEFORE.search(text[max(0, share.start - 25) : share.start]))
        bounded = bounded or bool(_BOUND_AFTER.match(text, share.end))
        if denominator and not explicit and share.kind == "percent":
            # A guessed total that cannot produce the stated value was the wrong guess.
            fits = (
                count_matches(share.value, count, denominator, share.decimals)
                if count is not None
                else grim(share.value, denominator, share.decimals)[0]
            )
            if not fits:
                denominator = None
        if denominator and count is None:
            # "One in five of the 1,240 suspects (248)": the count in brackets after the base.
            bracket = _BRACKET_COUNT.search(text[share.end : share.end + 60])
            value = to_int(bracket.group(1)) if bracket else None
            if value is not None and value < denominator and _fits(share, value, denominator):
                count = value
        if denominator:
            if share.kind == "percentage_points" or bounded:
                consistent, informative = None, None
            elif count is not None and share.kind == "percent":
                consistent = count_matches(share.value, count, denominator, share.decimals)
                informative = True
            elif share.kind == "percent":
                consistent, informative = grim(share.value, denominator, share.decimals)
            elif share.kind == "n_of_m":
                consistent, informative = (count or 0) <= denominator, True
            else:  # "one in five", "two-thirds": approximate by nature
                consistent = count is None or _fits(share, count, denominator)
                informative = count is not None
        # A coverage sentence ("a third of records lack ethnicity") discloses completeness, but
        # its share is still of something unpinned; the suggestion credits the disclosure.
        base = denominator is not None or _base_described(share, text)
        base = base or (listed and share.kind == "percent")
        role = _role(found, passage.text, census)
        base_from = ""
        if role == "population":
            base = True  # a population share is itself a base
        elif role == "difference":
            # A gap is based when the text names its measure ("median hourly pay"), here or
            # once for all its gaps (§2.3); a bare "14% pay gap" is not (guide §2.2).
            base = base or measure_named
        elif role == "change":
            # "an increase of 8% on last year (97,446 offences)": the counts compared are given.
            # Not a year's second half ("2014/15") or a footnote glued to a word.
            others = [
                v
                for v, at in _numbers(text)
                if not share.start <= at < share.end
                and text[at - 1 : at] not in ("/", "-", "–")
                and not text[at - 1 : at].isalpha()
            ]
            base = base or any(v >= 10 for v in others)
        anaphor = _ANAPHOR.match(passage.text) or _OF_THOSE.match(passage.text[found.end :])
        if denominator is None and previous and anaphor:
            # "... almost 47,000 arrests. That is 3.6% of all arrests": the sentence before.
            total = _first_total(previous)
            if total is not None:
                base, base_from = True, "previous_sentence"
                fits = share.kind != "percent" or grim(share.value, total, share.decimals)[0]
                if fits and share.kind in ("percent", "one_in_n", "proportion_word"):
                    denominator = total
                    if share.kind == "percent":
                        consistent, informative = grim(share.value, total, share.decimals)
                    else:
                        consistent, informative = True, False
        out.append(
            PercentageFinding(
                page=passage.page,
                sentence=passage.text,
                value=share.value,
                denominator=denominator,
                base_defined=base,
                consistent=consistent,
                count=count,
                kind=share.kind,  # type: ignore[arg-type]
                text=share.text,
                grim_informative=informative,
                role=role,  # type: ignore[arg-type]
                base_from=base_from,
            )
        )
    return out + _counts_of_those(passage, whole, earlier, previous)


# "31 of those tenants", "in 12 of these cases": a count out of a total named just before.
_N_OF_THOSE = re.compile(
    rf"(?<![\d.,])(?=[\dotfsenzah])({COUNT}|{SPELLED_NUMBER})\s+(?:out\s+)?of\s+(?:those|these)\s+"
    rf"(?:[\w-]+\s+){{0,2}}?{_UNIT}\b",
    re.I,
)


def _counts_of_those(
    passage: Passage, shares: list[_Share], earlier: list[str], previous: str
) -> list[PercentageFinding]:
    """Counts out of the total the sentence before names ("The review read the files of 111
    tenants. It found 31 of those tenants were in arrears."): shares with their base beside
    them (guide H7), in a sentence that states no percentage of its own."""
    if shares:
        return []
    out = []
    for m in _N_OF_THOSE.finditer(passage.text):
        count = spelled_number(m.group(1))
        totals = [t for t in (_first_total(x) for x in (previous, *reversed(earlier)) if x) if t]
        total = next((t for t in totals if count is not None and t > count), None)
        if count is None or count == 0 or total is None:
            continue
        out.append(
            PercentageFinding(
                page=passage.page,
                sentence=passage.text,
                value=round(100 * count / total, 1),
                denominator=total,
                base_defined=True,
                consistent=True,
                count=count,
                kind="n_of_m",
                text=m.group(0),
                grim_informative=True,
                base_from="previous_sentence",
            )
        )
    return out


def detect(context: Context) -> Findings:
    percentages: list[PercentageFinding] = []
    claims: list[RepresentationClaim] = []
    recent: list[Passage] = []
    quoted = quoted_passages(context)
    quoted_figures: set[str] = set()
    vague: list[VagueShare] = []
    coverage: list[Signal] = []
    comparisons: list[RateComparison] = []
    passages = list(context.passages)
    # A page that gives two or more rates per population side by side backs the comparisons
    # made on it, even a few sentences away (a short article's "three times as likely").
    compares = lru_cache(maxsize=None)(
        lambda j: bool(_REPRESENTATION.search(passages[j].text) or _RATIO.search(passages[j].text))
    )
    # The measure of a pay gap ("median hourly earnings"), named anywhere, covers every gap.
    measure_named = any(_NAMED_MEASURE.search(p.text) and _MEASURE.search(p.text) for p in passages)
    # Census results: their shares of people are population shares, where no unknowns arise.
    census_named = any(_CENSUS.search(p.text) for p in passages[:3])
    rated_pages = {
        p.page for p in passages if len({m.group(0) for m in _GROUP_RATE.finditer(p.text)}) >= 2
    }
    for i, passage in enumerate(context.in_time(CRITERION, passages)):
        contents = contents_start(passage.text)
        if contents is not None:
            # Headings of a contents list name tables ("victims per 100,000 inhabitants"),
            # they state no share: read only what comes before the list.
            passage = passage.model_copy(update={"text": passage.text[:contents].rstrip()})
        reported = (passage.page, passage.start) in quoted
        if not reported:
            vague += [
                VagueShare(page=passage.page, sentence=passage.text, text=text, base_given=base)
                for text, base in _vague_in(passage.text)
            ]
        if _COVERAGE.search(passage.text) or _RESPONSE.search(passage.text):
            coverage.append(Signal(page=passage.page, sentence=passage.text, kind="coverage"))
        if m := _BASE_WARNING.search(passage.text):
            coverage.append(
                Signal(page=passage.page, sentence=passage.text, kind="base_warning",
                       text=m.group(0))
            )  # fmt: skip
        if m := _POP_PHRASE.search(passage.text):
            coverage.append(
                Signal(page=passage.page, sentence=passage.text, kind="population_base",
                       text=m.group(0))
            )  # fmt: skip
        # The sentence, its paragraph and the sentences either side: a base "beside" a claim.
        # A neighbour making a comparison of its own is its own claim, not this one's base.
        beside = [
            passages[j]
            for j in range(max(0, i - 1), min(len(passages), i + 2))
            if passages[j].page == passage.page and (j == i or not compares(j))
        ]
        paragraph = context.paragraph_of(passage)
        position = next((i for i, p in enumerate(paragraph) if p is passage), len(paragraph))
        # Bounded, so a paragraph the segmenter could not split costs no more per sentence.
        close = paragraph[max(0, position - 4) : position + 5]
        window = _SEP.join(dict.fromkeys(p.text for p in [*close, *beside]))
        # "... 5.2 percent in 2019. This means X are six times more likely than Y (0.9
        # percent)": one rate here and the other in the sentence beside it (guide H7).
        split_rates = _one_rate(passage.text) and any(
            _one_rate(p.text) for p in beside if p is not passage
        )
        ratios = _rates_and_ratios(
            passage, window, reported, passage.page in rated_pages or split_rates
        )
        comparisons += ratios
        earlier = [p.text for p in paragraph[max(0, position - 2) : position]]
        index = len(recent)
        nearby = [p.text for p in recent[max(0, index - 8) :] if p.page == passage.page]
        recent.append(passage)
        previous = passages[i - 1].text if i and passages[i - 1].page == passage.page else ""
        found = _percentage_findings(
            passage, earlier, nearby, previous, measure_named, census_named
        )
        if reported:
            quoted_figures.update(f.text for f in found)
        elif quoted_figures and REBUTTAL.search(passage.text):
            # The quoted figure again, while the document takes it apart ("no whole number of
            # people out of 30 gives 24.0%"), is still the other report's figure.
            reported_again = [f for f in found if f.text in quoted_figures]
            found = [f.model_copy(update={"quoted": True}) if f in reported_again else f
                     for f in found]  # fmt: skip
        if reported:
            found = [f.model_copy(update={"quoted": True}) for f in found]
        if any(r.kind == "ratio" and r.base_given for r in ratios):
            # The percentages of a sentence comparing two groups' rates are those rates.
            found = [f if f.base_defined else f.model_copy(update={"base_defined": True})
                     for f in found]  # fmt: skip
        percentages.extend(found)
        if _REPRESENTATION.search(passage.text) and not reported:
            around = window
            # "as shown in Section 2" points back to a comparison already made with a base.
            backed = any(c.base_given for c in claims) and _BACK_REFERENCE.search(passage.text)
            claims.append(
                RepresentationClaim(
                    page=passage.page,
                    sentence=passage.text,
                    base_given=bool(
                        passage.page in rated_pages
                        or _POP_PHRASE.search(around)
                        or _ratio_based(around, passage.text)
                        or _numbered_population(around)
                        or backed
                    ),
                )
            )
    return Findings(
        percentages=percentages,
        representation_claims=claims,
        vague_shares=vague,
        denominators_signals=coverage,
        rate_comparisons=comparisons,
    )


# --- suggestion -----------------------------------------------------------------------------

_SHARE_KINDS = {"percent", "one_in_n", "n_of_m", "proportion_word"}


_BOUND_BEFORE = re.compile(
    r"\b(?:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|up\s+to|over|under|above|"
    r"below|nearly|almost|approximately|about|around|roughly|within)\s+$",
    re.I,
)
_BOUND_AFTER = re.compile(r"\s+or\s+(?:more|above|higher|greater|less|below|lower|fewer)\b", re.I)
_CELL = re.compile(
    r"^(?:[<>≤≥±~]?[£$€]?\(?-?\d[\d,.]*\)?(?:%|[*^†]|[A-Z])?|N/?A\*?|[-–—≤≥<>]|n\.?a\.?)$"
)
_WORD = re.compile(r"^[A-Za-z][a-z’'-]+[,;:]?$")


def _figure_row(sentence: str) -> bool:
    """A line of table cells ("76% 78% 79.2% ≥ 80% Met"), not a sentence: three or more figures,
    no fewer figures than words, and no full stop at the end."""
    tokens = sentence.split()
    cells = sum(1 for t in tokens if _CELL.match(t))
    words = sum(1 for t in tokens if _WORD.match(t))
    return cells >= 3 and cells >= words and not sentence.rstrip().endswith(".")


@dataclass(frozen=True)
class _Stated:
    """One share as the suggestion sees it: a percentage finding, a vague "most" or a ratio."""

    page: int
    sentence: str
    text: str
    based: bool
    denominator: int | None = None
    count: int | None = None
    failed: bool = False
    # "change", "difference", "population", "rate", "ratio", "vague" or "share".
    role: str = "share"
    # A rise or fall whose sentence gives the counts compared ("from 2,410 to 3,075").
    counted: bool = False


# Figures where no unknowns can arise (a gap on a named measure, a population share, a rate per
# population): a base named for them needs no word on missing records (guide §3.3, level 2).
_NO_UNKNOWNS = {"difference", "population", "rate"}


def _level(
    stated: list[_Stated],
    unbased_claims: int,
    coverage: bool,
    warned: bool,
    incomplete: bool = False,
) -> tuple[int, float]:
    """The level and the share of figures with a base, from the figures the document states."""
    # Rises and falls count only when the document states no share of its own.
    main = [s for s in stated if s.role != "change"] or stated
    based = [s for s in main if s.based]
    ratio = len(based) / len(main)
    with_count = [s for s in main if s.denominator is not None]
    anchored = bool(with_count) or any(s.role in _NO_UNKNOWNS for s in based)
    anchored = anchored or any(s.count is not None for s in main)
    anchored = anchored or any(s.role == "change" and s.based for s in stated)
    # Unknowns are addressed when stated, or when no unknowns can arise for the figures.
    # A ratio backed by rates is as free of unknowns as the rates it compares.
    free = [s for s in based if s.role in _NO_UNKNOWNS]
    unknowns = coverage or (bool(free) and all(s.role in {*_NO_UNKNOWNS, "ratio"} for s in based))
    if not anchored and not coverage:
        # A unit named for a share ("88% of local authorities") but no count anywhere: the
        # guide's level 1 ("N or unit appears somewhere"), not bare shares; unless the split
        # is also plainly incomplete with unknowns unmentioned, a second failing.
        level = 1 if based and not incomplete else 0
    elif ratio >= 0.85 and coverage and warned and not unbased_claims:
        level = 3 if len(with_count) / len(main) >= 0.6 else 2
    elif ratio >= 0.85 and coverage and not unbased_claims:
        level = 3 if len(with_count) / len(main) >= 0.6 and len(main) > 1 else 2
    elif ratio >= 0.6:
        # Unknowns must be addressed where the records are plainly incomplete (a split by group
        # that leaves a share unaccounted for); elsewhere a base with its count is level 2, as
        # the guide says: never demand missing records where nothing suggests any (§2.2).
        counted = [s for s in main if s.denominator is not None or s.counted]
        full = ratio >= 0.85 and not incomplete and len(counted) / len(main) >= 0.5
        level = 2 if unknowns or full else 1
    elif based or (with_count and coverage) or anchored:
        level = 1
    else:
        level = 0
    if unbased_claims and level > 1:
        level = 1
    if not anchored and level > 1:
        # Level 2 asks for N and unit: bases described in words, with no count anywhere and no
        # figure where none is needed (a pay gap, a population share), stop at 1.
        level = 1
    return level, ratio


def _vague_role(share: VagueShare) -> str:
    """ "The proportion of tenants in arrears has doubled since 2010" reports a change in a measure:
    like a rise or fall, it counts only when the document states no share of its own."""
    trend = share.text.lower().startswith(("the proportion", "the percentage"))
    trend = trend and _TREND.search(share.sentence)
    return "change" if trend else "vague"


def _two_counts(sentence: str, text: str) -> bool:
    """A rise or fall given with both counts it compares ("from 2,410 to 3,075")."""
    rest = sentence.replace(text, " ")
    values = {
        v
        for m in _VALUE.finditer(rest)
        if (v := to_int(m.group(0))) is not None and not is_year(v, m.group(0))
    }
    return len(values) >= 2


_GROUP_SHARE = re.compile(
    # "83% of suspects in cases in Wexshire were white": the first share of a list names its
    # whole before the verb.
    r"^\s*(?:of\s+[^.;:%\d]{1,60}?\s+(?=(?:were|was|are|is)\b))?(?:were|was|are|is)?\s*"
    # not "41% of BAME defendants": a share of the group, not the group's share
    r"(?:(?:defined|recorded|described|identified|classed)\s+as\s+)?(?:(?!of\b)[\w-]+\s+){0,2}?$"
)
_REMAINDER = re.compile(
    r"\b(?:other|others|remaining|remainder|rest|unknown|not\s+(?:known|recorded|stated)|"
    r"unrecorded|missing)\b",
    re.I,
)


def _incomplete_split(shares: list[PercentageFinding]) -> bool:
    """Shares of one sentence that split people by ethnicity, religion or nationality and leave
    a clear part unaccounted for ("42% were white, 14% Asian and 17% black"), with no word on
    the rest: the guide's "plainly incomplete records with unknowns not mentioned" (level 1)."""
    by_sentence: dict[str, list[PercentageFinding]] = {}
    for f in shares:
        if f.kind == "percent" and f.role == "share":
            by_sentence.setdefault(f.sentence, []).append(f)
    for sentence, found in by_sentence.items():
        if len(found) < 2 or _REMAINDER.search(sentence):
            continue
        groups = identity_matches(sentence)
        # One breakdown splits by one attribute: "60% were British and 30% Muslim" is two.
        by_attribute: dict[str, list[float]] = {}
        for f in found:
            at = sentence.find(f.text)
            end = at + len(f.text)
            if at < 0:
                continue
            attribute = next(
                (
                    attribute
                    for attribute, start, _ in groups
                    if 0 <= start - end <= 80 and _GROUP_SHARE.match(sentence[end:start])
                ),
                None,
            )
            if attribute:
                by_attribute.setdefault(attribute, []).append(f.value)
        # Two groups may leave out a third on purpose; three or more are a breakdown, and
        # more than rounding short of 100 leaves records unaccounted for.
        for values in by_attribute.values():
            total = sum(values)
            if (len(values) >= 2 and total <= 90) or (len(values) >= 3 and total <= 97):
                return True
    return False


# A whole number of 10 or more, not a year: a value compared ("8,236"), not "5.8 times".
_VALUE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?!\d|,\d)|(?<![\w.,])\d{2,}(?![\w%]|[.,]\d)")


def _compared_values(sentence: str, ratio: str) -> int | None:
    """The larger of the two values a ratio compares, when the sentence gives both ("Syrians
    come in at 8,236 and Afghans at 8,753, over four times higher"): the figures compared
    appear, though not as rates with their base (guide level 1: "N or unit appears")."""
    rest = sentence.replace(ratio, " ")
    values = [
        v
        for m in _VALUE.finditer(rest)
        if (v := to_int(m.group(0))) is not None and not is_year(v, m.group(0))
    ]
    return max(values) if len(values) >= 2 else None


# A share in words of people by a group attribute: "mainly White British", "largely of
# Pakistani origin", "They were all white" (the group itself is read by `attributes_named`).
_SHARE_ADVERB = re.compile(
    r"\b(?:mainly|mostly|largely|predominantly|overwhelmingly|primarily|almost\s+(?:all|entirely|"
    r"exclusively)|nearly\s+all|(?:were|are)\s+all)\s+(?:of\s+|from\s+)?",
    re.I,
)
# Group words the shared reader leaves to case or does not list, read alike here: "mainly white"
# as "mainly Black", "mainly English" as "mainly British" (a review found the asymmetry).
_GROUP_WORD = re.compile(
    r"\s*(?:of\s+)?(?:white|black|brown|asian|mixed|english|scottish|welsh|irish|gypsies|gypsy|"
    r"roma|travellers?)\b",
    re.I,
)


def _unnumbered_claims(context: Context) -> list[Passage]:
    """The document's own passages that compare groups or give a share in words with no number
    ("more likely to be stopped", "mainly of Ruritanian origin"): statistical claims with no
    base, for a document that states no figure at all."""
    disputed = quoted_passages(context)
    out = []
    for passage in context.passages:
        if (passage.page, passage.start) in disputed:
            continue
        text = passage.text
        claim = unnumbered_claim(text)
        if claim and supposed(text, claim):
            claim = None
        # The group right after the adverb, in a sentence about people ("The girls were mainly
        # White British"; not "the food was largely Indian", "volunteers mainly speak English").
        share = bool(PEOPLE.search(text)) and any(
            attributes_named(after := " ".join(text[m.end() :].split()[:3]))
            or _GROUP_WORD.match(after)
            for m in _SHARE_ADVERB.finditer(text)
        )
        if claim or share:
            out.append(passage)
    return out


# A count of people or events the document states: "6,603 incidents", "696 discriminatory
# motives were recorded", "82,726 pupils". Not a year, a sum of money or a share.
_COUNT_GIVEN = re.compile(
    # Not a section or article number, a share ("one in 10 people", "10 pc of victims"), nor a
    # count of people in general ("the charity employs 40 people", "200 people attended"): the
    # counted things are the records a share could be of (a review found those all lifted 0 to 1).
    r"(?<![\w.,£$€/-])(?<!\bin\s)(?<!\bof\s)(?<!section\s)(?<!article\s)(?<!part\s)"
    r"(?:\d{1,3}(?:,\d{3})+|\d{2,})(?![\w%.,/-]|\s?(?:%|per\s?cent|pc\b))"
    r"\s+(?:[\w-]+\s+){0,2}?(?:victims|offenders|perpetrators|suspects|defendants|prisoners|"
    r"inmates|migrants|immigrants|refugees|asylum\s+seekers|respondents|pupils|students|"
    r"incidents|offences|offenses|crimes|cases|arrests|convictions|searches|stops|reports|"
    r"referrals|exclusions|suspensions|deaths|births|admissions|detentions|motives|"
    r"applications|arrivals|complaints)\b",
    re.I,
)


def _counts_given(context: Context) -> list[tuple[Passage, str]]:
    """The document's own passages that give a count of people or events (not in passages
    disputing someone else's figures), each with the first count's words (a year is none)."""
    disputed = quoted_passages(context)
    out = []
    for passage in context.passages:
        if (passage.page, passage.start) in disputed:
            continue
        for m in _COUNT_GIVEN.finditer(passage.text):
            number = m.group(0).split()[0]
            if not is_year(to_int(number) or 0, number):
                out.append((passage, m.group(0)))
                break
    return out


def suggest(findings: Findings, context: Context) -> Suggestion:
    """Denominators: the share of stated percentages, rates and ratios whose base is given,
    adjusted for the GRIM check, disclosed coverage, comparisons without a population base and
    the way the document handles figures it quotes in order to dispute them."""
    signals = findings.denominators_signals
    coverage = [s for s in signals if s.kind == "coverage"]
    warnings = [s for s in signals if s.kind == "base_warning"]
    # A sentence that states how complete the records are gives its shares a base.
    discloses = {(s.page, s.sentence) for s in coverage}
    shares = [
        f for f in findings.percentages
        # A share cannot pass 100%; a rise can ("an increase of 270% since 2013").
        if f.kind in _SHARE_KINDS
        and not (f.kind == "percent" and f.value > 100 and f.role != "change")
    ]  # fmt: skip
    stated = [
        _Stated(f.page, f.sentence, f.text, f.base_defined or (f.page, f.sentence) in discloses,
                f.denominator, f.count, f.consistent is False, f.role,
                counted=f.role == "change" and _two_counts(f.sentence, f.text))
        for f in shares
        if not f.quoted
    ]  # fmt: skip
    # A row of figures is a table's cells: its base is in the table's headings, which the
    # extraction sets apart (guide H7). Not detected is not absent, so such a cell without a
    # base found is left out of the count, unless the document states no share in prose.
    rows: dict[str, bool] = {}  # a sentence holds many shares: one look at each
    row_of = [not s.based and rows.setdefault(s.sentence, _figure_row(s.sentence)) for s in stated]
    in_rows = [s for s, row in zip(stated, row_of, strict=True) if row]
    if len(in_rows) < len(stated):
        stated = [s for s, row in zip(stated, row_of, strict=True) if not row]
    else:
        in_rows = []
    stated += [
        _Stated(v.page, v.sentence, v.text, v.base_given, role=_vague_role(v))
        for v in findings.vague_shares
    ]
    comparisons = findings.rate_comparisons
    stated += [
        _Stated(c.page, c.sentence, c.text, c.base_given, role=c.kind,
                count=_compared_values(c.sentence, c.text) if c.kind == "ratio" else None)
        for c in comparisons
        if not c.quoted
    ]  # fmt: skip
    quoted = [f for f in shares if f.quoted] + [c for c in comparisons if c.quoted]
    claims = findings.representation_claims
    unbased_claims = [c for c in claims if not c.base_given]
    unbased_ratios = [s for s in stated if s.role == "ratio" and not s.based]
    counts = {
        "shares": len(stated),
        "shares_in_rows_of_figures": len(in_rows),
        "coverage_statements": len(coverage),
        "base_warnings": len(warnings),
        "quoted_figures": len(quoted),
        "representation_claims": len(claims),
        "rate_comparisons": len(comparisons),
    }
    bare_claims = [] if stated or claims or quoted else _unnumbered_claims(context)
    if bare_claims:
        # Claims with nothing behind them get a low level, never "not applicable" (guide 3.2).
        counts["unnumbered_claims"] = len(bare_claims)
        pages = page_list(p.page for p in bare_claims)
        return suggested(
            CRITERION,
            0,
            0.35,
            [f"no percentage or count was found, but {plural(len(bare_claims), 'sentence')} "
             f"compare groups or give a share in words with no figure or base ({pages})"],
            [(p.page, p.text, "a comparison or share in words, with no base") for p in bare_claims],
            limit=4,
            counts=counts,
        )  # fmt: skip
    if not stated and not claims and not quoted:
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="not_applicable",
            confidence=0.5,
            rationale="No percentage, share word, rate, ratio or representation claim was "
            "found, so the question looks not to apply; check tables and figures by eye.",
            counts=counts,
        )
    if not stated and not claims:
        # Only figures quoted to be disputed: judge how the document handles them (H1).
        level = 2 if warnings else 1
        pages = page_list(f.page for f in quoted)
        how = (
            "and says what they can and cannot be compared with"
            if warnings
            else "without saying what they are a share of"
        )
        items = [(w.page, w.sentence, "says what a figure is a share of") for w in warnings]
        items += [(f.page, f.sentence, f"'{f.text}' quoted to be disputed") for f in quoted]
        return suggested(
            CRITERION,
            level,
            0.4,
            [f"the only figures are ones the document quotes in order to dispute them ({pages}), "
             + how],
            items,
            limit=5,
            counts=counts,
        )  # fmt: skip
    based = [s for s in stated if s.based]
    bare = [s for s in stated if not s.based]
    with_count = [s for s in stated if s.denominator is not None]
    failed = [s for s in stated if s.failed]
    if stated:
        level, ratio = _level(
            stated,
            len(unbased_claims) + len(unbased_ratios),
            bool(coverage),
            bool(warnings),
            _incomplete_split([f for f in shares if not f.quoted]),
        )
    else:
        level, ratio = (0 if unbased_claims else 2), 0.0
    counted = [] if level else _counts_given(context)
    if counted:
        # "N or unit appears somewhere but not for the headline share" (guide, level 1): the
        # document gives a count of the people or events its shares are about.
        level = 1
    # One slip among a long report's many checkable shares is shown, not taken as the report's
    # handling of its bases.
    failing = bool(failed) and len(failed) * 10 >= len(with_count)
    if failing:
        level = min(level, 1 if ratio >= 0.6 else 0)
    if warnings and not failing and level < 2:
        # Saying what a figure can and cannot show ("a count at one point in time cannot give a
        # likelihood") is the document taking a figure apart with reasons (guide H1): 2.
        level = 2

    parts = []
    if stated:
        noun = plural(len(stated), "figure")
        part = f"{len(based)} of {noun} (shares, rates, ratios) say what they are a share of"
        if bare:
            part += f"; {len(bare)} do not ({page_list(s.page for s in bare)})"
        parts.append(part)
        if with_count:
            parts.append(f"{len(with_count)} give a count to check against")
        free = [s for s in based if s.role in _NO_UNKNOWNS]
        if free:
            parts.append(
                f"{len(free)} are pay gaps, population shares or rates, where no unknowns arise"
            )
    if in_rows:
        parts.append(
            f"{plural(len(in_rows), 'share')} in rows of figures left out, since a table's base is "
            f"in its headings ({page_list(s.page for s in in_rows)})"
        )
    if failed:
        parts.append(
            f"{plural(len(failed), 'percentage')} cannot come from the stated count "
            f"({page_list(s.page for s in failed)})"
        )
    if coverage:
        pages = page_list(p.page for p in coverage)
        parts.append(f"missing or unknown records are discussed ({pages})")
    else:
        parts.append("no statement found of how many records lack the attribute counted")
    if warnings:
        parts.append(f"cautions about bases or comparisons ({page_list(w.page for w in warnings)})")
    if quoted:
        parts.append(
            f"{plural(len(quoted), 'figure')} quoted to be disputed not counted as the "
            f"document's own ({page_list(f.page for f in quoted)})"
        )
    if claims:
        part = (
            f"{len(claims) - len(unbased_claims)} of {plural(len(claims), 'representation claim')}"
        )
        part += " cite a population base"
        if unbased_claims:
            part += f" (none near {page_list(c.page for c in unbased_claims)})"
        parts.append(part)
    if unbased_ratios:
        parts.append(
            f"{plural(len(unbased_ratios), 'ratio')} between groups with neither rate nor a "
            f"population base ({page_list(s.page for s in unbased_ratios)})"
        )
    if counted:
        parts.append(
            f"a count of people or events is given ({counted[0][1]}, "
            f"{page_list(p.page for p, _ in counted)}), though not as a share's base"
        )

    items: list[tuple[int, str, str]] = []
    for s in failed:
        if s.count is not None:
            items.append(
                (s.page, s.sentence, f"'{s.text}' cannot be {s.count} of {s.denominator:,}")
            )
        else:
            items.append((s.page, s.sentence, f"'{s.text}' is impossible out of {s.denominator:,}"))
    items += [(c.page, c.sentence, "representation claim with no population base")
              for c in unbased_claims]  # fmt: skip
    items += [(s.page, s.sentence, f"'{s.text}' with no stated base") for s in bare]
    items += [(p.page, p.sentence, "states how complete the records are") for p in coverage]
    items += [(w.page, w.sentence, "cautions about a base or comparison") for w in warnings]
    items += [(s.page, s.sentence, f"'{s.text}' of {s.denominator:,}") for s in with_count]
    items += [(s.page, s.sentence, f"'{s.text}' with its base described") for s in based]
    items += [(p.page, p.text, "gives a count, not a share's base") for p, _ in counted[:1]]

    confidence = min(0.85, 0.3 + 0.05 * (len(stated) + len(claims)))
    # Close to a threshold the level could go either way.
    if stated and any(abs(ratio - t) < 0.08 for t in (0.5, 0.6, 0.85)):
        confidence -= 0.15
    counts |= {
        "shares_with_base": len(based),
        "shares_without_base": len(bare),
        "shares_with_count": len(with_count),
        "shares_impossible": len(failed),
        "representation_claims_without_base": len(unbased_claims),
        "ratios_without_base": len(unbased_ratios),
    }
    return suggested(CRITERION, level, max(0.1, confidence), parts, items, limit=5, counts=counts)


# --- the contract -----------------------------------------------------------------------------

_STATED_DECIMALS = re.compile(r"\d+(?:\.(\d+))?\s*(?:%|per\s?cent)")


def _check_key(item) -> None:
    """An answer key's percentage must quote its sentence and, with a denominator, say
    whether the GRIM check passes, and say it rightly."""
    if item.text not in item.sentence:
        raise ValueError(f"text {item.text!r} is not in its sentence")
    if item.denominator is None:
        if item.consistent is not None:
            raise ValueError("consistent must be unset when there is no denominator")
        return
    if item.consistent is None:
        raise ValueError("consistent must be true or false when there is a denominator")
    if item.kind == "percent":
        decimals = m.group(1) if (m := _STATED_DECIMALS.search(item.text)) else None
        expected = grim_consistent(item.value, item.denominator, len(decimals or ""))
        if expected != item.consistent:
            raise ValueError(f"{item.text} of {item.denominator}: consistent should be {expected}")


CHECK = Check(
    criterion=CRITERION,
    produces={
        "percentages": PercentageFinding,
        "representation_claims": RepresentationClaim,
        "vague_shares": VagueShare,
        "denominators_signals": Signal,
        "rate_comparisons": RateComparison,
    },
    detect=detect,
    suggest=suggest,
    answer_key={
        "percentages": KeyedList(
            fields=(
                "page",
                "sentence",
                "text",
                "value",
                "denominator",
                "count",
                "base_defined",
                "consistent",
                "kind",
                "quoted",
            ),
            limits={"value": {"ge": 0}, "denominator": {"ge": 1}, "count": {"ge": 0}},
            check=_check_key,
            identity=("sentence", "text"),
            scored={
                name: (name,) for name in ("denominator", "base_defined", "consistent", "quoted")
            },
        )
    },
)


# The caches keyed by a passage's text, for measurements that must start each run cold.
TEXT_CACHES = (_first_total, _numbers, _stated_totals, _sentence_facts)
