"""Party posts: "leader of the X Party", "X Party leader", "head of the Y Alliance" as role spans
the office pass reads like any title."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..actors.index import ActorIndex
from ...lexicon import lexicon
from .context import POSSESSIVE_PRONOUNS, qualifier
from .holders import protagonist

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
        while i > 0 and doc[i].tag_ in ("JJ", "JJR", "JJS") and not doc[i].ent_type_:
            i -= 1  # "its young leader", "its next leader": left_context reads the qualifiers
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
            end = _of_party(doc, tok.i + 1)  # "the leader of the Bhumjaithai party"
            if end is not None:
                spans.append(Span(doc, tok.i, end, label="ROLE:party_leader"))
            continue
        if start > tok.i - 1 or prev.lower_ in POSSESSIVE_PRONOUNS:
            start = tok.i
        spans.append(Span(doc, start, _past_former_title(doc, index, tok.i + 1), label="ROLE:party_leader"))
    return spans



def _of_party(doc: Doc, at: int) -> int | None:
    """End of "of the X party" / "of the X Alliance" starting at token `at`, else None."""
    if at + 1 >= len(doc) or doc[at].lower_ != "of":
        return None
    j = at + 1
    if doc[j].lower_ == "the":
        j += 1
    k = j
    while k < len(doc) and k - j < 5 and (doc[k].text[:1].isupper() or doc[k].lower_ in PARTY_WORDS or doc[k].text == "-"):
        if doc[k].lower_ in PARTY_WORDS and k > j:
            return k + 1
        k += 1
    return None



def _past_former_title(doc: Doc, index: ActorIndex, at: int) -> int:
    """Where the holder's name may begin after "leader": past a former post of theirs ("its next
    leader former Bank of Canada governor X"), which is not the party's; `at` when there is none."""
    if at >= len(doc) or qualifier(doc[at].lower_) != "past":
        return at
    j = at + 1
    while j < len(doc) and j - at < 8 and not index.by_token.get(j, "").startswith("person:"):
        t = doc[j]
        if not (t.text[:1].isupper() or t.lower_ in ("of", "the") or t.pos_ in ("NOUN", "ADJ")):
            return at
        j += 1
    if j < len(doc) and index.by_token.get(j, "").startswith("person:") and doc[j - 1].pos_ == "NOUN":
        return j  # the span ends on the former title's noun; the name follows it
    return at



def party_of_post(doc: Doc, index: ActorIndex, span: Span) -> tuple[str | None, str | None]:
    """(country, party) of a party post: the party named in the title ("Pheu Thai Party leader",
    "leader of the MDC Alliance") or, for "its leader", the party named just before; the country
    when the party's name holds one ("Liberal Party of Canada")."""
    lex = lexicon()
    sent = span.sent
    first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    parties = [doc[e.start:e.end] for e in doc.ents if e.label_ in ("ORG", "NORP", "PERSON") and _is_party_name(doc, e.start, e.end)
               and (span.start <= e.start < span.end or first <= e.start and e.end <= span.start)]
    if span[0].lower_ in PARTY_WORDS and span.start > 0 and doc[span.start - 1].ent_type_ in ("ORG", "NORP", "PERSON"):
        ent = next(e for e in doc.ents if e.start <= span.start - 1 < e.end)  # "Pheu Thai" + "Party leader"
        parties.append(doc[ent.start:span.start + 1])
    if not parties:
        return None, None
    party = parties[-1] if parties[-1].end <= span.start + 1 else parties[0]
    words = [t for t in party if t.lower_ not in ("the", "’s", "'s")]
    country = next((c for t in words if (c := lex.country_of(t.text))), None)
    name = " ".join(t.text for t in words)
    name = re.sub(r"\s+of\s+.*$", "", name) if country else name  # "Liberal Party of Canada" -> "Liberal Party"
    return country, name.replace(" - ", "-")



def described_holder(doc: Doc, index: ActorIndex, span: Span) -> int | None:
    """The person a party title refers to when it opens a sentence as its subject without a name
    ("The 37-year-old Pheu Thai Party leader, who ..., stressed", "The leader of the X party
    secured 311 votes"): the story's protagonist, the one person named more often than any other
    so far, and named in this sentence or the two before. Not for the opposition's leader."""
    sent = span.sent
    if doc[sent.start].lower_ != "the" or any(t.lower_ == "opposition" for t in span):
        return None
    head = next((t for t in span if t.lower_ == "leader"), None)
    if head is None or head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for t in doc[sent.start + 1:span.start]:
        if not (t.pos_ in ("ADJ", "NUM", "PROPN") and not index.by_token.get(t.i, "").startswith("person:")
                or t.text in ("-", "–") or t.lower_ in ("year", "years", "old")):
            return None  # "The 37-year-old Pheu Thai ..." only
    return protagonist(doc, index, sent)
