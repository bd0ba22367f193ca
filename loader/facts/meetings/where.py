"""Where a meeting is: the place a sentence links to it, a venue's city, a gathering's place, the
story's dateline.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..actors.index import ActorIndex
from ...lexicon import lexicon
from .wording import CLAUSES, GATHERINGS, HOLDING
from .scope import _in_scope, _under_reference_point
from .account import ACCOUNT_SENTENCES


def _place(sent: Span, trigger: Token, index: ActorIndex, kind: str, root: Token | None = None) -> str | None:
    if kind in ("phone_call", "video_call"):
        return None
    candidates = []
    for tok in sent:
        place = index.places.get(tok.i)
        if place is None or (tok.i + 1 in index.places and index.places[tok.i + 1] == place):
            continue  # take the last token of a multi-token place
        if place.lower() in GENERIC_PLACES:
            # "who is in the Kingdom on a visit": a formal stand-in for the country the story is
            # filed from, and no name where the dateline names none
            place = getattr(index, "dateline_country", None)
            if place is None:
                continue
        if root is not None and not _in_scope(tok, root, trigger, kind) and not _gathering_place(tok, root, trigger, kind):
            continue  # a place of another event in the sentence ("the war in the Middle East")
        head = tok
        while head.dep_ in ("compound", "appos", "poss") and head.head.i != head.i:
            head = head.head
        linked = head.dep_ == "pobj" and head.head.lower_ in ("in", "to", "at") or tok.dep_ == "dobj" and tok.head.i == trigger.i
        if tok.dep_ == "compound" and tok.head.i == trigger.i and trigger.pos_ == "NOUN" and trigger.lemma_.lower() in GATHERINGS:
            linked = True  # "the Brussels meeting", "the Helsinki summit": a gathering named by its city
        if tok.dep_ == "dep" and tok.head.lower_ in ("in", "at") and tok.head.head.i != tok.head.i:
            linked = True  # "In the capital Jakarta, X held talks": the name beside "the capital"
        if kind == "in_person" and _destination_country(head, place):
            continue  # "during his visit to France, X met Y": talks are in a city, the country is the trip's
        if tok.dep_ == "poss" and tok.head.ent_type_ not in ("GPE", "LOC", "FAC"):
            linked = linked and tok.head.lower_ in ("capital",)
        if linked and not _in_dateline(tok, sent):
            candidates.append((abs(tok.i - trigger.i), tok.i, place))
    if not candidates:
        return None
    lex = lexicon()
    ranked = []
    for distance, i, place in candidates:
        name = _venue_city(place, lex)
        if name is not None:
            ranked.append((0, distance, i, name))  # "the Great Hall of the People in Beijing": Beijing
        elif _building(sent.doc[i], place):
            # "received X at the Alvorada Palace": the building is where it happened, unless the
            # sentence names its city too; a visit goes to a country or city rather than a building
            ranked.append((1 if kind == "in_person" else 3, distance, i, place))
        elif place in lex.countries and kind == "in_person":
            ranked.append((2, distance, i, place))  # talks are held in a city; a visit goes to a country
        else:
            ranked.append((0, distance, i, place))
    if not ranked:
        return None
    # most specific: "in Tajikistan's capital Dushanbe", "in Russia's Kazan" name the city
    ranked.sort()
    return ranked[0][3]


TRAVEL_WORDS = {"visit", "trip", "tour", "travel", "journey", "fly", "go", "head", "voyage"}


def _destination_country(head: Token, place: str) -> bool:
    """A country a trip goes to ("his visit to France", "travelled to Saudi Arabia")."""
    return (place in lexicon().countries and head.dep_ == "pobj" and head.head.lower_ == "to"
            and head.head.head.lemma_.lower() in TRAVEL_WORDS)


def _gathering_place(tok: Token, root: Token, trigger: Token, kind: str) -> bool:
    """ "met X at the G20 summit being held in Bali", "on the sidelines of the forum taking place
    in Y": a meeting at a gathering is where the gathering is held."""
    t = tok
    while t.head.i != t.i and t.i != root.i:
        if t.dep_ in ("acl", "relcl") and t.lemma_.lower() in HOLDING and t.head.lemma_.lower() in GATHERINGS:
            venue = t.head
            return (venue.dep_ == "pobj" and venue.head.lower_ in ("at", "during", "on", "of", "in")
                    and not _under_reference_point(venue, root) and _in_scope(venue, root, trigger, kind))
        if t.dep_ in CLAUSES:
            return False
        t = t.head
    return False


GENERIC_PLACES = {"kingdom", "republic", "emirate", "emirates", "sultanate", "federation", "state", "country",
                  "capital", "nation", "union", "principality", "realm"}
BUILDING_WORDS = {"palace", "house", "hall", "building", "headquarters", "residence", "mansion", "hotel", "centre",
                  "center", "castle", "villa", "office", "offices", "chancellery", "kremlin", "ministry", "complex",
                  "stadium", "embassy", "parliament", "senate", "cathedral", "church", "mosque", "temple", "fort"}


def _building(tok: Token, place: str) -> bool:
    """A venue named by its building ("the Elysee Palace", "the White House"), not a city."""
    words = place.lower().split()
    return tok.ent_type_ == "FAC" or bool(words) and words[-1] in BUILDING_WORDS or " of " in place.lower()


def _venue_city(place: str, lex) -> str | None:
    """ "the Great Hall of the People in Beijing": the city a venue's own name places it in."""
    m = re.search(r"\s(?:in|,)\s*([A-Z][\w'’ .-]+)$", place)
    if m is None or not _building_words(place[:m.start()]):
        return None
    city = m.group(1).strip()
    return city if city.lower() in lex.capitals or lex.country_of(city) is None and city[0].isupper() else None


def _building_words(text: str) -> bool:
    words = text.lower().split()
    return any(w in BUILDING_WORDS for w in words)


def _in_dateline(tok: Token, sent: Span) -> bool:
    """Whether a token is in a dateline opening the sentence ("DA NANG, Vietnam — ..."): where
    the story was filed, not by itself where the meeting was."""
    for t in sent[:12]:
        if t.text in ("—", "–", "--") or (t.text == "-" and t.whitespace_):
            return tok.i < t.i and not any(x.pos_ in ("VERB", "AUX") for x in sent.doc[sent.start:t.i])
    return False


SIDELINES = {"sidelines", "sideline", "margins", "margin"}


def _gathering_held_at(sent: Span, index: ActorIndex) -> str | None:
    """Where a sentence says a gathering is held: "the summit in X", "opened its meeting on
    Thursday in the capital X" (a place after "in" on a gathering's noun or on the verb whose
    object or subject it is); None where it names no such place or several."""
    found = set()
    for tok in sent:
        place = index.places.get(tok.i)
        if place is None or (tok.i + 1 in index.places and index.places[tok.i + 1] == place) \
                or place.lower() in GENERIC_PLACES or _in_dateline(tok, sent):
            continue
        head = tok
        while head.dep_ in ("compound", "appos") and head.head.i != head.i:
            head = head.head
        if head.dep_ != "pobj" or head.head.lower_ != "in":
            continue
        owner = head.head.head
        for _ in range(3):
            if _names_gathering(owner):
                found.add(place)
                break
            if owner.dep_ == "pobj" and owner.head.lower_ in ("at", "in") and owner.lemma_.lower() not in GATHERINGS:
                owner = owner.head.head  # "held at a council meeting at the alliance's headquarters in X"
                continue
            break
    return found.pop() if len(found) == 1 else None


def _names_gathering(owner: Token) -> bool:
    """Whether a place's "in" hangs on a gathering: its noun ("the summit in X"), a verb whose
    subject or object is one ("opened its session in X"), or "which took place in X" said of one."""
    if owner.lemma_.lower() in GATHERINGS and owner.pos_ in ("NOUN", "PROPN"):
        return True
    if owner.pos_ != "VERB":
        return False
    if any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lemma_.lower() in GATHERINGS - {"talks", "sidelines"}
           for c in owner.children):
        return True
    return owner.dep_ == "relcl" and owner.lemma_.lower() in HOLDING | {"take"} and (
        owner.head.lemma_.lower() in GATHERINGS or owner.head.lower_ in GATHERINGS)


def _sidelines_place(root: Token, ctx: dict, current: bool = False) -> str | None:
    """ "X held talks with Y on the meeting's sidelines", "X and Y during the meeting": where
    the gathering the story has just placed (this or the two sentences before) is held. A
    meeting of the story's own days told right after it ("The dialogue took place in Tokyo.
    X, who sat beside Y, said ...") is taken to be there too."""
    gathering = ctx.get("gathering")
    if gathering is None or ctx.get("n", 0) - gathering[0] > ACCOUNT_SENTENCES:
        return None
    if not any(t.dep_ == "pobj" and (t.lower_ in SIDELINES and t.head.lower_ in ("on", "at")
                                     or t.lemma_.lower() in GATHERINGS and t.head.lower_ in ("at", "during"))
               for t in root.subtree) and not (current and ctx.get("n", 0) - gathering[0] <= 1):
        return None
    return gathering[1]


def _story_dateline(doc: Doc) -> str | None:
    """The capital of a mixed-case dateline opening a paragraph near the top ("Addis Ababa,
    February 11, 2019 (FBC) -"): a capital, a comma and a date, before a dash or colon."""
    lex = lexicon()
    for sent in list(doc.sents)[:4]:
        m = re.match(r"^\s*([A-Z][\w'’ .-]{2,30}?),\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2}),?\s+\d{4}\b[^—–:\n]{0,30}[—–:-]",
                     sent.text)
        if m and m.group(1).strip().lower() in lex.capitals:
            return m.group(1).strip()
    # "DA NANG, Vietnam —": an all-capitals city confirmed by the country named after it
    m = re.match(r"^\s*([A-Z][A-Z'’. -]{1,30}[A-Z]),\s+([A-Z][\w ]{2,30}?)\s*(?:\([^)]{1,30}\)\s*)?[—–-]", doc.text)
    if m and m.group(2).strip() in lex.countries:
        return m.group(1).strip().title()
    return None
