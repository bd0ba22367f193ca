"""Party posts: "leader of the X Party", "X Party leader", "head of the Y Alliance" as role spans
the office pass reads like any title."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .extract_actors import ActorIndex
from .office_context import POSSESSIVE_PRONOUNS

CANDIDATE_NOUNS = {"nominee", "candidate", "candidacy", "contender", "frontrunner", "front-runner", "bid", "race", "run"}


PARTY_WORDS = {"party", "alliance", "front", "movement", "league"}



def _is_party_name(doc: Doc, start: int, end: int) -> bool:
    """An organisation's name that says it is a party ("Move Forward Party", "MDC Alliance")."""
    return any(doc[k].lower_ in PARTY_WORDS for k in range(start, end))



def party_leader_spans(doc: Doc, index: ActorIndex) -> list[Span]:
    """ "leader" named as a party's: "MoDem party (Mouvement Democrate) leader X", "the party's
    leader X", "the Liberal Party's leader", "its leader, X" (its: a party the sentence or the one
    before names), "main opposition leader X". The span runs from the party's name to "leader", so
    that a country before it ("French centrist MoDem party leader") is read as for any title."""
    spans = []
    taken = {i for s in doc.spans.get("roles", []) for i in range(s.start, s.end)}
    for tok in doc:
        if tok.lower_ != "leader" or tok.i in taken or tok.i == 0:
            continue
        i = tok.i - 1
        if doc[i].text == ")":  # "MoDem party (Mouvement Democrate) leader"
            j = i
            while j > max(0, i - 8) and doc[j].text != "(":
                j -= 1
            if doc[j].text != "(":
                continue
            i = j - 1
        if i >= 0 and doc[i].lower_ in ("’s", "'s"):
            i -= 1
        if i < 0:
            continue
        prev = doc[i]
        start = None
        if prev.lower_ == "opposition" or prev.lower_ in PARTY_WORDS:
            start = i
            ent = next((e for e in doc.ents if e.start <= i < e.end), None)
            if ent is not None and ent.label_ == "ORG":
                start = ent.start
            elif i > 0 and doc[i - 1].pos_ == "PROPN" and not index.by_token.get(i - 1):
                k = i - 1  # "MoDem party": a party name the model did not tag
                while k > 0 and doc[k - 1].pos_ == "PROPN" and not index.by_token.get(k - 1):
                    k -= 1
                start = k
        elif prev.ent_type_ == "ORG":
            ent = next(e for e in doc.ents if e.start <= i < e.end)
            if _is_party_name(doc, ent.start, ent.end):
                start = ent.start
        elif prev.lower_ in POSSESSIVE_PRONOUNS:
            # "its leader, X": a party named in this sentence or the one before
            sent = prev.sent
            first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
            if any(e.label_ == "ORG" and _is_party_name(doc, e.start, e.end) for e in doc.ents
                   if first <= e.start and e.end <= i):
                start = i + 1
        if start is None:
            continue
        spans.append(Span(doc, start, tok.i + 1, label="ROLE:party_leader"))
    return spans
