"""Word lists shared by the attribute, scale and recommendation detectors.

Identity terms are only ever matched in the document's own words: the tool reports which group a
sentence names, never which group anyone belongs to.
"""

from __future__ import annotations

import re

from ..models import Passage
from . import speech
from .parallel import passage_fact

# Phrases that contain an identity word without saying anything about people.
_NOT_IDENTITY = re.compile(
    r"\b(?:white\s+(?:paper|van|goods|noise|board|list|wash)|black\s+(?:cab|market|box|hole|spot|"
    r"country|friday|ice|mirror|sea|swan)|black[\s-]scholes|black\s+and\s+white|"
    r"(?:east|south[- ]east)\s+asian\s+(?:market|"
    r"econom|countr|financ|export)\w*|heritage\s+(?:quarter|site|centre|trail|lottery|fund|"
    r"railway|listed)|indian\s+(?:ocean|summer|restaurant|takeaway)|arab\s+spring|"
    r"british\s+(?:transport\s+police|crime\s+survey|museum|library|medical|social\s+attitudes)|"
    r"polish(?:ed|ing)?\s+(?:the|our|their)|bank\s+of\s+england|white\s+house|"
    r"white\s+(?:collar|space|light|goods)|black\s+(?:box|history\s+month)|"
    r"indian\s+(?:country|tribes?|nations?|reservations?|affairs|health\s+service)|"
    r"(?:urban|tribal)\s+indian\s+organi[sz]ations?)\b",
    re.I,
)

# "for the number of arrests ..., not the number of people": a count of events is not a count of
# people. Saying so is a limit on a figure (sources) and says what it is a count of (denominators).
EVENTS_NOT_PEOPLE = (
    r"\b(?:arrests|offences|offenses|crimes|incidents|reports|cases|stops|detections|crossings|"
    r"registrations|convictions|applications)\b[^.;]{0,60}?,?\s+not\s+(?:the\s+number\s+of\s+|"
    r"unique\s+|individual\s+)?(?:people|individuals|persons|offenders|migrants|victims|"
    r"suspects)\b"
)

RELIGION = (
    r"muslims?|islam(?:ic)?|sikhs?|hindus?|christians?|jewish|jews|catholics?|buddhists?|"
    r"protestants?|sunnis?|shi['’]?(?:a|as|ites?)|ahmadis?|ahmadiyya|yazidis?|druze|copts|"
    r"parsis?|zoroastrians?|"
    r"(?:religion|faith)\s+(?:group|communit)\w*"
)
NATIONALITY = (
    r"foreign(?:[- ]born|\s+nationals?|\s+criminals|\s+offenders|\s+patients)|"
    r"non-uk\s+(?:nationals?|citizens|passports?)|(?:uk|british|eu)\s+(?:nationals?|citizens?)|"
    r"nationals|(?:im)?migrants?|asylum[- ]seekers?|refugees?|born\s+(?:abroad|overseas|outside"
    r"\s+the\s+uk)|overseas\s+visitors|new\s+arrivals|health\s+touris\w+|settled\s+status|"
    r"afghans?|iraqis?|albanians?|romanians?|polish|lithuanians?|somalis?|eritreans?|sudanese|"
    r"syrians?|eastern\s+europeans?|europeans|british[- ]born|"
    # Nationals named by their country, as plural nouns (a closed list; the adjective alone,
    # "Italian food", is no group): "Venezuelans", "Nigerians", "Armenians". Left out: plurals
    # that are mostly something else ("poles", "swedes", "danes") and "-ese" forms, which take
    # no "s".
    r"(?:algerian|american|angolan|argentin(?:e|ian)|armenian|australian|austrian|azerbaijani|"
    r"bahraini|belarusian|belgian|bolivian|bosnian|brazilian|bulgarian|burundian|cambodian|"
    r"cameroonian|canadian|chilean|colombian|croatian|croat|cuban|cypriot|czech|"
    r"dominican|ecuadorian|egyptian|emirati|estonian|ethiopian|filipino|finn|gambian|georgian|"
    r"german|ghanaian|greek|guatemalan|guinean|haitian|honduran|hungarian|indonesian|iranian|"
    r"israeli|italian|ivorian|jamaican|jordanian|kazakh|kenyan|korean|kosovar|kuwaiti|latvian|"
    r"liberian|libyan|macedonian|malawian|malaysian|malian|mauritanian|mauritian|"
    r"mexican|moldovan|mongolian|montenegrin|moroccan|mozambican|namibian|nepali|nicaraguan|"
    r"nigerian|norwegian|omani|palestinian|panamanian|paraguayan|peruvian|qatari|russian|"
    r"rwandan|salvadoran|saudi|serb|serbian|sierra\s+leonean|singaporean|slovak|"
    r"slovenian|south\s+african|spaniard|sri\s+lankan|tajik|tanzanian|thai|tunisian|"
    r"turk|ugandan|ukrainian|uruguayan|uzbek|venezuelan|yemeni|zambian|zimbabwean)s|"
    r"(?<!white\s)(?<!black\s)(?<!asian\s)(?<!pakistani\s)(?<!indian\s)british(?![\s-]+(?:asian|"
    r"pakistani|bangladeshi|indian|white|black|transport|crime|museum|library|medical|social|"
    r"citizenship))|"
    # Citizenship and immigration status in other countries' official words: "removable aliens",
    # "noncitizens", "undocumented"; and country of birth: "Ruritanian-born", "born in Ruritania".
    r"non-?citizens?|(?:non|Non)-(?-i:(?:EU|EEA|UK|US|British|Irish|English|Scottish|Welsh|German|French|Dutch|"
    r"Belgian|Swedish|Danish|Norwegian|Finnish|Italian|Spanish|Portuguese|Polish|Austrian|Swiss|"
    r"American|Canadian|Australian|European|Western|national|citizen)s?)\b(?!\s+(?:speak|language))|(?:criminal|illegal|undocumented|removable|deportable|confirmed|suspected|"
    r"resident|legal)\s+aliens?|aliens\s+(?:in|held|under|incarcerated|detained|removed|deported|"
    r"convicted|charged|arrested)\b|(?:(?<=are\s)|(?<=were\s))aliens|undocumented|(?-i:[A-Z][a-z]+|UK|US|EU)-born|born\s+(?:in|outside)\s+(?:the\s+)?"
    r"(?-i:[A-Z][a-z]+|UK|US|EU)"
)
ETHNICITY = (
    r"(?:british\s+)?asian(?:\s+or\s+asian\s+british)?|(?:british\s+)?pakistanis?|kashmiris?|"
    r"bangladeshis?|indians?|white(?:\s+british)?|black(?:\s+or\s+black\s+british)?|"
    r"afro-caribbean|caribbean|african|roma|gypsy|travellers?|kurdish|kurds|arabs?|chinese|"
    # "minorities constituted 35.3 percent of the workforce", "people of color", in US usage.
    r"racial\s+(?:and\s+ethnic\s+)?minorit\w+|(?<!sexual\s)(?<!religious\s)(?<!linguistic\s)"
    r"(?<!national\s)(?<!gender\s)minorities|minority[- ](?:employees|workers|staff|applicants|"
    r"students|residents|groups|communities|owned|households|borrowers)|(?:people|communities)\s+of\s+"
    r"colou?r|"
    r"ethnic\s+minorit\w+|bame|(?:between|across)\s+ethnic\s+groups|(?:every|all|many|different|diverse)\s+ethnic\s+(?:backgrounds?|groups)|"
    r"[a-z]+\s+heritage|of\s+[a-z]+\s+(?:origin|descent)|"
    # Indigenous peoples and the Americas' census categories.
    r"aboriginal|indigenous|torres\s+strait\s+islanders?|first\s+nations|m[aā]ori|hispanics?|"
    r"latin[oa]s?|latinx|native\s+americans?|"
    # Peoples named as such, plural or in a form that is only ever a people: "Tamils", "Fulani".
    r"romani|sinti|tamils|sinhalese|uy?ghurs?|uighurs?|rohingyas?|fulani|hausas?|yorubas?|igbos?|"
    r"zulus?|xhosas?|pashtuns?|baloch(?:is?|s)?|punjabis|sindhis|gujaratis|bengalis|hazaras|"
    r"berbers|amazigh|bedouins?|assyrians|"
    # A gap between ethnic groups names them all: "the ethnicity pay gap".
    r"ethnic(?:ity)?\s+(?:pay|wage|earnings|income|employment|attainment)\s+gaps?"
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
    r"(?:\b(?:are|were|is|was|as|be|mostly|predominantly|overwhelmingly|being)\s+(?:\w+\s+)?|"
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

# A statistical claim with no number printed: the comparisons and share words of the labelling
# guide (2.1) that no figure pattern reads. "Black and minority ethnic people remain more likely
# to be unemployed", "offenders ... are most commonly white", "predominantly Pakistani-heritage
# men", "the gap between Maori and non-Maori life expectancy", "most child sexual abuse is
# committed by ...". Found missing from openings readers rated (sources and scope, session 11).
UNNUMBERED_CLAIM = (
    r"\b(?:more|less)\s+likely\s+(?:to|than)\b|(?<!the\s)\bmost\s+(?:commonly|often|frequently)\b|"
    r"\b(?:predominantly|overwhelmingly)\s+(?:[\w-]+\s+){0,2}?(?:men|women|males|females|boys|"
    r"girls|children|people|offenders|perpetrators|victims|families|pupils|students)\b|"
    r"\b(?:higher|lower|greater)\s+(?:rates?|risks?|levels?|proportions?|shares?)\s+of\b|"
    r"\b(?:pay|wage|wealth|income|attainment|achievement|life\s+expectancy|mortality|"
    r"racial|ethnic)\s+(?:gaps?|disparit(?:y|ies))\b|\b(?:gaps?|disparit(?:y|ies))\s+between\b|"
    # "Most child sexual abuse is committed by ...", not a superlative ("the most serious crimes").
    r"(?<!the\s)\bmost\s+(?:[\w-]+\s+){0,3}?(?:abuse|crimes?|offending|offences|violence|"
    r"killings|assaults)\s+(?:is|are|was|were|has|have)\b"
)


_UNNUMBERED = re.compile(UNNUMBERED_CLAIM, re.I)
_SUPPOSED = re.compile(r"\b(?:if|whether|unless|would|could|might)\b", re.I)


def about_people(text: str) -> bool:
    """Whether a sentence speaks of people or a group, as a statistical claim in words must
    ("more likely to publish on Tuesdays" or "a gap between two buildings" is none)."""
    return bool(PEOPLE.search(text) or attributes_named(text))


@passage_fact(lambda p: (p.text,))
def unnumbered_claim(text: str) -> tuple[int, str] | None:
    """(start, words) of the first comparison or share word with no number in a sentence about
    people, or None. A stored passage fact: sources, scope and denominators all ask it."""
    claim = _UNNUMBERED.search(text)
    return (claim.start(), claim.group(0)) if claim and about_people(text) else None


def supposed(text: str, claim: tuple[int, str]) -> bool:
    """The claim sits in a supposition ("If trials were more likely to be reported, ...")."""
    return bool(_SUPPOSED.search(text, 0, claim[0]))


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


def identity_matches(text: str) -> list[tuple[str, int, int]]:
    """Where the text names a group, and by which attribute: (attribute, start, end)."""
    cleaned = _NOT_IDENTITY.sub(lambda m: " " * len(m.group(0)), text)
    return [(a, *m.span()) for a, pattern in SPECIFIC.items() for m in pattern.finditer(cleaned)]


def identity_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a group by ethnicity, religion or nationality (character spans)."""
    return [(start, end) for _, start, end in identity_matches(text)]


def is_rebutted_report(passage: Passage, paragraph: list[Passage]) -> bool:
    """The sentence reports someone else's claim and the document disputes it.

    An adapter over `speech.py` (stance "disputes"): the same answer as `quoted_flags` and
    `common.quoted_passages` for the same sentence.
    """
    return speech.is_disputed(speech.voice_of(passage, paragraph))


def quoted_flags(passages: list[Passage]) -> list[bool]:
    """For each passage, whether it reports another source's claim in order to check it.

    An adapter over `speech.py` (stance "disputes"), agreeing with `is_rebutted_report` and
    `common.quoted_passages`.
    """
    return [speech.is_disputed(v) for v in speech.read_cached(passages)]
