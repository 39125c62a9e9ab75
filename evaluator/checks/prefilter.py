"""Skip a regular expression on a text that cannot match it: a literal prefilter.

Most of the checks' time went into `re` searches that find nothing: a case-insensitive
alternation of words is tried at every position of every passage. Yet almost every pattern needs
some literal to match at all (`\\b(?:claimed|claims)\\b` needs "claimed" or "claims").
`needles(pattern)` reads the pattern's parse tree and returns a few literal strings,
lower-cased, such that any match contains at least one of them. A `Filtered` pattern first looks
for those in a lower-cased copy of the text (made once per distinct text) and runs the real
pattern only if one is there; otherwise it returns what the pattern returns on no match. The
prefilter only ever skips searches that would have found nothing, so results are identical
(tests/test_prefilter.py checks the derivation and compares the results on real text).

`install(module)` swaps a check module's compiled patterns (module-level, and inside
module-level dicts, lists and tuples of patterns) for filtered ones once the module is imported,
so the checks' source and rules stay as they are. A pattern without a usable literal (every
branch optional, only character classes, or literals in most texts) is left alone.

Reading a pattern's parse tree costs about a millisecond, too much for every cold start: the
needles of the checks' patterns are kept in `evaluator/data/pattern_needles.json`, keyed by the
pattern's flags and source, and written by `scripts/pattern_needles.py`, which also picks, of
the literal sets a pattern offers, the one found in the fewest sample sentences ("said" rather
than "that"). A pattern missing from the file (a rule changed since) is read at run time
instead: slower to start, same results. tests/test_prefilter.py says when the file is stale.

A top-level alternation without groups ("\\d...%|\\bper\\s+...|\\btimes...") is also searched
branch by branch (`Branched`), each branch behind its own needles: `re` tries every branch at
every position, so one long alternation cost about 35 microseconds on every passage of the
219-page report even where a single branch could match. Its leftmost match is the leftmost of
its branches' matches, the earlier branch winning a tie, so the spans are the same. The
branches' needles are in the same table; a branch missing from it leaves the pattern whole.

On a long document each passage is tested by some hundred patterns. A text tested a few times
is then scanned once for the needles of every pattern (`_Scanner`), and each pattern only asks
whether its needles and the text's share one.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from types import ModuleType
from typing import Any

# Characters outside ASCII that `re` matches, ignoring case, against an ASCII letter, and that
# str.lower() does not turn into that letter: its simple lower-case mapping, and its extra case
# equivalences (re._casefix). tests/test_prefilter.py recomputes this from `_sre`.
FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
# A literal shorter than this rules out too little to pay for the test.
MIN_NEEDLE = 3
# Needles found in more than this share of a sample of texts rule out too little; needles of
# three letters or more, up to the second share (measured best on the 219-page report).
MAX_SHARE = 0.5
MAX_SHARE_WORDS = 0.8
# Bounds on the literal sets built while reading a pattern.
MAX_SET = 48

# text -> [the folded text, the needles in it (None until scanned), times looked at unscanned]
_facts: dict[str, list[Any]] = {}
# A text looked at this many times is scanned once for every needle (see `_Scanner`).
SCAN_AFTER = 3
# The scanner is built once this many distinct texts were folded (about 20 pages), where it
# pays for the 30 ms it takes to build.
SCANNER_AFTER = 1000
_folds = 0


# Longer texts (a whole document, a slice of one) are folded on each use, not kept: the cache
# holds at most 8,192 texts of at most this many characters.
MAX_KEPT = 4096


# A text with a digit (what `\\d` matches, Unicode digits included) has this appended to its
# folded copy, so that a pattern that needs a digit can name it among its needles. Appended
# text can only make a needle look present: at worst a pattern runs on a text it could skip.
DIGIT = "\x00\\d"
_has_digit = re.compile(r"\d").search


def _text_facts(text: str) -> list[Any]:
    global _folds
    folded = text.lower() if text.isascii() else text.translate(FOLD).lower()
    if _has_digit(text):
        folded += DIGIT
    found = [folded, None, 0]
    if len(text) <= MAX_KEPT:
        if len(_facts) >= 8192:
            _facts.clear()  # bounded: one document's passages at a time
        _folds += 1
        _facts[text] = found
    return found


def forget_texts() -> None:
    """Drop every text's cached facts: a document is read once, so a measurement that repeats
    an analysis starts each run from here, or a small text kept whole in the cache is timed warm
    against a large one that overflows it."""
    _facts.clear()


def fold(text: str) -> str:
    """The text lower-cased so that an ASCII literal `re` could match (with or without
    IGNORECASE) occurs in it lower-cased, followed by `DIGIT` when the text has a digit; cached,
    since many patterns read one passage."""
    return (_facts.get(text) or _text_facts(text))[0]


class _Scanner:
    """Finds, in one pass over a folded text, every needle of the filtered patterns it was
    built with: a regular expression shaped as a trie of the needles, in a lookahead, so that
    it reports at each position the longest needle starting there (the needles starting there
    are that one's prefixes among the needles). A text most patterns look at is then scanned
    once, and each pattern asks only whether its needles and the text's share one."""

    def __init__(self, needles: set[str]) -> None:
        trie: dict[str, Any] = {}
        for needle in needles:
            node = trie
            for char in needle:
                node = node.setdefault(char, {})
            node[""] = {}
        self._find = re.compile(f"(?=({self._source(trie)}))").finditer
        self._prefixes = {
            n: frozenset(n[:end] for end in range(1, len(n) + 1) if n[:end] in needles)
            for n in needles
        }

    @classmethod
    def _source(cls, node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(c) + cls._source(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        # Greedy: the longest needle along the path is the one reported.
        return "(?:" + "|".join(branches) + ")" + ("?" if ends else "")

    def needles_in(self, folded: str) -> frozenset[str]:
        found: set[str] = set()
        for match in self._find(folded):
            found |= self._prefixes[match.group(1)]
        return frozenset(found)


def _members() -> list[Filtered]:
    """Every filtered pattern in use, the branches of the branched ones included."""
    members: list[Filtered] = []
    for _, wrapper in _wrapped.values():
        if isinstance(wrapper, Branched):
            members += [p for p in (wrapper._whole, *wrapper._parts) if isinstance(p, Filtered)]
        elif isinstance(wrapper, Filtered):
            members.append(wrapper)
    return members


_scanner: list[_Scanner] = []  # at most one, built from the filtered patterns of that moment
_building = threading.Lock()


def _scanned(facts: list[Any]) -> frozenset[str] | None:
    """The needles in a text, once it has been looked at often and the scanner exists."""
    if facts[2] < SCAN_AFTER:
        facts[2] += 1
        return None
    if not _scanner:
        if _folds < SCANNER_AFTER:
            return None
        with _building:  # one scanner, which knows the needles of every pattern it marks
            if not _scanner:
                members = _members()
                _scanner.append(_Scanner({n for w in members for n in w._needles}))
                for member in members:
                    member._scannable = True
    facts[1] = _scanner[0].needles_in(facts[0])
    return facts[1]


Strings = frozenset[str]


def _cross(left: Strings, right: Strings) -> Strings | None:
    if len(left) * len(right) > MAX_SET:
        return None
    return frozenset(a + b for a in left for b in right)


class Sample:
    """Texts to estimate how often a set of needles occurs, to choose the rarest set a pattern
    offers ("said" or "that"?). Without one, longer needles count as rarer."""

    def __init__(self, texts: list[str]) -> None:
        self._texts = [fold(t) for t in texts]
        self._holding: dict[str, frozenset[int]] = {}

    def share(self, strings: Strings) -> float:
        """The share of the texts holding at least one of the strings."""
        held: set[int] = set()
        for needle in strings:
            if needle not in self._holding:
                self._holding[needle] = frozenset(
                    i for i, text in enumerate(self._texts) if needle in text
                )
            held |= self._holding[needle]
        return len(held) / max(len(self._texts), 1)


_sample: list[Sample] = []  # the sample `needles` was given, while it runs


def _best(candidates: list[Strings]) -> Strings | None:
    """The most selective of several sets each of which a match must contain one of."""
    usable = [c for c in candidates if c and min(map(len, c)) >= 1]
    if not usable:
        return None
    if _sample:
        return min(usable, key=lambda c: (_sample[0].share(c), len(c), sorted(c)))
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)))


def _literal(code: int, icase: bool) -> Strings | None:
    char = chr(code)
    if not char.isascii():
        return None  # lower-casing non-ASCII is not one-to-one with `re`'s folding: no claim
    return frozenset({char.lower()})


def _node(op: Any, av: Any, flags: int) -> tuple[Strings | None, Strings | None]:
    """(exact, required) for one node: `exact` is every string the node can match (when few),
    `required` a set one of which every match of the node contains. None: no claim."""
    icase = bool(flags & re.IGNORECASE)
    if op is C.LITERAL:
        exact = _literal(av, icase)
        return exact, exact
    if op is C.IN:
        if av == [(C.CATEGORY, C.CATEGORY_DIGIT)] and _sample:
            # `\\d`: the digit mark, a needle of its own, never joined to the literals
            # beside it. Only when choosing on a sample, which says how rare digits are.
            return None, frozenset({DIGIT})
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is not C.LITERAL:
                return None, None
            one = _literal(item_av, icase)
            if one is None:
                return None, None
            chars |= one
        exact = frozenset(chars) if 0 < len(chars) <= 4 else None
        return exact, exact
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return frozenset({""}), None  # zero width: matches nothing, requires nothing here
    if op is C.SUBPATTERN:
        _group, add, remove, body = av
        return _sequence(body, (flags | add) & ~remove)
    if op is C.ATOMIC_GROUP:
        return _sequence(av, flags)
    if op is C.BRANCH:
        exacts: set[str] = set()
        requireds: set[str] = set()
        exact_ok = required_ok = True
        for branch in av[1]:
            e, r = _sequence(branch, flags)
            exact_ok = exact_ok and e is not None
            if exact_ok and e is not None:
                exacts |= e
            required_ok = required_ok and r is not None
            if required_ok and r is not None:
                requireds |= r
        exact = frozenset(exacts) if exact_ok and len(exacts) <= MAX_SET else None
        required = frozenset(requireds) if required_ok else None
        return exact, required
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = av
        if low == 0:
            return None, None
        e, r = _sequence(body, flags)
        return (e if low == high == 1 else None), r
    return None, None  # ANY, CATEGORY, NOT_LITERAL, GROUPREF, ...: no claim


def _sequence(items: Any, flags: int) -> tuple[Strings | None, Strings | None]:
    candidates: list[Strings] = []
    run: Strings | None = frozenset({""})
    whole: Strings | None = frozenset({""})
    for op, av in items:
        exact, required = _node(op, av, flags)
        if exact is not None and run is not None:
            joined = _cross(run, exact)
            if joined is not None:
                run = joined
                whole = _cross(whole, exact) if whole is not None else None
                continue
        whole = None
        if exact is not None:
            candidates.append(run or frozenset())
            run = exact  # the run could not grow: start again from this node
            continue
        if run:
            candidates.append(run)
        run = frozenset({""})
        if required is not None:
            candidates.append(required)
    if run:
        candidates.append(run)
    return whole, _best([_minimal(c) for c in candidates if "" not in c])


def _minimal(strings: Strings) -> Strings:
    """Drop a string that contains another of the set: finding the shorter one is enough."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


def needles(pattern: re.Pattern[str], sample: Sample | None = None) -> tuple[str, ...] | None:
    """Lower-case literals one of which every match of the pattern contains; None when the
    pattern has none worth testing: too short, or, given a sample of texts, in most of them."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.LOCALE:
        return None
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - it compiled once already
        return None
    if sample is not None:
        _sample.append(sample)
    try:
        _exact, required = _sequence(list(tree), tree.state.flags)
    finally:
        _sample.clear()
    if not required:
        return None
    if sample is None and min(map(len, required)) < MIN_NEEDLE:
        return None
    if sample is not None:
        share = sample.share(required)
        # Words found in up to MAX_SHARE_WORDS of the texts still pay for the test: with the
        # scanner it costs next to nothing, and a skipped search saves 5-50 microseconds.
        if share > MAX_SHARE_WORDS or (share > MAX_SHARE and min(map(len, required)) < MIN_NEEDLE):
            return None
    return tuple(sorted(required))


class _Skipping:
    """What a filtered and a branched pattern share: the methods that go to the whole pattern
    unless `_absent` says no match is possible, and everything else the pattern has."""

    __slots__ = ()
    _pattern: re.Pattern[str]

    def _absent(self, text: str) -> bool:  # pragma: no cover - each subclass has its own
        raise NotImplementedError

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Any]:
        if self._absent(string):
            return iter(())
        return self._pattern.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self._absent(string):
            return []
        return self._pattern.findall(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        if self._absent(string):
            return string
        return self._pattern.sub(repl, string, count)

    def subn(self, repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        if self._absent(string):
            return string, 0
        return self._pattern.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        if self._absent(string):
            return [string]
        return self._pattern.split(string, maxsplit)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in self.__slots__:
            raise AttributeError(name)  # not set yet (copying, unpickling): never recurse
        return getattr(self._pattern, name)  # .pattern, .flags, .groups, .groupindex, ...


class Filtered(_Skipping):
    """A compiled pattern that skips texts lacking all of its needles. Only the methods the
    checks use are filtered; anything else goes to the pattern itself."""

    __slots__ = ("_needle_set", "_needles", "_pattern", "_scannable")

    def __init__(self, pattern: re.Pattern[str], found: tuple[str, ...]) -> None:
        self._pattern = pattern
        self._needles = found
        self._needle_set = frozenset(found)
        self._scannable = False  # whether the scanner knows these needles

    def _absent(self, text: str) -> bool:
        facts = _facts.get(text) or _text_facts(text)
        present = facts[1]
        if present is None:
            present = _scanned(facts)
        if present is not None and self._scannable:
            return self._needle_set.isdisjoint(present)
        # A text seen once or twice (a slice, a short document): a loop of `in` tests.
        folded = facts[0]
        for needle in self._needles:  # noqa: SIM110 - no generator per call
            if needle in folded:
                return False
        return True

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        if self._absent(string):
            return None
        return self._pattern.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        if self._absent(string):
            return None
        return self._pattern.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        if self._absent(string):
            return None
        return self._pattern.fullmatch(string, pos, endpos)

    def __reduce__(self) -> tuple[Any, ...]:
        return filtered, (self._pattern,)

    def __repr__(self) -> str:
        return f"Filtered({self._pattern!r})"


TABLE_PATH = Path(__file__).resolve().parent.parent / "data" / "pattern_needles.json"
_table: dict[str, list[str] | None] = {}
# id(pattern) -> (pattern, what replaces it); the pattern is kept so that its id stays its own.
_wrapped: dict[int, tuple[re.Pattern[str], Any]] = {}
_installed: dict[int, re.Pattern[str]] = {}  # the check modules' patterns, for the table


def table_key(pattern: re.Pattern[str]) -> str:
    return f"{pattern.flags}:{pattern.pattern}"


def _stored(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    if not _table and TABLE_PATH.exists():
        _table.update(json.loads(TABLE_PATH.read_text(encoding="utf-8")))
    key = table_key(pattern)
    if key in _table:
        found = _table[key]
        return tuple(found) if found else None
    return needles(pattern)


def filtered(pattern: re.Pattern[str]) -> Any:
    """The pattern with a prefilter, or the pattern itself when it has no usable needle; a
    top-level alternation whose branches' needles are in the table is searched branch by
    branch (`Branched`)."""
    key = id(pattern)
    if key not in _wrapped:
        found = _stored(pattern)
        wrapper = Filtered(pattern, found) if found else pattern
        parts = _parts(pattern)
        _wrapped[key] = (pattern, Branched(pattern, wrapper, parts) if parts else wrapper)
    return _wrapped[key][1]


def branches(source: str) -> list[str]:
    """The top-level alternatives of a pattern's source: split at each `|` outside groups,
    character classes and escapes."""
    out: list[str] = []
    depth = start = i = 0
    in_class = False
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += source.startswith("^", i + 1)
            i += source.startswith("]", i + 1)  # "[]...]", "[^]...]": a first "]" is a literal
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    out.append(source[start:])
    return out


def alternatives(pattern: re.Pattern[str]) -> list[str] | None:
    """The branches of a pattern that can be searched one at a time with the same result: a
    top-level alternation with no groups (so a branch's match is the whole pattern's match,
    group for group), not verbose (where `|` may sit in a comment)."""
    source = pattern.pattern
    if (
        not isinstance(source, str)
        or pattern.groups
        or pattern.flags & (re.VERBOSE | re.LOCALE)
        or "(?#" in source
    ):
        return None
    found = branches(source)
    return found if len(found) >= 2 else None


def branch_key(pattern: re.Pattern[str], branch: str) -> str:
    return f"{pattern.flags}:{branch}"


def _parts(pattern: re.Pattern[str]) -> list[Any] | None:
    """The parts `Branched` searches: each branch with needles on its own, each run of
    branches without any kept together, in order. None when the table lacks a branch (it is
    not read at run time: compiling and reading every branch would cost more at start-up than
    it saves) or no branch has needles."""
    found = alternatives(pattern)
    if found is None:
        return None
    if not _table and TABLE_PATH.exists():
        _table.update(json.loads(TABLE_PATH.read_text(encoding="utf-8")))
    keys = [branch_key(pattern, branch) for branch in found]
    if not all(key in _table for key in keys) or not any(_table[key] for key in keys):
        return None
    parts: list[Any] = []
    run: list[str] = []
    for branch, key in zip(found, keys, strict=True):
        if _table[key]:
            if run:
                parts.append(_Lazy("|".join(run), pattern.flags))
                run = []
            parts.append(Filtered(_Lazy(branch, pattern.flags), tuple(_table[key])))  # type: ignore[arg-type]
        else:
            run.append(branch)
    if run:
        parts.append(_Lazy("|".join(run), pattern.flags))
    return parts


class _Lazy:
    """A branch's pattern, compiled when first searched (most branches of a short document
    never are)."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        return self._pattern().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        return self._pattern().match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        return self._pattern().fullmatch(string, pos, endpos)


class Branched(_Skipping):
    """A top-level alternation without groups, searched one branch at a time, each behind its
    own prefilter: `re` tries every branch at every position, so a long alternation of words
    costs tens of microseconds on a sentence where none occurs. The alternation's leftmost
    match is the leftmost of its branches' matches, the earlier branch winning a tie, so
    `search`, `match` and `fullmatch` return the spans the whole pattern returns (the match's
    `re` is the branch's). The other methods go to the whole pattern once a branch may match."""

    __slots__ = ("_parts", "_pattern", "_skippable", "_whole")

    def __init__(self, pattern: re.Pattern[str], whole: Any, parts: list[Any]) -> None:
        self._pattern = pattern
        self._whole = whole  # the pattern, filtered when it has needles of its own
        self._parts = parts
        self._skippable = all(isinstance(p, Filtered) for p in parts)

    def _whole_absent(self, text: str) -> bool:
        whole = self._whole
        return isinstance(whole, Filtered) and whole._absent(text)

    def _absent(self, text: str) -> bool:
        if self._whole_absent(text):
            return True
        return self._skippable and all(p._absent(text) for p in self._parts)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        if self._whole_absent(string):
            return None
        best = None
        for part in self._parts:
            found = part.search(string, pos, endpos)
            if found is not None and (best is None or found.start() < best.start()):
                best = found
                if found.start() == pos:
                    break  # nothing starts earlier, and a later branch loses the tie
        return best

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        if self._whole_absent(string):
            return None
        for part in self._parts:
            found = part.match(string, pos, endpos)
            if found is not None:
                return found
        return None

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        if self._whole_absent(string):
            return None
        for part in self._parts:
            found = part.fullmatch(string, pos, endpos)
            if found is not None:
                return found
        return None

    def __reduce__(self) -> tuple[Any, ...]:
        return filtered, (self._pattern,)

    def __repr__(self) -> str:
        return f"Branched({self._pattern!r})"


def installed() -> list[re.Pattern[str]]:
    """Every pattern `install` has seen, in a stable order."""
    return sorted(_installed.values(), key=table_key)


def sample_texts() -> list[str]:
    """The labelled sentences, and the sample reports' sources line by line when the checkout
    has them: what the stored needles are chosen on."""
    import csv

    root = Path(__file__).resolve().parent.parent
    with open(root / "data" / "labelled_sentences.csv", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    for source in sorted((root.parent / "sample_reports").glob("*/source.md")):
        texts += [line for line in source.read_text(encoding="utf-8").splitlines() if line]
    return texts


def table() -> dict[str, list[str] | None]:
    """The needles of every installed pattern (once `checks()` has installed them), read afresh
    from each pattern and chosen on `sample_texts()`."""
    sample = Sample(sample_texts())
    out: dict[str, list[str] | None] = {}
    for pattern in installed():
        found = needles(pattern, sample)
        out[table_key(pattern)] = list(found) if found else None
        for branch in alternatives(pattern) or ():
            found = needles(re.compile(branch, pattern.flags), sample)
            out[branch_key(pattern, branch)] = list(found) if found else None
    return out


def write_table() -> None:
    TABLE_PATH.write_text(json.dumps(table(), indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _installing(pattern: re.Pattern[str]) -> Any:
    _installed[id(pattern)] = pattern
    return filtered(pattern)


def install(module: ModuleType) -> None:
    """Swap the module's compiled patterns for filtered ones (see the module's docstring)."""
    for name, value in list(vars(module).items()):
        if isinstance(value, re.Pattern):
            setattr(module, name, _installing(value))
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(v, re.Pattern) for v in value.values())
        ):
            for key, pattern in value.items():
                value[key] = _installing(pattern)
        elif (
            isinstance(value, list | tuple)
            and value
            and all(isinstance(v, re.Pattern) for v in value)
        ):
            swapped = [_installing(v) for v in value]
            if isinstance(value, list):
                value[:] = swapped
            else:
                setattr(module, name, tuple(swapped))
