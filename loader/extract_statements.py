"""Statements: direct quotes with their speakers, and (when asked) indirect speech.

A quotation counts as a statement when the article attributes it:
- after it: "“...,” X said", "“...,” said X", "“...” X added", "X was quoted as saying",
  "according to X";
- before it: "X said: “...”", "He added: “...”", "X stated, promising that “...”";
- or it stands alone right after an attributed quote ("He added:" with the speaker kept).
A short quotation inside a sentence with no attribution ("an “unlimited” friendship") is a
phrase the writer marks, not a statement. Speakers: a named person; "he"/"she" is the last
speaker (else the last person named); a title ("the defense chief") is the person holding that
post in the article; "an official" or an organisation leaves the speaker unknown.
Indirect speech ("X said (that) ...", "..., according to X") is the writer's paraphrase and is
only extracted when `indirect=True`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .extract_actors import ActorIndex
from .lexicon import lexicon
from .records import Article, Evidence, MeetingRecord, OfficeRecord, StatementRecord

SPEECH = {"say", "add", "state", "declare", "note", "tell", "write", "explain", "insist", "stress", "continue",
          "warn", "point", "claim", "promise", "quote", "emphasize", "emphasise", "reiterate", "urge", "argue",
          "remark", "assert", "affirm", "announce", "recall", "conclude", "ask", "reply", "respond", "agree"}
OPEN_CLOSE = {"“": "”", '"': '"', "«": "»"}
MIN_WORDS_EMBEDDED = 5
PRONOUNS = {"he", "she"}
UNKNOWN_SPEAKERS = {"official", "officials", "source", "sources", "ministry", "spokesman", "spokesperson",
                    "statement", "report", "agency", "government", "office", "department"}


@dataclass
class Quote:
    start: int  # offsets of the quoted text itself (without the marks)
    end: int
    para_start: int
    para_end: int

    def text(self, body: str) -> str:
        return body[self.start:self.end]


def find_quotes(body: str) -> list[Quote]:
    """Quotations in the body; one left open at a paragraph's end runs to that end."""
    quotes = []
    for para in re.finditer(r"[^\n]+", body):
        p_start, p_end = para.start(), para.end()
        i = p_start
        while i < p_end:
            ch = body[i]
            if ch in OPEN_CLOSE and (ch != '"' or i == p_start or not body[i - 1].isalnum()):
                close = OPEN_CLOSE[ch]
                j = body.find(close, i + 1, p_end)
                end = j if j != -1 else p_end
                text = body[i + 1:end]
                lead = len(text) - len(text.lstrip())
                trail = text.rstrip(" ,.;:")
                if trail.strip():
                    quotes.append(Quote(i + 1 + lead, i + 1 + len(trail), p_start, p_end))
                i = end + 1
            else:
                i += 1
    return quotes


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    return list(span) if span is not None else []


def _speech_verbs(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH]


def _subject(verb: Token, lo: int | None = None, hi: int | None = None) -> Token | None:
    """The verb's subject; with a character window, one inside it (the parser sometimes takes
    the quoted clause itself for the subject of "said")."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if lo is not None:
        inside = [c for c in subjects if lo <= c.idx < (hi if hi is not None else len(verb.doc.text))]
        if inside:
            return inside[0]
        if subjects:
            return None
    if subjects:
        return subjects[0]
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head)  # "X went on to claim ... but added that": X, wherever it stands
    return None


def _main_subject(doc: Doc, char: int) -> Token | None:
    """The subject of the main verb of the sentence holding a character offset."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return None
    root = span.sent.root
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


class Speakers:
    """Resolves a speaker phrase to a person key, None for unknown, with the rule used."""

    def __init__(self, doc: Doc, index: ActorIndex, offices: list[OfficeRecord]):
        self.doc, self.index, self.offices = doc, index, offices
        self.last_speaker: tuple[int, str] | None = None  # (char offset, key)

    def person_in(self, tok: Token) -> str | None:
        for t in tok.subtree:
            key = self.index.by_token.get(t.i)
            if key and self.index.actors[key].kind == "person":
                return key
        # the model missed the name here ("Healey said"): a proper noun that is the first or
        # last name of exactly one person named in the article
        if tok.pos_ == "PROPN":
            return self.index.person_by_name_part(tok.text)
        return None

    def resolve(self, tok: Token) -> tuple[str | None, str, bool]:
        """(speaker key, rule, named) for a subject token."""
        named = self.person_in(tok)
        if named:
            return named, "name", True
        low = tok.lower_
        if low in PRONOUNS:
            if self.last_speaker is not None and tok.idx - self.last_speaker[0] < 600:
                return self.last_speaker[1], "pronoun-last-speaker", False
            return self.index.last_person_before(tok.i), "pronoun-last-person", False
        words = {t.lower_ for t in tok.subtree}
        determiners = {t.lower_ for t in tok.subtree if t.dep_ in ("det", "poss")}
        if determiners & {"a", "an", "some", "one"} or low in UNKNOWN_SPEAKERS and not (words & lexicon().role_words):
            return None, "unnamed", False
        holder = self._role_holder(tok)
        if holder:
            return holder, "title-holder", False
        if determiners & {"the"} and words & (lexicon().role_words | {"chief", "official", "minister"}):
            return self.index.last_person_before(tok.i), "description-last-person", False
        return None, "unnamed", False

    def _role_holder(self, tok: Token) -> str | None:
        """ "Beijing's newly-appointed defense chief" -> the person holding that post here."""
        span = self.doc[tok.left_edge.i: tok.right_edge.i + 1]
        roles = [s for s in self.doc.spans.get("roles", []) if s.start >= span.start and s.end <= span.end
                 and s.label_.startswith("ROLE:")]
        if not roles:
            return None
        role = roles[0].label_[5:]
        lex = lexicon()
        country = None
        for t in span:
            c = lex.country_of(t.text) or lex.capitals.get(t.lower_)
            if c:
                country = c
                break
        holders = [o.person for o in self.offices if o.role == role and (country is None or o.country == country)]
        if not holders:
            return None
        if len(set(holders)) == 1:
            return holders[0]
        recent = None
        for i, key in self.index.person_mentions:
            if i < tok.i and key in holders:
                recent = key
        return recent


def _attribution_after(doc: Doc, q: Quote, limit: int, speakers: Speakers):
    """Speaker named right after a quote: "..., X said", "said X", "X was quoted as saying"."""
    tail = doc.text[q.end:limit]
    m = re.match(r"^[\s,.;:!?”\"’']*", tail)
    gap_end = q.end + (m.end() if m else 0)
    cut = re.search(r"[.!?](?:\s|$)", doc.text[gap_end:limit])
    end = gap_end + (cut.start() + 1 if cut else limit - gap_end)
    tokens = _tokens(doc, gap_end, end)[:14]
    if not tokens:
        return None
    acc = re.match(r"(?i)^according\s+to\s+", doc.text[gap_end:end])
    if acc:
        target = [t for t in tokens if t.idx >= gap_end + acc.end() and not (t.is_punct or t.is_space)]
        if not target:
            return None
        root = doc[target[0].i: target[-1].i + 1].root
        key = speakers.person_in(root)
        if key:
            return key, "according-to+name", True
        # "..., according to the ministry": the ministry is the source; the words are those of
        # the person the sentence is about when it has a person as its subject
        subject = _main_subject(doc, q.start)
        if subject is not None:
            key, rule, named = speakers.resolve(subject)
            if named:
                return key, "according-to-source+subject", False
        return None, "according-to-source", False
    for verb in _speech_verbs(tokens):
        subj = _subject(verb, gap_end, end)
        if subj is None:
            # "said X": the inverted subject follows the verb
            after = [t for t in tokens if t.i > verb.i]
            if after and (after[0].ent_type_ == "PERSON" or after[0].lower_ in PRONOUNS
                          or (after[0].pos_ == "PROPN" and speakers.index.person_by_name_part(after[0].text))):
                subj = after[0]
        if subj is not None and subj.idx >= gap_end - 1:
            key, rule, named = speakers.resolve(subj)
            return key, "after+" + rule, named
        break
    return None


def _attribution_before(doc: Doc, q: Quote, floor: int, speakers: Speakers):
    """Speaker named before a quote: "X said: “...”", "He added: “...”", "X stated, promising that “"."""
    head_text = doc.text[floor:q.start - 1]
    if not head_text.strip():
        return None
    tokens = _tokens(doc, floor, q.start - 1)[-14:]
    verbs = _speech_verbs(tokens)
    for verb in reversed(verbs):
        subj = _subject(verb, floor, q.start)
        if subj is not None:
            key, rule, named = speakers.resolve(subj)
            return key, "before+" + rule, named
    return None


def extract_statements(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord],
                       meetings: list[MeetingRecord], indirect: bool = False) -> list[StatementRecord]:
    body = doc.text
    quotes = find_quotes(body)
    speakers = Speakers(doc, index, offices)
    out: list[StatementRecord] = []
    last_attributed_end = -1
    for n, q in enumerate(quotes):
        text = q.text(body)
        prev_end = quotes[n - 1].end + 1 if n > 0 and quotes[n - 1].para_start == q.para_start else q.para_start
        next_start = quotes[n + 1].start - 1 if n + 1 < len(quotes) and quotes[n + 1].para_start == q.para_start else q.para_end
        after = _attribution_after(doc, q, next_start, speakers)
        before = _attribution_before(doc, q, prev_end, speakers)
        choice = None
        for cand in (after, before):
            if cand is not None and cand[2]:
                choice = cand
                break
        choice = choice or after or before
        words = len(text.split())
        if choice is None:
            standalone = q.start - 1 == q.para_start or re.search(r"[.!?]\s*$", body[q.para_start:q.start - 1])
            continuing = speakers.last_speaker is not None and 0 <= q.start - last_attributed_end < 400
            if standalone and continuing and words >= 3:
                choice = (speakers.last_speaker[1], "continues-previous-quote", False)
            else:
                continue
        if words < MIN_WORDS_EMBEDDED and not (q.start - 1 == q.para_start):
            continue
        key, rule, _ = choice
        if key is not None:
            speakers.last_speaker = (q.start, key)
        last_attributed_end = q.end
        sent = doc.char_span(q.start, q.end, alignment_mode="expand")
        sentence = body[q.para_start:q.para_end] if sent is None else sent.sent.text
        out.append(StatementRecord(
            text=text, kind="direct", speaker=key,
            evidence=Evidence(article.id, "rule:quote-" + rule, sentence=sentence.strip(), start=q.start, end=q.end,
                              confidence=0.85 if choice[2] else 0.7),
            meeting=_meeting_of(doc, q, meetings),
        ))
    if indirect:
        out.extend(_indirect(doc, article, quotes, speakers, meetings))
    return out


def _meeting_of(doc: Doc, q: Quote, meetings: list[MeetingRecord]) -> int | None:
    """The article's meeting whose evidence sentence holds the quote, if the article says so."""
    for n, m in enumerate(meetings):
        for ev in m.evidence:
            if ev.start is not None and ev.start <= q.start < ev.end:
                return n
    return None


def _indirect(doc: Doc, article: Article, quotes: list[Quote], speakers: Speakers,
              meetings: list[MeetingRecord]) -> list[StatementRecord]:
    """ "X said (that) CLAUSE" and "CLAUSE, according to X", outside quotation marks."""
    inside = [(q.start - 1, q.end + 1) for q in quotes]
    out = []
    for sent in doc.sents:
        if any(a <= sent.start_char < b or a < sent.end_char <= b for a, b in inside):
            continue
        for verb in _speech_verbs(list(sent)):
            if verb.lemma_.lower() not in ("say", "add", "state", "note", "tell", "stress"):
                continue
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            subj = _subject(verb)
            if clause is None or subj is None:
                continue
            key, rule, named = speakers.resolve(subj)
            if key is None:
                continue
            span = doc[clause.left_edge.i: clause.right_edge.i + 1]
            if span[0].lower_ == "that":
                span = span[1:]
            out.append(_indirect_record(article, span, key, "rule:indirect-said+" + rule, meetings))
            break
        acc = re.search(r",\s+according\s+to\s+(.+?)[.]?$", sent.text)
        if acc:
            target = doc.char_span(sent.start_char + acc.start(1), sent.start_char + acc.end(1), alignment_mode="expand")
            if target is not None:
                key = speakers.person_in(target.root)
                if key:
                    span = doc.char_span(sent.start_char, sent.start_char + acc.start(), alignment_mode="contract")
                    if span is not None and len(span) > 3:
                        out.append(_indirect_record(article, span, key, "rule:indirect-according-to", meetings))
    return out


def _indirect_record(article: Article, span: Span, key: str, rule: str, meetings) -> StatementRecord:
    text = span.text.strip().rstrip(",.")
    return StatementRecord(
        text=text, kind="indirect", speaker=key,
        evidence=Evidence(article.id, rule, sentence=span.sent.text.strip(), start=span.start_char,
                          end=span.start_char + len(text), confidence=0.6),
    )
