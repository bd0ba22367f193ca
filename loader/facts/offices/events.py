"""Offices from events and their dates: appointed, elected, sworn in, took office, resigned,
dismissed, nominee and -elect (a planned start, not a holding); each start or end at the text's
precision. Starts told otherwise are in tenures.py, successions (which also end the predecessor's
holding) in successions.py."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..actors.index import ActorIndex
from ...lexicon import lexicon
from .context import APPOINTING_BODIES, left_context, national, of_place, role_of
from ...records import Article, DateValue, Evidence
from .records import OfficeRecord
from .appointments import _after_on_publication_day, _appointment_time
from .event_verbs import (
    END_VERBS,
    PLANNED_VERBS,
    SERVE_VERBS,
    START_VERBS,
    TRANSITIVE,
    _decided,
    _event_verb,
    _object_person,
    _planned,
    _reported_as_news,
    _subject_person,
    _titled_name,
)


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
