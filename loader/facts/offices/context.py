"""Reading a title's surroundings: the country or organisation a post belongs to ("Chinese",
"of Chile", "the UK's new", "Defense Ministry spokesman"), the person it names (after the title or
in apposition) and the qualifiers that make it not a current holding ("former", "deputy")."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..actors.index import ActorIndex
from ..actors.name_words import honorific_len
from ...lexicon import lexicon, person_vocabulary

POSSESSIVE_PRONOUNS = {"its", "their"}


PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}



def name_opening_title(doc: Doc, index: ActorIndex, span: Span) -> bool:
    """A title that opens a person's name ("Sultan Ibrahim Iskandar", "Al Sultan Abdullah")."""
    key = index.by_token.get(span.start)
    return bool(key and index.actors[key].kind == "person")


def demonym_country(text: str) -> str | None:
    """The country a demonym names, singular or plural ("Zimbabwean", "Zimbabweans")."""
    lex = lexicon()
    plural = text.lower()[:-1] if text.lower().endswith("s") else None
    return lex.country_of(text) or (lex.demonyms.get(plural) if plural else None)


def role_of(span: Span) -> str | None:
    return span.label_[5:] if span.label_.startswith("ROLE:") else None



def country_token(tok: Token, index: ActorIndex, doc: Doc) -> str | None:
    """The country a modifier token names: a demonym, a country, a capital's possessive, "its"."""
    lex = lexicon()
    if tok.lower_ in POSSESSIVE_PRONOUNS:
        return _recent_country(doc, index, tok.i)
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    text = ent.text if ent is not None else tok.text
    text = re.sub(r"^(?:the)\s+", "", text, flags=re.I)
    return lex.country_of(text) or lex.capitals.get(text.lower().replace("’s", "").replace("'s", ""))



def _recent_country(doc: Doc, index: ActorIndex, before: int) -> str | None:
    """The country "its" refers to: a country that is the subject of this or the previous sentence,
    else the country most recently named there."""
    sent = doc[before].sent
    prev = doc[sent.start - 1].sent if sent.start > 0 else sent
    nearest = subject = None
    for i in range(before - 1, prev.start - 1, -1):
        key = index.by_token.get(i)
        if key and key.startswith("country:"):
            if doc[i].dep_ in ("nsubj", "nsubjpass"):
                if doc[i].head.dep_ == "ROOT":
                    return index.actors[key].name  # the subject of a sentence, not of a clause in it
                subject = subject or index.actors[key].name
            nearest = nearest or index.actors[key].name
    return subject or nearest


ADJECTIVE_TAGS = {"JJ", "JJS", "JJR", "VBN", "RB", "RBS"}



def qualifier(low: str) -> str | None:
    """What a qualifier word says of a holding: "not_held", "past", "future", or None."""
    lex = lexicon()
    low = low.strip("-")
    if low in lex.not_held:
        return "not_held"
    if low in lex.past:
        return "past"
    if low in lex.future:
        return "future"
    if low in lex.current:
        return "current"
    return None



def _place_at(doc: Doc, index: ActorIndex, i: int) -> tuple[str | None, str | None, int]:
    """(country, organisation, first token) of a country, international organisation or
    institution whose name ends at token i ("Chinese", "China's", "NATO", "the Kremlin")."""
    lex = lexicon()
    tok = doc[i]
    if tok.lower_ in POSSESSIVE_PRONOUNS:
        subject = _recent_organization(doc, index, i)  # "NATO appointed X to be its next secretary general"
        if subject:
            return subject[0], subject[1], i
    ent = next((e for e in doc.ents if e.start <= i < e.end), None)
    texts = []
    if ent is not None:
        texts.append((doc[ent.start:i + 1].text, ent.start))
    for n in (3, 2, 1):  # "Downing Street", "the White House" as the model may not tag them
        if i - n + 1 >= 0:
            texts.append((doc[i - n + 1:i + 1].text, i - n + 1))
    for text, first in texts:
        found = lex.organization_of(text)
        if found:
            return found[0], found[1], first
        country = lex.institution_country(text)
        if country:
            return country, None, first
    country = country_token(tok, index, doc)
    if country is None and tok.lower_ in ("his", "her") and tok.dep_ == "poss":
        country = _country_of_person_referred(doc, index, i)  # "Zelensky ... dismissed his defence minister X"
    if country is None and tok.lower_ in ("country", "nation") and i + 1 < len(doc) and doc[i + 1].lower_ in ("’s", "'s"):
        country = _recent_country(doc, index, i)  # "the country's new prime minister"
    return country, None, (ent.start if ent is not None and country else i)



def _country_of_person_referred(doc: Doc, index: ActorIndex, at: int) -> str | None:
    """The country of the person "his"/"her" refers to (the subject of the clause, else the person
    last named), read from the titles the article gives them before this point."""
    person = index.last_subject_before(at) or index.last_person_before(at)
    if person is None:
        return None
    countries = set()
    for span in doc.spans.get("roles", []):
        if span.start >= at or not span.label_.startswith("ROLE:"):
            continue
        j = span.end
        while j < len(doc) and not index.by_token.get(j) and j - span.end < 3:
            j += 1
        if index.by_token.get(j) == person:
            i = span.start - 1
            while i >= 0 and (doc[i].lower_ in ("’s", "'s") or doc[i].tag_ in ADJECTIVE_TAGS and not doc[i].ent_type_):
                i -= 1
            if i >= 0:
                c = country_token(doc[i], index, doc) if doc[i].lower_ not in ("his", "her") else None
                if c:
                    countries.add(c)
    return countries.pop() if len(countries) == 1 else None



def _recent_organization(doc: Doc, index: ActorIndex, before: int) -> tuple[str, str] | None:
    """The international organisation "its" refers to: one that is the subject of this sentence."""
    lex = lexicon()
    sent = doc[before].sent
    for ent in sent.ents:
        if ent.end <= before and ent.root.dep_ in ("nsubj", "nsubjpass"):
            found = lex.organization_of(ent.text)
            if found:
                return found
    return None



def left_context(doc: Doc, index: ActorIndex, role_spans: list[Span], span: Span) -> tuple[str | None, str | None, str | None]:
    """(country, international organisation, status) named just before a role phrase; status is
    "current", "past", "future", or None when the person does not hold the role itself ("deputy")."""
    i = span.start - 1
    ends = {s.end: s for s in role_spans}
    status, crossed, skipped = "current", False, 0
    country = org = None
    while i >= 0:
        tok = doc[i]
        low = tok.lower_
        kind = qualifier(low)
        if kind == "not_held":
            if not crossed:
                return None, None, None
            i -= 1  # "Deputy Prime Minister and Foreign Minister X": the deputy is the first role only
            continue
        if kind is not None:
            status = kind if status == "current" else status
            i -= 1
            continue
        if tok.text in ("-", "–") or low in ("and", "&") or tok.text == "," and i in ends:
            i -= 1  # "State Councilor, Foreign Minister X": a list of titles, not "in Russia, Prime Minister X"
            continue
        if i + 1 in ends:  # another role phrase ends here ("State Councilor and Defense Minister")
            i = ends[i + 1].start - 1
            crossed = True
            continue
        if low in ("’s", "'s", "´s", "`s"):
            i -= 1
            continue
        country, org, first = _place_at(doc, index, i)
        if country:
            # "the then Chinese Defence Minister", "former U.S. President": a past holding
            for j in range(first - 1, max(-1, first - 4), -1):
                kind = qualifier(doc[j].lower_)
                if kind == "not_held" and not crossed:
                    return None, None, None
                if kind in ("past", "future") and status == "current":
                    status = kind
                if doc[j].lower_ not in ("the", "-", "–") and kind is None:
                    break
            break
        if (tok.tag_ in ADJECTIVE_TAGS or re.fullmatch(r"\d+(?:st|nd|rd|th)", low)) and skipped < 3 \
                and not (tok.ent_type_ and tok.ent_type_ not in ("ORDINAL", "DATE")):
            skipped += 1  # "the UK's new Prime Minister", "Thailand's 30th prime minister"
            i -= 1
            continue
        break
    return country, org, status



def _left_country(doc: Doc, index: ActorIndex, role_spans: list[Span], span: Span) -> tuple[str | None, bool]:
    """(country named just before a role phrase, whether a not-current qualifier stands there)."""
    country, org, status = left_context(doc, index, role_spans, span)
    return country, status != "current"



def of_place(doc: Doc, index: ActorIndex, at: int) -> tuple[str | None, str | None, int]:
    """ "of Russia", "of the United Nations" starting at token `at`: (country, organisation, the
    token after it); (None, None, at) when there is none."""
    if at + 1 >= len(doc) or doc[at].lower_ != "of":
        return None, None, at
    j = at + 1
    if doc[j].lower_ == "the" and j + 1 < len(doc):
        j += 1
    if doc[j].lower_ in ("country", "nation") and doc[j - 1].lower_ == "the":
        country = _recent_country(doc, index, j)  # "prime minister of the country"
        if country:
            return country, None, j + 1
    key = index.by_token.get(j)
    if key and key.startswith("country:"):
        end = j
        while end < len(doc) and index.by_token.get(end) == key:
            end += 1
        return index.actors[key].name, None, end
    ent = next((e for e in doc.ents if e.start == j), None)
    if ent is not None:
        found = lexicon().organization_of(ent.text)
        if found:
            return found[0], found[1], ent.end
    return None, None, at



def _of_country(doc: Doc, index: ActorIndex, span: Span) -> str | None:
    """ "President of Russia", "foreign minister of China"."""
    return of_place(doc, index, span.end)[0]



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


def ministry_context(doc: Doc, index: ActorIndex, before: int) -> tuple[str | None, str | None]:
    """(ministry, country) of the ministry most recently named ("the Chinese Defense Ministry"),
    else the dateline's country for a ministry named without one; (None, None) when unknown."""
    for i in range(before - 1, -1, -1):
        key = index.by_token.get(i)
        if key and key.startswith("organization:"):
            m = re.match(r"^(.*) \(([^()]+)\)$", index.actors[key].name)
            if m:
                return m.group(1), m.group(2)
    return None, index.dateline_country


APPOINTING_BODIES = {"parliament", "legislature", "assembly", "congress", "senate", "cabinet", "government"}



def national(span: Span, role: str, country: str | None, org: str | None, bloc_org: str | None,
              rule: str) -> tuple[str, str | None, str | None, str]:
    """The post a title names, given the place found with it: an international organisation's
    post is `other` in that organisation ("NATO Secretary General"); a nation-specific title
    ("External Affairs Minister", "Secretary of Defense") gives its nation when none is named,
    and another role where another country is named ("India's Foreign Secretary")."""
    lex = lexicon()
    if bloc_org is not None:
        return (role if role == "spokesperson" else "other"), country, bloc_org, rule
    spec = lex.national_titles.get(span.text.lower())
    if spec:
        if country is None:
            return role, spec["country"], org, "rule:national-title"
        if country != spec["country"] and spec.get("elsewhere"):
            return spec["elsewhere"], country, org, rule
    return role, country, org, rule



def from_place(doc: Doc, index: ActorIndex, at: int) -> tuple[str | None, str | None, int]:
    """ "from Chile": the country right after `from`, and the token after it."""
    j = at + 1
    key = index.by_token.get(j) if j < len(doc) else None
    if key and key.startswith("country:"):
        end = j
        while end < len(doc) and index.by_token.get(end) == key:
            end += 1
        return index.actors[key].name, None, end
    return None, None, at



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


SENDING_VERBS = {"send", "dispatch"}
REASON_MARKS = {"since", "because", "as"}


def _name_head(doc: Doc, person_tok: int) -> Token:
    """The head of the noun phrase a person's name stands in ("the Prime Minister, X": Minister)."""
    tok = doc[person_tok]
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "appos":
        tok = tok.head
    return tok


def delegating_country(doc: Doc, index: ActorIndex, person_tok: int) -> str | None:
    """The country that sends an official to a gathering ("Peru sent the Prime Minister, X", "China
    dispatched Premier X", "Russia was represented by Foreign Minister X"), and the leader who stays
    away in the reason given ("... since President Y is barred from travelling")."""
    head = _name_head(doc, person_tok)
    verb = None
    if head.dep_ == "dobj" and head.head.lemma_.lower() in SENDING_VERBS:
        verb = head.head
    elif head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head.lemma_.lower() == "represent":
        verb = head.head.head
    elif head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "advcl" \
            and any(c.dep_ == "mark" and c.lower_ in REASON_MARKS for c in head.head.children) \
            and head.head.head.lemma_.lower() in SENDING_VERBS:
        verb = head.head.head
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    key = index.by_token.get(subj.i) if subj is not None else None
    return index.actors[key].name if key and key.startswith("country:") else None


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


HEAD_NOUNS = {"head", "leader", "monarch", "sovereign", "ruler"}


def country_in_relative_clause(doc: Doc, index: ActorIndex, at: int) -> str | None:
    """ "King Charles, who is Canada's head of state", "President X, who is also Ghana's leader": the
    country a relative clause right after the name gives the post."""
    j = at
    if j + 3 >= len(doc) or doc[j].text != "," or doc[j + 1].lower_ != "who" or doc[j + 2].lower_ != "is":
        return None
    j += 3
    if doc[j].lower_ in ("also", "now", "still"):
        j += 1
    if j + 2 >= len(doc) or doc[j + 1].lower_ not in ("’s", "'s"):
        return None
    noun = doc[j + 2]
    if noun.lower_ not in HEAD_NOUNS and noun.lower_ not in lexicon().role_words:
        return None
    return country_token(doc[j], index, doc)


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
