"""The person a title names: after it, before it in apposition, the subject of its clause, the leader
an official travels with, the holders of a plural title, the story's protagonist.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..actors.index import ActorIndex
from ..actors.name_words import honorific_len
from ...lexicon import lexicon, person_vocabulary
from .context import ADJECTIVE_TAGS, of_place, qualifier


PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}


def name_opening_title(doc: Doc, index: ActorIndex, span: Span) -> bool:
    """A title that opens a person's name ("Sultan Ibrahim Iskandar", "Al Sultan Abdullah")."""
    key = index.by_token.get(span.start)
    return bool(key and index.actors[key].kind == "person")


def person_after(doc: Doc, index: ActorIndex, role_spans: list[Span], span: Span, start: int | None = None) -> int | None:
    """Token index of the person a title precedes, skipping further titles and ranks."""
    lex, voc = lexicon(), person_vocabulary()
    titles = {t.lower().rstrip(".") for t in lex.name_titles}
    by_start = {s.start: s for s in role_spans}
    j = span.end if start is None else start
    comma = False
    while j < len(doc):
        if j in by_start:
            j = by_start[j].end
            continue
        tok = doc[j]
        key = index.by_token.get(j)
        if key and index.actors[key].kind == "person":
            return j
        if tok.lower_.rstrip(".") in titles or tok.lower_ in ("and", "&"):
            j += 1
            continue
        # "Foreign Minister II Dato X", "Prime Minister His Excellency X", "[Malaysian King] Sultan X"
        skip = honorific_len(doc, j) or (tok.text.isupper() and tok.lower_ in voc.numerals or tok.text in ("]", ")")) and 1
        if skip:
            j += skip
            continue
        if _first_name_read_as_country(doc, index, j):
            j += 1  # "Foreign Minister Israel Katz": the name the model ran together
            continue
        if tok.text == "," and not comma:
            comma = True
            j += 1
            continue
        return None
    return None


def _first_name_read_as_country(doc: Doc, index: ActorIndex, j: int) -> bool:
    """Token j is a word that is also a country's name ("Israel", "Jordan", "Chad") opening a
    person's name the model tagged whole; the rest of that name is the person."""
    ent = next((e for e in doc.ents if e.start == j), None)
    if ent is None or ent.label_ != "PERSON" or len(ent) < 2 or not lexicon().country_of(doc[j].text):
        return False
    key = index.by_token.get(j + 1)
    return bool(key and index.actors[key].kind == "person")


def _is_modifier(tok: Token) -> bool:
    """A word between an article and a role: a country, an adjective, a qualifier, an ordinal."""
    return bool(tok.ent_type_ in ("NORP", "GPE", "ORG") or tok.lower_ in ("’s", "'s", "-") or qualifier(tok.lower_)
                or tok.tag_ in ADJECTIVE_TAGS or re.fullmatch(r"\d+(?:st|nd|rd|th)", tok.lower_))


def person_before_apposition(doc: Doc, index: ActorIndex, span: Span, of_place: bool = False) -> int | None:
    """ "Kira Rudik, a Ukrainian lawmaker", "Ed Ko, the UK's new Prime Minister", "Jo Ruiz,
    President of Chile", "Jo Ruiz, Chile's president": the person before ", [a/the] [country]
    [adjectives] ROLE"; without an article only when a country is named with the role."""
    i = span.start - 1
    named = of_place
    while i >= max(0, span.start - 6) and doc[i].text != "," and _is_modifier(doc[i]):
        named = named or doc[i].ent_type_ in ("NORP", "GPE")
        i -= 1
    if i >= 1 and doc[i].lower_ in ("a", "an", "the"):
        i -= 1
    elif not named:
        return None
    if i < 1 or doc[i].text != ",":
        return None
    key = index.by_token.get(i - 1)
    if key and index.actors[key].kind == "person":
        return i - 1
    return None


def subject_walk(subj: Token, verb: Token, index: ActorIndex) -> str | None:
    if subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subj = verb.head
    # "Dong, a former commander who was appointed": walk up appositions to the name
    for _ in range(3):
        key = index.by_token.get(subj.i)
        if key and index.actors[key].kind == "person":
            return key
        if subj.lower_ in ("he", "she"):
            return index.last_subject_before(subj.i) or index.last_person_before(subj.i)
        if subj.pos_ == "PROPN" and index.person_by_name_part(subj.text):
            return index.person_by_name_part(subj.text)  # a surname the model did not tag
        if subj.dep_ == "appos" or subj.dep_ == "relcl":
            subj = subj.head
        else:
            break
    return None


def accompanied_leader(doc: Doc, index: ActorIndex, person_tok: int) -> Token | None:
    """The leader an official travels with ("The President, who was accompanied by Foreign Minister
    X", "Xi, accompanied by Foreign Minister X,", "Foreign Minister X accompanied the King"): the
    token naming the leader (a name, a bare title, or a pronoun)."""
    tok = doc[person_tok]
    while tok.dep_ in ("compound", "flat", "conj") and tok.head.i != tok.i:
        tok = tok.head  # "accompanied by Foreign Minister X and Cabinet Secretary Y"
    if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.head.lemma_.lower() == "accompany":
        verb = tok.head.head
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if verb.dep_ in ("relcl", "acl") or subj is not None and subj.lower_ in ("who", "that"):
            return verb.head
        if verb.dep_ == "advcl":
            return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subj
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() == "accompany":
        return next((c for c in tok.head.children if c.dep_ == "dobj"), None)
    return None


def plural_title_holders(doc: Doc, index: ActorIndex) -> list[tuple[int, str, str, Span]]:
    """(person token, role, country, title span) read off a plural title followed by countries and
    then as many names, in the same order ("the presidents of Argentina and Chile, X and Y"), or by
    names each with its country ("Foreign Ministers X of China and Y of Russia")."""
    found = []
    for tok in doc:
        if tok.tag_ not in ("NNS", "NNPS", "NNP") or not tok.lower_.endswith("s") or tok.i + 2 >= len(doc):
            continue
        role, start = _plural_role(doc, tok)
        if role is None or start > 0 and qualifier(doc[start - 1].lower_) not in (None, "current"):
            continue  # "the former presidents of ..."
        title = doc[start:tok.i + 1]
        if doc[tok.i + 1].lower_ == "of":
            countries, j = _run_of(doc, index, tok.i + 2, lambda k: k.startswith("country:"))
            persons, _ = _run_of(doc, index, j, lambda k: index.actors[k].kind == "person")
            if countries and len(persons) == len(countries) and doc[persons[0] - 1].text == ",":
                found.extend((p, role, index.actors[index.by_token[c]].name, title) for p, c in zip(persons, countries))
            continue
        pairs, j = [], tok.i + 1
        while j < len(doc):
            persons, j = _run_of(doc, index, j, lambda k: index.actors[k].kind == "person", single=True)
            country, _, end = of_place(doc, index, j)
            if not persons or country is None:
                break
            pairs.append((persons[0], country))
            j = end
            while j < len(doc) and doc[j].lower_ in (",", "and"):
                j += 1
        if len(pairs) >= 2:
            found.extend((p, role, c, title) for p, c in pairs)
    return found


def _plural_role(doc: Doc, tok: Token) -> tuple[str | None, int]:
    """The role a plural title ending at `tok` names ("prime ministers", "Presidents"), and its start."""
    lex = lexicon()
    for n in (3, 2, 1):
        if tok.i - n + 1 < 0:
            continue
        # the model leaves a capitalised plural as it is ("Ministers")
        singular = tok.lemma_.lower() if tok.lemma_.lower() != tok.lower_ else tok.lower_[:-1]
        words = [t.lower_ for t in doc[tok.i - n + 1:tok.i]] + [singular]
        role = lex.role_phrases.get(" ".join(words))
        if role:
            return role, tok.i - n + 1
    return None, tok.i


def _run_of(doc: Doc, index: ActorIndex, j: int, kind, single: bool = False) -> tuple[list[int], int]:
    """The first tokens of a run of actors of one kind from token j, joined by commas and "and"
    (just one with `single`), and the token after the run."""
    found = []
    while j < len(doc):
        key = index.by_token.get(j)
        if key and kind(key):
            found.append(j)
            while j < len(doc) and index.by_token.get(j) == key:
                j += 1
            if single:
                break
        elif doc[j].lower_ in (",", "and") and found:
            j += 1
        else:
            break
    return found, j


def epithet_referent(doc: Doc, index: ActorIndex, span: Span) -> int | None:
    """The person a definite title with a country refers back to ("she had spoken to X, after which
    the United States president declared ..."): the one person the sentence names, before it, in a
    clause of which the title's clause is part (not "X said the Chinese president would come")."""
    head = doc[span.end - 1]
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    sent = span.sent
    people = {k for i in range(sent.start, sent.end) if (k := index.by_token.get(i)) and index.actors[k].kind == "person"}
    if len(people) != 1:
        return None
    (key,) = people
    first = next(i for i in range(sent.start, sent.end) if index.by_token.get(i) == key)
    last = max(i for i in range(sent.start, sent.end) if index.by_token.get(i) == key)
    clause_of_name = any(index.by_token.get(a.i) == key and a.i < span.start for a in head.ancestors)
    return first if last < span.start and clause_of_name else None


def past_name_titles(doc: Doc, j: int) -> int:
    """The first token at or after j that is not a rank or honorific ("General", "Dr", "His
    Excellency") written before a name."""
    titles = lexicon().name_titles_lower
    while j < len(doc):
        n = honorific_len(doc, j) or (1 if doc[j].lower_.rstrip(".") in titles else 0)
        if not n:
            break
        j += n
    return j


def protagonist(doc: Doc, index: ActorIndex, sent: Span) -> int | None:
    """The first mention of the story's protagonist as `sent` opens: the one person named more
    often than any other before it, and named in this sentence or the two before (a description
    such as "The former Norwegian prime minister" refers to them)."""
    counts: dict[str, int] = {}
    last_seen: dict[str, int] = {}
    for i, key in index.person_mentions:
        if i >= sent.start:
            break
        counts[key] = counts.get(key, 0) + 1
        last_seen[key] = i
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    key = ranked[0][0]
    window = sent.start
    for _ in range(2):
        window = doc[window - 1].sent.start if window > 0 else window
    if last_seen[key] < window:
        return None
    return next(i for i, k in index.person_mentions if k == key)
