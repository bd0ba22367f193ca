"""Whether a meeting is planned or held, and the wording that makes none at all (wished for, refused,
conditional, repeated, called off, only attended).
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ...dates import When
from ...records import DateValue
from .wording import EVENT_NOUNS, MEET_NOUNS, PLANNED_AUX, PLANNED_HEADS, _clause_verb


def _status(trigger: Token, when: When | None, published: DateValue | None) -> str:
    verb = _clause_verb(trigger)
    for tok in (verb, *verb.children):
        if tok.lower_ in PLANNED_AUX or (tok.dep_ == "aux" and tok.lower_ in PLANNED_AUX):
            return "planned"
        if tok.dep_ in ("acomp", "xcomp") and tok.lemma_.lower() in PLANNED_HEADS and verb.lemma_ == "be" \
                and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.i == verb.i:
            return "planned"  # "his trip is due later this month", "the talks are not due until May"
    if verb.lemma_.lower() in PLANNED_HEADS and verb.pos_ in ("VERB", "ADJ", "AUX"):
        return "planned"
    head = verb.head
    if head.i != verb.i and head.lemma_.lower() in PLANNED_HEADS and verb.dep_ in ("xcomp", "ccomp"):
        return "planned"
    if when is not None and published is not None and published.day is not None:
        if when.start.iso() > published.iso():
            return "planned"
    return "held"


def _past_plan(trigger: Token) -> bool:
    """Whether the plan a status comes from is told in the past tense ("X was set to sit down
    with Y", "they were due to hold talks", "had planned to meet"): as of a time before the
    story, so that its report of the meeting held tells what came of it."""
    verb = _clause_verb(trigger)
    for tok in (verb, *verb.children):
        if tok.lower_ in PLANNED_AUX:
            return False
    for planner in (verb, verb.head):
        if planner.lemma_.lower() in PLANNED_HEADS and planner.lemma_.lower() != "go":
            # "was due to": the copula carries the tense
            told = planner.head if planner.dep_ in ("acomp", "attr") and planner.head.lemma_ == "be" else planner
            if told.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "were", "had")
                                         for c in told.children):
                return True
        if planner.head.i == planner.i or verb.dep_ not in ("xcomp", "ccomp"):
            break
    return False


def _status_checked(trigger: Token, when: When | None, published: DateValue | None) -> str:
    """The status, except that an event dated wholly before the article was not announced in it."""
    status = _status(trigger, when, published)
    if status == "planned" and when is not None and published is not None:
        last = (when.end or when.start).iso() + "\uffff"
        if last < published.iso():
            return "held"
    return status


SPECULATIVE = {"could", "might", "may", "would"}
DEADLINE = re.compile(
    r"(?i)\bbefore\s+(?:this|the)\s+(?P<unit>month|week|year)\s+is\s+(?:out|over)\b|"
    r"\b(?:before|by)\s+the\s+end\s+of\s+(?:this|the)\s+(?P<unit2>month|week|year)\b|"
    r"\b(?:at|by)\s+(?:the\s+)?(?P<unit3>month|week|year)[’']s\s+end\b")


def _speculative_or_negated(root: Token, trigger: Token) -> bool:
    """ "Putin could travel to China", "did not meet", "refused to meet", "hopes to meet",
    "invited him to visit", "the meeting was cancelled": no meeting to record."""
    for tok in {root.i: root, trigger.i: trigger}.values():
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in SPECULATIVE):
                return True
    if trigger.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "neg" for c in trigger.head.children) \
            and not any(t.lower_ == "until" for t in trigger.head.subtree):
        return True  # "a meeting between X and Y has not been scheduled" (but "is not due until May")
    t = trigger if trigger.pos_ in ("VERB", "AUX") else _clause_verb(trigger)
    if t.i != trigger.i and _lemma(t) in (NOT_A_PLAN | {"request"}) - {"invite"}:
        return True  # "wants a meeting with Y", "proposed talks" (one "invited to the meeting" attends it)
    for _ in range(3):  # the verbs or adjectives the meeting's clause is the complement of
        if _conditional(t) or _repeated(t):
            return True
        if t.dep_ not in ("xcomp", "ccomp", "pcomp", "dobj") or t.head.i == t.i:
            break
        t = t.head
        if _lemma(t) in NOT_A_PLAN or any(c.dep_ == "neg" for c in t.children):
            return True  # "refused to meet", "did not rule out meeting"
    return _conditional(t) or _called_off(trigger.sent)


def _conditional(verb: Token) -> bool:
    """ "whether X will meet Y", "if a ceasefire holds, X will meet Y": a meeting on a condition."""
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in verb.children) or any(
        c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
        for c in verb.children)


REPEATED = {"repeatedly", "often", "regularly", "frequently", "routinely"}


def _repeated(verb: Token) -> bool:
    """ "who has met Xi more than 40 times", "have met several times": many meetings, none told."""
    for c in verb.children:
        if c.lower_ in REPEATED:
            return True
        if c.lemma_.lower() == "time" and c.lower_ == "times" and c.dep_ in ("npadvmod", "advmod", "dobj", "obl"):
            return True
    return False


# wishes, refusals, offers and invitations: a meeting someone wants or rejects is no meeting
NOT_A_PLAN = {"refuse", "decline", "reject", "avoid", "fail", "hope", "want", "wish", "like", "love", "offer",
              "propose", "invite", "urge", "ask", "demand", "press", "ready", "willing", "open", "eager", "keen",
              "unwilling", "unable", "reluctant", "threaten", "consider", "rule out"}
CALLED_OFF = {"cancel", "scrap", "scrub", "abandon", "shelve"}


def _lemma(tok: Token) -> str:
    """The lemma, where the tagger's is known to go wrong ("hopes" read as "hop"); "rule out" as
    one word."""
    if tok.lower_ in ("hopes", "hoped", "hoping"):
        return "hope"
    if tok.lemma_.lower() == "rule" and any(c.lower_ == "out" for c in tok.children):
        return "rule out"
    return tok.lemma_.lower()


def _called_off(sent: Span) -> bool:
    """ "..., but the meeting was cancelled", "the visit was called off": the sentence's meeting did
    not take place."""
    for tok in sent:
        called_off = _lemma(tok) in CALLED_OFF or (_lemma(tok) == "call" and any(c.lower_ == "off" for c in tok.children))
        if called_off and tok.pos_ == "VERB" and any(
                c.dep_ in ("nsubjpass", "dobj", "nsubj") and (c.lemma_.lower() in EVENT_NOUNS | {"it", "talk"})
                for c in tok.children):
            return True
    return False


ATTENDING = {"attend", "conclude", "join", "end", "close", "chair", "witness"}
DEFINITE = {"the", "this", "that", "his", "her", "their", "its"}


def _attending(trigger: Token) -> bool:
    """ "A, B and C also attended the meeting", "X concluded the talks", "were present at his
    meeting with Y": people taking part in, or closing, a meeting already told, not a new one."""
    if trigger.pos_ != "NOUN" or trigger.lower_ not in MEET_NOUNS:
        return False
    if not any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in trigger.children):
        return False
    head = trigger.head
    if trigger.dep_ in ("dobj", "obj") and head.lemma_.lower() in ATTENDING:
        return True
    return trigger.dep_ == "pobj" and head.lower_ == "at" and head.head.lemma_.lower() in ("present", "attend")
