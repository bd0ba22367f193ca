"""Reading a title's surroundings: the country or organisation a post belongs to ("Chinese",
"of Chile", "the UK's new", "Defense Ministry spokesman") and the qualifiers that make it not a current
holding ("former", "deputy"). The person a title names is read in holders.py."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..actors.index import ActorIndex
from ...lexicon import lexicon


POSSESSIVE_PRONOUNS = {"its", "their"}


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
