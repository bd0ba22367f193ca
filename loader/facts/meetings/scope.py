"""A meeting's own clause: the phrase its word governs, and whether a person, date or place in the
sentence belongs to it rather than to another clause or event.
"""
from __future__ import annotations

from spacy.tokens import Token

from .wording import CLAUSES, EVENT_NOUNS, HOLDING, NOT_EVENT_TIME, _framing, _own_subject


def _under_reference_point(tok: Token, root: Token, trigger: Token | None = None) -> str | None:
    """The word ("since", "after", "following" ...) under which a date sits, a phrase or a
    clause: the time of another event that this one is placed relative to. Where the meeting
    itself is what the phrase names ("speaking after talks with X on Tuesday"), the date is the
    meeting's (None)."""
    t = tok
    while t.i != root.i and t.head.i != t.i:
        t = t.head
        if t.i == root.i:
            break
        if t.dep_ == "prep" and t.lower_ in NOT_EVENT_TIME:
            inside = trigger is not None and t.left_edge.i <= trigger.i <= t.right_edge.i
            return None if inside else t.lower_
        mark = next((c for c in t.children if c.dep_ == "mark" and c.lower_ in NOT_EVENT_TIME), None)
        if mark is not None:
            return mark.lower_  # "the first talks since Qiu took office in December 2021"
    return None


def _in_describing_clause(tok: Token, trigger: Token | None = None) -> bool:
    """Whether a token sits in a relative or adnominal clause describing something other than
    the meeting ("who took office in May"; but "a visit that began on Monday" is the visit's)."""
    t = tok
    while t.head.i != t.i:
        if t.dep_ in ("relcl", "acl", "ccomp", "advcl") and t.pos_ in ("VERB", "AUX"):
            return not (trigger is not None and t.head.i == trigger.i)
        t = t.head
    return False


def _separate_clause(inner: Token, outer: Token) -> bool:
    """Whether `inner` heads its own clause below `outer`: a coordinated verb with its own
    subject ("Wang held talks with Lavrov, and Xi received him"), or a clause of time with one
    ("X held talks with Y, 24 hours before Y and Z met in Bali")."""
    t = inner
    while t.i != outer.i and t.head.i != t.i:
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and _own_subject(t):
            return True
        if _clause_of_time(t):
            return True
        t = t.head
    return False


def _clause_of_time(t: Token) -> bool:
    """ "..., 24 hours before Y and Z met in Bali": a clause with its own subject and event, told
    to place another event in time."""
    return t.dep_ == "advcl" and t.pos_ in ("VERB", "AUX") and _own_subject(t) and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in ("before", "after", "when", "while", "as") for c in t.children)


def _offset_clause(t: Token) -> bool:
    """A clause of time set apart by a measure ("a day after", "24 hours before"): another day
    than the main clause's, where "when Y met Z" or "after Y held talks" shares it."""
    if not _clause_of_time(t):
        return False
    marks = [c for c in t.children if c.dep_ in ("mark", "advmod")]
    return any(c.dep_ == "npadvmod" for c in t.children) or any(g.dep_ == "npadvmod" for m in marks for g in m.children)


def _scope_root(trigger: Token) -> Token:
    """The phrase a meeting word governs: the verb itself; for a noun, the verb it is the object
    of ("held talks", "paid a visit") or that its preposition attaches to ("said ... at a meeting
    with"); else the noun phrase alone ("a visit to China by X" inside a longer sentence)."""
    if _framing(trigger):
        return trigger
    root = trigger
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in QUANTITY_NOUNS:
        trigger = head.head  # "held a string of bilateral meetings", "a fresh round of talks"
        head = trigger.head
    if trigger.pos_ in ("VERB", "AUX"):
        root = trigger
    elif trigger.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        root = head
    elif trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        root = head.head
    elif trigger.dep_ in ("nsubj", "nsubjpass") and trigger.pos_ == "NOUN" and _occurring(head):
        root = head  # "the meeting between X and Y took place in Z on Monday": where and when it was
    else:
        return trigger
    # "X is set to meet Y", "X plans to meet Y", "X agreed to hold talks": the planning verb's
    # subject is the meeting's
    while root.dep_ == "xcomp" and root.head.i != root.i and root.head.lemma_.lower() in ARRANGING:
        root = root.head
    return root


OCCURRING = {"happen", "occur", "begin", "start", "open", "end", "conclude", "close", "last", "run", "unfold"}


def _occurring(verb: Token) -> bool:
    """A verb that only says a meeting happened: "took place", "was held", "began", "lasted"."""
    lemma = verb.lemma_.lower()
    if lemma == "take":
        return any(c.dep_ in ("dobj", "obj") and c.lower_ == "place" for c in verb.children)
    if lemma == "hold":
        return any(c.dep_ == "auxpass" for c in verb.children)
    return verb.pos_ == "VERB" and lemma in OCCURRING


QUANTITY_NOUNS = {"string", "series", "round", "number", "couple", "pair", "flurry", "slew", "raft", "spate",
                  "day", "days", "sequence", "set"}
ARRANGING = {"plan", "schedule", "expect", "set", "due", "go", "intend", "prepare", "agree", "arrange",
             "decide", "slate"}


def _clause_has_meeting_word(tok: Token) -> bool:
    return any(t.lemma_.lower() in ("meet", "talk", "talks", "meeting", "hold") and t.lower_ != "holding"
               for t in tok.subtree)


def _in_scope(tok: Token, root: Token, trigger: Token, kind: str = "") -> bool:
    """Whether a person token belongs to the meeting's clause, not to another clause or event."""
    if not (root.left_edge.i <= tok.i <= root.right_edge.i):
        return False
    ancestors_of_trigger = {t.i for t in trigger.ancestors} | {trigger.i}
    if _headline_pair(tok, root):
        return True
    t = tok
    while t.i != root.i:
        if t.dep_ in CLAUSES and t.i not in ancestors_of_trigger:
            # a visit's own programme ("..., where he will hold talks with X") belongs to it
            if not (kind == "visit" and t.dep_ in ("relcl", "advcl", "acl") and _clause_has_meeting_word(t)) \
                    and not _led_by(t) and not _held_by(t, trigger):
                return False
        if t.dep_ == "conj" and t.i not in ancestors_of_trigger and (
                (t.pos_ in ("VERB", "AUX") and _own_subject(t)) or t.lemma_.lower() in EVENT_NOUNS):
            return False  # another event coordinated with this one ("a call ... and a visit by X")
        if t.head.i == t.i:
            return False
        t = t.head
    return True


def _held_by(clause: Token, trigger: Token) -> bool:
    """ "the discussions held by X and Y on Monday": the clause that says who held the meeting."""
    return clause.dep_ == "acl" and clause.head.i == trigger.i and clause.lemma_.lower() in HOLDING


def _headline_pair(tok: Token, root: Token) -> bool:
    """ "Modi, Kishida hold talks": a headline's comma for "and", which the parser hangs on the
    verb as a clause of its own."""
    doc = tok.doc
    return (tok.head.i == root.i and tok.dep_ in ("advcl", "dep", "npadvmod", "nmod") and tok.pos_ == "PROPN"
            and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and doc[tok.i + 2].dep_ == "nsubj"
            and doc[tok.i + 2].head.i == root.i)


DELEGATION_NOUNS = {"delegation", "team", "group", "mission", "side"}


def _led_by(clause: Token) -> bool:
    """ "talks with a delegation led by X": the leader of a delegation stands for it."""
    return (clause.dep_ == "acl" and clause.lemma_.lower() in ("lead", "head")
            and clause.head.lemma_.lower() in DELEGATION_NOUNS)
