"""Scale and extrapolation: totals, vague big numbers, national claims and forecasts, and whether
each states how it was reached and how uncertain it is.

A lower bound read off case files ("at least 1,400 children") is honest and is never a fault. A
refusal to extrapolate ("we do not scale this figure up to England") is good practice, not a claim.
Money, page counts and population figures are not scale claims about people.
"""

from __future__ import annotations

import re

from ..models import Findings, Passage, ScaleClaim, Signal, Suggestion
from ..wording import MONTHS, markdown_table_row
from . import speech
from .common import confidence_from_count, contents_run, evidence, page_list, plural
from .context import Context
from .contract import Check, KeyedList
from .cues import is_rebutted_report, quoted_flags
from .parallel import passage_fact

# The rubric criterion this module checks (its module name, by the contract).
CRITERION = "extrapolation"

# "(In millions)" over a table is its unit, not a vague total.
_VAGUE = re.compile(
    r"\b(?:hundreds\s+of\s+thousands|tens\s+of\s+thousands|thousands\s+of|(?<!\bin\s)millions|"
    r"(?:a|one|half\s+a|a\s+quarter\s+of\s+a)\s+million|(?:a\s+)?(?:quarter|half)-million|"
    r"billions)\b",
    re.I,
)
# Quantities too vague to be a bound even after "at least" ("at least hundreds of thousands").
_TRULY_VAGUE = re.compile(
    r"\b(?:hundreds\s+of\s+thousands|tens\s+of\s+thousands|thousands\s+of|millions|billions)\b",
    re.I,
)
_NATIONAL = re.compile(
    r"\b(?:nationwide|nationally|across\s+(?:the\s+(?:country|uk)|britain|england)|"
    r"every\s+(?:town|city|area)|up\s+and\s+down\s+the\s+country|in\s+(?:every|all)\s+"
    r"(?:towns?|areas))\b",
    re.I,
)
_NUMBER = re.compile(
    r"(?<![\w.,£$€/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s?(?:million|m|thousand|k|bn|billion)\b)?"
    r"(?![\w%/])"
)
_UNITS = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:children|girls|boys|victims|people|offenders|perpetrators|men|"
    r"women|migrants|patients|households|families|offences|crimes|incidents|cases|referrals|"
    r"deaths|prisoners|suspects|abusers|criminals|residents|adults|survivors|rapes|"
    r"assaults|arrivals|visitors|tenants|applicants|pupils|students|workers|members|individuals|"
    r"persons|claimants|users)\b",
    re.I,
)
_NOT_PEOPLE = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:pages|documents|emails|files|case\s+notes|words|pounds|years|"
    r"months|days|hours|miles|per\s+cent|percent|times|records|agencies|organi[sz]ations|"
    r"companies|businesses|websites|dollars|euros|signatures)\b",
    re.I,
)
_ESTIMATE = re.compile(
    r"\b(?:estimat\w*|projection|projected|projects|forecast\w*|modell?(?:ed|ing)|"
    r"extrapolat\w*|scal(?:ed|ing)\s+up|grossed\s+up|implies|imply|would\s+(?:rise|fall)\s+to|"
    r"on\s+current\s+trends|(?:will|would|could|might|may)\s+(?:rise|reach|grow|fall|increase|"
    r"double)|add\w*\s+(?:\w+\s+)?together|"
    r"we\s+add|adding\s+(?:these|them|this|those)|on\s+(?:that|this|these)\s+assumptions?|"
    # "between 1,200 and 1,900 victims", not a span of years ("between 2004 and 2019").
    r"(?<!aged\s)between\s+(?!(?:19|20)\d\d\s+and\s+(?:19|20)\d\d\b)[\d,]+\s+and\s+[\d,]+(?![\d,])"
    r"(?!\s*(?:years?|months?|weeks?|days?|hours?|"
    r"per\s*cent|%))|the\s+(?:true|real|actual|full)\s+(?:number|scale|"
    r"figure|total|extent)|put\s+(?:the|its|their)\s+(?:new\s+|own\s+|latest\s+)?(?:figure|"
    r"number|total|toll|count)\s+at\s+(?:approximately|around|about|some|roughly|nearly|close\s+to))\b",
    re.I,
)
# A projection of when a gap closes: "will not close until 2086 at the present rate". No total
# of people, but a figure carried beyond the data all the same (a method hinted: the rate).
_UNTIL_YEAR = re.compile(
    r"\b(?:will|would|won['’]t)\b[^.;]{0,80}?\b(?:until|by|before)\s+2\d{3}\b", re.I
)
_AT_THE_RATE = re.compile(
    r"\b(?:at\s+(?:the\s+)?(?:present|current)\s+(?:rate|pace)|on\s+current\s+trends)\b", re.I
)
# ... and it is a projection about a gap between groups, not a timetable ("the library will be
# finished by 2026 at the current pace").
_GAP = re.compile(r"\b(?:gap|gaps|difference|disparit\w+|parity|inequalit\w+|equal\w*)\b", re.I)


# A counterfactual total: "if Maori were imprisoned at the same rate as non-Maori, the prison
# population would be ...", "if white people had been stopped at the same rate as black people,
# police would have carried out ...": a figure beyond the data whose method is the stated rate.
_SAME_RATE = re.compile(
    r"\bif\b[^.;]{0,120}?\b(?:at|by)\s+the\s+same\s+rates?\s+as\b|"
    r"\bif\s+(?:that|this|the\s+same|their|its)\s+rate\s+(?:applied|were\s+applied|held)\b",
    re.I,
)
# A trend carried forward: "on this trajectory ... will comprise 33 per cent", "if the current
# situation continues, we expect to reach 222 fatalities".
_TREND_ON = re.compile(
    r"\b(?:on\s+(?:this|that|the\s+current)\s+trajectory|if\s+(?:the\s+)?(?:current|present)\s+"
    r"(?:trends?|situation|rates?|pace)\s+(?:continues?|persists?|holds?)|if\s+(?:current\s+)?"
    r"trends\s+continue|at\s+this\s+rate)\b",
    re.I,
)
_CONSEQUENCE = re.compile(r"\b(?:would|will|expect\w*|set\s+(?:to|for))\b", re.I)
_PERCENT_FIGURE = re.compile(r"\d\s?(?:%|per\s?cent\b|percent\b)", re.I)


@passage_fact(lambda p: (p.text,))
def _carried_forward(text: str) -> bool:
    """A figure carried beyond the data by a rule the sentence states: a gap projected at the
    present rate, a counterfactual total at another group's rate, or a trend carried forward
    to a number. A stored passage fact: four steps of the check ask it of the same sentence."""
    if _AT_THE_RATE.search(text) and _UNTIL_YEAR.search(text) and _GAP.search(text):
        return True
    ruled = _SAME_RATE.search(text) or _TREND_ON.search(text)
    if not (ruled and _CONSEQUENCE.search(text, ruled.start())):
        return False
    # A total of people or events, or a share, carried forward: not a year or a sum of money
    # ("at this rate the review will not finish before 2030").
    return bool(_people_totals(text) or _PERCENT_FIGURE.search(text) or _plain_count(text))


def _plain_count(text: str) -> bool:
    """A number that is neither a year nor a sum of money ("about 4,000 smaller")."""
    for match in _NUMBER.finditer(text):
        raw = match.group(1)
        value = float(raw.replace(",", ""))
        before = text[max(0, match.start() - 6) : match.start()]
        after = text[match.end() : match.end() + 12]
        if "," not in raw and 1900 <= value <= 2099 and not match.group(2):
            continue
        if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
            continue
        if value >= 10 or match.group(2):
            return True
    return False


# Summing words: a built total ("the total comes to"), unless the sentence says the figure was
# counted or recorded, when it is a count however large (issue 12, pattern 8).
_TOTAL = re.compile(
    r"\b(?:total\s+(?:for|of|comes|is)|in\s+total|altogether|combined)\b",
    re.I,
)
# A number the data themselves give: recorded, identified, convicted, answered. Such counts and
# their "at least" bounds never need a method or a range, whatever their size.
_COUNTED = re.compile(
    r"\b(?:recorded|identified|counted|confirmed|convicted|arrested|charged|cautioned|sentenced|"
    r"stopped|searched|referred|registered|admitted|detained|removed|deported|notified|flagged|"
    # not "killed" or "died": "500,000 people died in the famine" is a toll, not a count
    r"granted|refused|approved|imprisoned|jailed|committed\s+to\s+(?:prison|custody|trial)|"
    r"received|issued|reported\s+(?:to|by|(?!that\b)[a-z]+s)\b|were\s+(?:born|living|resident)|chose\s+to|in\s+(?:prison|"
    r"custody|detention|care)|"
    r"answered|responded|took\s+part|census|(?:data|figures|records|statistics|returns)\s+"
    r"(?:show|shows|showed|record|recorded|for|submitted|supplied|provided|returned)|"
    # A stock read off the records on a stated day: "As of 30 June, there were 11,135 ...".
    r"as\s+(?:of|at)\s+(?:the\s+end\s+of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b(?:\s+\d{1,2}(?:st|nd|rd|th)?)?)\b",
    re.I,
)
# "For example, the ratio is 2 when 10 out of one million ... are killed": a worked example.
_HYPOTHETICAL = re.compile(
    r"\s*(?:for\s+(?:example|instance)|suppose|imagine|say)\b,?[^.]{0,80}?\b(?:if|when)\b", re.I
)
_HEDGE = re.compile(
    # Not a time: "up to the first year after", "up to March 31", "up to 2019".
    r"\b(?:(?<!add\s)(?<!adds\s)(?<!added\s)(?<!adding\s)up\s+to(?!\s+(?:\d[\d,]*\s+)?"
    # ... but "up to 500 a year" and "up to 300 more may be" are hedged totals
    r"(?:(?!\d|a\b|an\b|per\b|more\b|may\b)[\w-]+\s+){0,2}?(?:weeks?|days?|months?|years?|hours?|"
    r"minutes?|(?:the\s+)?age|now|date|(?:19|20)\d\d|january|february|march|april|(?-i:May)|june|"
    r"july|august|september|october|november|december)\b)|"
    # not a multiple: "over twice as many as the previous year"
    r"(?<!twice\s)(?<!times\s)(?<!half\s)as\s+many\s+as|"
    # "could be 4,000", "may be higher", not a passive verb ("the perpetrator could be
    # identified", "may be seen"): the hedge is on a quantity.
    r"(?:could|may|might)\s+be(?!\s+(?:\w+ly\s+)?(?!(?:under|over)stated\b|seven\b|eleven\b|"
    r"\w+teen\b|between\b)[a-z]{3,}(?:ed|en)\b)"
    # nor a state of mind or a judgement ("the Deputy may be aware", "it might be useful")
    r"(?!\s+(?:un)?(?:aware|able|sure|true|right|wrong|possible|useful|helpful|necessary|worth|"
    r"familiar|difficult|appropriate)\b)|"
    # "potentially 20,000 victims", not "potentially lethal resistance": a hedge on a number.
    r"(?:may|might)\s+(?:have|number(?!\s+among))|"
    r"potentially(?=\s+(?:[\w-]+\s+){0,2}?(?:\d|many|hundreds|thousands|millions|tens))|"
    r"as\s+high\s+as|"
    r"tip\s+of\s+the\s+iceberg)\b",
    re.I,
)
_LOWER_BOUND = re.compile(
    r"\b(?:at\s+least|no\s+fewer\s+than|a\s+minimum\s+of|more\s+than\s+(?=\d)(?!(?:19|20)\d\d\b)|over\s+(?=\d)(?!(?:19|20)\d\d\b)|"
    r"(?-i:conservative)['\"’”]?\s+estimate|estimate\b[^.]{0,40}\b(?-i:conservative)\b|lower\s+bound|(?:a|the)\s+minimum|read\s+as\s+a\s+minimum|"
    r"underestimate|under-count)\b",
    re.I,
)
_FORECAST = re.compile(
    r"\b(?:(?:will|would|could|might|may)\s+(?:rise|reach|grow|increase|double)|will\s+be|"
    r"projected|"
    r"forecast\w*|on\s+current\s+trends)\b",
    re.I,
)
_EXTRAPOLATED = re.compile(
    r"\b(?:extrapolat\w*|scal(?:ed|ing)\s+(?:up|the)|grossed\s+up|multipl(?:y|ied|ying|ier)\b|"
    r"a\s+year\s+for\s+"
    r"\d+\s+years|if\s+[^.]{0,60}\b(?:is|were|are)\s+typical|to\s+the\s+national\s+population)\b",
    re.I,
)
_REFUSAL = re.compile(
    r"\b(?:(?:do|did|does|will|would|can|could)\s*(?:not|n't)\s+(?:scale|extrapolat\w*|"
    r"estimate|gross)|no\s+basis\s+for\s+a\s+(?:national|total)|not\s+asked\s+to\s+estimate|"
    r"declined?\s+to\s+(?:estimate|extrapolate|give\s+a\s+national))",
    re.I,
)
_METHOD = re.compile(
    r"\b(?:capture-?recapture|mark-?recapture|chapman|estimator|multiple\s+systems?\s+"
    r"estimation|modell?(?:ed|ing)|survey|weighted|grossed\s+up|using|based\s+on|derived\s+"
    r"from|assum\w+|method\w*|counts?\s+of|counted|case\s+files|file\s+review|street\s+counts|"
    r"we\s+(?:used|counted|identified|matched)|with\s+\d[\d,]*\s+\w+\s+on\s+the|"
    r"(?:extrapolating|scaling)\s+[^.]{0,80}\bgives|review\s+of\s+records|annex|"
    r"add\w*\s+(?:\w+\s+)?together|we\s+add|multipl\w+|a\s+year\s+for\s+\d+\s+years|"
    # the assumption of a lifetime risk: "if 2001 incarceration rates remained constant"
    r"if\s+[^.;]{0,60}?\brates?\s+(?:remained|remain|stay(?:ed)?|held|hold|were\s+to\s+remain)\s+"
    r"(?:constant|the\s+same|unchanged|steady))\b",
    re.I,
)
# Established methods in a neighbouring paragraph carry over; vaguer words do not.
_STRONG_METHOD = re.compile(
    r"\b(?:capture-?recapture|mark-?recapture|chapman|multiple\s+systems?\s+estimation|"
    r"prevalence\s+survey|crime\s+survey|weighted\s+survey|modell?ing)\b",
    re.I,
)
_UNCERTAINTY = re.compile(
    r"\b(?:interval|confidence|ci\b|range|margin\s+of\s+error|plus\s+or\s+minus|upper\s+and\s+"
    r"lower|lower\s+and\s+upper|bounds?|sensitivity|would\s+(?:rise|fall)\s+to|between\s+"
    r"(?!(?:19|20)\d\d\s+and\s+(?:19|20)\d\d\b)[£$€]?[\d,.]+(?:\s?(?:million|m))?\s+and\s+[£$€]?[\d,.]+|[\d,.]+\s+to\s+[\d,.]+(?:\s?million)?|"
    r"depending\s+on)\b|±",
    re.I,
)
_ESTABLISHED = re.compile(
    r"\b(?:capture-?recapture|mark-?recapture|chapman|multiple\s+systems?\s+estimation|"
    r"prevalence\s+survey|sensitivity\s+analysis|cross-?check\w*)\b",
    re.I,
)
_NOT_COVERED = re.compile(
    r"\b(?:does\s+not\s+cover|do\s+not\s+cover|not\s+covered|excludes?|covers?\s+[\w-]+\s+"
    r"[\w-]+\s+only)\b",
    re.I,
)
_MONEY_BEFORE = re.compile(r"[£$€]\s?$")
# "cost countless millions", "millions of pounds": vague money, not a total of people.
_MONEY_VAGUE = re.compile(
    r"\b(?:spend\w*|spent|cost\w*|fund\w*|budget\w*|invest\w*|worth|paid|pay\w*|save\w*)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
_MONEY_AFTER = re.compile(r"^\s*(?:of\s+)?(?:pounds|dollars|euros|£|\$|€)", re.I)
# A dated figure ("in 2020", "in May 2023", "2016-18") is a count for that period; a timeless
# large total ("there are 250,000 victims") is a scale claim.
# A year, or a month the figure is read at ("7.9 million people on universal credit in June").
_DATED = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?i:in|on|at\s+the\s+end\s+of|during|by)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    rf"(?:{MONTHS})\b"
)
# "about 128,000 residents": the size of a place, not a total of victims or offenders.
_RESIDENTS = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:residents|inhabitants|population)\b", re.I)
# A count given beside its share ("61%; 20,417 offences", "38% or 2,215 tenants") belongs
# to a breakdown of the data.
_SHARE_BEFORE = re.compile(r"\d\s?(?:%|per\s?cent)\s*(?:[;,(]|or\b)\s*$", re.I)
_COST = re.compile(r"\bcost(?:s|ing)?\s+(?:the\s+)?(?:taxpayer|nhs|country|public)\b", re.I)
# Population sizes and coverage ("the forces cover about 2.9 million of the region's 4.6 million
# people") describe the area, not a total of victims or offenders.
_POPULATION = re.compile(
    r"\b(?:population\s+of|cover(?:s|ing|ed)?|serv(?:es|ing|ed)|home\s+to|aged|per)\s+"
    r"(?:about\s+|around\s+|some\s+|roughly\s+|nearly\s+|over\s+)?$|['’]s\s+$",
    re.I,
)
_DENOMINATOR_BEFORE = re.compile(
    r"(?<!minimum )(?<!maximum )(?<!total )(?<!figure )(?<!estimate )(?<!number )"
    r"\b(?:of|among|amongst|out\s+of|n\s?=|for|from)\s+(?:the\s+|these\s+|those\s+|all\s+)?"
    r"(?:about\s+|around\s+|some\s+|roughly\s+)?$|\b(?:survey|sample|sampled|interviewed|"
    r"questioned)\s+(?:of\s+)?(?:about\s+|around\s+|some\s+)?$",
    re.I,
)
_SHARE_AFTER = re.compile(r"^\s*(?:\(\s*\d+(?:\.\d+)?\s?%|of\s+(?:the\s+)?\d)", re.I)


_MULTIPLIER = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}


def _value(match: re.Match[str]) -> float:
    """The number a `_NUMBER` match stands for: "2k" is 2,000 and "1.2 million" 1,200,000."""
    word = (match.group(2) or "").strip().lower()
    return float(match.group(1).replace(",", "")) * _MULTIPLIER.get(word, 1.0)


def _people_totals(text: str) -> list[re.Match[str]]:
    """Numbers in the sentence that count people or events, other than shares' bases."""
    out = []
    for match in _NUMBER.finditer(text):
        raw, scale_word = match.group(1), match.group(2)
        value = float(raw.replace(",", ""))
        # Bounded windows keep this linear on very long passages (tables read as one line).
        before = text[max(0, match.start() - 60) : match.start()]
        after = text[match.end() : match.end() + 80]
        if not scale_word and "," not in raw and 1900 <= value <= 2099:
            continue  # a year
        if not scale_word and "." in raw:
            # A total of people is a whole number: "2.1 offences in total" is a section number
            # in a contents list, "3.4 children per family" a rate, "2.1 million" a total.
            continue
        if _MONEY_BEFORE.search(before) or _POPULATION.search(before):
            continue
        if _NOT_PEOPLE.match(after) or _DENOMINATOR_BEFORE.search(before[-30:]):
            continue
        if _SHARE_AFTER.match(after):
            continue
        if _UNITS.match(after) or scale_word:
            out.append(match)
    return out


def _estimate_number(text: str) -> bool:
    """An estimate sentence whose number has no unit beside it ("would rise to about 1,100")."""
    if not (_ESTIMATE.search(text) or _HEDGE.search(text)):
        return False
    for match in _NUMBER.finditer(text):
        raw = match.group(1)
        value = float(raw.replace(",", ""))
        # Bounded windows keep this linear on very long passages (tables read as one line).
        before = text[max(0, match.start() - 60) : match.start()]
        after = text[match.end() : match.end() + 80]
        if "," not in raw and 1900 <= value <= 2099:
            continue
        # "1 in 5" is a share; "745,000 in 2022" is not.
        share = re.match(r"\s*(?:%|per\b|in\s+(?!(?:19|20)\d\d\b)\d)", after)
        if share or _MONEY_BEFORE.search(before):
            continue
        if _NOT_PEOPLE.match(after) or _DENOMINATOR_BEFORE.search(before[-30:]):
            continue
        if _SHARE_AFTER.match(after) or re.search(r"\(\s*$", before):
            continue
        if value >= 100 or match.group(2):
            return True
    return False


# The size of one event ("a fight involving up to 80 people", "a crowd of as many as 5,000"):
# a rough count of those present, not a total of victims or offenders beyond the data.
_EVENT_SIZE = re.compile(
    r"\b(?:brawl|fight|riot|protest|crowd|gathering|demonstration|march|rally|clash|"
    r"disturbance|stand-?off|vigil)s?\s+(?:\w+\s+)?(?:involving|of|with|attended\s+by|"
    r"drew|drawing)\s+(?:up\s+to|as\s+many\s+as|about|around|some|nearly|almost|over)\s+\d",
    re.I,
)
_EXISTENTIAL = re.compile(
    r"\bthere\s+(?:are|is|could\s+be|may\s+be|might\s+be|must\s+be)\b|\b(?:are|is)\s+"
    r"(?:now\s+)?(?:living|walking|at\s+large)\b",
    re.I,
)


# A share or a risk carried beyond the data (labelling guide H5: a figure beyond the data): a
# lifetime risk ("one in three black men will go to prison in his lifetime", "21% will be
# incarcerated by age 30") or a share projected to a later year ("projected to represent a
# third of the population by 2041"). Readers rate these under extrapolation; a total of people
# is not needed.
_SHARE = re.compile(
    _PERCENT_FIGURE.pattern + r"|\b(?:one|1)\s+(?:in|out\s+of)\s+(?:\d+|two|three|four|"
    r"five|six|seven|eight|nine|ten)\b|\b(?:a|one)\s+(?:third|quarter|fifth)\b|\bhalf\s+of\b|"
    r"\bmajority\b",
    re.I,
)
_LIFETIME = re.compile(
    r"\b(?:(?:during|in|over)\s+(?:his|her|their)\s+(?:life|lifetimes?)|at\s+some\s+(?:point|"
    r"time|stage)\s+in\s+(?:his|her|their)\s+lives|(?:will|would|can\s+expect\s+to)\s+[^.;]{0,40}?"
    r"\bby\s+(?:the\s+)?age\s+(?:of\s+)?\d+)\b",
    re.I,
)
_PROJECTED_SHARE = re.compile(
    r"\b(?:(?:are|is)\s+projected\s+to|(?:are|is)\s+(?:expected|forecast|set)\s+to\s+"
    r"(?:make\s+up|represent|account\s+for|be|form|reach|rise|grow)|will\s+(?:make\s+up|"
    r"represent|account\s+for|form))\b[^.;]{0,80}?\bby\s+20\d\d\b",
    re.I,
)


def _share_beyond_data(text: str) -> bool:
    """A lifetime risk or a share projected to a later year (above)."""
    if not _SHARE.search(text):
        return False
    return bool(_LIFETIME.search(text) or _PROJECTED_SHARE.search(text))


@passage_fact(lambda p: (p.text, False))
def _is_scale_claim(text: str, counted_nearby: bool = False) -> bool:
    """Whether the sentence states a total or scale. `counted_nearby`: its paragraph says its
    figures were recorded or counted ("Police recorded 52,000 incidents. Most (31,000) were
    ..."), so a large undated figure with no estimate word is read as part of that count."""
    if _REFUSAL.search(text) or contents_run(text) or markdown_table_row(text):
        return False
    if _HYPOTHETICAL.match(text):
        return False
    if _EVENT_SIZE.search(text) and not (_ESTIMATE.search(text) or _VAGUE.search(text)):
        return False
    if _carried_forward(text) or _share_beyond_data(text):
        return True
    vague = _VAGUE.search(text)
    if vague and _NOT_PEOPLE.match(text[vague.end() : vague.end() + 60]):
        vague = None  # "thousands of agencies take part": not a total of people or events
    if vague:
        before = text[max(0, vague.start() - 40) : vague.start()]
        money = (
            _MONEY_BEFORE.search(before.rstrip()[-3:] + " ")
            or _MONEY_VAGUE.search(before)
            or _MONEY_AFTER.match(text[vague.end() : vague.end() + 20])
        )
        if not money:
            return True
    totals = _people_totals(text)
    counted = bool(_COUNTED.search(text))
    if totals and (
        _ESTIMATE.search(text)
        or _HEDGE.search(text)
        or _EXTRAPOLATED.search(text)
        or _FORECAST.search(text)
        or (
            (_TOTAL.search(text) or _NATIONAL.search(text))
            and not (counted or (counted_nearby and not _EXISTENTIAL.search(text)))
        )
    ):
        return True
    # A bound read off the data ("at least 612 children were identified") is kept as a lower
    # bound; whether it is a figure beyond the data is `beyond_data`.
    if totals and _LOWER_BOUND.search(text):
        return True
    # Size alone never makes an estimate: a large total is a scale claim only when nothing says
    # it was counted ("there are 250,000 victims" against "police recorded 105,090 offences").
    large = [t for t in totals if _value(t) >= 10_000]
    large = [
        t
        for t in large
        if not _SHARE_BEFORE.search(text[max(0, t.start() - 20) : t.start()])
        and not _RESIDENTS.match(text[t.end() : t.end() + 40])
        # "the most common outcome was arrest (309,000 incidents)": a breakdown of the data.
        and not re.search(r"\(\s*$", text[max(0, t.start() - 3) : t.start()])
    ]
    # "There are 250,000 victims" states the size of the world, not a breakdown of the data
    # around it, whatever the paragraph counted.
    existential = bool(_EXISTENTIAL.search(text))
    nearby = counted_nearby and not existential
    if large and not (counted or nearby) and not _DATED.search(text):
        return True
    big_money = re.search(r"[£$€]\s?\d[\d,.]*\s?(?:million|billion|bn|m)\b", text, re.I)
    if (_COST.search(text) or _ESTIMATE.search(text)) and big_money:
        return True
    return _estimate_number(text)


def _beyond_data(text: str, lower: bool) -> bool:
    """Whether the figure goes beyond what was counted: a bound read off the data with no
    estimate or hedge word is a count (labelling guide H5), however large. So is a rounded
    count the sentence says was recorded ("police recorded tens of thousands of offences")."""
    beyond = bool(
        _ESTIMATE.search(text)
        or _FORECAST.search(text)
        or _HEDGE.search(text)
        or _EXTRAPOLATED.search(text)
        or _carried_forward(text)
        or _share_beyond_data(text)
    )
    if beyond:
        return True
    if _COUNTED.search(text):
        return False
    if _VAGUE.search(text):
        return True
    totals = _people_totals(text)
    if totals and all(_precise(t) for t in totals):
        # "Currently there are 31,473 people seeking protection": a figure given to the unit
        # was read off records, not estimated (H5), though no verb says it was counted.
        return False
    return not lower


def _precise(match: re.Match[str]) -> bool:
    """A whole number written to the unit or the ten (6,494; 77), not a round one (250,000)."""
    if match.group(2):
        return False  # "2.1 million", "5k"
    value = _value(match)  # whole: `_people_totals` skips decimals without a scale word
    return value < 100 or value % 100 != 0


# An estimate word that qualifies a figure of its own ("an estimated 17,000", "estimated at
# 3,000"), as against one that introduces the bound ("estimates that at least 112 ...").
_ESTIMATED_FIGURE = re.compile(
    r"\b(?:estimated|projected|modelled|modeled)\s+(?:at\s+)?(?:about\s+|around\s+|some\s+)?\d",
    re.I,
)


def _honest_bound(text: str) -> bool:
    """An "at least" bound the sentence gives as its figure. An estimate beside it ("just over
    100,000 offences, of which an estimated 17,000 ...") is not made honest by the bound; a
    "conservative estimate" is itself the bound."""
    bound = _LOWER_BOUND.search(text)
    if not bound or _TRULY_VAGUE.search(text):
        return False
    if _EXTRAPOLATED.search(text) or _FORECAST.search(text) or _carried_forward(text):
        return False
    rest = text[: bound.start()] + " " + text[bound.end() :]
    return not _ESTIMATED_FIGURE.search(rest)


def _previous_paragraph(context: Context, passage: Passage) -> list[Passage]:
    return context.by_paragraph.get((passage.page, passage.paragraph - 1), [])


# How a figure was built, said of it: "his estimate was derived by extrapolating ...", "the
# claim seems to be based on an earlier survey".
_DERIVED = re.compile(
    r"\b(?:estimate|figure|claim|total|number|calculation)s?\s+(?:was|were|is|are|has\s+been|"
    r"had\s+been|appears\s+to\s+be|seems\s+to\s+be)\s+(?:\w+\s+)?(?:derived|based|built|"
    r"calculated|reached|arrived\s+at|worked\s+out|taken|created|produced|generated|made\s+up)\s+"
    r"(?:by|on|from|using|through|via)\b|"
    # "the 250,000 figure arose out of speeches", "the estimate comes from a 2015 survey"
    r"\b(?:estimate|figure|claim|total|number)s?\s+(?:\w+\s+){0,2}?(?:arose|arises|came|comes|"
    r"stems|stemmed)\s+(?:out\s+of|from)\b",
    re.I,
)
# A sentence that speaks of someone's figure as a thing ("the 250,000 figure", "her estimate",
# "the figure of a million") rather than stating it; "we" marks the document's own figure.
_FIGURE_TOKEN = (
    r"(?:\d[\d,.]*\s?(?:%|per\s?cent|million|m|bn|billion|thousand)?|a\s+million|"
    r"half\s+a\s+million)"
)
_NAMES_FIGURE = re.compile(
    rf"(?i:\b(?:the|this|that)\s+{_FIGURE_TOKEN}\s+(?:figure|estimate|claim|total|number|"
    r"statistic)s?\b)|"
    r"(?:\b(?i:his|her|their|its)|[A-Z][\w-]+[’']s)\s+(?:[\w-]+\s+)?(?i:(?:figure|estimate|claim|"
    r"total|number|statistic|calculation|extrapolation)s?\b)|"
    rf"(?i:\b(?:figure|estimate|claim|total)s?\s+of\s+(?:about\s+|around\s+|some\s+|up\s+to\s+)?"
    rf"{_FIGURE_TOKEN})",
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)
_NEGATED = re.compile(r"\b(?:not|never|no)\b|n['’]t\b", re.I)


def _says_how_built(text: str) -> bool:
    """The sentence says how a figure was built, not that nobody says ("the report does not
    say how many men the figure is based on")."""
    found = _DERIVED.search(text) or _EXTRAPOLATED.search(text)
    return bool(found) and not _NEGATED.search(text[max(0, found.start() - 50) : found.start()])


_LATER = 3  # how many passages after a relayed claim the document's answer may come


def _answered_later(passages: list[Passage], voices: list[speech.Voice], i: int) -> bool:
    """A claim relayed from someone else that the document answers in its own voice within the
    next few passages ("... another 90,000 people". / "Even so, this figure is
    unreliable."): disputed, though the answer is in the next paragraph (guide H1)."""
    if not speech.is_reported(voices[i]):
        return False
    for j in range(i + 1, min(len(passages), i + 1 + _LATER)):
        if passages[j].page != passages[i].page:
            break
        if speech.is_own(voices[j]) and speech.REBUTTAL.search(passages[j].text):
            return True
    return False


def detect(context: Context) -> Findings:
    claims: list[ScaleClaim] = []
    signals: list[Signal] = []
    flags = context.memoised("quoted_flags", lambda: quoted_flags(context.passages))
    all_passages = list(context.passages)
    voices = speech.voices(context)
    examined: list[str] = []  # sentences that say how someone's figure was built
    passages = zip(range(len(all_passages)), all_passages, flags, strict=True)
    for index, passage, quoted in context.in_time(CRITERION, passages):
        text = passage.text
        signals += [
            Signal(page=passage.page, sentence=text, kind=kind) for kind in _signal_kinds(text)
        ]
        built = _says_how_built(text)
        if built:
            # Candidates only: they count when the document disputes a relayed total (H1). A
            # relayed account of how it was built ("her extrapolation involved scaling up ...")
            # is carried by the document as much as its own.
            signals.append(Signal(page=passage.page, sentence=text, kind="how_built"))
        # Reading the paragraph as counted can only take a claim away, so it is read only for
        # a sentence that is one on its own.
        if not _is_scale_claim(text):
            continue
        if built and _NAMES_FIGURE.search(text) and not _FIRST_PERSON.search(text):
            # "The 250,000 figure arose out of speeches ... created through extrapolation":
            # the sentence takes a figure apart; it does not claim it (guide H1).
            examined.append(text)
            continue
        paragraph = context.paragraph_of(passage)
        others = " ".join(p.text for p in paragraph if p is not passage)
        if _COUNTED.search(others) and not _is_scale_claim(text, True):
            continue
        earlier = " ".join(p.text for p in _previous_paragraph(context, passage))
        # "could climb to over 3 million" is a forecast, not an honest lower bound.
        lower = _honest_bound(text)
        hedged = bool(_HEDGE.search(text))
        # A figure carried forward by a stated rule names its method, the rule (a gap "at the
        # present rate", another group's rate, a trend), and only that one.
        method = bool(
            _METHOD.search(text) or _STRONG_METHOD.search(earlier) or _carried_forward(text)
        )
        if not method and not hedged:
            method = bool(_METHOD.search(others))
        uncertainty = bool(_UNCERTAINTY.search(text)) or lower
        if not uncertainty and not hedged and _ESTIMATE.search(text):
            uncertainty = bool(_UNCERTAINTY.search(others))
        claims.append(
            ScaleClaim(
                page=passage.page,
                sentence=text,
                method_stated=method,
                uncertainty_stated=uncertainty,
                lower_bound=lower,
                # Reported and knocked down in the next sentence: not the document's claim.
                quoted=quoted
                or is_rebutted_report(passage, paragraph)
                or _answered_later(all_passages, voices, index),
                beyond_data=_beyond_data(text, lower),
            )
        )
        if _EXTRAPOLATED.search(text) or _VAGUE.search(text):
            # Multiplied up, or a vague big total: the worst case when no range comes with it.
            signals.append(Signal(page=passage.page, sentence=text, kind="multiplied_or_vague"))
    return Findings(
        scale_claims=_same_figure_disputed(claims, examined),
        extrapolation_signals=signals,
    )


def _figures(text: str) -> set[str]:
    """The totals a sentence states, as written: "half a million", "400,000"."""
    found = {re.sub(r"\s+", " ", m.group(0).lower()) for m in _VAGUE.finditer(text)}
    return found | {m.group(0) for m in _NUMBER.finditer(text) if _value(m) >= 100}


def _same_figure_disputed(claims: list[ScaleClaim], examined: list[str]) -> list[ScaleClaim]:
    """A total relayed from someone else is disputed when the document disputes the same
    figure elsewhere ("the idea that 'half a million tenants ...'" and, below, the same
    quote under "Debunking the claims"), or takes it apart ("the 250,000 figure arose out of
    ..."): it is still the other party's figure (guide H1). A document takes one stance on a
    figure, so the same figure in its own sentences ("a team from Yale released a report which
    estimated 22 million") is the disputed figure being described, not a second claim."""
    disputed = set().union(
        *(_figures(c.sentence) for c in claims if c.quoted), *(_figures(t) for t in examined)
    )
    # "thousands of" names no particular figure, so it does not tie two sentences together.
    disputed = {f for f in disputed if not _TRULY_VAGUE.fullmatch(f)}
    if not disputed:
        return claims
    return [
        c.model_copy(update={"quoted": True})
        if not c.quoted and _figures(c.sentence) & disputed
        else c
        for c in claims
    ]


@passage_fact(lambda p: (p.text,))
def _signal_kinds(text: str) -> list[str]:
    """Care a sentence shows about scale: it declines to extrapolate, names an established
    estimation method, or says what an estimate does not cover."""
    kinds = []
    if _REFUSAL.search(text):
        kinds.append("refusal")
    if _ESTABLISHED.search(text):
        kinds.append("established")
    if _NOT_COVERED.search(text) and _ESTIMATE.search(text):
        kinds.append("not_covered")
    return kinds


# --- suggestion --------------------------------------------------------------------------------

_SIGNAL_KINDS = ("refusal", "established", "not_covered", "multiplied_or_vague", "how_built")


def suggest(findings: Findings, context: Context) -> Suggestion:
    reported = [c for c in findings.scale_claims if c.quoted]
    claims = [c for c in findings.scale_claims if not c.quoted]
    counts_only = [c for c in claims if not c.beyond_data]
    signals: dict[str, list[Signal]] = {kind: [] for kind in _SIGNAL_KINDS}
    for signal in findings.extrapolation_signals:
        signals[signal.kind].append(signal)
    multiplied_or_vague = {(s.page, s.sentence) for s in signals["multiplied_or_vague"]}
    counts = {"scale_claims": len(claims), "quoted_scale_claims": len(reported)}
    counts |= {f"signals_{kind}": len(signals[kind]) for kind in _SIGNAL_KINDS}
    beyond = [c for c in claims if c.beyond_data]
    if not beyond and reported and signals["how_built"]:
        # Only totals the document relays in order to dispute them, and it says how they were
        # built and so where they fail: rated as it handles them (guide H1), 2. Disputed with
        # no word on how the total was built, the question is left "na" below.
        built = signals["how_built"]
        level = 2
        how = "and says how they were built"
        items = [(c.page, c.sentence, "total quoted to be disputed") for c in reported]
        items += [(p.page, p.sentence, "says how a disputed total was built") for p in built]
        return Suggestion(
            id=CRITERION,
            suggested_level=level,
            status="suggested",
            confidence=0.4,
            rationale=f"The only scale claims are others' that the document disputes "
            f"({page_list(c.page for c in reported)}), {how}.",
            evidence=evidence(items, limit=6),
            counts=counts | {"how_built": len(built)},
        )
    if not beyond and reported:
        # Disputed with no word on how the total was built: a question the document does not
        # touch (guide H3).
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="not_applicable",
            confidence=0.45,
            rationale=f"The only scale claims found are quoted from other sources to be checked "
            f"({page_list(c.page for c in reported)}); the document makes none of its own.",
            evidence=evidence((c.page, c.sentence, "quoted claim") for c in reported),
            counts=counts,
        )
    if claims and not beyond:
        # Counts and "at least" bounds read off the data do not trigger the question (H5).
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="not_applicable",
            confidence=0.45,
            rationale="The only totals found are counts or lower bounds read off the data "
            f"({page_list(c.page for c in counts_only)}); no figure goes beyond them, so the "
            "question looks not to apply.",
            evidence=evidence((c.page, c.sentence, "count or lower bound") for c in counts_only),
            counts=counts | {"counts_or_lower_bounds": len(counts_only)},
        )
    if not claims:
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="not_applicable",
            confidence=0.45,
            rationale="No total, estimate, forecast or national scale claim was found beyond "
            "directly reported counts, so the question looks not to apply.",
            evidence=evidence(
                (p.page, p.sentence, "declines to extrapolate") for p in signals["refusal"]
            ),
            counts=counts,
        )
    # Counts read off the data need no method (H5): the level is about the figures beyond them.
    claims = [c for c in claims if c.beyond_data or c.lower_bound]
    lower = [c for c in claims if c.lower_bound]
    sound = [c for c in claims if not c.lower_bound and c.method_stated and c.uncertainty_stated]
    hinted = [
        c for c in claims if not c.lower_bound and c.method_stated and not c.uncertainty_stated
    ]
    bare = [c for c in claims if not c.lower_bound and not c.method_stated]
    # A range with no method ("provision for 21,000 to 22,000 applicants") is uncertainty
    # admitted: more than a bare total, less than a method (guide, level 1).
    ranged = [c for c in bare if c.uncertainty_stated]
    bare = [c for c in bare if not c.uncertainty_stated]
    # Multiplied-up or vague big totals with no range are the worst case the rubric names.
    multiplied = [
        c
        for c in claims
        if not c.lower_bound
        and not c.uncertainty_stated
        and (c.page, c.sentence) in multiplied_or_vague
    ]
    if multiplied or len(bare) / len(claims) >= 0.5:
        level = 0
    elif bare or ranged or (hinted and not sound):
        level = 1
    else:
        extras = sum(bool(signals[k]) for k in ("refusal", "established", "not_covered"))
        level = 3 if sound and not hinted and extras >= 2 else 2
    parts = [f"{plural(len(claims), 'scale claim')}"]
    if sound:
        parts.append(
            f"{len(sound)} state a method and a range ({page_list(c.page for c in sound)})"
        )
    if lower:
        parts.append(f"{len(lower)} honest lower bound{'s' if len(lower) != 1 else ''}")
    if hinted:
        parts.append(
            f"{len(hinted)} hint at a method but give no range "
            f"({page_list(c.page for c in hinted)})"
        )
    if ranged:
        parts.append(
            f"{len(ranged)} give a range or hedge but no method "
            f"({page_list(c.page for c in ranged)})"
        )
    if bare:
        parts.append(f"{len(bare)} give no method ({page_list(c.page for c in bare)})")
    if signals["refusal"]:
        parts.append("the report declines to extrapolate beyond its data")
    if signals["established"]:
        parts.append("an established estimation method or cross-check is named")
    items = [(c.page, c.sentence, "total with no stated method") for c in bare]
    items += [(c.page, c.sentence, "range or hedge, no method") for c in ranged]
    items += [(c.page, c.sentence, "method hinted, no range") for c in hinted]
    items += [(c.page, c.sentence, "estimate with method and range") for c in sound]
    items += [(c.page, c.sentence, "lower bound") for c in lower]
    items += [(p.page, p.sentence, "declines to extrapolate") for p in signals["refusal"][:1]]
    items += [
        (p.page, p.sentence, "established method or cross-check")
        for p in signals["established"][:1]
    ]
    counts |= {
        "with_method_and_range": len(sound),
        "lower_bounds": len(lower),
        "method_without_range": len(hinted),
        "without_method": len(bare),
        "range_without_method": len(ranged),
        "multiplied_or_vague_without_range": len(multiplied),
    }
    return Suggestion(
        id=CRITERION,
        suggested_level=level,
        status="suggested",
        confidence=confidence_from_count(len(claims) + len(signals["refusal"]), base=0.35),
        rationale=": ".join([parts[0], "; ".join(parts[1:])]) + "."
        if len(parts) > 1
        else parts[0] + ".",
        evidence=evidence(items, limit=6),
        counts=counts,
    )


CHECK = Check(
    criterion=CRITERION,
    produces={"scale_claims": ScaleClaim, "extrapolation_signals": Signal},
    detect=detect,
    suggest=suggest,
    answer_key={
        "scale_claims": KeyedList(
            fields=(
                "page",
                "sentence",
                "method_stated",
                "uncertainty_stated",
                "lower_bound",
                "quoted",
            ),
            scored={
                name: (name,) for name in ("method_stated", "uncertainty_stated", "lower_bound")
            },
        )
    },
)
