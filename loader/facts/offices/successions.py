"""Successions: "X replaced Y", "X succeeds the outgoing Y", a removal followed by an appointment;
the successor's start ends the predecessor's holding.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..actors.index import ActorIndex
from .context import left_context, national, of_place
from ...records import Article, Evidence
from .records import OfficeRecord
from .appointments import APPOINT_VERBS, _appointment_subject, _appointment_time, _possessor
from .event_verbs import SUCCESSION_VERBS, _event_verb, _object_person, _planned


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
        if tok.pos_ == "VERB" and (lemma in ("assume", "become") or lemma in ("step", "take") and any(
                c.lower_ in ("into", "over", "on") for c in tok.children)):
            # "X took over as president after lawmakers removed Y"
            for clause in (c for c in tok.children if c.dep_ == "advcl"):
                pred = _removed_person(clause, index)
                succ = _appointment_subject(tok, index)
                if succ and pred and succ != pred:
                    yield tok, succ, pred
        if tok.pos_ == "VERB" and lemma in APPOINT_VERBS - {"nominate"}:
            # "named X prime minister after Y was ousted", "X was sworn in after Y resigned"
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
            for clause in (c for c in tok.children if c.dep_ == "advcl"):
                pred = _removed_person(clause, index)
                succ = _appointment_subject(tok, index) if passive or lemma == "swear" else _object_person(tok, index)
                if succ and pred and succ != pred:
                    yield tok, succ, pred
        if tok.pos_ == "VERB" and lemma == "take" and any(c.lower_ == "over" for c in tok.children):
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


REMOVAL_VERBS = {"impeach", "oust", "remove", "depose", "topple", "dismiss", "fire", "sack", "suspend"}
LEAVING_VERBS = {"resign", "quit", "die"}


def _removed_person(clause: Token, index: ActorIndex) -> str | None:
    """Who an 'after' clause removes from office: "after lawmakers impeached President Y", "after
    Y resigned", "after Y's duties were suspended" (the one whose post the main clause's subject
    then took)."""
    if not any(c.dep_ == "mark" and c.lower_ == "after" for c in clause.children):
        return None
    lemma = clause.lemma_.lower()
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in clause.children)
    if lemma in REMOVAL_VERBS and not passive:
        return _object_person(clause, index)
    if lemma in REMOVAL_VERBS | LEAVING_VERBS:
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return None
        if subj.lemma_.lower() in ("duty", "power"):  # "after Y's duties were suspended"
            subj = _possessor(subj)
        return _person_of(subj, index) if subj is not None else None
    return None


OUTGOING_WORDS = {"outgoing", "departing"}
GUESSED_COUNTRY_RULES = {"rule:title-dateline-country", "rule:title-home-country"}


def _outgoing_holders(doc: Doc, index: ActorIndex, role_spans: list[Span]):
    """(person, role, sentence) for "the outgoing Prime Minister Y", "outgoing President Y"."""
    for span in role_spans:
        before = [t for t in doc[max(span.start - 3, span.sent.start):span.start]]
        if not any(t.lower_ in OUTGOING_WORDS for t in before):
            continue
        person = next((index.by_token.get(i) for i in (span.end, span.end + 1)
                       if index.by_token.get(i, "").startswith("person:")), None)
        if person is not None:
            yield person, span.label_[5:], span.sent.text.strip()


def _outgoing_successions(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord]) -> None:
    """ "Newly appointed Prime Minister X and the outgoing Prime Minister Y" (a handover's
    caption): where the article dates the start of exactly one other holder of Y's one-holder
    post, X succeeded Y then, and Y's holding ends when X's began."""
    role_spans = [s for s in doc.spans.get("roles", []) if s.label_.startswith("ROLE:")]
    for person, role, sentence in _outgoing_holders(doc, index, role_spans):
        if role not in ("head_of_state", "head_of_government", "defence_minister", "foreign_minister"):
            continue
        held = [o for o in offices if o.person == person and o.role == role and o.country]
        if len({o.country for o in held}) != 1 or any(o.evidence.derived_by in GUESSED_COUNTRY_RULES for o in held):
            continue
        country = held[0].country
        successors = [o for o in offices if o.person != person and o.role == role and o.country == country
                      and o.attested and o.start is not None]
        if len({o.person for o in successors}) != 1 or any(o.end is not None for o in held):
            continue
        succ = successors[0]
        if succ.start_evidence is not None and succ.start_evidence.derived_by.endswith("date:publication-month"):
            continue  # the month of the news is no day to end a holding on
        offices.append(OfficeRecord(
            person=person, role=role, country=country, organization=held[0].organization, attested=False,
            evidence=Evidence(article.id, SUCCESSION_MARK, sentence=sentence, confidence=0.6),
            end=succ.start, end_evidence=succ.start_evidence))
        for o in held:
            o.end, o.end_evidence = succ.start, succ.start_evidence


def succession_ends(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord]) -> None:
    """The successor holds the predecessor's post from the event, and the predecessor's holding
    ends then: the role named with the event ("as prime minister"), else the one post the
    article gives the predecessor. The predecessor's holding is marked as succeeded
    (`SUCCESSION_MARK`), so that resolution may close it with the successor's start."""
    role_spans = [s for s in doc.spans.get("roles", []) if s.label_.startswith("ROLE:")]
    for verb, succ, pred in _succession_pairs(doc, index):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        in_subject = range(subject.left_edge.i, subject.right_edge.i + 1) if subject is not None else range(0)
        named = {s.label_[5:] for s in role_spans if verb.left_edge.i <= s.start and s.end - 1 <= verb.right_edge.i}
        # the successor's own title ("Prime Minister X stepped into the role of acting president")
        # is not the post succeeded to, where the rest of the clause names one
        named = {s.label_[5:] for s in role_spans if verb.left_edge.i <= s.start and s.end - 1 <= verb.right_edge.i
                 and s.start not in in_subject} or named
        posts = {(o.role, o.country, o.organization) for o in offices if o.person == pred
                 and o.country and (not named or o.role in named)}
        if not posts:
            posts = {(o.role, o.country, o.organization) for o in offices if o.person == succ
                     and o.country and o.role in named}
        if not posts:  # "X replaced Y as Romania's defence minister": the post named with the event
            for sp in role_spans:
                if verb.left_edge.i <= sp.start and sp.end - 1 <= verb.right_edge.i and (ev_ := _event_verb(sp)) is not None and ev_.i == verb.i:
                    country, bloc_org, status = left_context(doc, index, role_spans, sp)
                    if not country:
                        country, bloc_org, _ = of_place(doc, index, sp.end)
                    role_, country, org_, _ = national(sp, sp.label_[5:], country, None, bloc_org, "")
                    if country and status == "current":
                        posts.add((role_, country, org_))
        if len(posts) != 1:
            continue
        role, country, org = posts.pop()
        leaders = {index.by_token.get(sp.end + k) for sp in role_spans for k in (0, 1)
                   if sp.label_[5:] in ("head_of_state", "head_of_government") and sp.sent.start == verb.sent.start}
        if verb.lemma_.lower() == "replace" and role not in ("head_of_state", "head_of_government") and (succ in leaders or any(
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
        stated = next((o for o in offices if (o.person, o.role, o.country) == (pred, role, country)
                       and o.end is not None), None)
        if stated is not None:  # "Y, whom a court dismissed last week": the end the article states
            when, ev = stated.end, stated.end_evidence
        offices.append(OfficeRecord(
            person=pred, role=role, country=country, organization=org, attested=False,
            evidence=Evidence(article.id, SUCCESSION_MARK, sentence=sentence, start=verb.idx,
                              end=verb.idx + len(verb.text), confidence=0.7),
            end=when, end_evidence=ev))
        for o in offices:
            if (o.person, o.role, o.country) == (pred, role, country) and o.end is None and when is not None:
                o.end, o.end_evidence = when, ev
    _outgoing_successions(doc, article, index, offices)
