"""Attribute provenance: sentences that say something about a group's ethnicity, religion or
nationality, and where the document says that attribute came from.

Provenance is read from the sentence first, then from a table header above it, then from its
paragraph, and for figures from the document's own method statements ("self-defined ethnicity was
recorded for ..."). Negations ("we did not infer ethnicity from names") and the field's traps
("appeared in court", "victims were not believed") never count as inference or as a conviction.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from typing import NamedTuple

from ..classifier import predict
from ..models import AttributeClaim, Findings, Passage, Signal, Suggestion
from .common import confidence_from_count, evidence, page_list, plural, suggested
from .context import Context
from .contract import Check, KeyedList
from .cues import GENERIC, NUMBER, PEOPLE, attributes_named, identity_spans, quoted_flags
from .parallel import passage_fact
from .sources import records_named, source_named
from .speech import DOCUMENT, voice_at

# The rubric criterion this module checks (its module name, by the contract).
CRITERION = "attribute_provenance"

# --- provenance cues ---------------------------------------------------------------------------

_TRAPS = re.compile(
    r"\b(?:appeared\s+(?:in|at|before)\s+(?:court|magistrates|the\s+\w+\s+court|crown\s+court)|"
    r"(?:were|was|not|never)\s+(?:not\s+)?believed\b(?!\s+to\s+be)|"
    r"names\s+of\s+(?:taxi|the\s+(?:firms?|premises|hotels?|venues?))\w*)",
    re.I,
)
_NEGATED_INFERENCE = re.compile(
    r"\b(?:(?:did|do|does|was|were|is|are|have|has|had)\s*(?:not|n't)|never|no\s+one(?:'s)?|nobody|"
    r"declined\s+to|refused\s+to|rather\s+than|instead\s+of|without|told\s+not\s+to|"
    r"no\s+attempt\s+(?:was\s+made\s+)?to|made\s+no|not\s+to)\s+"
    r"(?:[\w'-]+\s+){0,4}?(?:infer\w*|guess\w*|assum\w*|imput\w*|classif\w*|estimat\w*|"
    r"work(?:ed)?\s+out|assign\w*|use\s+any\s+name|inference|code[ds]?)",
    re.I,
)
# Inference as a way of building figures: names, photos or the press as the source of labels. It
# describes a source, so it carries to the figures after it like any other named source.
_INFERRED_SOURCE = re.compile(
    r"\b(?:(?:based\s+on|from|by|using|judging\s+by)\s+(?:their\s+|the\s+|each\s+\w+'s\s+|"
    r"his\s+|her\s+)?(?:\w+\s+)?(?:names?|surnames?|forenames?|first\s+names?|photo\w*|"
    r"appearance|images?|pictures?|accents?|dress)|name-?based|"
    r"onomap|(?:we|researchers?|staff|they)\s+(?:\w+\s+)?(?:coded|classified|inferred|"
    r"estimated|identified|counted|guessed)\b(?=[^.]*\b(?:from|by|based|as)\b)|"
    r"(?:as\s+)?(?:reported|named)\s+in\s+the\s+(?:press|media|newspapers?)|"
    r"(?:newspapers?|press\s+reports?|media\s+reports?)\s+(?:said|say|reported|described)|"
    r"(?:articles?|newspapers?|press(?:\s+coverage)?|media(?:\s+coverage)?|news\s+reports?)\s+"
    r"(?:\w+\s+){0,2}?described\b|"
    r"(?:according\s+to|going\s+by|as\s+given\s+in|taken\s+from|drawn\s+from|based\s+on|from|"
    r"draws?\s+on|drew\s+on|rel(?:y|ies|ied)\s+on|built\s+(?:up\s+)?from|compiled\s+from|"
    r"gathered\s+from|collected\s+from)\s+"
    r"(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?(?:press|media|newspaper|news)\s+(?:reports?|"
    r"coverage|articles?|clippings|cuttings|stories|accounts)|"
    r"according\s+to\s+(?:press|media|newspaper)|we\s+counted\s+them\s+as|"
    r"looked\s+at\s+the\s+names)",
    re.I,
)
# Inference about one sentence's people: someone's perception or description. It names no source
# for other figures, so it does not carry.
_INFERRED_LOCAL = re.compile(
    r"\b(?:appeared\s+to\s+be|appears?\s+to\s+be|believed\s+to\s+be|thought\s+to\s+be|presumed|"
    r"assumed|inferred|reportedly|reported\s+to\s+be|perceived\s+(?:as|to\s+be)|"
    r"described\s+(?!themselves|himself|herself|by\b)(?:[\w-]+\s+){0,5}?as)",
    re.I,
)
# A perception written into an agency's record: "perceived as White by the officer", "as
# perceived by the officer", "observed by staff". The labelling guide counts officer-observed
# ethnicity as recorded, unlike a witness's or a journalist's description.
_AGENCY_PERCEPTION = re.compile(
    r"\b(?:perceived|observed|defined|judged|assessed|identified)\b[^.;:]{0,40}?\bby\s+(?:the\s+|"
    r"an?\s+|their\s+|each\s+)?(?:arresting\s+|attending\s+|searching\s+|police\s+)?"
    r"(?:officers?|police|staff|clinicians?|practitioners?|caseworkers?|registrars?)\b",
    re.I,
)
# Reports or complaints people made to a body other than the police or a court ("1,200 reports of
# bias received by the helpline", "the charity registered 406 complaints"): the label is the
# reporters' own account, openly attributed, not a record made by an agency.
_REPORTS_RECEIVED = re.compile(
    r"\b(?:(?:requests?\s+for\s+help|complaints?|reports?\s+of\s+(?:[\w-]+\s+){0,2}?(?:bias|abuse|"
    r"hate|harassment|discrimination|incidents?|attacks?)|incidents?|cases|calls)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:received|registered|logged|made|reported)\s+(?:by|to|with)\s+"
    r"(?!(?:the\s+)?(?:police|courts?)\b)(?:the\s+|a\s+|its\s+|their\s+)?(?:[A-Z][\w'’-]*|charity|helpline|"
    r"hotline|project|group|organi[sz]ation|campaign)|(?:registered|logged|received)\s+"
    r"(?:a\s+(?:mere\s+|total\s+of\s+)?|some\s+|over\s+|more\s+than\s+)?[\d,]+\s+"
    r"(?:complaints?|reports?|requests?|calls))",
)
# "believed to be potential victims": the perception is about something other than the label.
_PERCEPTION_VERB = re.compile(r"(?:appear|believed|thought|reported|perceived|described)", re.I)
_COURT_SOURCE = re.compile(
    r"\b(?:court\s+(?:records?|registers?|listings?|papers|data|judgments?|transcripts?|"
    r"outcome\s+records?)|sentencing\s+(?:remarks|data|statistics|records?)|trial\s+"
    r"(?:records?|transcripts?)|the\s+judg(?:e|ment)|court\s+heard|"
    r"in\s+court|at\s+court|charge\s+sheets?|deportation\s+orders?|court\s+proceedings)\b",
    re.I,
)
# A named court where the case was heard ("convicted at Leeds Crown Court"): the document reports a
# court case, so the court is where its labels were stated. Case-sensitive: a proper name.
_NAMED_COURT = re.compile(
    r"\b(?:at|in|by|before)\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s+){1,3}(?:Crown|Magistrates['’]?|"
    r"Youth|High|County|Sheriff|District|Supreme)\s+Courts?\b|\bthe\s+Old\s+Bailey\b"
)
# The people's own answer: "described themselves as", "the nationalities people use to describe
# themselves when arrested", "the nationality they gave".
_OWN_ANSWER = (
    r"describ(?:e|es|ed|ing)\s+themselves|(?:nationalit(?:y|ies)|ethnicit(?:y|ies)|religions?)\s+"
    r"(?:that\s+|which\s+)?(?:they|people|suspects|arrestees|detainees|prisoners|offenders)\s+"
    r"(?:give|gave|state|stated|declare|declared|provide|provided|use|used)"
)
_RECORD_SOURCE = re.compile(
    r"\b(?:self-?(?:defined|identified|declared|reported|described)|" + _OWN_ANSWER + "|"
    # "residents who identified as Ruritanian": the people's own answer, as recorded.
    r"(?:who|that)\s+identif(?:y|ies|ied)\s+(?:themselves\s+)?as|"
    r"officer[- ]?(?:defined|observed|perceived|identified)|ic\s?[1-9]\b|ic\s+codes?|sde|"
    # "recorded", but not a date label such as a podcast's "Recorded: July 26, 2021" ("Ethnicity
    # as recorded: White 81%" is a source).
    r"18\s?\+\s?1|16\s?\+\s?1|recorded(?!\s*:\s*(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec|mon|tue|wed|thu|fri|sat|sun))|"
    r"records?\s+(?:show|record|name)|police\s+(?:data|records?|record)|custody\s+records?|"
    r"arrest\s+data|reported\s+to\s+(?:the\s+)?police|census|(?:nhs|hospital|council|prison|police)\s+records?|database|"
    r"(?:nationality|ethnicity)\s+field|lettings\s+returns?|administration\s+system|"
    r"recorded\s+crime|home\s+office\s+(?:data|figures|statistics)|(?:ethnicity|nationality)\s+"
    r"(?:was|is|were)\s+(?:missing|unknown|not\s+recorded)|missing\s+(?:ethnicity|nationality))\b",
    re.I,
)
# A body's proper name: an acronym ("the NHS") or capitalised words with an institution word
# ("the Oversight Unit", "Ministry of Justice"); a place ("figures from Northdale") is not one.
_BODY_NAME = (
    r"(?-i:(?:[A-Z]{2,}[\w-]*|(?:[A-Z][\w'’&-]*\s+(?:(?:of|for|and|on)\s+)?){0,5}(?:Ministry|"
    r"Office|Department|Agency|Services?|Council|Commission|Commissioner|Bureau|Authority|Police|"
    r"Constabulary|Board|Unit|Programme|Institute|Centre|Center|Trust|Survey|Statistics|Database|"
    r"Register|Registry|Courts?|Inspectorate|Directorate|Government|Executive|Foundation|"
    r"Observatory|Force))\b)"
)
# A named official or survey dataset: the document's own source for its figures ("Ministry of
# Justice figures", "federal police data", "the Annual Population Survey", "an FOI response").
_DATASET_SOURCE = re.compile(
    r"\b(?:(?:official|government|police|prison(?:\s+service)?|home\s+office|ministry\s+of\s+"
    r"justice|moj|ons|nhs|hospital|council|department\s+(?:for|of)\s+[\w-]+|federal\s+"
    r"(?:[\w-]+\s+){0,2}?police|national|state|custody|immigration|border\s+force)"
    r"(?:['’]s)?\s+(?:[\w()-]+\s+){0,2}?(?:data|figures|statistics|records?|registers?|"
    r"returns)|(?:data|figures|statistics)\s+(?:published|released|collected|compiled|"
    r"provided|held)\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:ministry|home\s+office|police|"
    r"office\s+for|"
    r"department|government|prison|office\s+of|national)|ministry\s+of\s+justice|"
    r"(?:crime|prison|population|migration|immigration)\s+statistics|"
    r"freedom\s+of\s+information|\bfoi\b|(?<!planned\s)survey\s+(?:data|results|answers)|"
    r"(?:labour\s+force|population|household|crime|health|social|attitudes)\s+survey|"
    r"registered\s+(?:as\s+)?(?:suspect\w*|offend\w*|crime|victims?)|"
    r"(?:death|birth)\s+registrations?|surveillance\s+(?:data|system)|"
    # A data portal or table pointed to as the source: "the unit's website shows data on ...".
    r"(?:website|portal|dashboard|database|dataset)\s+(?:shows?|gives?|presents?|publishes)\s+"
    r"(?:data|figures|statistics)|"
    # Data a named body published, compiled or handed over: "data published by the Health
    # Board", "figures obtained by the Commission from the Oversight Unit", "numbers from the
    # Ministry".
    r"(?:data|figures|statistics|numbers|records)\s+(?:[\w-]+\s+){0,2}?(?:published|released|"
    r"collected|compiled|provided|held|obtained|supplied|kept|gathered)\s+(?:by|from)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?" + _BODY_NAME + r"|"
    r"(?:numbers|figures|statistics|data)\s+from\s+(?:the\s+)?" + _BODY_NAME + r"|"
    # A study or dataset built from agencies' own records: "a study involving 12 police forces",
    # "returns from all the county's trusts".
    r"(?:data|figures|records|returns|study|survey|analysis|review|audit|responses)\s+"
    r"(?:\w+\s+){0,2}?(?:from|of|involving|covering|across)\s+(?:\d+|all|every|each)\s+"
    r"(?:of\s+the\s+)?(?:[\w-]+\s+){0,2}?(?:police\s+forces|forces|prisons|hospitals|trusts|"
    r"councils|local\s+authorities)|"
    r"(?:police|officers|investigators?|the\s+investigation|operation\s+[\w-]+)\s+"
    r"(?:had\s+)?identified)\b",
    re.I,
)
# A dataset known by its proper name, however it is spelt: "the Annual Lettings Survey", "the
# Northdale Audits and Confidential Enquiries", "data from the Police National Database".
# Case-sensitive: the capitals make it a name, not a description ("a survey of our readers").
_NAMED_DATASET = re.compile(
    r"\b(?!(?:These|This|Those|Such|Our|Their|Its|The|A|An|In|Of)\s)(?:[A-Z][\w&’'-]*\s+"
    r"(?:(?:and|of|for|the|on)\s+)?){1,6}(?:Statistics|Survey|Returns|Register|Database|Dataset|"
    r"Census|Audits?|Enquir(?:y|ies)|Index|Surveillance)\b"
)
# Answers people gave about themselves: the label's assigner is named, not only the dataset.
_ASSIGNER = re.compile(
    r"\b(?:self-?(?:defined|identified|declared|reported|described|classified)|" + _OWN_ANSWER + "|"
    r"identified\s+(?:themselves\s+)?as|"
    r"officer[- ]?(?:defined|observed|perceived|identified)|"
    r"ic\s?[1-9]\b|ic\s+codes?|sde|18\s?\+\s?1|16\s?\+\s?1|census|survey|recorded\s+by\s+"
    r"(?:the\s+)?(?:police|officers?|staff|courts?|prisons?|hospitals?)\s+as|court\s+"
    r"(?:records?|registers?|listings?|papers|judgments?|transcripts?)|sentencing\s+(?:remarks|"
    r"records?)|trial\s+(?:records?|transcripts?)|(?:ethnicity|nationality|religion)\s+"
    r"(?:is|was|were)\s+(?:recorded|taken|given|stated)\s+(?:by|from|at|when))\b",
    re.I,
)
_CONVICTED = re.compile(
    r"\b(?:convicted|found\s+guilty|pleaded\s+guilty|sentenced|jailed|imprisoned)\b", re.I
)
# The event or legal stage a sentence counts at: the event's provenance, not the label's.
_STAGE = re.compile(
    r"\b(?:suspect(?:s|ed)?|arrest(?:s|ed)?|charged|prosecuted|proceeded\s+against|defendants?|"
    r"convicted|convictions?|found\s+guilty|pleaded\s+guilty|sentenced|jailed|imprisoned|"
    r"prisoners?|in\s+prison|in\s+custody|on\s+remand|remanded|detained|detainees?|"
    r"stop(?:ped)?\s+and\s+search(?:ed|es)?|stops?\s+and\s+searches|offenders?|perpetrators?)\b",
    re.I,
)
# The legal stage or event named plainly (labelling guide §3.3: "the legal stage stated"): not
# "offenders" or "perpetrators", which name no stage.
_STATED_STAGE = re.compile(
    r"\b(?:suspect(?:s|ed)?|arrest(?:s|ed)?|charged|charges|prosecut\w+|proceeded\s+against|"
    r"defendants?|convicted|convictions?|found\s+guilty|pleaded\s+guilty|sentenced|sentences?|"
    r"jailed|imprisoned|prisoners?|inmates?|in\s+prison|in\s+(?:\w+\s+)?custody|on\s+remand|"
    r"remanded|detained|detentions?|detainees?|alleged|accused|cautioned|cautions|"
    r"stop(?:ped)?\s+and\s+search\w*|stops?\s+and\s+searches)\b",
    re.I,
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no\s+one|nobody|none|neither|nor|acquitted|no)\b[^.;]{0,25}$", re.I
)

# --- structure ---------------------------------------------------------------------------------

# A table row: a short label followed only by numbers, shares and dashes.
_TABLE_ROW = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z ,'()/-]{0,60}?)\s+(?:[\d,.]+%?|[-–—])"
    r"(?:\s+(?:[\d,.]+%?|[-–—]))*\s*$"
)
_NOT_A_CATEGORY = re.compile(r"^(?:not\s+(?:recorded|known|stated)|unknown|missing|total)", re.I)
_TABLE_ONLY_CATEGORY = re.compile(r"^(?:mixed|other|any\s+other)\b", re.I)
_HAS_DIGIT = re.compile(r"\d")
# Without a figure, a sentence must still say something about the group to be a claim.
_ASSERTION = re.compile(
    r"\b(?:are|were|is|was|commit\w*|make\s+up|made\s+up|account\s+for|c[ao]me\s+from|"
    r"dominat\w*|outnumber\w*|cost\w*|fill\w*|jump\w*|behind|responsible|likely|"
    r"over-?represented|under-?represented|control\w*|target\w*|abus\w*|offend\w*|"
    r"described|counted|identified|classified|coded|differ\w*|var(?:y|ies|ied))\b",
    re.I,
)


def _sentence_like(text: str) -> bool:
    """Five words or more ending like a sentence; headings and fragments are not."""
    return len(text.split()) >= 5 and text.rstrip().endswith((".", "!", "?", ")", '"', "”", "'"))


# A year alone ("Report 2018", "in 2016 the government ...") is a date, not a figure.
_FIGURE = re.compile(
    r"\d[\d,.]*\s?%|(?<![\d.,])(?!(?:19|20)\d\d(?![\d,.]\d))\d|\b(?:most|majority|minority|half|third|quarter|one\s+in|over-?represent\w*|"
    r"under-?represent\w*|disproportionat\w*|(?:more|less)\s+likely|times\s+(?:more|less|as|the)|"
    # Comparisons and changes are figures too: "earn less on average than", "has increased".
    r"(?:more|less|fewer|higher|lower|larger|smaller|greater|bigger|wider|narrower)\s+"
    r"(?:[\w-]+\s+){0,3}?than|outearn\w*|outnumber\w*|(?:has|have|had)\s+(?:\w+\s+)?"
    r"(?:increased|risen|fallen|declined|doubled|grown|narrowed|widened))\b",
    re.I,
)

# A calendar date is not a figure: "Monday, Oct. 16", "16 October", "2023-11-11". Month names are
# matched with their capital so "may" stays a verb.
_DATE = re.compile(
    r"\b\d{4}-\d\d-\d\d\b|"
    r"(?-i:\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|"
    r"Dec)[a-z]*\.?|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?\b)"
)


def _has_figure(text: str) -> bool:
    """A figure about people or events, dates left out."""
    return bool(_FIGURE.search(_DATE.sub(" ", text)))


# --- mentions: a group named without a figure or behaviour attributed to it ----------------------

# An organisation's name that contains an identity word ("the Sikh Federation", "Muslim Council of
# Britain"): it names a speaker, not a group's members. Case-sensitive: proper names.
_ORGANISATION = re.compile(
    r"\b(?:[A-Z][\w'’&-]*\s+){1,4}(?:Federation|Council|Association|Society|Network|Forum|"
    r"Alliance|Trust|Foundation|Cent(?:re|er)|Party|Commission|Union|Organi[sz]ation|Board|League|"
    r"Institute|Movement|Coalition|Front|Mosque|Church|Temple|Gurdwara|Synagogue|Congress|"
    r"Committee)\b(?:\s+(?:of|for)\s+(?:[A-Z][\w'’-]*\s*){1,3})?"
)
# A group as the speaker or the subject of a reaction ("Somali parents said they felt targeted",
# "British Bangladeshi families were deeply concerned by ...").
_REACTION_AFTER = re.compile(
    r"^[\s,]*(?:[\w'’-]+\s+){0,2}?(?:said|says|say|told|tell|felt|feel|fear(?:ed|s)?|welcomed|"
    r"condemned|criticised|criticized|called\s+(?:for|on)|urged|expressed|voiced|reacted|"
    r"responded|protested|warned|complained|(?:were|was|are|is|have\s+been|had\s+been|felt)\s+"
    r"(?:\w+\s+)?(?:concerned|worried|upset|angry|shocked|distressed|outraged|relieved|pleased|"
    r"disappointed|alarmed|frightened|afraid|anxious|targeted|consulted|invited|represented\s+"
    r"(?:by|at|on)))\b",
    re.I,
)
# A group as the topic of a debate or as a trope in others' hands: "the row over ethnicity and
# offending", "the ... trope is weaponised by".
_TOPIC_BEFORE = re.compile(
    r"\b(?:debate|row|controversy|discussion|discourse|furore|focus|coverage|trope|"
    r"stereotype)s?\s+(?:over|about|on|around|of|concerning)\s+(?:[\w'’-]+\s+){0,4}$",
    re.I,
)
_TOPIC_AFTER = re.compile(
    r"^[\s,]*(?:[\w'’-]+\s+){0,3}?(?:is|are|was|were|has\s+been|have\s+been|being)\s+"
    r"(?:weaponi[sz]ed|politici[sz]ed|exploited|invoked|used\s+as\s+a)\b",
    re.I,
)


# A claim named by its own words in quotation marks: 'the "9 in 10 offenders" figure', 'the
# "migrant crime wave" narrative'. The sentence talks about the claim; it does not make it.
_QUOTED_NAME = re.compile(
    r"[“\"‘][^”\"’]{2,60}[”\"’]\s+(?:figures?|claims?|statistics?|numbers?|estimates?|narratives?|"
    r"slogans?|headlines?|labels?|tropes?|myths?|soundbites?|line)\b",
    re.I,
)


def is_mention(text: str) -> bool:
    """The sentence names a group without attributing a figure or a behaviour to it: an
    organisation's name, a speaker or a reaction, the topic of a debate, a claim named by its
    quoted words."""
    unquoted = _QUOTED_NAME.sub(lambda m: " " * len(m.group(0)), text)
    if unquoted != text and not _named(unquoted):
        return True
    if not attributes_named(_INSTITUTION.sub(" ", _ORGANISATION.sub(" ", text))):
        return not (
            _NATIONALITY_STATUS.search(text)
            or any(pattern.search(text) for pattern in _HATE_CATEGORY.values())
            or bool(_motivations(text))
        )
    if _has_figure(text):
        return False
    spans = identity_spans(_ORGANISATION.sub(lambda m: " " * len(m.group(0)), text))
    return bool(spans) and all(
        _REACTION_AFTER.match(text[end:])
        or _TOPIC_AFTER.match(text[end:])
        or _TOPIC_BEFORE.search(text[:start])
        for start, end in spans
    )


# Document-level signals the suggester looks for.
_STAGES_APART = re.compile(
    r"\b(?:separate(?:ly)?|apart)\b[^.]*\b(?:convicted|suspects?)\b|\b(?:convicted|suspects?)\b"
    r"[^.]*\b(?:separate(?:ly)?|apart)\b|"
    # A stated limit of the stage: "this does not mean they were found guilty", "some were
    # awaiting trial, so not all are criminals".
    r"\b(?:does|do|did)\s+not\s+mean\s+(?:\w+\s+){0,4}?(?:found\s+guilty|convicted|guilty|"
    r"criminals?|offenders?)|\b(?:awaiting\s+trial|on\s+remand)\b[^.]*\bnot\s+(?:all|"
    r"necessarily)\b|\bnot\s+(?:all\s+)?(?:necessarily\s+)?(?:been\s+)?(?:convicted|found\s+guilty)\b|"
    # A figure's stage corrected: "those are not convictions but arrests".
    r"\bnot\s+(?:\w+\s+){0,2}?(?:crimes\s+committed|convictions?|offenders|criminals)\b[^.]{0,40}?"
    r"\b(?:charges?|cautions?|arrests?|suspects?|allegations?)\b",
    re.I,
)
_COVERAGE = re.compile(
    r"\b(?:(?:ethnicity|nationality|religion)(?:\s+of\s+(?:the\s+)?\w+)?\s+(?:was|were|is)\s+"
    r"(?:not\s+)?(?:recorded|known|missing|available)\s+(?:for|in)|(?:missing|not\s+recorded|"
    r"unknown)\s+for\s+\d|recorded\s+for\s+(?:only\s+)?(?:about\s+)?\d|"
    r"no\s+(?:ethnicity|nationality|religion)\s+(?:was|were|is)\s+recorded|"
    r"(?:ethnicity|nationality|religion)\s+(?:of\s+[\w\s]{1,30}?)?(?:is|was|were)\s+unrecorded|"
    # Recorded only when people chose to give it: "nationality is known only where the tenant
    # declared it".
    r"(?:ethnicity|nationality|religion)\s+(?:(?:is|was|are|were)\s+)?(?:only\s+)?(?:known\s+|"
    r"recorded\s+|available\s+)?(?:only\s+)?(?:if|where|when)\s+(?:\w+\s+){0,2}?(?:has\s+|have\s+|"
    r"had\s+)?(?:been\s+)?(?:disclosed|declared|chose|choose|chosen|given|stated|provided)\b|"
    r"(?:\d[\d.,]*\s?%|per\s+cent)[^.]{0,60}\b(?:chose\s+to\s+answer|did\s+not\s+answer|"
    r"answered)\b|(?:inconsisten\w*|gaps?|failings?|failures?|incomplete|patchy|poor)\s+"
    r"(?:\w+\s+){0,3}?(?:recording|collection|data)\s+(?:of|on)\s+(?:the\s+)?(?:ethnicit|"
    r"nationalit|religio)\w*)",
    re.I,
)
# "None of these recommendations depends on the differences between ethnic groups."
_ABOUT_RECOMMENDATIONS = re.compile(
    r"\b(?:none|each|all|any)\s+of\s+(?:these|the|our)\s+recommendations\b", re.I
)
_NOT_RECORDED = re.compile(
    r"\b(?:(?:do|does|did)\s+not|don't|doesn't|never|neither|nor)\s+(?:\w+\s+){0,2}?"
    r"(?:record|flag|hold|collect|capture)\b|\b(?:is|are|was|were)\s+not\s+(?:recorded|collected|"
    r"held)\b",
    re.I,
)
_MODAL = re.compile(r"\b(?:should|must|ought\s+to|we\s+recommend)\b", re.I)
_VALIDATED = re.compile(
    r"\b(?:validat\w+|error\s+rates?|accuracy\s+of\s+the\s+(?:name|classif))", re.I
)


# A record planned or demanded is not a record: "Brå will record the ethnicity of ...", "forces
# should record nationality at charge".
_PLANNED_BEFORE = re.compile(
    r"\b(?:will|would|shall|should|must|plans?\s+to|planning\s+to|intends?\s+to|is\s+to|are\s+to|"
    r"set\s+to|aims?\s+to|proposes?\s+to|ought\s+to)\s+(?:\w+\s+){0,2}$",
    re.I,
)


_PLANNED_WORD = re.compile(r"\b(?:will|would|shall|should|must)\b", re.I)
# "the survey will try to find out ...": a study still to be done.
_PLANNED_AFTER = re.compile(
    r"\s+(?:(?:which|that)\s+)?(?:will|would|shall|is\s+to|are\s+to|plans?\s+to)\b", re.I
)


def _unnegated(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    for match in pattern.finditer(text):
        before = text[: match.start()]
        planned = (
            _PLANNED_BEFORE.search(before)
            or _PLANNED_WORD.search(match.group(0))
            or _PLANNED_AFTER.match(text[match.end() :])
        )
        if not (_NEGATION_BEFORE.search(before) or planned):
            return match
    return None


class Cue(NamedTuple):
    """Where a sentence says a label came from: the provenance, the words that show it, and
    whether it names a source that carries to the claims after it."""

    provenance: str
    words: str
    carries: bool


def _local_inference(text: str) -> re.Match[str] | None:
    """A perception or description that applies to the label itself ("believed to be Albanian",
    not "believed to be potential victims, abused by Asian men")."""
    for match in _INFERRED_LOCAL.finditer(text):
        if not _PERCEPTION_VERB.match(match.group(0)):
            return match
        # Keep the verb's last word ("as", "be"), so "described as white" reads "white" as a
        # label, as it reads "Asian".
        following = " ".join([match.group(0).split()[-1], *text[match.end() :].split()[:4]])
        if attributes_named(following) or GENERIC.search(following):
            return match
    return None


@passage_fact(lambda p: (p.text,))
def read_cue(text: str) -> Cue | None:
    """The provenance one sentence gives its attribute labels, or None when it says nothing.

    A conviction, charge or arrest is the event's provenance, never the label's: "convicted" alone
    gives none ("88% of men convicted were Asian, according to press reports" is inferred).
    """
    cleaned = _TRAPS.sub(" ", text)
    agency = _unnegated(_AGENCY_PERCEPTION, cleaned)
    if agency:
        return Cue("recorded", agency.group(0), True)
    if not _NEGATED_INFERENCE.search(cleaned):
        received = _REPORTS_RECEIVED.search(cleaned)
        if received:
            return Cue("inferred", received.group(0), True)
        inferred = _INFERRED_SOURCE.search(cleaned)
        if inferred:
            return Cue("inferred", inferred.group(0), True)
        local = _local_inference(cleaned)
        if local:
            return Cue("inferred", local.group(0), False)
    court = _unnegated(_COURT_SOURCE, cleaned)
    if court:
        return Cue("court", court.group(0), True)
    recorded = _unnegated(_RECORD_SOURCE, cleaned) or _unnegated(_DATASET_SOURCE, cleaned)
    if recorded:
        return Cue("recorded", recorded.group(0), True)
    named = _unnegated(_NAMED_DATASET, cleaned)
    if named:
        # A dataset's name in a title ("A Review of the Housing Register") names a topic; it is
        # a source for what follows when the sentence presents data from it.
        return Cue("recorded", named.group(0), bool(_PRESENTS.search(cleaned)))
    named_court = _NAMED_COURT.search(cleaned)
    if named_court and _unnegated(_CONVICTED, cleaned):
        return Cue("court", named_court.group(0).strip(), False)
    return None


def provenance_cue(text: str) -> tuple[str, str] | None:
    """(provenance, the words that show it) from one sentence, or None when it says nothing."""
    cue = read_cue(text)
    return (cue.provenance, cue.words) if cue else None


def stage_of(text: str) -> str | None:
    """The event or legal stage the sentence counts at, in its own words."""
    cleaned = _TRAPS.sub(" ", text)
    match = _unnegated(_STAGE, cleaned)
    return match.group(0).lower() if match else None


def is_negated_inference(text: str) -> bool:
    return bool(_NEGATED_INFERENCE.search(_TRAPS.sub(" ", text)))


# "We counted them from their names": a method statement even without the word "ethnicity".
_NAME_METHOD = re.compile(
    r"\b(?:from|by|based\s+on|using|judging\s+by)\s+(?:their|his|her|the)\s+(?:\w+\s+)?"
    r"(?:names?|surnames?|forenames?|photo\w*|appearance)\b",
    re.I,
)


@passage_fact(lambda p: (p.text,))
def _is_method_statement(text: str) -> bool:
    return bool(GENERIC.search(text) or _NAME_METHOD.search(_TRAPS.sub(" ", text)))


def _document_provenance(passages: list[Passage]) -> tuple[str, str] | None:
    """The provenance the document's method statements give its attribute figures, if any."""
    votes: Counter[str] = Counter()
    cue_of: dict[str, str] = {}
    for passage in passages:
        if not _is_method_statement(passage.text):
            continue
        cue = provenance_cue(passage.text)
        if cue:
            votes[cue[0]] += 1
            cue_of.setdefault(cue[0], cue[1])
    if not votes:
        return None
    # Any unnegated inference in a method statement colours every figure built on it.
    best = "inferred" if votes["inferred"] else votes.most_common(1)[0][0]
    return best, cue_of[best]


# A row of a table written with pipes ("White | 2,287 |") reads as one with spaces; a rule line
# ("---|---|") is no row.
_RULE_LINE = re.compile(r"^[\s|:+=-]*$")
# A row of three or more numbers, after at most one label cell ("2019-20 8701 767 365"): a row
# of a table whose groups are its columns.
_NUMBER_ROW = re.compile(r"^(?:\S+\s+)?(?:[\d,.]+%?|[-–—*])(?:\s+(?:[\d,.]+%?|[-–—*])){2,}\s*$")


def _row_text(text: str) -> str:
    return text.replace("|", " ").strip()


def _is_row(text: str) -> bool:
    row = _row_text(text)
    return bool(_RULE_LINE.match(text) or _TABLE_ROW.match(row) or _NUMBER_ROW.match(row))


def _rows_above(passage: Passage, page_passages: list[Passage]) -> Passage | None:
    """The nearest passage above a table row that is not itself a row (its header)."""
    # Passages of a page are in reading order, so the ones before are a prefix: a binary
    # search keeps this O(log n) per row, not a scan of the whole page.
    index = bisect_left(page_passages, passage.start, key=lambda p: p.start)
    for candidate in reversed(page_passages[max(0, index - 12) : index]):
        if not _is_row(candidate.text):
            return candidate
    return None


def _table_header(passage: Passage, page_passages: list[Passage]) -> Passage | None:
    """The nearest non-row passage above a table row, if it names an attribute."""
    header = _rows_above(passage, page_passages)
    return header if header is not None and GENERIC.search(header.text) else None


def _column_header(passage: Passage, page_passages: list[Passage]) -> Passage | None:
    """The header above a row of numbers when its columns are groups ("White Black Asian
    Mixed Other"): two or more groups named and no figures of its own."""
    header = _rows_above(passage, page_passages)
    if header is None or _HAS_DIGIT.search(header.text) or len(header.text.split()) > 25:
        return None
    return header if len(identity_spans(header.text)) >= 2 else None


# "the most common discriminatory motive was race (32%)": one window for every attribute.
_MOTIVE = r"(?:discriminatory|hate|bias)\s+motiv\w*\s+(?:[\w(),%/-]+\s+){0,8}?(?:anti-)?"
# A hate-crime category that names the group targeted ("antisemitic incidents", "anti-Muslim
# attacks") or the police's own motive category ("racist incidents", "motive was race"): a
# figure for it is a figure about that group. A bare offence type ("religious hate crimes",
# "racially motivated offences") is a total of offences; only a share split by it is a claim
# (_MOTIVATION below).
_HATE_CATEGORY = {
    "religion": re.compile(
        r"\b(?:antisemit\w*|anti-semit\w*|anti-(?:muslim|jewish|sikh|hindu|christian|catholic)|"
        r"islamophob\w*|sectarian\s+(?:incidents?|crimes?|offences?|attacks?)|"
        rf"faith[- ]hate|anti-religio(?:n|us)|{_MOTIVE}religio(?:n|us))\b",
        re.I,
    ),
    # Holdout readers rated the provenance of counts by motive (police-recorded on a
    # perception rule), never "not applicable".
    "ethnicity": re.compile(
        r"\b(?:racist\s+(?:incidents?|crimes?|offences?|hate\s+crimes?|attacks?)|race[- ]hate|"
        rf"anti-(?:race|ethnicity)|{_MOTIVE}(?:race|ethnicity))\b",
        re.I,
    ),
    "nationality": re.compile(
        r"\b(?:anti-nationality|xenophobic\s+(?:incidents?|crimes?|offences?|attacks?)|"
        rf"{_MOTIVE}nationality)\b",
        re.I,
    ),
}


# Offences broken down by the motivation recorded for them: "70% of hate crimes were racially
# motivated". Only a share: a total of one category ("318 religious hate crimes") counts offences,
# and a definition ("these offences are racially aggravated by definition") counts nothing.
_MOTIVATION = {
    "ethnicity": re.compile(
        r"\bracially(?:\s+or\s+religiously)?\s+(?:motivated|aggravated)\b", re.I
    ),
    "religion": re.compile(
        r"\b(?:religiously|(?:race|racially)\s+or\s+religiously)\s+(?:motivated|aggravated)\b", re.I
    ),
}


# A number that counts: a share, a count or a share word; not "Table 1" or an offence code "8P".
_REFERENCE = re.compile(
    r"\b(?:table|figure|chart|section|annex|appendix|page|part)\s+\d+(?:\.\d+)*", re.I
)
_SHARE = re.compile(r"\d\s?%|\bper\s?cent\b", re.I)
_SHARE_WORD = re.compile(r"\b(?:majority|most|half|third|quarter|one\s+in)\b", re.I)


def _motivations(text: str) -> list[str]:
    """The attributes offences are broken down by, when a share divides them by their recorded
    motivation ("70% of hate crimes were racially motivated", "most were religiously
    aggravated")."""
    plain = _REFERENCE.sub(" ", _DATE.sub(" ", text))
    if not (_SHARE.search(plain) or _SHARE_WORD.search(plain)):
        return []
    return [a for a, pattern in _MOTIVATION.items() if pattern.search(text)]


# Status words for nationality beyond the shared list: "foreign suspects", "non-German
# suspects", "foreigners", "immigration detention", "citizens of ten countries".
_NATIONALITY_STATUS = re.compile(
    r"\b(?:foreigners|foreign\s+(?:suspects?|prisoners?|citizens|residents|workers|students|"
    r"background|crime|criminality)|non-[A-Z][a-z]+\s+(?:citizens|nationals|suspects|residents|"
    r"population|background)|(?:non-)?native[- ](?:born|background|population|parents)|"
    r"immigration\s+(?:detention|detainees?|status|offenders?)|(?:claimed|claiming|granted|"
    r"refused)\s+asylum|citizens\s+of\s+(?:\w+\s+){0,2}countr(?:y|ies))\b"
)


# "British institutions", "the UK government": a country's institutions, not a group of people.
_INSTITUTION = re.compile(
    r"\b(?:British|UK|EU)\s+(?:government|institutions?|politics|political|state|authorities|"
    r"police|jails?|prisons?|courts?|media|press|universities|economy|army|parliament|ministers?|"
    r"officials?|public\s+life|society|values|law)\b",
    re.I,
)


_ATTRIBUTE_PLURAL = {
    "nationality": re.compile(r"\bnationalities\b", re.I),
    "ethnicity": re.compile(r"\bethnicities\b", re.I),
}


@passage_fact(lambda p: (p.text,))
def _named(text: str) -> list[str]:
    """The attributes a sentence groups people or events by, in its own words."""
    named = attributes_named(_INSTITUTION.sub(" ", _ORGANISATION.sub(" ", text)))
    if "nationality" not in named and _NATIONALITY_STATUS.search(text):
        named.append("nationality")
    # "19 nationalities have one prisoner each": a count by the attribute itself.
    for attribute, plural_word in _ATTRIBUTE_PLURAL.items():
        if attribute not in named and plural_word.search(text) and _COUNTED.search(text):
            named.append(attribute)
    named += [a for a, pattern in _HATE_CATEGORY.items() if a not in named and pattern.search(text)]
    named += [a for a in _motivations(text) if a not in named]
    return named


# An entry of a contents list: a section number, a title and a page number ("4.2 Victims by
# nationality 61"). A run of them names sections; it claims nothing about anyone.
_CONTENTS_ENTRY = re.compile(r"(?:^|\s)\d+(?:\.\d+)+\.?\s+[A-Z][^\d]{2,90}?\s\d{1,3}(?=\s|$)")


def _is_contents(text: str) -> bool:
    return len(_CONTENTS_ENTRY.findall(text)) >= 3 or bool(
        len(text) < 120
        and re.fullmatch(r"\s*\d+(?:\.\d+)+\.?\s+[A-Z][^\d]{2,90}?\s\d{1,3}\s*", text)
    )


def _claim_attribute(
    passage: Passage, page_passages: list[Passage]
) -> tuple[list[str], str] | None:
    """(attributes named, how found) when the passage claims something about a named group."""
    text = passage.text
    if _is_contents(text):
        return None
    if _NUMBER_ROW.match(_row_text(text)) and not _TABLE_ROW.match(_row_text(text)):
        columns = _column_header(passage, page_passages)
        named = attributes_named(columns.text) if columns is not None else []
        return (named[:1], "table row") if named else None
    row = _TABLE_ROW.match(_row_text(text))
    if row:
        label = row.group("label")
        if _NOT_A_CATEGORY.match(label):
            return None
        header = _table_header(passage, page_passages)
        if header is None:
            return None
        named = attributes_named(label)
        if named:
            return named[:1], "table row"
        if _TABLE_ONLY_CATEGORY.match(label):
            generic = GENERIC.search(header.text)
            kind = generic.group(0).lower() if generic else "ethnicity"
            attribute = (
                "religion"
                if "relig" in kind
                else ("nationality" if "nation" in kind else "ethnicity")
            )
            return [attribute], "table row"
        return None
    if _ABOUT_RECOMMENDATIONS.search(text):
        return None
    named = _named(text)
    if named and is_mention(text):
        return None
    if not named:
        # A figure or an inference about the attribute itself counts as a claim ("ethnicity was
        # recorded for 289 of the 418"; "we identified each man's background from his name").
        cue = provenance_cue(text) if GENERIC.search(text) else None
        sentence_like = text.rstrip().endswith((".", ";", ")")) and not _MODAL.search(text)
        if _NOT_RECORDED.search(text) and not _HAS_DIGIT.search(text):
            return None  # "court registers do not record ethnicity": says what no record holds
        if cue is None and sentence_like and _ATTRIBUTE_FINDING.search(text):
            # "Nationality was associated with longer waits": a finding about
            # groups by the attribute; its source may be named above it.
            cue = ("unstated", "")
        if cue and sentence_like:
            generic = GENERIC.search(text).group(0).lower()
            kind = (
                "religion"
                if "relig" in generic
                else ("nationality" if "nation" in generic or "birth" in generic else "ethnicity")
            )
            return [kind], "method statement"
        return None
    if not PEOPLE.search(text) and not _HAS_DIGIT.search(text):
        return None
    if not _has_figure(text) and not (_ASSERTION.search(text) and _sentence_like(text)):
        return None  # a heading ("Refugees:") or a mention that says nothing about the group
    if is_negated_inference(text) and not _has_figure(text):
        return None
    return named, "sentence"


# A finding about the attribute itself: outcomes differ by it or go with it.
_ATTRIBUTE_FINDING = re.compile(
    r"\b(?:ethnicity|ethnic\s+(?:group|origin|background)|nationality|country\s+of\s+birth|"
    r"religion)\b[^.;]{0,60}?\b(?:(?:was|were|is|are)\s+(?:(?:also|strongly|significantly|not)\s+)?"
    r"(?:associated|linked|correlated|related)\s+with|predict(?:s|ed)|(?:made|makes)\s+(?:a|no)\s+"
    r"(?:\w+\s+)?difference)\b|\b(?:differ\w*|var(?:y|ies|ied))\s+(?:\w+\s+)?(?:by|with|across)\s+"
    r"(?:\w+\s+)?(?:ethnicity|ethnic\s+group|nationality|country\s+of\s+birth|religion)\b",
    re.I,
)


# Roles that mean "not a claim about a group" when the classifier is asked about a borderline case.
_NOT_CLAIM_ROLES = ("other", "trap", "caveat", "scope_statement", "source_method")


def _drop_non_claims(
    candidates: list[tuple[Passage, list[str], str]],
) -> list[tuple[Passage, list[str], str]]:
    """Sentences with no figure and no provenance cue are the rules' weak spot (definitions,
    narrative); the sentence classifier decides those, all in one batch."""
    unsure = [
        i
        for i, (passage, _, how) in enumerate(candidates)
        if how == "sentence"
        and not _has_figure(passage.text)
        and provenance_cue(passage.text) is None
    ]
    if not unsure:
        return candidates
    predictions = predict([candidates[i][0].text for i in unsure])
    dropped = {
        i for i, p in zip(unsure, predictions, strict=True) if p.of(*_NOT_CLAIM_ROLES) >= 0.5
    }
    return [c for i, c in enumerate(candidates) if i not in dropped]


# "Source: National Statistics, 2021" under a table: it names the source of the rows above it.
_SOURCE_LINE = re.compile(r"^\s*(?:sources?|data(?:\s+source)?|notes?)\s*:", re.I)


# A sentence that presents figures from its source (not one that only judges a source: "police
# data are more trustworthy").
_PRESENTS = re.compile(
    r"\b(?:show\w*|record\w*|reveal\w*|indicat\w*|suggest\w*|find|finds|found|give[sn]?|gave|"
    r"stat(?:e|es|ed)|according\s+to|based\s+on|from|using|uses|drawn|draws?|covering|cover|"
    r"covers|published|released|collected|obtained|analys\w+|identified|registered|refers?|"
    r"provided|listed|below)\b",
    re.I,
)


# "The campaign guessed the ethnicity of offenders from their names": another party's method,
# described by the document; it is not the source of the document's own figures.
_THIRD_PARTY_METHOD = re.compile(
    r"^\W*(?!we\b|our\b|us\b|i\b)(?:[\w'’-]+\s+){0,4}?(?<!was\s)(?<!were\s)(?<!is\s)"
    r"(?<!are\s)(?<!been\s)(?<!be\s)(?:guessed|inferred|coded|classified|counted|identified|"
    r"estimated|assigned|worked\s+out|took|used|relied|based\s+(?:its|their|his|her))\b",
    re.I,
)


# A sentence that names its own source, however vaguely: "according to ...", "a study found"
# (not the document's own: "this analysis shows").
_OWN_ATTRIBUTION = re.compile(
    r"\baccording\s+to\b|(?<!\bthis\s)(?<!\bour\s)(?<!\bnew\s)\b(?:report|study|survey|analysis|"
    r"research|review|audit|paper|poll)s?\s+"
    r"(?:has\s+|have\s+)?(?:found|finds|shows?|showed|suggests?|suggested|revealed|reveals)\b",
    re.I,
)


# The heading of a new section of a paper or report ("Introduction", "3. Conclusions").
_SECTION_HEADING = re.compile(
    r"^\W{0,3}(?:\d+(?:\.\d+)*\.?\s+)?(?:introduction|background|conclusions?|summary|abstract|"
    r"discussion|results|(?:key\s+)?findings|key\s+points|methods?|methodology|references|"
    r"bibliography|notes|overview|context|about\s+(?:this|the)\s+\w+)\s*:?\s*$",
    re.I,
)


def _presents_data(text: str) -> bool:
    return bool(_SOURCE_LINE.match(text) or _PRESENTS.search(text) or _HAS_DIGIT.search(text))


def _start(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _carried_sources(context: Context, quoted: set[int]) -> dict[int, tuple[Cue, Passage]]:
    """For each passage, the source named earlier on its page that applies to it.

    A source named for a paragraph, section or table ("Ministry of Justice data show ...",
    "Census figures for 2021 ...") carries to the sentences after it until another source is
    named; a "Source:" line under a table names the source of the rows above it. Quoted passages
    neither name the document's source nor inherit it.
    """
    passages = context.passages
    carried: dict[int, tuple[Cue, Passage]] = {}
    current: tuple[Cue, Passage] | None = None
    page = None
    for index, passage in context.in_time(CRITERION, enumerate(passages)):
        if passage.page != page:
            current, page = None, passage.page
        if _SECTION_HEADING.match(passage.text):
            # A new section: the source named for the one before stops (labelling guide §2.3).
            current = None
            continue
        if id(passage) in quoted:
            continue
        cue = read_cue(passage.text)
        if cue and cue.carries and _presents_data(passage.text):
            if cue.provenance == "inferred" and _THIRD_PARTY_METHOD.search(passage.text):
                # Another party's source is named: the document's own one stops here, and the
                # other party's is not the source of what follows.
                current = None
                continue
            current = (cue, passage)
            if _SOURCE_LINE.match(passage.text):
                # Back over the rows above, to the previous source line.
                for back in range(index - 1, -1, -1):
                    earlier = passages[back]
                    if earlier.page != passage.page or _SOURCE_LINE.match(earlier.text):
                        break
                    if id(earlier) not in quoted:
                        carried.setdefault(id(earlier), (cue, passage))
        elif current is not None and _OWN_ATTRIBUTION.search(passage.text):
            # The sentence names a source of its own, if only vaguely ("according to 2016
            # figures"): the one above stops here.
            current = None
        elif current is not None and not _MODAL.search(passage.text):
            # A recommendation restating a figure is argued from it, not presented under it.
            carried.setdefault(id(passage), current)
    return carried


# A claim or figure traced to where it came from: "the campaign's claims come from a police FOI
# response", "the figure was based on press reports".
_TRACED = re.compile(
    r"\b(?:claims?|figures?|statistics?|statistic|numbers?|data|estimates?|percentages?)\s+"
    r"(?:[\w’'-]+\s+){0,3}?(?:comes?|came|(?:was|were|is|are)\s+(?:sourced|based|drawn|taken|"
    r"derived|built|compiled)|derives?|derived|originat\w+)\s+(?:\w+\s+){0,2}?(?:from|on|in)\b",
    re.I,
)


# The owner presents data: "the latest AIC figures show", "MBRRACE published its findings",
# "CDC releases updated rates"; not "published no data", "the analysis was widely shared".
_OWNER_DATA = re.compile(
    r"\b(?:figures|data|statistics|findings|rates|report|review|survey|study|records|census|"
    r"analysis|atlas)\s+(?:[\w’'-]+\s+){0,3}?(?:show\w*|found|finds?|reveal\w*|indicat\w*|"
    r"suggest\w*|focus\w*|examin\w*|detail\w*|investigat\w*|prepared|produced)\b|"
    r"\b(?:publish\w*|releas\w*|compil\w*|collect\w*)\s+(?:[\w’'-]+\s+){0,4}?(?:figures|data|"
    r"statistics|findings|rates|report|survey|study|records|census|analysis)\b|"
    r"\b(?:data|figures|statistics)\s+(?:from|by|of)\s+(?:the\s+)?(?-i:[A-Z])",
    re.I,
)
_NO_DATA = re.compile(r"\b(?:no|never|not|refused|failed)\b|n['’]t\b", re.I)


def detect(context: Context) -> Findings:
    by_page: dict[int, list[Passage]] = {}
    for passage in context.passages:
        by_page.setdefault(passage.page, []).append(passage)
    flags = context.memoised("quoted_flags", lambda: quoted_flags(context.passages))
    quoted = {id(p) for p, flag in zip(context.passages, flags, strict=True) if flag}
    # Another source's method, quoted in order to check it, is not this document's method.
    document_cue = _document_provenance([p for p in context.passages if id(p) not in quoted])
    carried = _carried_sources(context, quoted)
    candidates: list[tuple[Passage, list[str], str]] = []
    signals: list[Signal] = []
    for passage in context.in_time(CRITERION, context.passages):
        signals += [
            Signal(page=passage.page, sentence=passage.text, kind=kind)
            for kind in _signal_kinds(passage.text)
        ]
        traced = _TRACED.search(passage.text)
        cue = read_cue(passage.text) if traced and id(passage) not in quoted else None
        if cue is not None:
            signals.append(
                Signal(page=passage.page, sentence=passage.text, kind="traced", text=cue.words)
            )
        page_passages = by_page[passage.page]
        found = _claim_attribute(passage, page_passages)
        if found is None:
            continue
        candidates.append((passage, *found))
    candidates = _drop_non_claims(candidates)
    claims: list[AttributeClaim] = []
    for passage, attributes, how in candidates:
        page_passages = by_page[passage.page]
        cue = read_cue(passage.text)
        source: Passage | None = None
        if cue is None and how == "table row":
            header = _table_header(passage, page_passages) or _column_header(passage, page_passages)
            cue = read_cue(header.text) if header else None
            source = header
        if cue is None:
            for other in context.paragraph_of(passage):
                if other is not passage and _is_method_statement(other.text):
                    cue = read_cue(other.text)
                    if cue:
                        source = other
                        break
        if cue is None and id(passage) in carried and id(passage) not in quoted:
            cue, source = carried[id(passage)]
        # A count of the document's own records inherits its method; a bare share ("84% are
        # ...") or a vague "most" does not, as the answer keys read them.
        if cue is None and document_cue and (how == "table row" or NUMBER.search(passage.text)):
            cue = Cue(document_cue[0], document_cue[1], True)
        claims.extend(
            AttributeClaim(
                page=passage.page,
                sentence=passage.text,
                attribute=attribute,
                provenance=cue.provenance if cue else "unstated",
                quoted=id(passage) in quoted,
                cue=cue.words if cue else "",
                carried_from=_start(source.text) if source is not None else None,
                stage=stage_of(passage.text),
                question=passage.text.rstrip().endswith("?"),
            )
            for attribute in attributes
        )
    if claims:
        # Where the document names records or statistics behind its figures, if anywhere: read
        # here, where the sources check's per-passage facts are stored (see `suggest`).
        named = next(((p, f) for p in context.passages if (f := records_named(p))), None)
        if named:
            signals.append(
                Signal(page=named[0].page, sentence=named[1].sentence, kind="records_named")
            )
        # A claim whose own sentence names who its figures come from ("According to UNHCR
        # data, most refugees were Ukrainian"): provenance in passing (guide 3.3, level 1),
        # whoever the owner is; it says nothing of who assigned the labels.
        own = {(c.page, c.sentence) for c in claims if not c.quoted and not c.question}
        passing = next(
            (p for p in context.passages if (p.page, p.text) in own and source_named(p)), None
        )
        if passing:
            signals.append(
                Signal(page=passing.page, sentence=passing.text, kind="named_in_passing")
            )
        # A body named as the owner of the document's figures anywhere ("The latest AIC figures
        # show", "MBRRACE published its findings"): readers rate the labels under it 1 ("an
        # official source with an unclear legal stage"), and 0 stays acceptable for news that
        # only repeats a named study (guide H2).
        # In the document's own voice: a campaigner's quoted words about "this report" own none.
        owner = next(
            (
                p
                for p in context.passages
                if voice_at(context, p).speaker == DOCUMENT
                and id(p) not in quoted
                and _OWNER_DATA.search(p.text)
                and not _NO_DATA.search(p.text)
                and source_named(p)
            ),
            None,
        )
        if owner:
            signals.append(Signal(page=owner.page, sentence=owner.text, kind="owner_named"))
    return Findings(attribute_claims=claims, attribute_provenance_signals=signals)


# The document asks where someone's figures came from: "it is not clear where the group got its
# data", "the leaflet gives no source", "the method is never stated".
_QUESTIONED = re.compile(
    r"\b(?:not\s+clear\s+(?:where|how)\b(?=[^.]*\b(?:data|figures?|numbers?|statistics|"
    r"labels?|ethnicit\w*|nationalit\w*|religio\w*)\b)|(?:data|figures?|numbers?|statistics|"
    r"sources?|methods?)\b[^.]{0,60}\bnever\s+(?:stated|given|explained|named|published)|"
    r"never\s+(?:says|said|states|stated|explains|explained)\s+(?:where|how)\b|"
    r"(?:does|did|do)\s*(?:not|n['’]t)\s+say\s+(?:where|how)\b|(?:gives?|gave|cites?|cited|"
    r"provides?|provided|names?|named|offers?|offered)\s+no\s+(?:source|method|data|evidence)|"
    r"no\s+(?:source|method)\s+(?:is|was|were|has\s+been)\s+(?:given|stated|cited|named))",
    re.I,
)


@passage_fact(lambda p: (p.text,))
def _signal_kinds(text: str) -> list[str]:
    """Good practice a sentence shows beyond its claims: it says it did not infer attributes,
    keeps suspects and convicted people apart, states missing data, validates inference, or says
    who assigned the labels (self-defined, census answers, court records)."""
    generic = GENERIC.search(text)
    kinds = []
    if generic and is_negated_inference(text):
        kinds.append("negated")
    if _STAGES_APART.search(text):
        kinds.append("stages")
    if _COVERAGE.search(text):
        kinds.append("coverage")
    if _QUESTIONED.search(text):
        kinds.append("questioned")
    if generic and _VALIDATED.search(text):
        kinds.append("validated")
    cleaned = _TRAPS.sub(" ", text)
    assigner = _unnegated(_ASSIGNER, cleaned) or _unnegated(_AGENCY_PERCEPTION, cleaned)
    if assigner and re.fullmatch(r"census|survey", assigner.group(0), re.I) and _STAGE.search(text):
        # "40% of those convicted, against 7% of residents (2021 Census)": the census labels
        # the population base, not the people the claim counts.
        assigner = None
    if assigner and (generic or attributes_named(text)) and not _MODAL.search(text):
        kinds.append("assigner")
    return kinds


# --- suggestion --------------------------------------------------------------------------------

_SIGNAL_KINDS = ("negated", "stages", "coverage", "validated")
# Where a document names a source for its data but not for its labels, first found first: the
# signal, the rationale's words and the evidence tag.
_IN_PASSING = (
    (
        "records_named",
        "the document names an official or recorded source for its data (p. {page}), but not "
        "for these labels",
        "names an official or recorded source",
    ),
    (
        "named_in_passing",
        "a claim names who its figures come from, in passing (p. {page}), but not who assigned "
        "the labels",
        "names its figures' source in passing",
    ),
    (
        "owner_named",
        "the document names whose figures these are (p. {page}), but not who assigned the labels",
        "names whose figures these are",
    ),
)
_ALL_SIGNAL_KINDS = (*_SIGNAL_KINDS, "assigner", "questioned")


# A count or share in a sentence (a year is not one).
_COUNTED = re.compile(r"\d[\d,.]*\s?%|\b(?!(?:19|20)\d\d\b)\d[\d,]*\b")


def _method_inference(claim: AttributeClaim) -> bool:
    """Labels taken from names, photos or the press and then counted, as opposed to a
    perception or description openly attributed in one sentence ("she described the men as
    Asian"). A description turned into a count ("164 were described as Asian") is counted."""
    attributed = (
        claim.cue
        and _INFERRED_LOCAL.fullmatch(claim.cue)
        and claim.carried_from is None
        and not _COUNTED.search(claim.sentence)
    )
    reports = bool(claim.cue and _REPORTS_RECEIVED.fullmatch(claim.cue))
    return claim.provenance == "inferred" and not attributed and not reports


def _level(claims: list[AttributeClaim], signals: dict[str, list[Signal]]) -> int:
    """The level the document's own claims earn (research note, Q3 descriptors).

    0: labels asserted with nothing behind them, or built from names, photos or press reports.
    1: provenance in passing: a source for some claims, an attributed description, or a stated
       gap in the records. 2: the labels' source named for most claims, with who assigned them or
       a stage or coverage detail. 3: as 2, with two or more of the careful reader's extras.
    """
    counts = Counter(c.provenance for c in claims)
    total = len(claims)
    sourced = (counts["court"] + counts["recorded"]) / total
    method_inferred = sum(_method_inference(c) for c in claims)
    extras = [name for name in _SIGNAL_KINDS if signals[name]]
    if method_inferred / total >= 0.3 and not signals["validated"]:
        return 0
    if sourced >= 0.5 and not method_inferred:
        detail = bool(extras or signals["assigner"])
        if sourced >= 0.7 and len(extras) >= 2:
            return 3
        return 2 if detail else 1
    # In passing: a source behind some claims, a described label openly attributed, or a stated
    # gap in the records.
    in_passing = (
        sourced > 0
        or counts["inferred"] > method_inferred
        or signals["coverage"]
        or signals["stages"]
        # It asks where others' figures came from: provenance noticed, if only in passing.
        or signals["questioned"]
    )
    # Most claims say at which legal stage (or event) the people were counted, and the figures
    # are attributed to a body ("a review found", "according to the prisons bureau"): the
    # guide's "an official source with an unclear legal stage" mirrored; provenance in passing.
    staged = sum(bool(_unnegated(_STATED_STAGE, c.sentence)) for c in claims) / total > 0.5
    staged = staged and any(_OWN_ATTRIBUTION.search(c.sentence) for c in claims)
    if counts["unstated"] / total >= 0.6 and not (in_passing or staged):
        return 0
    return 1


def suggest(findings: Findings, context: Context) -> Suggestion:
    # A claim quoted to be checked, or posed as a question, is not the document's own assertion.
    reported = [c for c in findings.attribute_claims if c.quoted or c.question]
    claims = [c for c in findings.attribute_claims if not (c.quoted or c.question)]
    # A document that only checks others' claims is rated on how it handles them (labelling guide
    # H1): saying where the disputed labels came from ("rests on press clippings") is good
    # reporting; with nothing on their source the rules cannot tell a reasoned rebuttal from a
    # bare denial.
    traced = [c for c in reported if c.quoted and c.provenance != "unstated"]
    # ... or in a sentence of its own that says where the disputed claims came from.
    traced_by = [s for s in findings.attribute_provenance_signals if s.kind == "traced"]
    if not claims and reported and traced_by and not traced:
        return suggested(
            CRITERION,
            2,
            0.35,
            [
                f"{plural(len(reported), 'claim')} about a group's attributes are quoted from "
                "other sources to be checked, and the document traces where they came from "
                f"({page_list(s.page for s in traced_by)}); it makes none of its own"
            ],
            [(s.page, s.sentence, f"disputed claims traced: {s.text}") for s in traced_by]
            + [(c.page, c.sentence, "disputed claim") for c in reported],
            counts={"claims": 0, "quoted_claims": len(reported), "quoted_traced": len(traced_by)},
        )
    questioned = [s for s in findings.attribute_provenance_signals if s.kind == "questioned"]
    if not claims and reported and questioned and not traced:
        # It disputes others' claims by asking where their figures came from: a reason about
        # provenance, short of tracing the labels (H1).
        return suggested(
            CRITERION,
            1,
            0.3,
            [
                f"{plural(len(reported), 'claim')} about a group's attributes are quoted from "
                "other sources to be checked; the document asks where their figures came from "
                f"({page_list(s.page for s in questioned)}) but does not trace the labels; it "
                "makes none of its own"
            ],
            [(s.page, s.sentence, "asks where the figures came from") for s in questioned]
            + [(c.page, c.sentence, "disputed claim") for c in reported],
            counts={"claims": 0, "quoted_claims": len(reported), "quoted_traced": 0},
        )
    if not claims and traced:
        return suggested(
            CRITERION,
            2,
            0.35,
            [
                f"{plural(len(reported), 'claim')} about a group's attributes are quoted from "
                "other sources to be checked, and the document says where the disputed labels "
                f"came from ({page_list(c.page for c in traced)}); it makes none of its own"
            ],
            [(c.page, c.sentence, f"disputed claim, labels {c.provenance}") for c in traced],
            counts={"claims": 0, "quoted_claims": len(reported), "quoted_traced": len(traced)},
        )
    if not claims and reported:
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="no_suggestion",
            confidence=0.2,
            rationale=f"{plural(len(reported), 'claim')} about a group's attributes are quoted "
            f"from other sources to be checked ({page_list(c.page for c in reported)}); the "
            "document makes none of its own that the rules could find. Rate it by reading how "
            "it explains where attributes come from.",
            evidence=evidence((c.page, c.sentence, "quoted claim") for c in reported),
            counts={"claims": 0, "quoted_claims": len(reported)},
        )
    if not claims:
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="not_applicable",
            confidence=0.5,
            rationale="No sentence attributing a figure or a behaviour to a group named by "
            "ethnicity, religion or nationality was found (names of organisations, speakers and "
            "topics of debate are mentions, not claims), so the question looks not to apply; "
            "check tables and images by eye.",
            evidence=[],
            counts={"claims": 0, "quoted_claims": 0},
        )
    counts = Counter(c.provenance for c in claims)
    total = len(claims)
    signals: dict[str, list[Signal]] = {kind: [] for kind in _ALL_SIGNAL_KINDS}
    for signal in findings.attribute_provenance_signals:
        signals.setdefault(signal.kind, []).append(signal)
    extras = [name for name in _SIGNAL_KINDS if signals[name]]
    level = _level(claims, signals)
    # Labels with no source of their own, in a document that names a source for its data: "an
    # official source with an unclear legal stage" at best, provenance in passing (labelling
    # guide 3.3). Names, photos or the press stay at 0.
    in_passing = None
    if level == 0 and not counts["inferred"]:
        in_passing = next(
            ((signals[kind][0], why, tag) for kind, why, tag in _IN_PASSING if signals.get(kind)),
            None,
        )
        level = 1 if in_passing else 0
    weak = [c for c in claims if c.provenance in ("unstated", "inferred")]
    carried = [c for c in claims if c.carried_from]
    parts = [
        f"{plural(total, 'claim')} about a group's ethnicity, religion or nationality: "
        + ", ".join(f"{counts[p]} {p}" for p in ("court", "recorded", "inferred", "unstated"))
    ]
    if in_passing:
        parts.append(in_passing[1].format(page=in_passing[0].page))
    if carried:
        parts.append(
            f"{plural(len(carried), 'claim')} take their source from a sentence, heading or "
            "source line before them"
        )
    if weak:
        parts.append(
            f"{plural(len(weak), 'claim')} with no stated or only an inferred source "
            f"({page_list(c.page for c in weak)})"
        )
    labels = {
        "negated": "says it did not infer attributes",
        "stages": "keeps legal stages apart or states their limits",
        "coverage": "states how much attribute data is missing",
        "validated": "reports validating an inference step",
        "assigner": "says who assigned the labels",
        "questioned": "asks where someone's figures came from",
    }
    shown = [*extras, *(name for name in ("assigner", "questioned") if signals[name])]
    if shown:
        parts.append("the document " + "; ".join(labels[e] for e in shown))
    if reported:
        parts.append(
            f"{plural(len(reported), 'claim')} quoted to be checked or posed as questions not "
            f"counted as the document's own ({page_list(c.page for c in reported)})"
        )
    items = [
        (c.page, c.sentence, f"{c.attribute} claim, provenance {c.provenance}")
        for c in sorted(claims, key=lambda c: c.provenance not in ("inferred", "unstated"))
    ]
    items += [(p.page, p.sentence, labels[name]) for name in shown for p in signals[name][:1]]
    if in_passing:
        items.append((in_passing[0].page, in_passing[0].sentence, in_passing[2]))
    confidence = confidence_from_count(total + len(extras), base=0.3, per_item=0.05)
    tally = {"claims": total, "quoted_claims": len(reported)}
    tally |= {f"claims_{p}": counts[p] for p in ("court", "recorded", "inferred", "unstated")}
    tally |= {f"signals_{name}": len(signals[name]) for name in _ALL_SIGNAL_KINDS}
    tally["claims_carried"] = len(carried)
    return suggested(CRITERION, level, confidence, parts, items, counts=tally)


CHECK = Check(
    criterion=CRITERION,
    produces={"attribute_claims": AttributeClaim, "attribute_provenance_signals": Signal},
    detect=detect,
    suggest=suggest,
    answer_key={
        "attribute_claims": KeyedList(
            fields=("page", "sentence", "attribute", "provenance", "quoted"),
            scored={"attribute": ("attribute",), "provenance": ("provenance",)},
            only_if_applicable=True,
        )
    },
)
