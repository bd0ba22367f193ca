"""Who said a quotation: the attribution after it ("..., X said"), before it ("X said: ..."), or a
possessor ("X's words").
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ...lexicon import lexicon
from .wording import PRONOUNS, _main_subject, _speech_verbs, _subject, _tokens
from .quotes import Quote
from .speakers import Speakers


# titles written with a stop that do not end the attribution ("said press secretary Maj. Gen. X")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "gen", "maj", "lt", "col", "capt", "cmdr", "adm", "sgt", "gov",
                 "sen", "rep", "st", "jr", "sr", "amb", "pres", "hon", "rev", "u.s", "u.k", "u.n"}


def _sentence_end(text: str) -> int | None:
    """The offset of the stop that ends the first sentence of `text`, skipping the stops of
    abbreviated titles and initials."""
    for m in re.finditer(r"[.!?](?:\s|$)", text):
        word = re.search(r"([\w.]+)$", text[:m.start()])
        if m.group()[0] == "." and word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1
                                             and word.group(1).isupper()):
            continue
        return m.start()
    return None


def _quoted_as_saying(verb: Token) -> Token | None:
    """ "the Interfax news agency quoted X as saying": the words are X's, not the agency's."""
    if verb.lemma_.lower() != "quote":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    as_saying = any(c.lower_ == "as" and any(g.lemma_.lower() in ("say", "tell") for g in c.children)
                    for c in [*verb.children, *(obj.children if obj is not None else ())])
    return obj if as_saying else None


def _attribution_after(doc: Doc, q: Quote, limit: int, speakers: Speakers):
    """Speaker named right after a quote: "..., X said", "said X", "X was quoted as saying"."""
    tail = doc.text[q.end:limit]
    m = re.match(r"^[\s,.;:!?”\"’']*", tail)
    gap_end = q.end + (m.end() if m else 0)
    cut = _sentence_end(doc.text[gap_end:limit])
    end = gap_end + (cut + 1 if cut is not None else limit - gap_end)
    tokens = _tokens(doc, gap_end, end)[:14]
    if not tokens:
        return None
    acc = re.match(r"(?i)^according\s+to\s+", doc.text[gap_end:end])
    if acc:
        target = [t for t in tokens if t.idx >= gap_end + acc.end() and not (t.is_punct or t.is_space)]
        if not target:
            return None
        root = doc[target[0].i: target[-1].i + 1].root
        key = speakers.person_in(root)
        if key:
            return key, "according-to+name", True
        # "..., according to the ministry": the ministry is the source; the words are those of
        # the person the sentence is about when it has a person as its subject
        subject = _main_subject(doc, q.start)
        if subject is not None:
            key, rule, named = speakers.resolve(subject)
            if named:
                return key, "according-to-source+subject", False
        return None, "according-to-source", False
    for verb in _speech_verbs(tokens):
        if verb.dep_ in ("acl", "amod", "relcl") and verb.tag_ in ("VBN", "VBG"):
            continue  # "a readout posted by the Kremlin said": the noun's participle is not the attribution
        quoted = _quoted_as_saying(verb)
        if quoted is not None:
            key, rule, named = speakers.resolve(quoted, q.start, quoting=True)
            return key, "after-quoted-as-saying+" + rule, named
        subj = _subject(verb, gap_end, end)
        if subj is None:
            # "said X": the inverted subject follows the verb
            after = [t for t in tokens if t.i > verb.i]
            if after and (after[0].ent_type_ == "PERSON" or after[0].lower_ in PRONOUNS
                          or (after[0].pos_ == "PROPN" and speakers.index.person_by_name_part(after[0].text))):
                subj = after[0]
        if subj is not None and subj.idx >= gap_end - 1:
            key, rule, named = speakers.resolve(subj, q.start, quoting=True)
            return key, "after+" + rule, named
        break
    return None


# nouns for something said or written: "his announcement that “...”", "X's statement: “...”"
SAYING_NOUNS = {"statement", "announcement", "remark", "comment", "word", "message", "post", "tweet", "claim",
                "pledge", "promise", "assertion", "warning", "vow", "declaration", "assurance", "appeal", "admission",
                "insistence", "description", "observation", "reminder"}


def _attribution_possessor(doc: Doc, q: Quote, floor: int, speakers: Speakers):
    """ "she said, in reference to his announcement that “...”", "reports X's statement that
    “...”": the quotation completes a noun for something said, and whose saying it was is the
    noun's possessor, not the subject of the sentence around it."""
    tokens = [t for t in _tokens(doc, floor, q.start - 1) if not t.is_space]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ == "that"):
        tokens.pop()
    if not tokens or tokens[-1].lemma_.lower() not in SAYING_NOUNS or tokens[-1].pos_ != "NOUN":
        return None
    poss = next((c for c in tokens[-1].children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    if poss.lower_ in ("his", "her"):
        key = speakers.salient(poss.i, "m" if poss.lower_ == "his" else "f")
        return (key, "possessor-pronoun", False) if key else None
    key, rule, named = speakers.resolve(poss)
    return key, "possessor+" + rule, named


def _attribution_before(doc: Doc, q: Quote, floor: int, speakers: Speakers):
    """Speaker named before a quote: "X said: “...”", "He added: “...”", "X stated, promising that “"."""
    head_text = doc.text[floor:q.start - 1]
    if not head_text.strip():
        return None
    tokens = _tokens(doc, floor, q.start - 1)[-40:]
    if not tokens:
        return None
    sent = tokens[-1].sent
    tokens = [t for t in tokens if t.sent == sent]  # the sentence that opens the quotation
    verbs = _speech_verbs(tokens)
    last_word = next((t for t in reversed(tokens) if not t.is_punct), None)
    for verb in reversed(verbs):
        if verb is not last_word and any(o is not verb and o.is_ancestor(verb) for o in verbs):
            # the outer speaker reports the words; an inner verb speaks only where it introduces
            # the quotation ("... said Y told him: “...”")
            continue
        quoted = _quoted_as_saying(verb)
        if quoted is not None and quoted.idx < q.start:
            key, rule, named = speakers.resolve(quoted, quoting=True)
            return key, "before-quoted-as-saying+" + rule, named
        subj = _subject(verb, floor, q.start)
        if subj is not None and subj.idx < q.start:
            if speakers.several(subj):
                return None, "before+plural", False  # "the two leaders agreed to “...”": no one person
            key, rule, named = speakers.resolve(subj, quoting=True)
            return key, "before+" + rule, named
        left = [t for t in tokens if t.i < verb.i and not t.is_punct]
        if 1 < len(left) <= 6 and left[0].lower_ == "the" and (
                re.search(r"\d+-year-old$", doc[left[0].i:verb.i].text.strip())
                or left[-1].lower_ in lexicon().role_words | {"leader", "premier", "chief"}):
            # "The 40-year-old tweeted:", parsed without a subject
            key = speakers.salient(left[0].i)
            return key, "before+description-salient", False
    return None
