"""When a holding began: appointments, terms and "in office since", each start at the text's precision."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...dates import resolve_time
from ..actors.index import ActorIndex
from ...lexicon import lexicon
from .holders import protagonist
from ...records import Article, DateValue, Evidence
from .records import OfficeRecord
from .appointments import APPOINT_VERBS, TAKE_OBJECTS, _appointment_subject, _appointment_time, _possessor
from .event_verbs import POST_NOUNS, _planned


START_NOUNS = {"appointment", "nomination", "election", "swearing-in", "inauguration"}
TERM_NOUNS = {"stint", "term", "tenure", "mandate"}
LEADER_TERM_NOUNS = {"administration", "presidency", "premiership"}  # a leader's term, by its name


def _term_noun(verb: Token) -> Token | None:
    """The subject of "started" / "began" when it is someone's term in a post ("his stint as X")."""
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in TERM_NOUNS | LEADER_TERM_NOUNS
                 and _possessor(c) is not None), None)


APPROVAL_NOUNS = {"approval", "confirmation", "endorsement"}


def _duties(verb: Token) -> Token | None:
    """ "begin his duties", "begin carrying out his duties of acting president": the duties taken up."""
    for c in verb.children:
        if c.dep_ == "xcomp":
            c = next((d for d in c.children if d.dep_ in ("dobj", "obj")), c)
        if c.dep_ in ("dobj", "obj") and c.lemma_.lower() == "duty":
            return c
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
        elif tok.pos_ == "VERB" and lemma in ("start", "begin") and _term_noun(tok) is not None:
            yield tok, "term"  # "his present stint as prime minister started in 2022"
        elif tok.pos_ == "VERB" and lemma == "win" and any(
                c.dep_ in ("dobj", "obj") and c.lemma_.lower() in APPROVAL_NOUNS for c in tok.children):
            yield tok, "start"  # "the nominee won parliament's approval on Wednesday"
        elif tok.pos_ == "VERB" and lemma in ("begin", "start", "assume") and _duties(tok) is not None:
            yield tok, "start"  # "X will begin carrying out his duties of acting president on Friday"
        elif tok.pos_ == "VERB" and lemma == "replace" and any(c.dep_ in ("dobj", "obj") for c in tok.children):
            yield tok, "replaced"
        elif tok.pos_ == "NOUN" and (lemma in START_NOUNS or lemma == "swearing" and any(
                c.lower_ == "in" for c in tok.children)) and _possessor(tok) is not None:
            yield tok, "start"


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


def tenure_starts(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord]) -> None:
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
        elif kind == "term":
            person = _appointment_subject(_term_noun(tok), index)
        else:
            person = _appointment_subject(tok, index) or _described_subject(tok, index, role_spans)
        mine = [o for o in offices if o.person == person and (o.attested or kind == "replaced")]
        if not person or not mine:
            continue
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        in_subject = range(subject.left_edge.i, subject.right_edge.i + 1) if subject is not None else range(0)
        named_roles = [s.label_[5:] for s in role_spans if tok.left_edge.i <= s.start and s.end - 1 <= tok.right_edge.i
                       and s.start not in in_subject]
        if kind == "term":  # "his stint as prime minister started": the post between the term and its verb
            named_roles = [s.label_[5:] for s in role_spans if _term_noun(tok).i < s.start and s.end <= tok.i]
            if _term_noun(tok).lemma_.lower() in LEADER_TERM_NOUNS:  # "Y's administration began in 2022"
                named_roles = named_roles or ["head_of_state", "head_of_government"]
                if not any(o.role in named_roles for o in mine):
                    continue
        if kind == "replaced":
            named_roles = [s.label_[5:] for s in role_spans if s.end <= obj.i + 1 and s.start >= obj.left_edge.i]
        targets = [o for o in mine if o.role in named_roles] or mine
        owner = _post_owner(tok)
        if owner is not None:
            targets = [o for o in targets if owner in (o.organization, o.country)]
            if not targets:
                continue
        target = min(targets, key=lambda o: lex.role_rank.get(o.role, 99))
        ev = Evidence(article.id, f"rule:{'replaced' if kind == 'replaced' else 'appointed'}+{when.derived_by}",
                      sentence=tok.sent.text.strip(), start=ent.start_char, end=ent.end_char, confidence=0.7)
        if kind == "replaced":
            if target.end is None:
                target.end, target.end_evidence = when.start, ev
        elif _planned(tok) and (article.published is None or when.start.iso() != article.published.iso()):
            continue  # "will begin his duties on Thursday": begun only if that is the story's own day
        elif target.start is None or _refines_publication_month(target, when.start):
            target.start, target.start_evidence = when.start, ev
    _held_since(doc, article, index, offices, role_spans)


def _refines_publication_month(office: OfficeRecord, day: DateValue) -> bool:
    """A start known only as the month of the news ("parliament has confirmed X") gives way to
    the day in that month the article names for the event."""
    ev = office.start_evidence
    return (ev is not None and ev.derived_by.endswith("date:publication-month") and day.day is not None
            and (day.year, day.month) == (office.start.year, office.start.month))


def _described_subject(verb: Token, index: ActorIndex, role_spans: list[Span]) -> str | None:
    """ "The former Norwegian prime minister had been named to ...": a sentence opening with a
    description by a post, and no name, speaks of the story's protagonist."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.left_edge.i != verb.sent.start or subj.left_edge.lower_ != "the":
        return None
    inside = range(subj.left_edge.i, subj.right_edge.i + 1)
    if any(index.by_token.get(i, "").startswith("person:") for i in inside):
        return None
    if not any(s.start in inside and s.end - 1 <= subj.i for s in role_spans):
        return None
    found = protagonist(verb.doc, index, verb.sent)
    return index.by_token.get(found) if found is not None else None


def _post_owner(verb: Token) -> str | None:
    """ "named to NATO's most senior civilian post": the organisation or country whose post it is
    (as written, when it is neither)."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("to", "as"):
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj" or pobj.lemma_.lower() not in POST_NOUNS:
                continue
            owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
            if owner is None:
                return None
            text = verb.doc[owner.left_edge.i:owner.i + 1].text
            found = lexicon().organization_of(text)
            return found[1] if found else lexicon().country_of(text) or text  # an unknown owner matches no post
    return None


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
