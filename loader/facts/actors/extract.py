"""Actors: the people, organisations and countries one article mentions, resolved within it.

Within an article, a full name ("Dong Jun") anchors a person; a surname alone ("Dong", "Shoigu"),
a spelling variant ("Sergey" beside "Sergei") or a misspelt repeat ("Ruddick" after "Rudik")
resolves to the anchor it matches, the most recently mentioned one when several do. Every
surface form is kept as a label and every mention as evidence.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ...lexicon import lexicon, person_vocabulary
from ...records import ActorRecord, Article, Evidence

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not where names are compared
    from spacy.tokens import Doc, Span

NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.-]*$")
FUZZY_SURNAME = 80   # rapidfuzz ratio for a misspelt surname ("Ruddick" ~ "Rudik")
FUZZY_FULLNAME = 88  # transliteration variants of a full name ("Sergei" ~ "Sergey Shoigu")
NOT_NAMES = {"he", "she", "they", "we", "it", "his", "her", "president", "minister", "official", "officials",
             "spokesman", "spokesperson", "lawmaker", "chief", "leader", "general", "colonel"}


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-free form used to compare names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'`]s\b", "", text)
    text = re.sub(r"(?<=\w)[’'`](?=\w)", "", text)  # "Kan'ani", "Ri'ayatuddin": one word
    return " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).replace("-", " ").split())


def slug(text: str) -> str:
    return normalize_name(text).replace(" ", "-") or "x"


@dataclass
class ActorIndex:
    """The article's actors and where each is mentioned (token index -> actor key)."""

    actors: dict[str, ActorRecord] = field(default_factory=dict)
    by_token: dict[int, str] = field(default_factory=dict)
    person_mentions: list[tuple[int, str]] = field(default_factory=list)  # (token index, key), in order
    places: dict[int, str] = field(default_factory=dict)  # token index -> place name
    dateline_country: str | None = None  # "BEIJING (AP) —" opening the story
    dateline_place: str | None = None  # that city, as named in the story
    # the country of a capital opening the story in any case ("Addis Ababa, February 11, 2019 (FBC) –",
    # "Jakarta.", "VIENTIANE:"): where a local outlet files from, a weaker sign than a wire dateline
    filed_from_country: str | None = None
    subjects: set[int] = field(default_factory=set)  # start tokens of person mentions that are subjects

    def actor_at(self, token_i: int) -> str | None:
        return self.by_token.get(token_i)

    def persons_in(self, span: Span) -> list[str]:
        seen = []
        for i in range(span.start, span.end):
            key = self.by_token.get(i)
            if key and self.actors[key].kind == "person" and key not in seen:
                seen.append(key)
        return seen

    def person_by_name_part(self, word: str) -> str | None:
        """The one person of the article whose first or last name is `word` (or a close
        misspelling of it), else None."""
        norm = normalize_name(word)
        if len(norm) < 3:
            return None
        exact, close = set(), set()
        for key, actor in self.actors.items():
            if actor.kind != "person":
                continue
            for label in actor.labels | {actor.name}:
                parts = normalize_name(label).split()
                if not parts:
                    continue
                if norm in (parts[0], parts[-1]):
                    exact.add(key)
                elif len(norm) >= 5 and any(fuzz.ratio(norm, p) >= FUZZY_SURNAME for p in (parts[0], parts[-1])):
                    close.add(key)
        found = exact or close
        return next(iter(found)) if len(found) == 1 else None

    def last_subject_before(self, token_i: int) -> str | None:
        """The person last named as the subject of a clause ("he" usually refers to them)."""
        for i, key in reversed(self.person_mentions):
            if i < token_i and i in self.subjects:
                return key
        return None

    def last_person_before(self, token_i: int, exclude: set[str] = frozenset()) -> str | None:
        best = None
        for i, key in self.person_mentions:
            if i >= token_i:
                break
            if key not in exclude:
                best = key
        return best


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


def _evidence(article: Article, span: Span, rule: str, confidence: float = 0.8) -> Evidence:
    return Evidence(article.id, rule, sentence=span.sent.text.strip(), start=span.start_char, end=span.end_char,
                    confidence=confidence)


def extract_actors(doc: Doc, article: Article) -> ActorIndex:
    index = ActorIndex()
    lex = lexicon()
    from spacy.tokens import Span  # noqa: F811 (spaCy is imported where documents are parsed)

    persons: list[tuple[Span, str]] = []
    split_countries: list[Span] = []
    org_ends: dict[int, int] = {}  # organisation start -> its end without a person's name glued on
    ents = list(doc.ents)
    for k, ent in enumerate(ents):
        if ent.label_ == "PERSON" and k > 0 and ents[k - 1].label_ == "ORG":
            cut = _glued_name_tail(ents[k - 1], ent)
            if cut is not None:
                org_ends[ents[k - 1].start] = cut
                ent = Span(doc, cut, ent.end, label="PERSON")
        if ent.label_ in ("PERSON", "ORG") and ent.start > 0 and doc[ent.start - 1].lower_ == "of" \
                and lex.country_of(ent[0].text) and len(ent) >= 2 and ent[1].text[:1].isupper() \
                and (len(ent) >= 3 or honorific_len(doc, ent.start + 1)):
            # "President of Botswana Mokgweetsi Masisi", "Prime Minister of Malaysia Datuk Seri X": the
            # model ran the country into the name or the honorific before it
            split_countries.append(Span(doc, ent.start, ent.start + 1, label="GPE"))
            ent = Span(doc, ent.start + 1, ent.end, label="PERSON")
        if ent.label_ == "PERSON":
            for span in _trimmed_person(ent):
                name = clean_person(span)
                if name:
                    persons.append((span, name))
    persons = _with_titled_names(doc, persons)
    taken = {i for ent, _ in persons for i in range(ent.start, ent.end)}
    for ent in doc.ents:
        if ent.label_ in ("ORG", "GPE") and ent.start not in taken and (_speaks_or_meets(ent) or _apposed_to_post(ent)):
            name = clean_person(ent)
            if name:  # "Fidan held talks", "Anutin said": a name that speaks or meets is a person
                persons.append((ent, name))
                taken.update(range(ent.start, ent.end))
    # the model sometimes tags a surname it has already seen as a person as an organisation or
    # a place ("Bauer and Sorokina"): a one-word name that is a part of a full name found in
    # this article is that person
    name_parts = {p for _, name in persons if len(name.split()) >= 2 for p in normalize_name(name).split()}
    full_names = {normalize_name(name) for _, name in persons if len(name.split()) >= 2}
    for ent in doc.ents:
        if ent.label_ in ("ORG", "GPE", "NORP", "LOC") and ent.start not in taken and not lex.country_of(ent.text) \
                and (len(ent) == 1 and normalize_name(ent.text) in name_parts
                     or len(ent) >= 2 and normalize_name(ent.text) in full_names):
            # a surname, or a full name, that the model tagged as a person elsewhere in the story
            persons.append((ent, re.sub(r"[’']s$", "", ent.text)))
            taken.add(ent.start)
    persons = [(span, name) for span, name in persons if not _truncated_teaser(span)]
    for span in split_countries:
        country = lex.country_of(span.text)
        _add(index, f"country:{slug(country)}", "country", country, span.text,
             _evidence(article, span, "rule:country-table", 0.95), span)
        taken.add(span.start)
    for ent in doc.ents:
        if ent.label_ == "PERSON" or ent.start in taken:
            continue
        if ent.label_ in ("GPE", "LOC", "FAC", "NORP", "ORG"):
            text = re.sub(r"^(?:the)\s+", "", ent.text, flags=re.I)
            country = lex.country_of(text) if ent.label_ != "NORP" else None
            if country:
                _add(index, f"country:{slug(country)}", "country", country, ent.text,
                     _evidence(article, ent, "rule:country-table", 0.95), ent)
            if ent.label_ in ("GPE", "LOC", "FAC"):
                for i in range(ent.start, ent.end):
                    index.places[i] = country or text
            elif ent.label_ == "ORG" and not country:
                if ent.start in org_ends:
                    ent = Span(doc, ent.start, org_ends[ent.start], label="ORG")
                name = _org_name(ent)
                if name:
                    _add(index, f"organization:{slug(name)}", "organization", name, ent.text,
                         _evidence(article, ent, "model:ner-org", 0.7), ent)
    _resolve_persons(index, persons, article)
    index.dateline_place, index.dateline_country = dateline(doc)
    index.filed_from_country = index.dateline_country or filed_from(doc)
    return index


def filed_from(doc: Doc) -> str | None:
    """The country of a capital written as a dateline in mixed case or before a colon or full stop:
    "Addis Ababa, February 11, 2019 (FBC) –", "Beijing, 6 November 2023 (TDI):", "Jakarta. President
    X ...", "Abu Dhabi: His Highness ...", "VIENTIANE: The ministers ..."."""
    m = re.match(r"^\s*([A-Z][\w'’ .-]{2,30}?)(?:\s*:\s|\.\s+(?=[A-Z])|,\s+[^—–:\n]{3,40}?\s?[—–:-]\s)", doc.text)
    if not m:
        return None
    return lexicon().capitals.get(m.group(1).strip().lower())


def dateline(doc: Doc) -> tuple[str | None, str | None]:
    """(city, country) of a capital's dateline opening the story ("BEIJING (AP) —", "MOSCOW, June 3 -")."""
    m = re.match(r"^([A-Z][A-Z .'-]{2,30}?)(?:,|\s*\(|\s+[—–-])", doc.text)
    if not m:
        return None, None
    lex = lexicon()
    place = m.group(1).strip().title()
    if place.lower() in lex.capitals:
        return place, lex.capitals[place.lower()]
    country = lex.country_of(place)
    return (country, country) if country else (None, None)


def _org_name(ent: Span) -> str | None:
    text = re.sub(r"^(?:the)\s+", "", ent.text.strip(), flags=re.I)
    text = re.sub(r"[’']s$", "", text)
    if not text or not text[0].isupper() or len(text) < 2 or re.search(r"[\d/]", text):
        return None
    if len(text.split()) == 1 and text.lower() in lexicon().role_words:
        return None
    lex = lexicon()
    words = text.split()
    # "China's Defense Ministry", "the Chinese Defense Ministry": a country's ministry
    if len(words) >= 2:
        head = re.sub(r"[’']s$", "", words[0])
        country = lex.country_of(head)
        ministry = lex.ministry_of(" ".join(words[1:]))
        if country and ministry:
            return f"{ministry.name} ({country})"
    ministry = lex.ministry_of(text)
    if ministry and text.lower() in lex.ministry_countries:
        return f"{ministry.name} ({lex.ministry_countries[text.lower()]})"
    return text


def _add(index: ActorIndex, key: str, kind: str, name: str, surface: str, ev: Evidence, span: Span) -> None:
    actor = index.actors.get(key)
    if actor is None:
        actor = index.actors[key] = ActorRecord(key=key, kind=kind, name=name)
    actor.labels.add(surface.strip())
    actor.mentions.append(ev)
    for i in range(span.start, span.end):
        index.by_token[i] = key
    if kind == "person":
        index.person_mentions.append((span.start, key))
        if span.root.dep_ in ("nsubj", "nsubjpass") or (
                span.root.dep_ in ("appos", "conj") and span.root.head.dep_ in ("nsubj", "nsubjpass")):
            index.subjects.add(span.start)


def _resolve_persons(index: ActorIndex, persons: list[tuple[Span, str]], article: Article) -> None:
    # 1. full names anchor people; transliteration variants of one full name share an anchor
    anchors: list[str] = []  # canonical full names
    canon_of: dict[str, str] = {}
    for _, name in persons:
        if len(name.split()) < 2:
            continue
        norm = normalize_name(name)
        if norm in canon_of:
            continue
        match = next((a for a in anchors if same_full_name(norm, normalize_name(a))), None)
        if match:
            canon_of[norm] = match
        else:
            anchors.append(name)
            canon_of[norm] = name
    # a shorter full name ("Lula da Silva", "Mohammed Al Thani") is the one anchor it shortens
    for short in sorted(anchors, key=lambda a: len(normalize_name(a).split())):
        longer = [a for a in anchors if a != short and canon_of[normalize_name(a)] == a
                  and shorter_form_of(normalize_name(short), normalize_name(a))]
        if len(longer) == 1:
            for norm, canon in canon_of.items():
                if canon == short:
                    canon_of[norm] = longer[0]
    for norm in canon_of:
        seen = set()
        while canon_of[norm] != canon_of[normalize_name(canon_of[norm])] and norm not in seen:
            seen.add(norm)
            canon_of[norm] = canon_of[normalize_name(canon_of[norm])]
    anchors = [a for a in anchors if canon_of[normalize_name(a)] == a]
    anchor_parts = {a: normalize_name(a).split() for a in anchors}

    def key_of(name: str) -> str:
        return f"person:{slug(name)}"

    mentions_so_far: list[tuple[int, str]] = []
    for ent, name in sorted(persons, key=lambda p: p[0].start):
        norm = normalize_name(name)
        if len(name.split()) >= 2:
            canonical, rule, conf = canon_of[norm], "model:ner-person", 0.85
        else:
            canonical, rule, conf = _match_single(norm, anchor_parts, mentions_so_far, ent.start), "rule:surname-in-article", 0.75
            if canonical is None and len(norm.split()) >= 2:  # "Akufo-Addo" after "Nana Akufo-Addo"
                longer = [a for a in anchors if shorter_form_of(norm, normalize_name(a))]
                canonical = longer[0] if len(longer) == 1 else None
            if canonical is None:
                canonical, rule, conf = name, "model:ner-person", 0.6
        key = key_of(canonical)
        _add(index, key, "person", canonical, name, _evidence(article, ent, rule, conf), ent)
        mentions_so_far.append((ent.start, canonical))
    for key, actor in index.actors.items():
        if actor.kind == "person":
            actor.labels.add(actor.name)


def same_full_name(a: str, b: str) -> bool:
    """Two normalised full names of one person: the same length, a shared first or last name,
    and close spellings ("sergei shoigu" / "sergey shoigu"); within and across articles."""
    if name_key(a) == name_key(b):
        return True
    pa, pb = a.split(), b.split()
    if len(pa) != len(pb) or (pa[-1] != pb[-1] and pa[0] != pb[0]):
        return False
    return a == b or fuzz.ratio(a, b) >= FUZZY_FULLNAME


def name_key(norm: str) -> list[str]:
    """The words of a normalised name that identify it: middle initials and a generational
    suffix left out ("antony j blinken" -> antony blinken, "lloyd j austin iii" -> lloyd austin);
    a first initial kept ("s jaishankar")."""
    voc = person_vocabulary()
    words = norm.split()
    if len(words) >= 3:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    if len(words) >= 3 and words[-1] in voc.suffixes:
        words = words[:-1]
    return words


def _subsequence(a: list[str], b: list[str]) -> bool:
    it = iter(b)
    return all(w in it for w in a)


def shorter_form_of(short: str, full: str) -> bool:
    """`short` (normalised, two words or more) is a shorter way of writing the full name `full`:
    the same name without middle initials or suffix ("antony j blinken"), an initial for the first
    name ("m j guptill" / "martin guptill"), its last words ("lula da silva", "akufo addo"), its
    first three or more words ("mohammed bin zayed"), or its first and last words with some
    between left out ("mohammed al thani" / "mohammed bin abdulrahman al thani")."""
    a, b = name_key(short), name_key(full)
    if len(a) < 2 or len(a) > len(b) or a[-1] != b[-1] and a[:len(a)] != b[:len(a)]:
        return False
    if a == b:
        return True
    if len(a) == len(b) == 2 and len(a[0]) == 1 and len(b[0]) > 1 and b[0][0] == a[0]:
        return True
    if len(a) < len(b) and b[-len(a):] == a:
        return True
    if len(a) >= 3 and b[:len(a)] == a:
        return True
    return len(a) >= 3 and a[0] == b[0] and a[-1] == b[-1] and _subsequence(a, b)


def _match_single(norm: str, anchor_parts: dict[str, list[str]], earlier: list[tuple[int, str]], at: int) -> str | None:
    """The anchor a one-word name denotes: exact first/last name, else a close misspelling."""
    exact = [a for a, parts in anchor_parts.items() if norm in (parts[0], parts[-1])]
    if not exact and len(norm) >= 4:
        exact = [a for a, parts in anchor_parts.items()
                 if any(len(p) >= 4 and p[0] == norm[0] and fuzz.ratio(norm, p) >= FUZZY_SURNAME for p in (parts[0], parts[-1]))]
    if not exact and len(norm) >= 4:
        # the name a person goes by, written inside their full name ("Lula" in "Luiz Inacio Lula
        # da Silva"): one anchor only, never a particle
        voc = person_vocabulary()
        middle = [a for a, parts in anchor_parts.items() if norm in parts[1:-1] and norm not in voc.particles
                  and not any(p in voc.particles or p in voc.opening_titles for p in parts[:parts.index(norm)])]
        exact = middle if len(middle) == 1 else []
    if not exact:
        return None
    if len(exact) == 1:
        return exact[0]
    recent = [name for i, name in earlier if name in exact and i < at]
    return recent[-1] if recent else exact[0]


def extract(doc: Doc, article: Article, found: dict, settings) -> ActorIndex:
    """The registry's entry (loader/facts/__init__.py): the article's actors, as the index the
    later kinds look names up in."""
    return extract_actors(doc, article)
