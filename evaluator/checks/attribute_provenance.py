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

from ..classifier import predict
from ..models import AttributeClaim, Findings, Passage, Signal, Suggestion
from .common import confidence_from_count, evidence, page_list, plural, suggested
from .context import Context
from .contract import Check, KeyedList
from .cues import GENERIC, NUMBER, PEOPLE, attributes_named, quoted_flags

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
_INFERRED = re.compile(
    r"\b(?:(?:based\s+on|from|by|using|judging\s+by)\s+(?:their\s+|the\s+|each\s+\w+'s\s+|"
    r"his\s+|her\s+)?(?:\w+\s+)?(?:names?|surnames?|forenames?|first\s+names?|photo\w*|"
    r"appearance|images?|pictures?|accents?|dress)|appeared\s+to\s+be|appears?\s+to\s+be|"
    r"believed\s+to\s+be|thought\s+to\s+be|presumed|assumed|name-?based|judging\s+by|"
    r"onomap|(?:we|researchers?|staff|they)\s+(?:\w+\s+)?(?:coded|classified|inferred|"
    r"estimated|identified|counted|guessed)\b(?=[^.]*\b(?:from|by|based|as)\b)|inferred|"
    r"reportedly|described\s+(?!themselves|himself|herself|by\b)(?:[\w-]+\s+){0,5}?as|"
    r"(?:as\s+)?(?:reported|named)\s+in\s+the\s+(?:press|media|newspapers?)|"
    r"(?:newspapers?|press\s+reports?|media\s+reports?)\s+(?:said|say|reported|described)|"
    r"according\s+to\s+(?:press|media|newspaper)|we\s+counted\s+them\s+as|"
    r"looked\s+at\s+the\s+names)",
    re.I,
)
_COURT_SOURCE = re.compile(
    r"\b(?:court\s+(?:records?|registers?|listings?|papers|data|judgments?|transcripts?|"
    r"outcome\s+records?)|sentencing\s+(?:remarks|data|statistics|records?)|trial\s+"
    r"(?:records?|transcripts?)|the\s+judg(?:e|ment)|ministry\s+of\s+justice|court\s+heard|"
    r"in\s+court|at\s+court|charge\s+sheets?|deportation\s+orders?|court\s+proceedings)\b",
    re.I,
)
_RECORD_SOURCE = re.compile(
    r"\b(?:self-?(?:defined|identified|declared|reported|described)|described\s+themselves|"
    r"officer-?defined|ic\s?[1-9]\b|ic\s+codes?|sde|18\s?\+\s?1|16\s?\+\s?1|recorded|"
    r"records?\s+(?:show|record|name)|police\s+(?:data|records?|record)|custody\s+records?|"
    r"arrest\s+data|census|(?:nhs|hospital|council|prison|police)\s+records?|database|"
    r"(?:nationality|ethnicity)\s+field|lettings\s+returns?|administration\s+system|"
    r"recorded\s+crime|home\s+office\s+(?:data|figures|statistics)|(?:ethnicity|nationality)\s+"
    r"(?:was|is|were)\s+(?:missing|unknown|not\s+recorded)|missing\s+(?:ethnicity|nationality))\b",
    re.I,
)
_CONVICTED = re.compile(
    r"\b(?:convicted|found\s+guilty|pleaded\s+guilty|sentenced|jailed|imprisoned)\b", re.I
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


_FIGURE = re.compile(r"\d|\b(?:most|majority|minority|half|third|quarter|one\s+in)\b", re.I)

# Document-level signals the suggester looks for.
_STAGES_APART = re.compile(
    r"\b(?:separate(?:ly)?|apart)\b[^.]*\b(?:convicted|suspects?)\b|\b(?:convicted|suspects?)\b"
    r"[^.]*\b(?:separate(?:ly)?|apart)\b",
    re.I,
)
_COVERAGE = re.compile(
    r"\b(?:(?:ethnicity|nationality|religion)\s+(?:was|were|is)\s+(?:not\s+)?(?:recorded|known|"
    r"missing|available)\s+(?:for|in)|(?:missing|not\s+recorded|unknown)\s+for\s+\d|"
    r"recorded\s+for\s+(?:only\s+)?(?:about\s+)?\d)",
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


def _unnegated(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    for match in pattern.finditer(text):
        if not _NEGATION_BEFORE.search(text[: match.start()]):
            return match
    return None


def provenance_cue(text: str) -> tuple[str, str] | None:
    """(provenance, the words that show it) from one sentence, or None when it says nothing."""
    cleaned = _TRAPS.sub(" ", text)
    if not _NEGATED_INFERENCE.search(cleaned):
        inferred = _INFERRED.search(cleaned)
        if inferred:
            return "inferred", inferred.group(0)
    court = _unnegated(_COURT_SOURCE, cleaned)
    if court:
        return "court", court.group(0)
    recorded = _unnegated(_RECORD_SOURCE, cleaned)
    if recorded:
        return "recorded", recorded.group(0)
    convicted = _unnegated(_CONVICTED, cleaned)
    if convicted:
        return "court", convicted.group(0)
    return None


def is_negated_inference(text: str) -> bool:
    return bool(_NEGATED_INFERENCE.search(_TRAPS.sub(" ", text)))


# "We counted them from their names": a method statement even without the word "ethnicity".
_NAME_METHOD = re.compile(
    r"\b(?:from|by|based\s+on|using|judging\s+by)\s+(?:their|his|her|the)\s+(?:\w+\s+)?"
    r"(?:names?|surnames?|forenames?|photo\w*|appearance)\b",
    re.I,
)


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


def _table_header(passage: Passage, page_passages: list[Passage]) -> Passage | None:
    """The nearest non-row passage above a table row, if it names an attribute."""
    # Passages of a page are in reading order, so the ones before are a prefix: a binary
    # search keeps this O(log n) per row, not a scan of the whole page.
    index = bisect_left(page_passages, passage.start, key=lambda p: p.start)
    for candidate in reversed(page_passages[max(0, index - 12) : index]):
        if _TABLE_ROW.match(candidate.text.strip()):
            continue
        return candidate if GENERIC.search(candidate.text) else None
    return None


def _claim_attribute(
    passage: Passage, page_passages: list[Passage]
) -> tuple[list[str], str] | None:
    """(attributes named, how found) when the passage claims something about a named group."""
    text = passage.text
    row = _TABLE_ROW.match(text.strip())
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
    named = attributes_named(text)
    if not named:
        # A figure or an inference about the attribute itself counts as a claim ("ethnicity was
        # recorded for 289 of the 418"; "we identified each man's background from his name").
        cue = provenance_cue(text) if GENERIC.search(text) else None
        sentence_like = text.rstrip().endswith((".", ";", ")")) and not _MODAL.search(text)
        if _NOT_RECORDED.search(text) and not _HAS_DIGIT.search(text):
            return None  # "court registers do not record ethnicity": says what no record holds
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
    if not _FIGURE.search(text) and not (_ASSERTION.search(text) and _sentence_like(text)):
        return None  # a heading ("Refugees:") or a mention that says nothing about the group
    if is_negated_inference(text) and not _FIGURE.search(text):
        return None
    return named, "sentence"


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
        and not _FIGURE.search(passage.text)
        and provenance_cue(passage.text) is None
    ]
    if not unsure:
        return candidates
    predictions = predict([candidates[i][0].text for i in unsure])
    dropped = {
        i for i, p in zip(unsure, predictions, strict=True) if p.of(*_NOT_CLAIM_ROLES) >= 0.5
    }
    return [c for i, c in enumerate(candidates) if i not in dropped]


def detect(context: Context) -> Findings:
    by_page: dict[int, list[Passage]] = {}
    for passage in context.passages:
        by_page.setdefault(passage.page, []).append(passage)
    flags = context.memoised("quoted_flags", lambda: quoted_flags(context.passages))
    quoted = {id(p) for p, flag in zip(context.passages, flags, strict=True) if flag}
    # Another source's method, quoted in order to check it, is not this document's method.
    document_cue = _document_provenance([p for p in context.passages if id(p) not in quoted])
    candidates: list[tuple[Passage, list[str], str]] = []
    signals: list[Signal] = []
    for passage in context.in_time(CRITERION, context.passages):
        signals += [
            Signal(page=passage.page, sentence=passage.text, kind=kind)
            for kind in _signal_kinds(passage.text)
        ]
        page_passages = by_page[passage.page]
        found = _claim_attribute(passage, page_passages)
        if found is None:
            continue
        candidates.append((passage, *found))
    candidates = _drop_non_claims(candidates)
    claims: list[AttributeClaim] = []
    for passage, attributes, how in candidates:
        page_passages = by_page[passage.page]
        paragraph = context.paragraph_of(passage)
        cue = provenance_cue(passage.text)
        if cue is None and how == "table row":
            header = _table_header(passage, page_passages)
            cue = provenance_cue(header.text) if header else None
        if cue is None:
            for other in paragraph:
                if other is not passage and _is_method_statement(other.text):
                    cue = provenance_cue(other.text)
                    if cue:
                        break
        # A count of the document's own records inherits its method; a bare share ("84% are
        # ...") or a vague "most" does not, as the answer keys read them.
        if cue is None and document_cue and (how == "table row" or NUMBER.search(passage.text)):
            cue = document_cue
        claims.extend(
            AttributeClaim(
                page=passage.page,
                sentence=passage.text,
                attribute=attribute,
                provenance=cue[0] if cue else "unstated",
                quoted=id(passage) in quoted,
            )
            for attribute in attributes
        )
    return Findings(attribute_claims=claims, attribute_provenance_signals=signals)


def _signal_kinds(text: str) -> list[str]:
    """Good practice a sentence shows beyond its claims: it says it did not infer attributes,
    keeps suspects and convicted people apart, states missing data, or validates inference."""
    generic = GENERIC.search(text)
    kinds = []
    if generic and is_negated_inference(text):
        kinds.append("negated")
    if _STAGES_APART.search(text):
        kinds.append("stages")
    if _COVERAGE.search(text):
        kinds.append("coverage")
    if generic and _VALIDATED.search(text):
        kinds.append("validated")
    return kinds


# --- suggestion --------------------------------------------------------------------------------

_SIGNAL_KINDS = ("negated", "stages", "coverage", "validated")


def suggest(findings: Findings, context: Context) -> Suggestion:
    reported = [c for c in findings.attribute_claims if c.quoted]
    claims = [c for c in findings.attribute_claims if not c.quoted]
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
            rationale="No sentence naming a group's ethnicity, religion or nationality was "
            "found, so the question looks not to apply; check tables and images by eye.",
            evidence=[],
            counts={"claims": 0, "quoted_claims": 0},
        )
    counts = Counter(c.provenance for c in claims)
    total = len(claims)
    sourced = counts["court"] + counts["recorded"]
    signals: dict[str, list[Signal]] = {kind: [] for kind in _SIGNAL_KINDS}
    for signal in findings.attribute_provenance_signals:
        signals[signal.kind].append(signal)
    extras = [name for name in _SIGNAL_KINDS if signals[name]]
    unstated_share = counts["unstated"] / total
    inferred_share = counts["inferred"] / total
    if (inferred_share >= 0.3 and not signals["validated"]) or unstated_share >= 0.6:
        level = 0
    elif sourced / total >= 0.7 and counts["inferred"] == 0:
        level = 3 if len(extras) >= 2 else 2
    elif sourced / total >= 0.5:
        level = 2 if counts["inferred"] == 0 else 1
    else:
        level = 1
    weak = [c for c in claims if c.provenance in ("unstated", "inferred")]
    parts = [
        f"{plural(total, 'claim')} about a group's ethnicity, religion or nationality: "
        + ", ".join(f"{counts[p]} {p}" for p in ("court", "recorded", "inferred", "unstated"))
    ]
    if weak:
        parts.append(
            f"{plural(len(weak), 'claim')} with no stated or only an inferred source "
            f"({page_list(c.page for c in weak)})"
        )
    labels = {
        "negated": "says it did not infer attributes",
        "stages": "keeps suspects and convicted people apart",
        "coverage": "states how much attribute data is missing",
        "validated": "reports validating an inference step",
    }
    if extras:
        parts.append("the document " + "; ".join(labels[e] for e in extras))
    if reported:
        parts.append(
            f"{plural(len(reported), 'quoted claim')} from other sources not counted "
            f"({page_list(c.page for c in reported)})"
        )
    items = [
        (c.page, c.sentence, f"{c.attribute} claim, provenance {c.provenance}")
        for c in sorted(claims, key=lambda c: c.provenance not in ("inferred", "unstated"))
    ]
    items += [(p.page, p.sentence, labels[name]) for name in extras for p in signals[name][:1]]
    confidence = confidence_from_count(total + len(extras), base=0.3, per_item=0.05)
    tally = {"claims": total, "quoted_claims": len(reported)}
    tally |= {f"claims_{p}": counts[p] for p in ("court", "recorded", "inferred", "unstated")}
    tally |= {f"signals_{name}": len(signals[name]) for name in _SIGNAL_KINDS}
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
