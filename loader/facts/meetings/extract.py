"""Meetings: talks, visits, phone and video calls, with participants, date, place and status.

One sentence gives at most one meeting; its kind comes from the wording (a visit that
includes "meetings with" someone is one visit). Participants are the people the sentence
names, less those who only report it ("..., Tan said"); "the two ministers" and "their
meeting" stand for the article's principal pair, and "his counterparts in China" for the
person holding that post. A visit needs its visitor linked by grammar ("X will visit",
"X's trip", "a visit by X"), so a visit that merely frames another event is not taken.
Mentions of one meeting within an article are merged: same kind, shared participants,
compatible dates. A meeting only wished for, refused, offered, conditional, counted ("has met
him 40 times") or called off is none.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ...dates import When, resolve_time
from ..actors.index import ActorIndex
from ...records import Article, DateValue, Evidence
from .records import MeetingRecord
from ..offices.records import OfficeRecord
from .wording import _framing
from .triggers import _after_two_people, _triggers
from .scope import _in_scope, _scope_root, _separate_clause
from .when import _date_ents, _lede_day, _recent, _told_year, _when, sentence_dates
from .account import ACCOUNT_SENTENCES, _carry
from .where import _gathering_held_at, _place, _sidelines_place, _story_dateline
from .status import DEADLINE, _attending, _past_plan, _speculative_or_negated, _status, _status_checked
from .titles import _bare_surnames, _title_holders
from .participants import (
    PLURAL_CUES,
    _antecedent,
    _caption_pair,
    _counted_group,
    _counterpart_participants,
    _inviter,
    _is_reporter,
    _object_pronouns,
    _outer_person,
    _recent_persons,
    _separate_meetings,
    _visitor,
)
from .merging import _absorb_talks_into_framing_visit, merge_within_article


def extract_meetings(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord]) -> list[MeetingRecord]:
    meetings: list[MeetingRecord] = []
    ctx = {"dates": sentence_dates(doc), "titled": {}, "named_with_title": {},
           "dateline": index.dateline_place or _story_dateline(doc),
           "anchor": _lede_day(doc) if article.published is None else None}
    account = None  # (sentence number, principal, When, place) of the account being told
    for n, sent in enumerate(doc.sents):
        used_roots: list[Token] = []
        found: list[tuple[MeetingRecord, Token]] = []
        ctx["n"] = n
        for kind, trigger in _triggers(sent):
            made = _meeting(doc, sent, kind, trigger, article, index, offices, used_roots, ctx)
            if made:
                found.extend((meeting, trigger) for meeting in made)
                used_roots.append(_scope_root(trigger))
            told = ctx.pop("told", None)
            if told is None:
                continue
            principal, when, place = told
            if account is not None and account[1] == principal and n - account[0] <= ACCOUNT_SENTENCES:
                _, _, day, where = account
                same_day = when is None or day is None or (when.start, when.end) == (day.start, day.end)
                for m in made:
                    _carry(m, day if when is None else None, where if place is None and same_day else None, principal)
                account = (n, principal, when or day, place or (where if same_day else None))
            elif when is not None or place is not None:
                account = (n, principal, when, place)
        meetings.extend(_absorb_talks_into_framing_visit(found))
        meetings.extend(_earlier_meetings(sent, found, article, ctx))
        held_at = _gathering_held_at(sent, index)
        if held_at is not None:
            ctx["gathering"] = (n, held_at)
    return merge_within_article(meetings)


EARLIER_NOUNS = {"call": None, "conversation": None, "meeting": "in_person", "talks": "in_person",
                 "summit": "in_person", "visit": None}


def _earlier_meetings(sent: Span, found: list[tuple[MeetingRecord, Token]], article: Article,
                      ctx: dict) -> list[MeetingRecord]:
    """ "X spoke with Y on Friday, the first time the two have spoken since a call in December
    2022": the meeting the story measures from, of the same people, held at that date."""
    out = []
    for m, trigger in found:
        if m.kind == "visit" or len(m.participants) != 2:
            continue
        for tok in sent:
            if tok.dep_ != "pobj" or tok.head.lower_ != "since" or tok.lower_ not in EARLIER_NOUNS:
                continue
            if tok.head.head.i == trigger.i:
                continue
            dates = [e for e in _date_ents(sent, ctx["dates"]) if tok.i < e.start <= tok.right_edge.i]
            if len(dates) != 1:
                continue
            when = resolve_time(_told_year(dates[0].text, article.published), article.published)
            kind = EARLIER_NOUNS[tok.lower_] or (m.kind if m.kind in ("phone_call", "video_call") else None)
            if when is None or kind is None or (article.published is not None and when.start.iso() >= article.published.iso()):
                continue
            ev = Evidence(article.id, f"rule:meeting-{kind}", sentence=sent.text.strip(), start=sent.start_char,
                          end=sent.end_char, confidence=0.6)
            out.append(MeetingRecord(kind=kind, participants=list(m.participants), status="held", evidence=[ev],
                                     start=when.start, end=when.end if when.is_range else None))
    return out


def _meeting(doc, sent, kind, trigger, article, index, offices, used_roots, ctx=None) -> list[MeetingRecord]:
    """The meetings a trigger describes (several for "separate talks with A, B and C"), or none
    when the sentence does not support one."""
    persons = []
    reporters = set()
    root = _scope_root(trigger)
    if _speculative_or_negated(root, trigger) or _attending(trigger):
        return []
    for used in used_roots:
        if used.left_edge.i <= root.i <= used.right_edge.i and not _separate_clause(root, used):
            return []  # part of a meeting this sentence already gave ("talks ..., the first meeting")
    if ctx is None:
        ctx = {"dates": None, "titled": {}, "named_with_title": {}}
    titled = ctx["titled"].get(sent.start)
    if titled is None:
        titled = ctx["titled"][sent.start] = {**_bare_surnames(sent, index),
                                              **_title_holders(doc, sent, index, offices, ctx["named_with_title"])}
    for i in range(sent.start, sent.end):
        key = index.by_token.get(i) or titled.get(i)
        if not key or index.actors[key].kind != "person":
            continue
        if _is_reporter(doc[i], trigger):
            reporters.add(i)
            continue
        if not _in_scope(doc[i], root, trigger, kind):
            continue
        if key not in persons:
            persons.append(key)
    pair = _after_two_people(trigger) if trigger.pos_ == "NOUN" and trigger.lower_ in ("talk", "chat") else None
    if pair is not None:
        # the caption's two people, whatever the parser made of it
        persons = [k for k in dict.fromkeys(index.by_token.get(i) for i in pair)
                   if k and index.actors[k].kind == "person"]
    if len(persons) < 2:
        pair = _caption_pair(trigger, index, titled)
        if pair:
            persons = pair + [p for p in persons if p not in pair]
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    principal = None
    if subject is not None and subject.lower_ in ("he", "she"):
        # "On Sunday he held talks with X": he is the person last named as a subject
        prev = index.last_subject_before(subject.i) or index.last_person_before(subject.i)
        if prev and prev not in persons:
            persons.insert(0, prev)
        principal = prev
    elif subject is not None:
        principal = next((index.by_token.get(t.i) or titled.get(t.i) for t in subject.subtree
                          if (index.by_token.get(t.i) or titled.get(t.i)) in persons), None)
    if trigger.pos_ == "NOUN" and kind != "visit":
        for c in trigger.children:
            if c.dep_ == "poss":  # "his meetings with A and B", "X's talks with Y"
                owner = index.by_token.get(c.i) or titled.get(c.i)
                if owner is None and c.lower_ in ("his", "her"):
                    # "during his meeting with Y, X said": his is the clause's subject if it names one
                    owner = principal or _antecedent(index, c.i, set(persons))
                if owner and index.actors[owner].kind == "person":
                    if owner not in persons:
                        persons.insert(0, owner)
                    principal = principal or owner
    for c in _object_pronouns(root, trigger):
        # "Akufo-Addo said Mahama had called him": him is the one whose words report it
        referent = next((a_subj for a in root.ancestors
                         for a_subj in [index.by_token.get(x.i) for x in a.children if x.dep_ == "nsubj"]
                         if a_subj and index.actors[a_subj].kind == "person"), None)
        referent = referent or index.last_person_before(c.i, exclude=set(persons))
        if referent and referent not in persons:
            persons.append(referent)
    if len(persons) == 1 and kind != "visit":
        outer = _outer_person(root, index, titled)
        if outer and outer not in persons:
            persons.insert(0, outer)
            principal = principal or outer
    visitor = host = None
    if kind == "visit":
        visitor = _visitor(trigger, index)
        if visitor is None:
            return []
        if visitor not in persons:
            persons.insert(0, visitor)
        others = [p for p in persons if p != visitor]
        host = others[0] if len(others) == 1 else None
        invited_by = _inviter(root, index, titled)
        if invited_by and invited_by != visitor:
            host = invited_by  # "at the invitation of X, Y will visit": X receives the visitor
    first = persons[0] if persons else None
    for p in _counterpart_participants(sent, index, offices, first):
        if p not in persons:
            persons.append(p)
    # the cue must speak of this meeting: inside its phrase, or in a sentence whose event it is
    # (not "the two leaders would endorse the progress achieved in the ministerial meetings")
    cue_match = PLURAL_CUES.search(doc[root.left_edge.i:root.right_edge.i + 1].text)
    if cue_match is None and trigger.dep_ == "pobj" and trigger.head.lower_ in ("during", "in", "at", "over", "via", "by") \
            and not any(t.dep_ in ("acl", "relcl") for t in (trigger, *trigger.ancestors)):
        # "During a video call on Wednesday, the two ministers stressed ..."
        cue_match = PLURAL_CUES.search(sent.text)
    if len(persons) < 2 and kind != "visit" and cue_match:
        # "the two ministers", "their meeting", "when they met": the two people named last
        cue = cue_match.group(0).lower()
        wanted = ({"defence_minister", "foreign_minister"} if re.search(r"minister|chief", cue) else
                  {"head_of_state", "head_of_government"} if re.search(r"president|leader", cue) else None)
        holders = {o.person for o in offices if wanted and o.role in wanted}
        recent = _recent_persons(index, doc, trigger.i + 1, among=holders or None)
        if len(recent) < 2 and holders and "leaders" in cue:
            recent = _recent_persons(index, doc, trigger.i + 1)  # a leader titled otherwise ("crown prince")
        if len(recent) == 2 and set(persons) <= set(recent):
            persons = recent[::-1]
    group = _counted_group(sent, index, titled)
    if group and kind != "visit" and set(persons) <= set(group):
        persons = group  # "all four ministers agreed": the four the sentence names
    if kind != "visit" and len(persons) < 2:
        _tell(ctx, doc, sent, kind, trigger, article, index, root, principal, persons)
        return []
    planned_hint = _status(trigger, None, article.published) == "planned"
    when = _when(sent, trigger, article, planned_hint, root, ctx["dates"], ctx.get("anchor"), kind)
    status = _status_checked(trigger, when, article.published)
    deadline = DEADLINE.search(doc[root.left_edge.i:root.right_edge.i + 1].text)
    if deadline and when is None and status == "held":
        # "a second meeting before this month is out", "another meeting at month's end": still to come
        status = "planned"
        unit = (deadline.group("unit") or deadline.group("unit2") or deadline.group("unit3")).lower()
        pub = article.published
        if pub is not None and pub.month is not None and unit == "month":
            when = When(DateValue(pub.year, pub.month), derived_by="date:deadline")
        elif pub is not None and unit == "year":
            when = When(DateValue(pub.year), derived_by="date:deadline")
    place = _place(sent, trigger, index, kind, root)
    if place is None and kind == "in_person" and ctx["dateline"] and when is not None \
            and article.published is not None and _recent(when, article.published):
        place = ctx["dateline"]  # "BEIJING — X received Y on Monday": talks where the story was filed
    if place is None and kind in ("in_person", "visit") and ctx["dateline"] \
            and any(t.lower_ == "here" and t.dep_ == "advmod" for t in root.subtree):
        place = ctx["dateline"]  # "the summit taking place here": where the story was filed
    if place is None and kind == "in_person":
        place = _sidelines_place(root, ctx, when is None or (
            article.published is not None and _recent(when, article.published)))
    lead = principal if principal in persons else persons[0] if persons else None
    call = ctx.get("call")
    if kind == "in_person" and place is None and trigger.lemma_.lower() in ("speak", "talk") and call is not None \
            and ctx.get("n", 0) - call[0] <= ACCOUNT_SENTENCES and call[1] == lead and status == "held":
        # "X spoke by phone with Y on Tuesday. X also spoke with Z": the same day's calls
        kind, when = call[2], when or call[3]
    if kind in ("phone_call", "video_call") and status == "held" and lead is not None:
        ctx["call"] = (ctx.get("n", 0), lead, kind, when)
    if kind == "in_person" and status == "held":
        if lead is not None:
            ctx["told"] = (lead, when, place)
    if kind == "visit" and place is None and len(persons) < 2 and not _framing(trigger):
        return []
    groups = [persons]
    if kind != "visit" and len(persons) >= 3 and _separate_meetings(trigger, root):
        # "held separate talks with A, B and C": one meeting of the principal with each
        principal = principal if principal in persons else persons[0]
        groups = [[principal, p] for p in persons if p != principal]
    out = []
    for group in groups:
        ev = Evidence(article.id, f"rule:meeting-{kind}", sentence=sent.text.strip(), start=sent.start_char,
                      end=sent.end_char, confidence=0.75)
        out.append(MeetingRecord(
            kind=kind, participants=list(group), status=status, evidence=[ev],
            start=when.start if when else None, end=when.end if when and when.is_range else None,
            place=place, host=host, visitor=visitor,
            status_from="past-plan" if status == "planned" and _past_plan(trigger) else None,
        ))
    return out


def _tell(ctx, doc, sent, kind, trigger, article, index, root, principal, persons) -> None:
    """A meeting sentence naming only its subject ("X on Friday held talks with his
    counterparts") still dates the account the next sentences continue."""
    if kind != "in_person" or not persons or _status(trigger, None, article.published) != "held":
        return
    lead = principal if principal in persons else persons[0]
    when = _when(sent, trigger, article, False, root, ctx["dates"], ctx.get("anchor"))
    place = _place(sent, trigger, index, kind, root)
    if place is None and when is not None and ctx["dateline"] and article.published is not None \
            and _recent(when, article.published):
        place = ctx["dateline"]
    ctx["told"] = (lead, when, place)


def extract(doc: Doc, article: Article, found: dict, settings) -> list[MeetingRecord]:
    """The registry's entry (loader/facts/__init__.py)."""
    return extract_meetings(doc, article, found["actors"], found["offices"])
