"""Word lists shared by the attribute, scale and recommendation detectors.

Identity terms are only ever matched in the document's own words: the tool reports which group a
sentence names, never which group anyone belongs to.
"""

from __future__ import annotations

import re

from ..models import Passage

# Phrases that contain an identity word without saying anything about people.
_NOT_IDENTITY = re.compile(
    r"\b(?:white\s+(?:paper|van|goods|noise|board|list|wash)|black\s+(?:cab|market|box|hole|spot|"
    r"country|friday|ice|mirror)|black\s+and\s+white|(?:east|south[- ]east)\s+asian\s+(?:market|"
    r"econom|countr|financ|export)\w*|heritage\s+(?:quarter|site|centre|trail|lottery|fund|"
    r"railway|listed)|indian\s+(?:ocean|summer|restaurant|takeaway)|arab\s+spring|"
    r"british\s+(?:transport\s+police|crime\s+survey|museum|library|medical|social\s+attitudes)|"
    r"polish(?:ed|ing)?\s+(?:the|our|their)|bank\s+of\s+england|white\s+house|"
    r"white\s+(?:collar|space|light|goods)|black\s+(?:box|history\s+month)|"
    r"indian\s+(?:country|tribes?|nations?|reservations?|affairs))\b",
    re.I,
)

RELIGION = (
    r"muslims?|islam(?:ic)?|sikhs?|hindus?|christians?|jewish|jews|catholics?|"
    r"(?:religion|faith)\s+(?:group|communit)\w*"
)
NATIONALITY = (
    r"foreign(?:[- ]born|\s+nationals?|\s+criminals|\s+offenders|\s+patients)|"
    r"non-uk\s+(?:nationals?|citizens|passports?)|(?:uk|british|eu)\s+(?:nationals?|citizens?)|"
    r"nationals|(?:im)?migrants?|asylum[- ]seekers?|refugees?|born\s+(?:abroad|overseas|outside"
    r"\s+the\s+uk)|overseas\s+visitors|new\s+arrivals|health\s+touris\w+|settled\s+status|"
    r"afghans?|iraqis?|albanians?|romanians?|polish|lithuanians?|somalis?|eritreans?|sudanese|"
    r"syrians?|eastern\s+europeans?|europeans|british[- ]born|"
    r"(?<!white\s)(?<!black\s)(?<!asian\s)(?<!pakistani\s)(?<!indian\s)british(?![\s-]+(?:asian|"
    r"pakistani|bangladeshi|indian|transport|crime|museum|library|medical|social|citizenship))"
)
ETHNICITY = (
    r"(?:british\s+)?asian(?:\s+or\s+asian\s+british)?|(?:british\s+)?pakistanis?|kashmiris?|"
    r"bangladeshis?|indians?|white(?:\s+british)?|black(?:\s+or\s+black\s+british)?|"
    r"afro-caribbean|caribbean|african|roma|gypsy|travellers?|kurdish|kurds|arabs?|chinese|"
    r"ethnic\s+minorit\w+|bame|(?:between|across)\s+ethnic\s+groups|(?:every|all|many|different|diverse)\s+ethnic\s+(?:backgrounds?|groups)|"
    r"[a-z]+\s+heritage|of\s+[a-z]+\s+(?:origin|descent)"
)
SPECIFIC = {
    "religion": re.compile(rf"\b(?:{RELIGION})\b", re.I),
    "nationality": re.compile(rf"\b(?:{NATIONALITY})\b", re.I),
    "ethnicity": re.compile(rf"\b(?:{ETHNICITY})\b", re.I),
}
# "White" and "Black" only count when written as categories, so "black ice" or "a white van" slip
# through _NOT_IDENTITY less often.
_COLOUR_LOWER = re.compile(r"\b(?:white|black)\b")
# ... or as what a group is said to be: "most are white", "83% white".
_PREDICATE_BEFORE = re.compile(
    r"(?:\b(?:are|were|is|was|as|mostly|predominantly|overwhelmingly|being)\s+(?:\w+\s+)?|"
    r"\d\s?%\s*)$",
    re.I,
)

# Words naming the attribute itself, as in method statements ("ethnicity was recorded for ...").
GENERIC = re.compile(
    r"\b(?:ethnicity|ethnic\s+groups?|ethnic\s+origin|nationality|country\s+of\s+birth|"
    r"religion|(?:man's|men's|"
    r"person's|offenders?'|offender's|their|his|her)\s+(?:ethnic\s+)?background)\b",
    re.I,
)

PEOPLE = re.compile(
    r"\b(?:offenders?|perpetrators?|abusers?|suspects?|defendants?|men|women|girls?|boys?|"
    r"children|victims?|people|persons?|gangs?|groups?|members?|prisoners?|patients?|tenants?|"
    r"households?|families|residents?|population|communit(?:y|ies)|pupils?|citizens?|workers?|"
    r"staff|doctors?|nurses?|drivers?|congregation|respondents?|mothers?|attackers?|organisers?|"
    r"criminals?|those\s+(?:arrested|charged|convicted|sentenced)|nationals|migrants?|"
    r"immigrants?|refugees?|asylum[- ]seekers?|muslims|sikhs|hindus|jews|arrivals|visitors|"
    r"births|deaths|lets|homes|admissions|europeans|pakistanis|bangladeshis|indians|afghans|"
    r"iraqis|albanians|romanians|somalis|kurds|asians|christians|catholics|ethnic\s+groups)\b",
    re.I,
)

# A quoted claim that the document then knocks down is not the document's own claim.
_REPORTED = re.compile(
    r"\b(?:the\s+(?:claim|line|figure|assertion|statistic|idea|notion|myth|suggestion)\s+"
    r"(?:that|of)|(?:it\s+(?:has\s+been|is|was)\s+(?:said|claimed|alleged|asserted))|"
    r"claimed\s+that|widely\s+(?:quoted|shared|repeated)|so-called)",
    re.I,
)
_REBUT = re.compile(
    r"\b(?:debunk\w*|misleading|no\s+(?:reliable\s+)?(?:basis|evidence|source)|"
    r"not\s+(?:supported|reliable|true|representative|credible)|unreliable|false|"
    r"shown\s+to\s+rest|rests?\s+on\s+(?:press|no|a\s+flawed)|flawed|discredited|withdrawn|"
    r"retracted|without\s+(?:a\s+|any\s+)?(?:stated\s+)?(?:source|method)|cannot\s+be\s+relied)\b",
    re.I,
)

NUMBER = re.compile(r"(?<![\w.,£$€])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w%])")


def attributes_named(text: str) -> list[str]:
    """Which kinds of group attribute the text names, most specific first."""
    cleaned = _NOT_IDENTITY.sub(" ", text)
    found = []
    for attribute, pattern in SPECIFIC.items():
        for match in pattern.finditer(cleaned):
            word = match.group(0)
            if attribute == "ethnicity" and _COLOUR_LOWER.fullmatch(word.split()[0]):
                # lower-case "white"/"black" alone is usually a colour; keep "white men" etc.
                after = cleaned[match.end() : match.end() + 40]
                before = cleaned[max(0, match.start() - 40) : match.start()]
                if not (PEOPLE.match(after.lstrip()) or _PREDICATE_BEFORE.search(before)):
                    continue
            generic_heritage = word.split()[0].lower() in {"the", "our", "their", "a", "its"}
            if attribute == "ethnicity" and word.lower().endswith("heritage") and generic_heritage:
                continue
            found.append(attribute)
            break
    return found


def identity_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a group by ethnicity, religion or nationality (character spans)."""
    cleaned = _NOT_IDENTITY.sub(lambda m: " " * len(m.group(0)), text)
    return [m.span() for pattern in SPECIFIC.values() for m in pattern.finditer(cleaned)]


def is_rebutted_report(passage: Passage, paragraph: list[Passage]) -> bool:
    """The sentence reports someone else's claim and this sentence or the next knocks it down."""
    if not _REPORTED.search(passage.text):
        return False
    if _REBUT.search(passage.text):
        return True
    following = [p for p in paragraph if p.start > passage.start][:1]
    return any(_REBUT.search(p.text) for p in following)


# A fact-check's verdict or heading around a quoted claim ("Claim 4" ... "Verdict: no method").
_VERDICT = re.compile(
    r"^\s*verdict\b|\b(?:not\s+supported|no\s+method|double[- ]count\w*|arithmetic\s+is\s+wrong|"
    r"(?:is|was|are)\s+(?:wrong|misleading|false|unsupported))\b",
    re.I,
)
_CLAIM_HEADING = re.compile(r"^\s*(?:claim|statement)\s+\d+\s*:?\s*$", re.I)
# Someone other than the document says or did it: "It says it identified ...", "Fair Count's
# report gives 83% ...". "This report says" / "our report" are the document's own words.
_ATTRIBUTED = re.compile(
    r"^(?!(?:this|our)\b)(?:[A-Z][\w'’-]*\s+){0,4}?(?:it|they|the\s+campaign|the\s+group|"
    r"[\w-]+['’]s\s+report|the\s+(?:earlier|other|first|second)\s+report)\s+(?:says|said|"
    r"claims|claimed|gives|gave|states|stated|argues|argued|counts|counted)\b",
    re.I,
)


def quoted_flags(passages: list[Passage]) -> list[bool]:
    """For each passage, whether it reports another source's claim in order to check it."""
    flags = []
    for i, passage in enumerate(passages):
        text = passage.text
        before = passages[i - 1].text if i else ""
        after = [p.text for p in passages[i + 1 : i + 3] if p.page == passage.page]
        quoted = bool(
            _ATTRIBUTED.search(text)
            or (_REPORTED.search(text) and _REBUT.search(text))
            or (_CLAIM_HEADING.match(before) and any(_VERDICT.search(t) for t in after))
            or (after and _VERDICT.match(after[0]))
        )
        flags.append(quoted)
    return flags
