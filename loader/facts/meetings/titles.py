"""People a sentence names without their full name: a title standing for its one holder ("the
Prime Minister"), a lone surname.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..actors.index import ActorIndex
from ...lexicon import lexicon
from ..offices.records import OfficeRecord


NOT_PERSON_ENTS = {"GPE", "LOC", "ORG", "NORP", "FAC", "DATE", "TIME", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}


def _bare_surnames(sent: Span, index: ActorIndex) -> dict[int, str]:
    """ "Modi also spoke with X", "Fidan held talks": a lone surname the tagger did not mark, of
    the one person the story named in full with it."""
    out = {}
    for tok in sent:
        if tok.i in index.by_token or tok.pos_ != "PROPN" or not tok.is_title or tok.ent_type_ in NOT_PERSON_ENTS:
            continue
        if tok.dep_ == "compound" or any(c.dep_ == "compound" for c in tok.children):
            continue  # part of a longer name
        key = index.person_by_name_part(tok.text)
        if key:
            out[tok.i] = key
    return out


def _role_phrases() -> dict[tuple[str, ...], str]:
    return {tuple(p.split()): r for p, r in lexicon().role_phrases.items()}


HONORIFICS = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sheikh", "general", "gen.", "prof", "prof."}


def _named_with_title(doc: Doc, title: Span, index: ActorIndex) -> set[str]:
    """The people the article names right after the same title ("Prime Minister Dr Jane Roe")."""
    words = [t.lower_ for t in title]
    found = set()
    for t in doc:
        if t.lower_ != words[0] or t.i + len(words) >= len(doc):
            continue
        if [x.lower_ for x in doc[t.i:t.i + len(words)]] != words:
            continue
        j = t.i + len(words)
        while j < len(doc) and doc[j].lower_ in HONORIFICS:
            j += 1
        key = index.by_token.get(j)
        if key and index.actors[key].kind == "person":
            found.add(key)
    return found


def _title_holders(doc: Doc, sent: Span, index: ActorIndex, offices: list[OfficeRecord],
                   named_cache: dict | None = None) -> dict[int, str]:
    """ "the Prime Minister", "the Russian defence chief", "Ethiopia's president": a title with
    no name, standing for the one person of the article who holds that post (of that country,
    where one is given). Maps the title's head token to the person."""
    phrases = _role_phrases()
    longest = max(len(k) for k in phrases)
    lex = lexicon()
    out: dict[int, str] = {}
    i = sent.start
    while i < sent.end:
        match = None
        for n in range(min(longest, sent.end - i), 0, -1):
            words = tuple(t.lower_ for t in doc[i:i + n])
            if words in phrases:
                match = (n, phrases[words])
                break
        if match is None:
            i += 1
            continue
        n, role = match
        span = doc[i:i + n]
        i += n
        head = span[-1]
        def named(i: int) -> bool:  # a person's name, not a country's ("the US President")
            return index.by_token.get(i, "").startswith("person:")

        if any(named(t.i) for t in span) or (span.end < len(doc) and named(span.end)):
            continue  # "President Lula": a name goes with the title
        if any(named(t.i) for t in head.subtree) or head.dep_ == "appos" \
                or (named(head.head.i) and head.dep_ in ("compound", "appos")):
            continue  # "the president of Guyana, Irfaan Ali", "X, the prime minister"
        left = [t for t in head.subtree if t.i < span.start]
        if left and left[0].lower_ in ("a", "an", "any", "every", "no"):
            continue  # "the first meeting between an Australian prime minister and ...": anyone holding it
        if not left or not (left[0].lower_ == "the" or any(t.dep_ == "poss" for t in left) or lex.country_of(left[-1].text)):
            continue  # "a president", "presidents": no particular holder
        if any(t.lower_ in lex.not_current or t.lower_ in ("former", "ex", "late", "then", "new", "next")
               for t in left):
            continue
        country = None
        for t in [*left, *[c for c in head.subtree if c.i > head.i]]:
            if t.i == head.i or t.i in span:
                continue
            c = lex.country_of(t.text)
            if c:
                country = c
                break
        holders = {o.person for o in offices if o.role == role and (country is None or o.country == country)
                   and o.attested}
        if not holders and country is None:
            words = tuple(t.lower_ for t in span)
            if named_cache is None or words not in named_cache:
                named = _named_with_title(doc, span, index)
                if named_cache is None:
                    holders = named
                else:
                    named_cache[words] = named
            if named_cache is not None:
                holders = set(named_cache[words])
        if len(holders) > 1 and country is None:
            # "the External Affairs Minister" after "External Affairs Minister X" is X, though the
            # story's other foreign ministers hold the same role under other titles
            holders &= _named_with_title(doc, span, index)
        if len(holders) == 1:
            out[head.i] = holders.pop()
    return out
