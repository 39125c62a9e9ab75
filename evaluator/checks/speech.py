"""Who says what: one reading of each passage's speaker and stance (issue 12, item 1).

Every check asks the same question of a sentence (is this the document's own claim, a claim it
relays, or one it relays in order to dispute it?) and gets the same answer from here:

- speaker: "document", or the party the document quotes or reports ("the campaign",
  "unnamed" for "critics say", "it is often claimed", a debate);
- stance: "asserts" (the document's own voice, always and only then), "reports" (relayed
  unchallenged) or "disputes" (relayed and questioned, corrected or rejected in the sentence or
  its paragraph, as in "It is a myth that ...", "The campaign's claim that ... cannot be
  reproduced", a fact-check's "Verdict: not supported").

The reading is linear in the length of the text: each passage is read once by bounded patterns,
and disputes travel only within a paragraph or to the passage right beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..models import UNNAMED_SPEAKER, Passage
from ..wording import DATELINE, markdown_table_row
from .parallel import passage_fact

Stance = Literal["asserts", "reports", "disputes"]
Basis = Literal[
    "own",  # the document's own voice
    "quotation",  # direct speech in quotation marks
    "reported",  # "X said / claims / found that ..."
    "according",  # "according to X"
    "named_claim",  # "the claim that ...", "it is a myth that ...", "it has been said"
    "debate",  # a debate or perception described, not joined
    "set_apart",  # a claim set apart under "Claim 2" or above a verdict
    "carried",  # continues the voice of the passage before ("This figure ...", "It says")
]
DOCUMENT = "document"
UNNAMED = UNNAMED_SPEAKER


@dataclass(frozen=True)
class Voice:
    """The speaker and stance of one passage, and the words that decided them.

    `cue_start`/`cue_end` are offsets into the passage text (-1 when no cue: the document's
    own voice); `dispute` is the document's words that dispute the claim, when it does.
    """

    page: int
    start: int
    speaker: str
    stance: Stance
    basis: Basis
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    dispute: str = ""


def is_own(voice: Voice) -> bool:
    return voice.speaker == DOCUMENT


def is_disputed(voice: Voice) -> bool:
    """Relayed in order to be questioned: the claim is not the document's own."""
    return voice.stance == "disputes"


def is_reported(voice: Voice) -> bool:
    """Someone else's claim, whether the document disputes it or passes it on."""
    return voice.speaker != DOCUMENT


# --- the document's own words that dispute a claim --------------------------------------------

_REJECT_VERBS = (
    r"rejected|rejects|reject|dismissed|dismisses|discounted|discounts|disputed|disputes|challenged|"
    r"challenges|contested|contests|questioned|questions|fact-?checked|"
    r"criticised|criticized|criticises|criticizes|cast\s+doubt\s+on|casts\s+doubt\s+on|"
    r"called\s+into\s+question|calls\s+into\s+question"
)
_REJECTED_NOUNS = (
    r"estimates?|figures?|claims?|statistics?|stats|numbers?|counts?|totals?|results?|findings?|"
    r"study|studies|data|analysis|calculations?|projections?"
)
_DISPUTE_WORDS = (
    r"myths?|debunk\w*|dispel\w*|refut\w*|disprov\w*|discredit\w*|rebut\w*|"
    r"not\s+supported|unsupported|unsubstantiated|unfounded|baseless|"
    r"no\s+(?:reliable\s+|stated\s+|clear\s+|credible\s+|real\s+|good\s+|firm\s+)?"
    r"(?:evidence|basis|source|method|count|calculation)|"
    r"(?:gives|gave|offers|offered|provides|provided|cites|cited|shows|showed)\s+no\s+"
    r"(?:source|method|evidence|basis|count|calculation|data)|"
    r"there\s+is\s+no\s+(?:reliable\s+|credible\s+)?(?:evidence|basis|source|data)|"
    r"cannot\s+be\s+(?:reproduced|replicated|verified|checked|confirmed|relied\s+on|substantiated|"
    r"supported|traced|sourced)|could\s+not\s+(?:be\s+)?(?:reproduce|replicate|verif|find|trace)\w*|"
    r"(?:is|are|was|were|been|be)\s+(?:simply\s+|plainly\s+|clearly\s+|also\s+|demonstrably\s+|"
    r"patently\s+|completely\s+|entirely\s+|totally\s+|far\s+|much\s+)?(?:wrong|false|"
    r"untrue|mistaken|incorrect|inaccurate|exaggerated|overstated|inflated|a\s+myth|"
    r"sensationali[sz]ed)|erroneous|(?:sceptical|skeptical)\s+(?:of|about)|"
    r"misleading|misrepresent\w*|distort\w*|double[- ]count\w*|over-?count\w*|"
    r"does\s+not\s+(?:stand\s+up|hold\s+up|add\s+up|bear\s+scrutiny|survive)|"
    r"not\s+(?:true|borne\s+out|accurate|correct|credible|reliable|representative)|"
    r"does\s+not\s+say\s+(?:how|where|what|which)|did\s+not\s+say\s+(?:how|where|what|which)|"
    r"shown\s+to\s+rest\s+on|rests?\s+on\s+(?:press|no|a\s+flawed|guesswork)|unreliable|flawed|"
    r"withdrawn|retracted|without\s+(?:a\s+|any\s+)?(?:stated\s+)?(?:source|method|evidence|basis)|"
    r"no\s+whole\s+number|arithmetic\s+is\s+wrong|impossible|muddled|dubious|questionable|"
    r"cherry-picked|out\s+of\s+context|shaky|but\s+in\s+fact|contrary\s+to|(?:falsely|wrongly|mistakenly|"
    r"misleadingly|erroneously)\s+"
    # what is done to people ("a watchlist which falsely stigmatizes", "wrongly arrested") is no
    # claim being disputed
    r"(?!(?:stigmati|arrest|detain|convict|jail|imprison|deport|target|accus|suspect|profil|"
    r"stopp|search|treat|brand|punish|sentenc|exclud|ban)\w*)\w+|"
    # A figure or claim rejected, by the document or by a critic it carries ("experts rejected
    # a new estimate of 22 million", "fact-checked claims that", "the figure was disputed"):
    # only with a figure or claim as the object, since "questioned 2,000 people" is a survey.
    # "without relying on any disputed figure" names no dispute: an adjective after "any" or "a".
    rf"(?<!\bany\s)(?<!\ba\s)(?<!\ban\s)(?<!\bno\s)(?<!\bevery\s)"
    rf"(?:{_REJECT_VERBS})\s+(?:(?:the|this|that|these|those|a|an|such|its|their|his|her)\s+)?"
    rf"(?:[\w,.-]+\s+){{0,3}}(?:{_REJECTED_NOUNS})\b|"
    rf"(?:{_REJECTED_NOUNS})\s+(?:(?:has|have|had)\s+)?(?:been|was|were|is|are)\s+(?:\w+ly\s+)?"
    rf"(?:{_REJECT_VERBS})"
)
DISPUTE = re.compile(rf"\b(?:{_DISPUTE_WORDS})\b", re.I)
# Dispute words or a plain "but no ..." answer: enough once a claim is known to be disputed.
REBUTTAL = re.compile(rf"\b(?:{_DISPUTE_WORDS}|but\s+(?:gives\s+)?(?:no|not|nothing))\b", re.I)
# A verdict opening a line: "Verdict: not supported", "False.", "Misleading:".
VERDICT = re.compile(
    r"^\W{0,3}(?:(?:our\s+)?verdict|rating|reality\s+check)\b|^\W{0,3}(?:false|"
    r"misleading|not\s+supported|unsupported|wrong|untrue|mostly\s+false|incorrect)\b",
    re.I,
)
# The document answers a relayed claim after a contrast: "..., but gives no count".
_CONTRAST = re.compile(
    r"(?:[,;:–—-]\s*|\s)(?:but|however|yet|though)\b[^.]{0,80}?(?:\b(?:no|not|nothing|never|"
    rf"(?:{_DISPUTE_WORDS}))\b|\w+n[’']t\b)",
    re.I,
)
# "Claim 2", "The claim:", "Statement 3": a fact-check's heading for the claim that follows.
_CLAIM_HEADING = re.compile(r"^\W{0,3}(?:the\s+)?(?:claim|statement)(?:\s+\d+)?\s*:?\s*$", re.I)

# --- naming a claim without making it ----------------------------------------------------------

# "the claim that", "the campaign's figure of", "it is a myth that", "the idea that".
_CLAIM_NOUN = (
    r"claims?|allegations?|assertions?|suggestions?|ideas?|notions?|myths?|beliefs?|"
    r"perceptions?|narratives?|contentions?|figures?|statistics?|estimates?|headlines?|"
    r"theory|theories|trope|line|view|argument|impression|assumption|stereotypes?|accusations?"
)
# Nouns that name a claim with "of": "the myth of ...", "the figure of 90%".
_OF_NOUN = (
    r"myths?|figures?|statistics?|estimates?|claims?|allegations?|notions?|ideas?|narratives?"
)
_NAMED_CLAIM = re.compile(
    rf"\b(?P<who>(?:(?:[A-Z][\w’'.&-]*\s+){{0,4}}[A-Z][\w’'.&-]*|the\s+\w+(?:\s+\w+)?|their|its|his|"
    rf"her)[’']s?\s+)?(?:own\s+|widely[- ]\w+\s+|oft[- ]repeated\s+|repeated\s+|popular\s+|"
    rf"common\s+|widespread\s+|persistent\s+|latest\s+|earlier\s+|recent\s+|new\s+|"
    rf"original\s+|central\s+|main\s+|key\s+)?(?:(?:{_CLAIM_NOUN})\s+that\b(?!\s+(?:has|have|had|"
    rf"was|were|is|are|will|would|can|could|may|might|appears?|seems?)\b)|(?:{_OF_NOUN})\s+of\b)|"
    r"\bit\s+is\s+(?:a\s+)?(?:myth|false|untrue|not\s+true|wrong|misleading)\s+(?:that|to\s+say)\b|"
    r"\bso-called\b",
    re.I,
)
# The claim nouns that only name a claim when someone owns it or it is disputed: "the figure
# of 300" alone is the document's own figure.
_WEAK_CLAIM_NOUN = re.compile(r"^(?:figures?|statistics?|estimates?)$", re.I)
# "It has been claimed that", "some have argued", "critics say", "there is a widespread
# perception that": a claim with no named owner.
_UNNAMED = re.compile(
    r"\bit\s+(?:has\s+(?:often\s+|also\s+|long\s+|widely\s+)?been|is\s+(?:often\s+|widely\s+|"
    r"commonly\s+|sometimes\s+|frequently\s+)?|was\s+(?:often\s+|widely\s+)?)(?:said|claimed|"
    r"alleged|asserted|argued|suggested|reported|believed|assumed|rumoured)\s+that\b|"
    r"\b(?:some|critics|commentators|campaigners|activists|opponents|supporters|others|many)\s+"
    r"(?:have\s+|had\s+)?(?:say|said|claim|claimed|argue|argued|allege|alleged|suggest|"
    r"suggested|believe|insist|insisted|contend|contended|maintain)\b|"
    r"\bthere\s+(?:is|was|has\s+been|have\s+been)\s+(?:a\s+)?(?:widespread\s+|common\s+|"
    r"persistent\s+|popular\s+|growing\s+)?(?:perceptions?|beliefs?|claims?|allegations?|"
    r"suggestions?|speculation|rumours?)\s+(?:that|of)\b|\bwe\s+are\s+(?:often\s+)?told\b|"
    r"\bthere\s+(?:have\s+been|were|are|has\s+been)\s+(?:growing\s+|repeated\s+|renewed\s+)?"
    r"calls\s+(?:for|to)\b",
    re.I,
)
# A debate described rather than joined: "a public debate in which links have been made
# between ethnicity and offending", "the row over ...".
_DEBATE = re.compile(
    r"\b(?:debates?|controvers(?:y|ies)|rows?|disputes?|arguments?|rhetoric|discourse|"
    r"discussions?)\s+(?:in\s+which|where|(?:about|over|around|surrounding)\s+(?:claims|"
    r"allegations|suggestions)\s+that)\b|"
    r"\blinks?\s+(?:has|have|had)\s+been\s+(?:made|drawn|suggested|claimed)\b|"
    r"\b(?:has|have|had)\s+been\s+(?:linked|blamed|portrayed|characterised|characterized|"
    r"depicted|framed)\b",
    re.I,
)

# --- reported speech ---------------------------------------------------------------------------

# Verbs that report speech with any object: "X said ...", "critics claim ...".
_SPEECH = (
    r"said|says|say|told|tells|tell|claimed|claims|claim|argued|argues|argue|asserted|asserts|"
    r"alleged|alleges|allege|insisted|insists|warned|warns|wrote|writes|added|adds|admitted|"
    r"admits|stressed|stresses|explained|explains|accused|accuses|maintained|maintains|contended|"
    r"contends|declared|declares|complained|acknowledged|acknowledges|conceded|concedes|"
    r"proposed|proposes|urged|urges|called\s+for|calls\s+for|announced|predicted|predicts|"
    r"branded|warn|write|insist|stress|explain|admit|maintain|contend|declare|acknowledge"
)
# Verbs that report a finding only when a body (not a dataset) finds it: "the inquiry found
# that", "the report gives 83%", "the campaign puts the figure at".
_FINDING = (
    r"found|finds|noted|notes|reported|reports|revealed|reveals|highlighted|highlights|"
    r"showed|shows|indicated|indicates|confirmed|confirms|concluded|concludes|estimated|"
    r"estimates|suggested|suggests|stated|states|believes|believe|puts|put|gives|gave|counts|"
    r"counted|identified|identifies|calculated|calculates|observed|points\s+out|pointed\s+out|"
    r"quotes|"
    r"observes|cites|cited|set\s+out|sets\s+out|recommended|recommends|argued|note|highlight|"
    r"estimate|conclude|suggest"
)
_VERB = re.compile(
    rf"\b(?:(?:has|have|had|also|previously|recently|repeatedly|once)\s+){{0,2}}"
    rf"(?P<verb>{_SPEECH}|{_FINDING})\b",
    re.I,
)
_SPEECH_ONLY = re.compile(rf"^(?:{_SPEECH})$", re.I)
# Finding verbs that only a person or body does (a dataset "shows", it does not "suggest"), so
# any subject may be their speaker: "Casey suggested ...".
_OPINION = re.compile(
    r"^(?:suggested|suggests|suggest|noted|notes|note|concluded|concludes|conclude|argued|"
    r"believes|believe|highlighted|highlights|highlight|recommended|recommends|observed|"
    r"observes|points\s+out|pointed\s+out)$",
    re.I,
)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|be|being|is|are|not|to|will|would|could|may|might|can)\s*$", re.I
)
_NOT_SPEECH_AFTER = re.compile(r"^\s*(?:guilty|dead|responsible|out\b(?!\s+that))", re.I)
# Where the subject of a reporting verb begins: a clause boundary.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]“”\"‘—–]|\s-\s|(?<!s)'(?=\s)|(?<!s)’(?=\s)|\b(?:that|which|who|whom|but|because|"
    r"while|when|as|if|whether|although|though|after|before|since|so|then|where|what|how)\b|"
    # "and" joins a name ("England and Wales") when a capital follows it.
    r"\band\b(?!\s+(?-i:[A-Z]))",
    re.I,
)
_AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|previously|recently|repeatedly|once|did|does|do|"
    r"will|would|may|might|could|can|must|should|then|now|later|yesterday|today))+$",
    re.I,
)
_OWN_SUBJECT = re.compile(
    r"^(?:we|i|our\b.*|us|this\s+(?:(?:new|latest|short|present|full)\s+)?(?:report|paper|"
    r"study|article|review|briefing|bulletin|note|"
    r"analysis|audit|inquiry|publication|document|release|section|chapter|fact-?check|piece|"
    r"page|table|chart|figure|survey|research)|the\s+(?:present|current)\s+\w+|the\s+authors?|"
    r"(?:this|the\s+following)\s+\w+\s+(?:table|chart|figure))$",
    re.I,
)
# A dataset named as the basis of the document's own statement: "Police figures show".
_DATASET = re.compile(
    r"\b(?:data|dataset|figures?|statistics|stats|records?|census|survey|tables?|numbers|"
    r"series|returns|counts?|estimates|bulletin|database|register|index|total|rate|share|"
    r"proportion|percentage|increase|rise|fall|results?|chart|graph)\b",
    re.I,
)
_BODY = re.compile(
    r"\b(?:report|study|studies|inquiry|inquiries|review|audit|paper|campaign|group|"
    r"researchers?|authors?|investigations?|team|panel|agency|ministry|watchdog|inspectorate|"
    r"organi[sz]ation|"
    r"charity|party|minister|secretary|spokes\w+|commission|committee|council|government|"
    r"police|force|office|department|court|judge|leaflet|post|website|article|analysis|"
    r"institute|centre|center|university|mp|chair|chief|leader|officials|experts?|critics?|"
    r"campaigners?|newspaper|paper|host|presenter|journalist|reporter|commentator|blogger|"
    r"councillor|politician|activist|professor|academic|writer|columnist|candidate|"
    r"spokesperson|charity|trust|foundation|union|thinktank|think\s+tank)\b",
    re.I,
)
# A subject holds no verb of its own: "This figure cannot be checked against police records".
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|cannot|can|could|will|would|should|must|may|might|not|do|"
    r"does|did|there)\b",
    re.I,
)
# A share of people "said" something: the document's own survey finding.
_SHARE_SUBJECT = re.compile(
    r"\d|%|\b(?:half|third|quarter|most|majority|minority|per\s*cent|one\s+in|none|few|"
    r"many|all|each|every)\b",
    re.I,
)
# A year that dates a subject ("A Home Office study in 2020 found", "A 2024 report found") is no
# share of people; "More than 2000 residents said" still is.
_YEAR = re.compile(
    r"\b(?:in|since|during|from|of|for|by|between|and|to)\s+(?:19|20)\d\d(?:[/-]\d\d)?\b|"
    r"\b(?:19|20)\d\d(?:[/-]\d\d)?(?=\s+(?:[A-Z]|report|study|review|inquiry|survey|paper|"
    r"analysis|audit|investigation)\b)"
)
# Words that do not begin a speaker: a preposition, the document's "we", an indefinite
# pronoun, a bare number ("Five claims about ...").
_NOT_A_SUBJECT = re.compile(
    r"^(?:for|of|in|on|at|by|with|from|to|into|about|than|over|under|we|i|you|our|us|anyone|"
    r"someone|everyone|nobody|no\s+one|each|who|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|\d[\d,.]*)\b",
    re.I,
)
# Verb forms that are also plural nouns ("police records in three areas", "five claims about")
# report speech only before what is said: "that", a colon or quotation, a number, a noun phrase.
_NOUN_LIKE = re.compile(
    r"^(?:records|reports|counts|estimates|notes|claims|states|lists|details|documents|shows|"
    r"finds|puts|cites|highlights|indicates|confirms|reveals|concludes|calculates|observes|"
    r"says|tells|tell|told|adds|added|sets\s+out|set\s+out|describes|recommends|believes|note|"
    r"highlight|estimate|conclude|suggest|warn|write|insist|stress|explain|admit|maintain|"
    r"contend|declare|acknowledge)$",
    re.I,
)
# A recommending verb and the action it takes ("recommends tightening", "recommends both").
_PROPOSING = re.compile(r"recommend|suggest|urge|propose", re.I)
_ACTION_AFTER = re.compile(
    r"\s+(?:both\b|(?!(?:thing|something|nothing|anything|everything)\b)[a-z]+ing\b)"
)
# A claim set apart before its speaker: "Crime has doubled, the campaign claims."
_SET_APART = re.compile(r"[,:;“”\"‘’—–-]\s*$")
_CONTENT_AFTER = re.compile(
    r"^\s*(?:that\b|[“\"‘]|\d|(?:the|a|an|its|their|his|her|how|what|it|there|more|most|"
    r"some|nearly|almost|around|over|up\s+to|at\s+least|as\s+many)\b)",
    re.I,
)
# "Ms Lane added ...", "Report Finds ...": a person by title, or a report in a headline.
_TITLED = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Judge)\.?"
    r"(?:\s+[A-Z][\w’'-]*){1,3}|\b(?:Report|Study|Review|Inquiry|Audit|Survey|Research|Analysis))"
    r"\s+(?:also\s+)?$"
)
_TELL = re.compile(r"^(?:tell|tells|told|adds|added)$", re.I)
_SUBORDINATE = re.compile(
    r"\b(?:when|if|because|as|while|where|that|which|who|although|though|after|before|since|"
    r"unless|whether|how|what)\s*$",
    re.I,
)


def _is_dataset(phrase: str) -> bool:
    """A dataset, not a body that concludes: judged by the head noun ("Home Office figures" is
    data, "the Home Office" a body), and the document's own source (labelling guide)."""
    words = re.findall(r"[\w-]+", phrase)
    head = words[-1] if words else ""
    if _DATASET.fullmatch(head):
        return True
    return bool(_DATASET.search(phrase)) and not _BODY.search(phrase)


_PRONOUN = re.compile(r"^(?:he|she|they|it)$", re.I)
_DETERMINER_END = re.compile(
    r"(?:^|\s)(?:the|a|an|this|that|these|those|its|his|her|their|our|my|your|some|any|no|each|"
    r"every|such|[\w’'-]+[’']s?)$",
    re.I,
)
_GENERIC_SUBJECT = re.compile(
    r"^(?:some|critics|commentators|campaigners|activists|opponents|supporters|others|many|"
    r"people|observers|politicians|experts)$",
    re.I,
)
# "according to the charity" is a reported claim; "according to ONS data" is the document's
# own statement with its source (labelling guide, speaker).
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?P<who>[^,.;:()]{2,80}?)(?=\s*(?:[,.;:()]|$|\s(?:the|a|an|there|"
    r"some|most|more|about|around|over|nearly|almost|\d)\b))",
    re.I,
)
# "The statistic has been repeated by the party's chair": a claim relayed in the passive.
_BY_AGENT = re.compile(
    r"\b(?:has|have|had|was|were|been|being)\s+(?:\w+\s+)?(?:repeated|made|claimed|said|"
    r"stated|cited|quoted|shared|promoted|popularised|popularized|echoed|amplified|described|"
    r"put\s+forward|raised|dismissed|branded|called)\s+(?:[\w\"“”‘’']+\s+){0,3}?by\s+"
    r"(?P<who>[\w’'.&-]+(?:\s+[\w’'.&-]+){0,6}?)(?=\s*(?:[,.;:()]|$|\s(?:in|on|at|as|after|"
    r"before|during|last|this|who|which|when|and|but)\b))",
    re.I,
)
# Attribution after the words, the speaker after the verb: "..., said Dr Lee." / "... was
# false, said the Guardian." / "..., says a spokesperson for the force."
_INVERTED = re.compile(
    r"[,—–]\s*(?:said|says|claimed|claims|added|adds|wrote|writes|argued|argues|warned|warns|"
    r"insisted|insists|explained|explains|stated|states)\s+(?P<who>(?:the\s+|a\s+|an\s+)?"
    r"[\w’'.&-]+(?:\s+[\w’'.&-]+){0,7}?)\s*(?=[.;!?]|,\s|$)"
)
# Words that open a part of a document, not a speaker: "..., says Section 4 of this report."
_DOCUMENT_PART = re.compile(
    r"^(?:Annex|Appendix|Section|Chapter|Table|Figure|Chart|Page|Part|Box|Paragraph)\b", re.I
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.&-]*|of|for|and|the|de|von|van|al|&)$")


def _inverted_speaker(who: str) -> bool:
    """A speaker after its verb: a name ("Dr Vell", "the Home Office"), or an article and a body
    ("a spokesperson for the force"); not a clause that happens to follow "states" or "claims"
    used as a noun ("..., states report hate crimes"), nor a part of the document."""
    bare = re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.I)
    if not bare or _DOCUMENT_PART.match(bare) or _NOT_A_SUBJECT.match(bare):
        return False
    if _OWN_SUBJECT.match(who) or _is_dataset(who):
        return False
    if bare[:1].isupper():
        return all(_NAME_WORD.match(w) for w in bare.split())
    words = who.split()
    article = words[0].lower() in ("the", "a", "an")
    return len(words) > 1 and article and bool(_BODY.fullmatch(words[-1]))


# A figure a claim turns on: "40%", "17 times", "12 per cent", "one in five".
FIGURE = re.compile(
    r"\d[\d,.]*\s?(?:%|per\s?cent\b|percent\b|pc\b|times\b|-fold\b|x\b)|"
    r"\bone\s+in\s+\w+|\b(?:twice|three\s+times|four\s+times|five\s+times|ten\s+times)\b",
    re.I,
)
# A clause that refers back to the claim just before it: "This figure ...", "That claim ...".
_REFERS_BACK = re.compile(
    r"^\W{0,3}(?:(?:but|and|yet|however),?\s+)?(?:this|that|these|those|the|such\s+a|its|their)\s+"
    r"(?:(?:same|\d[\d.,]*\s?%?|headline|quoted|oft-quoted|widely[- ]\w+)\s+)?"
    r"(?:figures?|claims?|statistics?|numbers?|estimates?|percentages?|shares?|assertions?|"
    r"allegations?|findings?|totals?|counts?|suggestions?|ideas?|notions?|statements?)\b|"
    r"^\W{0,3}(?:this|that|it)\s+(?:is|was)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:figure|claim|"
    r"statistic|number|estimate|percentage)\b|"
    r"^\W{0,3}(?:it|they|he|she)\s+(?:also\s+)?(?:says|said|claims|claimed|gives|gave|counts|"
    r"counted|puts|put|argues|argued|identified|adds|added|states|stated|uses|used)\b",
    re.I,
)

_OPEN = {"“": "”", '"': '"', "‘": "’", "«": "»"}
# Every character that can open a quotation in `_quoted_spans`.
_QUOTE_MARKS = (*_OPEN, "'")  # the typewriter apostrophe opens a single quote too
_MAX_SPAN = 8  # how many passages a voice or a dispute may travel within a paragraph


def _quoted_spans(text: str, open_quote: str | None) -> tuple[list[tuple[int, int]], str | None]:
    """Spans of `text` inside quotation marks, and the quote still open at its end (double
    quotes only: an apostrophe looks like a closing single quote)."""
    spans: list[tuple[int, int]] = []
    if not open_quote and not any(mark in text for mark in _QUOTE_MARKS):
        return spans, None  # nothing opens a quote: the loop below would find nothing
    start = 0 if open_quote else -1
    closing = _OPEN.get(open_quote or "", "")
    n = len(text)
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        if start >= 0:
            if ch == closing and not (closing == "’" and after.isalpha()):
                spans.append((start, i))
                start, closing = -1, ""
            continue
        if ch in "“«" or (ch == '"' and not before.isalnum()):
            start, closing, open_quote = i + 1, _OPEN[ch], ch
        elif ch == "‘" or (ch == "'" and not before.isalnum() and after.isalnum()):
            start, closing, open_quote = i + 1, "’" if ch == "‘" else "'", ch
    if start >= 0 and closing in '”"»':
        spans.append((start, n))
        return spans, open_quote
    # An unclosed single quote is most likely an apostrophe: ignore it.
    return spans, None


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _letters(text: str, spans: list[tuple[int, int]] | None = None) -> int:
    # map, not a generator: the same count, a third of the time (run on every passage).
    if spans is None:
        return sum(map(str.isalnum, text))
    return sum(sum(map(str.isalnum, text[a:b])) for a, b in spans)


@dataclass
class _Reading:
    """What one passage says about its own speaker, before neighbours are considered."""

    speaker: str = DOCUMENT
    basis: Basis = "own"
    cue: tuple[int, int] = (-1, -1)
    disputed_at: tuple[int, int] = (-1, -1)
    pronoun: bool = False  # the speaker is "he/she/they/it": take it from the passage before
    tentative: bool = False  # "it found": reported only if someone was named just before
    open_after: str | None = None  # a quotation still open at the end of the passage
    # A party the document speaks about ("The campaign's report does not say ..."): what a
    # later "it says" may point back to.
    mentioned: str = ""
    spans: tuple[tuple[int, int], ...] = ()


def _subject(text: str, end: int) -> str:
    """The words before a reporting verb back to the clause boundary (at most 8 words)."""
    window = text[max(0, end - 120) : end]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        last = breaks[-1]
        tail = window[last.end() :]
        if not tail.strip() and last.group(0).lower() == "who" and len(breaks) > 1:
            # "people in politics who claimed that ...": the noun phrase before "who".
            tail = window[breaks[-2].end() : last.start()]
            if not tail.strip() and breaks[-2].group(0) == "," and len(breaks) > 2:
                # "..., repeated by Councillor Vell, who claimed": the phrase before the comma.
                tail = window[breaks[-3].end() : breaks[-2].start()]
            by = list(re.finditer(r"\bby\s+", tail))
            if by:
                tail = tail[by[-1].end() :]  # the agent: "repeated in 2019 by X" -> "X"
        elif not tail.strip() and last.group(0) == "," and len(breaks) > 1:
            # "Dr Lee, a criminologist, said": the appositive names the speaker.
            tail = window[breaks[-2].end() : last.start()]
            head = window[breaks[-3].end() if len(breaks) > 2 else 0 : breaks[-2].start()]
            if breaks[-2].group(0) == "," and head.strip()[:1].isupper():
                tail = head
        window = tail
    words = window.split()[-8:]
    for k in range(len(words) - 1, 0, -1):
        if words[k] in ("A", "An", "The"):
            words = words[k:]  # a heading run into the sentence: "Why we wrote this A campaign"
            break
    subject = _AUXILIARY_TAIL.sub("", " ".join(words)).strip(" ’'\"”“‘")
    return subject


def _party(subject: str) -> str:
    """A named party in a subject the document speaks about, or ""."""
    subject = _AUXILIARY_TAIL.sub("", re.sub(r"\b(?:does|did|do|has|have|had)\s*$", "", subject))
    subject = subject.strip()
    if not subject or _OWN_SUBJECT.match(subject) or _is_dataset(subject):
        return ""
    return subject if _BODY.search(subject) or re.search(r"[A-Z]", subject[1:]) else ""


# A proper name closing an opening prepositional phrase: "In a series of posts Quill".
_NAME_AFTER_PHRASE = re.compile(
    r"^(?i:in|on|at|during|after|before|from|with)\s+(?:[a-z][\w’'-]*\s+){1,6}"
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Dr|Prof|Professor|Sir|Dame|Lord|Lady)\.?\s+)?"
    r"(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)$"
)


def _speaker_of(subject: str, verb: str) -> tuple[str | None, bool, bool]:
    """Who a reporting verb's subject names: None when it is no speaker (the document or a
    dataset speaking, a noun phrase that is not a subject). Flags: a pronoun ("he said"), and
    tentative ("it found": a speaker only if one was named just before)."""
    last = subject.split()[-1] if subject else ""
    speech = bool(_SPEECH_ONLY.match(verb) or _OPINION.match(verb))
    if last.lower() in ("we", "i", "you", "us"):
        return None, False, False  # the document's own voice
    if _SHARE_SUBJECT.search(_YEAR.sub(" ", subject)):
        return None, False, False
    if _PRONOUN.match(last) and len(subject.split()) <= 3:
        # "he said", "Elsewhere it counts": the speaker named before.
        return UNNAMED, True, not speech
    if not subject or _DETERMINER_END.search(subject) or _FINITE.search(subject):
        return None, False, False
    if _NOT_A_SUBJECT.match(subject):
        # "In a statement on Monday Dr Vell said": the name after an opening phrase speaks.
        named = _NAME_AFTER_PHRASE.search(subject)
        if not (named and speech):
            return None, False, False
        subject = named.group("name")
    if _OWN_SUBJECT.match(subject):
        return None, False, False
    if _is_dataset(subject):
        return None, False, False
    if not speech and not (_BODY.search(subject) or re.search(r"[A-Z]", subject[1:] or "")):
        return None, False, False
    if _GENERIC_SUBJECT.match(subject):
        return f"{UNNAMED} ({subject.lower()})", False, False
    return subject, False, False


@passage_fact(lambda p: (p.text, None))
def _read_one(text: str, open_quote: str | None) -> _Reading:
    spans, open_after = _quoted_spans(text, open_quote)
    reading = _Reading(open_after=open_after, spans=tuple(spans))
    if markdown_table_row(text):
        return reading  # a table's cells: nobody's speech
    letters = _letters(text)
    quoted_share = _letters(text, spans) / letters if letters else 0.0
    heading_like = len(text) < 40 and not re.search(r"\d", text)
    # Reported speech: the first reporting verb outside quotation marks with a speaker.
    for match in _VERB.finditer(text):
        verb = match.group("verb")
        if _inside(spans, match.start("verb")):
            continue
        # Look-backs read a bounded window, so a long passage stays linear.
        near = text[max(0, match.start() - 60) : match.start()]
        passive = _PASSIVE_BEFORE.search(near)
        if passive:
            if passive.group(0).strip().lower() == "not":
                subject = _subject(text, max(0, match.start() - 60) + passive.start())
                reading.mentioned = reading.mentioned or _party(subject)
            continue
        after = text[match.end() :]
        if _NOT_SPEECH_AFTER.match(after) or re.match(r"\s*(?:no|not|nothing)\b", after, re.I):
            # "the campaign gives no source" is the document speaking about the campaign.
            reading.mentioned = reading.mentioned or _party(_subject(text, match.start()))
            continue
        colon = after.startswith(":") and _SPEECH_ONLY.match(verb) and verb.islower()
        posed_after = colon or re.match(
            r"\s*(?:[.!?]|$|yesterday|today|on\s+\w+day|last\s+\w+)", after, re.I
        )
        title = _TITLED.search(near)
        # "The report recommends tightening the law", "recommends both an operation and ...":
        # what a recommending verb takes is an action, which a noun ("claims processing") is not.
        proposal = _PROPOSING.match(verb) and _ACTION_AFTER.match(after)
        if (
            _NOUN_LIKE.match(verb)
            and not _TELL.match(verb)
            and not (_CONTENT_AFTER.match(after) or posed_after or title or proposal)
        ):
            continue
        if _TELL.match(verb) and not (
            re.match(r"\s*[.!?]", after) or re.search(r"\bthat\b|[:“\"‘]", after[:60])
        ):
            continue
        subject = _subject(text, match.start())
        speaker, pronoun, tentative = _speaker_of(subject, verb)
        if speaker is None:
            negated = re.search(r"\b(?:not|never|no)\s*$|n[’']t\s*$", subject)
            if negated:  # "The campaign's report does not say how many ..."
                reading.mentioned = reading.mentioned or _party(subject[: negated.start()])
            continue
        at = text.rfind(subject, max(0, match.start() - 130), match.start()) if subject else -1
        at = match.start() if at < 0 else at
        lead = text[max(0, at - 12) : at]
        if pronoun and _SUBORDINATE.search(lead):
            continue  # "... when it described a child": not a speaker's clause
        if re.search(r"\bas\s*$", lead, re.I) and text[:at].strip().lower() != "as":
            continue  # "... as the minister said": the document's sentence, citing him
        if (
            _NOUN_LIKE.match(verb)
            and posed_after
            and not (_CONTENT_AFTER.match(after) or title)
            and not _SET_APART.search(text[max(0, at - 40) : at])
        ):
            # "..., the campaign claims." sets the claim apart before its speaker; "processed
            # 143,142 retirement and survivor claims." ends on a noun.
            continue
        reading.speaker, reading.basis, reading.pronoun = speaker, "reported", pronoun
        reading.tentative = tentative
        reading.cue = (match.start("verb"), match.end("verb"))
        break
    if reading.basis == "own":
        match = _BY_AGENT.search(text)
        if match and not _inside(spans, match.start()):
            who = _AUXILIARY_TAIL.sub("", match.group("who")).strip()
            owned = re.search(r"[’']s\s", who)
            if (_BODY.search(who) or who[:1].isupper() or owned) and not _is_dataset(who):
                reading.speaker, reading.basis, reading.cue = who, "reported", match.span()
    if reading.basis == "own":
        for match in _INVERTED.finditer(text):
            who = match.group("who").strip().rstrip(".")
            if not _inside(spans, match.start()) and _inverted_speaker(who):
                reading.speaker, reading.basis, reading.cue = who, "reported", match.span()
                break
    if reading.basis == "own" and text.rstrip().endswith("?") and FIGURE.search(text):
        # "Are lorry drivers 17 times more likely to ...?": a claim put as a question to test it.
        reading.speaker, reading.basis, reading.cue = UNNAMED, "named_claim", (0, len(text))
    if reading.basis == "own":
        match = _ACCORDING.search(text)
        if match and not _inside(spans, match.start()):
            who = match.group("who").strip()
            if not _is_dataset(who) and not _OWN_SUBJECT.match(who):
                reading.speaker, reading.basis = who, "according"
                reading.cue = match.span()
    if reading.basis == "own":
        match = _UNNAMED.search(text)
        if match and not _inside(spans, match.start()):
            reading.speaker, reading.basis, reading.cue = UNNAMED, "named_claim", match.span()
    # A claim named and disputed ("The claim that ... has no basis, a critic found") is disputed
    # whoever voices the dispute.
    named_disputed = reading.basis in ("reported", "according") and any(
        not _inside(spans, m.start()) for m in DISPUTE.finditer(text)
    )
    if reading.basis == "own" or named_disputed:
        for match in _NAMED_CLAIM.finditer(text):
            if _inside(spans, match.start()):
                continue
            noun = re.search(
                rf"(?:{_CLAIM_NOUN}|{_OF_NOUN})(?=\s+(?:that|of)\b)", match.group(0), re.I
            )
            who = (match.group("who") or "").strip()
            who_named = bool(who) and who.lower() not in ("the", "a", "an", "this")
            owner = re.sub(r"[’']s?$", "", who).strip() if who_named else ""
            # The pattern reads case-blind: "Worse still is Vell's claim" names Vell.
            tail = re.search(r"(?:\b[A-Z][\w’'.&-]*\s+)*\b[A-Z][\w’'.&-]*$", owner)
            if tail and re.search(r"\b[a-z]", owner[: tail.start()]):
                owner = tail.group(0)
            if owner.lower().startswith(("the ", "a ")) and owner.lower().split()[-1] in (
                "same",
                "headline",
                "first",
                "latest",
            ):
                owner = ""
            weak = noun is not None and _WEAK_CLAIM_NOUN.match(noun.group(0))
            if weak and match.group(0).lower().endswith("that"):
                continue  # "a figure that came from ...": a relative clause, not a claim named
            owned = (owner and _BODY.search(owner)) or re.search(r"[A-Z]", owner)
            if weak and not owned and not DISPUTE.search(text):
                # "the figure of 300 arrests" is the document's own figure unless disputed.
                continue
            if owner and (_OWN_SUBJECT.match(owner) or owner.lower() in ("our", "my")):
                continue
            if owner.lower() in ("their", "its", "his", "her"):
                reading.pronoun = True
            reading.speaker = owner if owner and not reading.pronoun else UNNAMED
            reading.basis, reading.cue = "named_claim", match.span()
            break
    debate = _DEBATE.search(text)
    if debate and reading.basis == "reported" and 0 <= debate.start() - reading.cue[1] <= 40:
        # "The report describes a debate in which ...": the debate is what is relayed.
        reading.basis, reading.speaker, reading.cue = "own", DOCUMENT, (-1, -1)
    if reading.basis == "own":
        match = debate
        if match and not _inside(spans, match.start()):
            reading.speaker, reading.basis = f"{UNNAMED} (debate)", "debate"
            reading.cue = match.span()
    # A phrase quoted and answered: 'the UK is a "model of fairness", but it is not'.
    if reading.basis == "own" and spans and quoted_share < 0.6:
        words = max(len(text[a:b].split()) for a, b in spans)
        contrast = _CONTRAST.search(text, spans[-1][1])
        if words >= 3 and contrast:
            reading.speaker, reading.basis = UNNAMED, "quotation"
            reading.cue = (max(0, spans[0][0] - 1), min(len(text), spans[-1][1] + 1))
    # Direct quotation: most of the passage is inside quotation marks.
    if quoted_share >= 0.6 and not heading_like:
        if reading.basis in ("own", "named_claim", "debate"):
            reading.speaker = reading.speaker if reading.basis != "own" else UNNAMED
            reading.pronoun = reading.pronoun or reading.basis == "own"
        reading.basis = "quotation" if reading.basis == "own" else reading.basis
        if reading.cue == (-1, -1) and spans:
            reading.cue = (max(0, spans[0][0] - 1), min(len(text), spans[-1][1] + 1))
    # The document's own words against the claim, in the same sentence.
    if reading.basis != "own":
        reading.disputed_at = _dispute_in(text, reading, spans)
    return reading


def _dispute_in(text: str, reading: _Reading, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """Where, in a sentence that relays a claim, the document itself disputes it."""
    outside = [m for m in DISPUTE.finditer(text) if not _inside(spans, m.start())]
    if reading.basis in ("named_claim", "set_apart"):
        # "It is a myth that ...", "The claim that ... cannot be reproduced".
        return outside[0].span() if outside else (-1, -1)
    # The reported speaker's own words ("X said the data were unreliable") are theirs; the
    # document disputes them after a contrast, or with an adverb on the verb ("falsely claimed").
    contrast = _CONTRAST.search(text)
    claim = reading.basis == "quotation" or bool(re.search(r"\d", text))
    if (
        claim
        and contrast
        and not _inside(spans, contrast.start())
        and contrast.start() > reading.cue[0]
    ):
        # "X's report gives 83%, but no count"; "officers believe these are few, but could not
        # give a number" is a limit of the data, not a dispute.
        return contrast.span()
    for match in outside:
        word = match.group(0).lower()
        if word.split()[0] in ("falsely", "wrongly", "mistakenly", "misleadingly", "erroneously"):
            return match.span()
        if word.startswith(("myth", "debunk", "dispel", "refut", "disprov")):
            return match.span()
        if reading.basis == "quotation" and spans and match.start() >= spans[-1][1]:
            return match.span()  # '"...", a figure that cannot be checked.'
    return (-1, -1)


def read_passages(passages: Sequence[Passage]) -> list[Voice]:
    """One Voice per passage, in order. The paragraph is (page, paragraph index)."""
    readings: list[_Reading] = []
    open_quote: str | None = None
    previous_key: tuple[int, int] | None = None
    for passage in passages:
        key = (passage.page, passage.paragraph)
        if key != previous_key:
            open_quote = None  # a quotation never runs on into the next paragraph
        reading = _read_one(passage.text, open_quote)
        readings.append(reading)
        open_quote, previous_key = reading.open_after, key
    n = len(passages)
    same_par = [
        i > 0
        and (passages[i].page, passages[i].paragraph)
        == (passages[i - 1].page, passages[i - 1].paragraph)
        for i in range(n)
    ]
    speakers = [r.speaker for r in readings]
    bases: list[Basis] = [r.basis for r in readings]
    cues = [r.cue for r in readings]
    disputes = [r.disputed_at for r in readings]
    dispute_text = [""] * n
    for i, r in enumerate(readings):
        if r.disputed_at != (-1, -1):
            dispute_text[i] = passages[i].text[r.disputed_at[0] : r.disputed_at[1]]

    # 1. Voices carried forward: a quotation that runs on from the passage before, "he said",
    # "It says ...", "This figure ...": the speaker is the one just named.
    mentions = [x.mentioned for x in readings]  # built once: per pronoun it was quadratic
    for i in range(n):
        r = readings[i]
        prev_open = i > 0 and same_par[i] and readings[i - 1].open_after is not None
        if prev_open and bases[i] in ("own", "quotation"):
            bases[i] = "quotation"
            speakers[i] = speakers[i - 1] if speakers[i - 1] != DOCUMENT else UNNAMED
            if cues[i] == (-1, -1):
                cues[i] = (0, 0)
            continue
        if r.pronoun:
            # "It says" names whoever the document last spoke of; "it counts" (tentative) is
            # someone's only when a speaker was named, else the document's own counting.
            mentioned = None if r.tentative else mentions
            back = _recent_speaker(speakers, same_par, i, not r.tentative, mentioned)
            if back is not None:
                speakers[i] = back
            elif r.tentative:
                speakers[i], bases[i], cues[i], disputes[i] = DOCUMENT, "own", (-1, -1), (-1, -1)

    # 1b. A list or a paragraph introduced by reported speech ("Dr Vell also claimed:" and
    # bullet points, or a block quotation set as its own paragraph without quotation marks):
    # each item, or that paragraph, is the speaker's, until the list or paragraph ends.
    for i in range(n - 1):
        if speakers[i] == DOCUMENT or not passages[i].text.rstrip().endswith(":"):
            continue
        # Only a speech verb before the colon introduces the words themselves ("X said:"), not
        # a finding ("the review found:" may introduce the document's own summary of it).
        a, b = cues[i]
        speech_intro = bases[i] == "reported" and bool(_SPEECH_ONLY.match(passages[i].text[a:b]))
        j = i + 1
        while (
            j < n
            and j - i <= 2 * _MAX_SPAN
            # an item, the rest of the item or paragraph before it, or the quoted paragraph
            and (
                _LIST_ITEM.match(passages[j].text)
                or (j > i + 1 and same_par[j])
                or (j == i + 1 and speech_intro and passages[j].page == passages[i].page)
            )
        ):
            if speakers[j] == DOCUMENT:
                speakers[j], bases[j], cues[j] = speakers[i], "carried", (0, 0)
            j += 1

    # 2. Fact-check layout: a claim under "Claim 2" or right above a verdict line.
    for i in range(n):
        text = passages[i].text
        if _CLAIM_HEADING.match(text):
            continue
        heading_before = i > 0 and _CLAIM_HEADING.match(passages[i - 1].text)
        nxt = i + 1 < n and passages[i + 1].page == passages[i].page
        verdict_after = nxt and VERDICT.match(passages[i + 1].text)
        alone = not (i + 1 < n and same_par[i + 1]) and not same_par[i]
        rebutted_after = (
            alone
            and nxt
            and _claim_like(text, readings[i])
            and bool(DISPUTE.search(passages[i + 1].text[:120]))
            # "It is a myth that X" names what it disputes: X, not the paragraph above.
            and readings[i + 1].basis != "named_claim"
        )
        if heading_before or verdict_after or rebutted_after:
            if bases[i] == "own" or speakers[i] == DOCUMENT:
                speakers[i] = UNNAMED
            if bases[i] in ("own", "quotation"):
                bases[i] = "set_apart"
            if cues[i] == (-1, -1):
                cues[i] = (0, len(text))
            if (verdict_after or rebutted_after) and disputes[i] == (-1, -1):
                disputes[i] = (0, 0)
                dispute_text[i] = passages[i + 1].text[:80]

    # 3. Disputes from the document's own words in the same paragraph: a verdict, or a
    # dispute in its own voice, within a few passages.
    own = [speakers[i] == DOCUMENT for i in range(n)]
    for i in range(n):
        if own[i] or disputes[i] != (-1, -1):
            continue
        countered = _COUNTER.match(passages[i].text)
        for j in _paragraph_window(passages, same_par, i):
            if countered and j < i:
                # "By contrast, one in 11 ..., according to Pew": the evidence set against the
                # claim the document has just disputed, not that claim.
                continue
            text = passages[j].text
            hit = VERDICT.match(text) or DISPUTE.search(text)
            # A relayed sentence disputes only in the document's framing before the report:
            # "This may seem so, but in fact the review found ..."; words inside the speaker's
            # quotation are the speaker's ('what was wrong then is wrong now," he said').
            framing = (
                hit is not None
                and 0 <= hit.start() < cues[j][0]
                and not _inside(list(readings[j].spans), hit.start())
            )
            if not own[j] and not framing:
                continue
            if hit and _weak(hit.group(0)) and not _REFERS_BACK.match(text):
                continue
            if hit:
                disputes[i] = (0, 0)
                dispute_text[i] = text[hit.start() : hit.end()]
                break

    # 4. A claim disputed by the next sentence that refers back to it ("This figure cannot be
    # reproduced"), even when the claim was made in the document's own words.
    for i in range(1, n):
        text = passages[i].text
        back = _REFERS_BACK.match(text)
        if not back or not own[i]:
            continue
        strong = DISPUTE.search(text)
        if not strong or _weak(strong.group(0)):
            continue
        j = i - 1
        if disputes[j] == (-1, -1) and (speakers[j] != DOCUMENT or _claim_like(passages[j].text)):
            if speakers[j] == DOCUMENT:
                speakers[j], bases[j], cues[j] = UNNAMED, "carried", (0, 0)
            disputes[j] = (0, 0)
            dispute_text[j] = strong.group(0)
            # "The statistic has been repeated by ..." itself points back to the claim made.
            while (
                j > 0
                and i - j < 3
                and speakers[j] != DOCUMENT
                and _REFERS_BACK.match(passages[j].text)
                and speakers[j - 1] != DOCUMENT
                and disputes[j - 1] == (-1, -1)
            ):
                j -= 1
                disputes[j] = (0, 0)
                dispute_text[j] = strong.group(0)

    # 7. A correction in the document's own voice that names a relayed speaker ("This does not
    # mean they were convicted, as Ms Lane said"; "Lane's figure is misleading"): every claim
    # the document relayed from that speaker is disputed.
    corrected: dict[str, str] = {}
    for i in range(n):
        if not own[i]:
            continue
        text = passages[i].text
        hit = _CORRECTION.search(text) or DISPUTE.search(text)
        if not hit or _weak(hit.group(0)):
            continue
        for name in _capitalised_names(text):
            if not _the_disputer(text, name, hit.start()):
                corrected.setdefault(name, text[hit.start() : hit.end()])
    if corrected:
        for i in range(n):
            if own[i] or disputes[i] != (-1, -1) or speakers[i].startswith(UNNAMED):
                continue
            names = set(re.findall(r"[A-Z][\w’'-]{2,}", speakers[i])) & corrected.keys()
            if names:
                disputes[i] = (0, 0)
                dispute_text[i] = corrected[sorted(names)[0]]

    # 6. A relayed figure the document disputes anywhere ("the 17 times figure is not
    # reliable") is disputed wherever it is relayed.
    disputed_figures: set[str] = set()
    for i in range(n):
        text = passages[i].text
        strong = DISPUTE.search(text)
        if disputes[i] != (-1, -1) or (own[i] and strong and not _weak(strong.group(0))):
            disputed_figures.update(_figures(text))
    if disputed_figures:
        for i in range(n):
            if speakers[i] == DOCUMENT or disputes[i] != (-1, -1):
                continue
            shared = _figures(passages[i].text) & disputed_figures
            if shared:
                disputes[i] = (0, 0)
                dispute_text[i] = f"the figure {sorted(shared)[0]} is disputed elsewhere"

    # 5. A relayed claim that refers back to a disputed one is disputed too ("The statistic
    # has been repeated by ...").
    for i in range(1, n):
        if speakers[i] == DOCUMENT or disputes[i] != (-1, -1):
            continue
        if disputes[i - 1] != (-1, -1) and _REFERS_BACK.match(passages[i].text):
            disputes[i] = (0, 0)
            dispute_text[i] = dispute_text[i - 1]

    out: list[Voice] = []
    for i, passage in enumerate(passages):
        speaker = speakers[i]
        stance: Stance = (
            "asserts"
            if speaker == DOCUMENT
            else ("disputes" if disputes[i] != (-1, -1) else "reports")
        )
        a, b = cues[i]
        out.append(
            Voice(
                page=passage.page,
                start=passage.start,
                speaker=speaker[:80],
                stance=stance,
                basis=bases[i] if speaker != DOCUMENT else "own",
                cue=passage.text[a:b] if a >= 0 else "",
                cue_start=a,
                cue_end=b,
                dispute=dispute_text[i][:120] if stance == "disputes" else "",
            )
        )
    return out


# A bullet or numbered list item.
_LIST_ITEM = re.compile(r"^\s*(?:[•●▪◦*–-]|\d{1,2}[.)]|\(?[a-z][.)])\s+")
# The document corrects what someone said: "this does not mean ...", "contrary to what ...".
_CORRECTION = re.compile(
    r"\b(?:(?:does|do|did)\s+not\s+mean|contrary\s+to\s+(?:what|the\s+claim)|in\s+fact)\b", re.I
)
# Capitalised words that are not sentence openers or function words: candidate names.
_NOT_NAME = re.compile(
    r"^(?:This|That|These|Those|The|It|He|She|They|We|There|In|On|At|But|And|As|For|Of|If|"
    r"However|Some|Many|Most|All|No|Not|A|An)$"
)


# After a name, words that make the named party the one who speaks or disputes: "O'Connor, who
# addressed several myths", "Mr O'Connor described the link as a myth", "Gardaí said despite
# clear disinformation".
_SPEAKS_AFTER_NAME = re.compile(
    r"\W{0,3}(?:who\s+|which\s+)?(?:(?:has|have|had|also|then|later|firmly|flatly)\s+)?"
    r"(?:said|says|say|described|describes|called|calls|addressed|addresses|warned|warns|"
    r"dismissed|dismisses|rejected|rejects|added|adds|told|tells|explained|explains|stated|"
    r"states|argued|argues|noted|notes|insisted|insists|debunked|debunks|denied|denies)\b",
    re.I,
)


def _the_disputer(text: str, name: str, hit: int) -> bool:
    """The name is the subject of the dispute in `text` (it speaks before the dispute words),
    not its target: its claims elsewhere are not the ones the document disputes."""
    for m in re.finditer(re.escape(name), text[:hit]):
        if _SPEAKS_AFTER_NAME.match(text, m.end()):
            return True
    return False


def _capitalised_names(text: str) -> set[str]:
    """Capitalised words after the first word of a sentence: the names a sentence mentions."""
    words = re.findall(r"(?<=\s)[A-Z][\w’'-]{2,}", text)
    return {re.sub(r"[’']s$", "", w) for w in words if not _NOT_NAME.match(w)}


def _figures(text: str) -> set[str]:
    return {re.sub(r"\s+", " ", m.group(0).lower()) for m in FIGURE.finditer(text)}


_CLAIM_LIKE = re.compile(
    r"\d|\b(?:most|majority|all|every|none|half|third|quarter|twice|times|one\s+in|"
    r"hundreds|thousands|millions)\b",
    re.I,
)


def _claim_like(text: str, reading: _Reading | None = None) -> bool:
    """A figure or a share: a claim worth disputing, not a heading or a post's timestamp."""
    if reading is not None and reading.spans and _letters(text, list(reading.spans)) > 10:
        return True
    return bool(_CLAIM_LIKE.search(text)) and len(text) > 15 and not _TIMESTAMP.match(text)


_TIMESTAMP = re.compile(DATELINE)


def _weak(word: str) -> bool:
    """Dispute words an official text also uses of its own figures' limits."""
    return word.lower() in (
        "unreliable",
        "flawed",
        "impossible",
        "not reliable",
        "not representative",
    )


def _recent_speaker(
    speakers: list[str],
    same_par: list[bool],
    i: int,
    named_only: bool = True,
    mentioned: list[str] | None = None,
) -> str | None:
    """The party most recently named in this paragraph or the passage before it."""
    j = i - 1
    steps = 0
    while j >= 0 and steps < _MAX_SPAN:
        if speakers[j] != DOCUMENT and not (named_only and speakers[j].startswith(UNNAMED)):
            return speakers[j]
        if mentioned and mentioned[j]:
            return mentioned[j]
        if not same_par[j + 1]:
            break
        j -= 1
        steps += 1
    return None


# A sentence that opens by setting itself against what came before.
_COUNTER = re.compile(
    r"\W{0,3}(?:by\s+contrast|in\s+contrast|in\s+fact|instead|in\s+reality)\b", re.I
)


def _paragraph_window(passages: Sequence[Passage], same_par: list[bool], i: int) -> list[int]:
    """Passages of i's paragraph within _MAX_SPAN of it, nearest first."""
    out: list[int] = []
    j = i + 1
    while j < len(passages) and same_par[j] and j - i <= _MAX_SPAN:
        out.append(j)
        j += 1
    j = i - 1
    while j >= 0 and same_par[j + 1] and i - j <= 2:
        out.append(j)
        j -= 1
    return out


# The last few documents read, so adapters that are handed only passages (`quoted_flags`, or one
# passage and its paragraph) find the reading of the whole document the passage belongs to.
_RECENT: list[tuple[Sequence[Passage], list[Voice], dict[int, int]]] = []
_RECENT_SIZE = 8


def read_cached(passages: Sequence[Passage]) -> list[Voice]:
    """`read_passages`, reusing the reading when the same list of passages is read again."""
    for seen, found, _ in list(_RECENT):
        if seen is passages:
            return found
    found = read_passages(passages)
    _RECENT.insert(0, (passages, found, {id(p): i for i, p in enumerate(passages)}))
    del _RECENT[_RECENT_SIZE:]
    return found


def voice_of(passage: Passage, paragraph: Sequence[Passage]) -> Voice:
    """The voice of a passage as read within its whole document when that was read (a check
    asking `voices` or `quoted_flags` reads it), else within its paragraph alone."""
    for seen, found, index in list(_RECENT):
        i = index.get(id(passage))
        if i is not None and i < len(seen) and seen[i] is passage:
            return found[i]
    local = list(paragraph) if any(p is passage for p in paragraph) else [passage]
    position = next(i for i, p in enumerate(local) if p is passage)
    return read_passages(local)[position]


def voices(context) -> list[Voice]:
    """The speaker and stance of every passage of the context, in order (computed once)."""
    return context.memoised("speech.voices", lambda: read_cached(context.passages))


def voice_at(context, passage: Passage) -> Voice:
    """The voice of one passage of the context."""
    index = context.memoised(
        "speech.by_start", lambda: {(v.page, v.start): v for v in voices(context)}
    )
    return index[(passage.page, passage.start)]


def disputed_passages(context) -> frozenset[tuple[int, int]]:
    """(page, start) of every passage the document relays in order to dispute it."""
    return context.memoised(
        "speech.disputed",
        lambda: frozenset((v.page, v.start) for v in voices(context) if is_disputed(v)),
    )


def read_text(*pages: str) -> list[tuple[str, Voice]]:
    """Each passage of plain text pages with its voice (for tests and quick looks)."""
    from ..models import Document, Page
    from .context import Context

    document = Document(
        sha256="0" * 64,
        source="text",
        pages=[Page(number=i, text=text) for i, text in enumerate(pages, start=1)],
    )
    context = Context.build(document)
    return [(p.text, v) for p, v in zip(context.passages, voices(context), strict=True)]
