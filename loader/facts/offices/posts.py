"""Posts outside the heads-and-ministers family of the role list: a portfolio minister or
secretary ("Finance Minister", "Minister of Trade", "Malaysia's Ambassador to Jordan") is an `other`
post that keeps its own title; a bare spokesperson or lawmaker title takes the country of the
institution or parliament the story is about."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..actors.index import ActorIndex
from ...lexicon import lexicon
from .context import country_token, qualifier
from .country_guess import country_mentions_in
from .parties import described_holder, party_of_post

PORTFOLIO_HEADS = {"minister", "secretary"}

# Capitalised words before "Minister" that are not a portfolio ("Prime Minister" is a role
# phrase already; "Chief Minister" heads a state, "Cabinet Secretary" may be a civil servant).
NOT_PORTFOLIO = {"prime", "chief", "cabinet", "first", "senior", "state", "general", "permanent", "principal",
                 "press", "private", "executive", "party", "the", "a", "an", "his", "her", "its", "their"}

PRESIDING_TITLES = {"president", "speaker", "chairman", "chairwoman", "chair", "leader", "spokesman", "spokeswoman",
                    "spokesperson"}

SMALL_WORDS = {"of", "for", "and", "the", "to", "on"}



def _is_place_or_person(doc: Doc, index: ActorIndex, i: int) -> bool:
    key = index.by_token.get(i)
    if key and (key.startswith("person:") or key.startswith("country:")):
        return True
    return doc[i].ent_type_ in ("NORP", "GPE") or lexicon().country_of(doc[i].text) is not None



def _portfolio_before(doc: Doc, index: ActorIndex, head: int, taken: set[int]) -> int | None:
    """First token of the portfolio named before "Minister" ("Economy, Trade and Industry
    Minister"): capitalised words, joined by "and" or a comma; None when there is none."""
    i, start = head - 1, None
    while i >= 0 and head - i <= 6:
        tok = doc[i]
        if i in taken or _is_place_or_person(doc, index, i) or qualifier(tok.lower_):
            break
        if tok.text[:1].isupper() and tok.is_alpha and tok.lower_ not in NOT_PORTFOLIO:
            start = i
        elif tok.lower_ == "and" or tok.text == "," and start is not None and i > 0 and doc[i - 1].text[:1].isupper():
            if start is None:
                break
        else:
            break
        i -= 1
    if start is not None and (doc[start].lower_ == "and" or doc[start].text == ","):
        start += 1
    return start



def _portfolio_after(doc: Doc, index: ActorIndex, head: int) -> int | None:
    """End (exclusive) of "Minister of Finance", "Minister for Trade and Industry": capitalised
    words after "of"/"for" up to a person's name; None when there are none."""
    j = head + 1
    if j >= len(doc) or doc[j].lower_ not in ("of", "for"):
        return None
    j += 1
    end = None
    while j < len(doc):
        tok = doc[j]
        if _is_place_or_person(doc, index, j):
            break
        if tok.text[:1].isupper() and tok.is_alpha:
            end = j + 1
        elif (tok.lower_ in ("and", "&") or tok.text == ",") and end is not None \
                and j + 1 < len(doc) and doc[j + 1].text[:1].isupper() and not _is_place_or_person(doc, index, j + 1):
            pass  # "Minister of Investment, Trade and Industry"
        else:
            break
        j += 1
    return end



def portfolio_spans(doc: Doc, index: ActorIndex) -> list[Span]:
    """ "Japanese Finance Minister X", "Minister of Economy Y", "Business and Trade Secretary Z",
    "Malaysia's Ambassador to Jordan W": `other` posts named by their portfolio, as role spans the
    office pass reads like any title (the country must then be named with them)."""
    taken = {i for s in doc.spans.get("roles", []) for i in range(s.start, s.end)}
    spans = []
    for tok in doc:
        low = tok.lower_
        if tok.i in taken or not tok.text[:1].isupper():
            continue
        if low in PORTFOLIO_HEADS:
            start = _portfolio_before(doc, index, tok.i, taken)
            if start is not None:
                spans.append(Span(doc, start, tok.i + 1, label="ROLE:other"))
                continue
            end = _portfolio_after(doc, index, tok.i)
            if end is not None and not any(i in taken for i in range(tok.i, end)):
                spans.append(Span(doc, tok.i, end, label="ROLE:other"))
        elif tok.text in ("MP", "MPs") and tok.i + 1 < len(doc):  # upper case only: "mp" is no title
            spans.append(Span(doc, tok.i, tok.i + 1, label="ROLE:legislator"))
        elif low == "ambassador" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
            host = tok.i + 2  # "Ambassador to Jordan": the host country closes the title
            end = next((host + n for n in (3, 2, 1) if host + n <= len(doc)
                        and lexicon().country_of(doc[host:host + n].text)), None)
            if end is not None:
                spans.append(Span(doc, tok.i, end, label="ROLE:other"))
    return spans



def post_title(span: Span) -> str:
    """The title as a post's name: "Finance Minister" -> "Minister of Finance", "secretary
    general" -> "Secretary-General", words capitalised but "of", "for", "and", "the"."""
    words = [t.text for t in span if t.text not in ("’s", "'s")]
    text = " ".join(words).replace(" ,", ",").replace(" - ", "-").replace("- ", "-").replace(" -", "-")
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    m = re.fullmatch(r"(.+?)\s+(minister|secretary)", text, flags=re.I)
    if m and not re.search(r"\b(?:prime|foreign|defen[cs]e|press)\b", m.group(1), flags=re.I):
        text = f"{m.group(2)} of {m.group(1)}"
    text = re.sub(r"(?i)\bsecretary[\s-]general\b", "Secretary-General", text)
    out = []
    for n, w in enumerate(text.split(" ")):
        if n and w.lower() in SMALL_WORDS:
            out.append(w.lower())
        elif w.isupper() and len(w) > 1:
            out.append(w)  # "NATO", "US"
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)



def institution_country(doc: Doc, index: ActorIndex, span: Span) -> tuple[str | None, str | None]:
    """(country, institution) of a bare spokesperson title ("Press Secretary X said") in a story
    told from one country's institutions ("the White House said", "the Kremlin said"): that
    country, when the story names institutions of one country only and the sentence names no
    other country; the institution too when it is the only one named."""
    lex = lexicon()
    found: dict[str, str] = {}
    for n in (3, 2, 1):
        for i in range(len(doc) - n + 1):
            text = doc[i:i + n].text
            country = lex.institution_country(text)
            if country and text[:1].isupper():
                found.setdefault(text.removeprefix("the ").removeprefix("The "), country)
    countries = set(found.values())
    if len(countries) != 1:
        return None, None
    (country,) = countries
    named = {c for _, c in country_mentions_in(doc, index, span.sent)}
    if named and country not in named:
        return None, None
    names = {n for n in found if not any(n != o and n in o for o in found)}
    return country, (names.pop() if len(names) == 1 else None)



def legislature_country(doc: Doc, index: ActorIndex, span: Span) -> str | None:
    """The country of a bare lawmaker title ("lawmaker X wrote"): the one country whose
    parliament the story names ("Ukraine's parliament", "the Ukrainian parliament", "the Verkhovna
    Rada"), when the sentence names no other country."""
    lex = lexicon()
    countries = set()
    for tok in doc:
        if tok.lower_ not in lex.legislatures:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in PRESIDING_TITLES:
            continue  # "Cambodia's Senate President X": another person's title, not the story's parliament
        country = lex.institution_country(tok.text)
        if country is None and tok.i > 0:
            prev = tok.i - 1
            if doc[prev].lower_ in ("’s", "'s") and prev > 0:
                prev -= 1
            country = country_token(doc[prev], index, doc)
            if country is None and prev > 0:
                country = lex.institution_country(doc[prev - 1:tok.i + 1].text)  # "Verkhovna Rada"
        if country:
            countries.add(country)
    if len(countries) != 1:
        return None
    (country,) = countries
    named = {c for _, c in country_mentions_in(doc, index, span.sent)}
    return country if not named or country in named else None




def story_context(doc: Doc, index: ActorIndex, role: str, span: Span, country: str | None, org: str | None,
                  rule: str) -> tuple[str | None, str | None, str]:
    """(country, organisation, rule) of a post once its title's own context is read: a party
    post belongs to its party (and the country in the party's name); a bare spokesperson or
    lawmaker title takes the country of the institution or parliament the story is about."""
    if role == "party_leader":
        party_country, party = party_of_post(doc, index, span)
        country = country or party_country
        # without a country the party is left out: the office pass then looks for the country
        return country, (org or party if country else org), rule
    if country is not None or role not in ("spokesperson", "legislator"):
        return country, org, rule
    if role == "spokesperson":
        country, institution = institution_country(doc, index, span)
    else:
        country, institution = legislature_country(doc, index, span), None
    return country, org or institution, ("rule:title-story-institution" if country else rule)



def relative_clause_holder(doc: Doc, index: ActorIndex, span: Span) -> int | None:
    """The person a title describes in a relative clause after their name ("Anan, who's an
    elected House member, left", "X, who is a senator,"): present tense only, the title's own
    qualifiers ("former") read as for any title."""
    i = span.start - 1
    skipped = 0
    while i >= 0 and skipped < 3 and (doc[i].tag_ in ("JJ", "VBN", "NN", "NNP") and not index.by_token.get(doc[i].i)
                                      or doc[i].ent_type_ in ("NORP", "GPE")):
        i, skipped = i - 1, skipped + 1
    if i < 3 or doc[i].lower_ not in ("a", "an", "the"):
        return None
    if doc[i - 1].lower_ not in ("is", "’s", "'s") or doc[i - 2].lower_ != "who" or doc[i - 3].text != ",":
        return None
    key = index.by_token.get(i - 4)
    if not key or index.actors[key].kind != "person":
        return None
    j = i - 4
    while j > 0 and index.by_token.get(j - 1) == key:
        j -= 1
    return j



def holder_by_description(doc: Doc, index: ActorIndex, span: Span, role: str) -> tuple[int | None, str]:
    """(person, rule) for a title with no name beside it: a relative clause after the name, or
    for a party post, a sentence-opening description of the story's protagonist."""
    person = relative_clause_holder(doc, index, span)
    if person is not None:
        return person, "rule:relative-clause"
    if role == "party_leader":
        return described_holder(doc, index, span), "rule:description-of-protagonist"
    return None, ""
