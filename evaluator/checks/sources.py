"""Sources and sampling: which datasets stand behind the figures and how cases got in.

Each sentence can name one or more kinds of source (police or court records, case files,
surveys, FOI returns, press reports, anonymous submissions, interviews, official statistics),
describe how cases were selected, admit a limitation, offer the data for checking, or claim a
completeness ("comprehensive", "irrefutable") that only a stated method could support. A methods
heading anywhere in the document, annexes included, counts; a contents list does not. A named
dataset with its period, a request sent to every body of a kind, or a disputed figure traced to
its source is a selection a reader could roughly repeat. A source's period may sit beside it: in
the next sentence, on the dated figures under the lead that names it, or above a "Source:" line
(labelling guide 2.3). A document with no figure at all makes the question not apply
(real_reports/labelling-guide.md, 3.2), unless it describes its data (named sources, their
period and a limit) without printing a number.
"""

from __future__ import annotations

import re

from ..models import Findings, Passage, SourceFinding, Suggestion
from ..wording import MONTHS
from .common import (
    COUNT,
    WORD_NUMBER,
    asserted,
    evidence,
    page_list,
    plural,
    quoted_passages,
    suggested,
    to_int,
)
from .context import Context
from .contract import Check
from .cues import EVENTS_NOT_PEOPLE, attributes_named, unnumbered_claim
from .parallel import passage_fact
from .speech import DOCUMENT, UNNAMED, voices

# The rubric criterion this module checks (its module name, by the contract).
CRITERION = "sources"

# kind -> pattern; a sentence may match several kinds.
_KINDS: dict[str, re.Pattern[str]] = {
    "police_records": re.compile(
        r"\bpolice[- ](?:recorded|records?|data|figures|crime\s+(?:records|data)|intelligence|"
        r"national\s+computer)\b|\bPolice\s+National\s+Computer\b|\bPNC\b|"
        r"\b(?:police|force)\s+(?:crime\s+and\s+intelligence\s+)?records\b|\brecorded\s+crime\b|"
        r"\bpolice\s+(?:crime\s+)?statistics\b|\bregistered\s+(?:as\s+)?(?:suspect\w*|crime|"
        r"offend\w*)\b|"
        r"\bcrime\s+(?:and\s+intelligence\s+)?records\b|\bcustody\s+records\b|"
        # "arrest data from the state's public-safety department", "arrest records"; not a
        # demand to "publish arrest data"
        r"(?<!publish\s)(?<!collect\s)(?<!release\s)\barrest\s+(?:data|records|statistics)\b|"
        # The recorder named: "offences recorded by the police", "crimes logged by Kent Police",
        # "1,411 incidents reported to the Police Service of Northern Ireland (PSNI)"; not a
        # reporting rate ("40% of hate crimes are reported to the police") or one victim's act.
        r"(?:\b(?:recorded|logged|classified)\s+by|\b(?:incidents|offences|crimes|cases)\s+reported\s+to)"
        # "An Garda Síochána": Irish for "the" before the Irish police's name.
        r"\s+(?:the\s+|(?-i:An)\s+(?=Garda))?(?:police\b|"
        r"(?-i:(?:[A-Z][\w'’-]*\s+){1,4}(?:Police|Constabulary)\b)|"
        r"(?-i:Police\s+(?:Service\s+of\s+[A-Z]\w*(?:\s+[A-Z]\w*)?|Scotland))\b|"
        r"(?-i:PSNI|Garda(?:í|i)?)\b|gardaí|gardai)",
        re.I,
    ),
    "court_records": re.compile(
        r"\bcourt\s+(?:outcome\s+)?(?:records|registers?|lists|data|transcripts)\b|"
        r"\bsentencing\s+(?:remarks|statistics|data)\b|\btrial\s+records\b|"
        r"\bcourt\s+registers?\b|\bcriminal\s+courts?\s+statistics\b|"
        r"\bcourt\s+proceedings\s+(?:data|database|statistics|records)\b|"
        r"\bconviction(?:s)?\s+(?:data|records|statistics)\b|\bCrown\s+Prosecution\s+Service\b|"
        r"\bcase\s+management\s+system\b",
        re.I,
    ),
    # Prisons, probation and immigration keep their own records: not "court records".
    "prison_records": re.compile(
        r"\bprison(?:er)?\s+(?:service\s+)?(?:records|data|figures|statistics|population\s+"
        r"(?:data|figures|statistics|bulletin))\b|\bprison\s+service\b|\bHMPPS\b|"
        r"\bOffender\s+Management\s+Statistics\b|\bprobation\s+(?:records|data)\b|"
        r"\bimmigration\s+(?:statistics|records|data)\b|\bdetention\s+(?:statistics|data)\b",
        re.I,
    ),
    "case_files": re.compile(
        r"\bcase[- ]files?\b|\bsocial[- ]care\s+(?:case\s+)?(?:records|files|data)\b|"
        r"\bcase\s+records\b|\b(?:serious\s+)?case\s+reviews?\b|\bpractice\s+reviews?\b|"
        r"\bpatient\s+records\b|\bclinical\s+records\b|\badministrative\s+(?:(?:IT|computer|"
        r"data|recording)\s+)?(?:data|records|systems?)\b",
        re.I,
    ),
    "survey": re.compile(
        r"\bsurvey(?:ed|s)?\b|\bquestionnaires?\b|\brespondents\b|\bopinion\s+poll\b|"
        r"\bCrime\s+Survey\b|\bCSEW\b",
        re.I,
    ),
    "foi": re.compile(r"\bFreedom\s+of\s+Information\b|\bFOI\b|\bFOIA\b", re.I),
    "media_reports": re.compile(
        r"\b(?:media|press|news(?:paper)?)\s+(?:reports?|coverage|articles?|stories|clippings)\b|"
        r"\bnewspapers?\b|\b(?:Lexis\s*)?Nexis\b|\bFactiva\b|\bnews\s+databases?\b",
        re.I,
    ),
    "anonymous_submissions": re.compile(
        r"\banonymous(?:ly)?\s+(?:submissions?|submitted|tip-?offs?|sources?|accounts?|"
        r"contributors?|informants?|reports?)\b|\bsubmitted\s+anonymously\b|"
        r"\bonline\s+(?:submissions?|form)\b|\bsocial\s+media\s+posts\b",
        re.I,
    ),
    # Interviews as a research method, not "exit interviews" or "in an interview with the BBC".
    "interviews": re.compile(
        r"\b(?:we|I|they|researchers|the\s+(?:inquiry|review|audit|team|authors?))\s+(?:also\s+|then\s+)?"
        r"(?:interviewed|conducted\s+(?:\w+\s+){0,3}interviews)\b|\binterviewees\b|"
        r"\b(?:were|was)\s+interviewed\s+(?:for|by\s+(?:the\s+)?(?:researchers|inquiry|review|"
        r"team|authors))\b|"
        rf"\b(?:{COUNT}|{WORD_NUMBER}|semi-structured|in-depth|qualitative|structured|research)\s+"
        r"(?:\w+\s+)?interviews\b|\binterviews\s+with\s+(?:\d|(?:\w+\s+)?(?:survivors|victims|"
        r"staff|officers|practitioners|professionals|parents|families|residents|workers))|"
        r"\bfocus\s+groups?\b",
        re.I,
    ),
    "official_statistics": re.compile(
        r"\bcensus\b|\bOffice\s+for\s+National\s+Statistics\b|\bONS\b|\bofficial\s+statistics\b|"
        r"\bHome\s+Office\s+(?:data|statistics|figures)\b|\bNHS\s+(?:Digital|England\s+data)\b|"
        r"\bHospital\s+Episode\s+Statistics\b|\bChildren\s+in\s+Need\b|\bnational\s+statistics\b|"
        r"\b(?:Ministry\s+of\s+Justice|MoJ|Home\s+Office|Department\s+for\s+\w+)"
        r"(?:\s*\([A-Z]{2,}\))?(?:'s|’s)?\s+"
        r"(?:(?!(?:these|those|the|its|their|this|publish\w*|release\w*|issue\w*|collect\w*)\b)"
        r"[\w-]+\s+){0,3}?(?:data|statistics|figures|bulletin|release)\b|"
        r"\bdata\s+published\s+by\s+the\s+(?:Ministry|Department|Office|Home\s+Office|government)\b|"
        # A government department, ministry or bureau elsewhere, named with its data: "Texas
        # Department of Public Safety data", "Bureau of Justice Statistics figures".
        # Only "'s" or a word like "latest" between the name and its data: "the Department of
        # Health withheld the data" names no data of the department's.
        r"\b(?-i:Department|Ministry|Bureau|Administration|Centers?)\s+(?:of|for)\s+"
        r"(?!(?-i:Investigative)\b)"
        r"(?:(?-i:[A-Z])[\w&-]*\s+|(?:of|and|for)\s+){0,4}?(?-i:[A-Z])[\w&-]*"
        r"(?:\s*\((?-i:[A-Z]){2,}\))?(?:'s|’s)?\s+(?:(?:own|latest|official|annual|new|"
        r"published|provisional|final)\s+)?(?:data|statistics|figures|bulletin|release)\b|"
        r"\b(?-i:CDC|FBI|BJS|NCHS|Census\s+Bureau)(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}?"
        r"(?:data|statistics|figures)\b|"
        r"\bstatistical\s+bulletin\b|\bvital\s+statistics\b|"
        # National statistics offices named "Statistics <country>" (a closed list).
        r"\bStatistics\s+(?:Canada|Norway|Sweden|Denmark|Finland|Netherlands|Austria|Iceland|"
        r"Estonia|Lithuania|Poland|Korea|New\s+Zealand|South\s+Africa)\b|\bStatCan\b",
        re.I,
    ),
}
# Sources that name nothing a reader could look up.
_VAGUE = re.compile(
    r"\bour\s+(?:own\s+)?(?:research|investigations?|analysis|findings|sources)\s+"
    r"(?:shows?|showed|found|finds|reveals?|suggests?|indicates?|confirms?)\b|"
    r"\bopen[- ]sources?\b|\b(?:official|reliable|credible|government|trusted|multiple)\s+"
    r"sources\b|\bpublicly\s+available\s+(?:information|sources|data|material)\b|"
    r"\bvarious\s+sources\b|\bsources\s+(?:say|said|suggest|told)\b|\bit\s+is\s+(?:widely\s+|well\s+)?"
    r"(?:known|accepted|acknowledged)\b|\bstudies\s+(?:show|have\s+shown|suggest)\b|"
    r"\bexperts\s+(?:say|agree|believe)\b|\bwell[- ]documented\b|"
    r"\b(?:figures|data|documents)\s+(?:we|I)\s+have\s+seen\b|"
    r"\b(?:insiders|whistle-?blowers|sources\s+close\s+to\s+\w+)\s+(?:say|said|have\s+told|told)\b|"
    r"\bstories\s+on\s+social\s+media\b|\b(?:recent|latest|new)\s+(?:statistics|figures|data)\s+"
    r"(?:show|showing|shows|suggest|suggesting|reveal|revealing)\b",
    re.I,
)
# "Data show …", "Research suggests …": evidence with no name, vague when nothing else is named.
_GENERIC_EVIDENCE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:today|now|yet|and|but|that|of|recently)\s+)(?:(?:the\s+)?(?:official|recent|new|"
    r"latest)\s+)?(?:data|figures|research|reports|studies|statistics|evidence|numbers)\s+"
    r"(?:have\s+(?:repeatedly\s+)?)?(?:show|shows|showing|shown|suggest|suggests|prove|proves|"
    r"proven|reveal|reveals|revealed|confirm|confirms|indicate|indicates)\b",
    re.I,
)
# "more than official figures suggest": figures named only to be outdone, not used.
_CONTRAST = re.compile(
    r"\b(?:than|beyond|exceeds?|above|below)\s+(?:the\s+|what\s+(?:the\s+)?)?(?:official\s+|"
    r"police\s+|recorded\s+|published\s+)?(?:figures|statistics|data|records|estimates)\s+"
    r"(?:suggest|show|record|indicate|say|capture)\w*\b",
    re.I,
)
# An organisation, report or inquiry named as the owner of a figure: "according to the Home
# Office", "CST recorded", "the Ruritania Institute found", "a report by Statewatch".
# A name starts at a word's start: without the look-behind a long run of capitals is split every
# way and tried from every letter (minutes on one hostile 1,200-character passage).
_ORG = (
    r"(?<![\w'’-])(?:[A-Z]{2,}[\w-]*|[A-Z][a-z]+[\w'’-]*(?:\s+(?:(?:of|for|and|on|into|&)"
    r"(?:\s+the)?)?\s*[A-Z][\w'’-]+){0,5})"
)
# The word that makes a capitalised name an institution's ("Northdale Trust", "... Council").
_INSTITUTION_HEAD = (
    r"(?:Office|Ministry|Agency|"
    r"Council|Commission|Commissioner|Service|Centre|Center|Trust|Institute|Inquiry|Review|Audit|"
    r"Committee|Department|Authority|Police|Constabulary|Observatory|University|Project|Programme|"
    r"Foundation|Board|Unit|Bureau|Watch|Group|Network|Association|Society|Campaign|Party|Court|"
    r"Government|Parliament|Executive|Service|Agency|Forum|Alliance|Coalition|Federation|Union|"
    r"Charity|Partnership|Taskforce|Panel|Registry|Register|Tribunal|Federal\s+\w+)"
)
_INSTITUTION = (
    r"(?<![\w'’-])(?:[A-Z]{2,}[\w-]*|(?:[A-Z][\w'’-]+\s+(?:(?:of|for|and|on|&)\s+(?:the\s+)?)?){0,5}"
    + _INSTITUTION_HEAD
    + r")"
)
_GENERIC_CAPS = re.compile(
    r"^(?:The|A|An|This|These|Those|Our|Their|Its|Official|Recent|New|Latest|Government|"
    r"National|Such|Some|Other|Many|Most|All|Data|Figures|Statistics|Research|Experts|Sources|"
    r"It|They|We|He|She|In|On|For|UK|US|EU|CSE|CSEA|GBCSE|"
    rf"{MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)$"
)
_NAMED_BODY = re.compile(
    r"\b(?i:according)\s+to\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}?(?P<a>" + _ORG + r")|"
    r"(?P<b>" + _ORG + r")(?:'s|’s)?\s+(?:(?:own|latest|new|annual|official)\s+)?(?:report|audit|"
    r"review|inquiry|study|analysis|survey|bulletin|research|paper|briefing|factsheet|"
    r"publication)\b|"
    # "the Ruritania Office's Equality Facts website shows": a named body's published series.
    r"(?P<g>" + _INSTITUTION + r")(?:'s|’s)\s+(?:[\w-]+\s+){1,6}?(?:website|dashboard|portal|"
    r"tables|series|database|publication)\s+(?:shows?|publishes|gives|presents|contains)\b|"
    # "Ruritania Watch figures", "CST data": an institution's, not "White British figures".
    r"(?P<f>"
    + _INSTITUTION
    + r")\)?(?:'s|’s)?\s+(?:(?:own|latest|new|annual|official)\s+)?(?:figures|"
    r"data|statistics|count|tally|database|dataset|list|records)\b|"
    r"\b(?i:report|study|review|inquiry|audit|analysis|data|figures|numbers|stats|statistics|"
    r"research|survey),?\s+"
    r"(?:by|from|of|(?:(?:is|are|was|were)\s+)?(?:published|compiled|released|issued|"
    r"produced|collected|supplied)\s+(?:today\s+|yesterday\s+|"
    r"recently\s+|last\s+\w+\s+|this\s+\w+\s+)?by|carried\s+out\s+by)\s+(?:the\s+)?(?:[a-z-]+\s+)"
    r"{0,4}(?P<c>" + _ORG + r")|"
    r"(?P<d>"
    + _INSTITUTION
    + r"|Operation\s+[A-Z]\w+)\)?\s+(?:has\s+|have\s+|had\s+|also\s+)?(?:found|finds|published|"
    r"publishes|recorded|records|reported|released|estimated|estimates|showed|shows|identified|concluded|"
    r"analysed|analyzed|studied|calculated|counted|compiled|issued|claimed|claims|said|says|stated|"
    r"argued|argues|suggested|suggests|warned|told)\b|"
    r"\b(?i:inquiry|review|report|audit|study|investigation|survey|analysis)\s+(?:was\s+|were\s+)?"
    r"(?:commissioned|conducted|led|carried\s+out|chaired|written|funded)\s+by\s+(?:the\s+)?"
    r"(?:[a-z-]+\s+){0,2}(?P<e>" + _ORG + r")|"
    r"\b(?i:independent|public|national|serious\s+case|government|parliamentary)\s+(?i:inquiry|"
    r"review|audit|investigation|enquiry)\s+(?:has\s+|had\s+)?(?:found|concluded|identified|"
    r"reported|estimated|recorded)\b"
)
# The document traces a figure, its own or another's, to where it came from.
_TRACED = re.compile(
    r"\b(?:claims?|figures?|statistics?|numbers?|estimates?|data|analysis|calculations?|"
    r"percentages?|total)\b[^.;]{0,60}?\b(?:comes?|came|(?:was|were)\s+sourced|(?:is|was|are|"
    r"were)\s+(?:based|drawn|taken)|derives?|derived|originat\w+)\s+(?:\w+\s+)?(?:from|on|in)\b|"
    r"\b(?:was|were)\s+(?:disclosed|obtained|released)\s+(?:under|through|via|after)\b|"
    # "That number was an estimate by Labour MP ...", "the claim was first made by ...": the
    # figure's owner named, as a fact-check traces a disputed figure (guide H1).
    r"\b(?:number|figure|estimate|claim|total|statistic)\s+(?:was|is)\s+(?:(?:an?|the)\s+)?"
    r"(?:(?:first|originally)\s+)?(?:estimate|claim|guess|calculation|figure|made|given|"
    r"produced|put\s+forward|coined)\s+by\b",
    re.I,
)
# "... came from the Ruritania Institute": a traced figure's owner, named after the verb.
_OWNER_AFTER = re.compile(r"\s*(?:\w+\s+){0,3}?(?:the\s+)?(?:[A-Z]{2,}|[A-Z][a-z]+\s+[A-Z])")
# A request sent to every body of a kind: "we asked all 43 forces for ...", "requested data
# ... from all police forces".
_BODIES = (
    r"(?:\d+\s+)?(?:[\w-]+\s+){0,2}?(?:forces?|councils?|authorities|authority|trusts?|agencies|agency|"
    r"boards?|hospitals?|services?|bodies|providers?|LSCBs?|prisons?|schools?|departments?|"
    r"constabular(?:y|ies)|universities|courts?|police)\b"
)
_REQUEST = re.compile(
    r"\b(?:asked|surveyed|contacted|wrote\s+to|polled)\s+(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?"
    + _BODIES
    + r"|\b(?:asked|requested|wrote\s+to|contacted|sent\s+(?:\w+\s+){0,4}?requests?|requests?\s+"
    r"(?:were\s+|was\s+)?sent|sought|obtained)\b[^.;]{0,140}?\b(?:to|from|of)\s+(?:all|every|each)\s+"
    r"(?:the\s+|of\s+the\s+)?" + _BODIES,
    re.I,
)
# What the data measure or how a measure is built: a definition is part of a method.
_MEASURE = re.compile(
    r"\b(?:this|the|these)\s+(?:data|figures|statistics|dataset)\s+(?:measures?|counts?|covers?|"
    r"records?|relates?\s+to|refers?\s+to)\b|"
    # "The total includes people held on remand": what a count covers.
    r"\bthe\s+(?:total|count|figures?)\s+(?:also\s+)?(?:includes?|excludes?)\b|"
    r"\b(?:is|are)\s+(?:calculated|defined|measured)\s+"
    r"as\b|\b(?:measures|counts)\s+how\s+many\b",
    re.I,
)
# A period the figures cover: "2012 to 2019", "year ending March 2020", "in 2021", "2019/20".
_YEAR = r"(?:19|20)\d{2}"
_PERIOD = re.compile(
    rf"\b{_YEAR}\s*(?:-|–|to|and)\s*(?:{_YEAR}|\d{{2}})\b|\b{_YEAR}/\d{{2}}\b|"
    rf"\byear\s+(?:ending|to)\s+(?:\w+\s+)?{_YEAR}\b|"
    # Sentence-initial too: "In 2016, 834 offences ...", "As at the end of February 2007".
    rf"\b(?i:in|since|during|for|from|over|of|between|covering|to|until|till|on|as\s+of|as\s+at|"
    rf"ending|through|up\s+to)\s+(?:the\s+end\s+of\s+)?"
    rf"(?:(?:the\s+)?(?:\d{{1,2}}\s+)?"
    rf"(?:{MONTHS})"
    rf"\s+)?{_YEAR}\b|\b(?:Census|census)\s+{_YEAR}\b|\b{_YEAR}\s+(?:Census|census)\b"
)
# A number about people or events: the question applies only where the text has one.
_PEOPLE = (
    r"(?:people|persons|men|women|girls|boys|children|adults|victims|survivors|offenders|"
    r"perpetrators|suspects|defendants|prisoners|inmates|migrants|immigrants|refugees|"
    r"asylum\s+seekers|nationals|residents|citizens|employees|workers|patients|births|deaths|"
    r"cases|offences|crimes|incidents|arrests|convictions|stops|searches|referrals|reports|"
    r"complaints|households|families|groups|gangs|individuals|members|abusers|killings|"
    r"shootings|detainees|applications|foreigners|criminals|robberies|assaults|attacks|"
    # places where something was found: "identified in at least 85 local authorities"
    r"local\s+authorities)"
)
_FIGURE = re.compile(
    r"\d(?:[\d,.]*\d)?\s?(?:%|per\s?cent\b|pc\b)|\bper\s+(?:100|1,000|10,000|100,000|"
    r"thousand|million|capita)\b|\btimes\s+(?:more|less|as|higher|lower|greater|the)\b|"
    r"\btwice\s+(?:as|the)\b|\b(?:double|triple|treble|half)\s+the\s+(?:rate|number|share|level)\b|"
    r"\b(?:over|under)-?represent\w*|\bdisproportionate(?:ly)?\b|"
    # A statistical claim with no number printed: "the proportion of migrants in a district
    # goes with less burglary", "a higher arrest rate".
    r"\b(?:percentage|proportion)\s+of\s+(?:[\w-]+\s+){0,2}?" + _PEOPLE + r"\b|"
    r"\b(?:crime|offending|arrest|conviction|imprisonment|incarceration|detention|mortality|"
    r"unemployment|poverty|exclusion|suspension|employment|search|stop)\s+rates?\b|"
    r"\b(?:the\s+)?(?:vast\s+|overwhelming\s+|large\s+)?majority[”’\"']?\s+of\b(?!\s+(?:the\s+|this\s+|"
    r"its\s+)?(?:bulletin|report|document|chapter|section|text|paper|article|book)\b)|"
    r"\bminority\s+of\b|"
    r"\bmost\s+(?:of\s+(?:the|those|these)\s+)?(?:[\w-]+\s+){0,2}?" + _PEOPLE + r"\b|"
    r"\b(?:one|two|three|four|five|\d+)\s+in\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|"
    r"eight|nine|ten|a\s+hundred)\b|\b(?:half|a\s+third|a\s+quarter|two-thirds|three-quarters)\s+"
    r"of\b|(?<![Pp]age\s)\b\d+\s+(?:out\s+)?of\s+(?:the\s+|its\s+|[\w'’]+\s+){0,2}(?!(?:19|20)\d\d\b)\d+\b|"
    r"\|\s*\d[\d,.]*\s*%?\s*(?:\||$)|^\s*\d[\d,.]*\s*%?\s*\||"
    # a table row with no rules: a label and three or more numbers ("2019-20 870 365 182")
    r"^[^\d\n]{0,40}?\S+(?:[ \t]+\d[\d,.]*%?){3,}[ \t]*$|"
    r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s+(?:million|thousand|billion)\b|"
    rf"\b(?:{COUNT}|{WORD_NUMBER}|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"thirty|forty|sixty|seventy|eighty|ninety|hundreds|thousands|dozens)(?:-[a-z]+)?[”’\"']?\s+"
    r"(?!(?:decades?|years?|months?|weeks?|days?|hours?|centuries|pages?|sections?|chapters?|"
    r"parts?|times|o'clock)\b)(?:[\w'’-]+\s+){0,3}?" + _PEOPLE + r"\b",
    re.I | re.M,
)
# Counts of the evidence a study used ("we interviewed 170 people", "read 4,000 files")
# describe its method; they are not figures about the world.
_EVIDENCE_BASE = re.compile(
    r"\b(?:interviewed|spoke\s+to|spoken\s+to|read|reviewed|examined|received|consulted|heard\s+"
    r"from|met\s+with|visited|analysed|analyzed|covered|drew\s+on)\s+(?:more\s+than\s+|over\s+|"
    r"about\s+|around\s+|some\s+|nearly\s+|almost\s+)?(?:a\s+)?\d|\b(?:interviewed|spoke\s+to|"
    r"consulted|heard\s+from)\s+(?:more\s+than\s+|over\s+|about\s+|some\s+)?(?:a\s+)?(?:hundred|"
    r"dozen|thousand)",
    re.I,
)
_PERCENT = re.compile(r"\d\s?(?:%|per\s?cent\b)", re.I)
_DIGIT = re.compile(r"\d")
# A contents list: its headings name sections, they do not describe a method.
_CONTENTS = re.compile(r"^\s*(?:table\s+of\s+)?contents\s*:?\s*$", re.I)
# A contents list run into one passage, or an entry with dot leaders and a page number.
_CONTENTS_RUN = re.compile(
    r"^\s*(?:table\s+of\s+)?contents\b(?=(?:.*?\d){2})|^.{3,90}?(?:(?:\.{3,}|…+)\s*\d{0,3}|\s{3,}\d{1,3})\s*$",
    re.I | re.S,
)
# A dataset known by its proper name: "the Offender Management Statistics quarterly release",
# "the CORE returns", "the confidential enquiry".
_NAMED_DATASET = re.compile(
    r"\b(?!(?:These|This|Those|Such|Our|Their|Its|The|A|An)\s)(?:[A-Z][\w&-]*\s+){1,5}(?:[Ss]tatistics|[Ss]urvey|[Rr]eturns?|[Rr]elease|[Pp]rogramme|"
    r"[Ee]nquiry|[Rr]egister|[Dd]atabase|[Dd]ataset|[Cc]ensus|[Ii]ndex|[Aa]udit)\b|"
    r"\b(?:data|figures|counts|statistics)\s+(?:come|came|are\s+taken|were\s+taken|are\s+drawn)\s+"
    r"from\b|\b(?:were|was)\s+identified\s+through\b|\bconfidential\s+enquiry\b",
)
# A source line naming a publication or body: "Source: Housing in Northdale", "Sources: ONS".
_SOURCE_LINE = re.compile(r"^\W*sources?(?:\(s\))?\s*:\s*(?:the\s+)?(?-i:[A-Z0-9])", re.I)
_MEDIA_SEARCH = re.compile(
    r"\bsearch\s+terms?\b|\bwe\s+searched\b|\b(?:Lexis\s*)?Nexis\b|\bFactiva\b|\bdatabases?\b|"
    r"\btitles\b",
    re.I,
)
_DATASET = re.compile(
    r"\b(?:drew|draws|drawn|based|relies|rely|relied)\s+(?:on|upon|from)\s+(?:\w+\s+){0,2}"
    r"(?:datasets?|data\s+sources?|sources\s+of\s+data)\b|\bdata\s+(?:were|was)\s+"
    r"(?:drawn|obtained|extracted|taken|collected)\s+from\b|\bdatasets?\b|"
    # "figures have been drawn from the registry", "data provided by the county councils",
    # "data submitted to the panel from every trust": the data's owner or provider is named.
    r"\b(?:data|figures|statistics|information|returns)\s+(?:have\s+been\s+|had\s+been\s+|(?:were|was|"
    r"are|is)\s+)?(?:provided|supplied|submitted|returned|drawn|obtained|extracted|compiled)\s+"
    r"(?:\w+\s+){0,4}?(?:by|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:(?-i:[A-Z])|forces?\b|councils?\b|"
    r"authorities\b|agencies\b|departments?\b|trusts?\b|services?\b|systems?\b|bodies\b)",
    re.I,
)
_SAMPLING = re.compile(
    r"\binclusion\s+(?:rules|criteria)\b|\bexclusion\s+(?:rules|criteria)\b|\bsampling\s+frame\b|"
    r"\bsearch\s+terms?\b|\bwe\s+searched\b|\b(?:was|were)\s+searched\b|\bsearch(?:es)?\s+returned\b|"
    r"\b(?:were|was)\s+(?:included|excluded)\s+(?:only\s+)?(?:if|when|because|where)\b|\bwe\s+(?:included|"
    r"excluded)\b|\bscreened\b|\bselection\s+(?:rules|criteria)\b|\beligib(?:le|ility)\b|"
    r"\brandom(?:ly)?\s+(?:sample|selected|sampling)\b|\bstratified\b|\bsampled\b|"
    r"\bevery\s+(?:file|record|case|report|crime)\s+(?:carrying|flagged|that|which|with)\b|"
    r"\bevery\s+(?:file|record|case|report|crime|referral)\s+recorded\s+[^.]{0,80}?\b(?:that|which)\s+"
    r"(?:carried|had|was|were)\b|"
    r"\bcut-?off\s+date\b|\bfor\s+the\s+(?:whole\s+)?period\s+from\b|\bde-?duplicat\w*\b|"
    r"\bmatched\s+(?:records|on)\b|"
    r"\b(?:were|was)\s+(?:selected|chosen|picked)\s+(?:because|as|for|on\s+the\s+basis|using|at\s+"
    r"random|randomly|from|to\s+(?:cover|represent|reflect))\b|\bwe\s+(?:selected|chose)\b|"
    r"\b(?:relates?|related|limited|restricted|confined)\s+only\s+to\b|\b(?:is|are|was|were)\s+"
    r"(?:limited|restricted|confined)\s+to\b|\b(?:covers|included?)\s+only\b|"
    r"\b(?:which|that)\s+excludes?\b|\bexcluding\s+(?:those|people|cases|crimes|offences|"
    r"prisoners|anyone|\w+\s+(?:who|with|held|related|offences|crimes))\b|"
    r"\bexcludes?\s+(?:those|people|cases|crimes|offences|prisoners|anyone)\b",
    re.I,
)
# How the author worked, short of selection rules: "we traced each figure", "we recalculated".
_METHOD_STATEMENT = re.compile(
    r"\bwe\s+(?:also\s+)?(?:checked|traced|recalculated|read|reviewed|examined|analy[sz]ed|coded|"
    r"compared|matched|asked|cross-checked|verified|weighted|surveyed|sampled|searched|counted|"
    r"collected|selected|identified|excluded|included|requested)\b|"
    r"\b(?:the\s+)?methodology\s+(?:included|involved|consisted|combined)\b|"
    r"\bcross[- ]read\w*\b|\b(?:was|were)\s+(?:reviewed|searched|coded|analysed|analyzed)\b",
    re.I,
)
_STEP_COUNTS = re.compile(
    r"\b(?:screened\s+out|excluded|dropped|removed|kept|retained|returned\s+by\s+the\s+search"
    r"|records\s+kept|left\s+us\s+with)\b[^.]{0,60}?\b" + rf"(?:{COUNT})\b|"
    rf"\b(?:{COUNT})\s+(?:records|files|cases|articles|reports)\s+(?:were\s+)?"
    r"(?:screened\s+out|excluded|dropped|removed|kept|retained)\b|"
    r"\bhow\s+many\s+records\s+were\s+kept\s+or\s+dropped\b|"
    rf"\b(?:{COUNT}|{WORD_NUMBER})\s+(?:of\s+(?:the\s+|them\s+)?(?:{COUNT}\s+)?)?(?:\w+\s+)?"
    r"(?:replied|responded|did\s+not\s+(?:reply|respond))\b",
    re.I,
)
_LIMITATION = re.compile(
    EVENTS_NOT_PEOPLE + "|"
    # what a count leaves out is a selection rule and a limit at once
    r"\b(?:which|that)\s+excludes?\b|\b(?:figures|data|statistics|counts?|totals?)\b[^.;]{0,60}?"
    r"\bexclud(?:e|es|ed|ing)\s+(?:those|people|cases|crimes|offences|prisoners|anyone|data|"
    r"figures)\b|\blimitations?\b|\bcaveats?\b|\bcannot\s+be\s+generali[sz]ed\b|\bnot\s+(?:be\s+)?"
    r"representative\b|\bunder-?(?:report\w*|count\w*|record\w*|estimate\w*)\b|"
    r"\b(?:treated|read|interpreted|used)\s+with\s+caution\b|\bincomplete\b|\bnot\s+comprehensive\b|"
    r"\bonly\s+(?:cases|those|people|children|records)\s+(?:that|who|which)\b|"
    # Official figures' own limits: "figures are provisional", "only private households
    # included in the census", "covers only those held in state prisons".
    r"\bprovisional\b|\bonly\s+(?:[\w-]+\s+){0,2}?(?:households|cases|people|persons|records|"
    r"residents|deaths|victims|offences|crimes|prisoners|forces|areas)\s+(?:that|who|which|"
    r"included|in|with|where|held|recorded)\b|"
    r"\bconvictions\s+only\b|\bmay\s+not\s+(?:reflect|capture|include)\b|\b(?:does\s+not|"
    r"doesn[’']t|do\s+not|don[’']t)\s+(?:capture|include|cover)\b|\b(?:selection|reporting|recording|sampling|response|media|"
    r"publication|institutional)\s+bias\b|\bbias(?:es|ed)?\s+(?:in|towards?)\s+(?:the\s+)?(?:data|"
    r"sample|figures|records|coverage)\b|\b(?:data|sample|figures|records)\s+(?:are|is|may\s+be)\s+"
    r"biased\b|\b(?:data|records?|information|values?|ethnicity|nationality|religion|figures)\s+"
    r"(?:\w+\s+){0,3}missing\b|\bmissing\s+(?:data|records|values|information|ethnicity)\b|"
    r"\bprobably\s+under-?\w+|\blower\s+bound\b|\bnever\s+came\s+to\s+the\s+notice\b|"
    r"\b(?:likely|probably)\s+(?:to\s+be\s+)?too\s+(?:low|high)\b|"
    # data gaps and recording changes, as official notes state them
    # not "the force has not recorded any increase": a finding, not a gap in the data
    r"\b(?:not|never)\s+(?:been\s+)?(?:included|recorded)\b(?!\s+(?:any|an?)\s+(?:[\w-]+\s+)?"
    r"(?:increase|rise|fall|decrease|change|drop)\b)|\bunrecorded\b|\bno\s+\w+\s+was\s+"
    r"recorded\b|\b(?:unable|failed|failing)\s+to\s+(?:supply|provide|respond|reply)\b|"
    r"\bdid\s+not\s+(?:reply|respond|supply|provide)\b|\bnotable\s+gaps\b|\bgaps\s+in\s+(?:the\s+)?"
    r"(?:data|records|recording)\b|\b(?:changes?|improvements?)\s+(?:in|to)\s+(?:how\s+\w+\s+"
    r"record\s+crime|(?:crime\s+)?recording)\b|\brecording\s+(?:practices?\s+)?(?:changes?|"
    r"improvements?)\b|\b(?:not|no\s+longer)\s+(?:directly\s+|reliably\s+)?comparable\b|"
    r"\b(?:not|cannot|can't|do\s+not|does\s+not)\s+(?:currently\s+)?(?:provide\s+)?reliabl\w*\b|"
    r"\bnot\s+(?:statistically\s+)?significant\b|\bstatistical\s+reliability\b|"
    r"\b(?:cells?|figures|values|numbers|counts|data)\s+(?:are\s+|were\s+|have\s+been\s+)?"
    r"suppressed\b|\b(?:is|was|are|were)\s+voluntary\b|\bvoluntary\s+(?:question|response|"
    r"reporting|survey|return|basis|participation)\b|\bchose\s+(?:not\s+)?to\s+answer\b|"
    r"\bcollected\s+(?:before|prior\s+to)\b|\b(?:only|merely)\s+(?:show|shows|tell|tells|"
    r"capture|captures|cover|covers|count|counts|include|includes)\b|"
    # "does not mean more crime" or "... that Pakistani men are more likely to offend", not
    # "this does not mean we are walking away"
    r"\b(?:does|do)\s+not\s+mean\b(?!\s+(?:that\s+)?(?:we|i|you)\b)|"
    r"\bcan(?:not|'t)\s+(?:reliably\s+)?(?:tell|show|say)\b|\binsufficient\s+data\b|"
    r"\bno\s+reliable\s+(?:\w+\s+)?data\b|\b(?:limited|little|scant|scarce|poor)\s+(?:reliable\s+|"
    r"quality\s+)?(?:data|evidence|information|records)\b|\black(?:s|ed|ing)?\s+(?:\w+\s+)?reliable\b|"
    # "do not represent all stops", "subject to errors in data entry", "could be misleading",
    # "people who do not state their religion"
    r"\b(?:(?:do|does|did)\s+not|(?:don|doesn|didn)[’']t)\s+represent\s+(?:all|every|the\s+"
    r"(?:whole|full|total))\b|\b(?:fail\w*|unable)\s+to\s+(?:identify|record|detect)\b|"
    r"\bsubject\s+to\s+(?:\w+\s+){0,2}errors?\b|"
    # "too few survey contacts to produce robust estimates for small areas"
    r"\b(?:not\s+(?:have\s+)?(?:a\s+)?sufficient|insufficient|too\s+few|not\s+enough)\b[^.;]{0,80}?"
    r"\b(?:robust|reliable)\b|\b(?:could|can|may|might)\s+be\s+misleading\b|"
    r"\b(?:do|does|did)\s+not\s+(?:report|state|give|declare|record)\s+their\s+(?:ethnicity|"
    r"ethnic\s+group|religion|nationality)\b|"
    # reasons a disputed figure fails: "cannot be reproduced", "gave no search terms"
    r"\bcannot\s+be\s+(?:reproduced|replicated|verified|checked|traced)\b|\b(?:gave|gives|give|"
    r"provided|provides|published|named|names|offered|offers|stated|states)\s+no\s+(?:\w+\s+)?"
    r"(?:source|database|dataset|method|methodology|search\s+terms|dates|data|sample|denominator|"
    r"base|definition)s?\b|\bunreported\b|\bunrecogni[sz]ed\b|\bdark\s+figure\b|"
    r"\bnever\s+(?:come|came|comes)\s+to\s+(?:light|the\s+attention)\b|\b(?:was|were)\s+(?:not\s+identified|unknown)\b",
    re.I,
)
_ACCESS = re.compile(
    r"\b(?:available|inspected|obtained|provided|shared)\s+(?:to\s+\w+\s+)?(?:on|upon)\s+request\b|"
    r"\bcan\s+be\s+inspected\b|\bdata\s+(?:are|is)\s+(?:published|available)\b|"
    r"\b(?:information|figures|statistics|tables)\s+(?:is|are)\s+(?:published|available)\s+"
    r"(?:at|on|from)\b|"
    r"\breplication\s+(?:data|files|code)\b|\bopen\s+data\b|\bdata\s+(?:tables|files)\s+"
    r"(?:are|were)\s+published\b|\bpublished\s+alongside\b",
    re.I,
)
# What a completeness boast is about: the evidence, not a reform or a school.
_EVIDENCE_NOUN = (
    r"(?:data|dataset|datasets|database|figures|statistics|stats|numbers|study|studies|analysis|"
    r"review|picture|account|record|records|count|counts|survey|research|evidence|report|audit|"
    r"investigation|list|overview|assessment|coverage|information|sample|census|register|"
    r"collection|documentation|tally|catalogue|inquiry|examination|breakdown)\b"
)
_COMPLETENESS = re.compile(
    # Not sources compared with each other ("a more comprehensive panorama than either could
    # alone") or the years a source calls complete ("the most recent comprehensive reporting
    # years"); "more comprehensive than anything the Home Office has published" is a boast.
    # "Comprehensive" boasts only of evidence ("our comprehensive study", "the data are
    # comprehensive"), not of "comprehensive reforms", a "comprehensive school" or a poll's
    # answer "A COMPREHENSIVE PROGRAM".
    r"(?<!more\s)(?<!less\s)\bcomprehensive\b(?=[\s,]+(?:[\w-]+[\s,]+)?" + _EVIDENCE_NOUN + r"|"
    r"\s*[.;:)!]|\s*$|[\s,]+(?:and|but)\b)|"
    r"\b(?:more|less)\s+comprehensive\b(?![^.;]{0,60}?\bthan\s+"
    r"(?:either|each|both|any\s+one)\b)|\birrefutabl[ey]\b|\bconclusive(?:ly)?\b|\bdefinitively\b|"
    # "the definitive account", not "the sole definitive conclusion" of someone's report
    r"\bdefinitive\s+(?:[\w-]+\s+)?(?:" + _EVIDENCE_NOUN + r"|answers?\b|proof\b)|"
    r"\bbeyond\s+(?:any\s+)?doubt\b|\bcomplete\s+picture\b|\bfull\s+picture\b|\bproves?\b|"
    r"\bthe\s+(?:vast|overwhelming)\s+majority\s+of\s+(?:all\s+)?cases\b|\ball\s+cases\b|"
    r"\bunquestionabl[ey]\b|\bindisputabl[ey]\b|\bundeniabl[ey]\b|"
    r"\bexhaustive\b|\bleaves?\s+nothing\s+out\b|\b(?:documented|recorded|found|counted)\s+"
    r"every\s+(?:single\s+)?case\b|\bmargin\s+of\s+error\b[^.]{0,40}\b(?:minimal|negligible|"
    r"zero)\b",
    re.I,
)
# "not comprehensive", "no full picture", "lacked a complete picture": honest limits, not claims.
_COMPLETENESS_DENIED = re.compile(
    r"\b(?:not|no|never|lack(?:s|ed|ing)?|without|nor|far\s+from|cannot|can't|isn't|aren't|"
    r"wasn't|weren't)\b(?:\W+\w+){0,4}?\W+(?:comprehensive|irrefutabl|definitive|conclusive|"
    r"complete\s+picture|full\s+picture|prove|beyond)|"
    # "only a small fraction of the full picture": the count is said to be partial, a limit.
    r"\b(?:only|just|merely|small|tiny|mere)\s+(?:(?:a|the)\s+)?(?:small\s+|tiny\s+)?"
    r"(?:fraction|part|portion|glimpse)\s+of\s+(?:the\s+|a\s+)?(?:full|complete)\s+picture",
    re.I,
)
# Another party's work introduced and described: "A comprehensive audit of the rolls uncovered",
# "Her audit aims to provide a comprehensive overview".
_INTRODUCED = re.compile(
    r"\b(?:an?|her|his|their|its|(?-i:[A-Z][\w-]+)[’']s)\s+(?:[\w-]+\s+){0,2}$", re.I
)
# The completeness words that can describe a work rather than boast of the evidence.
_DESCRIBING_WORD = re.compile(r"(?:more\s+|less\s+)?(?:comprehensive|exhaustive|definitive)", re.I)
_OWN_WORK = re.compile(
    r"\b(?:we|our|us)\b|\bthis\s+(?:is|report|study|audit|analysis|review|paper|dataset|"
    r"investigation|survey)\b",
    re.I,
)


def _describes_others(text: str, boast: re.Match[str]) -> bool:
    """A completeness word that describes someone else's work, not the document's evidence
    ("gives a full picture" is an idiom, a claim about the data whatever its article)."""
    if not _DESCRIBING_WORD.match(boast[0]):
        return False
    before = text[max(0, boast.start() - 40) : boast.start()]
    return bool(_INTRODUCED.search(before)) and not _OWN_WORK.search(text)


# Someone else's claim, reported in order to weigh it.
_ATTRIBUTED = re.compile(
    r"\b(?:claimed|claims|claiming|described\s+(?:it\s+)?as|called\s+(?:it\s+)?|according\s+to|"
    r"purport\w*|so-called|asserted|alleged)\b|[\"“][^\"”]{0,60}(?:comprehensive|irrefutabl|"
    r"definitive|conclusive)",
    re.I,
)
_METHOD_HEADING = re.compile(
    r"^\s*(?-i:(?:\d+|[A-Z]|[IVX]+)[.)]?\s+)?(?:(?:annex|appendix)\s*(?-i:[A-Z0-9]+)?[.:]?\s+)?"
    r"(?:data\s+and\s+methods?|methods?\s+and\s+data|methods?|methodology|our\s+approach|"
    r"approach|sources\s+and\s+methods?|about\s+(?:the|these|our)\s+data|how\s+we\s+"
    r"(?:did|carried\s+out|conducted|checked|worked|counted)(?:\s+\w+)?|technical\s+(?:annex|"
    r"appendix|notes?)|"
    r"data\s+sources?|notes\s+on\s+(?:the\s+)?data)\b[\w\s:,-]{0,40}$",
    re.I,
)
_METHOD_MENTION = re.compile(r"\bmethodology\b|\bmethods?\s+(?:section|annex|note)\b", re.I)
_SAMPLE_SIZE = re.compile(
    rf"(?:\b[nN]\s?=\s?|\bsample\s+of\s+|\bsurveyed\s+)({COUNT})\b|"
    rf"\b({COUNT})\s+(?:respondents|participants|people\s+(?:responded|took\s+part))\b",
    re.I,
)
_RESPONSE_RATE = re.compile(
    r"\bresponse\s+rate\s+(?:of\s+|was\s+|:\s*)?(\d{1,3}(?:\.\d+)?)\s?(?:%|per\s?cent)", re.I
)

NAMED_KINDS = tuple(_KINDS)


# A heading the segmenter ran into the first sentence after it: "Data and method The audit …".
_METHOD_HEADING_RUN_ON = re.compile(
    r"^\s*(?:(?:Annex|Appendix)\s+[A-Z0-9]+[.:]?\s+)?(?:Data\s+and\s+methods?|Methods?\s+and\s+"
    r"data|Methods?|Methodology|Our\s+approach|Sources\s+and\s+methods?|About\s+the\s+data|"
    r"Technical\s+(?:annex|appendix|notes?)|Data\s+sources?|How\s+we\s+(?:checked|worked|"
    r"counted|did\s+it))\s+(?=[A-Z])"
)


def _heading(passage: Passage) -> bool:
    first = passage.text.split("\n", 1)[0]
    if _METHOD_HEADING_RUN_ON.match(first):
        return True
    return len(first.split()) <= 9 and bool(_METHOD_HEADING.match(first))


def _survey_details(text: str) -> tuple[int | None, float | None]:
    size = None
    if m := _SAMPLE_SIZE.search(text):
        size = to_int(m.group(1) or m.group(2))
    rate = float(m.group(1)) if (m := _RESPONSE_RATE.search(text)) else None
    return size, rate


# Every form of _NAMED_BODY needs one of these words: a cheap test first on long documents.
_NAMED_BODY_CUE = re.compile(
    r"according|report|audit|review|inquiry|enquiry|study|analys|survey|bulletin|research|"
    r"figures|data|statistics|count|tally|database|list|records|found|finds|publish|record|"
    r"release|estimat|show|identified|concluded|studied|calculated|compiled|issued|claim|said|"
    r"says|stated|argue|suggest|warned|told|investigation|paper|inquiry|tracker|register",
    re.I,
)


# Owners named in ways the pattern above does not read: "Stanford has done a study of",
# "a new paper authored by Valerie Wilson", "The report, chaired by Tom Crowther",
# "Operation Brooke, the largest investigation", "The Washington Post launched a ... database",
# "the government's figures".
_NOT_A_NAME_WORDS = (
    r"Critics|Researchers|Experts|Campaigners|Officials|Analysts|Scientists|Academics|"
    r"Authors|Activists|Others|Some|Many|Most|They|We|It|He|She|The|This|These|Those|Our|"
    r"Their|Its|Police|Government|Ministers|Nobody|No-one|None|Few|Several|Everyone|Anyone|"
    r"Someone|Who|Both|Each|Volunteers|Journalists|Officers|Parents|Residents|People"
)
_NOT_A_NAME = r"(?!(?:" + _NOT_A_NAME_WORDS + r")\b)"
_NAMED_BODY_MORE = re.compile(
    r"\b" + _NOT_A_NAME + r"(?:[A-Z]{2,}[\w-]*|[A-Z][a-z]+[\w'’-]*)\s+(?:has|have|had)\s+"
    r"(?:done|conducted|carried\s+out|published|produced)\s+(?:a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:study|report|survey|"
    r"analysis|review|audit|paper)\b|"
    r"\b(?i:paper|report|study|analysis|research|review|briefing)\s+(?i:authored|co-authored|"
    r"written|prepared|produced)\s+by\s+(?:[a-z-]+\s+){0,2}(?P<m1>" + _ORG + r")|"
    r"\b(?i:report|inquiry|review|investigation|audit),\s+(?i:chaired|led|commissioned|conducted|"
    r"written)\s+by\s+(?:[a-z-]+\s+){0,2}(?P<m2>" + _ORG + r")|"
    r"\bOperation\s+[A-Z]\w+,\s+(?i:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?i:investigation|inquiry|"
    r"review|operation)\b|"
    r"\b" + _NOT_A_NAME + r"(?:[A-Z][\w&'’-]+\s+){1,4}(?i:launched|built|created|maintains|"
    r"compiled|keeps|started)\s+"
    r"(?i:a|an|its|their)\s+(?:[\w-]+\s+){0,4}?(?i:database|dataset|tracker|register)\b|"
    r"\b(?i:the\s+government)(?:'s|’s)\s+(?:(?i:own|latest|official)\s+)?(?i:figures|data|"
    r"statistics)\b"
)


# A body that owns figures, named as a proper name (readers' deciding quotes across every labelled
# set showed these owners missed: "reported by the CDC", "Merseyside Police noted", "The Ministry
# of Justice (MoJ) has published", "The Washington Post maintains"): one to six capitalised words
# (with "of", "for", "and", "on", "the" between them) and an acronym in brackets, then a verb of
# publishing or finding, or "by" before it. Any proper name counts alike, whatever kind of body or
# publisher it is (a review found head-word lists credited "Migration Watch" and not "Hope not
# Hate"); generic and group words are taken out. Each word is matched atomically, so a run of
# capitals is read once, not split every way (a 10,000-capital run took 6.5 s before).
_CAP_WORD = r"(?>[A-Z][\w'’&-]*)"
_BODY = (
    rf"(?<![\w'’&-]){_CAP_WORD}(?:\s+(?:(?:of|for|and|on|the|&)\s+){{0,2}}{_CAP_WORD}){{0,5}}"
    r"(?:\s+\([A-Z][\w&-]{1,9}\))?"
)
_OWNER_SHAPE = re.compile(
    # The verb in any case: a headline capitalises it ("CDC Releases Updated 2021 Rates").
    rf"(?P<said>{_BODY})(?:'s|’s)?\s+(?i:(?:has|have|had|also|recently|first|then)\s+)?"
    r"(?i:found|finds|published|publishes|released|releases|reported|reports|recorded|records|"
    r"estimated|estimates|showed|shows|noted|notes|conducted|commissioned|compiled|collects|"
    r"collected|maintains|counted|calculated|analysed|analyzed|surveyed|polled|identified|"
    r"concluded|revealed|reveals|tracks|tracked|documented)\b|"
    r"\b(?i:reported|released|published|compiled|collected|conducted|commissioned|produced|"
    r"issued|gathered|maintained|supplied|provided|carried\s+out|prepared|funded|recorded)\s+by\s+"
    rf"(?:the\s+)?(?:[a-z-]+\s+){{0,3}}(?P<by>{_BODY})"
)
# Capitalised words that name no one: the speakers above that are no names ("Researchers",
# "Police"), and "Studies show", "Report Finds" in a headline.
_NO_OWNER_WORD = re.compile(
    r"^(?:" + _NOT_A_NAME_WORDS + r"|Media|Victims|Families|Authorities|Councils|Agencies|"
    r"Charities|Groups|Studies|Study|Surveys|Survey|Reports|Report|Polls|Poll|Numbers|Analysis|"
    r"Analyses|Evidence|Records|Documents|Papers|Articles|Review|Reviews|Inquiry|Audit|Newspapers|"
    r"Headlines|Of|For|And|On|&)$"
)


def _a_name_word(word: str) -> bool:
    """A capitalised word that can name someone: not generic ("The", "New") or no one's."""
    return not _GENERIC_CAPS.match(word) and not _NO_OWNER_WORD.match(word)


def _owner_by_shape(text: str) -> bool:
    """A body named as a proper name (above): not only generic, group or no-one words ("EU Member
    States", "Black Caribbean", "New Study Shows")."""
    for m in _OWNER_SHAPE.finditer(text):
        name = m.group("said") or m.group("by")
        words = (w.strip("()") for w in name.split())
        if any(w[:1].isupper() and _a_name_word(w) and not attributes_named(w) for w in words):
            return True
    return False


def _names_someone(owner: str) -> bool:
    """A speaker that is more than generic words ("Researchers", "Experts", "Police" name no
    one; "the council's own audit" names the council)."""
    for word in owner.split():
        word = word.strip("()’'.,").removesuffix("’s").removesuffix("'s")
        if word and word.lower() != "own" and _a_name_word(word[:1].upper() + word[1:]):
            return True
    return False


# One word after "by" that names a breakdown, not an owner.
_NOT_AN_OWNER = re.compile(
    r"^(?:Table|Figure|Chart|Annex|Appendix|Region|Area|Country|Age|Sex|Gender|Ethnicity|"
    r"Religion|Nationality|Year|Month|Quarter|Type|Category|Group)$"
)


def _named_body(text: str) -> bool:
    """An organisation, report or inquiry named as the owner of a figure."""
    if not _NAMED_BODY_CUE.search(text):
        return False
    for more in _NAMED_BODY_MORE.finditer(text):
        # An owner after "by" must be a name, not "January" or "Government".
        owner = more.group("m1") or more.group("m2")
        if owner is None or not _GENERIC_CAPS.match(owner.split()[0]):
            return True
    pos = 0
    while m := _NAMED_BODY.search(text, pos):
        # A generic match ("The report") must not hide an owner named after it ("The report
        # published by the Rail Office"): look again from the next word, not past the match.
        pos = m.start() + 1
        name = next((g for g in m.groups() if g), None)
        if name is None:
            return True  # "a national review found"
        words = name.split()
        while words and _GENERIC_CAPS.match(words[0]):
            words = words[1:]
        if not words:
            continue
        acronym = any(
            re.fullmatch(r"[A-Z]{2,}[\w-]*", w) and not _GENERIC_CAPS.match(w) for w in words
        )
        # A lone capitalised word opening the sentence may be any word ("Recent data ...");
        # named after "by" it is a name ("statistics released by Ucas"), unless it is a
        # breakdown word or a group of people ("Analysis by Region", "figures by Somalis").
        at_start = not text[: m.start()].strip()
        lone = words[0] if len(words) == 1 else ""
        named_by = (
            m.lastgroup == "c"
            and re.search(r"\bby\s", m.group(0)) is not None
            and not _NOT_AN_OWNER.match(lone)
            and not attributes_named(lone)
        )
        if acronym or len(words) >= 2 or named_by or (not at_start and m.lastgroup != "d"):
            return True
    return False


@passage_fact(lambda p: (p,))
def _classify(passage: Passage) -> list[SourceFinding]:
    text = passage.text
    # "More than official figures suggest" names figures only to outdo them.
    scan = _CONTRAST.sub(" ", text)
    found: list[SourceFinding] = []

    def add(kind: str, **extra) -> None:
        found.append(SourceFinding(page=passage.page, sentence=text, kind=kind, **extra))

    if _heading(passage):
        add("methods_section")
    elif _METHOD_MENTION.search(text):
        add("methods_reference")
    for kind, pattern in _KINDS.items():
        if not asserted(pattern, scan):
            continue
        if kind == "survey":
            size, rate = _survey_details(text)
            add(kind, sample_size=size, response_rate=rate)
        elif kind == "media_reports":
            add(kind, vague=not _MEDIA_SEARCH.search(text))
        else:
            add(kind)
    named = any(f.kind in _KINDS for f in found)
    vague = asserted(_VAGUE, scan)  # "no dependable published data" is a limit
    # "Our figures come from official sources" says where from, but names nothing.
    # "Source: Housing in Northdale" under a table names the publication its rows come from.
    dataset = _DATASET.search(scan) or _NAMED_DATASET.search(scan) or _SOURCE_LINE.match(scan)
    if dataset and not named and not vague:
        add("dataset")
        named = True
    if not named and (_named_body(scan) or _owner_by_shape(scan)):
        add("named_body")
        named = True
    owner = any(f.kind in _MEMBERSHIP_KINDS and not f.vague for f in found)
    if vague or (_GENERIC_EVIDENCE.search(scan) and not named):
        add("vague_source", vague=True)
    if owner and _PERIOD.search(text):
        add("coverage")
    if asserted(_SAMPLING, text):
        add("sampling_frame")
    if _REQUEST.search(text):
        add("data_request")
    if (m := _TRACED.search(text)) and (owner or _OWNER_AFTER.match(text, m.end())):
        add("traced")
    if any(f.kind == "traced" for f in found):
        # Saying a figure came from press stories is tracing it, not vague sourcing.
        found = [f for f in found if not f.vague]
    if asserted(_METHOD_STATEMENT, text):
        add("method_statement")
    if _MEASURE.search(text):
        add("measure_defined")
    if _STEP_COUNTS.search(text):
        add("selection_counts")
    if _ACCESS.search(text):
        add("data_access")
    denied = _COMPLETENESS_DENIED.search(text)
    if _LIMITATION.search(text) or denied:
        add("limitation")
    boast = _COMPLETENESS.search(text)
    if boast and not denied and not _ATTRIBUTED.search(text) and not _describes_others(text, boast):
        add("completeness_claim")
    return found


_OFFICIAL_KINDS = frozenset(
    {"official_statistics", "police_records", "prison_records", "court_records", "survey"}
)
# Kinds that name records or statistics a label could come from: not a body that only speaks.
RECORD_KINDS = _OFFICIAL_KINDS | {"case_files", "foi", "dataset"}


def source_named(passage: Passage) -> SourceFinding | None:
    """The passage's first naming, without vagueness, of any owner of its figures: a body,
    report, dataset or record ("According to UNHCR data, ...")."""
    return next(
        (f for f in _classify(passage) if f.kind in _MEMBERSHIP_KINDS and not f.vague), None
    )


def records_named(passage: Passage) -> SourceFinding | None:
    """The passage's first naming, without vagueness, of records or statistics behind its
    figures (a passage fact: stored for the analysis, so other checks may ask cheaply)."""
    return next((f for f in _classify(passage) if f.kind in RECORD_KINDS and not f.vague), None)


def _contents(passages: list[Passage]) -> set[tuple[int, int]]:
    """(page, start) of the entries of a contents list: the short lines after a "Contents"
    heading, up to the first full sentence."""
    out: set[tuple[int, int]] = set()
    inside = False
    for passage in passages:
        text = passage.text.strip()
        if _CONTENTS.match(text):
            inside = True
            out.add((passage.page, passage.start))
            continue
        if _CONTENTS_RUN.match(text):
            out.add((passage.page, passage.start))
            continue
        if len(_NUMBERED_ENTRY.findall(text)) >= 3:
            # Numbered headings with page numbers run into one passage: "2.1 Victims 76 2.2 …".
            inside = True
            out.add((passage.page, passage.start))
            continue
        entry = re.fullmatch(r"\d+(?:\.\d+)*\.?", text) or not re.search(r"[.!?]$", text)
        if inside and len(text.split()) <= 12 and entry:
            out.add((passage.page, passage.start))
        else:
            inside = False
    return out


_NUMBERED_ENTRY = re.compile(r"\b\d+(?:\.\d+)+\s+[A-Z][^.\d]{2,80}?\s\d{1,3}\b")
_CONTENTS_POINTER = re.compile(
    r"\b(?:methods?|methodology|data\s+sources?|sources\s+and\s+methods?|data\s+and\s+methods?|"
    r"technical\s+(?:annex|appendix|notes?)|data\s+quality|inclusion\s+criteria|background\s+"
    r"quality\s+report)\b",
    re.I,
)
_DATA_POINTER = re.compile(
    r"^(?:(?!\b(?:our|we|I|sources|experts|studies|insiders)\b)[^.;])*\b(?:(?:recent|latest|new|"
    r"newly\s+published|the)\s+)?(?:statistics|figures|data|numbers)\s+(?:have\s+|has\s+)?"
    r"(?:show|shows|showing|shown|reveal|reveals|revealed|suggest|suggests)\b",
    re.I,
)
_PRESENTS = re.compile(r"\b(?:show|shows|showed|reveal\w*|record\w*|publish\w*)\b", re.I)
_OFFICIAL_POINTER = re.compile(
    r"\b(?:official|government|police)\s+(?:figures|statistics|data)\b", re.I
)
# The first few figures are enough to show the question applies.
_FIGURES_KEPT = 5
# Kinds that name a source a reader could look up (the suggestion's "named" sources).
_MEMBERSHIP_KINDS = frozenset({*_KINDS, "dataset", "named_body"})


# "These figures come from the prison service's systems", or a table's "Source:" line: a
# source sentence pointing back at figures already given.
_ANAPHORA = re.compile(
    r"\b(?:these|those|this|the\s+above|such)\s+(?:figures|data|statistics|numbers|information|"
    r"estimates|counts|totals)\b|^\W*sources?(?:\(s\))?\s*:",
    re.I,
)


def _carries_period(
    classified: list[SourceFinding],
    passages: list[Passage],
    periods: list[bool],
    index: int,
    dated_figures: bool,
    lead: bool = False,
) -> bool:
    """A named source whose period is given beside it, not in its own sentence: in the next or
    previous sentence of the same paragraph ("We use the county's arrest records. They run
    from 2015 to 2019."), on the dated figures it points back to ("These figures come from
    the prison service's records"), or on the dated figures under the lead that names it,
    issue 12 pattern 3."""
    kinds = {f.kind for f in classified}
    if "coverage" in kinds or not any(
        f.kind in _MEMBERSHIP_KINDS and not f.vague for f in classified
    ):
        return False
    here = passages[index]
    for other in (index - 1, index + 1):
        if 0 <= other < len(passages) and periods[other]:
            near = passages[other]
            if (near.page, near.paragraph) == (here.page, here.paragraph):
                return True
    # A source named in the lead ("based on data published by the ministry") applies to the
    # dated figures beneath it; a body or person merely named there ("Press Releases", "according
    # to analyst X") offers no data to carry a period.
    data = any(f.kind != "named_body" for f in classified if f.kind in _MEMBERSHIP_KINDS)
    lead_data = lead and (data or bool(_DATA_WORD.search(here.text)))
    return dated_figures and (lead_data or bool(_ANAPHORA.search(here.text)))


_DATA_WORD = re.compile(
    r"\b(?:data|figures|statistics|records|survey|census|report|study|analysis|audit|review|"
    r"database|returns)\b",
    re.I,
)


_BROKEN_END = re.compile(r"\b(?:by|from|of|to|on|in|the|a|an|and|with|about|for)\s*$", re.I)


def _across_break(passages: list[Passage], index: int) -> list[SourceFinding]:
    """A sentence the layout broke in two ("Based on data provided by" / "county councils
    about ..."): the named sources that only the joined text shows, kept on the first part."""
    here = passages[index]
    if index + 1 >= len(passages) or not _BROKEN_END.search(here.text):
        return []
    after = passages[index + 1]
    if after.page != here.page or not after.text[:1].isalpha():
        return []
    alone = {f.kind for f in _classify(here)} | {f.kind for f in _classify(after)}
    joined = here.model_copy(update={"text": f"{here.text} {after.text}"})
    return [
        f.model_copy(update={"sentence": here.text})
        for f in _classify(joined)
        if f.kind in _MEMBERSHIP_KINDS and not f.vague and f.kind not in alone
    ]


def detect(context: Context) -> Findings:
    found: list[SourceFinding] = []
    quoted = quoted_passages(context)
    speakers = {(v.page, v.start): v.speaker for v in voices(context)}
    contents = _contents(context.passages)
    figures = 0
    periods = [bool(_PERIOD.search(p.text)) for p in context.passages]
    # Searched once per passage and read in four places below (_FIGURE has no literal for the
    # prefilter); the repeated searches it replaced were few, so this is for clarity more than
    # speed (docs/performance.md).
    has_figure = [
        # Comparisons and share words with no number ("more likely to") are figures too; they are
        # kept apart from _FIGURE, which has no literal to prefilter on.
        bool(_FIGURE.search(p.text) or unnumbered_claim(p.text))
        for p in context.passages
    ]
    dated_figures = any(dated and fig for dated, fig in zip(periods, has_figure, strict=True))
    # The lead: title and standfirst, everything before the second figure (labelling guide,
    # 2.3): a headline figure and then "based on data published by ..." still lead the text.
    with_figures = [i for i, fig in enumerate(has_figure) if fig]
    lead_end = with_figures[1] - 1 if len(with_figures) > 1 else len(context.passages) - 1
    for index, passage in enumerate(context.in_time(CRITERION, context.passages)):
        key = (passage.page, passage.start)
        if key in contents:
            # A contents entry may point to a methods section; it describes nothing itself.
            if _heading(passage) or _CONTENTS_POINTER.search(passage.text):
                found.append(
                    SourceFinding(
                        page=passage.page, sentence=passage.text, kind="methods_reference"
                    )
                )
            continue
        classified = _classify(passage) + _across_break(context.passages, index)
        lead = index <= lead_end
        if _carries_period(classified, context.passages, periods, index, dated_figures, lead):
            classified.append(
                SourceFinding(page=passage.page, sentence=passage.text, kind="coverage")
            )
        if key in quoted:
            # Someone else's vague sourcing or boast, quoted in order to test it.
            classified = [f for f in classified if not f.vague and f.kind != "completeness_claim"]
            if any(f.kind in _MEMBERSHIP_KINDS for f in classified):
                # The document names whose figure it disputes (H1, H9 of the labelling guide).
                classified.append(
                    SourceFinding(page=passage.page, sentence=passage.text, kind="dispute_named")
                )
        owner = speakers.get(key, DOCUMENT)
        # A group of people reporting ("Ruritanian families reported ...") is no source.
        # Nor is a generic word ("Researchers found that ...", "Experts say"): the guide's
        # "research has found" names no owner.
        named_owner = (
            owner != DOCUMENT
            and not owner.startswith(UNNAMED)
            and not attributes_named(owner)
            and _names_someone(owner)
        )
        # A value relayed, not a topic: "the share of migrants is worrying, she said".
        relayed = named_owner and has_figure[index] and _DIGIT.search(passage.text)
        if relayed and not any(f.kind in _MEMBERSHIP_KINDS for f in classified):
            # A figure relayed with the person or body it comes from ("Vell's claim that
            # 40% ...", "repeated by Councillor Vell, who claimed ..."): attributed to a named
            # source, sources 1 (labelling guide 3.2 and H2).
            classified.append(
                SourceFinding(page=passage.page, sentence=passage.text, kind="named_body")
            )
        found.extend(classified)
        method_count = _EVIDENCE_BASE.search(passage.text) and not _PERCENT.search(passage.text)
        if figures < _FIGURES_KEPT and has_figure[index] and not method_count:
            figures += 1
            found.append(SourceFinding(page=passage.page, sentence=passage.text, kind="figure"))
    # "Official figures show" is resolved once the document names the official source
    # (a source named once carries, issue 12 pattern 3).
    if any(f.kind in _OFFICIAL_KINDS for f in found):
        found = [f for f in found if not (f.vague and _OFFICIAL_POINTER.search(f.sentence))]
    # "New figures show ..." in the lead points at the data the text then names with its period
    # ("Figures from the Health Board show 415 detentions in 2024-25"): resolved the same way.
    # Only a dated source that itself presents figures resolves it, not a census year given
    # for a population base.
    if any(f.kind == "coverage" and _PRESENTS.search(f.sentence) for f in found):
        found = [f for f in found if not (f.vague and _DATA_POINTER.search(f.sentence))]
    # A completeness claim is supported only by a stated method, selection rules or a named
    # collection with the period it covers.
    method = any(
        f.kind in ("methods_section", "sampling_frame", "data_request", "coverage") for f in found
    )
    sources = [
        f.model_copy(update={"supported": method}) if f.kind == "completeness_claim" else f
        for f in found
    ]
    return Findings(sources=sources)


# --- suggestion -----------------------------------------------------------------------------

_LABEL = {
    "police_records": "police records",
    "court_records": "court records",
    "prison_records": "prison or immigration records",
    "case_files": "case files",
    "survey": "a survey",
    "foi": "FOI returns",
    "media_reports": "press reports",
    "anonymous_submissions": "anonymous submissions",
    "interviews": "interviews",
    "official_statistics": "official statistics",
    "dataset": "a named dataset",
    "named_body": "a named body or report",
    "data_request": "data requested from every body of a kind",
    "traced": "a figure traced to its source",
}


def _not_applicable(findings: Findings, counts: dict[str, int]) -> Suggestion:
    pointers = [f for f in findings.sources if f.kind in ("methods_section", "methods_reference")]
    return Suggestion(
        id=CRITERION,
        suggested_level=None,
        status="not_applicable",
        confidence=0.45,
        rationale="No figure or statistical claim was found, so the question looks not to "
        "apply; a method described with no figure to back is not rated.",
        evidence=evidence((f.page, f.sentence, "methods pointer") for f in pointers[:1]),
        counts=counts,
    )


def suggest(findings: Findings, context: Context) -> Suggestion:
    """Sources: named datasets, then selection rules and limits, then a full, checkable method."""
    by_kind: dict[str, list[SourceFinding]] = {}
    for f in findings.sources:
        by_kind.setdefault(f.kind, []).append(f)
    # Press reports are vague only until the document says how it searched them.
    searched = any(f.kind == "media_reports" and not f.vague for f in findings.sources)
    named = [f for f in findings.sources if f.kind in _LABEL and not f.vague]
    vague = [
        f for f in findings.sources if f.vague and not (searched and f.kind == "media_reports")
    ]
    rules = by_kind.get("sampling_frame", []) + by_kind.get("data_request", [])
    # A named dataset with its period, or a disputed figure traced to where it came from, is a
    # selection a reader could roughly repeat (labelling guide, 3.3 and H1-H4).
    coverage = by_kind.get("coverage", [])
    traced = by_kind.get("traced", []) + by_kind.get("dispute_named", [])
    selection = rules + coverage + traced
    working = by_kind.get("method_statement", []) + by_kind.get("measure_defined", [])
    limits = by_kind.get("limitation", [])
    methods = by_kind.get("methods_section", []) + by_kind.get("methods_reference", [])
    steps = by_kind.get("selection_counts", [])
    access = by_kind.get("data_access", [])
    unsupported = [f for f in by_kind.get("completeness_claim", []) if not f.supported]
    stated = [f for f in findings.sources if f.kind != "figure"]
    figures = (
        len(by_kind.get("figure", []))
        + sum(f.kind != "percentage_points" for f in findings.percentages)
        + len(findings.vague_shares)
        + len(findings.representation_claims)
    )
    counts = {
        "figures": figures,
        "named_sources": len(named),
        "vague_sources": len(vague),
        "selection_statements": len(selection),
        "selection_rules": len(rules),
        "coverage_statements": len(coverage),
        "traced_figures": len(traced),
        "method_statements": len(working),
        "limitations": len(limits),
        "methods_sections": len(methods),
        "selection_counts": len(steps),
        "data_access": len(access),
        "unsupported_completeness_claims": len(unsupported),
        "kinds_of_signal": len({f.kind for f in stated}),
    }
    # A text that describes its data (named sources, their period, their limits) presents
    # statistics even where no number is printed: "estimates for 2016 are based on the
    # survey, pooled over three years; small areas have too few contacts".
    describes_data = len({f.kind for f in named}) >= 2 and bool(coverage) and bool(limits)
    if not figures and not describes_data:
        return _not_applicable(findings, counts)
    if not stated:
        return Suggestion(
            id=CRITERION,
            suggested_level=0,
            status="suggested",
            confidence=0.3,
            rationale="The document gives figures but no sentence naming a dataset, a method or "
            "how cases were selected was found; check tables, footnotes and annexes.",
            evidence=evidence(
                (f.page, f.sentence, "figure with no source") for f in by_kind.get("figure", [])[:1]
            ),
            counts=counts,
        )

    kinds = sorted({f.kind for f in named}, key=list(_LABEL).index)
    if not named:
        # Data described and limited but never named: more than figures with no owner. So is
        # a selection, a method or a limit with no vague owner beside it ("pupils excluded in
        # maintained schools, 2005/06"): the owner may be the document itself or named where
        # the rules do not see it, and readers rate such texts 1 far more often than 0.
        # A pointer to a methods section (a contents line) describes nothing by itself.
        described = selection or working or limits or steps or access
        described = described or by_kind.get("methods_section")
        level = 1 if (working and limits) or (described and not vague) else 0
    elif not selection and len(working) < 2:
        level = 1
    elif not limits:
        level = 1 if len(rules) + len(working) < 3 else 2
    else:
        level = 2
        if sum(bool(x) for x in (methods, steps, access)) >= 2 and len(rules) >= 2:
            level = 3
    if unsupported and level > 0:
        level = 0 if level == 1 else level - 1
        if limits and named:
            # A boast beside admitted limits describes the data, it does not close the
            # question: "our comprehensive arrest records ... which miss unreported crime".
            level = max(level, 1)
    # Vague sourcing beside named sources weakens the case only when it dominates.
    if vague and len(vague) >= len(named) and level > 1:
        level = 1

    parts = []
    if named:
        labels = ", ".join(_LABEL[k] for k in kinds)
        parts.append(f"sources named: {labels} ({page_list(f.page for f in named)})")
    else:
        parts.append("names no dataset a reader could look up")
    if vague:
        parts.append(f"{plural(len(vague), 'vague source')} ({page_list(f.page for f in vague)})")
    if methods:
        parts.append(f"a methods section or note ({page_list(f.page for f in methods)})")
    else:
        parts.append("no methods heading found")
    if rules:
        n = plural(len(rules), "statement")
        parts.append(f"{n} of how cases were selected ({page_list(f.page for f in rules)})")
    else:
        parts.append("no selection rules found")
    if coverage:
        pages = page_list(f.page for f in coverage)
        parts.append(f"{plural(len(coverage), 'named source')} given with a period ({pages})")
    if traced:
        pages = page_list(f.page for f in traced)
        parts.append(f"{plural(len(traced), 'figure')} traced to where it came from ({pages})")
    if working:
        pages = page_list(f.page for f in working)
        parts.append(f"{plural(len(working), 'statement')} of how the work was done ({pages})")
    if steps:
        parts.append("counts kept or dropped at each step")
    if limits:
        parts.append(f"limits admitted ({page_list(f.page for f in limits)})")
    if access:
        parts.append("data offered for checking")
    if unsupported:
        pages = page_list(f.page for f in unsupported)
        parts.append(f"{plural(len(unsupported), 'completeness claim')} with no method ({pages})")

    items: list[tuple[int, str, str]] = []
    items += [
        (f.page, f.sentence, "claims completeness with no stated method") for f in unsupported
    ]
    items += [(f.page, f.sentence, "vague source") for f in vague]
    items += [(f.page, f.sentence, "selection rule") for f in rules[:2]]
    items += [(f.page, f.sentence, "named source with its period") for f in coverage[:1]]
    items += [(f.page, f.sentence, "figure traced to its source") for f in traced[:1]]
    items += [(f.page, f.sentence, f"names {_LABEL[f.kind]}") for f in named[:2]]
    items += [(f.page, f.sentence, "admits a limitation") for f in limits[:1]]
    items += [(f.page, f.sentence, "methods section") for f in methods[:1]]
    items += [(f.page, f.sentence, "counts at each selection step") for f in steps[:1]]
    items += [(f.page, f.sentence, "data available for checking") for f in access[:1]]

    signals = len({f.kind for f in stated})
    confidence = min(0.85, 0.3 + 0.07 * signals)
    return suggested(CRITERION, level, confidence, parts, items, counts=counts)


CHECK = Check(
    criterion=CRITERION,
    produces={"sources": SourceFinding},
    # Figures found by the denominators check also make the question apply.
    needs=("percentages", "vague_shares", "representation_claims"),
    detect=detect,
    suggest=suggest,
)
