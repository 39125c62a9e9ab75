"""Sources and sampling: which datasets stand behind the figures and how cases got in.

Each sentence can name one or more kinds of source (police or court records, case files,
surveys, FOI returns, press reports, anonymous submissions, interviews, official statistics),
describe how cases were selected, admit a limitation, offer the data for checking, or claim a
completeness ("comprehensive", "irrefutable") that only a stated method could support. A methods
heading anywhere in the document, annexes included, counts.
"""

from __future__ import annotations

import re

from ..models import Findings, Passage, SourceFinding, Suggestion
from .common import COUNT, page_list, plural, quoted_passages, suggested, to_int
from .context import Context
from .contract import Check

# The rubric criterion this module checks (its module name, by the contract).
CRITERION = "sources"

# kind -> pattern; a sentence may match several kinds.
_KINDS: dict[str, re.Pattern[str]] = {
    "police_records": re.compile(
        r"\bpolice[- ](?:recorded|records?|data|crime\s+(?:records|data)|intelligence|"
        r"national\s+computer)\b|\bPolice\s+National\s+Computer\b|\bPNC\b|"
        r"\b(?:police|force)\s+(?:crime\s+and\s+intelligence\s+)?records\b|\brecorded\s+crime\b|"
        r"\bcrime\s+(?:and\s+intelligence\s+)?records\b|\bcustody\s+records\b",
        re.I,
    ),
    "court_records": re.compile(
        r"\bcourt\s+(?:outcome\s+)?(?:records|registers?|lists|data|transcripts)\b|"
        r"\bsentencing\s+remarks\b|\btrial\s+records\b|\bMinistry\s+of\s+Justice\b|"
        r"\bconviction(?:s)?\s+(?:data|records|statistics)\b|\bCrown\s+Prosecution\s+Service\b|"
        r"\bcase\s+management\s+system\b",
        re.I,
    ),
    "case_files": re.compile(
        r"\bcase[- ]files?\b|\bsocial[- ]care\s+(?:case\s+)?(?:records|files|data)\b|"
        r"\bcase\s+records\b|\b(?:serious\s+)?case\s+reviews?\b|\bpractice\s+reviews?\b|"
        r"\bpatient\s+records\b|\bclinical\s+records\b|\badministrative\s+(?:data|records)\b",
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
    "interviews": re.compile(
        r"\binterview(?:s|ed|ees)?\b(?!\s+(?:under\s+caution|by\s+police))|\bfocus\s+groups?\b",
        re.I,
    ),
    "official_statistics": re.compile(
        r"\bcensus\b|\bOffice\s+for\s+National\s+Statistics\b|\bONS\b|\bofficial\s+statistics\b|"
        r"\bHome\s+Office\s+(?:data|statistics|figures)\b|\bNHS\s+(?:Digital|England\s+data)\b|"
        r"\bHospital\s+Episode\s+Statistics\b|\bChildren\s+in\s+Need\b|\bnational\s+statistics\b",
        re.I,
    ),
}
# Sources that name nothing a reader could look up.
_VAGUE = re.compile(
    r"\bour\s+(?:own\s+)?(?:research|investigations?|analysis|findings|sources)\s+"
    r"(?:shows?|showed|found|finds|reveals?|suggests?|indicates?|confirms?)\b|"
    r"\bopen[- ]sources?\b|\bpublicly\s+available\s+(?:information|sources|data|material)\b|"
    r"\bvarious\s+sources\b|\bsources\s+(?:say|said|suggest|told)\b|\bit\s+is\s+(?:widely\s+|well\s+)?"
    r"(?:known|accepted|acknowledged)\b|\bstudies\s+(?:show|have\s+shown|suggest)\b|"
    r"\bexperts\s+(?:say|agree|believe)\b|\bwell[- ]documented\b|"
    r"\b(?:figures|data|documents)\s+(?:we|I)\s+have\s+seen\b|"
    r"\b(?:insiders|whistle-?blowers|sources\s+close\s+to\s+\w+)\s+(?:say|said|have\s+told|told)\b|"
    r"\bstories\s+on\s+social\s+media\b",
    re.I,
)
# "Data show …", "Research suggests …": evidence with no name, vague when nothing else is named.
_GENERIC_EVIDENCE = re.compile(
    r"^(?:(?:official|recent|new)\s+)?(?:data|figures|research|reports|studies|statistics|"
    r"evidence|numbers)\s+(?:have\s+(?:repeatedly\s+)?)?(?:show|shows|shown|suggest|suggests|"
    r"prove|proves|proven|reveal|reveals|confirm|confirms)\b",
    re.I,
)
# A dataset known by its proper name: "the Offender Management Statistics quarterly release",
# "the CORE returns", "the confidential enquiry".
_NAMED_DATASET = re.compile(
    r"\b(?:[A-Z][\w&-]*\s+){1,5}(?:[Ss]tatistics|[Ss]urvey|[Rr]eturns?|[Rr]elease|[Pp]rogramme|"
    r"[Ee]nquiry|[Rr]egister|[Dd]atabase|[Dd]ataset|[Cc]ensus|[Ii]ndex|[Aa]udit)\b|"
    r"\b(?:data|figures|counts|statistics)\s+(?:come|came|are\s+taken|were\s+taken|are\s+drawn)\s+"
    r"from\b|\b(?:were|was)\s+identified\s+through\b|\bconfidential\s+enquiry\b",
)
_MEDIA_SEARCH = re.compile(
    r"\bsearch\s+terms?\b|\bwe\s+searched\b|\b(?:Lexis\s*)?Nexis\b|\bFactiva\b|\bdatabases?\b|"
    r"\btitles\b",
    re.I,
)
_DATASET = re.compile(
    r"\b(?:drew|draws|drawn|based|relies|rely|relied)\s+(?:on|upon|from)\s+(?:\w+\s+){0,2}"
    r"(?:datasets?|data\s+sources?|sources\s+of\s+data)\b|\bdata\s+(?:were|was)\s+"
    r"(?:drawn|obtained|extracted|taken|collected)\s+from\b|\bdatasets?\b",
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
    r"\bmatched\s+(?:records|on)\b",
    re.I,
)
# How the author worked, short of selection rules: "we traced each figure", "we recalculated".
_METHOD_STATEMENT = re.compile(
    r"\bwe\s+(?:also\s+)?(?:checked|traced|recalculated|read|reviewed|examined|analy[sz]ed|coded|"
    r"compared|matched|asked|cross-checked|verified|weighted|surveyed|sampled)\b",
    re.I,
)
_STEP_COUNTS = re.compile(
    r"\b(?:screened\s+out|excluded|dropped|removed|kept|retained|returned\s+by\s+the\s+search"
    r"|records\s+kept|left\s+us\s+with)\b[^.]{0,60}?\b" + rf"(?:{COUNT})\b|"
    rf"\b(?:{COUNT})\s+(?:records|files|cases|articles|reports)\s+(?:were\s+)?"
    r"(?:screened\s+out|excluded|dropped|removed|kept|retained)\b|"
    r"\bhow\s+many\s+records\s+were\s+kept\s+or\s+dropped\b",
    re.I,
)
_LIMITATION = re.compile(
    r"\blimitations?\b|\bcaveats?\b|\bcannot\s+be\s+generali[sz]ed\b|\bnot\s+(?:be\s+)?"
    r"representative\b|\bunder-?(?:report\w*|count\w*|record\w*|estimate\w*)\b|"
    r"\b(?:treated|read|interpreted)\s+with\s+caution\b|\bincomplete\b|\bnot\s+comprehensive\b|"
    r"\bonly\s+(?:cases|those|people|children|records)\s+(?:that|who|which)\b|"
    r"\bconvictions\s+only\b|\bmay\s+not\s+(?:reflect|capture|include)\b|\bdoes\s+not\s+"
    r"(?:capture|include|cover)\b|\bselection\s+bias\b|\bbias(?:ed)?\b|\bmissing\b|"
    r"\bprobably\s+under-?\w+|\blower\s+bound\b|\bnever\s+came\s+to\s+the\s+notice\b|"
    r"\b(?:likely|probably)\s+(?:to\s+be\s+)?too\s+(?:low|high)\b",
    re.I,
)
_ACCESS = re.compile(
    r"\b(?:available|inspected|obtained|provided|shared)\s+(?:to\s+\w+\s+)?(?:on|upon)\s+request\b|"
    r"\bcan\s+be\s+inspected\b|\bdata\s+(?:are|is)\s+(?:published|available)\b|"
    r"\breplication\s+(?:data|files|code)\b|\bopen\s+data\b|\bdata\s+(?:tables|files)\s+"
    r"(?:are|were)\s+published\b|\bpublished\s+alongside\b",
    re.I,
)
_COMPLETENESS = re.compile(
    r"\bcomprehensive\b|\birrefutabl[ey]\b|\bdefinitive(?:ly)?\b|\bconclusive(?:ly)?\b|"
    r"\bbeyond\s+(?:any\s+)?doubt\b|\bcomplete\s+picture\b|\bfull\s+picture\b|\bproves?\b|"
    r"\bthe\s+(?:vast|overwhelming)\s+majority\s+of\s+(?:all\s+)?cases\b|\ball\s+cases\b|"
    r"\bunquestionabl[ey]\b|\bindisputabl[ey]\b|\bno\s+doubt\b|\bundeniabl[ey]\b|"
    r"\bexhaustive\b|\bleaves?\s+nothing\s+out\b|\b(?:documented|recorded|found|counted)\s+"
    r"every\s+(?:single\s+)?case\b|\bmargin\s+of\s+error\b[^.]{0,40}\b(?:minimal|negligible|"
    r"zero)\b",
    re.I,
)
# "not comprehensive", "no full picture", "lacked a complete picture": honest limits, not claims.
_COMPLETENESS_DENIED = re.compile(
    r"\b(?:not|no|never|lack(?:s|ed|ing)?|without|nor|far\s+from|cannot|can't|isn't|aren't|"
    r"wasn't|weren't)\b(?:\W+\w+){0,4}?\W+(?:comprehensive|irrefutabl|definitive|conclusive|"
    r"complete\s+picture|full\s+picture|prove|beyond)",
    re.I,
)
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


_NEGATION = re.compile(r"\b(?:not|never|no|neither|nor|without)\b(?:\W+\w+){0,6}\W*$", re.I)


def _asserted(pattern: re.Pattern[str], text: str) -> bool:
    """The pattern occurs at least once without a negation just before it."""
    return any(not _NEGATION.search(text[max(0, m.start() - 50) : m.start()])
               for m in pattern.finditer(text))  # fmt: skip


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


def _classify(passage: Passage) -> list[SourceFinding]:
    text = passage.text
    found: list[SourceFinding] = []

    def add(kind: str, **extra) -> None:
        found.append(SourceFinding(page=passage.page, sentence=text, kind=kind, **extra))

    if _heading(passage):
        add("methods_section")
    elif _METHOD_MENTION.search(text):
        add("methods_reference")
    for kind, pattern in _KINDS.items():
        if not _asserted(pattern, text):
            continue
        if kind == "survey":
            size, rate = _survey_details(text)
            add(kind, sample_size=size, response_rate=rate)
        elif kind == "media_reports":
            add(kind, vague=not _MEDIA_SEARCH.search(text))
        else:
            add(kind)
    named = any(f.kind in _KINDS for f in found)
    if (_DATASET.search(text) or _NAMED_DATASET.search(text)) and not named:
        add("dataset")
        named = True
    if _VAGUE.search(text) or (_GENERIC_EVIDENCE.search(text) and not named):
        add("vague_source", vague=True)
    if _asserted(_SAMPLING, text):
        add("sampling_frame")
    if _asserted(_METHOD_STATEMENT, text):
        add("method_statement")
    if _STEP_COUNTS.search(text):
        add("selection_counts")
    if _ACCESS.search(text):
        add("data_access")
    denied = _COMPLETENESS_DENIED.search(text)
    if _LIMITATION.search(text) or denied:
        add("limitation")
    if _COMPLETENESS.search(text) and not denied and not _ATTRIBUTED.search(text):
        add("completeness_claim")
    return found


def detect(context: Context) -> Findings:
    found: list[SourceFinding] = []
    quoted = quoted_passages(context)
    for passage in context.in_time(CRITERION, context.passages):
        classified = _classify(passage)
        if (passage.page, passage.start) in quoted:
            # Someone else's vague sourcing or boast, quoted in order to test it.
            classified = [f for f in classified if not f.vague and f.kind != "completeness_claim"]
        found.extend(classified)
    # A completeness claim is supported only by a stated method or selection rules.
    method = any(f.kind in ("methods_section", "sampling_frame") for f in found)
    sources = [
        f.model_copy(update={"supported": method}) if f.kind == "completeness_claim" else f
        for f in found
    ]
    return Findings(sources=sources)


# --- suggestion -----------------------------------------------------------------------------

_LABEL = {
    "police_records": "police records",
    "court_records": "court records",
    "case_files": "case files",
    "survey": "a survey",
    "foi": "FOI returns",
    "media_reports": "press reports",
    "anonymous_submissions": "anonymous submissions",
    "interviews": "interviews",
    "official_statistics": "official statistics",
    "dataset": "a named dataset",
}


def suggest(findings: Findings, context: Context) -> Suggestion:
    """Sources: named datasets, then selection rules and limits, then a full, checkable method."""
    by_kind: dict[str, list[SourceFinding]] = {}
    for f in findings.sources:
        by_kind.setdefault(f.kind, []).append(f)
    named = [f for f in findings.sources if f.kind in _LABEL and not f.vague]
    vague = [f for f in findings.sources if f.vague]
    selection = by_kind.get("sampling_frame", [])
    working = by_kind.get("method_statement", [])
    limits = by_kind.get("limitation", [])
    methods = by_kind.get("methods_section", []) + by_kind.get("methods_reference", [])
    steps = by_kind.get("selection_counts", [])
    access = by_kind.get("data_access", [])
    unsupported = [f for f in by_kind.get("completeness_claim", []) if not f.supported]
    figures = any(f.kind != "percentage_points" for f in findings.percentages)
    empty = {"source_statements": 0, "figures": sum(f.kind != "percentage_points"
                                                    for f in findings.percentages)}  # fmt: skip

    if not findings.sources:
        if not figures:
            return Suggestion(
                id=CRITERION,
                suggested_level=None,
                status="no_suggestion",
                confidence=0.0,
                rationale="No figures and no source statements were found.",
                counts=empty,
            )
        return Suggestion(
            id=CRITERION,
            suggested_level=0,
            status="suggested",
            confidence=0.3,
            rationale="The document gives figures but no sentence naming a dataset, a method or "
            "how cases were selected was found; check tables, footnotes and annexes.",
            counts=empty,
        )

    kinds = sorted({f.kind for f in named})
    if not named:
        level = 0
    elif not selection and len(working) < 2:
        level = 1
    elif not limits:
        level = 1 if len(selection) + len(working) < 3 else 2
    else:
        level = 2
        if sum(bool(x) for x in (methods, steps, access)) >= 2 and len(selection) >= 2:
            level = 3
    if unsupported and level > 0:
        level = 0 if level == 1 else level - 1
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
    if selection:
        n = plural(len(selection), "statement")
        parts.append(f"{n} of how cases were selected ({page_list(f.page for f in selection)})")
    else:
        parts.append("no selection rules found")
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
    items += [(f.page, f.sentence, "selection rule") for f in selection[:2]]
    items += [(f.page, f.sentence, f"names {_LABEL[f.kind]}") for f in named[:2]]
    items += [(f.page, f.sentence, "admits a limitation") for f in limits[:1]]
    items += [(f.page, f.sentence, "methods section") for f in methods[:1]]
    items += [(f.page, f.sentence, "counts at each selection step") for f in steps[:1]]
    items += [(f.page, f.sentence, "data available for checking") for f in access[:1]]

    signals = len({f.kind for f in findings.sources})
    confidence = min(0.85, 0.3 + 0.07 * signals)
    counts = {
        "named_sources": len(named),
        "vague_sources": len(vague),
        "selection_statements": len(selection),
        "method_statements": len(working),
        "limitations": len(limits),
        "methods_sections": len(methods),
        "selection_counts": len(steps),
        "data_access": len(access),
        "unsupported_completeness_claims": len(unsupported),
        "kinds_of_signal": signals,
    }
    return suggested(CRITERION, level, confidence, parts, items, counts=counts)


CHECK = Check(
    criterion=CRITERION,
    produces={"sources": SourceFinding},
    # A document with figures but no source statement gets a 0, not "no suggestion".
    needs=("percentages",),
    detect=detect,
    suggest=suggest,
)
