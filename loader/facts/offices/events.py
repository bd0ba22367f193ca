"""Offices from events and their dates: appointed, elected, sworn in, took office, resigned,
dismissed, succeeded / replaced (which also ends the predecessor's holding), nominee and
-elect (a planned start, not a holding), held since; each start or end at the text's precision."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...dates import When, resolve_time
from ..actors.index import ActorIndex
from ...lexicon import lexicon
from .context import APPOINTING_BODIES, left_context, national, of_place, protagonist, role_of, subject_walk
from ...records import Article, DateValue, Evidence, OfficeRecord

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
            found = subject_walk(cand, verb, index)
            if found:
                return found
        return None
    subj = subjects[0] if subjects else None
    if verb.pos_ == "NOUN":  # "his appointment", "Li's appointment"
        subj = _possessor(verb)
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
    if subj.lower_ in ("he", "she") and _ambiguous_pronoun(subj, index):
        return None
    if subj.pos_ in ("NOUN", "PROPN") and not index.by_token.get(subj.i, "").startswith("person:"):
        # "the president's nominee, X, won ...", "acting President X will begin ...": the name in apposition
        for a in (a for a in subj.children if a.dep_ == "appos"):
            named = index.by_token.get(a.i, "") or (a.pos_ == "PROPN" and index.person_by_name_part(a.text)) or ""
            if named.startswith("person:"):
                return named
    return subject_walk(subj, verb, index)


def _ambiguous_pronoun(pronoun: Token, index: ActorIndex) -> bool:
    """ "Choi took on the role after Han's duties were suspended, two weeks since he took the
    helm": two people named before "he" in its sentence, the subject and a later one; a date is
    not given to either on a guess."""
    subject = index.last_subject_before(pronoun.i)
    latest = index.last_person_before(pronoun.i)
    named_here = {k for i, k in index.person_mentions if pronoun.sent.start <= i < pronoun.i}
    return subject != latest and len(named_here) >= 2



START_NOUNS = {"appointment", "nomination", "election", "swearing-in", "inauguration"}
TERM_NOUNS = {"stint", "term", "tenure", "mandate"}
LEADER_TERM_NOUNS = {"administration", "presidency", "premiership"}  # a leader's term, by its name


def _term_noun(verb: Token) -> Token | None:
    """The subject of "started" / "began" when it is someone's term in a post ("his stint as X")."""
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in TERM_NOUNS | LEADER_TERM_NOUNS
                 and _possessor(c) is not None), None)


def _possessor(noun: Token) -> Token | None:
    """ "Li's appointment", "his inauguration" (the parser may take "X's" for the noun's subject)."""
    return next((c for c in noun.children if c.dep_ == "poss" or c.dep_ == "nsubj" and any(
        g.dep_ == "case" for g in c.children)), None)


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



def _after_on_publication_day(verb: Token, article: Article) -> tuple[object, object] | None:
    """ "X stepped in after lawmakers impeached Y on Saturday", told on that Saturday: no earlier
    than the day the 'after' clause gives and no later than the story, so that day."""
    for clause in verb.children:
        if clause.dep_ != "advcl" or not any(c.lower_ == "after" and c.dep_ == "mark" for c in clause.children):
            continue
        found = _appointment_time(clause, article)
        if found is not None and found[0].start == article.published and article.published.day is not None:
            return found
    return None


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
        clause = _clause_verb(ent.root, tok) if tok.pos_ in ("VERB", "AUX") else tok
        if clause is not tok and not (clause is not None and clause.dep_ == "advcl" and clause.head.i == tok.i
                                      and any(c.lower_ == "when" for c in clause.children)):
            continue  # "X succeeds Y, whom a court dismissed last week": the other clause's time
        when = _within_one_month(resolve_time(ent.text, article.published))
        if when is not None and not when.is_range:
            return when, ent
    return None


def _within_one_month(when: When | None) -> When | None:
    """ "dismissed last week": a range of days inside one month dates the event to that month."""
    if when is None or not when.is_range or when.start.month is None or when.end.month is None:
        return when
    if (when.start.year, when.start.month) != (when.end.year, when.end.month):
        return when
    return When(DateValue(when.start.year, when.start.month), derived_by=when.derived_by)



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
    "became ROLE", "to the post of ROLE", "appointed X to be its next ROLE", "voted to appoint as
    ROLE X" (the title then parsed as part of the name)."""
    titled = _titled_name(span)
    if titled is not None:
        return titled.head.head if titled.head.lower_ == "as" and titled.head.head.pos_ == "VERB" else None
    h = span.root
    for _ in range(2):
        head = h.head
        if h.dep_ == "pobj" and head.lower_ in ("as", "for", "to", "into") and head.head.pos_ in ("VERB", "AUX"):
            return head.head
        if h.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("PROPN", "NOUN") and head.head.head.pos_ == "VERB":
            return head.head.head  # "appointed Maria Lopez as ...", the "as" attached to the name
        if h.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in POST_NOUNS:
            h = head.head  # "to the post of defence minister"
            continue
        if h.dep_ == "appos" and head.pos_ == "PROPN":
            # "names his ally X the new prime minister": the parser hangs the post on the name
            obj = head.head if head.dep_ == "appos" else head
            if obj.dep_ in ("dobj", "obj") and obj.head.pos_ == "VERB" and obj.head.lemma_.lower() in TRANSITIVE:
                return obj.head
            return None
        if h.dep_ in ("oprd", "attr", "dobj", "xcomp", "ccomp", "npadvmod", "appos") and head.pos_ in ("VERB", "AUX"):
            if head.lemma_ == "be" and head.dep_ in ("xcomp", "ccomp", "advcl") and head.head.pos_ == "VERB":
                return head.head  # "appointed X to be its next secretary general"
            if head.lemma_ == "be":
                return None
            return head
        return None
    return None



def _titled_name(span: Span) -> Token | None:
    """The name after "as" a title is parsed into ("to appoint as prime minister former deputy X":
    the title a compound of X), or None."""
    h = span.root
    while h.dep_ in ("compound", "nmod") and h.head.pos_ in ("PROPN", "NOUN"):
        h = h.head
    if h.i == span.root.i or h.pos_ != "PROPN" or h.dep_ != "pobj" or h.head.lower_ != "as":
        return None
    return h


def _planned(verb: Token) -> bool:
    """ "will become", "is set to take over", "to appoint X" (a headline's plan), "his intention
    to nominate": the event has not happened at the time of the article."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "’ll") for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        if _decided(verb):
            return False  # "MPs voted to appoint X": the vote was the appointment
        if verb.dep_ in ("xcomp", "acl", "ROOT", "relcl", "advcl") and (verb.dep_ == "ROOT" or verb.head.lemma_.lower() in FUTURE_HEADS
                                                                         or verb.head.pos_ == "NOUN"):
            return True
    return False


DECIDING_VERBS = {"vote", "move", "decide", "agree"}


def _decided(verb: Token) -> bool:
    """ "voted to appoint", "moved to appoint": an infinitive on a past act of deciding."""
    return verb.dep_ == "xcomp" and verb.head.tag_ == "VBD" and verb.head.lemma_.lower() in DECIDING_VERBS



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



def office_events(doc: Doc, article: Article, index: ActorIndex, role_spans: list[Span], offices: list[OfficeRecord], add) -> None:
    lex = lexicon()
    for span in role_spans:
        role = role_of(span)
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
        stepped_in = lemma == "step" and any(c.lower_ == "into" for c in verb.children)
        if lemma == "step" and not stepped_in and not any(c.lower_ == "down" for c in verb.children):
            continue
        if lemma in START_VERBS or stepped_in:  # "stepped into the role of acting president"
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
        titled = _titled_name(span)
        if titled is not None and index.by_token.get(titled.i, "").startswith("person:"):
            person = index.by_token[titled.i]  # "to appoint as prime minister X"
        elif lemma in TRANSITIVE and not passive:
            person = _object_person(verb, index, exclude=span.root)
        else:
            person = _subject_person(verb, index)
        if not person or index.actors[person].kind != "person":
            continue
        if kind == "start" and _planned(verb):
            kind = "planned"
        country, bloc_org, status = left_context(doc, index, role_spans, span)
        if status is None:
            continue
        if status == "future" and kind == "start":
            kind = "planned"  # "appointed X to be its next secretary general"
        if not country:
            country, bloc_org, _ = of_place(doc, index, span.end)
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
                    else:
                        # "French President X names Y the new prime minister": the appointing leader's country
                        leader = index.by_token.get(subj.i)
                        theirs = {o.country for o in offices if o.person == leader and o.attested and o.country
                                  and o.role in ("head_of_state", "head_of_government")}
                        if len(theirs) == 1 and role != "other":
                            country = theirs.pop()
        if not country:
            known = [o for o in offices if o.person == person and o.role == role and o.country]
            if len({o.country for o in known}) == 1:
                country, bloc_org = known[0].country, known[0].organization
        role_, country, org, rule = national(span, role, country, None, bloc_org, "rule:event-" + kind)
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
        if found is None and _decided(verb):
            found = _appointment_time(verb.head, article)  # "On 17 July, MPs voted to appoint X"
        if found is None and kind == "start":
            found = _after_on_publication_day(verb, article)
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
