"""Who an office event is about and when it happened: the subject of an appointment and its date,
read alike by starts, events and successions.
"""
from __future__ import annotations

from spacy.tokens import Token

from ...dates import When, resolve_time
from ..actors.index import ActorIndex
from .holders import subject_walk
from ...records import Article, DateValue


APPOINT_VERBS = {"appoint", "name", "elect", "nominate", "swear", "promote", "reappoint", "install"}


TAKE_OBJECTS = {"office", "post", "helm", "job", "role", "reins", "portfolio", "ministry"}


def _appointment_subject(verb: Token, index: ActorIndex) -> str | None:
    """Who an appointment verb is about: its subject, "who" through its relative clause, "he"."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "X was on Friday elected ...": the parser hangs the subject on the auxiliary
    subjects += [c for a in verb.children if a.dep_ in ("aux", "auxpass") for c in a.children
                 if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.pos_ != "NOUN" and len(subjects) > 1:
        # "BANGKOK, Aug. 16 (Xinhua) -- X, who ..., was elected": the dateline parsed as a second subject
        for cand in subjects:
            found = subject_walk(cand, verb, index)
            if found:
                return found
        return None
    subj = subjects[0] if subjects else None
    if verb.pos_ == "NOUN":  # "his appointment", "Li's appointment"
        subj = _possessor(verb)
        if subj is None:
            return None
        if subj.lower_ in ("his", "her"):
            return index.last_subject_before(subj.i) or index.last_person_before(subj.i)
    if subj is None:
        if verb.dep_ == "relcl" or verb.dep_ == "acl" and verb.tag_ == "VBN":
            subj = verb.head  # "X, who was elected ...", "X sworn in as president" (a headline's clause)
        elif verb.dep_ == "conj":
            return _appointment_subject(verb.head, index)
        else:
            return None
    if subj.lower_ in ("he", "she") and _ambiguous_pronoun(subj, index):
        return None
    if subj.pos_ in ("NOUN", "PROPN") and not index.by_token.get(subj.i, "").startswith("person:"):
        # "the president's nominee, X, won ...", "acting President X will begin ...": the name in apposition
        for a in (a for a in subj.children if a.dep_ == "appos"):
            named = index.by_token.get(a.i, "") or (a.pos_ == "PROPN" and index.person_by_name_part(a.text)) or ""
            if named.startswith("person:"):
                return named
    return subject_walk(subj, verb, index)


def _ambiguous_pronoun(pronoun: Token, index: ActorIndex) -> bool:
    """ "Choi took on the role after Han's duties were suspended, two weeks since he took the
    helm": two people named before "he" in its sentence, the subject and a later one; a date is
    not given to either on a guess."""
    subject = index.last_subject_before(pronoun.i)
    latest = index.last_person_before(pronoun.i)
    named_here = {k for i, k in index.person_mentions if pronoun.sent.start <= i < pronoun.i}
    return subject != latest and len(named_here) >= 2


def _possessor(noun: Token) -> Token | None:
    """ "Li's appointment", "his inauguration" (the parser may take "X's" for the noun's subject)."""
    return next((c for c in noun.children if c.dep_ == "poss" or c.dep_ == "nsubj" and any(
        g.dep_ == "case" for g in c.children)), None)


def _after_on_publication_day(verb: Token, article: Article) -> tuple[object, object] | None:
    """ "X stepped in after lawmakers impeached Y on Saturday", told on that Saturday: no earlier
    than the day the 'after' clause gives and no later than the story, so that day."""
    for clause in verb.children:
        if clause.dep_ != "advcl" or not any(c.lower_ == "after" and c.dep_ == "mark" for c in clause.children):
            continue
        found = _appointment_time(clause, article)
        if found is not None and found[0].start == article.published and article.published.day is not None:
            return found
    return None


def _clause_verb(t: Token, verb: Token) -> Token | None:
    """The verb whose clause holds `t`: its nearest verb ancestor, or `verb` where that is an
    infinitive or participle hanging on `verb` ("appointed X to serve from March")."""
    while t.head.i != t.i:
        t = t.head
        if t.i == verb.i:
            return verb
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            if t.dep_ in ("xcomp", "conj") and t.head.i == verb.i:
                return verb
            return t
    return None


def _appointment_time(tok: Token, article: Article) -> tuple[object, str] | None:
    """The time expression inside the appointment's phrase, resolved at its precision; a clause
    introduced by "when" takes the time of the clause it depends on."""
    candidates = [e for e in tok.doc.ents if e.label_ == "DATE" and tok.left_edge.i <= e.start and e.end - 1 <= tok.right_edge.i]
    if not candidates and tok.dep_ == "advcl" and any(c.lower_ == "when" for c in tok.children):
        return _appointment_time(tok.head, article)
    if not candidates and tok.pos_ == "NOUN":
        # "since his appointment at the end of last year": the phrase right after the noun
        candidates = [e for e in tok.sent.ents if e.label_ == "DATE" and 0 < e.start - tok.i <= 5]
    for ent in sorted(candidates, key=lambda e: abs(e.start - tok.i)):
        if ent.start > 0 and tok.doc[ent.start - 1].lower_ in ("since", "until", "before"):
            continue
        clause = _clause_verb(ent.root, tok) if tok.pos_ in ("VERB", "AUX") else tok
        if clause is not tok and not (clause is not None and clause.dep_ == "advcl" and clause.head.i == tok.i
                                      and any(c.lower_ == "when" for c in clause.children)):
            continue  # "X succeeds Y, whom a court dismissed last week": the other clause's time
        when = _within_one_month(resolve_time(ent.text, article.published))
        if when is not None and not when.is_range:
            return when, ent
    return None


def _within_one_month(when: When | None) -> When | None:
    """ "dismissed last week": a range of days inside one month dates the event to that month."""
    if when is None or not when.is_range or when.start.month is None or when.end.month is None:
        return when
    if (when.start.year, when.start.month) != (when.end.year, when.end.month):
        return when
    return When(DateValue(when.start.year, when.start.month), derived_by=when.derived_by)
