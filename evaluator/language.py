"""Whether a text reads as another language than English: the detectors read English only.

On a report in another language they find nothing, and "nothing found" becomes "not
applicable" or level 0 on every question, with a confidence the calibration learned on English
documents. On the blind sets, openings in Italian, German, French, Spanish and Portuguese were
acceptable on 16 of 42 suggestions, against 159 of 198 for the English ones of the same set
(holdout-8). So the analysis withholds its suggestions on such a text and says why.

It takes positive evidence of another language: a contents list, a table or a list of names
has few English function words, but none of another language's either.
"""

from __future__ import annotations

import re

# Short function words that make up about a quarter of running prose in each language.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "English": "the of and to in a is that for on was were with by as are be from at this "
        "it an which or has have not",
        "German": "der die das und ist nicht mit von den zu im für auf sich dem des eine ein "
        "wird werden sind als auch",
        "French": "le la les des et est une un du en que qui dans pour sur pas au par sont avec ce",
        "Spanish": "el la los las de y en que es un una por con para del se no al su",
        "Italian": "il la le di e che è un una per non con del della dei sono da nel al gli",
        "Portuguese": "o a os as de e que é um uma do da em para com não no na dos por",
        "Dutch": "de het een en van is dat op te met voor niet zijn in",
        "Swedish": "och att det som en är av för på med till inte den har",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS = 60  # fewer words than this say too little to judge
# Another language's function words must be this common, and at least twice as common as
# English ones. Prose in each language scores 0.2 to 0.35 on its own list; English openings at
# hand score 0.06 or less on any other list, the others 0.02 or less on the English one.
MIN_SHARE = 0.12
_WINDOWS = 10  # stretches of text read, spread over the whole document
_WINDOW_CHARS = 2_000


def _sample(text: str) -> str:
    """Up to `_WINDOWS` stretches spread over the text: a long contents list or a table at the
    start does not decide alone, and the reading stays cheap on a long report."""
    if len(text) <= _WINDOWS * _WINDOW_CHARS:
        return text
    step = len(text) // _WINDOWS
    return "\n".join(text[i * step : i * step + _WINDOW_CHARS] for i in range(_WINDOWS))


def shares(text: str) -> tuple[dict[str, float], int]:
    """The share of each language's function words among the sampled words, and how many
    words were read."""
    words = _WORD.findall(_sample(text).lower())
    if not words:
        return {language: 0.0 for language in _FUNCTION_WORDS}, 0
    return {
        language: sum(w in listed for w in words) / len(words)
        for language, listed in _FUNCTION_WORDS.items()
    }, len(words)


def other_language(text: str) -> str | None:
    """The language the text reads as, when it is long enough to judge and reads as one
    other than English; None otherwise."""
    found, count = shares(text)
    if count < MIN_WORDS:
        return None
    english = found.pop("English")
    language, share = max(found.items(), key=lambda item: item[1])
    return language if share >= MIN_SHARE and share >= 2 * english else None
