"""Language identification: only English articles are read; others are skipped, not half-read.

py3langid ships its model inside the package, so nothing is downloaded at run time.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

MIN_WORDS = 12        # below this a verdict is noise; short English snippets are common
MIN_CONFIDENCE = 0.9  # normalised probability needed before an article is called non-English


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and confidence; ("en", 0.0) when the text is too short to judge."""
    if len(text.split()) < MIN_WORDS:
        return "en", 0.0
    lang, prob = _identifier().classify(text)
    return lang, float(prob)


# English function words are a third of English prose and next to none of other languages': text
# above PLAINLY_ENGLISH is English without loading the identifier's model (docs/performance.md)
FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as was said by at it he his from be has have an are "
    "this which were will their its not but had they been who would or".split())
PLAINLY_ENGLISH = 0.12
_WORD = re.compile(r"[^\W\d_]+")


def plainly_english(text: str) -> bool:
    words = _WORD.findall(text.lower())
    return bool(words) and sum(w in FUNCTION_WORDS for w in words) >= PLAINLY_ENGLISH * len(words)


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z]")


@lru_cache(maxsize=4096)
def script_of(letter: str) -> str:
    """The script a letter is written in, as the first word of its Unicode name ("ARABIC",
    "CYRILLIC", "CJK"); "LATIN" for every Latin letter, accented or full-width."""
    name = unicodedata.name(letter, "")
    return "LATIN" if "LATIN" in name.split() else (name.split() or ["UNKNOWN"])[0]


def main_other_script(text: str) -> tuple[str, float] | None:
    """The script other than Latin that most letters of `text` are in, with its share of all
    letters, when more than half of them are in scripts other than Latin; else None."""
    latin = len(_ASCII_LETTER.findall(text))
    scripts: Counter = Counter()
    for letter, n in Counter(_OTHER_LETTER.findall(text)).items():
        scripts[script_of(letter)] += n
    latin += scripts.pop("LATIN", 0)
    total = latin + sum(scripts.values())
    if not scripts or sum(scripts.values()) * 2 <= total:
        return None
    script, n = scripts.most_common(1)[0]
    return script, n / total


def non_english_reason(text: str, stated: str | None = None) -> str | None:
    """Why an article is not English, or None when it is (or cannot be told apart from English).

    English is written in the Latin script: a text whose letters are mostly in other scripts is
    not English, whatever the statistical identifier's confidence (it spreads its probability
    over related languages, and over English for the Latin names such a text quotes)."""
    if stated and stated.lower().split("-")[0] not in ("en", "eng", "english"):
        return f"not English (metadata says language {stated!r}); only English articles are read"
    other = main_other_script(text)
    if other:
        script, share = other
        return (f"not English (most of its letters are not Latin: {share:.0%} in the {script.title()} script); "
                "only English articles are read")
    if plainly_english(text):
        return None
    lang, prob = detect_language(text)
    if lang != "en" and prob >= MIN_CONFIDENCE:
        return f"not English (detected {lang}, confidence {prob:.2f}); only English articles are read"
    return None
