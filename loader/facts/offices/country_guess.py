"""Whether a title named without a country may take one guessed from the story (its dateline's, its
home country): the countries a sentence names, and the officials they are named with.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..actors.index import ActorIndex
from ...lexicon import lexicon
from .context import demonym_country


def dateline_country_fits(doc: Doc, index: ActorIndex, span: Span, person_tok: int | None = None) -> bool:
    """Whether a bare title may take the dateline's country: the story names that country; the
    sentence names no other country without naming it, except countries it names with officials
    after this one ("AMMAN — King X received Sultan Y of Malaysia": the host first, each guest with
    his country); and it does not name the dateline's country only with another official ("BEIJING
    — Chinese President X received Prime Minister Y": Y is the visitor)."""
    lex = lexicon()
    if not any(index.actors[k].name == index.dateline_country for k in index.by_token.values() if k.startswith("country:")) \
            and not any(e.label_ == "NORP" and lex.country_of(e.text) == index.dateline_country for e in doc.ents):
        return False  # the story never names the country it is filed from (a capital is not a country)
    return sentence_allows(doc, index, span, person_tok, index.dateline_country, country_mentions_in(doc, index, span.sent))


def sentence_allows(doc: Doc, index: ActorIndex, span: Span, person_tok: int | None, country: str,
                    mentions: list[tuple[int, str]], visitors: bool = True) -> bool:
    """Whether a bare title in a sentence naming `mentions` ((token, country)) may take `country`
    guessed from the story: the sentence names no country, or names it, or names others only with
    officials after this one (the host first, each guest with his country); not when it names
    `country` only with another official (the host's country, for a visitor), unless the story
    has no other country a visitor could come from (`visitors` false)."""
    holder = index.by_token.get(person_tok) if person_tok is not None else None
    own = [i for i, c in mentions if c == country]
    if visitors and own and holder and all(_official_named_with(doc, index, i) not in (None, holder) for i in own):
        return False
    named = {c for _, c in mentions}
    if not named or country in named:
        return True
    return holder is not None and all(
        i > span.start and _official_named_with(doc, index, i) not in (None, holder) for i, c in mentions)


def country_mentions_in(doc: Doc, index: ActorIndex, sent: Span) -> list[tuple[int, str]]:
    """(first token, country) of each country named in a sentence by name or demonym."""
    found = []
    for i in range(sent.start, sent.end):
        key = index.by_token.get(i)
        if key and key.startswith("country:") and index.by_token.get(i - 1) != key:
            found.append((i, index.actors[key].name))
    for e in sent.ents:
        if e.label_ == "NORP" and (c := demonym_country(e.text)) and not index.by_token.get(e.start):
            found.append((e.start, c))
    return sorted(found)


OFFICIAL_NOUNS = {"leader", "counterpart", "envoy", "ambassador", "head", "chief"}


def _official_named_with(doc: Doc, index: ActorIndex, i: int) -> str | None:
    """The person a country named at token i belongs to as the country of their post: "Sultan X of
    Malaysia", "President of Ghana X", "Kenyan President X", "Malaysia's Ambassador to Jordan X"."""
    key = index.by_token.get(i)
    end = i + 1
    while end < len(doc) and key and index.by_token.get(end) == key:
        end += 1
    if i >= 2 and doc[i - 1].lower_ == "of":
        before = index.by_token.get(i - 2)
        if before and index.actors[before].kind == "person":
            return before
        k = i - 2  # "X, Emir of Qatar": the name before the title in apposition
        while k > 0 and doc[k].lower_ in lexicon().role_words and k > i - 6:
            k -= 1
        if k < i - 2 and doc[k].lower_ in ("a", "the"):
            k -= 1
        if k < i - 2 and k >= 1 and doc[k].text == ",":
            before = index.by_token.get(k - 1)
            if before and index.actors[before].kind == "person":
                return before
    j = end
    if j < len(doc) and doc[j].lower_ in ("’s", "'s"):
        j += 1
    for _ in range(7):
        if j >= len(doc):
            return None
        k = index.by_token.get(j)
        if k and index.actors[k].kind == "person":
            return k
        tok = doc[j]
        if not (tok.text[:1].isupper() or tok.lower_ in ("to", "of") or tok.lower_ in lexicon().role_words
                or tok.lower_ in OFFICIAL_NOUNS
                or tok.text == "," and j == end and i >= 1 and doc[i - 1].lower_ == "of"):
            return None  # "the President of Venezuela, X", "Chinese leader X"
        j += 1
    return None
