"""Scope: the periods and places figures cover, scope statements, and overlapping figures.

Periods: year ranges ("1997–2013", "from 1 April 2015 to 31 March 2023"), financial years
("2018/19" runs 2018–2019), "since the 1980s" (open end), "year ending March 2020" and years that
date a count ("at the 2021 Census"), and "last year" (fixed by the publication date); citation
years are blanked first, and "the highest since 2013" dates a comparison, not the figure.
Places: the gazetteer (with containment), plus places the document itself names through its
institutions ("Wexshire Police", "the borough of Kirkford") or after a preposition with an
English place-name ending.
Overlaps: figures from overlapping places, periods or sources that are added together, and
overlaps the text flags and declines to add (`flagged`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import Gazetteer, load_gazetteer, overlapping
from ..models import (
    Findings,
    Passage,
    PercentageFinding,
    PlaceMention,
    ScopeFigure,
    ScopeOverlap,
    ScopeStatement,
    Signal,
    Suggestion,
    TimePeriod,
)
from ..normalise import line_kind
from ..wording import DATELINE, MONTH
from .common import (
    COUNT,
    blank_citations,
    is_year,
    page_list,
    plural,
    quoted_passages,
    suggested,
    to_int,
)
from .context import Context
from .contract import Check, KeyedList
from .cues import PEOPLE, SPECIFIC, supposed, unnumbered_claim
from .parallel import passage_fact

# The rubric criterion this module checks (its module name, by the contract).
CRITERION = "scope"

_MONTH = MONTH
# "1 April 2015", and with a comma before the year: "31 March, 2019".
_DATE_PREFIX = rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH},?\s+)?"
# One year-like token: "2018/19", "2015", "the 1980s", optionally "1 April 2015".
_TOKEN = re.compile(
    rf"{_DATE_PREFIX}(?<![\d£$€.,/])((?:19|20)\d{{2}})"
    r"(?:(s)\b|/((?:19|20)?\d{2})\b(?!/)|(?!\d|,\d{3}|\.\d|/))"
)
_CONNECTOR = re.compile(r"^\s*(?:[-‐‑‒–—]|to|until|till|through|and)\s*$", re.I)
_SINCE = re.compile(r"\b(?:since|from)\s+(?:the\s+)?(?:(?:early|mid|late)[- ])?$", re.I)
_UNTIL = re.compile(r"\b(?:by|until|till|up\s+to|before|to)\s+(?:the\s+end\s+of\s+)?$", re.I)
_YEAR_ENDING = re.compile(r"\byear\s+end(?:ing|ed)\s+$", re.I)
_DATING = re.compile(
    r"\b(?:in|during|throughout|for|across|at\s+the|of|over|the)\s+(?:the\s+)?"
    r"(?:(?:calendar|financial|school|academic)\s+year\s+)?$",
    re.I,
)
_AS_AT = re.compile(r"\b(?:at|as\s+(?:at|of)|on)\s+(?:the\s+end\s+of\s+)?$", re.I)
# "as at the end of February 2007", "as of March 2021": a snapshot dated by its month alone.
# ("The minister resigned at the end of March 2020" dates an event: no "as at").
_SNAPSHOT_MONTH = re.compile(r"\bas\s+(?:at|of)\s+(?:the\s+end\s+of\s+)?$", re.I)
_NOT_A_WINDOW = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:report|review|paper|study|article|edition|publication|guidance|"
    r"manifesto|act\b|inquiry|election|strategy)",
    re.I,
)

_INSTITUTION = re.compile(
    r"\b((?:[A-Z][a-z]+[- ])?[A-Z][a-z]{2,})\s+(?:Police|Constabulary|County\s+Council|"
    r"Borough\s+Council|City\s+Council|District\s+Council|Metropolitan\s+Borough|"
    r"Safeguarding\s+(?:Children\s+)?(?:Partnership|Board))\b"
)
_LOWER_WORD = re.compile(r"\b[a-z][a-z-]{2,}\b")
_OF_PLACE = re.compile(
    r"\b(?:borough|town|city|county|district|village|division)\s+of\s+([A-Z][a-z]{2,}"
    r"(?:[- ][A-Z][a-z]+)?)\b"
)
_DIVISION = re.compile(
    r"\bthe\s+([A-Z][a-z]{2,})\s+division\s+of\s+([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)?)\s+Police\b"
)
_PLACE_ENDING = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Ff]rom|[Aa]cross|[Aa]round|[Nn]ear|[Tt]hroughout|[Oo]utside|[Ww]ithin|of)\s+"
    r"((?:[A-Z][a-z]+[- ])?"
    r"[A-Z][a-z]+(?:by|ford|ham|ton|shire|field|bury|burgh|borough|brough|chester|cester|ley|"
    r"wick|port|mouth|pool|minster|stead|don|well|bridge|caster|dale|thorpe|worth|combe|hurst|"
    r"stow|holme))\b"
)
_NOT_PLACES = {
    "National",
    "British",
    "Transport",
    "Metropolitan",
    "Local",
    "Crown",
    "Home",
    "The",
    "County",
    "City",
    "Borough",
    "Town",
    "Parish",
    "Regional",
    "Community",
    "Neighbourhood",
    "Independent",
    "Royal",
    "Our",
    "Its",
    "Their",
    "This",
    "That",
    "Each",
    "Every",
    "All",
    "Some",
    "Military",
    "Border",
    "Police",
    "Children",
    "Adult",
    "Safeguarding",
    "Constabulary",
    "Council",
}
# Place names inside organisation names that are not about the place.
_ORGANISATION = re.compile(
    r"\b(?:Bank|Church|University|Archbishop|Bishop|Football\s+Club)\s+of\s+$|\bOperation\s+$"
)
# ... or a newspaper's or broadcaster's name ("the Yorkshire Post reported", a running header).
_MASTHEAD = re.compile(
    r"^\s+(?:Evening\s+|Daily\s+|Sunday\s+)?(?:Post|News|Echo|Chronicle|Gazette|Herald|Times|"
    r"Mail|Telegraph|Courier|Argus|Star|Examiner|Observer|Mercury|Journal|Press|Advertiser|"
    r"Standard|Express|Mirror|Live|Online|Radio|Today|Tribune|Sentinel)\b"
)
# A surname that is also a place: "as Jane Kent reported", "Dr Derby", "Tom York said".
_HONORIFIC = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Lord|Lady|Baroness|Baron|Sir|Dame|Judge|"
    r"Justice|Cllr|Councillor|Rev|Reverend|Inspector|Sergeant|Detective|Constable)\.?\s+$"
)
_GIVEN_NAME = re.compile(r"(?<![\w.])([A-Z][a-z]+)\s+$")
_REPORTING_AFTER = re.compile(
    r"^(?:[’']s\b|\s+(?:said|says|reported|reports|wrote|writes|told|tells|argued|argues|"
    r"added|adds|explained|noted|notes|asked|asks|claimed|claims|found|finds)\b)"
)
_REPORTER_BEFORE = re.compile(
    r"\b(?:by|as|reporter|journalist|correspondent|editor|author|columnist|presenter|writer|"
    r"wrote|writes|according\s+to)\s+[A-Z][a-z]+\s+$"
)
# Capitalised words that begin a place name or an institution around one, so the word before a
# place is no given name: "West Yorkshire", "In Kent", "Police Scotland".
_NOT_GIVEN_NAMES = frozenset(
    [
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Greater",
        "Inner",
        "Outer",
        "Upper",
        "Lower",
        "Mid",
        "New",
        "Old",
        "Great",
        "Little",
        "Royal",
        "In",
        "At",
        "From",
        "Across",
        "Around",
        "Near",
        "Throughout",
        "Outside",
        "Within",
        "Of",
        "For",
        "To",
        "By",
        "And",
        "Or",
        "But",
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "Our",
        "Its",
        "Their",
        "His",
        "Her",
        "Each",
        "Every",
        "All",
        "Some",
        "Both",
        "Rural",
        "Urban",
        "County",
        "City",
        "Borough",
        "Town",
        "District",
        "Police",
        "Council",
        "NHS",
        "Metropolitan",
        "Mayor",
        "Bishop",
        "Archbishop",
        "University",
        "Church",
        "Bank",
        "Operation",
        "Like",
        "Unlike",
        "Including",
        "Than",
        "Whereas",
        "While",
        "Where",
        "When",
        "If",
        "Only",
        "Also",
        "Even",
        "Not",
        "Neither",
        "Nor",
        "Between",
        "Among",
        "Since",
        "After",
        "Before",
        "During",
        "Until",
        "Although",
        "Though",
        "Because",
        "However",
        "Meanwhile",
        "Overall",
        "Nationally",
        "Locally",
        "Elsewhere",
        "Today",
        "Yesterday",
        "Either",
        "Here",
        "There",
        "So",
        "Yet",
        "Then",
        "Now",
        "Last",
        "Next",
        "First",
        "Despite",
        "Whether",
        "Why",
        "How",
        "What",
        "Which",
        "Who",
        "Inside",
        "Beyond",
        "Under",
        "Over",
        "Against",
        "Without",
        "With",
        "Via",
        "Per",
        "Total",
        "Report",
        "Survey",
        "Census",
        "Data",
        "Figures",
        "Table",
        "Chart",
    ]
)
# Words of institution names that are not places ("Federal Criminal Police Office", "National
# Black Police Association"): a name built from them is no place the document names.
_INSTITUTION_WORDS = frozenset(
    [
        "Federal",
        "Criminal",
        "State",
        "Central",
        "General",
        "Special",
        "Civil",
        "Secret",
        "Serious",
        "Organised",
        "Crime",
        "Justice",
        "Office",
        "Department",
        "Ministry",
        "Association",
        "Service",
        "Services",
        "Agency",
        "Bureau",
        "Authority",
        "Commission",
        "Federation",
        "Union",
        "Inspectorate",
        "Directorate",
        "Executive",
        "Board",
        "Unit",
        "Division",
        "Force",
        "Forces",
        "Custody",
        "Prison",
        "Prisons",
        "Probation",
        "Fire",
        "Ambulance",
        "Health",
        "Education",
        "Public",
        "Private",
        "Defence",
        "Foreign",
        "Interior",
        "Immigration",
        "Border",
        "Intelligence",
        "Investigation",
        "Investigations",
        "Professional",
        "Standards",
        "Counter",
        "Terrorism",
        "Women",
        "Men",
        "Youth",
        "Victims",
        "Black",
        "White",
        "Asian",
        "Muslim",
        "Jewish",
        "Sikh",
        "Hindu",
        "Christian",
        "Catholic",
        "Islamic",
        "Ethnic",
        "Minority",
        "Minorities",
        "Migrant",
        "Migrants",
        "Refugee",
        "Refugees",
    ]
)
_CONTINUES_INSTITUTION = re.compile(
    r"^\s+(?:Office|Association|Bureau|Agency|Federation|Authority|Service|Commissioner)\b"
)

_COVERAGE_STATEMENT = re.compile(
    r"\b(?:this\s+(?:report|audit|review|study|analysis)|the\s+(?:report|audit|review|study|"
    r"analysis|data(?:set)?|figures))\s+(?:covers?|cover(?:ed|ing)|spans?|relates?\s+to|"
    r"(?:is|are|was|were)\s+(?:limited|confined|restricted)\s+to)\b|\bcovers?\s+the\s+"
    r"(?:period|years?|whole)\b|\b(?:limited|confined|restricted)\s+to\s+(?:the\s+)?"
    r"(?:period|years?|cases|area|borough|county|force)\b",
    re.I,
)
# "Figures are for …", "The data come from …", "The series runs from …": a coverage statement
# when the same sentence names a period or a place.
_COVERAGE_IF_PLACED = re.compile(
    r"\b(?:figures|counts|data|results|findings|statistics|numbers|series|survey|enquiry|inquiry|"
    r"analysis|sample)\s+(?:are|is|were|was|refers?|relates?|comes?|covers?|describes?|runs?|"
    r"took\s+place|spans?)\b|\bwe\s+(?:looked\s+at|examined|studied)\s+(?:\w+\s+)?(?:cases|"
    r"records|data|figures)\s+(?:from|in|for)\b|\btook\s+part\b",
    re.I,
)
_NO_COMBINE = re.compile(
    r"\b(?:must|should|can|could|do|does|may)\s*(?:not|n't)\s+(?:simply\s+)?(?:be\s+)?"
    r"(?:added|add|summed|sum|combined|combine|totalled|aggregated)\b|\bnot\s+additive\b|"
    r"\bare\s+(?:already\s+)?(?:among|included\s+in|part\s+of)\s+(?:the|its|their|our)\b|"
    r"\balready\s+(?:included|counted|covers?)\b|\bappear(?:s|ed)?\s+in\s+both\b|"
    r"\bsame\s+\w+\s+(?:more\s+than\s+once|twice)\b|(?-i:\boverlap(?:s|ping)?\b)|"
    r"\bdouble[- ]count\w*\b|\bcounted\s+twice\b|\badds?\s+up\s+to\s+more\s+than\s+"
    r"(?:the\s+)?(?:totals?|100)\b|\bsame\s+(?:children|people|victims|"
    r"individuals|cases)\b",
    re.I,
)
# Cues that flag an overlap on their own; the others ("overlap", "double counting") flag one
# only in a sentence that also gives a count, so a heading or verdict alone is not an overlap.
_NO_COMBINE_STRONG = re.compile(
    r"\b(?:must|should|can|could|do|does|may)\s*(?:not|n't)\s+(?:simply\s+)?(?:be\s+)?"
    r"(?:added|add|summed|sum|combined|combine|totalled|aggregated)\b|\bnot\s+additive\b|"
    r"\bare\s+(?:already\s+)?(?:among|included\s+in|part\s+of)\s+(?:the|its|their|our)\b|"
    r"\balready\s+(?:included|counted|covers?)\b|\bappear(?:s|ed)?\s+in\s+both\b|"
    r"\bsame\s+\w+\s+(?:more\s+than\s+once|twice)\b|\badds?\s+up\s+to\s+more\s+than\s+"
    r"(?:the\s+)?(?:totals?|100)\b",
    re.I,
)
_DEDUP = re.compile(
    r"\bde-?duplicat\w*\b|\bcounted\s+(?:only\s+)?once\b|\bunique\s+(?:children|individuals|"
    r"people|victims|suspects|offenders|patients|persons)\b|\bmatched\s+(?:the\s+)?"
    r"(?:records|lists)\b|\bduplicates?\s+(?:were\s+)?removed\b|\bremov\w+\s+duplicates\b",
    re.I,
)
_GENERALISATION_REFUSED = re.compile(
    r"\b(?:do|does|did|will|can|could|should)\s*(?:not|n't)\s+(?:\w+\s+){0,2}?(?:scale|"
    r"generali[sz]e|extrapolate|apply|gross)\b|\bnot\s+(?:be\s+)?(?:generali[sz]ed|"
    r"extrapolated|representative)\b|\bnot\s+a\s+random\s+sample\b|\bno\s+basis\s+for\s+a\s+"
    r"national\b|\bbeyond\s+the\s+(?:borough|county|area|town|city|force)\b|\bcannot\s+be\s+"
    r"(?:scaled|generali[sz]ed|extrapolated)\b|\bsay\s+nothing\s+about\s+other\b|"
    r"\b(?:describe|apply\s+to)\s+(?:only\s+)?(?:that|this|the)\s+(?:region|area|town|borough|"
    r"county|city|force)\b|\bmay\s+not\s+reflect\s+the\s+national\b|"
    r"\b(?:for|to|in|of)\s+(?:[A-Z][\w'-]+\s+){1,3}only\b|\b(?:do|does|did)\s+not\s+compare\s+"
    r"(?:\w+\s+){1,2}?with\s+(?:those\s+(?:of|in|for)\s+)?other\b",
    re.I,
)
_NATIONAL = re.compile(
    r"\bnationwide\b|\bacross\s+the\s+(?:country|nation|UK)\b|\bnationally\b|\bevery\s+"
    r"(?:town|city)\b|\bthe\s+whole\s+country\b|\bthroughout\s+(?:the\s+UK|Britain|England)\b|"
    r"\bacross\s+(?:England|Britain|the\s+UK)\b|\bnational\s+(?:total|scale|figure|picture)\b",
    re.I,
)
# A national figure from a national collection: "nationwide" or "nationally" here says where
# the data come from, not that local figures were stretched.
_NATIONAL_SOURCE = re.compile(
    r"\b(?:nationwide|national)\s+(?:inquiry|survey|study|audit|review|data(?:set)?|figures|"
    r"statistics|collection|census|database|records?)\b|\b(?:all|every)\s+(?:\d+\s+)?"
    r"(?:police\s+)?(?:forces|force\s+areas|councils|local\s+authorities|trusts|prisons)\b|"
    r"\b(?:Office\s+for\s+National\s+Statistics|ONS|Home\s+Office|Ministry\s+of\s+Justice|"
    r"MoJ|Department\s+for\s+\w+)\s+(?:\w+\s+)?(?:figures|data|statistics)\b",
    re.I,
)
_NATIONAL_KINDS = frozenset({"state", "nation", "jurisdiction", "union"})
_RECORDING_CHANGE = re.compile(
    r"\bintroduced\s+(?:its|a|the)\s+(?:\w+\s+){0,3}(?:flag|category|code|definition|system)\b|"
    r"\b(?:recording|counting)\s+(?:practice|rules?|methods?|standards?)\s+(?:changed|change)\b|"
    r"\bchanges?\s+(?:in|to)\s+(?:recording|counting|the\s+definition)\b|\bdefinition\s+"
    r"(?:changed|was\s+changed)\b|\bnot\s+comparable\s+(?:with|across|over)\b|"
    r"\b(?:better|improved|more\s+complete)\s+recording\b|\brecording\s+effect\b|"
    r"\b(?:improvements?|changes?)\s+(?:in|to)\s+(?:(?:police|crime|how\s+\w+)\s+)?"
    r"(?:recording|record\s+crime|recorded\s+crime)\b|\brecording\s+improvements?\b",
    re.I,
)
_UNIT = re.compile(
    r"\bcounts?\s+(?:in\s+this\s+report\s+)?(?:are|is)\s+(?:of\s+)?(?:people|children|"
    r"individuals|offences|crimes|incidents|events|records)\b|\b(?:people|individuals),?\s+not\s+"
    r"(?:of\s+)?(?:crimes|offences|records|incidents|events)\b|\bcounts?\s+(?:offences|crimes|"
    r"incidents|events|people)\s+rather\s+than\b|\bthe\s+unit\s+(?:is|of\s+count)\b|"
    r"\bcounts?\s+(?:are|is|refer\s+to)\s+(?:of\s+)?\w+,?\s+not\s+\w+|\bmay\s+(?:appear|be\s+"
    r"counted)\s+more\s+than\s+once\b|\bcounts\s+once\b|\bcounts\s+of\s+(?:people|children|"
    r"individuals|offences|crimes|incidents|events|records|cases),?\s+not\s+(?:of\s+)?\w+",
    re.I,
)
_SUM = re.compile(
    r"\badd(?:ed|ing)?\s+(?:these|them|those|the\s+\w+)?\s*(?:figures\s+)?together\b|"
    # "added to the figure", not "added to the annuity roll": the figures are what is summed.
    r"\badded\s+to\s+(?:the\s+|these\s+|this\s+|those\s+)?(?:[\d£$€]|figures?\b|totals?\b|counts?\b|"
    r"numbers?\b|tally\b)|\bon\s+top\s+of\b|\bcombined\s+(?:total|figure)\b|\baltogether\b|"
    r"\btaken\s+together\b|\badds?\s+up\s+to\b|\btotal\s+(?:for|of)\s+[\w\s]{0,30}?"
    r"(?:comes?\s+to|is|was|reaches)\b|\bsum\s+of\b|\bin\s+all,\b|\bgrand\s+total\b|"
    r"\bwe\s+(?:have\s+)?(?:added|combined|summed)\b|\bto\s+(?:these|this|them)\s+we\s+add\b|"
    r"\bto\s+give\s+a\s+(?:combined\s+)?total\b|\bgiving\s+(?:a\s+total\s+of\s+)?\d[\d,]*\s+"
    r"\w+\s+(?:across|in\s+total|overall|in\s+all)\b",
    re.I,
)
_COUNT_IN_TEXT = re.compile(rf"(?<![\d.,£$€])({COUNT})(?![\d.,]*\s?%)")


@dataclass(frozen=True)
class _Period:
    start: int | None
    end: int | None
    kind: str
    text: str


def _token_years(m: re.Match[str]) -> tuple[int, int, str]:
    """(first year, last year, kind) of one token: a decade, a financial year or a year."""
    year = int(m.group(1))
    if m.group(2):
        return year, year + 9, "decade"
    if m.group(3):
        tail = m.group(3)
        end = int(tail) if len(tail) == 4 else (year // 100) * 100 + int(tail)
        if end == year + 1 or (len(tail) == 2 and end + 100 == year + 1):
            return year, year + 1, "financial_year"
        return year, end, "range"  # "1997/2013"
    return year, year, "single_year"


@passage_fact(lambda p: (p.text,))
def periods_in(text: str) -> list[_Period]:
    """Every time window a sentence states, citation years left out."""
    text = blank_citations(text)
    tokens = list(_TOKEN.finditer(text))
    out: list[_Period] = []
    i = 0
    while i < len(tokens):
        first = tokens[i]
        start, end, kind = _token_years(first)
        j = i
        # Chain "2015/16 to 2022/23", "between 2004 and 2016", "1 April 2015 to 31 March 2023".
        while j + 1 < len(tokens) and _CONNECTOR.match(
            text[tokens[j].end() : tokens[j + 1].start()]
        ):
            _s, e, k = _token_years(tokens[j + 1])
            if "and" in text[tokens[j].end() : tokens[j + 1].start()].lower():
                before = text[max(0, first.start() - 30) : first.start()].lower()
                # "between 2004 and 2016", "2015/16 and 2016/17", "in 2021 and 2022" are one
                # window; "in 2015 and 2020" are two separate years.
                if "between" not in before and k != "financial_year" and _s > end + 1:
                    break
            end = max(end, e)
            kind = (
                "financial_year" if kind == "financial_year" or k == "financial_year" else "range"
            )
            j += 1
        head = text[max(0, first.start() - 40) : first.start()]
        phrase = text[first.start() : tokens[j].end()]
        tail = text[tokens[j].end() : tokens[j].end() + 20]
        if j > i:
            out.append(_Period(start, end, kind, phrase))
        elif since := _SINCE.search(head):
            out.append(_Period(start, None, "since", since.group(0) + phrase))
        elif kind == "decade":
            out.append(_Period(start, end, "decade", phrase))
        elif _YEAR_ENDING.search(head):
            out.append(_Period(start - 1, start, "year_ending", phrase))
        elif kind == "financial_year":
            out.append(_Period(start, end, "financial_year", phrase))
        elif _UNTIL.search(head):
            out.append(_Period(None, end, "range", phrase))
        elif _AS_AT.search(head) and (first.group(0)[0].isdigit() or _SNAPSHOT_MONTH.search(head)):
            # "At 31 March 2019", "as of 30 September 2021": the date of a snapshot count.
            out.append(_Period(start, end, "single_year", phrase))
        elif (
            _DATING.search(head)
            and not _NOT_A_WINDOW.match(tail)
            and not first.group(0)[0].isalpha()
        ):
            # "in 2019", "at the 2021 Census"; a dated event ("in April 2017") is not a window.
            out.append(_Period(start, end, "single_year", phrase))
        i = j + 1
    unique: list[_Period] = []
    for period in out:
        if all((p.start, p.end) != (period.start, period.end) for p in unique):
            unique.append(period)
    return unique


@dataclass(frozen=True)
class _Place:
    spelling: str
    canonical: str
    kind: str
    within: tuple[str, ...]
    start: int


def _discover_places(passages: list[Passage], gazetteer: Gazetteer) -> dict[str, str | None]:
    """Places the document names through its own institutions, with any parent it states.

    A name the document also writes in lower case ("Data Council" beside "data") is an
    ordinary word, not a place.
    """
    lower_words = {w for p in passages for w in _LOWER_WORD.findall(p.text)}
    found: dict[str, str | None] = {}
    for passage in passages:
        text = passage.text
        for m in _DIVISION.finditer(text):
            found[m.group(1)] = m.group(2)
            found.setdefault(m.group(2), None)
        for pattern in (_INSTITUTION, _OF_PLACE, _PLACE_ENDING):
            for m in pattern.finditer(text):
                words = m.group(1).split()
                while words and words[0] in _LEADING:
                    words = words[1:]
                name = " ".join(words)
                if (
                    len(name) < 3
                    or gazetteer.canonical(name)
                    or any(w in _NOT_PLACES or w in _INSTITUTION_WORDS for w in words)
                    or _names_a_group(name)
                    or (pattern is _INSTITUTION and _CONTINUES_INSTITUTION.match(text[m.end() :]))
                ):
                    continue
                if name.endswith(("ing", "ed")):  # "Monitoring Police Use of …" is a title
                    continue
                found.setdefault(name, None)
    return {
        name: parent
        for name, parent in found.items()
        if name.split()[-1].lower() not in lower_words
    }


_LEADING = frozenset(["The", "Our", "Its", "Their", "This", "That", "Each", "Every", "All", "Some"])


def _names_a_group(name: str) -> bool:
    """An ethnic, religious or national group's name ("Black", "Muslim") is no place."""
    return any(p.fullmatch(name) for p in SPECIFIC.values())


def _a_person(text: str, start: int, end: int) -> bool:
    """The place name at text[start:end] is someone's surname: after an honorific, or after a
    given name when the person is reporting ("as Jane Kent reported", "Tom York said")."""
    before, after = text[max(0, start - 40) : start], text[end : end + 20]
    if _HONORIFIC.search(before):
        return True
    given = _GIVEN_NAME.search(before)
    if not given or given.group(1) in _NOT_GIVEN_NAMES:
        return False
    return bool(_REPORTING_AFTER.match(after) or _REPORTER_BEFORE.search(before))


def _matcher(gazetteer: Gazetteer, discovered: dict[str, str | None]) -> re.Pattern[str]:
    if not discovered:
        return gazetteer.pattern
    names = sorted([*gazetteer.spellings, *discovered], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _places_in(
    text: str, pattern: re.Pattern[str], gazetteer: Gazetteer, discovered: dict[str, str | None]
) -> list[_Place]:
    out = []
    for m in pattern.finditer(text):
        if (
            _ORGANISATION.search(text[max(0, m.start() - 25) : m.start()])
            or _MASTHEAD.match(text[m.end() : m.end() + 30])
            or _a_person(text, m.start(), m.end())
        ):
            continue
        spelling = m.group(0)
        canonical = gazetteer.canonical(spelling)
        if canonical:
            chain = tuple(gazetteer.ancestors(canonical))
            out.append(_Place(spelling, canonical, gazetteer.kind(canonical), chain, m.start()))
        elif spelling in discovered:
            chain: list[str] = []
            parent = discovered.get(spelling)
            while parent and parent not in chain:
                chain.append(parent)
                parent = discovered.get(parent)
            out.append(_Place(spelling, spelling, "local_area", tuple(chain), m.start()))
    return out


def _places_overlap(a: _Place, b: _Place, gazetteer: Gazetteer) -> bool:
    if a.canonical == b.canonical or a.canonical in b.within or b.canonical in a.within:
        return True
    return overlapping(a.canonical, b.canonical, gazetteer)


def _periods_overlap(a: _Period, b: _Period) -> bool:
    a0, a1 = a.start if a.start is not None else -9999, a.end if a.end is not None else 9999
    b0, b1 = b.start if b.start is not None else -9999, b.end if b.end is not None else 9999
    return a0 <= b1 and b0 <= a1


@passage_fact(lambda p: (p.text,))
def _counts(text: str) -> list[int]:
    values = []
    for m in _COUNT_IN_TEXT.finditer(blank_citations(text)):
        value = to_int(m.group(1))
        if value is not None and value >= 10 and not is_year(value, m.group(1)):
            values.append(value)
    return values


@passage_fact(lambda p: (p.text,))
def _statement_kinds(text: str) -> list[str]:
    kinds = []
    if _COVERAGE_STATEMENT.search(text):
        kinds.append("coverage")
    if _NO_COMBINE.search(text):
        kinds.append("no_combine")
    if _DEDUP.search(text):
        kinds.append("deduplication")
    refused = bool(_GENERALISATION_REFUSED.search(text))
    if refused:
        kinds.append("generalisation_refused")
    if _NATIONAL.search(text) and not refused:
        kinds.append("national")
    if _RECORDING_CHANGE.search(text):
        kinds.append("recording_change")
    if _UNIT.search(text):
        kinds.append("unit")
    return kinds


# --- figures and whether each has a period and an area -----------------------------------------

_NUMBER_WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
)
_FIGURE_NUMBER = re.compile(
    r"(?<![\w.,£$€/-])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s?(?:million|bn|billion|thousand)\b)?|"
    rf"(?i:{_NUMBER_WORD})\b|(?i:hundreds|thousands|dozens|tens\s+of\s+thousands)\s+of)"
    r"(?![\d,.]*\d)"
)
_EVENTS = (
    r"offen[cs]es|crimes|incidents|cases|arrests|stops|searches|convictions|charges|cautions|"
    r"prosecutions|referrals|reports|complaints|attacks|assaults|murders|killings|homicides|"
    r"rapes|suicides|admissions|applications|assessments|investigations|sentences|deportations|"
    r"removals|crossings|arrivals|detentions|deaths|births|maternities|pregnancies|exclusions|"
    r"allegations|robberies|burglaries|thefts|stabbings|shootings|prisoners|inmates|employees|"
    r"individuals|households|patients"
)
# What a count counts: people or events, within three words ("1,652 antisemitic incidents").
_COUNTED = re.compile(rf"^\s+(?:[\w'’-]+\s+){{0,3}}?(?:{PEOPLE.pattern}|{_EVENTS})\b", re.I)
_NOT_COUNTED = re.compile(
    r"^\s+(?:pages|words|documents|files|pounds|miles|km|hectares|acres|square)\b|"
    r"^\s+or\s+(?:more|over|fewer|less)\b",  # "two or more people": a definition's threshold
    re.I,
)
_PERCENT = re.compile(
    r"\d(?:[\d,.]*\d)?\s?(?:%|per\s?cent\b|percent\b|pc\b|percentage\s+points?\b)", re.I
)
_SMALL = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|a\s+hundred)"
_SHARE_OR_RATE = re.compile(
    r"\bper\s+(?:\d[\d,]*|a\s+(?:hundred|thousand|million)|hundred|thousand|million)\b|"
    rf"\b(?:\d+(?:\.\d+)?|{_SMALL})\s+times\s+(?:as|more|less|higher|lower|the|greater)\b|"
    r"\btwice\s+(?:as|the)\b|"
    rf"(?<![\d,.])\b(?:\d{{1,2}}|{_SMALL})\s+(?:in|out\s+of)\s+(?:every\s+)?"
    rf"(?:\d{{1,3}}|{_SMALL})\b(?![\d,])|"
    r"\b(?:a|one|two)[- ](?:thirds?|quarters?|fifths?)\b|\bhalf\s+of\b|"
    r"\b(?:the\s+)?majority\s+of\b(?!\s+(?:the\s+|this\s+|its\s+)?(?:bulletin|report|document|"
    r"chapter|section|text|paper|article|book)\b)|\bover-?represent\w*|\bunder-?represent\w*|"
    r"\bdisproportionate\w*|\brecord\s+(?:numbers?|levels?|highs?)\b",
    re.I,
)
_TABLE_CELL = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?(?![\w.])")
# Passages whose numbers are not figures: contents lines, definitions, the evidence base of the
# work itself ("we interviewed 170 people"), datelines and publication lines.
_CONTENTS = re.compile(r"\.{4,}|…{2,}")
_NOT_A_FIGURE = re.compile(
    # "we interviewed 40 people", not "to be offered an interview"
    r"\b(?:defined\s+as|definition\s+of|interview(?:ed|s)|spoke\s+to|spoken\s+to|consulted|"
    r"met\s+with|heard\s+from|took\s+evidence|page\s+\d+\s+of\s+\d+|"
    # a web page's or a journal's furniture: "6 min read", "Volume 12, Number 3"
    r"vol(?:ume)?\.?\s+\d+,?\s+(?:no\.?|number|issue)\s+\d+)\b|\b\d+\s+min(?:ute)?s?\s+read",
    re.I,
)
_DATELINE = re.compile(DATELINE)
_PUBLICATION_LINE = re.compile(
    r"^\W*(?:published|updated|last\s+updated|posted|date)\b.{0,40}$", re.I | re.S
)
_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s+[A-Z]")
# Numbered headings with page numbers run into one passage: "2.1 Victims 76 2.2 Suspects 80".
_NUMBERED_ENTRY = re.compile(r"\b\d+(?:\.\d+)+\s+[A-Z][^.\d]{2,80}?\s\d{1,3}\b")
# "in London last year": one calendar year before the text was written, a period a reader can
# fix from the publication date; "recently" and "a decade ago" stay vague.
_LAST_YEAR = re.compile(r"\b(?:last|this|previous)\s+(?:calendar\s+|financial\s+)?year\b", re.I)
_PAGE_NUMBER_END = re.compile(r"[A-Za-z)]\s+\d{1,3}\s*$")
# A number that names a document, not a quantity: "e-petitions 300239 and 327566", "Bill 12".
_IDENTIFIER = re.compile(
    r"\b(?:e-?petitions?|petitions?|ref(?:erence)?\.?|case\s+(?:no\.?|number)|bills?|clauses?|"
    r"sections?|paragraphs?|annex|tables?|figures?|chapters?|questions?|"
    # a category's name: "Type 2 incidents", "Category B", "Tier 2", "Stage 3"
    r"types?|categor(?:y|ies)|tiers?|stages?|phases?|waves?|levels?)\s+\d[\d.]*[a-z]?"
    r"(?:(?:\s*,\s*|\s+and\s+|\s+or\s+)\d[\d.]*[a-z]?)*",
    re.I,
)
# "the highest number since 2013": the year dates the comparison, not the figure.
_SINCE_RECORD = re.compile(
    r"\b(?:highest|lowest|largest|smallest|biggest|most|fewest|first\s+time)\b[^.;]{0,40}?"
    r"\bsince\s+(?:the\s+)?(?:(?:early|mid|late)[- ])?(?:19|20)\d{2}s?",
    re.I,
)
# A year dates a figure unless it dates the publication ("published in October 2024"). A
# machine timestamp ("date 2025-01-02", "2008-05-02 01:00:00") stamps the page, not a period.
_A_YEAR = re.compile(
    r"(?<![\d£$€.,/-])(?:19|20)\d{2}(?:/\d{2})?(?!\d|,\d{3}|\.\d|-[01]\d-[0-3]\d\b)"
)
_PUBLISHED_BEFORE = re.compile(
    r"\b(?:published|publish(?:es|ing)|released?|issued|launched|posted|updated|accessed|"
    r"written|copyright|©)\s+(?:[\w’'-]+\s+){0,3}?(?:(?:in|on|at)\s+(?:the\s+(?:end|start|"
    rf"beginning)\s+of\s+|(?:early|mid|late)\s+)?)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?"
    rf"(?:{_MONTH}\.?\s+)?(?:\d{{1,2}},?\s+)?$",
    re.I,
)
# A relative time instead of a date ("a decade ago", "last year"): the figure has no period of
# its own, whatever the paragraph says; so does a projection ("could rise to 2 million").
_VAGUE_TIME = re.compile(
    r"\blast\s+(?:month|week)\b|\b(?:a|one|two|three|several|many)\s+(?:years?|decades?|"
    r"months?)\s+(?:ago|earlier|before)\b|\brecent(?:ly)?\b",
    re.I,
)
_PROJECTION = re.compile(
    r"\b(?:might|could|may|will|would|expected\s+to|projected\s+to|forecast\s+to|set\s+to)\s+"
    r"(?:\w+\s+){0,2}?(?:rise|reach|grow|increase|climb|hit|exceed)\b",
    re.I,
)
# An area referred back to ("the three counties", "across the borough", "in four force areas"):
# it names the area the text has set out, so it places a figure.
_AREA_WORDS = (
    r"(?:count(?:y|ies)|boroughs?|force\s+areas?|police\s+areas?|cit(?:y|ies)|towns?|regions?|"
    r"districts?|local\s+authorit(?:y|ies)|council\s+areas?)"
)
_AREA_REFERENCE = re.compile(
    rf"\b(?:the|these|those|this|that|our|its|each|every|all|both)\s+(?:(?:two|three|four|five|six|"
    rf"seven|eight|nine|ten|\d+)\s+)?{_AREA_WORDS}\b|\b(?:in|across|for|from)\s+(?:two|three|"
    rf"four|five|six|seven|eight|nine|ten|\d+)\s+{_AREA_WORDS}\b",
    re.I,
)
# "In some force areas", "in certain boroughs": a figure restricted to areas the text does not
# name is not placed by the wider area around it.
_UNNAMED_AREAS = re.compile(
    r"\b(?:in|across|for|of)\s+(?:some|certain|several|many|a\s+few|a\s+number\s+of|other)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:areas|count(?:y|ies)|boroughs|forces|cities|towns|regions|districts|"
    r"councils|local\s+authorities|parts\s+of\s+the\s+country|places)\b",
    re.I,
)
# An area named without a place name: the figure covers the whole country.
_COUNTRY_WIDE = re.compile(
    r"\bnation(?:wide|ally)\b|\bacross\s+the\s+country\b|\bcountry-?wide\b", re.I
)


# "9 per cent were defined as Irish": a share classified, not a definition.
_CLASSIFIED = re.compile(r"(?:\d\s?%|\bper\s?cent|\bpercent)\s+(?:were|was|are|is)\s+$", re.I)


def _not_a_figure(text: str) -> bool:
    return any(
        not (m.group(0).lower().startswith("defined") and _CLASSIFIED.search(text[: m.start()]))
        for m in _NOT_A_FIGURE.finditer(text)
    )


@passage_fact(lambda p: (p.text,))
def figures_in(text: str) -> list[str]:
    """The figures a passage states about people or events: shares, rates, ratios, counts of
    people or events, and table rows of numbers. Years, money, section and page numbers, and the
    numbers of a definition or of the work's own interviews are not figures."""
    text = blank_citations(text)
    stripped = text.strip()
    if (
        _CONTENTS.search(text)
        or _not_a_figure(text)
        or _DATELINE.match(stripped)
        or _PUBLICATION_LINE.match(stripped)
        or _SECTION_NUMBER.match(text)
        or len(_NUMBERED_ENTRY.findall(text)) >= 3
    ):
        return []
    text = _IDENTIFIER.sub(" ", text)
    if line_kind(stripped) == "table" or text.count("|") >= 2:
        cells = [c for c in _TABLE_CELL.findall(text) if not (c.isdigit() and is_year(int(c), c))]
        # A row needs a label, or enough numbers to be a row of a table ("2019-20 870 365 182").
        labelled = re.search(r"[A-Za-z]{2,}", text) or len(cells) >= 3
        if (len(cells) >= 2 or "|" in text) and labelled:
            return [stripped[:40]]
    found = [m.group(0) for m in _PERCENT.finditer(text)]
    found += [m.group(0) for m in _SHARE_OR_RATE.finditer(text)]
    for m in _FIGURE_NUMBER.finditer(text):
        raw = m.group(0)
        value = to_int(raw)
        after = text[m.end() : m.end() + 60]
        if (value is not None and is_year(value, raw)) or _NOT_COUNTED.match(after):
            continue
        grouped = "," in raw and not re.search(r"[£$€]\s*$", text[: m.start()])
        if _COUNTED.match(after) or grouped:
            found.append(raw)
    claim = None if found else unnumbered_claim(text)
    if claim and not supposed(text, claim):
        # A comparison or share word with no number is a statistical claim to place and date;
        # not a supposition ("If trials ... were more likely to be reported, ...").
        found.append(claim[1])
    return found


@passage_fact(lambda p: (p.text,))
def has_date(text: str) -> bool:
    """A year that dates what the passage says, not when something was published."""
    text = _SINCE_RECORD.sub(" ", blank_citations(text))
    if _DATELINE.match(text.strip()):
        return False
    if _LAST_YEAR.search(text):
        return True
    return any(
        not _PUBLISHED_BEFORE.search(text[max(0, m.start() - 60) : m.start()])
        and not (
            _STUDY_IN.search(text[max(0, m.start() - 60) : m.start()])
            and _FOUND_AFTER.match(text[m.end() : m.end() + 20])
        )
        for m in _A_YEAR.finditer(text)
    )


# "A Home Office study in 2020 found ...": the year of the study, not the period it covers.
_STUDY_IN = re.compile(
    r"\b(?:study|report|review|paper|analysis)\s+(?:[\w’'-]+\s+){0,4}?in\s+$", re.I
)
_FOUND_AFTER = re.compile(r"^\s+(?:found|showed|concluded|suggested|reported)\b", re.I)


@dataclass
class _Row:
    passage: Passage
    figures: list[str]
    dated: bool  # a year in the passage itself
    carries_period: bool  # a period later passages in its section may lean on
    placed: bool
    local: bool
    national: bool
    heading: bool


def _figure_coverage(
    rows: list[_Row], quoted: set[tuple[int, int]], covering: tuple[bool, bool]
) -> list[ScopeFigure]:
    """Each figure passage, dated and placed in itself or by what carries to it: its paragraph,
    its section (until the next heading), what comes before the first figure (title and lead),
    or a document-wide scope statement (`covering`: period, place)."""
    first = next((i for i, r in enumerate(rows) if r.figures), len(rows))
    lead_period = covering[0] or any(r.carries_period for r in rows[:first])
    lead_place = covering[1] or any(r.placed for r in rows[:first])
    section_period = section_place = paragraph_period = False
    paragraph: tuple[int, int] | None = None
    # A place named anywhere in a paragraph places its figures, before or after the name
    # ("Suspects rose by 12%. ... offenders in Ruritania have ...").
    placed_paragraphs = {(r.passage.page, r.passage.paragraph) for r in rows if r.placed}
    out: list[ScopeFigure] = []
    for row in rows:
        p = row.passage
        if (p.page, p.paragraph) != paragraph:
            paragraph, paragraph_period = (p.page, p.paragraph), False
        if row.heading:
            section_period = section_place = False
        if row.figures:
            own_only = bool(_PROJECTION.search(p.text)) or (
                not row.dated and bool(_VAGUE_TIME.search(p.text))
            )
            carried = paragraph_period or section_period or lead_period
            out.append(
                ScopeFigure(
                    page=p.page,
                    sentence=p.text,
                    text="; ".join(dict.fromkeys(row.figures)),
                    dated=row.dated or (carried and not own_only),
                    placed=row.placed
                    or (
                        (section_place or lead_place or (p.page, p.paragraph) in placed_paragraphs)
                        and not _UNNAMED_AREAS.search(p.text)
                    ),
                    local=row.local,
                    national=row.national,
                    quoted=(p.page, p.start) in quoted,
                )
            )
        paragraph_period |= row.dated
        section_period |= row.carries_period
        section_place |= row.placed
    # The same figure in a headline and in the body is placed and dated where the body says.
    seen: dict[str, list[bool]] = {}
    for f in out:
        for token in f.text.split("; "):
            known = seen.setdefault(token, [False, False])
            known[0] |= f.dated
            known[1] |= f.placed
    for i, f in enumerate(out):
        tokens = f.text.split("; ")
        dated = f.dated or all(seen[t][0] for t in tokens)
        placed = f.placed or all(seen[t][1] for t in tokens)
        if (dated, placed) != (f.dated, f.placed):
            out[i] = f.model_copy(update={"dated": dated, "placed": placed})
    return out


_CONTENTS_HEADING = re.compile(r"^\s*(?:table\s+of\s+)?contents?\s*:?\s*$", re.I)


def _contents_entries(passages: list[Passage]) -> set[tuple[int, int]]:
    """(page, start) of the short lines ending in a page number that follow a "Contents"
    heading or a run of numbered headings with page numbers, up to the first other line."""
    out: set[tuple[int, int]] = set()
    inside = False
    for p in passages:
        text = p.text.strip()
        if _CONTENTS_HEADING.match(text) or len(_NUMBERED_ENTRY.findall(text)) >= 3:
            inside = True
        elif inside and len(text.split()) <= 14 and _PAGE_NUMBER_END.search(text):
            out.add((p.page, p.start))
        else:
            inside = False
    return out


def detect(context: Context) -> Findings:
    gazetteer = load_gazetteer()
    discovered = _discover_places(context.passages, gazetteer)
    pattern = _matcher(gazetteer, discovered)
    periods: list[TimePeriod] = []
    places: list[PlaceMention] = []
    statements: list[ScopeStatement] = []
    overlaps: list[ScopeOverlap] = []
    cues: list[Signal] = []
    seen_places: set[str] = set()
    recent: list[tuple[Passage, list[_Place], list[_Period], list[int]]] = []
    rows: list[_Row] = []
    quoted = quoted_passages(context)
    contents = _contents_entries(context.passages)
    named_for_figures = False  # a place named beside a figure or as the source's area
    for passage in context.in_time(CRITERION, context.passages):
        text = passage.text
        reported = (passage.page, passage.start) in quoted
        found_periods = periods_in(text)
        found_places = _places_in(text, pattern, gazetteer, discovered)
        counts = _counts(text)
        figures = figures_in(text)
        if (passage.page, passage.start) in contents:
            # The rest of a contents list: "Cities of 100,000 people or more 71".
            figures = []
        dated = has_date(text)
        # A national agency or survey places its figures ("the FBI reported", "PSNI figures").
        body = bool(gazetteer.body_pattern and gazetteer.body_pattern.search(text))
        if found_places and (figures or _SOURCE_LINE.match(text)):
            named_for_figures = True
        rows.append(
            _Row(
                passage=passage,
                figures=figures,
                dated=dated,
                carries_period=dated and bool(found_periods or figures),
                placed=bool(
                    found_places
                    or body
                    or _COUNTRY_WIDE.search(text)
                    or _AREA_REFERENCE.search(text)
                ),
                local=any(p.kind not in _NATIONAL_KINDS for p in found_places),
                # A body beside a local place ("Kirkford's cases passed to the Crown Prosecution
                # Service") does not make the figure national.
                national=any(p.kind in _NATIONAL_KINDS for p in found_places)
                or (body and not found_places)
                or bool(_NATIONAL_SOURCE.search(text)),
                heading=line_kind(text) == "heading",
            )
        )
        for period in found_periods:
            periods.append(
                TimePeriod(
                    page=passage.page,
                    sentence=text,
                    start=period.start,
                    end=period.end,
                    kind=period.kind,  # type: ignore[arg-type]
                    text=period.text,
                )
            )
        for place in found_places:
            if place.canonical in seen_places:
                continue
            seen_places.add(place.canonical)
            places.append(
                PlaceMention(
                    page=passage.page,
                    name=place.spelling,
                    sentence=text,
                    kind=place.kind,
                    within=list(place.within),
                )
            )
        kinds = _statement_kinds(text)
        placed = found_periods or found_places
        if placed and "coverage" not in kinds and _COVERAGE_IF_PLACED.search(text):
            kinds.insert(0, "coverage")
        if reported or _NATIONAL_SOURCE.search(text):
            # Someone else's national claim quoted to be tested, or a figure from a national
            # collection ("a nationwide inquiry found"): not a local figure made national.
            kinds = [k for k in kinds if k != "national"]
        statements.extend(
            ScopeStatement(page=passage.page, sentence=text, kind=kind)  # type: ignore[arg-type]
            for kind in kinds
        )
        if "national" in kinds:  # each "nationally", "across the country" the suggestion weighs
            cues += [
                Signal(page=passage.page, sentence=text, kind="national_cue", text=m.group(0))
                for m in _NATIONAL.finditer(text)
            ]
        if "no_combine" in kinds and (counts or _NO_COMBINE_STRONG.search(text)):
            overlaps.append(
                ScopeOverlap(
                    page=passage.page,
                    sentence=text,
                    explanation="the text points out that these figures overlap and does not "
                    "add them",
                    flagged=True,
                )
            )
        elif _SUM.search(text) and "deduplication" not in kinds and not reported:
            overlap = _summed_overlap(text, found_places, found_periods, counts, recent, gazetteer)
            if overlap:
                overlaps.append(ScopeOverlap(page=passage.page, sentence=text, explanation=overlap))
        recent = [*recent[-3:], (passage, found_places, found_periods, counts)]
    scoped = [s for s in statements if s.kind == "coverage"]
    covering = (
        any(periods_in(s.sentence) for s in scoped),
        any(
            _places_in(s.sentence, pattern, gazetteer, discovered)
            or _AREA_REFERENCE.search(s.sentence)
            for s in scoped
        )
        or _one_country(places, gazetteer, named_for_figures),
    )
    return Findings(
        time_periods=periods,
        places=places,
        scope_statements=statements,
        scope_overlaps=overlaps,
        scope_signals=cues + _dated_shares(context, periods, statements),
        scope_figures=_figure_coverage(rows, quoted, covering),
    )


_SOURCE_LINE = re.compile(r"^\W*sources?(?:\(s\))?\s*:", re.I)


def _one_country(places: list[PlaceMention], gazetteer: Gazetteer, named_for_figures: bool) -> bool:
    """The text names one country (or one nation within it) and no other place, as the area of
    a figure or of its source: a national release ("police in Wales made
    1,120 arrests"; "Source: Housing in Ruritania") whose figures all belong to that
    area, wherever in the text it is named. `named_for_figures`: some passage names it beside
    a figure or as a source; a passing "UK charity" or "towns around the UK" does not."""
    if not places or any(p.kind not in _NATIONAL_KINDS for p in places):
        return False
    if not named_for_figures:
        return False
    names = [gazetteer.canonical(p.name) or p.name for p in places]
    return all(overlapping(a, names[0], gazetteer) for a in names[1:])


def _dated_shares(
    context: Context, periods: list[TimePeriod], statements: list[ScopeStatement]
) -> list[Signal]:
    """The document's own percentages that are dated: their paragraph names a period, or a
    scope statement with a period covers the whole document."""
    where = {(p.page, p.text): (p.page, p.paragraph) for p in context.passages}
    with_period = {where.get((t.page, t.sentence)) for t in periods}
    covering = any(s.kind == "coverage" and periods_in(s.sentence) for s in statements)
    return [
        Signal(page=f.page, sentence=f.sentence, kind="dated_percentage", text=f.text)
        for f in _own_shares(context.findings)
        if covering or where.get((f.page, f.sentence)) in with_period
    ]


def _own_shares(findings: Findings) -> list[PercentageFinding]:
    """The document's own percentages: not quoted from others, not percentage points."""
    return [f for f in findings.percentages if not f.quoted and f.kind != "percentage_points"]


def _summed_overlap(
    text: str,
    places: list[_Place],
    periods: list[_Period],
    counts: list[int],
    recent: list[tuple[Passage, list[_Place], list[_Period], list[int]]],
    gazetteer: Gazetteer,
) -> str | None:
    """Why adding the figures in this sentence (and the few before it) may count people twice."""
    all_places = [*places, *(p for _, ps, _, _ in recent for p in ps)]
    all_periods = [*periods, *(p for _, _, ps, _ in recent for p in ps)]
    sources = sum(1 for _, _, _, c in recent if c) + (1 if counts else 0)
    total_counts = len(counts) + sum(len(c) for _, _, _, c in recent)
    if total_counts < 2:
        return None
    for i, a in enumerate(all_places):
        for b in all_places[i + 1 :]:
            if a.canonical != b.canonical and _places_overlap(a, b, gazetteer):
                inner, outer = (a, b) if b.canonical in a.within else (b, a)
                return (
                    f"figures for {inner.spelling} and for {outer.spelling}, which contains it, "
                    "are added together"
                )
    for i, a in enumerate(all_periods):
        for b in all_periods[i + 1 :]:
            if (a.start, a.end) != (b.start, b.end) and _periods_overlap(a, b):
                return f"figures for overlapping periods ({a.text}; {b.text}) are added together"
    if sources >= 2:
        return "counts from different sources for the same area are added together with no check for people counted twice"  # noqa: E501
    return None


# --- suggestion -----------------------------------------------------------------------------


def suggest(findings: Findings, context: Context) -> Suggestion:
    """Scope: periods and places stated, overlaps flagged, local kept local."""
    statements: dict[str, list[ScopeStatement]] = {}
    for s in findings.scope_statements:
        statements.setdefault(s.kind, []).append(s)
    periods, places = findings.time_periods, findings.places
    summed = [o for o in findings.scope_overlaps if not o.flagged]
    flagged = [o for o in findings.scope_overlaps if o.flagged]
    national = statements.get("national", [])
    refused = statements.get("generalisation_refused", [])
    dedup = statements.get("deduplication", [])
    good_extras = [
        k for k in ("deduplication", "recording_change", "generalisation_refused", "unit")
        if statements.get(k)
    ]  # fmt: skip
    figures = [f for f in findings.percentages if f.kind != "percentage_points"]
    local = [p for p in places if p.kind not in _NATIONAL_KINDS]
    placed_figures = findings.scope_figures
    # The document's own figures decide; a document that only tests others' figures is judged
    # on those (how it places and dates what it disputes).
    own = [f for f in placed_figures if not f.quoted] or placed_figures
    covered = [f for f in own if f.dated and f.placed]
    share = len(covered) / len(own) if own else 0.0
    local_figures = any(f.local for f in own)
    # Figures for the whole country that are not themselves the national claim: the document
    # has national data, so "nationally" may describe them.
    claims = {(s.page, s.sentence) for s in national}
    national_data = any(f.national and (f.page, f.sentence) not in claims for f in own)

    # A scale claim read off a contents list ("2.3 Suspects per 100,000 people 12") is no figure.
    scale = [
        c
        for c in findings.scale_claims
        if len(_NUMBERED_ENTRY.findall(c.sentence)) < 3 and not _CONTENTS.search(c.sentence)
    ]
    if not own and not figures and not scale:
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="not_applicable",
            confidence=0.5,
            rationale="No figure about people or events was found (dates and places alone do "
            "not need a scope), so the question looks not to apply; check tables and images "
            "by eye.",
            counts={
                "time_periods": len(periods),
                "places": len(places),
                "figures": 0,
                "scale_claims": 0,
            },
        )
    if summed or (not periods and not places):
        level = 0
    elif not any(f.dated or f.placed for f in own) and not statements.get("coverage"):
        # The periods and places the text names date or place none of its figures: "figures
        # with no period or place" (labelling guide, 3.3), however many dates sit elsewhere.
        level = 0
    elif national and local and local_figures and not national_data and not refused:
        # One passing "nationally" may only give context; two or more is a local-to-national leap.
        cues = sum(s.kind == "national_cue" for s in findings.scope_signals)
        level = 0 if cues >= 2 else 1
    elif share >= 0.8 or ((flagged or dedup or statements.get("coverage")) and share >= 0.5):
        level = 3 if len(good_extras) >= 3 else 2
    else:
        level = 1
    # Reported, not used for the level: on the tuning reports it moved a fact-check that cites
    # other reports' undated figures away from its key.
    dated = sum(s.kind == "dated_percentage" for s in findings.scope_signals)
    shares = len(_own_shares(findings))

    parts = [
        f"{len(covered)} of {plural(len(own), 'figure')} have a period and an area, stated or "
        "carried from their paragraph, section or title",
        f"{plural(len(periods), 'time period')} found"
        + (f" ({page_list(p.page for p in periods)})" if periods else ""),
        f"{plural(len(places), 'place')} named"
        + (f" ({', '.join(p.name for p in places[:5])})" if places else ""),
    ]
    if shares:
        parts.append(f"{dated} of {plural(shares, 'percentage')} have a period in their paragraph "
                     "or under a document-wide scope statement")  # fmt: skip
    if summed:
        parts.append(
            f"{plural(len(summed), 'sum')} of overlapping figures "
            f"({page_list(o.page for o in summed)})"
        )
    if flagged:
        parts.append(f"overlaps flagged and not added ({page_list(o.page for o in flagged)})")
    if dedup:
        parts.append("people counted once after matching")
    if statements.get("recording_change"):
        parts.append("a change in recording practice noted")
    if statements.get("unit"):
        parts.append("the unit counted is stated")
    if refused:
        parts.append("generalisation beyond the area refused")
    elif national and local:
        parts.append(f"national claims from local figures ({page_list(s.page for s in national)})")

    items: list[tuple[int, str, str]] = []
    items += [(o.page, o.sentence, o.explanation) for o in summed]
    if not refused:
        items += [(s.page, s.sentence, "national claim") for s in national[:2]]
    items += [(o.page, o.sentence, "overlap flagged, figures not added") for o in flagged[:2]]
    items += [(s.page, s.sentence, "counted once") for s in dedup[:1]]
    items += [(s.page, s.sentence, "recording change noted")
              for s in statements.get("recording_change", [])[:1]]  # fmt: skip
    items += [(s.page, s.sentence, "local result not generalised") for s in refused[:1]]
    items += [(s.page, s.sentence, "scope stated") for s in statements.get("coverage", [])[:1]]
    items += [(p.page, p.sentence, f"period {p.text}") for p in periods[:1]]
    items += [(f.page, f.sentence, "figure with no period or area")
              for f in own if not (f.dated and f.placed)][:2]  # fmt: skip

    amount = len(periods) + len(places) + len(findings.scope_statements)
    confidence = min(0.8, 0.25 + 0.04 * amount)
    counts = {
        "time_periods": len(periods),
        "places": len(places),
        "local_places": len(local),
        "scope_statements": len(findings.scope_statements),
        "overlapping_sums": len(summed),
        "overlaps_flagged": len(flagged),
        "national_claims": len(national),
        "generalisation_refused": len(refused),
        "own_percentages": shares,
        "dated_percentages": dated,
        "figures": len(own),
        "figures_placed_and_dated": len(covered),
    }
    return suggested(CRITERION, level, confidence, parts, items, counts=counts)


# --- the contract -----------------------------------------------------------------------------


def _check_period_key(item) -> None:
    if item.start is None and item.end is None:
        raise ValueError("a time period needs a start or an end year")
    if item.start is not None and item.end is not None and item.start > item.end:
        raise ValueError(f"period starts ({item.start}) after it ends ({item.end})")


def _check_place_key(item) -> None:
    if item.name not in item.sentence:
        raise ValueError(f"place {item.name!r} is not in its sentence")


_YEAR = {"ge": 1800, "le": 2100}

CHECK = Check(
    criterion=CRITERION,
    produces={
        "time_periods": TimePeriod,
        "places": PlaceMention,
        "scope_statements": ScopeStatement,
        "scope_overlaps": ScopeOverlap,
        "scope_signals": Signal,
        "scope_figures": ScopeFigure,
    },
    # Percentages: which of them are dated; scale claims: figures that want a scope.
    needs=("percentages", "scale_claims"),
    detect=detect,
    suggest=suggest,
    answer_key={
        "time_periods": KeyedList(
            fields=("page", "sentence", "start", "end"),
            limits={"start": _YEAR, "end": _YEAR},
            check=_check_period_key,
            scored={"years": ("start", "end")},
        ),
        "places": KeyedList(
            fields=("page", "name", "sentence"),
            check=_check_place_key,
            identity=("name",),
            distinct="name",
        ),
        "scope_overlaps": KeyedList(
            fields=("page", "sentence", "explanation", "flagged"),
            scored={"flagged": ("flagged",)},
        ),
    },
)
