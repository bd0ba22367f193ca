"""The words of meetings: their kinds (visit, call, talks), plans, speech verbs, gatherings, and the
small readings of a clause every part below shares.
"""
from __future__ import annotations

import re

from spacy.tokens import Token


SPEECH_VERBS = {"say", "tell", "announce", "add", "state", "declare", "note", "report", "quote", "confirm",
                "stress", "claim", "write", "insist", "explain", "reiterate", "emphasize", "emphasise"}
PHONE = re.compile(r"(?i)\b(?:(?:tele)?phone(?:d)?\s+(?:call|conversation|talks?)|spoke\s+(?:by|on\s+the|over\s+the)\s+(?:tele)?phone|"
                   r"(?:by|over\s+the|on\s+the)\s+(?:tele)?phone|conference\s+call|telephone)\b")
VIDEO = re.compile(r"(?i)\b(?:video[\s-]?(?:call|conference|link|talks?|meeting|summit|chat)|videoconference|"
                   r"virtual(?:ly)?\s+(?:meeting|talks?|summit|call|conference|met)|met\s+virtually|(?:via|by|over)\s+video|"
                   r"online\s+(?:meeting|talks))\b")
VISIT_NOUNS = {"visit", "trip", "tour", "voyage"}
MEET_NOUNS = {"meeting", "talks", "meetings", "summit"}
MEET_VERBS = {"meet", "receive", "host", "hold"}
PLANNED_AUX = {"will", "shall", "'ll"}
PLANNED_HEADS = {"plan", "schedule", "expect", "set", "due", "go", "intend", "prepare", "aim", "hope"}


def _clause_verb(tok: Token) -> Token:
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


GATHERINGS = {"summit", "conference", "forum", "meeting", "gathering", "assembly", "session", "ceremony", "talks",
              "congress", "convention", "festival", "games", "sidelines", "dialogue"}
HOLDING = {"hold", "take", "host", "convene", "organise", "organize", "stage"}

EVENT_NOUNS = VISIT_NOUNS | MEET_NOUNS | {"call", "conversation", "conference", "summit", "visit"}
NOT_EVENT_TIME = {"since", "before", "after", "until", "till", "by", "ahead", "following"}
CLAUSES = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "xcomp"}


def _framing(trigger: Token) -> bool:
    """ "During his visit to Vilnius, X spoke with Y": a visit that frames the sentence's event."""
    return (trigger.pos_ == "NOUN" and trigger.lemma_.lower() in VISIT_NOUNS and trigger.dep_ == "pobj"
            and trigger.head.lower_ in ("during", "throughout"))


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
