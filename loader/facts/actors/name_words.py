"""The words a personal name is made of: capitalised name words, particles, hyphenated parts,
and the honorifics standing before them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ...lexicon import lexicon, person_vocabulary

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not where names are compared
    from spacy.tokens import Doc


NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.-]*$")

MONTHS_AND_DAYS = {"january", "february", "march", "july", "august", "september", "october",
                   "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def honorific_len(doc: Doc, i: int) -> int:
    """How many tokens of an honorific ("His Majesty", "Sheikh", "Dato Seri", "Dr.") start at i."""
    if i >= len(doc) or not doc[i].text[:1].isupper():
        return 0
    for seq in person_vocabulary().honorifics:
        n = len(seq)
        if i + n <= len(doc) and all(doc[i + k].lower_.rstrip(".") == seq[k] for k in range(n)):
            return n
    return 0


@lru_cache(maxsize=1)
def _single_honorifics() -> frozenset[str]:
    return frozenset(h[0] for h in person_vocabulary().honorifics if len(h) == 1) - person_vocabulary().opening_titles


def _attached(doc: Doc, i: int) -> bool:
    """Token i is glued to the one before it (no space): "Sang" "-" "mok", "al" "-" "Bashir"."""
    return i > 0 and not doc[i - 1].whitespace_


def _name_word(tok, first: bool = False) -> bool:
    """A capitalised word that can be part of a personal name."""
    text = tok.text
    if not NAME_TOKEN.match(text) or not text[0].isupper():
        return False
    low = tok.lower_.rstrip(".")
    lex, voc = lexicon(), person_vocabulary()
    if low in MONTHS_AND_DAYS or low in voc.not_name_words or low in _single_honorifics() or low in voc.title_words \
            or low in lex.name_titles_lower or low in lex.role_words and low not in voc.opening_titles:
        return False
    if lex.country_of(text) or low in lex.capitals:
        return False
    return not (first and low in voc.numerals)


def _name_end(doc: Doc, i: int, limit: int | None = None) -> int:
    """The end of the run of name words starting at i: capitalised words, particles between them
    ("bin", "da", "von der"), hyphenated and apostrophised parts ("Sang-mok", "al-Bashir")."""
    voc = person_vocabulary()
    limit = len(doc) if limit is None else limit
    end = i
    j = i
    while j < limit:
        tok = doc[j]
        if tok.text in ("-", "‐") and j > i and _attached(doc, j) and j + 1 < limit and _attached(doc, j + 1) \
                and doc[j + 1].is_alpha:
            j += 2
            end = j
            continue
        if _name_word(tok, first=j == i):
            j += 1
            end = j
            if tok.text.endswith(".") and len(tok.text) > 2:
                break  # "Hun Sen." ends its sentence
            continue
        if tok.lower_ in voc.particles and j + 1 < limit and (
                j > i and (_name_word(doc[j + 1]) or doc[j + 1].lower_ in voc.particles)
                or doc[j + 1].text == "-" and _attached(doc, j + 1) and j + 2 < limit and _attached(doc, j + 2)
                and _name_word(doc[j + 2]) and (j > i or tok.text[0].isupper() or end == i and j == i)):
            j += 1
            continue
        break
    return end


def _title_abbreviation_ending_sentence(doc: Doc, i: int) -> bool:
    """Token i is a name that ends its sentence and that the tokenizer read, with the full stop,
    as a title abbreviation ("... President Hun Sen." read as "Sen."): nothing name-like follows."""
    tok = doc[i]
    if not tok.text.endswith(".") or tok.lower_.rstrip(".") not in lexicon().name_titles_lower:
        return False
    return i + 1 == len(doc) or doc[i + 1].is_space or doc[i + 1].ent_type_ != "PERSON" and doc[i + 1].pos_ != "PROPN"
