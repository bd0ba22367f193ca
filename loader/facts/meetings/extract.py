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

import calendar
import re

from spacy.tokens import Doc, Span, Token

from ...dates import MONTHS, WEEKDAYS, When, find_absolute_dates, resolve_time, weekday_matches
from ..actors.extract import ActorIndex
from ...lexicon import lexicon
from ...records import Article, DateValue, Evidence, MeetingRecord, OfficeRecord

SPEECH_VERBS = {"say", "tell", "announce", "add", "state", "declare", "note", "report", "quote", "confirm",
                "stress", "claim", "write", "insist", "explain", "reiterate", "emphasize", "emphasise"}
PHONE = re.compile(r"(?i)\b(?:(?:tele)?phone(?:d)?\s+(?:call|conversation|talks?)|spoke\s+(?:by|on\s+the|over\s+the)\s+(?:tele)?phone|"
                   r"(?:by|over\s+the|on\s+the)\s+(?:tele)?phone|conference\s+call|telephone)\b")
VIDEO = re.compile(r"(?i)\b(?:video[\s-]?(?:call|conference|link|talks?|meeting|summit|chat)|videoconference|"
                   r"virtual(?:ly)?\s+(?:meeting|talks?|summit|call|conference|met)|met\s+virtually|(?:via|by|over)\s+video|"
                   r"online\s+(?:meeting|talks))\b")
VISIT_NOUNS = {"visit", "trip", "tour", "voyage"}
MEET_NOUNS = {"meeting", "talks", "meetings", "summit"}
MEET_VERBS = {"meet", "receive", "host", "hold"}
PLANNED_AUX = {"will", "shall", "'ll"}
PLANNED_HEADS = {"plan", "schedule", "expect", "set", "due", "go", "intend", "prepare", "aim", "hope"}
# "the two ministers", "both sides", "their meeting": the article's two principal people
PLURAL_CUES = re.compile(
    r"(?i)\b(?:the\s+two|both)\s+(?:[\w“”\"-]+\s+){0,2}(?:ministers|leaders|sides|chiefs|counterparts|officials|"
    r"presidents|heads|men|women|generals|diplomats|envoys|negotiators)\b|"
    r"\b(?:rulers|ministers|leaders|chiefs|officials)\s+(?:from|of)\s+both\b|"
    r"\btheir\s+(?:meeting|talks|call|conversation|discussion|video|phone|virtual)|\bthey\s+(?:met|spoke|talked|held)\b"
)

# "all four ministers", "the three leaders": a group counted by the story
COUNTED_CUE = re.compile(
    r"(?i)\b(?:the|all|all\s+the)\s+(?P<n>three|four|five|six)\s+(?:[\w-]+\s+){0,2}"
    r"(?:ministers|leaders|chiefs|counterparts|officials|presidents|heads|envoys|negotiators)\b")
NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6}


def _counted_group(sent: Span, index: ActorIndex, titled: dict[int, str]) -> list[str] | None:
    """The people a sentence names when it counts them itself ("X, who sat beside Y, A and B,
    said all four ministers agreed"): exactly that many, else None."""
    m = COUNTED_CUE.search(sent.text)
    if m is None:
        return None
    named = []
    for t in sent:
        key = index.by_token.get(t.i) or titled.get(t.i)
        if key and index.actors[key].kind == "person" and key not in named:
            named.append(key)
    return named if len(named) == NUMBERS[m.group("n").lower()] else None


def _triggers(sent: Span):
    """Candidate (kind, trigger token) pairs for the sentence, by priority: visit, call, meeting."""
    text, offset = sent.text, sent.start_char
    for tok in sent:
        if tok.lemma_.lower() in ("visit", "travel", "trip", "tour") and tok.pos_ in ("VERB", "NOUN") and tok.lower_ != "visitor":
            yield "visit", tok
    for pattern, kind in ((VIDEO, "video_call"), (PHONE, "phone_call")):
        m = pattern.search(text)
        if m:
            span = sent.doc.char_span(offset + m.start(), offset + m.end(), alignment_mode="expand")
            if span is None:
                continue
            nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN")]
            verbs = [t for t in span if t.pos_ == "VERB"]
            tok = (verbs or nouns or [span.root])[-1]
            while tok.dep_ in ("compound", "amod") and tok.head.i != tok.i:
                tok = tok.head  # "video" in "via video link": the link is the meeting's word
            yield kind, tok
    for tok in sent:
        if tok.lower_ == "call" and tok.pos_ == "NOUN" and not _courtesy(tok) and any(
                c.dep_ == "prep" and c.lower_ == "with" and any(g.ent_type_ == "PERSON" for g in c.subtree)
                for c in tok.children) and not PHONE.search(text) and not VIDEO.search(text):
            yield "phone_call", tok  # "in a call with X on Monday"
        if tok.lemma_.lower() == "call" and tok.pos_ == "VERB" and any(
                c.dep_ == "prep" and c.lower_ == "on" and any(g.dep_ == "pobj" and g.ent_type_ == "PERSON" for g in c.children)
                for c in tok.children) and not any(
                c.dep_ in ("xcomp", "advcl", "ccomp") or c.lower_ in ("for", "to") for c in tok.subtree if c.i > tok.i):
            yield "in_person", tok  # "X called on President Y at the Kremlin": a courtesy visit, not "called on Y to act"
            continue
        if tok.lemma_.lower() == "call" and tok.pos_ == "VERB" and any(
                c.dep_ in ("dobj", "obj") and (c.ent_type_ == "PERSON" or c.lower_ in ("counterpart", "counterparts", "him", "her"))
                for c in tok.children) and not any(c.dep_ in ("oprd", "attr") or c.lower_ == "for" for c in tok.children):
            yield "phone_call", tok  # "Y called him to congratulate", not "called him a liar"
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in ("meet",):
            yield "in_person", tok
        elif tok.pos_ == "NOUN" and tok.lower_ in MEET_NOUNS:
            yield "in_person", tok
        elif tok.pos_ == "VERB" and lemma in ("receive", "host") and any(
                c.dep_ in ("dobj", "obj") and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN"
                                               or c.lower_ in ("counterpart", "counterparts")
                                               or any(g.ent_type_ == "PERSON" for g in c.subtree))
                for c in tok.children):
            yield "in_person", tok  # "received his counterpart from X, Y"
        elif tok.pos_ == "VERB" and lemma in ("receive", "host", "welcome", "greet") and any(
                c.dep_ == "agent" for c in tok.children):
            yield "in_person", tok  # "X was received by Y", "was greeted by Y on arrival"
        elif tok.pos_ == "VERB" and lemma in ("welcome", "greet") and any(
                c.dep_ in ("dobj", "obj") and c.ent_type_ == "PERSON" for c in tok.children):
            yield "in_person", tok  # "X welcomed Y to Beijing", "X greeted Y at the palace"
        elif tok.pos_ == "NOUN" and _courtesy(tok):
            yield "in_person", tok  # "paid a courtesy call on X": a visit in person, not a phone call
        elif tok.pos_ == "VERB" and _with_person(tok) and (
                lemma in ("confer", "speak", "talk", "dine", "lunch")
                or (lemma == "sit" and any(c.lower_ == "down" for c in tok.children))):
            yield "in_person", tok  # "conferred with", "spoke with", "sat down with"
        elif tok.pos_ == "VERB" and lemma == "sit" and any(
                c.dep_ == "prep" and c.lower_ in ("alongside", "beside", "opposite", "across")
                and any(g.ent_type_ == "PERSON" for g in c.subtree) for c in tok.children):
            yield "in_person", tok  # "sat alongside X", "sat across from X": at one table
        elif tok.pos_ == "NOUN" and lemma in ("audience", "lunch", "dinner", "breakfast", "banquet", "trilateral") \
                and (_with_person(tok) or tok.head.lemma_.lower() in ("host", "hold", "give", "grant", "attend")):
            yield "in_person", tok
        elif lemma == "hold" and any(c.lower_ == "talks" for c in tok.children):
            yield "in_person", tok
        elif tok.pos_ == "NOUN" and lemma in JOINT_APPEARANCES and _joint_appearance(tok):
            yield "in_person", tok  # "at a joint news conference with X": the two stood together
        elif tok.pos_ == "NOUN" and lemma == "discussion" and (
                tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() == "hold"
                or any(c.dep_ == "acl" and c.lemma_.lower() == "hold" for c in tok.children)):
            yield "in_person", tok  # "held discussions with X", "the discussions held by X and Y"
        elif tok.pos_ == "VERB" and (lemma in ("talk", "chat") or lemma == "shake" and any(
                c.lower_ == "hands" for c in tok.children)) and _two_people_as_subject(tok):
            yield "in_person", tok  # a caption's "X, left, and Y talk after the ceremony", "X and Y shake hands"
        elif tok.lower_ in ("talk", "chat") and tok.pos_ == "NOUN" and _after_two_people(tok):
            yield "in_person", tok  # the same caption parsed as a noun phrase


JOINT_APPEARANCES = {"conference", "appearance", "briefing", "availability"}


def _joint_appearance(tok: Token) -> bool:
    """A press appearance two people gave together: "a joint news conference", "a press
    conference with X", "a news appearance alongside X"."""
    press = any(c.dep_ == "compound" and c.lower_ in ("news", "press", "media") for c in tok.children)
    joint = any(c.dep_ == "amod" and c.lower_ == "joint" for c in tok.children)
    beside = any(c.dep_ == "prep" and c.lower_ in ("with", "alongside") and any(g.ent_type_ == "PERSON" for g in c.subtree)
                 for c in tok.children)
    return (press or tok.lower_ == "appearance") and (joint or beside)


def _courtesy(tok: Token) -> bool:
    return tok.lower_ == "call" and any(c.lower_ == "courtesy" for c in tok.children)


def _two_people_as_subject(verb: Token) -> bool:
    """Whether a verb's subject is two people joined by "and" ("X, at right, and Y talk"), which
    the parser may also give as two subjects of the verb."""
    people = []
    stack = [c for c in verb.children if c.dep_ == "nsubj"]
    while stack:
        t = stack.pop()
        people.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return len(people) == 2 and all(p.ent_type_ == "PERSON" for p in people)


def _after_two_people(tok: Token) -> tuple[int, int] | None:
    """The last tokens of two people joined by "and" right before a word with no determiner ("X, at
    right, and Y talk following the ceremony", which the parser may read as a noun phrase)."""
    doc = tok.doc
    if tok.i == 0 or doc[tok.i - 1].ent_type_ != "PERSON" or (tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON"):
        return None
    if any(c.dep_ in ("det", "poss") for c in tok.children):
        return None
    start = tok.i - 1
    while start > tok.sent.start and doc[start - 1].ent_type_ == "PERSON":
        start -= 1
    before = doc[tok.sent.start:start]
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= start and e.start >= tok.sent.start]
    if len(people) != 1 or not any(t.lower_ == "and" for t in before if t.i >= people[0].end):
        return None
    return people[0].end - 1, tok.i - 1


def _with_person(tok: Token) -> bool:
    """Whether a word has "with/for/to PERSON" ("spoke with X", "a lunch for X", "an audience to X")."""
    return any(c.dep_ == "prep" and c.lower_ in ("with", "for", "to") and any(g.ent_type_ == "PERSON" for g in c.subtree)
               for c in tok.children)


def _clause_verb(tok: Token) -> Token:
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _is_reporter(person_tok: Token, trigger: Token) -> bool:
    """A person who only reports the meeting: the subject of a speech verb whose clause holds the
    trigger only through another verb ("Li will visit ..., Tan said"), whereas "Wei said ... at a
    meeting with Shoigu" ties the meeting to the speaker's own clause."""
    head = person_tok
    while head.dep_ in ("compound", "flat", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = head.head
    if verb.lemma_.lower() not in SPEECH_VERBS or verb.i == trigger.i:
        return False
    t = trigger
    while t.i != verb.i:
        if t.pos_ in ("VERB", "AUX") and t.i != verb.i:
            return True
        if t.head.i == t.i:
            return False  # the trigger is not under the speech verb at all
        t = t.head
    return False


def _status(trigger: Token, when: When | None, published: DateValue | None) -> str:
    verb = _clause_verb(trigger)
    for tok in (verb, *verb.children):
        if tok.lower_ in PLANNED_AUX or (tok.dep_ == "aux" and tok.lower_ in PLANNED_AUX):
            return "planned"
        if tok.dep_ in ("acomp", "xcomp") and tok.lemma_.lower() in PLANNED_HEADS and verb.lemma_ == "be" \
                and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.i == verb.i:
            return "planned"  # "his trip is due later this month", "the talks are not due until May"
    if verb.lemma_.lower() in PLANNED_HEADS and verb.pos_ in ("VERB", "ADJ", "AUX"):
        return "planned"
    head = verb.head
    if head.i != verb.i and head.lemma_.lower() in PLANNED_HEADS and verb.dep_ in ("xcomp", "ccomp"):
        return "planned"
    if when is not None and published is not None and published.day is not None:
        if when.start.iso() > published.iso():
            return "planned"
    return "held"


def _past_plan(trigger: Token) -> bool:
    """Whether the plan a status comes from is told in the past tense ("X was set to sit down
    with Y", "they were due to hold talks", "had planned to meet"): as of a time before the
    story, so that its report of the meeting held tells what came of it."""
    verb = _clause_verb(trigger)
    for tok in (verb, *verb.children):
        if tok.lower_ in PLANNED_AUX:
            return False
    for planner in (verb, verb.head):
        if planner.lemma_.lower() in PLANNED_HEADS and planner.lemma_.lower() != "go":
            # "was due to": the copula carries the tense
            told = planner.head if planner.dep_ in ("acomp", "attr") and planner.head.lemma_ == "be" else planner
            if told.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "were", "had")
                                         for c in told.children):
                return True
        if planner.head.i == planner.i or verb.dep_ not in ("xcomp", "ccomp"):
            break
    return False


def _status_checked(trigger: Token, when: When | None, published: DateValue | None) -> str:
    """The status, except that an event dated wholly before the article was not announced in it."""
    status = _status(trigger, when, published)
    if status == "planned" and when is not None and published is not None:
        last = (when.end or when.start).iso() + "\uffff"
        if last < published.iso():
            return "held"
    return status


def sentence_dates(doc: Doc) -> dict[int, list[Span]]:
    """The DATE entities of each sentence (by its first token), read once per document: a
    sentence's `ents` walks every entity of the document, so asking it per meeting made a long
    story quadratic."""
    out: dict[int, list[Span]] = {}
    starts = sorted(s.start for s in doc.sents)
    import bisect
    for ent in doc.ents:
        if _day_time(ent):
            out.setdefault(starts[bisect.bisect_right(starts, ent.start) - 1], []).append(ent)
    return out


# "this morning", "tonight": the tagger calls them times, but they name the story's own day
DAY_PARTS = {"this morning", "this afternoon", "this evening", "tonight"}


def _day_time(ent: Span) -> bool:
    return ent.label_ == "DATE" or ent.label_ == "TIME" and (
        ent.text.lower() in DAY_PARTS or bool(LATER_TODAY.match(ent.text)) or _hours_off(ent))


HOURS = re.compile(r"(?i)^(?:only\s+|just\s+|a\s+few\s+|several\s+|some\s+)?hours(?:\s+(?:earlier|later|before|ago))?$")


def _hours_off(ent: Span) -> bool:
    """ "only hours earlier", "hours later", "earlier in the day": the story's own day."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return bool(HOURS.match(ent.text)) and (ent[-1].lower_ in ("earlier", "later", "before", "ago") or (
        after is not None and after.lower_ in ("earlier", "later", "before", "ago"))) \
        or bool(re.match(r"(?i)^(?:earlier|later)\s+in\s+the\s+day$", ent.text))


def _date_ents(sent: Span, dates: dict[int, list[Span]] | None) -> list[Span]:
    if dates is None:
        return [e for e in sent.ents if _day_time(e)]
    return [e for e in dates.get(sent.start, ()) if e.end <= sent.end]


def _when(sent: Span, trigger: Token, article: Article, planned_hint: bool,
          root: Token | None = None, dates: dict[int, list[Span]] | None = None,
          anchor: DateValue | None = None, kind: str = "") -> When | None:
    """The time expression of the meeting: the DATE entity nearest the trigger, in the meeting's
    own clause, not tied to reporting."""
    best = None
    for ent in _date_ents(sent, dates):
        if ent.start > 0 and sent.doc[ent.start - 1].lower_ in NOT_EVENT_TIME:
            continue  # "the first talks since November 2022": a reference point, not the date
        # dates in the meeting's own clause come first; a date elsewhere in the sentence counts
        # only when it does not sit in a clause about something else ("who took office in May")
        point = _under_reference_point(ent.root, root if root is not None else sent.root, trigger)
        if point and not (point in ("after", "following") and _names_a_day(ent)):
            # "after his trip in June 2023", "following a September call": the date of another,
            # earlier event; but "talk following the ceremony on Friday, Dec. 13" is that day
            continue
        in_scope = root is None or _in_scope(ent.root, root, trigger, kind)  # a visit's programme is its own
        if not in_scope and (_in_describing_clause(ent.root, trigger) or root is not None and _offset_clause(root)):
            continue  # "On Sunday X met Y, a day before Y and Z met": Sunday is not the second meeting's
        head = ent.root.head
        if head.dep_ == "prep":
            head = head.head
        if head.lemma_.lower() in SPEECH_VERBS and head.i != _clause_verb(trigger).i:
            continue
        text = ent.text
        doc = sent.doc
        if ent.end + 1 < sent.end and doc[ent.end].lower_ == "and" and doc[ent.end + 1].like_num \
                and re.fullmatch(r"\d{1,2}", doc[ent.end + 1].text):
            text = f"{text} and {doc[ent.end + 1].text}"  # "on May 1 and 2": the two days
        when = resolve_time(_told_year(text, article.published or anchor), article.published or anchor,
                            future=planned_hint)
        when = _rest_of_month(text, when, article.published)
        if when is None:
            continue
        distance = (0 if in_scope else 1, min(abs(ent.start - trigger.i), abs(ent.end - trigger.i)))
        if best is None or distance < best[0]:
            best = (distance, when)
    return best[1] if best else None


MONTH_OF_TOLD_YEAR = re.compile(rf"(?i)^(?:in\s+)?(?P<month>{MONTHS})\.?\s+(?P<which>this|last|next)\s+year$")
LATER_TODAY = re.compile(r"(?i)^(?:earlier|later)\s+(?:today|this\s+(?:morning|afternoon|evening))$")


def _rest_of_month(text: str, when: When | None, published: DateValue | None) -> When | None:
    """ "later this month": from the story's day to the month's end, not the whole month."""
    if when is None or published is None or published.day is None or not REST_OF_MONTH.search(text):
        return when
    last = calendar.monthrange(published.year, published.month)[1]
    if published.day >= last:
        return when
    return When(published, DateValue(published.year, published.month, last), derived_by="date:rest-of-month")


REST_OF_MONTH = re.compile(r"(?i)\blater\s+(?:this|in\s+the)\s+month\b")


def _told_year(text: str, published: DateValue | None) -> str:
    """ "February this year", "March last year": the month in the year the story names by its
    own; "earlier today" is today; "last month's" is last month."""
    text = re.sub(r"\s*['’]s$", "", text)  # "last month's video call", "Friday's talks"
    text = re.sub(rf"(?i)^(?:early|late)\s+(?:on\s+)?(?=(?:{WEEKDAYS})$)", "", text)  # "early Wednesday"
    if LATER_TODAY.match(text) or HOURS.match(text) or re.match(r"(?i)^(?:earlier|later)\s+in\s+the\s+day$", text):
        return "today"  # only reached for a time that `_day_time` let through
    m = MONTH_OF_TOLD_YEAR.match(text.strip())
    if m is None or published is None:
        return text
    year = published.year + {"this": 0, "last": -1, "next": 1}[m.group("which").lower()]
    return f"{m.group('month')} {year}"


def _under_reference_point(tok: Token, root: Token, trigger: Token | None = None) -> str | None:
    """The word ("since", "after", "following" ...) under which a date sits, a phrase or a
    clause: the time of another event that this one is placed relative to. Where the meeting
    itself is what the phrase names ("speaking after talks with X on Tuesday"), the date is the
    meeting's (None)."""
    t = tok
    while t.i != root.i and t.head.i != t.i:
        t = t.head
        if t.i == root.i:
            break
        if t.dep_ == "prep" and t.lower_ in NOT_EVENT_TIME:
            inside = trigger is not None and t.left_edge.i <= trigger.i <= t.right_edge.i
            return None if inside else t.lower_
        mark = next((c for c in t.children if c.dep_ == "mark" and c.lower_ in NOT_EVENT_TIME), None)
        if mark is not None:
            return mark.lower_  # "the first talks since Qiu took office in December 2021"
    return None


def _names_a_day(ent: Span) -> bool:
    """Whether a date names a day ("Friday Dec. 13, 2024", "on Monday"), not a month or year."""
    return bool(re.search(rf"\b(?:{WEEKDAYS})\b|\b\d{{1,2}}\b(?!\d)", ent.text)) and not re.fullmatch(r"\s*\d{4}\s*", ent.text)


def _in_describing_clause(tok: Token, trigger: Token | None = None) -> bool:
    """Whether a token sits in a relative or adnominal clause describing something other than
    the meeting ("who took office in May"; but "a visit that began on Monday" is the visit's)."""
    t = tok
    while t.head.i != t.i:
        if t.dep_ in ("relcl", "acl", "ccomp", "advcl") and t.pos_ in ("VERB", "AUX"):
            return not (trigger is not None and t.head.i == trigger.i)
        t = t.head
    return False


def _recent(when: When, published: DateValue, days: int = 7) -> bool:
    """Whether a dated event falls within the week before publication."""
    if when.start.day is None or published.day is None:
        return False
    from datetime import date
    event = date(when.start.year, when.start.month, when.start.day)
    pub = date(published.year, published.month, published.day)
    return 0 <= (pub - event).days <= days


def _place(sent: Span, trigger: Token, index: ActorIndex, kind: str, root: Token | None = None) -> str | None:
    if kind in ("phone_call", "video_call"):
        return None
    candidates = []
    for tok in sent:
        place = index.places.get(tok.i)
        if place is None or (tok.i + 1 in index.places and index.places[tok.i + 1] == place):
            continue  # take the last token of a multi-token place
        if place.lower() in GENERIC_PLACES:
            # "who is in the Kingdom on a visit": a formal stand-in for the country the story is
            # filed from, and no name where the dateline names none
            place = getattr(index, "dateline_country", None)
            if place is None:
                continue
        if root is not None and not _in_scope(tok, root, trigger, kind) and not _gathering_place(tok, root, trigger, kind):
            continue  # a place of another event in the sentence ("the war in the Middle East")
        head = tok
        while head.dep_ in ("compound", "appos", "poss") and head.head.i != head.i:
            head = head.head
        linked = head.dep_ == "pobj" and head.head.lower_ in ("in", "to", "at") or tok.dep_ == "dobj" and tok.head.i == trigger.i
        if tok.dep_ == "compound" and tok.head.i == trigger.i and trigger.pos_ == "NOUN" and trigger.lemma_.lower() in GATHERINGS:
            linked = True  # "the Brussels meeting", "the Helsinki summit": a gathering named by its city
        if tok.dep_ == "dep" and tok.head.lower_ in ("in", "at") and tok.head.head.i != tok.head.i:
            linked = True  # "In the capital Jakarta, X held talks": the name beside "the capital"
        if kind == "in_person" and _destination_country(head, place):
            continue  # "during his visit to France, X met Y": talks are in a city, the country is the trip's
        if tok.dep_ == "poss" and tok.head.ent_type_ not in ("GPE", "LOC", "FAC"):
            linked = linked and tok.head.lower_ in ("capital",)
        if linked and not _in_dateline(tok, sent):
            candidates.append((abs(tok.i - trigger.i), tok.i, place))
    if not candidates:
        return None
    lex = lexicon()
    ranked = []
    for distance, i, place in candidates:
        name = _venue_city(place, lex)
        if name is not None:
            ranked.append((0, distance, i, name))  # "the Great Hall of the People in Beijing": Beijing
        elif _building(sent.doc[i], place):
            # "received X at the Alvorada Palace": the building is where it happened, unless the
            # sentence names its city too; a visit goes to a country or city rather than a building
            ranked.append((1 if kind == "in_person" else 3, distance, i, place))
        elif place in lex.countries and kind == "in_person":
            ranked.append((2, distance, i, place))  # talks are held in a city; a visit goes to a country
        else:
            ranked.append((0, distance, i, place))
    if not ranked:
        return None
    # most specific: "in Tajikistan's capital Dushanbe", "in Russia's Kazan" name the city
    ranked.sort()
    return ranked[0][3]


TRAVEL_WORDS = {"visit", "trip", "tour", "travel", "journey", "fly", "go", "head", "voyage"}


def _destination_country(head: Token, place: str) -> bool:
    """A country a trip goes to ("his visit to France", "travelled to Saudi Arabia")."""
    return (place in lexicon().countries and head.dep_ == "pobj" and head.head.lower_ == "to"
            and head.head.head.lemma_.lower() in TRAVEL_WORDS)


GATHERINGS = {"summit", "conference", "forum", "meeting", "gathering", "assembly", "session", "ceremony", "talks",
              "congress", "convention", "festival", "games", "sidelines", "dialogue"}
HOLDING = {"hold", "take", "host", "convene", "organise", "organize", "stage"}


def _gathering_place(tok: Token, root: Token, trigger: Token, kind: str) -> bool:
    """ "met X at the G20 summit being held in Bali", "on the sidelines of the forum taking place
    in Y": a meeting at a gathering is where the gathering is held."""
    t = tok
    while t.head.i != t.i and t.i != root.i:
        if t.dep_ in ("acl", "relcl") and t.lemma_.lower() in HOLDING and t.head.lemma_.lower() in GATHERINGS:
            venue = t.head
            return (venue.dep_ == "pobj" and venue.head.lower_ in ("at", "during", "on", "of", "in")
                    and not _under_reference_point(venue, root) and _in_scope(venue, root, trigger, kind))
        if t.dep_ in CLAUSES:
            return False
        t = t.head
    return False


GENERIC_PLACES = {"kingdom", "republic", "emirate", "emirates", "sultanate", "federation", "state", "country",
                  "capital", "nation", "union", "principality", "realm"}
BUILDING_WORDS = {"palace", "house", "hall", "building", "headquarters", "residence", "mansion", "hotel", "centre",
                  "center", "castle", "villa", "office", "offices", "chancellery", "kremlin", "ministry", "complex",
                  "stadium", "embassy", "parliament", "senate", "cathedral", "church", "mosque", "temple", "fort"}


def _building(tok: Token, place: str) -> bool:
    """A venue named by its building ("the Elysee Palace", "the White House"), not a city."""
    words = place.lower().split()
    return tok.ent_type_ == "FAC" or bool(words) and words[-1] in BUILDING_WORDS or " of " in place.lower()


def _venue_city(place: str, lex) -> str | None:
    """ "the Great Hall of the People in Beijing": the city a venue's own name places it in."""
    m = re.search(r"\s(?:in|,)\s*([A-Z][\w'’ .-]+)$", place)
    if m is None or not _building_words(place[:m.start()]):
        return None
    city = m.group(1).strip()
    return city if city.lower() in lex.capitals or lex.country_of(city) is None and city[0].isupper() else None


def _building_words(text: str) -> bool:
    words = text.lower().split()
    return any(w in BUILDING_WORDS for w in words)


def _in_dateline(tok: Token, sent: Span) -> bool:
    """Whether a token is in a dateline opening the sentence ("DA NANG, Vietnam — ..."): where
    the story was filed, not by itself where the meeting was."""
    for t in sent[:12]:
        if t.text in ("—", "–", "--") or (t.text == "-" and t.whitespace_):
            return tok.i < t.i and not any(x.pos_ in ("VERB", "AUX") for x in sent.doc[sent.start:t.i])
    return False


def _visitor(trigger: Token, index: ActorIndex) -> str | None:
    """The person a visit is linked to by grammar: subject, possessor or "by" agent."""
    def person(tok: Token) -> str | None:
        key = index.by_token.get(tok.i)
        if key and index.actors[key].kind == "person":
            return key
        if tok.lower_ in ("his", "her") and _framing(trigger):
            # "During his visit to France, Xi met Macron": his is the subject the phrase leads to
            verb = trigger.head.head
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            found = subj is not None and subj.i > trigger.i and person(subj)
            if found:
                return found
        if tok.lower_ in ("his", "her", "he", "she"):
            return index.last_subject_before(tok.i) or index.last_person_before(tok.i)
        if tok.lower_ == "who" and tok.head.dep_ == "relcl":
            return person(tok.head.head)
        if tok.dep_ == "appos" and tok.head.i != tok.i:
            return person(tok.head)  # "Kira Rudik, a lawmaker who visited": the name the title stands beside
        return None

    verb = trigger if trigger.pos_ == "VERB" else None
    if trigger.pos_ == "NOUN":
        for c in trigger.children:
            if c.dep_ == "poss":
                return person(c)
            if c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return person(g)
        if trigger.dep_ in ("dobj", "obj") and trigger.head.lemma_.lower() in ("pay", "make", "begin", "start", "conclude", "end"):
            verb = trigger.head
        elif trigger.dep_ == "pobj" and trigger.head.lower_ in ("on", "for") \
                and trigger.head.head.pos_ in ("VERB", "AUX"):
            verb = trigger.head.head  # "X arrived ... on an official visit", "X is in Paris for a state visit"
    if verb is not None:
        for c in verb.children:
            if c.dep_ in ("nsubj",):
                found = person(c)
                if found:
                    return found
                if c.lower_ == "who" and verb.dep_ == "relcl":
                    return person(verb.head)
        if verb.dep_ == "relcl":
            return person(verb.head)
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and verb.dep_ in ("ROOT", "conj"):
            # "..., Foreign Minister Y will be visiting China": the parser lost the subject; the
            # name standing right before the verb and its auxiliaries is it
            j = verb.i - 1
            while j >= 0 and trigger.doc[j].dep_ in ("aux", "auxpass", "neg", "advmod") and trigger.doc[j].head.i == verb.i:
                j -= 1
            if j >= 0 and j < verb.i - 1:
                found = person(trigger.doc[j])
                if found:
                    return found
        if verb.dep_ in ("xcomp",) and verb.head.pos_ == "VERB":
            for c in verb.head.children:
                if c.dep_ == "nsubj":
                    return person(c)
    return None


def _counterpart_participants(sent: Span, index: ActorIndex, offices: list[OfficeRecord], subject: str | None) -> list[str]:
    """ "X called his counterparts in India and China": the people holding X's role there."""
    found = []
    lex = lexicon()
    for tok in sent:
        if tok.lower_ not in ("counterpart", "counterparts") or subject is None:
            continue
        roles = sorted({o.role for o in offices if o.person == subject}, key=lambda r: lex.role_rank.get(r, 99))
        if not roles:
            continue
        countries = {index.actors[index.by_token[t.i]].name for t in tok.subtree
                     if t.i in index.by_token and index.by_token[t.i].startswith("country:")}
        # a country inside a list may be missed by the entity tagger ("from Mexico, Bosnia and
        # Herzegovina, and Armenia"): its name or short alias still says it
        countries |= {c for t in tok.subtree if (t.pos_ == "PROPN" or t.dep_ == "amod") and (c := lex.country_of(t.text))}
        if any(t.ent_type_ == "PERSON" for t in tok.subtree) or tok.head.ent_type_ == "PERSON":
            continue  # "his Chinese counterpart, Dong Jun": named there
        for country in sorted(countries):
            holders = list(dict.fromkeys(o.person for o in offices if o.role == roles[0] and o.country == country
                                         and o.person != subject))
            if len(holders) == 1 and holders[0] not in found:
                found.append(holders[0])  # several holders (a former one too): not told which
    return found


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


SIDELINES = {"sidelines", "sideline", "margins", "margin"}


def _gathering_held_at(sent: Span, index: ActorIndex) -> str | None:
    """Where a sentence says a gathering is held: "the summit in X", "opened its meeting on
    Thursday in the capital X" (a place after "in" on a gathering's noun or on the verb whose
    object or subject it is); None where it names no such place or several."""
    found = set()
    for tok in sent:
        place = index.places.get(tok.i)
        if place is None or (tok.i + 1 in index.places and index.places[tok.i + 1] == place) \
                or place.lower() in GENERIC_PLACES or _in_dateline(tok, sent):
            continue
        head = tok
        while head.dep_ in ("compound", "appos") and head.head.i != head.i:
            head = head.head
        if head.dep_ != "pobj" or head.head.lower_ != "in":
            continue
        owner = head.head.head
        for _ in range(3):
            if _names_gathering(owner):
                found.add(place)
                break
            if owner.dep_ == "pobj" and owner.head.lower_ in ("at", "in") and owner.lemma_.lower() not in GATHERINGS:
                owner = owner.head.head  # "held at a council meeting at the alliance's headquarters in X"
                continue
            break
    return found.pop() if len(found) == 1 else None


def _names_gathering(owner: Token) -> bool:
    """Whether a place's "in" hangs on a gathering: its noun ("the summit in X"), a verb whose
    subject or object is one ("opened its session in X"), or "which took place in X" said of one."""
    if owner.lemma_.lower() in GATHERINGS and owner.pos_ in ("NOUN", "PROPN"):
        return True
    if owner.pos_ != "VERB":
        return False
    if any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lemma_.lower() in GATHERINGS - {"talks", "sidelines"}
           for c in owner.children):
        return True
    return owner.dep_ == "relcl" and owner.lemma_.lower() in HOLDING | {"take"} and (
        owner.head.lemma_.lower() in GATHERINGS or owner.head.lower_ in GATHERINGS)


def _sidelines_place(root: Token, ctx: dict, current: bool = False) -> str | None:
    """ "X held talks with Y on the meeting's sidelines", "X and Y during the meeting": where
    the gathering the story has just placed (this or the two sentences before) is held. A
    meeting of the story's own days told right after it ("The dialogue took place in Tokyo.
    X, who sat beside Y, said ...") is taken to be there too."""
    gathering = ctx.get("gathering")
    if gathering is None or ctx.get("n", 0) - gathering[0] > ACCOUNT_SENTENCES:
        return None
    if not any(t.dep_ == "pobj" and (t.lower_ in SIDELINES and t.head.lower_ in ("on", "at")
                                     or t.lemma_.lower() in GATHERINGS and t.head.lower_ in ("at", "during"))
               for t in root.subtree) and not (current and ctx.get("n", 0) - gathering[0] <= 1):
        return None
    return gathering[1]


ACCOUNT_SENTENCES = 2  # how far a lede's date and place carry to the sentences telling the same day


def _carry(m: MeetingRecord, when: When, place: str | None, principal: str) -> None:
    """ "X on Friday held talks with A. He also met B.": an undated held meeting of the person
    whose day the preceding sentences tell happened that day, and where that day was."""
    if m.status != "held" or m.kind not in ("in_person",) or principal not in m.participants:
        return
    if when is not None and m.start is None:
        m.start, m.end = when.start, (when.end if when.is_range else None)
    if place is not None and m.place is None:
        m.place = place


LEDE_DAY = re.compile(rf"\b(?P<weekday>{WEEKDAYS})\s*[,(]?\s*$")


def _lede_day(doc: Doc) -> DateValue | None:
    """The day a story without a publication date tells, where its lede names it with its
    weekday ("receives this Wednesday (May 31, 2023) his counterpart"): weekday and date must
    agree. "On Monday" later in the story is then read from that day."""
    text = doc.text[:1500]
    for start, _end, value, _ in find_absolute_dates(text):
        m = LEDE_DAY.search(text[max(0, start - 14):start])
        if m and value.day is not None and weekday_matches(value, m.group("weekday")):
            return value
    return None


def _story_dateline(doc: Doc) -> str | None:
    """The capital of a mixed-case dateline opening a paragraph near the top ("Addis Ababa,
    February 11, 2019 (FBC) -"): a capital, a comma and a date, before a dash or colon."""
    lex = lexicon()
    for sent in list(doc.sents)[:4]:
        m = re.match(r"^\s*([A-Z][\w'’ .-]{2,30}?),\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2}),?\s+\d{4}\b[^—–:\n]{0,30}[—–:-]",
                     sent.text)
        if m and m.group(1).strip().lower() in lex.capitals:
            return m.group(1).strip()
    # "DA NANG, Vietnam —": an all-capitals city confirmed by the country named after it
    m = re.match(r"^\s*([A-Z][A-Z'’. -]{1,30}[A-Z]),\s+([A-Z][\w ]{2,30}?)\s*(?:\([^)]{1,30}\)\s*)?[—–-]", doc.text)
    if m and m.group(2).strip() in lex.countries:
        return m.group(1).strip().title()
    return None


def _absorb_talks_into_framing_visit(found: list[tuple[MeetingRecord, Token]]) -> list[MeetingRecord]:
    """ "During Nowak's visit to Hanoi, he will hold talks with X": the talks are part of the
    visit. A call made during a visit stays a call of its own."""
    visits = [m for m, t in found if m.kind == "visit" and _framing(t) and m.visitor]
    out = []
    for m, _ in found:
        host = next((v for v in visits if m.kind == "in_person" and v.visitor in m.participants
                     and dates_compatible(m, v)), None)
        if host is None:
            out.append(m)
            continue
        fold_into(host, m)
    return out


def _separate_clause(inner: Token, outer: Token) -> bool:
    """Whether `inner` heads its own clause below `outer`: a coordinated verb with its own
    subject ("Wang held talks with Lavrov, and Xi received him"), or a clause of time with one
    ("X held talks with Y, 24 hours before Y and Z met in Bali")."""
    t = inner
    while t.i != outer.i and t.head.i != t.i:
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and _own_subject(t):
            return True
        if _clause_of_time(t):
            return True
        t = t.head
    return False


def _clause_of_time(t: Token) -> bool:
    """ "..., 24 hours before Y and Z met in Bali": a clause with its own subject and event, told
    to place another event in time."""
    return t.dep_ == "advcl" and t.pos_ in ("VERB", "AUX") and _own_subject(t) and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in ("before", "after", "when", "while", "as") for c in t.children)


def _offset_clause(t: Token) -> bool:
    """A clause of time set apart by a measure ("a day after", "24 hours before"): another day
    than the main clause's, where "when Y met Z" or "after Y held talks" shares it."""
    if not _clause_of_time(t):
        return False
    marks = [c for c in t.children if c.dep_ in ("mark", "advmod")]
    return any(c.dep_ == "npadvmod" for c in t.children) or any(g.dep_ == "npadvmod" for m in marks for g in m.children)


EVENT_NOUNS = VISIT_NOUNS | MEET_NOUNS | {"call", "conversation", "conference", "summit", "visit"}
NOT_EVENT_TIME = {"since", "before", "after", "until", "till", "by", "ahead", "following"}
CLAUSES = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "xcomp"}


def _framing(trigger: Token) -> bool:
    """ "During his visit to Vilnius, X spoke with Y": a visit that frames the sentence's event."""
    return (trigger.pos_ == "NOUN" and trigger.lemma_.lower() in VISIT_NOUNS and trigger.dep_ == "pobj"
            and trigger.head.lower_ in ("during", "throughout"))


def _scope_root(trigger: Token) -> Token:
    """The phrase a meeting word governs: the verb itself; for a noun, the verb it is the object
    of ("held talks", "paid a visit") or that its preposition attaches to ("said ... at a meeting
    with"); else the noun phrase alone ("a visit to China by X" inside a longer sentence)."""
    if _framing(trigger):
        return trigger
    root = trigger
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in QUANTITY_NOUNS:
        trigger = head.head  # "held a string of bilateral meetings", "a fresh round of talks"
        head = trigger.head
    if trigger.pos_ in ("VERB", "AUX"):
        root = trigger
    elif trigger.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        root = head
    elif trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        root = head.head
    elif trigger.dep_ in ("nsubj", "nsubjpass") and trigger.pos_ == "NOUN" and _occurring(head):
        root = head  # "the meeting between X and Y took place in Z on Monday": where and when it was
    else:
        return trigger
    # "X is set to meet Y", "X plans to meet Y", "X agreed to hold talks": the planning verb's
    # subject is the meeting's
    while root.dep_ == "xcomp" and root.head.i != root.i and root.head.lemma_.lower() in ARRANGING:
        root = root.head
    return root


OCCURRING = {"happen", "occur", "begin", "start", "open", "end", "conclude", "close", "last", "run", "unfold"}


def _occurring(verb: Token) -> bool:
    """A verb that only says a meeting happened: "took place", "was held", "began", "lasted"."""
    lemma = verb.lemma_.lower()
    if lemma == "take":
        return any(c.dep_ in ("dobj", "obj") and c.lower_ == "place" for c in verb.children)
    if lemma == "hold":
        return any(c.dep_ == "auxpass" for c in verb.children)
    return verb.pos_ == "VERB" and lemma in OCCURRING


QUANTITY_NOUNS = {"string", "series", "round", "number", "couple", "pair", "flurry", "slew", "raft", "spate",
                  "day", "days", "sequence", "set"}
ARRANGING = {"plan", "schedule", "expect", "set", "due", "go", "intend", "prepare", "agree", "arrange",
             "decide", "slate"}


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _clause_has_meeting_word(tok: Token) -> bool:
    return any(t.lemma_.lower() in ("meet", "talk", "talks", "meeting", "hold") and t.lower_ != "holding"
               for t in tok.subtree)


def _in_scope(tok: Token, root: Token, trigger: Token, kind: str = "") -> bool:
    """Whether a person token belongs to the meeting's clause, not to another clause or event."""
    if not (root.left_edge.i <= tok.i <= root.right_edge.i):
        return False
    ancestors_of_trigger = {t.i for t in trigger.ancestors} | {trigger.i}
    if _headline_pair(tok, root):
        return True
    t = tok
    while t.i != root.i:
        if t.dep_ in CLAUSES and t.i not in ancestors_of_trigger:
            # a visit's own programme ("..., where he will hold talks with X") belongs to it
            if not (kind == "visit" and t.dep_ in ("relcl", "advcl", "acl") and _clause_has_meeting_word(t)) \
                    and not _led_by(t) and not _held_by(t, trigger):
                return False
        if t.dep_ == "conj" and t.i not in ancestors_of_trigger and (
                (t.pos_ in ("VERB", "AUX") and _own_subject(t)) or t.lemma_.lower() in EVENT_NOUNS):
            return False  # another event coordinated with this one ("a call ... and a visit by X")
        if t.head.i == t.i:
            return False
        t = t.head
    return True


def _held_by(clause: Token, trigger: Token) -> bool:
    """ "the discussions held by X and Y on Monday": the clause that says who held the meeting."""
    return clause.dep_ == "acl" and clause.head.i == trigger.i and clause.lemma_.lower() in HOLDING


def _headline_pair(tok: Token, root: Token) -> bool:
    """ "Modi, Kishida hold talks": a headline's comma for "and", which the parser hangs on the
    verb as a clause of its own."""
    doc = tok.doc
    return (tok.head.i == root.i and tok.dep_ in ("advcl", "dep", "npadvmod", "nmod") and tok.pos_ == "PROPN"
            and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and doc[tok.i + 2].dep_ == "nsubj"
            and doc[tok.i + 2].head.i == root.i)


DELEGATION_NOUNS = {"delegation", "team", "group", "mission", "side"}


def _led_by(clause: Token) -> bool:
    """ "talks with a delegation led by X": the leader of a delegation stands for it."""
    return (clause.dep_ == "acl" and clause.lemma_.lower() in ("lead", "head")
            and clause.head.lemma_.lower() in DELEGATION_NOUNS)


SPECULATIVE = {"could", "might", "may", "would"}
DEADLINE = re.compile(
    r"(?i)\bbefore\s+(?:this|the)\s+(?P<unit>month|week|year)\s+is\s+(?:out|over)\b|"
    r"\b(?:before|by)\s+the\s+end\s+of\s+(?:this|the)\s+(?P<unit2>month|week|year)\b|"
    r"\b(?:at|by)\s+(?:the\s+)?(?P<unit3>month|week|year)[’']s\s+end\b")


def _speculative_or_negated(root: Token, trigger: Token) -> bool:
    """ "Putin could travel to China", "did not meet", "refused to meet", "hopes to meet",
    "invited him to visit", "the meeting was cancelled": no meeting to record."""
    for tok in {root.i: root, trigger.i: trigger}.values():
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in SPECULATIVE):
                return True
    if trigger.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "neg" for c in trigger.head.children) \
            and not any(t.lower_ == "until" for t in trigger.head.subtree):
        return True  # "a meeting between X and Y has not been scheduled" (but "is not due until May")
    t = trigger if trigger.pos_ in ("VERB", "AUX") else _clause_verb(trigger)
    if t.i != trigger.i and _lemma(t) in (NOT_A_PLAN | {"request"}) - {"invite"}:
        return True  # "wants a meeting with Y", "proposed talks" (one "invited to the meeting" attends it)
    for _ in range(3):  # the verbs or adjectives the meeting's clause is the complement of
        if _conditional(t) or _repeated(t):
            return True
        if t.dep_ not in ("xcomp", "ccomp", "pcomp", "dobj") or t.head.i == t.i:
            break
        t = t.head
        if _lemma(t) in NOT_A_PLAN or any(c.dep_ == "neg" for c in t.children):
            return True  # "refused to meet", "did not rule out meeting"
    return _conditional(t) or _called_off(trigger.sent)


def _conditional(verb: Token) -> bool:
    """ "whether X will meet Y", "if a ceasefire holds, X will meet Y": a meeting on a condition."""
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in verb.children) or any(
        c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
        for c in verb.children)


REPEATED = {"repeatedly", "often", "regularly", "frequently", "routinely"}


def _repeated(verb: Token) -> bool:
    """ "who has met Xi more than 40 times", "have met several times": many meetings, none told."""
    for c in verb.children:
        if c.lower_ in REPEATED:
            return True
        if c.lemma_.lower() == "time" and c.lower_ == "times" and c.dep_ in ("npadvmod", "advmod", "dobj", "obl"):
            return True
    return False


# wishes, refusals, offers and invitations: a meeting someone wants or rejects is no meeting
NOT_A_PLAN = {"refuse", "decline", "reject", "avoid", "fail", "hope", "want", "wish", "like", "love", "offer",
              "propose", "invite", "urge", "ask", "demand", "press", "ready", "willing", "open", "eager", "keen",
              "unwilling", "unable", "reluctant", "threaten", "consider", "rule out"}
CALLED_OFF = {"cancel", "scrap", "scrub", "abandon", "shelve"}


def _lemma(tok: Token) -> str:
    """The lemma, where the tagger's is known to go wrong ("hopes" read as "hop"); "rule out" as
    one word."""
    if tok.lower_ in ("hopes", "hoped", "hoping"):
        return "hope"
    if tok.lemma_.lower() == "rule" and any(c.lower_ == "out" for c in tok.children):
        return "rule out"
    return tok.lemma_.lower()


def _called_off(sent: Span) -> bool:
    """ "..., but the meeting was cancelled", "the visit was called off": the sentence's meeting did
    not take place."""
    for tok in sent:
        called_off = _lemma(tok) in CALLED_OFF or (_lemma(tok) == "call" and any(c.lower_ == "off" for c in tok.children))
        if called_off and tok.pos_ == "VERB" and any(
                c.dep_ in ("nsubjpass", "dobj", "nsubj") and (c.lemma_.lower() in EVENT_NOUNS | {"it", "talk"})
                for c in tok.children):
            return True
    return False


ATTENDING = {"attend", "conclude", "join", "end", "close", "chair", "witness"}
DEFINITE = {"the", "this", "that", "his", "her", "their", "its"}


def _attending(trigger: Token) -> bool:
    """ "A, B and C also attended the meeting", "X concluded the talks", "were present at his
    meeting with Y": people taking part in, or closing, a meeting already told, not a new one."""
    if trigger.pos_ != "NOUN" or trigger.lower_ not in MEET_NOUNS:
        return False
    if not any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in trigger.children):
        return False
    head = trigger.head
    if trigger.dep_ in ("dobj", "obj") and head.lemma_.lower() in ATTENDING:
        return True
    return trigger.dep_ == "pobj" and head.lower_ == "at" and head.head.lemma_.lower() in ("present", "attend")


def _recent_persons(index: ActorIndex, doc: Doc, before: int, n: int = 2, window_sents: int = 4,
                    among: set[str] | None = None) -> list[str]:
    """The last `n` distinct people named before a token, within a few sentences (only those in
    `among` when given: "both ministers" are the ministers named last)."""
    sent_start = doc[before].sent.start
    floor = sent_start
    for _ in range(window_sents - 1):
        if floor == 0:
            break
        floor = doc[floor - 1].sent.start
    found: list[str] = []
    for i, key in reversed(index.person_mentions):
        if i >= before or i < floor or (among is not None and key not in among):
            continue
        if key not in found:
            found.append(key)
        if len(found) == n:
            break
    return found


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


def _inviter(root: Token, index: ActorIndex, titled: dict[int, str]) -> str | None:
    """The person in "at the invitation of X" / "on X's invitation" attached to the visit's verb."""
    for c in root.children:
        if c.dep_ != "prep" or c.lower_ not in ("at", "on", "upon"):
            continue
        for g in c.children:
            if g.lemma_.lower() != "invitation":
                continue
            for t in g.subtree:
                key = index.by_token.get(t.i) or titled.get(t.i)
                if key and index.actors[key].kind == "person":
                    return key
    return None


def _object_pronouns(root: Token, trigger: Token) -> list[Token]:
    """ "had called him", "held talks with him", "met with her": the pronoun standing for the
    meeting's other side."""
    found = [c for c in root.children if c.dep_ in ("dobj", "obj") and c.lower_ in ("him", "her")]
    for owner in {root.i: root, trigger.i: trigger}.values():
        for prep in owner.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                found.extend(g for g in prep.children if g.dep_ == "pobj" and g.lower_ in ("him", "her"))
    return found


NOT_PERSON_ENTS = {"GPE", "LOC", "ORG", "NORP", "FAC", "DATE", "TIME", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}


def _bare_surnames(sent: Span, index: ActorIndex) -> dict[int, str]:
    """ "Modi also spoke with X", "Fidan held talks": a lone surname the tagger did not mark, of
    the one person the story named in full with it."""
    out = {}
    for tok in sent:
        if tok.i in index.by_token or tok.pos_ != "PROPN" or not tok.is_title or tok.ent_type_ in NOT_PERSON_ENTS:
            continue
        if tok.dep_ == "compound" or any(c.dep_ == "compound" for c in tok.children):
            continue  # part of a longer name
        key = index.person_by_name_part(tok.text)
        if key:
            out[tok.i] = key
    return out


def _caption_pair(trigger: Token, index: ActorIndex, titled: dict[int, str]) -> list[str] | None:
    """A photo caption without a verb, "X and Y during a meeting in Z" / "X and Y at talks on
    Monday": the people the fragment opens with are the meeting's."""
    if trigger.pos_ != "NOUN" or trigger.dep_ != "pobj" or trigger.head.lower_ not in ("during", "at"):
        return None
    first = trigger.head.head
    if any(t.pos_ in ("VERB", "AUX") and t.i < trigger.i for t in trigger.sent):
        return None  # "X and Y met during a ...": the verb's own reading is the one to take
    names = [first, *[c for c in first.children if c.dep_ == "conj"]]
    people = [index.by_token.get(t.i) or titled.get(t.i) for t in names]
    if len(people) < 2 or not all(k and index.actors[k].kind == "person" for k in people):
        return None
    return list(dict.fromkeys(people))


def _antecedent(index: ActorIndex, before: int, exclude: set[str]) -> str | None:
    """Whom "he"/"his" refers to: the person last named as a subject, else last named, other
    than the people the sentence already names (one does not meet oneself)."""
    for i, key in reversed(index.person_mentions):
        if i < before and i in index.subjects and key not in exclude:
            return key
    return index.last_person_before(before, exclude=exclude)


def _outer_person(root: Token, index: ActorIndex, titled: dict[int, str]) -> str | None:
    """The person a meeting phrase naming only the other side belongs to: "X, who met Y" (the
    name the relative clause describes), "X, talking after talks with Y" (the name a participle
    describes), "X said after talks with Y" (the subject of the clause the phrase sits in)."""
    def person(tok: Token) -> str | None:
        for t in (tok, *[c for c in tok.children if c.dep_ in ("compound", "flat", "appos")]):
            key = index.by_token.get(t.i) or titled.get(t.i)
            if key and index.actors[key].kind == "person":
                return key
        if tok.lower_ in ("he", "she"):
            return index.last_subject_before(tok.i) or index.last_person_before(tok.i)
        return None

    t = root
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX"):
            if t.dep_ in ("relcl", "acl") and t.head.i != t.i:
                found = person(t.head)
                if found:
                    return found
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return person(subj)
            if t.dep_ not in ("xcomp", "advcl", "conj", "pcomp"):
                return None
        if t.head.i == t.i:
            return None
        t = t.head
    return None


SEPARATE_WORDS = {"separate", "separately", "individual", "individually", "respective", "respectively",
                  "bilateral", "bilaterals", "bilaterally", "one-on-one", "one-to-one", "each"}


def _separate_meetings(trigger: Token, root: Token) -> bool:
    """Whether the wording makes one meeting with each person named rather than one with all:
    "separate talks", "met individually", "bilateral meetings", "in turn", "meetings" in the
    plural, "one with X and another with Y"."""
    if trigger.pos_ == "NOUN" and trigger.lower_ == "meetings":
        return True
    words = {trigger.i: trigger, root.i: root}
    for tok in list(words.values()):
        for c in tok.children:
            if c.lower_ in MEET_NOUNS:
                words[c.i] = c  # "held separate talks"
            if c.dep_ == "prep":
                for g in c.children:
                    if g.lower_ in MEET_NOUNS:
                        words[g.i] = g  # "sat down for bilateral meetings"
    if any(w.lower_ == "meetings" for w in words.values()):
        return True
    for tok in words.values():
        for c in tok.children:
            if c.lower_ in SEPARATE_WORDS:
                return True
            if c.lower_ == "in" and any(g.lower_ == "turn" for g in c.children):
                return True
            if c.dep_ == "prep" and c.lower_ == "with" and any(g.lower_ == "each" for g in c.children):
                return True
    return False


def _role_phrases() -> dict[tuple[str, ...], str]:
    return {tuple(p.split()): r for p, r in lexicon().role_phrases.items()}


HONORIFICS = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sheikh", "general", "gen.", "prof", "prof."}


def _named_with_title(doc: Doc, title: Span, index: ActorIndex) -> set[str]:
    """The people the article names right after the same title ("Prime Minister Dr Jane Roe")."""
    words = [t.lower_ for t in title]
    found = set()
    for t in doc:
        if t.lower_ != words[0] or t.i + len(words) >= len(doc):
            continue
        if [x.lower_ for x in doc[t.i:t.i + len(words)]] != words:
            continue
        j = t.i + len(words)
        while j < len(doc) and doc[j].lower_ in HONORIFICS:
            j += 1
        key = index.by_token.get(j)
        if key and index.actors[key].kind == "person":
            found.add(key)
    return found


def _title_holders(doc: Doc, sent: Span, index: ActorIndex, offices: list[OfficeRecord],
                   named_cache: dict | None = None) -> dict[int, str]:
    """ "the Prime Minister", "the Russian defence chief", "Ethiopia's president": a title with
    no name, standing for the one person of the article who holds that post (of that country,
    where one is given). Maps the title's head token to the person."""
    phrases = _role_phrases()
    longest = max(len(k) for k in phrases)
    lex = lexicon()
    out: dict[int, str] = {}
    i = sent.start
    while i < sent.end:
        match = None
        for n in range(min(longest, sent.end - i), 0, -1):
            words = tuple(t.lower_ for t in doc[i:i + n])
            if words in phrases:
                match = (n, phrases[words])
                break
        if match is None:
            i += 1
            continue
        n, role = match
        span = doc[i:i + n]
        i += n
        head = span[-1]
        def named(i: int) -> bool:  # a person's name, not a country's ("the US President")
            return index.by_token.get(i, "").startswith("person:")

        if any(named(t.i) for t in span) or (span.end < len(doc) and named(span.end)):
            continue  # "President Lula": a name goes with the title
        if any(named(t.i) for t in head.subtree) or head.dep_ == "appos" \
                or (named(head.head.i) and head.dep_ in ("compound", "appos")):
            continue  # "the president of Guyana, Irfaan Ali", "X, the prime minister"
        left = [t for t in head.subtree if t.i < span.start]
        if left and left[0].lower_ in ("a", "an", "any", "every", "no"):
            continue  # "the first meeting between an Australian prime minister and ...": anyone holding it
        if not left or not (left[0].lower_ == "the" or any(t.dep_ == "poss" for t in left) or lex.country_of(left[-1].text)):
            continue  # "a president", "presidents": no particular holder
        if any(t.lower_ in lex.not_current or t.lower_ in ("former", "ex", "late", "then", "new", "next")
               for t in left):
            continue
        country = None
        for t in [*left, *[c for c in head.subtree if c.i > head.i]]:
            if t.i == head.i or t.i in span:
                continue
            c = lex.country_of(t.text)
            if c:
                country = c
                break
        holders = {o.person for o in offices if o.role == role and (country is None or o.country == country)
                   and o.attested}
        if not holders and country is None:
            words = tuple(t.lower_ for t in span)
            if named_cache is None or words not in named_cache:
                named = _named_with_title(doc, span, index)
                if named_cache is None:
                    holders = named
                else:
                    named_cache[words] = named
            if named_cache is not None:
                holders = set(named_cache[words])
        if len(holders) > 1 and country is None:
            # "the External Affairs Minister" after "External Affairs Minister X" is X, though the
            # story's other foreign ministers hold the same role under other titles
            holders &= _named_with_title(doc, span, index)
        if len(holders) == 1:
            out[head.i] = holders.pop()
    return out


def _interval(m: MeetingRecord) -> tuple[str, str] | None:
    if m.start is None:
        return None
    lo = m.start.iso()
    hi = (m.end or m.start).iso()
    return lo, hi + "\uffff"  # a coarser date covers its finer days


def dates_compatible(a: MeetingRecord, b: MeetingRecord) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _width(m: MeetingRecord) -> tuple:
    """How vague a meeting's date is: precision first, then the length of a range in days."""
    if m.start is None:
        return (9, 0)
    precision = {"day": 0, "month": 1, "year": 2}[(m.end or m.start).precision.value]
    days = 0
    if m.end is not None and m.start.day and m.end.day:
        from datetime import date
        days = (date(m.end.year, m.end.month, m.end.day) - date(m.start.year, m.start.month, m.start.day)).days
    return (precision, days)


def places_compatible(a: str | None, b: str | None) -> bool:
    """Equal, unknown, or a capital and its country ("Beijing" and "China")."""
    if a is None or b is None or a == b:
        return True
    lex = lexicon()
    capitals = lex.capitals
    if capitals.get(a.lower()) == b or capitals.get(b.lower()) == a:
        return True
    # "in Russia" and "in Kazan": a city that is no other country's capital may lie in the country
    for country, city in ((a, b), (b, a)):
        if country in lex.countries and city not in lex.countries and city.lower() not in capitals:
            return True
    return False


def _more_specific(a: str | None, b: str | None) -> str | None:
    """Of two compatible places, the city rather than its country."""
    if a is None or b is None:
        return a or b
    countries = lexicon().countries
    return b if a in countries and b not in countries else a


def fold_into(target: MeetingRecord, m: MeetingRecord) -> None:
    """Merge another mention of the same meeting: the union of people, the most precise date,
    the first place, planned if any mention announces it, every piece of evidence once."""
    for p in m.participants:
        if p not in target.participants:
            target.participants.append(p)
    if _width(m) < _width(target):
        target.start, target.end = m.start, m.end
    target.place = _more_specific(target.place, m.place) if target.kind == "in_person" else target.place or m.place
    target.visitor = target.visitor or m.visitor
    target.host = target.host or m.host
    # a plan told in the past tense ("was set to sit down with Y") yields to the story's report
    # of the meeting held ("held talks with Y"); any other plan makes the meeting planned
    if m.status != target.status:
        plan = m if m.status == "planned" else target
        if plan.status_from == "past-plan":
            target.status, target.status_from = "held", None
        else:
            target.status, target.status_from = "planned", plan.status_from
    spans = {(e.start, e.end) for e in target.evidence}
    target.evidence.extend(e for e in m.evidence if (e.start, e.end) not in spans)


def merge_within_article(meetings: list[MeetingRecord]) -> list[MeetingRecord]:
    merged: list[MeetingRecord] = []
    for m in meetings:
        # one report's people must include the other's: [Li] and [Li, Shoigu] are one visit,
        # [Xi, Blinken] and [Wang, Blinken] on the same day are two meetings
        candidates = [
            (len(set(m.participants) & set(o.participants)), n) for n, o in enumerate(merged)
            if o.kind == m.kind and (set(m.participants) <= set(o.participants) or set(o.participants) <= set(m.participants)
                                     or (m.kind == "visit" and m.visitor is not None and m.visitor == o.visitor))
            and dates_compatible(m, o)
            and places_compatible(m.place, o.place)
        ]
        if not candidates:
            merged.append(m)
            continue
        _, n = max(candidates)
        fold_into(merged[n], m)
    for o in merged:
        if o.kind == "visit" and o.host is None and o.visitor:
            others = [p for p in o.participants if p != o.visitor]
            o.host = others[0] if len(others) == 1 else None
    return merged


def extract(doc: Doc, article: Article, found: dict, settings) -> list[MeetingRecord]:
    """The registry's entry (loader/facts/__init__.py)."""
    return extract_meetings(doc, article, found["actors"], found["offices"])
