"""The verbs of office events and how one reads: the verb a role phrase hangs on, the person it acts
on, whether it is planned or reported as news.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..actors.index import ActorIndex
from .appointments import _appointment_subject


START_VERBS = {"appoint", "name", "elect", "swear", "confirm", "approve", "install", "choose", "pick", "select", "tap",
               "promote", "reappoint", "re-elect", "reelect", "become", "take", "assume", "inaugurate", "endorse",
               "vote", "make"}


PLANNED_VERBS = {"nominate", "propose", "designate", "tip", "put"}


END_VERBS = {"resign", "step", "quit", "dismiss", "fire", "sack", "oust", "remove", "leave", "impeach", "depose",
             "topple", "retire"}


SERVE_VERBS = {"serve", "remain", "stay", "continue"}


SUCCESSION_VERBS = {"replace", "succeed"}


POST_NOUNS = {"post", "role", "office", "position", "job", "portfolio", "seat", "helm"}


FUTURE_HEADS = {"set", "expect", "due", "plan", "intend", "poise", "go", "likely", "intention", "decision", "move",
                "plan", "bid", "proposal", "want", "hope", "seek", "aim", "vote"}


TRANSITIVE = {"appoint", "name", "elect", "confirm", "approve", "install", "choose", "pick", "select", "tap", "promote",
              "reappoint", "re-elect", "reelect", "inaugurate", "endorse", "nominate", "propose", "designate", "tip",
              "dismiss", "fire", "sack", "oust", "remove", "impeach", "depose", "topple", "make", "put", "vote"}


def _event_verb(span: Span) -> Token | None:
    """The verb a role phrase is the complement of: "appointed X as ROLE", "named X ROLE",
    "became ROLE", "to the post of ROLE", "appointed X to be its next ROLE", "voted to appoint as
    ROLE X" (the title then parsed as part of the name)."""
    titled = _titled_name(span)
    if titled is not None:
        return titled.head.head if titled.head.lower_ == "as" and titled.head.head.pos_ == "VERB" else None
    h = span.root
    for _ in range(2):
        head = h.head
        if h.dep_ == "pobj" and head.lower_ in ("as", "for", "to", "into") and head.head.pos_ in ("VERB", "AUX"):
            return head.head
        if h.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("PROPN", "NOUN") and head.head.head.pos_ == "VERB":
            return head.head.head  # "appointed Maria Lopez as ...", the "as" attached to the name
        if h.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in POST_NOUNS:
            h = head.head  # "to the post of defence minister"
            continue
        if h.dep_ == "appos" and head.pos_ == "PROPN":
            # "names his ally X the new prime minister": the parser hangs the post on the name
            obj = head.head if head.dep_ == "appos" else head
            if obj.dep_ in ("dobj", "obj") and obj.head.pos_ == "VERB" and obj.head.lemma_.lower() in TRANSITIVE:
                return obj.head
            return None
        if h.dep_ in ("oprd", "attr", "dobj", "xcomp", "ccomp", "npadvmod", "appos") and head.pos_ in ("VERB", "AUX"):
            if head.lemma_ == "be" and head.dep_ in ("xcomp", "ccomp", "advcl") and head.head.pos_ == "VERB":
                return head.head  # "appointed X to be its next secretary general"
            if head.lemma_ == "be":
                return None
            return head
        return None
    return None


def _titled_name(span: Span) -> Token | None:
    """The name after "as" a title is parsed into ("to appoint as prime minister former deputy X":
    the title a compound of X), or None."""
    h = span.root
    while h.dep_ in ("compound", "nmod") and h.head.pos_ in ("PROPN", "NOUN"):
        h = h.head
    if h.i == span.root.i or h.pos_ != "PROPN" or h.dep_ != "pobj" or h.head.lower_ != "as":
        return None
    return h


def _planned(verb: Token) -> bool:
    """ "will become", "is set to take over", "to appoint X" (a headline's plan), "his intention
    to nominate": the event has not happened at the time of the article."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "’ll") for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        if _decided(verb):
            return False  # "MPs voted to appoint X": the vote was the appointment
        if verb.dep_ in ("xcomp", "acl", "ROOT", "relcl", "advcl") and (verb.dep_ == "ROOT" or verb.head.lemma_.lower() in FUTURE_HEADS
                                                                         or verb.head.pos_ == "NOUN"):
            return True
    return False


DECIDING_VERBS = {"vote", "move", "decide", "agree"}


def _decided(verb: Token) -> bool:
    """ "voted to appoint", "moved to appoint": an infinitive on a past act of deciding."""
    return verb.dep_ == "xcomp" and verb.head.tag_ == "VBD" and verb.head.lemma_.lower() in DECIDING_VERBS


def _object_person(verb: Token, index: ActorIndex, exclude: Token | None = None) -> str | None:
    """The person a transitive event verb acts on: its object, or the name in apposition to it."""
    for c in verb.children:
        if c.dep_ not in ("dobj", "obj", "dative") or (exclude is not None and c.i == exclude.i):
            continue
        for t in (c, *[a for a in c.children if a.dep_ == "appos"]):
            key = index.by_token.get(t.i)
            if key and index.actors[key].kind == "person":
                return key
            if t.pos_ == "PROPN" and index.person_by_name_part(t.text):
                return index.person_by_name_part(t.text)  # a full name the model tagged as something else
        if c.lower_ in ("whom", "who") and verb.dep_ == "relcl":
            key = index.by_token.get(verb.head.i)
            if key and index.actors[key].kind == "person":
                return key
    return None


def _subject_person(verb: Token, index: ActorIndex) -> str | None:
    return _appointment_subject(verb, index)


def _reported_as_news(verb: Token) -> bool:
    """A present or present-perfect event verb ("has been appointed", "is sworn in", "becomes",
    "names"): the article reports it as it happens, not as background ("was appointed in 2019")."""
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxes & {"has", "have", "is", "are"}) and not auxes & {"had", "was", "were"}
