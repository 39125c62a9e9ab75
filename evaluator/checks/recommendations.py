"""Recommendations and what they hinge on.

A recommendation is a sentence that asks someone to act: "we recommend", "Recommendation 3",
"calls for", or "should"/"must" with someone to do it. Caveats ("should not be generalised"),
past failures ("police should have acted") and epistemic "must" ("must be an underestimate") are
not recommendations. The hinge is read from the sentence, then from its paragraph: a disputed
group share or unsourced total (`contested_statistic`), failures found by audits, reviews or the
report's own well-described data (`documented_failure`), or neither (`unclear`).
"""

from __future__ import annotations

import re

from ..classifier import predict
from ..models import Findings, Passage, RecommendationFinding, Signal, Suggestion
from . import speech
from .common import confidence_from_count, evidence, page_list, plural, suggested
from .context import Context
from .contract import Check, KeyedList
from .cues import attributes_named, is_rebutted_report, quoted_flags

# The rubric criterion this module checks (its module name, by the contract).
CRITERION = "recommendations"

_EXPLICIT = re.compile(
    r"\b(?:we\s+(?:the\s+undersigned\s+|therefore\s+|now\s+|strongly\s+|urgently\s+|highly\s+|"
    r"also\s+|further\s+|would\s+|respectfully\s+)?"
    r"(?:recommend|propose|urge|encourage|call\s+(?:on|for))|recommendation\s+\d+|"
    r"recommends|(?:we|and|also|report)\s+calls?\s+(?:on|for)|calls\s+on|urges?)\b",
    re.I,
)
_MODAL = re.compile(r"\b(?:should|must|ought\s+to)\b", re.I)
_ACTOR = re.compile(
    r"\b(?:government|ministers?|home\s+office|department|council|councils|authorit(?:y|ies)|"
    r"police|forces?|agencies|partners(?:hip)?|services|nhs|trusts?|hospitals?|schools?|"
    r"landlords?|regulator|parliament|we|the\s+partnership|(?:every|all)\s+(?:towns?|forces?|"
    r"councils?|agencies|trusts?|hospitals?|schools?|areas?|parties|providers?|landlords?|police|"
    r"maternity\s+units?|units?|reports?)|licensing|"
    r"inspectorate|providers?|commissioners?|britain|mosques?|communit(?:y|ies)|politicians|"
    r"the\s+army|staff|managers?|teams?|boards?|ministry|anyone|everyone|publishers?|"
    r"journalists?|researchers?|councillors?|officers?|editors?)\b",
    re.I,
)
_NOT_A_RECOMMENDATION = re.compile(
    r"\b(?:should|must|ought\s+to)\s+(?:not\s+|never\s+)?(?:be\s+)?(?:have|been)\b|"
    r"\b(?:should|must)\s+(?:not\s+)?be\s+(?:generalised|generalized|extrapolated|treated|read|"
    r"interpreted|taken(?=\s+(?:as|with|at|to\s+mean|literally|lightly|into|in\s+isolation))|seen|used|relied|added|compared|counted|combined|summed|understood|"
    r"quoted|considered\s+(?:as|with)|viewed|weighed|(?:set|put|placed|seen)\s+in(?:to)?\s+"
    r"(?:the\s+|its\s+|their\s+)?context)|"
    r"\bmust\s+(?:be|have\s+been)\s+(?:an?\s+)?(?:under|over)estimate|"
    r"\bmust\s+be\s+(?:higher|lower|wrong|right|true|more|less)\b|"
    # An attitude urged, not an action proposed: "we should all take this report seriously", "we
    # must never forget them".
    r"\b(?:should|must)\s+(?:all\s+)?take\s+(?:this|that|it|these|them|the\s+[\w-]+)"
    r"(?:\s+[\w-]+)?\s+seriously\b|\b(?:should|must)\s+(?:not\s+|never\s+)?(?:forget|remember)\b|"
    # A caveat or an expectation, not an action: "it should be noted that", "caution should be
    # exercised", "the result should be similar", "this sentence should read: ..." (not "funding
    # should be sufficient to ...", a call).
    r"\b(?:should|must)\s+(?:also\s+)?be\s+(?:noted|mentioned|pointed\s+out|borne\s+in\s+mind|"
    r"stressed|emphasi[sz]ed|said|added)\b|\b(?:caution|care)\s+(?:should|must)\s+be\s+"
    r"(?:exercised|taken|used)\b|\bshould\s+be\s+(?:obvious|evident|apparent|expected|likely|"
    r"unlikely|similar|comparable|roughly|straightforward)\b|\bshould\s+read\s*[:“\"‘']|"
    # A step of the reading, not a call: "the main thing we need to consider is the data" (but
    # "ministers need to recognise the scale of it" is one).
    r"\bwe\s+(?:really\s+|also\s+|first\s+)?need\s+to\s+(?:consider|note|remember|keep\s+in\s+mind|"
    r"bear\s+in\s+mind|mention|point\s+out|acknowledge|recogni[sz]e)\b|"
    # A "must" of inference, not of duty: "it simply must be the case that ...".
    r"\bmust\s+(?:surely\s+|simply\s+|therefore\s+)?be\s+the\s+case\b|"
    # Blame handed out for the past, not an action proposed: "must shoulder the blame".
    r"\b(?:should|must)\s+(?:shoulder|bear|share|accept)\s+(?:[\w-]+\s+){0,6}?blame\b|"
    # A question reported, not asked or answered: "a debate about who must take responsibility".
    r"\b(?:about|over|as\s+to)\s+(?:who|whether|which|what|how)\b[^.;]{0,60}?"
    r"\b(?:should|must|ought\s+to)\b",
    re.I,
)
# A condition, not a call: "Should she fail to graduate, ...", "..., should the figures rise".
# Only that "should" is set aside: "We urge ministers to act, should the numbers rise" is a call.
_CONDITION = re.compile(
    r"(?:^\W*|[,;:(]\s*)(?:but\s+|and\s+|or\s+)?(should)\s+(?:he|she|they|it|we|you|I|this|that|"
    r"these|those|there|any|anyone|an?|the|his|her|their|its|our|your)\b",
    re.I,
)
_QUOTED_PAST = re.compile(
    r"\b(?:recommended|had\s+recommended|was\s+never|were\s+never|previous(?:ly)?|earlier\s+"
    r"review)\b",
    re.I,
)
# Someone else's recommendation, reported: "the review recommended that X should ...",
# "..., the minister has proposed." The document's own "we recommend" is not past tense.
_REPORTED_VERB = re.compile(
    r"\b(?:recommended|had\s+recommended|called\s+for|proposed|suggested|urged)\b",
    re.I,
)
_REPORTED_AT_END = re.compile(
    r",\s*(?:[\w'’.-]+\s+){1,6}(?:has|had|have)?\s*(?:proposed|recommended|suggested|urged|"
    r"argued|said)\s*[.!]?\s*$",
    re.I,
)
# A modal inside a "that" clause governed by someone's words or view: "the minister said that
# councils should ...", "a perception among staff that they should keep quiet". Whose call it
# is belongs to the speaker of that clause, not the document (labelling guide H8).
_REPORTED_THAT = re.compile(
    r"\b(?:said|saying|says|told\s+\w+|telling\s+\w+|argued|arguing|argues|insisted|insisting|"
    r"insists|believed|believes|felt|feels|thought|thinks|claimed|claiming|claims|warned|warns|"
    r"stated|noted|added|explained|wrote|"
    r"perception|belief|feeling|view|sense|impression|assumption|argument|claim|idea|notion|"
    r"contention|assertion|narrative)\b[\"”’']?"
    r"(?:\s+(?:among|amongst|of|by|from)\s+[^.;,]{1,40}?)?\s+that\s+[^.;]{0,80}?\b"
    r"(?:should|must|ought\s+to|needs?\s+to)\b",
    re.I,
)
# The document's own voice asking for action: "we believe councils should ...", "I think more
# should be done", "we wrote to the minister and asked them to ...", "we urge".
_OWN_CALL = re.compile(
    r"\b(?:I|we)\s+(?:do\s+|would\s+|firmly\s+|strongly\s+|still\s+|therefore\s+)?(?:believe|think|"
    r"feel|consider|suggest|propose|argue|maintain)\b[^.;]{0,60}?\b(?:should|must|ought\s+to|"
    r"needs?\s+to(?!\s+be\s+(?:treated|read|interpreted|seen|taken|viewed|considered|understood|"
    r"used|compared)\b))\b|"
    # "We asked every force to supply its figures" or "we invited 200 people to take part" is
    # a method, not a call: only urging, or writing to someone and asking, is a request.
    r"\bwe\s+(?:have\s+)?(?:also\s+)?(?:urged|pressed|called\s+on|wrote\s+to\s+[^.;]{1,160}?"
    r"\band\s+asked)\s+(?:\w+\s+){0,6}?to\s+(?!be\b)\w+",
    re.I,
)
# A call to action in the imperative, addressed to the reader, at the start of the sentence or
# after a short opening clause: "Report it to the police", "If you see it, report it", "Write to
# your MP", "Sign the petition". The verb must take an object or a direction, so a headline
# noun ("Report finds ...") is not read as a call; page furniture ("Share this article", "Join
# us", "Contact us", "Support our journalism") is left out.
_IMPERATIVE = re.compile(
    r"(?:^|^(?:wherever|whenever|if|when|once)\b[^.;:!?]{1,60},\s*)"
    r"(?:please\s+)?(?:(?:report|sign|write\s+to|tell|vote\s+for|demand|urge|speak\s+up|call\s+on)\b"
    r"(?=\s+(?:it|them|this|that|your|the|every|any|all|to|now|today|against|him|her)\b|"
    r"\s*[,.!])|"
    # "Ask government to release the review"; not "Ask the police and they will tell you".
    r"ask\s+(?:the\s+)?(?:government|ministers|parliament|MPs?|your\s+\w+)\s+to\b)",
    re.I,
)
# A call made with "need" (labelling guide 2.2 lists "needs to"): "the Government needs to
# address", "more needs to be done", "a coordinated approach is needed to tackle", "the urgent
# need for reform", "Why we need a national inquiry". Not a need described ("children who need
# support") or a caveat ("needs to be treated with caution").
_NEED = re.compile(
    r"\b(?:we|more|much\s+more|action|something|(?:the\s+)?(?:government|police|policing|"
    r"councils?|authorities|ministers?|parliament|schools?|nhs|services|agencies|society|"
    r"politicians|home\s+office|department))\s+(?:urgently\s+|still\s+|"
    r"also\s+|now\s+|really\s+|clearly\s+)?needs?\s+to\s+(?!be\s+(?:treated|read|interpreted|"
    r"seen|taken|viewed|considered|understood|used|compared)\b)\w+|"
    r"\b(?:urgent|pressing|clear|real|vital)\s+need\s+(?:for|to)\b|"
    # "a coordinated approach is needed to tackle", not "census information is needed to
    # inform policy" (what a thing is for) or "no further action is needed".
    r"(?<!\bno\s)(?<!\bno\sfurther\s)\b(?:action|approach|effort|reforms?|change|investment|"
    r"leadership|strategy|plan|review|inquiry|funding|measures|steps|work)\s+(?:is|are)\s+"
    r"(?:urgently\s+|clearly\s+|also\s+)?needed\b|"
    r"\bwhy\s+we\s+need\b|"
    # "We need a lot more data", "We need tougher sentences", "We need a national inquiry": the
    # document's own call, whatever it calls for (a review found a list of nouns read some
    # policies as calls and not others); not "We need more time".
    r"\bwe\s+(?:urgently\s+|still\s+|also\s+|really\s+|now\s+)?need\s+(?:a\s+lot\s+|much\s+|"
    r"far\s+)?(?:more|better|tougher|stronger|fewer|less|proper|new|urgent|an?)\s+"
    r"(?!(?:time|moment|minute|while|break|word|look|second|day|week|month|year)s?\b)"
    # A step of the analysis, not a call: "we need a model to borrow information from ...".
    r"(?!(?:model|method|function|formula|variable|dataset|metric|regression|estimator|prior|"
    r"way)s?\b)\w+",
    re.I,
)
# A need stated impersonally: "there needs to be increased monitoring", "it is necessary for
# companies to respect ...", "there is an urgent need for". Not a caveat ("it is necessary to
# note that ...").
_IMPERSONAL_NEED = re.compile(
    r"\bthere\s+(?:urgently\s+|still\s+|also\s+|clearly\s+)?needs?\s+to\s+be\b|"
    r"\bit\s+is\s+(?:therefore\s+|also\s+)?(?:necessary|essential|vital|imperative|crucial)\s+"
    r"(?:for\s+[^.;]{1,40}?\s+)?to\s+(?!(?:note|remember|point\s+out|mention|say|add|stress|"
    r"emphasi[sz]e|acknowledge|bear|recognise|recognize|understand|consider|look|examine|"
    r"distinguish|keep\s+in\s+mind)\b)\w+|"
    # "there is an urgent need for" is `_NEED`'s already; only the plain and growing need here.
    r"\bthere\s+is\s+(?:an?\s+)?(?:growing\s+)?need\s+(?:for|to)\b",
    re.I,
)
# Other ways a document states its own call: "Let's include it in the conversation" (not a
# step of the text, "Let's look at ..."), "The best thing governments can do is clear the
# barriers", "the findings highlight the need to tackle ...".
_OTHER_CALL = re.compile(
    r"^\W*(?:so\s+|now\s+|and\s+)?let(?:['’]s|\s+us)\s+(?:include|ensure|end|stop|fund|support|"
    r"change|fix|demand|push|act|build|invest|reform|protect|give|help|treat|tackle|abolish|ban|"
    r"commit|insist|stand|fight|vote|make\s+sure|get\s+rid|put\s+an\s+end|hold)\b|"
    r"\bthe\s+(?:best|only|right|sensible)\s+thing\s+[^.;]{0,80}?\b(?:can|could)\s+do\b[^.;]{0,60}?"
    r"\b(?:is|would\s+be)\s+(?:to\s+)?(?!(?:that|the|a|an|not|this|it|what|how|why)\b)[a-z]+|"
    r"\bthe\s+(?:best|only|just|right|sensible|fairest|fair)\s+(?:solution|way\s+forward|remedy|"
    r"fix|course(?:\s+of\s+action)?)\b[^.;]{0,100}?\b(?:is|would\s+be)\s+to\s+[a-z]+|"
    r"\b(?:highlights?|highlighted|underlines?|underscores?|points?\s+to|reinforces?)\s+the\s+"
    r"(?:urgent\s+|pressing\s+|clear\s+)?need\s+(?:for|to)\b|"
    # Advice put politely: "it would be useful to repeat the test", "police departments would
    # be wise to use"; not "it would be interesting to see".
    r"\bit\s+would\s+(?:also\s+)?be\s+(?:useful|helpful|worthwhile|valuable|wise|sensible|"
    r"advisable|better)\s+(?:for\s+[^.;]{1,40}?\s+)?to\s+[a-z]+|\bwould\s+(?:be\s+wise|do\s+well)\s+"
    r"to\s+[a-z]+",
    re.I,
)
# Text that is not the document's prose: a code comment in lower case ("# check if it is what
# it should be"; a capitalised one cannot be told from a Markdown heading) or a draft note left
# in an HTML comment.
_NOT_PROSE = re.compile(r"^\s*(?:<!--|#+\s*[a-z]|//)")
# A modal or a call inside a relative clause describes someone's duty or practice ("a loan
# which they must pay back", "an organisation which recommends candidates"), it proposes nothing.
_RELATIVE = re.compile(r"\b(?:which|who|whom)\s+(?:(?:they|he|she|you|it|one)\s+)?$", re.I)


def _in_relative(text: str, start: int) -> bool:
    return _RELATIVE.search(text[max(0, start - 40) : start]) is not None


def _own_explicit(text: str) -> bool:
    """An explicit call not inside someone else's relative clause ("which we recommend" is the
    document's own)."""
    return any(
        m.group(0)[:2].lower() == "we" or not _in_relative(text, m.start())
        for m in _EXPLICIT.finditer(text)
    )


def _own_modal(text: str) -> bool:
    """A "should", "must" or "ought to" that is neither in a relative clause nor the "should"
    of a condition ("Should she fail, ...")."""
    conditions = {m.start(1) for m in _CONDITION.finditer(text)}
    return any(
        m.start() not in conditions and not _in_relative(text, m.start())
        for m in _MODAL.finditer(text)
    )


# An item of a list that proposes: "1. **Require immigration status reporting** for ALL state
# programs", "- Target countries with strong educational systems". Whole documents written in
# Markdown put their recommendations in lists under headings of any name ("Immediate:", "New
# approach:"). Only verbs of policy count: a list of steps in a method ("- Download the data",
# "1. Merge the files") is not a call.
_LIST_CALL = re.compile(
    r"^\s*(?:\d{1,2}[.)]|[-*•])\s+(?:\*\*|__)?(?:require|publish|maintain|target|provide|"
    r"ensure|establish|create|increase|expand|introduce|fund|invest|improve|reduce|end|stop|adopt|"
    r"implement|monitor|train|strengthen|prioriti[sz]e|limit|allow|abolish|reform|restore|extend|"
    r"enforce|encourage|promote|recruit|update|standardi[sz]e|tackle|repeal|ban|cap|raise|lower|"
    r"protect|simplify|streamline|retract|acknowledge|commission|mandate|disaggregate|support|"
    r"perform|hire|build|offer|remove|replace|review|audit|collect|record)\b(?!\s*[:(])",
    re.I,
)
# A duty or a need described, not proposed: "Under the 2010 Act, the Home Office needs to
# publish ...", "To convict, the prosecution needs to prove ...".
_NEED_DESCRIBED = re.compile(
    r"^\W*(?:under\s+(?:the\s+|section\s+|article\s+)?[^,]{0,60}(?:act|law|rules?|regulations?|"
    r"section\s+\d+)|by\s+law|legally|to\s+(?:convict|qualify|apply|claim|succeed))\b",
    re.I,
)
# A commitment to act: "a commitment to improve the collection of data", "we commit to
# publishing"; commitments that happened ("committed to prison") are not calls.
_COMMITMENT = re.compile(
    r"\b(?:commitment|pledge|undertaking)\s+to\s+(?:improv|collect|publish|record|review|"
    r"develop|introduc|establish|strengthen|ensur|provid|monitor|tackl|fund|train|share|set\s+up|"
    r"make|create|build|reform|end)\w*|\bwe\s+(?:will\s+)?commit\s+to\b",
    re.I,
)
# The document adopts a reported recommendation (labelling guide H8): "we support", "rightly
# calls for", "long overdue".
_ADOPTS = re.compile(
    r"\b(?:we\s+(?:fully\s+|strongly\s+)?(?:support|agree\s+with|back|endorse|welcome)|rightly\s+"
    r"(?:calls?|called|proposes?|proposed|recommends?|recommended|argues?|argued|insists?|"
    r"insisted|says?|said)|long\s+overdue|(?:about|high)\s+time|"
    # "it has taken so long for someone to insist that ...": impatience for the proposal.
    r"taken\s+(?:so|this|far\s+too|too)\s+long\s+for)\b",
    re.I,
)
# The end of an excerpt cut mid-sentence: no closing punctuation on the last passage.
_CLOSED = re.compile(r"[.!?:;)\]\"'’”]\s*$")
# A demand aimed at a group as such (labelling guide, recommendation_basis): a measure on its
# people or its places of worship, or removal, which only non-citizens face.
_GROUP_MEASURE = re.compile(
    r"\b(?:investigat\w*|screen\w*|vet(?:ting)?|target\w*|scrutin\w*|prioriti[sz]\w*|"
    r"focus\w*|monitor\w*|search\w*|profil\w*|raid\w*|ban|bar|restrict\w*|close|shut)\b",
    re.I,
)
_GROUP_PLACES = re.compile(
    r"\b(?:mosques?|church(?:es)?|synagogues?|temples?|gurdwaras?|madrass?as?)\b",
    re.I,
)
_REMOVAL = re.compile(r"\b(?:deport\w*|repatriat\w*|expel\w*|expulsion)\b", re.I)
# A demand to stop scrutiny rests on no failure it names: "end the inquiry", "scrap the review".
_END_SCRUTINY = re.compile(
    r"\b(?:end|ended|ending|scrap\w*|drop\w*|halt\w*|abandon\w*|stop\w*|shut\s+down|"
    r"wind\s+up|close\s+down)\s+(?:the\s+|this\s+|any\s+|its\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,2}(?:inquiry|inquiries|review|investigations?|audit|commission)\b|"
    r"\b(?:inquiry|review|investigation|audit|commission)\s+should\s+be\s+(?:scrapped|ended|"
    r"dropped|halted|abandoned|stopped|shut\s+down)\b",
    re.I,
)
# Bodies whose findings count as documented only when the sentence says what they found.
_BODY_FOUND = re.compile(
    r"\b(?:inquiry|audit|inspection|hmicfrs|ofsted|ombudsman|coroner|investigation|review)\w*"
    r"\b[^.;]{0,80}?\b(?:found|showed|shown|identified|revealed|concluded|documented|"
    r"highlighted|uncovered|exposed)\b|\b(?:found|identified|documented|highlighted|revealed)\s+"
    r"(?:by|in)\s+(?:the|this|our|an?)\s+(?:[\w-]+\s+){0,3}?(?:inquiry|audit|inspection|"
    r"investigation|review)|\bin\s+(?:the\s+)?light\s+of\s+(?:the\s+)?(?:findings?|failures?)",
    re.I,
)
_LEAD_IN = re.compile(
    r"\bto\s+(?:act|take\s+action|do\s+(?:more|something))(?:\s+now)?\s*[.:]\s*$|"
    r"\b(?:the\s+following|as\s+follows)\s*[.:]?\s*$|:\s*$",
    re.I,
)
_NUMBERED = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|recommendation\s+\d+[:.]?)(?:\s|$)", re.I)
# A heading that ends a Recommendations section: "7. Annex", "Appendix B", "# Methods".
_OTHER_HEADING = re.compile(
    r"^\s*(?:#|(?:\d+\.?\s+)?(?i:annex|appendix|chapter|section|references|glossary|methods?)\b|"
    r"\d+\.\d*\s+[A-Z][^.!?:;]*$|[A-Z][A-Z ]+$)"
)
_HEADING = re.compile(r"^\s*(?:\d+\.?\s*)?(?:recommendations?|what\s+should\s+happen)\b", re.I)

_DOCUMENTED = re.compile(
    # "found" as a finding, not "I found it hard" or "found myself".
    r"\b(?:found(?!\s+(?:it|myself|ourselves|himself|herself|themselves|that\s+(?:I|we)\b))|"
    r"finding|findings|case\s+reviews?|serious\s+case\s+review|reviews?\s+found|"
    r"fail\w*|"
    r"not\s+(?:acted|shared|believed|recorded|investigated|passed|offered|booked|followed|"
    r"checked|assessed|referred|provided|kept|completed)|in\s+\d[\d,]*\s+of\s+(?:the\s+)?"
    r"\d[\d,]*\s+(?:[\w-]+\s+)?(?:cases|files|records)|disbeliev\w*|ignored|"
    r"blamed|gaps?\s+identified|missing|blank|incomplete|information\s+shar\w*|"
    r"share\s+(?:information|every|referrals?)|section\s+\d+|annex|in\s+\d[\d,]*\s+(?:cases|"
    r"files)|(?:record|collect|publish|give)\w*\s+(?:[\w-]+\s+){0,8}?(?:ethnicity|nationality|"
    r"data|figures|count)|no\s+such\s+(?:figures|data|records)|do(?:es)?\s+not\s+exist|"
    r"unpublished|not\s+published|(?:state|show|report|publish)\s+how\s+many|because\s+(?:no|neither|none)\b|monitor\w*|repeat\s+this\s+audit|even\s+if|without\s+relying|does\s+not\s+"
    r"depend|regardless\s+of|wrongly|unchecked|warning\s+signs|because\s+(?:in\s+)?(?:only\s+|just\s+)?"
    r"\d[\d,]*\s+(?:of|out\s+of)\s+(?:the\s+)?\d[\d,]*|because\s+(?:in\s+)?\d[\d,]*\s+(?:[\w-]+\s+){0,3}?"
    r"(?:were|was|had|did|went)\b)\b",
    re.I,
)
_ROBUST = re.compile(
    r"\b(?:even\s+if|would\s+(?:still\s+)?(?:stand|hold)|without\s+relying\s+on|does\s+not\s+"
    r"depend|none\s+of\s+(?:them|these|the)\s+(?:\w+\s+)?depends?|regardless\s+of\s+(?:the\s+)?(?:disputed|contested))\b",
    re.I,
)
_FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s?(?:%|per\s?cent)|\b(?:most|majority|overwhelming(?:ly)?|half|a\s+third|"
    r"a\s+quarter|one\s+in\s+\w+|dominate\w*|largest\s+group)\b|\bthe\s+\d+%\s+figure|"
    r"hundreds\s+of\s+thousands|(?:a|one)\s+million|millions|£\s?\d",
    re.I,
)
_BECAUSE_FIGURE = re.compile(
    r"\b(?:because|given(?:\s+that)?|since|as|with)\b[^.;]{0,60}?(?:\d+(?:\.\d+)?\s?%|"
    r"hundreds\s+of\s+thousands|up\s+to\s+a\s+million|£\s?\d|our\s+figures|"
    r"(?:nearly\s+|almost\s+)?(?:a\s+quarter|a\s+third|half|most|the\s+majority)\s+of\s+"
    r"(?:the\s+)?(?:offenders|men|perpetrators|suspects|migrants))|"
    r"\b(?:communit\w+|groups?|men|nationalit\w+)\s+(?:identified|named|highlighted)\s+(?:in|by)\s+"
    r"(?:this|our)\s+(?:report|figures|research)|named\s+in\s+the\s+press|"
    r"(?:ethnic\s+groups?|communit\w+|nationalit\w+)\s+(?:that|which|who)\s+(?:are|were)\s+"
    r"(?:over-?represented|disproportionate)",
    re.I,
)
_ASKS_FOR_DATA = re.compile(r"\b(?:record|collect|publish)")
_MONITORING = re.compile(r"\b(?:monitor|repeat|every\s+(?:two\s+)?years?)", re.I)
# Figures whose source is itself the weak point: press clippings, name-counting, "our research".
_WEAK_SOURCE = re.compile(
    r"\b(?:named\s+in\s+the\s+(?:press|papers|media)|(?:press|media|newspaper)\s+reports?|"
    r"our\s+research|we\s+counted|from\s+their\s+names)\b",
    re.I,
)
# A figure about missing or unrecorded data supports fixing the data, not a contested share.
_DATA_GAP = re.compile(
    r"\b(?:missing|not\s+recorded|unrecorded|unknown|blank|incomplete|in\s+\d[\d,]*\s+"
    r"(?:cases|files))\b",
    re.I,
)


def _is_recommendation(passage: Passage, in_section: bool) -> bool | None:
    """True or False when the rules are sure, None when only the classifier can tell."""
    text = passage.text
    if text.rstrip().endswith("?") or _NOT_PROSE.match(text):
        return False
    # A call made before a reported question still is one ("We also call for a debate over who
    # should be entitled to ..."); a past "should have been" or a caveat stays excluded
    # ("Recommendation 3 should have been implemented", "we urge that the figures should be
    # treated with caution").
    explicit, excluded = _EXPLICIT.search(text), _NOT_A_RECOMMENDATION.search(text)
    question = excluded is not None and re.match(
        r"(?:about|over|as\s+to)\b", excluded.group(0), re.I
    )
    if excluded and not (explicit and question and explicit.end() <= excluded.start()):
        return False
    if _QUOTED_PAST.search(text) and not _MODAL.search(text.split(",")[-1]):
        return False
    if _own_explicit(text) or _OWN_CALL.search(text) or _COMMITMENT.search(text):
        return True
    if (
        (_NEED.search(text) or _IMPERSONAL_NEED.search(text)) and not _NEED_DESCRIBED.search(text)
    ) or _IMPERATIVE.search(text.strip()):
        return True
    if _LIST_CALL.match(text) or _OTHER_CALL.search(text):
        return True
    if not _own_modal(text):
        return False
    if in_section or _NUMBERED.match(text) or _ACTOR.search(text):
        return True
    return None


def _visible_call(text: str) -> bool:
    """A call cut off by the end of the excerpt whose action and object are already shown:
    "a commitment to improve the collection of data on ..." (not "The council should", and
    not a bare modal, which may yet turn into a caveat or a condition)."""
    cue = _COMMITMENT.search(text) or _EXPLICIT.search(text)
    return bool(cue) and len(text[cue.end() :].split()) >= 6


def _reported_recommendation(text: str) -> bool:
    """Someone else's recommendation, reported: a modal governed by "recommended that" or
    "called for" in the same clause, or a sentence closed by "..., the minister has proposed"."""
    if _OWN_CALL.search(text):
        return False
    if _REPORTED_AT_END.search(text) and _MODAL.search(text):
        return True
    for m in _REPORTED_THAT.finditer(text):
        # "In our view that ...", "we said that ...": the document's own words.
        if not re.search(
            r"\b(?:I|we|our|my)\s+(?:\w+\s+){0,2}$", text[max(0, m.start() - 30) : m.start()], re.I
        ):
            return True
    for verb in _REPORTED_VERB.finditer(text):
        clause = re.split(r"[,;:]", text[verb.end() :])[0]
        if _MODAL.search(clause) or re.match(r"\s+that\b", clause):
            return True
    return False


_DOUBLE_QUOTED = re.compile(r"“[^”]*(?:”|$)|(?<!\w)\"[^\"]*(?:\"|$)")


def _relayed(text: str, voice: speech.Voice) -> bool:
    """The call is someone else's as speech reads the sentence: inside their quoted words, or
    after a named speaker's reporting verb ("MEND calls for ..."). The document's own "we
    wrote to ... and asked" and an unnamed "It recommends" (often the document itself) stay
    the document's."""
    if not speech.is_reported(voice) or _OWN_CALL.search(text):
        return False
    if voice.basis == "quotation":
        return True
    call = _EXPLICIT.search(text) or _MODAL.search(text) or _NEED.search(text)
    if call is None:
        return False
    if any(m.start() < call.start() < m.end() for m in _DOUBLE_QUOTED.finditer(text)):
        return True
    return voice.speaker != speech.UNNAMED and 0 <= voice.cue_start < call.end()


def _aimed_at_group(text: str) -> bool:
    """A measure aimed at a group as such: removal, or screening, targeting or investigating
    the people or places of a named group."""
    if _REMOVAL.search(text):
        return True
    for verb in _GROUP_MEASURE.finditer(text):
        window = text[verb.end() : verb.end() + 60]
        if attributes_named(window) or _GROUP_PLACES.search(window):
            return True
    return False


def _documented(text: str) -> bool:
    return bool(_DOCUMENTED.search(text) or _BODY_FOUND.search(text))


def hinge_of(passage: Passage, paragraph: list[Passage]) -> str | None:
    """The hinge from rules alone, or None when neither the sentence nor its paragraph says."""
    found = basis_of(passage, paragraph)
    return found[0] if found else None


# A call for more evidence before concluding: "further investigation must be done in order to
# make fine conclusions", "more research is needed". It rests on the gap the document shows in
# its own evidence, not on the group figures beside it: never a contested basis.
_MORE_EVIDENCE = re.compile(
    r"\b(?:further|more|additional|deeper|closer|independent)\s+(?:\w+\s+)?(?:investigation|"
    r"research|study|studies|analysis|analyses|scrutiny|examination|evidence|data)\b|"
    r"\b(?:investigated|researched|studied|examined|explored)\s+further\b",
    re.I,
)


def basis_of(passage: Passage, paragraph: list[Passage]) -> tuple[str, Passage | None] | None:
    """The hinge and the sentence it was read from (the recommendation itself or an earlier
    sentence of its paragraph), or None when the rules cannot tell."""
    text = passage.text
    if _ROBUST.search(text):
        return "documented_failure", passage
    if _MORE_EVIDENCE.search(text) and not _aimed_at_group(text):
        return "unclear", passage
    named = attributes_named(text)
    if ((named and _FIGURE.search(text)) or _BECAUSE_FIGURE.search(text)) and not _DATA_GAP.search(
        text
    ):
        return "contested_statistic", passage
    aimed = _aimed_at_group(text)
    ends_scrutiny = bool(_END_SCRUTINY.search(text))
    # A demand to end scrutiny is not credited with a documented basis for the words
    # ("inquiry", "failed") it happens to contain.
    if not ends_scrutiny and _documented(text):
        return "documented_failure", passage
    before = [p for p in paragraph if p.start < passage.start]
    for other in reversed(before):
        weak_source = attributes_named(other.text) or _WEAK_SOURCE.search(other.text)
        if weak_source and _FIGURE.search(other.text):
            return "contested_statistic", other
        if not ends_scrutiny and _documented(other.text):
            return "documented_failure", other
    # A measure aimed at a group with nothing documented behind it rests on the group's share.
    if aimed:
        return "contested_statistic", None
    if ends_scrutiny:
        return "unclear", None
    return None


def detect(context: Context) -> Findings:
    in_section = False
    candidates: list[tuple[Passage, bool | None]] = []
    # The report checks that its recommendations survive if disputed figures are wrong.
    robust: list[Signal] = []
    passages = context.passages
    flags = context.memoised("quoted_flags", lambda: quoted_flags(context.passages))
    quoted_ids = {id(p) for p, flag in zip(passages, flags, strict=True) if flag}
    # Someone else's words, disputed or not ("'We must act,' he said"; "the report calls for"):
    # their call, not the document's, unless the document adopts it (guide H8).
    voices = speech.voices(context)
    quoted_ids |= {id(p) for p, v in zip(passages, voices, strict=True) if _relayed(p.text, v)}
    for index, passage in context.in_time(CRITERION, enumerate(passages)):
        if _ROBUST.search(passage.text):
            robust.append(Signal(page=passage.page, sentence=passage.text, kind="robust"))
        following = passages[index + 1].text if index + 1 < len(passages) else ""
        if _LEAD_IN.search(passage.text) and (
            _NUMBERED.match(following) or _MODAL.search(following)
        ):
            continue  # "We call on ... to act now:" introduces the list; the items are the content
        if (
            _HEADING.match(passage.text)
            and len(passage.text) < 80
            and not _MODAL.search(passage.text)
        ):
            in_section = True
            continue
        if (
            _OTHER_HEADING.match(passage.text)
            and len(passage.text) < 70
            and not _MODAL.search(passage.text)
        ):
            in_section = False
        if (
            index == len(passages) - 1
            and not _CLOSED.search(passage.text)
            and not _visible_call(passage.text)
        ):
            continue  # the excerpt ends mid-sentence: the recommendation is not complete
        verdict = _is_recommendation(passage, in_section)
        if verdict is False:
            continue
        if is_rebutted_report(passage, context.paragraph_of(passage)):
            continue
        candidates.append((passage, verdict))
    # Pages where the document endorses what it reports: reported recommendations there are its own.
    adopting = {p.page for p in passages if _ADOPTS.search(p.text)}
    unsure = [p for p, verdict in candidates if verdict is None]
    roles = {id(p): pred for p, pred in zip(unsure, predict([p.text for p in unsure]), strict=True)}
    recommendation_roles = (
        "recommendation_documented",
        "recommendation_contested",
        "recommendation_unclear",
    )
    found: list[RecommendationFinding] = []
    no_hinge: list[int] = []
    for passage, verdict in candidates:
        if verdict is None and roles[id(passage)].of(*recommendation_roles) < 0.5:
            continue
        basis = basis_of(passage, context.paragraph_of(passage))
        if basis is None:
            no_hinge.append(len(found))
        hinge, source = basis or ("unclear", None)
        found.append(
            RecommendationFinding(
                page=passage.page,
                sentence=passage.text,
                hinge=hinge,
                basis_page=source.page if source else None,
                basis_sentence=source.text if source else None,
                quoted=(id(passage) in quoted_ids or _reported_recommendation(passage.text))
                and passage.page not in adopting,
            )
        )
    # Where the rules find no basis, let the classifier name one only when it is fairly sure.
    if no_hinge:
        predictions = predict([found[i].sentence for i in no_hinge])
        for i, prediction in zip(no_hinge, predictions, strict=True):
            documented = prediction.of("recommendation_documented")
            contested = prediction.of("recommendation_contested")
            if documented >= 0.5:
                found[i] = found[i].model_copy(update={"hinge": "documented_failure"})
            elif contested >= 0.5:
                found[i] = found[i].model_copy(update={"hinge": "contested_statistic"})
    return Findings(recommendations=found, recommendations_signals=robust + _asks(found))


def _asks(found: list[RecommendationFinding]) -> list[Signal]:
    """Recommendations that ask to record, collect or publish data, or to monitor or repeat
    the work: good practice the suggestion credits."""
    out = []
    for r in found:
        if _ASKS_FOR_DATA.search(r.sentence):
            out.append(Signal(page=r.page, sentence=r.sentence, kind="asks_for_data"))
        if _MONITORING.search(r.sentence):
            out.append(Signal(page=r.page, sentence=r.sentence, kind="monitoring"))
    return out


# --- suggestion --------------------------------------------------------------------------------


def suggest(findings: Findings, context: Context) -> Suggestion:
    reported = [r for r in findings.recommendations if r.quoted]
    recs = [r for r in findings.recommendations if not r.quoted]
    if not recs and reported:
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="not_applicable",
            confidence=0.45,
            rationale="The only recommendations found are others' that the document reports "
            f"({page_list(r.page for r in reported)}); it makes none of its own.",
            evidence=evidence((r.page, r.sentence, "reported recommendation") for r in reported),
            counts={"recommendations": 0, "reported_recommendations": len(reported)},
        )
    if not recs:
        return Suggestion(
            id=CRITERION,
            suggested_level=None,
            status="not_applicable",
            confidence=0.5,
            rationale="No recommendation was found (no 'we recommend', numbered recommendation, "
            "or 'should'/'must' addressed to anyone), so the question looks not to apply.",
            evidence=[],
            counts={"recommendations": 0},
        )
    contested = [r for r in recs if r.hinge == "contested_statistic"]
    documented = [r for r in recs if r.hinge == "documented_failure"]
    unclear = [r for r in recs if r.hinge == "unclear"]
    robust = [s for s in findings.recommendations_signals if s.kind == "robust"]
    asks = {(s.kind, s.page, s.sentence) for s in findings.recommendations_signals}
    data_fix = [r for r in documented if ("asks_for_data", r.page, r.sentence) in asks]
    monitoring = [r for r in recs if ("monitoring", r.page, r.sentence) in asks]
    total = len(recs)
    if len(contested) / total >= 0.5 or (contested and not documented):
        level = 0
    elif len(contested) / total > 0.25 or len(documented) / total < 0.5:
        level = 1
    else:
        extras = sum(bool(x) for x in (robust, data_fix, monitoring))
        level = 3 if not contested and extras >= 2 else 2
    parts = [
        f"{plural(total, 'recommendation')}: {len(documented)} rest on documented failures, "
        f"{len(contested)} on a contested or unsourced figure, {len(unclear)} unclear"
    ]
    if contested:
        parts.append(f"contested basis on {page_list(r.page for r in contested)}")
    if robust:
        parts.append(
            "the report checks that its recommendations survive if disputed figures are wrong"
        )
    if data_fix:
        parts.append("one or more recommendations fix the weak data")
    items = [(r.page, r.sentence, "rests on a contested figure") for r in contested]
    items += [(r.page, r.sentence, "rests on a documented failure") for r in documented]
    items += [(p.page, p.sentence, "robustness check") for p in robust[:1]]
    items += [(r.page, r.sentence, "basis unclear") for r in unclear]
    counts = {
        "recommendations": total,
        "documented_failure": len(documented),
        "contested_statistic": len(contested),
        "unclear": len(unclear),
        "robustness_checks": len(robust),
        "fix_the_data": len(data_fix),
        "monitoring": len(monitoring),
    }
    confidence = confidence_from_count(total, base=0.35)
    return suggested(CRITERION, level, confidence, parts, items, counts=counts)


CHECK = Check(
    criterion=CRITERION,
    produces={"recommendations": RecommendationFinding, "recommendations_signals": Signal},
    detect=detect,
    suggest=suggest,
    answer_key={
        "recommendations": KeyedList(
            fields=("page", "sentence", "hinge"),
            scored={"hinge": ("hinge",)},
            only_if_applicable=True,
        )
    },
)
