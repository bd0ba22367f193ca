"""The people in a document: the tagger's PERSON entities cleaned and trimmed of titles, names after
a title it missed, and names it took for a place or an organisation.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ...lexicon import lexicon, person_vocabulary
from .name_words import (
    NAME_TOKEN,
    _attached,
    _name_end,
    _name_word,
    _title_abbreviation_ending_sentence,
    honorific_len,
)

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not where names are compared
    from spacy.tokens import Doc, Span


NOT_NAMES = {"he", "she", "they", "we", "it", "his", "her", "president", "minister", "official", "officials",
             "spokesman", "spokesperson", "lawmaker", "chief", "leader", "general", "colonel"}

PLACE_PREPOSITIONS = {"in", "at", "near", "from", "to", "into", "across", "around", "outside", "inside",
                      "eastern", "western", "northern", "southern", "central", "north", "south", "east", "west"}


def clean_person(ent: Span) -> str | None:
    """The name in a PERSON entity, or None when it is not a plausible personal name."""
    text = re.sub(r"[’']s$", "", ent.text.strip()).strip()
    words = text.split()
    if words and len(words[-1]) > 2 and words[-1].endswith(".") and not words[-1][:-1].isupper():
        words[-1] = words[-1][:-1]  # "Hun Sen." where a title abbreviation kept the full stop
    if not words or len(words) > 8:
        return None
    if not all(NAME_TOKEN.match(w) for w in words) or not words[0][0].isupper():
        return None
    name = " ".join(words)
    lex = lexicon()
    low = name.lower()
    if low in NOT_NAMES or lex.country_of(name) or low in lex.capitals or low in lex.role_phrases:
        return None
    if len(words) == 1 and ent.start > 0 and ent.doc[ent.start - 1].lower_ in PLACE_PREPOSITIONS:
        return None  # "in Ladakh": a place the model took for a person
    if len(words) == 1 and ent[0].tag_ in ("NNS", "NNPS") and low.endswith("s"):
        return None  # "Observers noted that ...": a plural noun, not a name
    voc = person_vocabulary()
    parts = [p for w in words for p in re.split(r"[-‐]", w) if p]
    if all(w.isupper() for w in words) and any(len(w.strip(".")) >= 3 for w in words) \
            or any(p.lower().rstrip(".") in voc.not_name_words for p in parts) or low in voc.not_name_words \
            or any(len(p) >= 2 and p.isupper() and "-" in w for w in words for p in w.split("-")[1:]):
        return None  # "DA'NANG", "JTBC": a dateline or an acronym; "Photo Credit", "Twitter", "Zanu-PF"
    if low in _outlet_names():
        return None
    if words[-1].lower() in lexicon().demonyms:
        return None  # "Veteran Thai (politician)"
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].lower_ in voc.media_nouns \
            or ent.end < len(doc) and doc[ent.end].lower_ in voc.media_nouns:
        return None  # "the weekly X", "local broadcaster X", "the opposition X party"
    if _in_photo_credit(ent):
        return None  # "(Dmitry Ivanov, Sputnik, Pool Photo via AP)"
    if len(words) == 1 and len(ent.sent) <= 3:
        return None  # "Background:" heading a paragraph
    return name


CREDIT_WORDS = {"photo", "photos", "pool", "credit", "via", "getty", "images", "file", "photographer", "courtesy"}


def _in_photo_credit(ent: Span) -> bool:
    """The name sits in a parenthesised photo credit ("(X Y/Agency, Pool Photo via AP)"), read
    on the characters (a bracket glued to a word is no token of its own: "2023.(X Y, ...)")."""
    text = ent.doc.text
    before = text[max(0, ent.start_char - 120):ent.start_char]
    if before.rfind("(") <= before.rfind(")"):
        return False  # not inside parentheses: "X and Y via video link" is no credit
    after = text[ent.end_char:ent.end_char + 120]
    close = after.find(")")
    return close >= 0 and any(w in CREDIT_WORDS for w in re.findall(r"[a-z]+", after[:close].lower()))


@lru_cache(maxsize=1)
def _outlet_names() -> frozenset[str]:
    from ...articles import outlets
    return frozenset(n.lower() for k, v in outlets().items() for n in (k, v))


def _trimmed_person(ent: Span) -> list[Span]:
    """The names inside a PERSON entity: honorifics, numerals and a leading country left out
    ("His Majesty King X", "Foreign Minister II Dato X", "Ambassador to Jordan X Y"), split at a
    lower-case word that is no particle ("X congratulated Y"), hyphenated parts kept ("Choi Sang-mok")."""
    from spacy.tokens import Span
    doc, voc, lex = ent.doc, person_vocabulary(), lexicon()
    start, end = ent.start, ent.end
    if lex.country_of(re.sub(r"[’']s$", "", ent.text)) or doc[end - 1].lower_ in lex.demonyms:
        return []  # "Brunei Darussalam's"; "Veteran Thai (politician)"
    if len(ent) >= 2 and doc[end - 1].lower_ in voc.not_name_words:
        return []  # "Belem do Para Declaration", "Pheu Thai Party": named by what it is, no person
    while start < end:
        n = honorific_len(doc, start)
        if n:
            start += n
        elif doc[start].lower_ in voc.numerals or doc[start].lower_.rstrip(".") in voc.title_words \
                or doc[start].lower_ == "the" \
                or doc[start].text in ("[", "]", "(", ")"):
            start += 1
        elif end - start >= 3 and lex.country_of(doc[start].text):
            start += 1  # "Ambassador to Jordan Mohamad Nasri Abdul Rahman"
        else:
            break
    if start == ent.start and start > 0 and doc[start - 1].is_sent_start and not doc[start - 1].ent_type_ and doc[start - 1].pos_ == "PROPN" \
            and _name_word(doc[start - 1], first=True) and not honorific_len(doc, start - 1) \
            and doc[start - 1].text[1:].isalpha() and doc[start - 1].text[1:].islower():
        start -= 1  # a first name the model left out ("Ismail" before "Omar Guelleh")
    if start >= end:
        return []  # an honorific alone ("His Majesty", "Crown Prince")
    # a name the model cut short at a hyphen ("Choi Sang" "-" "mok") or after its first part ("Hun" "Sen")
    while end < len(doc) and doc[end].text == "-" and _attached(doc, end) and end + 1 < len(doc) \
            and _attached(doc, end + 1) and doc[end + 1].is_alpha:
        end += 2
    if end - start == 1 and end < len(doc) and not doc[end].ent_type_ \
            and (_name_word(doc[end]) or _title_abbreviation_ending_sentence(doc, end)) \
            and doc[end].text[0].isupper() and doc[end].text.rstrip(".")[1:].isalpha() \
            and doc[end].text.rstrip(".")[1:].islower():
        if not _name_word(doc[end]):
            return [Span(doc, start, end + 1, label="PERSON")]
        end += 1
    spans, i = [], start
    while i < end:
        j = _name_end(doc, i, end)
        if j > i:
            spans.append(Span(doc, i, j, label="PERSON"))
            i = j
        else:
            i += 1
    return spans


def _title_trigger_ends(doc: Doc) -> list[tuple[int, bool]]:
    """Token positions right after a title that announces a name: a role ("Foreign Minister",
    "President of Indonesia"), an honorific ("Sheikh", "His Majesty"); the flag says whether the
    title stays part of the name ("Sultan")."""
    voc = person_vocabulary()
    out = []
    for span in doc.spans.get("roles", []):
        if not span.label_.startswith("ROLE:"):
            continue
        end = span.end
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            k = end + 1
            if doc[k].lower_ == "the":
                k += 1
            if k < len(doc) and doc[k].ent_type_ == "GPE":
                while k < len(doc) and doc[k].ent_type_ == "GPE" and doc[k].ent_iob_ != "B" or k < len(doc) \
                        and doc[k].ent_type_ == "GPE" and k == end + 1 + (doc[end + 1].lower_ == "the"):
                    k += 1
                if k < len(doc) and doc[k].text == ",":
                    k += 1
                end = k
        keep = span.end - span.start == 1 and span[0].lower_ in voc.opening_titles and span[0].text[0].isupper()
        out.append((span.start if keep else end, keep))
    i = 0
    while i < len(doc):
        n = honorific_len(doc, i)
        if n:
            out.append((i + n, False))
            i += n
        else:
            i += 1
    return out


def _with_titled_names(doc: Doc, persons: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Names after a title that the model missed, cut, or took for something else
    ("President of Indonesia Joko Widodo", "Sheikh X bin Y Al Z", "[King] Sultan X Y");
    overlapping finds are joined into one span."""
    from spacy.tokens import Span
    voc = person_vocabulary()
    found = [span for span, _ in persons]
    for pos, keep in _title_trigger_ends(doc):
        i = pos
        while i < len(doc) and not keep and (doc[i].lower_ in voc.numerals or doc[i].text in ("[", "]")
                                             or honorific_len(doc, i)):
            i += honorific_len(doc, i) or 1
        start = i
        if keep:
            i += 1
        end = _name_end(doc, i)
        if end <= i or end - start > 8:
            continue
        found.append(Span(doc, start, end, label="PERSON"))
    found.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in found:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(doc, last.start, span.end, label="PERSON")
            continue
        merged.append(span)
    out = []
    for span in merged:
        name = clean_person(span)
        if name:
            out.append((span, name))
    return out


def _speaks_or_meets(ent: Span) -> bool:
    """A name the model took for a place or organisation that is the subject of saying or meeting."""
    lex = lexicon()
    text = ent.text
    if lex.country_of(text) or text.lower() in lex.capitals or lex.institution_country(text) \
            or lex.organization_of(text) or lex.ministry_of(text) or len(ent) > 4:
        return False
    if not all(_name_word(t) or t.lower_ in person_vocabulary().particles for t in ent):
        return False
    root = ent.root
    return root.dep_ in ("nsubj",) and root.head.lemma_.lower() in person_vocabulary().person_verbs \
        and not (len(ent) == 1 and _written_as_non_person(ent))


PLACE_MARKERS = {"in", "at", "near", "inside", "outside", "the"}
PLACE_NOUNS = {"city", "town", "village", "region", "province", "state", "port", "capital", "island", "district"}


def _written_as_non_person(ent: Span) -> bool:
    """The one word elsewhere in the article is written as a place or an organisation: after "in"
    or "the" ("in X", "the X"), as the first part of a longer hyphenated name ("X-Y announced"),
    or coordinated with a country ("between <country> and X")."""
    doc, lex, word = ent.doc, lexicon(), ent.text
    for tok in doc:
        if tok.text != word or tok.i == ent.start:
            continue
        if tok.i > 0 and doc[tok.i - 1].lower_ in PLACE_MARKERS or tok.i > 1 and doc[tok.i - 1].lower_ == "of" \
                and doc[tok.i - 2].lower_ in PLACE_NOUNS:
            return True  # "in X", "the X", "the city of X"
        if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and _attached(doc, tok.i + 1) \
                and _attached(doc, tok.i + 2) and doc[tok.i + 2].text[:1].isupper():
            return True
        for other in [tok.head, *tok.children]:
            if other.dep_ == "conj" or tok.dep_ == "conj":
                if other.ent_type_ == "GPE" and lex.country_of(other.text):
                    return True
    return False


POST_NOUNS = {"president", "leader", "chairman", "chairwoman", "chair", "nominee", "candidate", "minister", "premier",
              "speaker", "governor", "mayor", "head", "chief", "successor", "predecessor", "rival", "challenger",
              "spokesman", "spokeswoman", "spokesperson", "envoy", "ambassador", "secretary", "founder", "king", "queen",
              "counterpart", "counterparts"}


def _apposed_to_post(ent: Span) -> bool:
    """A name the model took for an organisation or place, set in apposition after a post
    ("the party's nominee for prime minister, X Y, ..."; "incumbent president, X Y, 75"): a
    post is held by a person."""
    lex = lexicon()
    if not 2 <= len(ent) <= 4 or lex.country_of(ent.text) or ent.text.lower() in lex.capitals \
            or lex.institution_country(ent.text) or lex.organization_of(ent.text) or lex.ministry_of(ent.text):
        return False
    if not all(_name_word(t) or t.lower_ in person_vocabulary().particles for t in ent):
        return False
    root = ent.root
    head = root.head
    if root.dep_ in ("appos", "conj") and head.dep_ == "pobj" and head.head.lower_ in ("from", "of") \
            and head.head.head.lower_ in POST_NOUNS and lex.country_of(head.text):
        return doc_comma_before(ent)  # "his counterpart from Colombia, X Y": the name hangs on the country
    return root.dep_ == "appos" and head.lower_ in POST_NOUNS and ent.start > 0 and doc_comma_before(ent)


def doc_comma_before(ent: Span) -> bool:
    return ent.doc[ent.start - 1].text == ","


def _glued_name_tail(org: Span, person: Span) -> int | None:
    """Where a person's name starts inside an organisation the model ran into it ("President of
    the National Assembly Wan" + "Muhamad Noor Matha"): after the institution's head noun, the
    capitalised words left before a person are the name's first words; None when there are none."""
    voc = person_vocabulary()
    if org.end != person.start:
        return None
    heads = [i for i in range(org.start, org.end) if org.doc[i].lower_ in voc.not_name_words]
    if not heads or heads[-1] == org.end - 1 or heads[-1] - org.start < 1:
        return None
    tail = range(heads[-1] + 1, org.end)
    if len(tail) > 2 or not all(_name_word(org.doc[i]) for i in tail):
        return None
    return heads[-1] + 1


def _truncated_teaser(span: Span) -> bool:
    """A mention in a sentence cut off with an ellipsis ("... talks between X, a close…"): the
    teaser of another story."""
    text = span.sent.text.rstrip()
    return text.endswith("…") and len(text) > 1 and not text[-2].isspace()
