"""Offices: who holds which post, read off titles, appositions and counterparts.

Patterns (roles and countries come from the lexicon's data files):
- title before a name: "Chinese Defense Minister Wei Fenghe", "State Councilor and Defense
  Minister Li Shangfu" (both roles), "Defense Ministry spokesman Colonel Tan Kefei";
- apposition: "Kira Rudik, a Ukrainian lawmaker", "its foreign minister, Joseph Wu";
- counterpart: "his Russian counterpart Sergei Shoigu" holds the role of the person "his"
  refers to, for the country the adjective names;
- events (events.py, tenures.py, successions.py): "was appointed minister in March",
  "succeeds X", "resigned", each date resolved against the publication date at the precision
  the text gives.
A role qualified as not current ("former", "deputy", "vice") is not an office held.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..actors.index import ActorIndex
from ..actors.name_words import honorific_len
from ...lexicon import lexicon
from .context import (
    country_in_relative_clause,
    country_token,
    delegating_country,
    demonym_country,
    from_place,
    left_context,
    ministry_context,
    national,
    of_place,
    qualifier,
    role_of,
)
from .country_guess import country_mentions_in, dateline_country_fits, sentence_allows
from .holders import (
    accompanied_leader,
    epithet_referent,
    name_opening_title,
    past_name_titles,
    person_after,
    person_before_apposition,
    plural_title_holders,
    subject_walk,
)
from .events import office_events
from .parties import CANDIDATE_NOUNS, party_leader_spans
from .posts import holder_by_description, portfolio_spans, post_title, story_context
from .successions import succession_ends
from .tenures import tenure_starts
from ...records import Article, Evidence
from .records import OfficeRecord

GUESSED_RULES = ("rule:title-dateline-country", "rule:title-home-country")
ONE_HOLDER_ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister"}



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
    # a home country known only from the dateline ("Addis Ababa, ... (FBC) – Prime Minister X") is
    # the lead's own: the capital may host an organisation whose officials the story goes on to name
    lead_only = home is not None and home == index.filed_from_country and not _country_mentions(doc, index).get(home)
    lead = next((sent for sent in doc.sents if sum(t.is_alpha for t in sent) > 3), None)  # not "Jakarta." alone

    def fallback(person: str, span: Span, person_tok: int | None = None) -> tuple[str | None, str]:
        mine = stated.get(person, set())
        if len(mine) == 1:
            return next(iter(mine)), "rule:title-person-country"
        leader = _leader_accompanied(doc, index, offices, person_tok) if person_tok is not None else None
        if not mine and len(stated.get(leader, set())) == 1:
            return next(iter(stated[leader])), "rule:entourage-country"
        if not mine and home and _country_fits(doc, index, span, home, person_tok) \
                and not (lead_only and span.sent != lead):
            return home, "rule:title-home-country"
        return None, ""

    return _extract(doc, article, index, fallback, [])



def _country_mentions(doc: Doc, index: ActorIndex, places: bool = True) -> dict[str, int]:
    """How often the story names each country, by name or by demonym (without `places`: not
    counting a country named as where something happens); counted once per story and index."""
    kept = doc.user_data.setdefault("ng_country_mentions", {})
    if (id(index), places) not in kept:
        kept[id(index), places] = _count_country_mentions(doc, index, places)
    return dict(kept[id(index), places])


def _count_country_mentions(doc: Doc, index: ActorIndex, places: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    for i in range(len(doc)):
        key = index.by_token.get(i)
        if key and key.startswith("country:") and index.by_token.get(i - 1) != key \
                and (places or not _place_mention(doc, index, i)) and not _posting(doc[i]):
            name = index.actors[key].name
            counts[name] = counts.get(name, 0) + 1
    for ent in doc.ents:
        if ent.label_ == "NORP" and not any(index.by_token.get(i) for i in range(ent.start, ent.end)):
            c = demonym_country(ent.text)  # "Chinese", "Zimbabweans"
            if c:
                counts[c] = counts.get(c, 0) + 1
    return counts



POSTING_NOUNS = {"ambassador", "envoy", "emissary", "consul", "representative", "delegate"}


def _posting(tok: Token) -> bool:
    """ "Ukraine's ambassador to the US": the country an envoy is posted to, not a party to the story."""
    while tok.dep_ in ("compound", "det"):  # "the" or "United" of "the United States"
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_.lower() in POSTING_NOUNS


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
        return index.filed_from_country  # "Ottawa, March 14 (CP) – Prime Minister X" and no country named
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    # an ambassador or another `other` post names its country in any country's press
    stated = {o.country for o in offices if o.country and o.evidence.derived_by not in GUESSED_RULES
              and o.role != "other"}
    if n >= 2 and n >= 3 * second and stated <= {top}:
        return top
    ranked = sorted(_country_mentions(doc, index, places=False).items(), key=lambda kv: -kv[1])
    if len(ranked) >= 2 and ranked[1][1] >= 2 and (len(ranked) == 2 or ranked[2][1] < ranked[1][1]):
        # a leaders' story between two countries: the other side's leader is named with
        # their country ("Chinese President Y"), the home side's is not
        leaders = {o.country for o in offices if o.role in ("head_of_state", "head_of_government")
                   and o.evidence.derived_by not in GUESSED_RULES}
        a, b = ranked[0][0], ranked[1][0]
        if stated & {a, b} == leaders & {a, b} == {a} and _named_as_actor(doc, index, b):
            return b
        if stated & {a, b} == leaders & {a, b} == {b} and _named_as_actor(doc, index, a):
            return a
    # "Addis Ababa, February 11 (FBC) – Prime Minister X": a local outlet's dateline, when the story
    # titles no official of that country with it and never names it as a venue ("talks in Laos")
    filed = index.filed_from_country
    if filed and filed not in stated and counts.get(filed, 0) == _country_mentions(doc, index, places=False).get(filed, 0):
        return filed
    return None



def _named_as_actor(doc: Doc, index: ActorIndex, country: str) -> bool:
    """The story names `country` as a party to its events, not only as an ally or a place: as a
    subject ("India would cooperate") or with its officials ("an Australian leader", "Australia's
    Prime Minister")."""
    officials = lexicon().role_words | {"leader", "minister", "official", "government", "delegation", "ambassador"}
    for sent in doc.sents:
        for i, c in country_mentions_in(doc, index, sent):
            if c != country:
                continue
            key = index.by_token.get(i)
            tok = doc[i]
            while key and tok.i + 1 < len(doc) and index.by_token.get(tok.i + 1) == key:
                tok = doc[tok.i + 1]  # the last word of "the United States"
            if tok.dep_ in ("nsubj", "nsubjpass") or tok.head.lemma_.lower() in officials:
                return True
    return False



def _leader_accompanied(doc: Doc, index: ActorIndex, offices: list[OfficeRecord], person_tok: int) -> str | None:
    """The person an official travels with ("The President, who was accompanied by Foreign Minister
    X"): named, a pronoun, or a bare title that one person in the story holds."""
    tok = accompanied_leader(doc, index, person_tok)
    if tok is None:
        return None
    key = index.by_token.get(tok.i)
    if key:
        return key if index.actors[key].kind == "person" else None
    if tok.lower_ in ("he", "she"):
        return index.last_subject_before(tok.i) or index.last_person_before(tok.i)
    title = next((s for s in doc.spans.get("roles", []) if s.start <= tok.i < s.end and s.label_.startswith("ROLE:")), None)
    holders = {o.person for o in offices if title is not None and o.role == title.label_[5:]
               and o.evidence.derived_by not in GUESSED_RULES}
    return holders.pop() if len(holders) == 1 else None



def _country_fits(doc: Doc, index: ActorIndex, span: Span, country: str, person_tok: int | None = None) -> bool:
    """The sentence of a bare title names no country other than `country` (by name or demonym,
    not as a venue), or names it too, or names others only with their officials after this one."""
    mentions = [(i, c) for i, c in country_mentions_in(doc, index, span.sent)
                if not index.by_token.get(i) or not _place_mention(doc, index, i)]
    # a story naming no other country as a party has no visitor for the title to belong to
    visitors = set(_country_mentions(doc, index, places=False)) != {country}
    return sentence_allows(doc, index, span, person_tok, country, mentions, visitors)



def _extract(doc: Doc, article: Article, index: ActorIndex, fallback, pending: list[str]) -> list[OfficeRecord]:
    lex = lexicon()
    role_spans = list(doc.spans.get("roles", [])) + party_leader_spans(doc, index) + portfolio_spans(doc, index)
    role_spans.sort(key=lambda s: (s.start, s.end))
    offices: list[OfficeRecord] = []
    seen: set[tuple] = set()
    vetoed: set[tuple] = set()  # (person, role) whose dateline guess one sentence ruled out

    def add(person_tok: int, role: str, country: str | None, org: str | None, span: Span, rule: str, conf: float,
            attested: bool = True, title: str | None = None):
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
            country, guessed_by = fallback(key, span, person_tok)
            if not country:
                return
            rule, conf = guessed_by, (0.5 if guessed_by == "rule:title-home-country" else 0.6)
        if not country:
            # a bare title in a story datelined in a capital takes the dateline's country as a weak
            # guess (resolution drops it for one named elsewhere), unless the sentence names others
            if index.dateline_country is None or org is not None:
                return
            if not dateline_country_fits(doc, index, span, person_tok):
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
        offices.append(OfficeRecord(person=key, role=role, country=country, organization=org, evidence=ev, title=title,
                                    attested=attested))

    for n, span in enumerate(role_spans):
        role = role_of(span)
        if role is None:
            continue
        if span.start >= 2 and doc[span.start - 1].lower_ == "for" and doc[span.start - 2].lemma_.lower() in CANDIDATE_NOUNS:
            continue  # "the party's nominee for prime minister, X": a candidate, not a holder
        body = doc[span.start - 1] if span.start > 0 else None
        in_name = name_opening_title(doc, index, span)
        if role == "head_of_state" and body is not None and body.text[:1].isupper() and body.pos_ in ("PROPN", "NOUN") \
                and not qualifier(body.lower_) and not lex.country_of(body.text) and not lex.organization_of(body.text) \
                and body.lower_ not in ("’s", "'s") and not in_name and not honorific_len(doc, body.i) \
                and country_token(body, index, doc) is None and not (index.by_token.get(body.i) or "").startswith("country:"):
            # "Senate President", "Club President": the head of a body, not of a state
            if body.lower_ not in lex.legislatures:
                continue
            role, span = "legislator", doc[body.i:span.end]
        country, bloc_org, status = left_context(doc, index, role_spans, span)
        if status is None:
            continue  # "deputy foreign minister": not the role itself
        if country is None and span.start >= 3 and doc[span.start - 1].text in (",", ":") \
                and doc[span.start - 2].lower_ in ("counterpart", "counterparts"):
            # "their Japanese counterparts, Foreign Minister X and ...": the counterparts' country
            country = country_token(doc[span.start - 3], index, doc)
        after = span.end
        # "Prime Minister-elect", "prime minister designate": not yet in office
        if after + 1 < len(doc) and doc[after].text in ("-", "–") and qualifier(doc[after + 1].lower_) == "future":
            status, after = "future", after + 2
        elif after < len(doc) and doc[after].lower_ == "designate":
            status, after = "future", after + 1
        of_country, of_org, of_end = of_place(doc, index, after)
        if of_country and not country:
            country, bloc_org = of_country, of_org
        of_end = of_end if of_country else after
        org = None
        # "Defense Ministry spokesman": the office belongs to a ministry; its country from context
        prev = next((s for s in role_spans if s.end == span.start and s.label_.startswith("ORG:")), None)
        if prev is not None:
            org = prev.label_[4:]
            org_country, _, _ = left_context(doc, index, role_spans, prev)
            org_country = org_country or lex.ministry_countries.get(prev.text.lower())
            country = country or org_country or ministry_context(doc, index, prev.start)[1]
        if org is None and span.end + 2 < len(doc) and doc[span.end].lower_ in ("for", "of", "at"):
            # "a spokesperson for China's Ministry of National Defense": the ministry and its country
            j = span.end + 1
            ministry_country = None
            if doc[j].lower_ == "the":
                j += 1
            if j + 1 < len(doc) and doc[j + 1].lower_ in ("’s", "'s"):
                ministry_country = country_token(doc[j], index, doc)
                j += 2
            ministry = next((s_ for s_ in role_spans if s_.start == j and s_.label_.startswith("ORG:")), None)
            if ministry is not None:
                org = ministry.label_[4:]
                country = country or ministry_country or lex.ministry_countries.get(ministry.text.lower()) \
                    or ministry_context(doc, index, span.start)[1]
        if org is None and span.end + 2 < len(doc) and doc[span.end].lower_ == "of":
            # "the spokesperson of the ministry": the ministry named last
            tail = doc[span.end + 1: min(len(doc), span.end + 3)]
            if tail[-1].lower_ == "ministry" and tail[0].lower_ in ("the", "that"):
                org, ctx_country = ministry_context(doc, index, span.start)
                country = country or ctx_country
        person = person_after(doc, index, role_spans, span, of_end)
        rule = "rule:title-before-name"
        if person is None and (of_end >= len(doc) or not doc[of_end].text[:1].isupper()):
            # "Jo Ruiz, President of Chile, said": not "..., President of Chile Al Vega" whose name
            # the model missed
            person = person_before_apposition(doc, index, span, of_place=bool(of_country))
            rule = "rule:apposition"
        if person is None:  # "X, who's an elected House member"; "The 37-year-old X Party leader said"
            person, rule = holder_by_description(doc, index, span, role)
        if person is None and country is not None and status == "current":
            # "she had spoken to X, following which the United States president declared"
            person, rule = epithet_referent(doc, index, span), "rule:epithet"
        if person is None:
            continue
        if country is None and rule == "rule:title-before-name":
            # "Secretary of Foreign Affairs Alicia Barcena of Mexico"
            key = index.by_token.get(person)
            last = person
            while last + 1 < len(doc) and index.by_token.get(last + 1) == key:
                last += 1
            country, bloc_org, _ = of_place(doc, index, last + 1)
            country = country or country_in_relative_clause(doc, index, last + 1)
        if country is None and (sender := delegating_country(doc, index, person)):
            country, rule = sender, "rule:delegating-country"  # "Peru sent the Prime Minister, X"
        role, country, org, rule = national(span, role, country, org, bloc_org, rule)
        if in_name and country is None:
            continue  # "Sultan X" is also a name: a post only where its country is stated ("Sultan X of Y")
        country, org, rule = story_context(doc, index, role, span, country, org, rule)  # a party's, a White House story's
        add(person, role, country, org, span, rule, 0.9 if rule == "rule:title-before-name" else 0.8,
            title=post_title(span) if role == "other" else None,
            attested=status == "current")

    for person_tok, role, country, span in plural_title_holders(doc, index):
        add(person_tok, role, country, None, span, "rule:plural-title", 0.8)  # "the presidents of A and B, X and Y"
    _counterparts(doc, article, index, offices, add)
    office_events(doc, article, index, role_spans, offices, add)
    tenure_starts(doc, article, index, offices)
    succession_ends(doc, article, index, offices)
    return _without_guessed_guests(doc, index, _without_needless_guesses(offices, vetoed))



def _without_guessed_guests(doc: Doc, index: ActorIndex, offices: list[OfficeRecord]) -> list[OfficeRecord]:
    """Where one sentence gives a guessed country to several people ("BEIJING — President X met
    Prime Minister Y"), the story's own official is the one it is about, its subject; the others
    may be guests and keep no guess."""
    by_sentence: dict[str, set[str]] = {}
    for o in offices:
        if o.evidence.derived_by in GUESSED_RULES:
            by_sentence.setdefault(o.evidence.sentence, set()).add(o.person)
    sents = {sent.text.strip(): sent for sent in doc.sents}
    out = []
    for o in offices:
        people = by_sentence.get(o.evidence.sentence, set())
        sent = sents.get(o.evidence.sentence)
        if o.evidence.derived_by in GUESSED_RULES and len(people) > 1 and sent is not None \
                and not _in_subject(sent, index, o.person):
            continue
        out.append(o)
    return out


def _in_subject(sent: Span, index: ActorIndex, person: str) -> bool:
    """The person is (part of) the subject of the sentence's main verb."""
    tok = next((t for t in sent if index.by_token.get(t.i) == person), None)
    while tok is not None and tok.dep_ != "ROOT":
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
            return True
        tok = tok.head
    return False



def _without_needless_guesses(offices: list[OfficeRecord], vetoed: set[tuple]) -> list[OfficeRecord]:
    """A country guessed from the dateline for a bare title ("President X") gives way to the
    country the article states for the same person and role ("Turkish President X" earlier), and
    is dropped when another sentence about them ruled the dateline's country out, or when someone
    else holds that one-holder post there in the same sentence ("AMMAN — King X received a call
    from President Y": Y is no second head of state of Jordan; a story of a handover names both
    holders in different sentences)."""
    stated = {(o.person, o.role) for o in offices if o.evidence.derived_by not in GUESSED_RULES} | vetoed
    kept = [o for o in offices if o.evidence.derived_by not in GUESSED_RULES or (o.person, o.role) not in stated]
    holder: dict[tuple, str] = {}
    for o in kept:
        if o.role in ONE_HOLDER_ROLES and o.evidence.derived_by not in GUESSED_RULES and o.attested:
            holder.setdefault((o.role, o.country, o.evidence.sentence), o.person)
    out = []
    for o in kept:
        if o.evidence.derived_by in GUESSED_RULES and o.role in ONE_HOLDER_ROLES and o.attested:
            if holder.setdefault((o.role, o.country, o.evidence.sentence), o.person) != o.person:
                continue  # a former holder is no rival
        out.append(o)
    return out



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
            country = country_token(doc[tok.i - 1], index, doc)
        j = tok.i + 1
        if country is None and j < len(doc) and doc[j].lower_ in ("from", "of"):
            # "his counterpart from Chile, X"
            country, _, j = of_place(doc, index, j) if doc[j].lower_ == "of" else from_place(doc, index, j)
            if country is None:
                continue
        person_tok = None
        if j < len(doc) and doc[j].text == ",":
            j += 1
        j = past_name_titles(doc, j)  # "his Chinese counterpart, General X"
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
            candidates.append(subject_walk(subj, subj.head, index))
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


def extract(doc: Doc, article: Article, found: dict, settings) -> list[OfficeRecord]:
    """The registry's entry (loader/facts/__init__.py)."""
    return extract_offices(doc, article, found["actors"])
