"""The words of a sentence that tell a meeting, each with its kind (visit, phone or video call, in person)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from .wording import MEET_NOUNS, PHONE, VIDEO


def _triggers(sent: Span):
    """Candidate (kind, trigger token) pairs for the sentence, by priority: visit, call, meeting."""
    text, offset = sent.text, sent.start_char
    for tok in sent:
        if tok.lemma_.lower() in ("visit", "travel", "trip", "tour") and tok.pos_ in ("VERB", "NOUN") and tok.lower_ != "visitor":
            yield "visit", tok
    for pattern, kind in ((VIDEO, "video_call"), (PHONE, "phone_call")):
        m = pattern.search(text)
        if m:
            span = sent.doc.char_span(offset + m.start(), offset + m.end(), alignment_mode="expand")
            if span is None:
                continue
            nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN")]
            verbs = [t for t in span if t.pos_ == "VERB"]
            tok = (verbs or nouns or [span.root])[-1]
            while tok.dep_ in ("compound", "amod") and tok.head.i != tok.i:
                tok = tok.head  # "video" in "via video link": the link is the meeting's word
            yield kind, tok
    for tok in sent:
        if tok.lower_ == "call" and tok.pos_ == "NOUN" and not _courtesy(tok) and any(
                c.dep_ == "prep" and c.lower_ == "with" and any(g.ent_type_ == "PERSON" for g in c.subtree)
                for c in tok.children) and not PHONE.search(text) and not VIDEO.search(text):
            yield "phone_call", tok  # "in a call with X on Monday"
        if tok.lemma_.lower() == "call" and tok.pos_ == "VERB" and any(
                c.dep_ == "prep" and c.lower_ == "on" and any(g.dep_ == "pobj" and g.ent_type_ == "PERSON" for g in c.children)
                for c in tok.children) and not any(
                c.dep_ in ("xcomp", "advcl", "ccomp") or c.lower_ in ("for", "to") for c in tok.subtree if c.i > tok.i):
            yield "in_person", tok  # "X called on President Y at the Kremlin": a courtesy visit, not "called on Y to act"
            continue
        if tok.lemma_.lower() == "call" and tok.pos_ == "VERB" and any(
                c.dep_ in ("dobj", "obj") and (c.ent_type_ == "PERSON" or c.lower_ in ("counterpart", "counterparts", "him", "her"))
                for c in tok.children) and not any(c.dep_ in ("oprd", "attr") or c.lower_ == "for" for c in tok.children):
            yield "phone_call", tok  # "Y called him to congratulate", not "called him a liar"
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in ("meet",):
            yield "in_person", tok
        elif tok.pos_ == "NOUN" and tok.lower_ in MEET_NOUNS:
            yield "in_person", tok
        elif tok.pos_ == "VERB" and lemma in ("receive", "host") and any(
                c.dep_ in ("dobj", "obj") and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN"
                                               or c.lower_ in ("counterpart", "counterparts")
                                               or any(g.ent_type_ == "PERSON" for g in c.subtree))
                for c in tok.children):
            yield "in_person", tok  # "received his counterpart from X, Y"
        elif tok.pos_ == "VERB" and lemma in ("receive", "host", "welcome", "greet") and any(
                c.dep_ == "agent" for c in tok.children):
            yield "in_person", tok  # "X was received by Y", "was greeted by Y on arrival"
        elif tok.pos_ == "VERB" and lemma in ("welcome", "greet") and any(
                c.dep_ in ("dobj", "obj") and c.ent_type_ == "PERSON" for c in tok.children):
            yield "in_person", tok  # "X welcomed Y to Beijing", "X greeted Y at the palace"
        elif tok.pos_ == "NOUN" and _courtesy(tok):
            yield "in_person", tok  # "paid a courtesy call on X": a visit in person, not a phone call
        elif tok.pos_ == "VERB" and _with_person(tok) and (
                lemma in ("confer", "speak", "talk", "dine", "lunch")
                or (lemma == "sit" and any(c.lower_ == "down" for c in tok.children))):
            yield "in_person", tok  # "conferred with", "spoke with", "sat down with"
        elif tok.pos_ == "VERB" and lemma == "sit" and any(
                c.dep_ == "prep" and c.lower_ in ("alongside", "beside", "opposite", "across")
                and any(g.ent_type_ == "PERSON" for g in c.subtree) for c in tok.children):
            yield "in_person", tok  # "sat alongside X", "sat across from X": at one table
        elif tok.pos_ == "NOUN" and lemma in ("audience", "lunch", "dinner", "breakfast", "banquet", "trilateral") \
                and (_with_person(tok) or tok.head.lemma_.lower() in ("host", "hold", "give", "grant", "attend")):
            yield "in_person", tok
        elif lemma == "hold" and any(c.lower_ == "talks" for c in tok.children):
            yield "in_person", tok
        elif tok.pos_ == "NOUN" and lemma in JOINT_APPEARANCES and _joint_appearance(tok):
            yield "in_person", tok  # "at a joint news conference with X": the two stood together
        elif tok.pos_ == "NOUN" and lemma == "discussion" and (
                tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() == "hold"
                or any(c.dep_ == "acl" and c.lemma_.lower() == "hold" for c in tok.children)):
            yield "in_person", tok  # "held discussions with X", "the discussions held by X and Y"
        elif tok.pos_ == "VERB" and (lemma in ("talk", "chat") or lemma == "shake" and any(
                c.lower_ == "hands" for c in tok.children)) and _two_people_as_subject(tok):
            yield "in_person", tok  # a caption's "X, left, and Y talk after the ceremony", "X and Y shake hands"
        elif tok.lower_ in ("talk", "chat") and tok.pos_ == "NOUN" and _after_two_people(tok):
            yield "in_person", tok  # the same caption parsed as a noun phrase


JOINT_APPEARANCES = {"conference", "appearance", "briefing", "availability"}


def _joint_appearance(tok: Token) -> bool:
    """A press appearance two people gave together: "a joint news conference", "a press
    conference with X", "a news appearance alongside X"."""
    press = any(c.dep_ == "compound" and c.lower_ in ("news", "press", "media") for c in tok.children)
    joint = any(c.dep_ == "amod" and c.lower_ == "joint" for c in tok.children)
    beside = any(c.dep_ == "prep" and c.lower_ in ("with", "alongside") and any(g.ent_type_ == "PERSON" for g in c.subtree)
                 for c in tok.children)
    return (press or tok.lower_ == "appearance") and (joint or beside)


def _courtesy(tok: Token) -> bool:
    return tok.lower_ == "call" and any(c.lower_ == "courtesy" for c in tok.children)


def _two_people_as_subject(verb: Token) -> bool:
    """Whether a verb's subject is two people joined by "and" ("X, at right, and Y talk"), which
    the parser may also give as two subjects of the verb."""
    people = []
    stack = [c for c in verb.children if c.dep_ == "nsubj"]
    while stack:
        t = stack.pop()
        people.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return len(people) == 2 and all(p.ent_type_ == "PERSON" for p in people)


def _after_two_people(tok: Token) -> tuple[int, int] | None:
    """The last tokens of two people joined by "and" right before a word with no determiner ("X, at
    right, and Y talk following the ceremony", which the parser may read as a noun phrase)."""
    doc = tok.doc
    if tok.i == 0 or doc[tok.i - 1].ent_type_ != "PERSON" or (tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON"):
        return None
    if any(c.dep_ in ("det", "poss") for c in tok.children):
        return None
    start = tok.i - 1
    while start > tok.sent.start and doc[start - 1].ent_type_ == "PERSON":
        start -= 1
    before = doc[tok.sent.start:start]
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= start and e.start >= tok.sent.start]
    if len(people) != 1 or not any(t.lower_ == "and" for t in before if t.i >= people[0].end):
        return None
    return people[0].end - 1, tok.i - 1


def _with_person(tok: Token) -> bool:
    """Whether a word has "with/for/to PERSON" ("spoke with X", "a lunch for X", "an audience to X")."""
    return any(c.dep_ == "prep" and c.lower_ in ("with", "for", "to") and any(g.ent_type_ == "PERSON" for g in c.subtree)
               for c in tok.children)
