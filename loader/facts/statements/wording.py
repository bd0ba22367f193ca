"""Speech verbs and the clause readings every part of statement finding shares: a span's tokens,
its speech verbs, a verb's subject.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token


SPEECH = {"say", "add", "state", "declare", "note", "tell", "write", "explain", "insist", "stress", "continue",
          "warn", "point", "claim", "promise", "quote", "emphasize", "emphasise", "reiterate", "urge", "argue",
          "remark", "assert", "affirm", "announce", "recall", "conclude", "ask", "reply", "respond", "agree",
          "tweet", "post", "report", "concede", "admit", "acknowledge", "pledge", "vow", "predict", "suggest",
          "underline", "confirm", "caution"}
# the verbs whose "that" clause is the speaker's own claim, reported: "X warned that ...",
# "X underlined that ...", "..., he added"; not "ask", "agree", "promise" (a request, a deal, a plan)
REPORTING = {"say", "add", "state", "note", "tell", "stress", "warn", "underline", "emphasize", "emphasise",
             "insist", "reiterate", "argue", "explain", "assert", "declare", "announce", "acknowledge", "admit",
             "confirm", "point", "caution", "concede", "write", "tweet"}

PRONOUNS = {"he", "she"}


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    return list(span) if span is not None else []


def _speech_verbs(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH]


def _subject(verb: Token, lo: int | None = None, hi: int | None = None) -> Token | None:
    """The verb's subject; with a character window, one inside it (the parser sometimes takes
    the quoted clause itself for the subject of "said")."""
    # the one nearest the verb: the parser sometimes takes a fronted clause's object for a
    # second subject ("Greeting X at the door, Y stressed that ...")
    subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: abs(c.i - verb.i))
    if lo is not None:
        inside = [c for c in subjects if lo <= c.idx < (hi if hi is not None else len(verb.doc.text))]
        if inside:
            return inside[0]
        if subjects:
            return None
    if subjects:
        return subjects[0]
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head)  # "X went on to claim ... but added that": X, wherever it stands
    return None


def _main_subject(doc: Doc, char: int) -> Token | None:
    """The subject of the main verb of the sentence holding a character offset."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return None
    root = span.sent.root
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
