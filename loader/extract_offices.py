"""Offices: who holds which post, read off titles, appositions and counterparts.

Patterns (roles and countries come from the lexicon's data files):
- title before a name: "Chinese Defense Minister Wei Fenghe", "State Councilor and Defense
  Minister Li Shangfu" (both roles), "Defense Ministry spokesman Colonel Tan Kefei";
- apposition: "Kira Rudik, a Ukrainian lawmaker", "its foreign minister, Joseph Wu";
- counterpart: "his Russian counterpart Sergei Shoigu" holds the role of the person "his"
  refers to, for the country the adjective names;
- tenure start: "was appointed minister in March", "his appointment at the end of last year",
  resolved against the publication date at the precision the text gives.
A role qualified as not current ("former", "deputy", "vice") is not an office held.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .dates import resolve_time
from .extract_actors import ActorIndex
from .lexicon import lexicon
from .records import Article, DateValue, Evidence, OfficeRecord

POSSESSIVE_PRONOUNS = {"its", "their"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}

def _role_of(span: Span) -> str | None:
    return span.label_[5:] if span.label_.startswith("ROLE:") else None


def _country_token(tok: Token, index: ActorIndex, doc: Doc) -> str | None:
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


def _qualifier(low: str) -> str | None:
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
    country = _country_token(tok, index, doc)
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
    lex = lexicon()
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
                c = _country_token(doc[i], index, doc) if doc[i].lower_ not in ("his", "her") else None
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


def _left_context(doc: Doc, index: ActorIndex, role_spans: list[Span], span: Span) -> tuple[str | None, str | None, str | None]:
    """(country, international organisation, status) named just before a role phrase; status is
    "current", "past", "future", or None when the person does not hold the role itself ("deputy")."""
    i = span.start - 1
    ends = {s.end: s for s in role_spans}
    status, crossed, skipped = "current", False, 0
    country = org = None
    while i >= 0:
        tok = doc[i]
        low = tok.lower_
        kind = _qualifier(low)
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
                kind = _qualifier(doc[j].lower_)
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
    country, org, status = _left_context(doc, index, role_spans, span)
    return country, status != "current"


def _of_place(doc: Doc, index: ActorIndex, at: int) -> tuple[str | None, str | None, int]:
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
    return _of_place(doc, index, span.end)[0]


def _person_after(doc: Doc, index: ActorIndex, role_spans: list[Span], span: Span, start: int | None = None) -> int | None:
    """Token index of the person a title precedes, skipping further titles and ranks."""
    lex = lexicon()
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
        if tok.text == "," and not comma:
            comma = True
            j += 1
            continue
        return None
    return None


def _is_modifier(tok: Token) -> bool:
    """A word between an article and a role: a country, an adjective, a qualifier, an ordinal."""
    return bool(tok.ent_type_ in ("NORP", "GPE", "ORG") or tok.lower_ in ("’s", "'s", "-") or _qualifier(tok.lower_)
                or tok.tag_ in ADJECTIVE_TAGS or re.fullmatch(r"\d+(?:st|nd|rd|th)", tok.lower_))


def _person_before_apposition(doc: Doc, index: ActorIndex, span: Span, of_place: bool = False) -> int | None:
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


def _dateline_country_fits(doc: Doc, index: ActorIndex, span: Span) -> bool:
    """Whether a bare title may take the dateline's country: the story names that country, and the sentence and the one before it name no other
    country without naming it (a Moscow wire story about Kyiv's politics)."""
    lex = lexicon()
    if not any(index.actors[k].name == index.dateline_country for k in index.by_token.values() if k.startswith("country:")) \
            and not any(e.label_ == "NORP" and lex.country_of(e.text) == index.dateline_country for e in doc.ents):
        return False  # the story never names the country it is filed from (a capital is not a country)
    sent = span.sent
    named = {index.actors[k].name for i in range(sent.start, sent.end)
             if (k := index.by_token.get(i)) and k.startswith("country:")}
    return not named or index.dateline_country in named


def _ministry_context(doc: Doc, index: ActorIndex, before: int) -> tuple[str | None, str | None]:
    """(ministry, country) of the ministry most recently named ("the Chinese Defense Ministry"),
    else the dateline's country for a ministry named without one; (None, None) when unknown."""
    for i in range(before - 1, -1, -1):
        key = index.by_token.get(i)
        if key and key.startswith("organization:"):
            m = re.match(r"^(.*) \(([^()]+)\)$", index.actors[key].name)
            if m:
                return m.group(1), m.group(2)
    return None, index.dateline_country


GUESSED_RULES = ("rule:title-dateline-country", "rule:title-home-country")


def extract_offices(doc: Doc, article: Article, index: ActorIndex) -> list[OfficeRecord]:
    """Offices, in two passes where a bare title ("Prime Minister X") names no country and the
    story has no dateline: the second pass gives such a title the country the article states for
    the same person elsewhere ("Australian Prime Minister X" for "Foreign Minister X" is not
    enough: any stated post of theirs, when all name one country), else the story's home country
    (`_home_country`)."""
    pending: list[str] = []
    offices = _extract(doc, article, index, None, pending)
    if not pending:
        return offices
    stated: dict[str, set[str]] = {}
    for o in offices:
        if o.country and o.organization is None or o.country and o.role != "other":
            if o.evidence.derived_by not in GUESSED_RULES:
                stated.setdefault(o.person, set()).add(o.country)
    home = _home_country(doc, index, offices)

    def fallback(person: str, span: Span) -> tuple[str | None, str]:
        mine = stated.get(person, set())
        if len(mine) == 1:
            return next(iter(mine)), "rule:title-person-country"
        if not mine and home and _country_fits(doc, index, span, home):
            return home, "rule:title-home-country"
        return None, ""

    return _extract(doc, article, index, fallback, [])


APPOINTING_BODIES = {"parliament", "legislature", "assembly", "congress", "senate", "cabinet", "government"}
CANDIDATE_NOUNS = {"nominee", "candidate", "candidacy", "contender", "frontrunner", "front-runner", "bid", "race", "run"}
PARTY_WORDS = {"party", "alliance", "front", "movement", "league"}


def _country_mentions(doc: Doc, index: ActorIndex, places: bool = True) -> dict[str, int]:
    """How often the story names each country, by name or by demonym (without `places`: not
    counting a country named as where something happens)."""
    lex = lexicon()
    counts: dict[str, int] = {}
    for i in range(len(doc)):
        key = index.by_token.get(i)
        if key and key.startswith("country:") and index.by_token.get(i - 1) != key \
                and (places or not _place_mention(doc, index, i)):
            name = index.actors[key].name
            counts[name] = counts.get(name, 0) + 1
    for ent in doc.ents:
        if ent.label_ == "NORP" and not any(index.by_token.get(i) for i in range(ent.start, ent.end)):
            c = lex.country_of(ent.text)
            if c:
                counts[c] = counts.get(c, 0) + 1
    return counts


def _place_mention(doc: Doc, index: ActorIndex, i: int) -> bool:
    """A country named as where something happens ("talks in Russia", "a trip to China"), not
    as a party to the story's politics."""
    key = index.by_token.get(i)
    j = i
    while j + 1 < len(doc) and index.by_token.get(j + 1) == key:
        j += 1
    root = min((doc[k] for k in range(i, j + 1)), key=lambda t: abs(t.head.i - t.i) if t.head.i not in range(i, j + 1) else 99)
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "to", "into", "from", "across", "around")


def _home_country(doc: Doc, index: ActorIndex, offices: list[OfficeRecord]) -> str | None:
    """The country a story is plainly about, whose own officials it titles without naming the
    country ("Prime Minister X" in that country's press): one named at least twice and three times
    as often as any other, when no official of another country is named with
    their country; in a story about two countries, where the officials of one are named with their
    country ("Chinese President Y") and the other's are not, that other."""
    counts = _country_mentions(doc, index)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    stated = {o.country for o in offices if o.country and o.evidence.derived_by not in GUESSED_RULES}
    if n >= 2 and n >= 3 * second and stated <= {top}:
        return top
    ranked = sorted(_country_mentions(doc, index, places=False).items(), key=lambda kv: -kv[1])
    if len(ranked) >= 2 and ranked[1][1] >= 2 and (len(ranked) == 2 or ranked[2][1] < ranked[1][1]):
        # a leaders' story between two countries: the other side's leader is named with
        # their country ("Chinese President Y"), the home side's is not
        leaders = {o.country for o in offices if o.role in ("head_of_state", "head_of_government")
                   and o.evidence.derived_by not in GUESSED_RULES}
        a, b = ranked[0][0], ranked[1][0]
        if stated & {a, b} == leaders & {a, b} == {a}:
            return b
        if stated & {a, b} == leaders & {a, b} == {b}:
            return a
    return None


def _sentence_countries(doc: Doc, index: ActorIndex, sent: Span) -> set[str]:
    lex = lexicon()
    named = {index.actors[k].name for i in range(sent.start, sent.end)
             if (k := index.by_token.get(i)) and k.startswith("country:") and not _place_mention(doc, index, i)}
    named |= {c for e in sent.ents if e.label_ == "NORP" and (c := lex.country_of(e.text))}
    return named


def _country_fits(doc: Doc, index: ActorIndex, span: Span, country: str) -> bool:
    """The sentence of a bare title names no country other than `country` (by name or demonym),
    or names it too."""
    named = _sentence_countries(doc, index, span.sent)
    return not named or country in named


def _is_party_name(doc: Doc, start: int, end: int) -> bool:
    """An organisation's name that says it is a party ("Move Forward Party", "MDC Alliance")."""
    return any(doc[k].lower_ in PARTY_WORDS for k in range(start, end))


def _party_leader_spans(doc: Doc, index: ActorIndex) -> list[Span]:
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


def _extract(doc: Doc, article: Article, index: ActorIndex, fallback, pending: list[str]) -> list[OfficeRecord]:
    lex = lexicon()
    role_spans = list(doc.spans.get("roles", [])) + _party_leader_spans(doc, index)
    role_spans.sort(key=lambda s: (s.start, s.end))
    offices: list[OfficeRecord] = []
    seen: set[tuple] = set()
    vetoed: set[tuple] = set()  # (person, role) whose dateline guess one sentence ruled out

    def add(person_tok: int, role: str, country: str | None, org: str | None, span: Span, rule: str, conf: float,
            attested: bool = True):
        key = index.by_token.get(person_tok)
        if not key:
            return
        if not country and role == "other":
            # "NATO leaders extended the term of Secretary-General X": the one international
            # organisation the sentence names
            found = {lex.organization_of(e.text) for e in span.sent.ents} - {None}
            if len(found) != 1:
                return
            (country, org), rule, conf = found.pop(), "rule:title-organization-in-sentence", 0.6
        if not country and index.dateline_country is None and org is None:
            if fallback is None:
                pending.append(key)
                return
            country, guessed_by = fallback(key, span)
            if not country:
                return
            rule, conf = guessed_by, (0.6 if guessed_by == "rule:title-person-country" else 0.5)
        if not country:
            # a bare title ("Foreign Minister Qin Gang") in a story datelined in a capital: the
            # dateline's country, as a weak guess that resolution drops when another article
            # names the person's country for this role; not when the sentence names other
            # countries and not the dateline's (a Moscow wire story about Kyiv's politics)
            if index.dateline_country is None or org is not None:
                return
            if not _dateline_country_fits(doc, index, span):
                vetoed.add((key, role))
                return
            country, rule, conf = index.dateline_country, "rule:title-dateline-country", 0.5
        sig = (key, role, country)
        last = person_tok
        while last + 1 < len(doc) and index.by_token.get(last + 1) == key:
            last += 1  # the whole name, not its first word
        ev = Evidence(article.id, rule, sentence=span.sent.text.strip(), start=min(span.start_char, doc[person_tok].idx),
                      end=max(span.end_char, doc[last].idx + len(doc[last])), confidence=conf)
        if sig in seen:
            if attested:  # "the former minister ... Minister X said": the article attests it after all
                for o in offices:
                    if (o.person, o.role, o.country) == sig and not o.attested:
                        o.attested, o.evidence = True, ev
            return
        seen.add(sig)
        offices.append(OfficeRecord(person=key, role=role, country=country, organization=org, evidence=ev,
                                    attested=attested))

    for n, span in enumerate(role_spans):
        role = _role_of(span)
        if role is None:
            continue
        if span.start >= 2 and doc[span.start - 1].lower_ == "for" and doc[span.start - 2].lemma_.lower() in CANDIDATE_NOUNS:
            continue  # "the party's nominee for prime minister, X": a candidate, not a holder
        body = doc[span.start - 1] if span.start > 0 else None
        if role == "head_of_state" and body is not None and body.text[:1].isupper() and body.pos_ in ("PROPN", "NOUN") \
                and not _qualifier(body.lower_) and not lex.country_of(body.text) and not lex.organization_of(body.text) \
                and body.lower_ not in ("’s", "'s"):
            # "Senate President", "Club President": the head of a body, not of a state
            if body.lower_ not in lex.legislatures:
                continue
            role, span = "legislator", doc[body.i:span.end]
        country, bloc_org, status = _left_context(doc, index, role_spans, span)
        if status is None:
            continue  # "deputy foreign minister": not the role itself
        if country is None and span.start >= 3 and doc[span.start - 1].text in (",", ":") \
                and doc[span.start - 2].lower_ in ("counterpart", "counterparts"):
            # "their Japanese counterparts, Foreign Minister X and ...": the counterparts' country
            country = _country_token(doc[span.start - 3], index, doc)
        after = span.end
        # "Prime Minister-elect", "prime minister designate": not yet in office
        if after + 1 < len(doc) and doc[after].text in ("-", "–") and _qualifier(doc[after + 1].lower_) == "future":
            status, after = "future", after + 2
        elif after < len(doc) and doc[after].lower_ == "designate":
            status, after = "future", after + 1
        of_country, of_org, of_end = _of_place(doc, index, after)
        if of_country and not country:
            country, bloc_org = of_country, of_org
        of_end = of_end if of_country else after
        org = None
        # "Defense Ministry spokesman": the office belongs to a ministry; its country from context
        prev = next((s for s in role_spans if s.end == span.start and s.label_.startswith("ORG:")), None)
        if prev is not None:
            org = prev.label_[4:]
            org_country, _, _ = _left_context(doc, index, role_spans, prev)
            org_country = org_country or lex.ministry_countries.get(prev.text.lower())
            country = country or org_country or _ministry_context(doc, index, prev.start)[1]
        if org is None and span.end + 2 < len(doc) and doc[span.end].lower_ in ("for", "of", "at"):
            # "a spokesperson for China's Ministry of National Defense": the ministry and its country
            j = span.end + 1
            ministry_country = None
            if doc[j].lower_ == "the":
                j += 1
            if j + 1 < len(doc) and doc[j + 1].lower_ in ("’s", "'s"):
                ministry_country = _country_token(doc[j], index, doc)
                j += 2
            ministry = next((s_ for s_ in role_spans if s_.start == j and s_.label_.startswith("ORG:")), None)
            if ministry is not None:
                org = ministry.label_[4:]
                country = country or ministry_country or lex.ministry_countries.get(ministry.text.lower()) \
                    or _ministry_context(doc, index, span.start)[1]
        if org is None and span.end + 2 < len(doc) and doc[span.end].lower_ == "of":
            # "the spokesperson of the ministry": the ministry named last
            tail = doc[span.end + 1: min(len(doc), span.end + 3)]
            if tail[-1].lower_ == "ministry" and tail[0].lower_ in ("the", "that"):
                org, ctx_country = _ministry_context(doc, index, span.start)
                country = country or ctx_country
        person = _person_after(doc, index, role_spans, span, of_end)
        rule = "rule:title-before-name"
        if person is None and (of_end >= len(doc) or not doc[of_end].text[:1].isupper()):
            # "Jo Ruiz, President of Chile, said": not "..., President of Chile Al Vega" whose name
            # the model missed
            person = _person_before_apposition(doc, index, span, of_place=bool(of_country))
            rule = "rule:apposition"
        if person is None:
            continue
        if country is None and rule == "rule:title-before-name":
            # "Secretary of Foreign Affairs Alicia Barcena of Mexico"
            key = index.by_token.get(person)
            last = person
            while last + 1 < len(doc) and index.by_token.get(last + 1) == key:
                last += 1
            country, bloc_org, _ = _of_place(doc, index, last + 1)
        role, country, org, rule = _national(span, role, country, org, bloc_org, rule)
        add(person, role, country, org, span, rule, 0.9 if rule == "rule:title-before-name" else 0.8,
            attested=status == "current")

    _counterparts(doc, article, index, offices, add)
    _events(doc, article, index, role_spans, offices, add)
    _tenure_starts(doc, article, index, offices)
    _successions(doc, article, index, offices)
    return _without_needless_guesses(offices, vetoed)


def _without_needless_guesses(offices: list[OfficeRecord], vetoed: set[tuple]) -> list[OfficeRecord]:
    """A country guessed from the dateline for a bare title ("President X") gives way to the
    country the article states for the same person and role ("Turkish President X" earlier), and
    is dropped when another sentence about them ruled the dateline's country out."""
    stated = {(o.person, o.role) for o in offices if o.evidence.derived_by not in GUESSED_RULES} | vetoed
    kept = [o for o in offices if o.evidence.derived_by not in GUESSED_RULES or (o.person, o.role) not in stated]
    return kept


def _national(span: Span, role: str, country: str | None, org: str | None, bloc_org: str | None,
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


def _counterparts(doc, article, index, offices, add) -> None:
    """ "his Vietnamese counterpart X", "his counterpart from Chile, X": X holds the post of the
    person (or the named title) the counterpart is measured against, for the country named."""
    lex = lexicon()
    role_spans = [s for s in doc.spans.get("roles", []) if s.label_.startswith("ROLE:")]
    for tok in doc:
        if tok.lower_ not in ("counterpart", "counterparts"):
            continue
        country = None
        if tok.i > 0:
            country = _country_token(doc[tok.i - 1], index, doc)
        j = tok.i + 1
        if country is None and j < len(doc) and doc[j].lower_ in ("from", "of"):
            # "his counterpart from Chile, X"
            country, _, j = _of_place(doc, index, j) if doc[j].lower_ == "of" else _from_place(doc, index, j)
            if country is None:
                continue
        person_tok = None
        if j < len(doc) and doc[j].text == ",":
            j += 1
        key = index.by_token.get(j)
        if key and index.actors[key].kind == "person":
            person_tok = j
        if person_tok is None or country is None:
            continue
        # whose counterpart: the subject of the sentence where they hold a post ("X held talks
        # with A, B and his Vietnamese counterpart Y"), else the nearest person before who does
        candidates = []
        subj = next((t for t in tok.sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < tok.i), None)
        if subj is not None:
            candidates.append(_subject_walk(subj, subj.head, index))
        for i in range(tok.i - 1, tok.sent.start - 1, -1):
            k = index.by_token.get(i)
            if k and index.actors[k].kind == "person" and k != key:
                candidates.append(k)
        roles = []
        for other in candidates:
            if other and other != key:
                roles = sorted({o.role for o in offices if o.person == other and o.country != country},
                               key=lambda r: lex.role_rank.get(r, 99))
                if roles:
                    break
        if not roles and subj is not None:
            # "the External Affairs Minister met his counterpart from Chile, X": the subject's title
            named = [s for s in role_spans if subj.left_edge.i <= s.start and s.end - 1 <= subj.i]
            roles = [named[-1].label_[5:]] if named and index.by_token.get(subj.i) is None else []
        if not roles:
            continue
        span = doc[tok.i - 1: tok.i + 1]
        add(person_tok, roles[0], country, None, span, "rule:counterpart", 0.75)


def _from_place(doc: Doc, index: ActorIndex, at: int) -> tuple[str | None, str | None, int]:
    """ "from Chile": the country right after `from`, and the token after it."""
    j = at + 1
    key = index.by_token.get(j) if j < len(doc) else None
    if key and key.startswith("country:"):
        end = j
        while end < len(doc) and index.by_token.get(end) == key:
            end += 1
        return index.actors[key].name, None, end
    return None, None, at


APPOINT_VERBS = {"appoint", "name", "elect", "nominate", "swear", "promote", "reappoint", "install"}
TAKE_OBJECTS = {"office", "post", "helm", "job", "role", "reins", "portfolio", "ministry"}


def _appointment_subject(verb: Token, index: ActorIndex) -> str | None:
    """Who an appointment verb is about: its subject, "who" through its relative clause, "he"."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "X was on Friday elected ...": the parser hangs the subject on the auxiliary
    subjects += [c for a in verb.children if a.dep_ in ("aux", "auxpass") for c in a.children
                 if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.pos_ != "NOUN" and len(subjects) > 1:
        # "BANGKOK, Aug. 16 (Xinhua) -- X, who ..., was elected": the dateline parsed as a second subject
        for cand in subjects:
            found = _subject_walk(cand, verb, index)
            if found:
                return found
        return None
    subj = subjects[0] if subjects else None
    if verb.pos_ == "NOUN":  # "his appointment", "Li's appointment"
        subj = next((c for c in verb.children if c.dep_ == "poss"), None)
        if subj is None:
            return None
        if subj.lower_ in ("his", "her"):
            return index.last_subject_before(subj.i) or index.last_person_before(subj.i)
    if subj is None:
        if verb.dep_ == "relcl" or verb.dep_ == "acl" and verb.tag_ == "VBN":
            subj = verb.head  # "X, who was elected ...", "X sworn in as president" (a headline's clause)
        elif verb.dep_ == "conj":
            return _appointment_subject(verb.head, index)
        else:
            return None
    return _subject_walk(subj, verb, index)


def _subject_walk(subj: Token, verb: Token, index: ActorIndex) -> str | None:
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


def _appointments(doc: Doc):
    """(verb or noun token, kind) for each appointment: "was appointed", "took office", "took over
    as", "returned to the post", "his appointment"."""
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in APPOINT_VERBS:
            if lemma == "swear" and not any(c.lower_ == "in" for c in tok.children):
                continue
            if lemma == "name" and not any(c.dep_ in ("auxpass",) for c in tok.children):
                continue  # "X named the minister": no tenure start for X
            yield tok, "start"
        elif tok.pos_ == "VERB" and lemma == "take" and any(
                c.lower_ in TAKE_OBJECTS or (c.lower_ == "over") for c in tok.children):
            yield tok, "start"
        elif tok.pos_ == "VERB" and lemma in ("return", "assume") and any(
                t.lower_ in TAKE_OBJECTS for t in tok.subtree):
            yield tok, "start"
        elif tok.pos_ == "VERB" and lemma == "replace" and any(c.dep_ in ("dobj", "obj") for c in tok.children):
            yield tok, "replaced"
        elif tok.pos_ == "NOUN" and lemma in ("appointment", "nomination", "election", "swearing-in") and any(
                c.dep_ == "poss" for c in tok.children):
            yield tok, "start"


def _clause_verb(t: Token, verb: Token) -> Token | None:
    """The verb whose clause holds `t`: its nearest verb ancestor, or `verb` where that is an
    infinitive or participle hanging on `verb` ("appointed X to serve from March")."""
    while t.head.i != t.i:
        t = t.head
        if t.i == verb.i:
            return verb
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            if t.dep_ in ("xcomp", "conj") and t.head.i == verb.i:
                return verb
            return t
    return None


def _appointment_time(tok: Token, article: Article) -> tuple[object, str] | None:
    """The time expression inside the appointment's phrase, resolved at its precision; a clause
    introduced by "when" takes the time of the clause it depends on."""
    candidates = [e for e in tok.doc.ents if e.label_ == "DATE" and tok.left_edge.i <= e.start and e.end - 1 <= tok.right_edge.i]
    if not candidates and tok.dep_ == "advcl" and any(c.lower_ == "when" for c in tok.children):
        return _appointment_time(tok.head, article)
    if not candidates and tok.pos_ == "NOUN":
        # "since his appointment at the end of last year": the phrase right after the noun
        candidates = [e for e in tok.sent.ents if e.label_ == "DATE" and 0 < e.start - tok.i <= 5]
    for ent in sorted(candidates, key=lambda e: abs(e.start - tok.i)):
        if ent.start > 0 and tok.doc[ent.start - 1].lower_ in ("since", "until", "before"):
            continue
        if tok.pos_ in ("VERB", "AUX") and _clause_verb(ent.root, tok) is not tok:
            continue  # "X succeeds Y, whom a court dismissed last week": the other clause's time
        when = resolve_time(ent.text, article.published)
        if when is not None and not when.is_range:
            return when, ent
    return None


def _office_of_replaced(verb: Token, obj: Token, person: str, article: Article, index: ActorIndex,
                        offices: list[OfficeRecord], role_spans: list[Span]) -> None:
    """ "Belousov took office when Putin replaced Defence Minister Shoigu": Shoigu held the post
    Belousov took; the article attests the holding only through its end."""
    roles = [s.label_[5:] for s in role_spans if s.start >= obj.left_edge.i and s.end <= obj.i + 1]
    if not roles or any(o.person == person and o.role == roles[0] for o in offices):
        return
    clause = verb.head if verb.dep_ == "advcl" else verb
    successor = _appointment_subject(clause, index) if clause.i != verb.i else None
    country = next((o.country for o in offices if o.person == successor and o.role == roles[0]), None)
    if country is None:
        return
    offices.append(OfficeRecord(
        person=person, role=roles[0], country=country, attested=False,
        evidence=Evidence(article.id, "rule:replaced-by-successor", sentence=verb.sent.text.strip(),
                          start=obj.left_edge.idx, end=obj.idx + len(obj.text), confidence=0.6)))


def _tenure_starts(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord]) -> None:
    """Attach "was appointed ... in March", "who took office in May 2024 when X replaced Y" to
    the offices of the people they speak of: a start for the appointee, an end for the replaced."""
    lex = lexicon()
    role_spans = [s for s in doc.spans.get("roles", []) if s.label_.startswith("ROLE:")]
    for tok, kind in _appointments(doc):
        found = _appointment_time(tok, article)
        if found is None:
            continue
        when, ent = found
        if kind == "replaced":
            obj = next(c for c in tok.children if c.dep_ in ("dobj", "obj"))
            person = index.by_token.get(obj.i)
            if not person or index.actors[person].kind != "person":
                continue
            _office_of_replaced(tok, obj, person, article, index, offices, role_spans)
        else:
            person = _appointment_subject(tok, index)
        mine = [o for o in offices if o.person == person and (o.attested or kind == "replaced")]
        if not person or not mine:
            continue
        named_roles = [s.label_[5:] for s in role_spans if tok.left_edge.i <= s.start and s.end - 1 <= tok.right_edge.i]
        if kind == "replaced":
            named_roles = [s.label_[5:] for s in role_spans if s.end <= obj.i + 1 and s.start >= obj.left_edge.i]
        targets = [o for o in mine if o.role in named_roles] or mine
        target = min(targets, key=lambda o: lex.role_rank.get(o.role, 99))
        ev = Evidence(article.id, f"rule:{'replaced' if kind == 'replaced' else 'appointed'}+{when.derived_by}",
                      sentence=tok.sent.text.strip(), start=ent.start_char, end=ent.end_char, confidence=0.7)
        if kind == "replaced":
            if target.end is None:
                target.end, target.end_evidence = when.start, ev
        elif target.start is None:
            target.start, target.start_evidence = when.start, ev
    _held_since(doc, article, index, offices, role_spans)


IN_OFFICE_NOUNS = {"office", "power"}


def _held_since(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord],
                role_spans: list[Span]) -> None:
    """ "X, who has been prime minister since March 2020", "X has been in office since 2014": the
    start of a holding the article attests, from a perfect 'has been ROLE / in office since DATE'
    (not "the first visit since 2008", which dates nothing about a post)."""
    lex = lexicon()
    for ent in doc.ents:
        if ent.label_ != "DATE" or ent.start == 0 or doc[ent.start - 1].lower_ != "since":
            continue
        since = doc[ent.start - 1]
        verb = since.head
        if verb.lemma_.lower() not in ("be", "serve", "remain") or not any(
                c.dep_ == "aux" and c.lower_ in ("has", "have", "'s", "’s", "'ve") for c in verb.children):
            continue
        attrs = [c for c in verb.children if c.dep_ in ("attr", "prep", "acomp") and c.i != since.i]
        named = [s.label_[5:] for s in role_spans for a in attrs
                 if a.left_edge.i <= s.start and s.end - 1 <= a.right_edge.i]
        in_office = any(a.lower_ == "in" and any(o.lower_ in IN_OFFICE_NOUNS for o in a.children) for a in attrs)
        if not named and not in_office:
            continue
        person = _appointment_subject(verb, index)
        mine = [o for o in offices if o.person == person and o.attested]
        if named:
            mine = [o for o in mine if o.role in named]
        if not person or not mine:
            continue
        target = min(mine, key=lambda o: lex.role_rank.get(o.role, 99))
        when = resolve_time(ent.text, article.published)
        if when is None or when.is_range or target.start is not None:
            continue
        target.start = when.start
        target.start_evidence = Evidence(article.id, f"rule:held-since+{when.derived_by}", sentence=verb.sent.text.strip(),
                                         start=ent.start_char, end=ent.end_char, confidence=0.7)


# -- offices from events: appointed, elected, sworn in, took over as, resigned as ... ----------

START_VERBS = {"appoint", "name", "elect", "swear", "confirm", "approve", "install", "choose", "pick", "select", "tap",
               "promote", "reappoint", "re-elect", "reelect", "become", "take", "assume", "inaugurate", "endorse",
               "vote", "make"}
PLANNED_VERBS = {"nominate", "propose", "designate", "tip", "put"}
END_VERBS = {"resign", "step", "quit", "dismiss", "fire", "sack", "oust", "remove", "leave", "impeach", "depose",
             "topple", "retire"}
SERVE_VERBS = {"serve", "remain", "stay", "continue"}
SUCCESSION_VERBS = {"replace", "succeed"}
POST_NOUNS = {"post", "role", "office", "position", "job", "portfolio", "seat", "helm"}
FUTURE_HEADS = {"set", "expect", "due", "plan", "intend", "poise", "go", "likely", "intention", "decision", "move",
                "plan", "bid", "proposal", "want", "hope", "seek", "aim", "vote"}
TRANSITIVE = {"appoint", "name", "elect", "confirm", "approve", "install", "choose", "pick", "select", "tap", "promote",
              "reappoint", "re-elect", "reelect", "inaugurate", "endorse", "nominate", "propose", "designate", "tip",
              "dismiss", "fire", "sack", "oust", "remove", "impeach", "depose", "topple", "make", "put", "vote"}


def _event_verb(span: Span) -> Token | None:
    """The verb a role phrase is the complement of: "appointed X as ROLE", "named X ROLE",
    "became ROLE", "to the post of ROLE", "appointed X to be its next ROLE"."""
    h = span.root
    for _ in range(2):
        head = h.head
        if h.dep_ == "pobj" and head.lower_ in ("as", "for", "to") and head.head.pos_ in ("VERB", "AUX"):
            return head.head
        if h.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("PROPN", "NOUN") and head.head.head.pos_ == "VERB":
            return head.head.head  # "appointed Maria Lopez as ...", the "as" attached to the name
        if h.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in POST_NOUNS:
            h = head.head  # "to the post of defence minister"
            continue
        if h.dep_ in ("oprd", "attr", "dobj", "xcomp", "ccomp", "npadvmod", "appos") and head.pos_ in ("VERB", "AUX"):
            if head.lemma_ == "be" and head.dep_ in ("xcomp", "ccomp", "advcl") and head.head.pos_ == "VERB":
                return head.head  # "appointed X to be its next secretary general"
            if head.lemma_ == "be":
                return None
            return head
        return None
    return None


def _planned(verb: Token) -> bool:
    """ "will become", "is set to take over", "to appoint X" (a headline's plan), "his intention
    to nominate": the event has not happened at the time of the article."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "’ll") for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        if verb.dep_ in ("xcomp", "acl", "ROOT", "relcl", "advcl") and (verb.dep_ == "ROOT" or verb.head.lemma_.lower() in FUTURE_HEADS
                                                                         or verb.head.pos_ == "NOUN"):
            return True
    return False


def _object_person(verb: Token, index: ActorIndex, exclude: Token | None = None) -> str | None:
    """The person a transitive event verb acts on: its object, or the name in apposition to it."""
    for c in verb.children:
        if c.dep_ not in ("dobj", "obj", "dative") or (exclude is not None and c.i == exclude.i):
            continue
        for t in (c, *[a for a in c.children if a.dep_ == "appos"]):
            key = index.by_token.get(t.i)
            if key and index.actors[key].kind == "person":
                return key
            if t.pos_ == "PROPN" and index.person_by_name_part(t.text):
                return index.person_by_name_part(t.text)  # a full name the model tagged as something else
        if c.lower_ in ("whom", "who") and verb.dep_ == "relcl":
            key = index.by_token.get(verb.head.i)
            if key and index.actors[key].kind == "person":
                return key
    return None


def _subject_person(verb: Token, index: ActorIndex) -> str | None:
    return _appointment_subject(verb, index)


def _reported_as_news(verb: Token) -> bool:
    """A present or present-perfect event verb ("has been appointed", "is sworn in", "becomes",
    "names"): the article reports it as it happens, not as background ("was appointed in 2019")."""
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxes & {"has", "have", "is", "are"}) and not auxes & {"had", "was", "were"}


def _events(doc: Doc, article: Article, index: ActorIndex, role_spans: list[Span], offices: list[OfficeRecord], add) -> None:
    lex = lexicon()
    for span in role_spans:
        role = _role_of(span)
        if role is None:
            continue
        verb = _event_verb(span)
        if verb is None:
            continue
        lemma = verb.lemma_.lower()
        if lemma in SERVE_VERBS and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in START_VERBS | PLANNED_VERBS:
            verb, lemma = verb.head, verb.head.lemma_.lower()  # "appointed X to serve as its next ..."
        if lemma == "swear" and not any(c.lower_ == "in" for c in verb.children):
            continue
        if lemma == "take" and not any(c.lower_ in ("over", "office") for c in verb.children):
            continue
        if lemma == "step" and not any(c.lower_ == "down" for c in verb.children):
            continue
        if lemma in START_VERBS:
            kind = "start"
        elif lemma in PLANNED_VERBS:
            kind = "planned"
        elif lemma in END_VERBS:
            kind = "end"
        elif lemma in SERVE_VERBS:
            kind = "serve"
        else:
            continue
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        if lemma in TRANSITIVE and not passive:
            person = _object_person(verb, index, exclude=span.root)
        else:
            person = _subject_person(verb, index)
        if not person or index.actors[person].kind != "person":
            continue
        if kind == "start" and _planned(verb):
            kind = "planned"
        country, bloc_org, status = _left_context(doc, index, role_spans, span)
        if status is None:
            continue
        if status == "future" and kind == "start":
            kind = "planned"  # "appointed X to be its next secretary general"
        if not country:
            country, bloc_org, _ = _of_place(doc, index, span.end)
        if not country:
            # "NATO appointed X as secretary general": the appointing organisation's post
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                found = lex.organization_of(doc[subj.left_edge.i:subj.i + 1].text)
                if found:
                    country, bloc_org = found
                else:
                    # "Norway's parliament appointed X ...", "the Rada (Ukrainian parliament) appointed X":
                    # the appointing national body's country
                    named = {lex.country_of(t.text) for t in subj.subtree
                             if t.head.lemma_.lower() in APPOINTING_BODIES and t.dep_ in ("amod", "poss", "compound")} - {None}
                    if len(named) == 1:
                        country = named.pop()
        if not country:
            known = [o for o in offices if o.person == person and o.role == role and o.country]
            if len({o.country for o in known}) == 1:
                country, bloc_org = known[0].country, known[0].organization
        role_, country, org, rule = _national(span, role, country, None, bloc_org, "rule:event-" + kind)
        if country is None and role_ == "other":
            continue
        if kind == "serve" and verb.tag_ == "VBD" and not any(c.lemma_ == "have" for c in verb.children):
            kind = "served"  # "served as prime minister": a past holding
        person_tok = next(i for i in range(len(doc)) if index.by_token.get(i) == person)
        before = len(offices)
        add(person_tok, role_, country, org, span, rule, 0.75, attested=kind in ("start", "serve"))
        target = next((o for o in offices if o.person == person and o.role == role_
                       and (country is None or o.country == country)), None)
        if target is None:
            continue
        if len(offices) > before:  # the evidence is the event's sentence, not the name's first mention
            target.evidence = Evidence(article.id, rule, sentence=span.sent.text.strip(), start=span.start_char,
                                       end=span.end_char, confidence=0.75)
        found = _appointment_time(verb, article)
        if found is None and kind == "start" and _reported_as_news(verb) and article.published is not None:
            # "X has been appointed prime minister", "X becomes prime minister": the news of the
            # day, so within the month of publication (the day itself may be the day before)
            month = DateValue(article.published.year, article.published.month) if article.published.month else None
            if month is not None:
                target.start = target.start or month
                if target.start_evidence is None:
                    target.start_evidence = Evidence(article.id, f"{rule}+date:publication-month",
                                                     sentence=span.sent.text.strip(), start=verb.idx,
                                                     end=verb.idx + len(verb.text), confidence=0.6)
            continue
        if found is None:
            continue
        when, ent = found
        ev = Evidence(article.id, f"{rule}+{when.derived_by}", sentence=span.sent.text.strip(),
                      start=ent.start_char, end=ent.end_char, confidence=0.7)
        if kind == "start" and target.start is None:
            target.start, target.start_evidence = when.start, ev
        elif kind == "end" and target.end is None:
            target.end, target.end_evidence = when.start, ev


# -- successions: "X succeeds Y", "X replaces Y", "X took over from Y", "in place of Y" ---------

SUCCESSION_MARK = "rule:succeeded-by"  # the predecessor's holding, as the article states the succession


def _person_of(tok: Token, index: ActorIndex) -> str | None:
    for t in (tok, *[a for a in tok.children if a.dep_ == "appos"]):
        key = index.by_token.get(t.i)
        if key and index.actors[key].kind == "person":
            return key
    return None


def _succession_pairs(doc: Doc, index: ActorIndex):
    """(verb, successor, predecessor) for each succession the text states."""
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in SUCCESSION_VERBS:
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
            if obj is None:
                continue
            if obj.lower_ in ("whom", "who") and tok.dep_ == "relcl":
                pred = _person_of(tok.head, index)  # "Y, whom X is replacing"
            else:
                pred = _person_of(obj, index)
            succ = _appointment_subject(tok, index) if not (tok.dep_ == "relcl" and obj.lower_ in ("whom", "who")) \
                else _person_of(next((c for c in tok.children if c.dep_ == "nsubj"), tok), index)
            with_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"), None)
            if with_ is not None:  # "the president replaced Y with X": X is the successor
                pobj = next((c for c in with_.children if c.dep_ == "pobj"), None)
                succ = _person_of(pobj, index) if pobj is not None else None
            if succ and pred and succ != pred:
                yield tok, succ, pred
        elif tok.pos_ == "VERB" and lemma == "take" and any(c.lower_ == "over" for c in tok.children):
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                pred = _person_of(pobj, index) if pobj is not None else None
                succ = _appointment_subject(tok, index)
                if succ and pred and succ != pred:
                    yield tok, succ, pred
        elif tok.lower_ == "place" and tok.dep_ == "pobj" and tok.head.lower_ == "in":
            of = next((c for c in tok.children if c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            pred = _person_of(pobj, index) if pobj is not None else None
            verb = tok.head.head
            succ = _object_person(verb, index) if verb.pos_ == "VERB" else None
            if succ and pred and succ != pred:
                yield verb, succ, pred


def _successions(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord]) -> None:
    """The successor holds the predecessor's post from the event, and the predecessor's holding
    ends then: the role named with the event ("as prime minister"), else the one post the
    article gives the predecessor. The predecessor's holding is marked as succeeded
    (`SUCCESSION_MARK`), so that resolution may close it with the successor's start."""
    lex = lexicon()
    role_spans = [s for s in doc.spans.get("roles", []) if s.label_.startswith("ROLE:")]
    for verb, succ, pred in _succession_pairs(doc, index):
        named = {s.label_[5:] for s in role_spans if verb.left_edge.i <= s.start and s.end - 1 <= verb.right_edge.i}
        posts = {(o.role, o.country, o.organization) for o in offices if o.person == pred
                 and o.country and (not named or o.role in named)}
        if not posts:
            posts = {(o.role, o.country, o.organization) for o in offices if o.person == succ
                     and o.country and o.role in named}
        if not posts:  # "X replaced Y as Romania's defence minister": the post named with the event
            for sp in role_spans:
                if verb.left_edge.i <= sp.start and sp.end - 1 <= verb.right_edge.i and (ev_ := _event_verb(sp)) is not None and ev_.i == verb.i:
                    country, bloc_org, status = _left_context(doc, index, role_spans, sp)
                    if not country:
                        country, bloc_org, _ = _of_place(doc, index, sp.end)
                    role_, country, org_, _ = _national(sp, sp.label_[5:], country, None, bloc_org, "")
                    if country and status == "current":
                        posts.add((role_, country, org_))
        if len(posts) != 1:
            continue
        role, country, org = posts.pop()
        leaders = {index.by_token.get(sp.end + k) for sp in role_spans for k in (0, 1)
                   if sp.label_[5:] in ("head_of_state", "head_of_government") and sp.sent.start == verb.sent.start}
        if role not in ("head_of_state", "head_of_government") and (succ in leaders or any(
                o.person == succ and o.attested and o.role in ("head_of_state", "head_of_government") for o in offices)):
            continue  # "when the president replaced the defence minister": who replaced, not who succeeded
        planned = _planned(verb) or (verb.tag_ == "VBG" and any(c.lower_ in ("is", "are", "will") for c in verb.children))
        sentence = verb.sent.text.strip()
        mine = next((o for o in offices if (o.person, o.role, o.country) == (succ, role, country)), None)
        if mine is None:
            mine = OfficeRecord(person=succ, role=role, country=country, organization=org, attested=not planned,
                                evidence=Evidence(article.id, "rule:successor", sentence=sentence, start=verb.idx,
                                                  end=verb.idx + len(verb.text), confidence=0.7))
            offices.append(mine)
        if planned:
            continue
        found = _appointment_time(verb, article)
        when = ev = None
        if found is not None:
            when, ent = found
            when, ev = when.start, Evidence(article.id, f"rule:successor+{found[0].derived_by}", sentence=sentence,
                                            start=ent.start_char, end=ent.end_char, confidence=0.7)
            if mine.start is None:
                mine.start, mine.start_evidence = when, ev
        elif mine.start is not None:
            when, ev = mine.start, mine.start_evidence
        offices.append(OfficeRecord(
            person=pred, role=role, country=country, organization=org, attested=False,
            evidence=Evidence(article.id, SUCCESSION_MARK, sentence=sentence, start=verb.idx,
                              end=verb.idx + len(verb.text), confidence=0.7),
            end=when, end_evidence=ev))
        for o in offices:
            if (o.person, o.role, o.country) == (pred, role, country) and o.end is None and when is not None:
                o.end, o.end_evidence = when, ev
