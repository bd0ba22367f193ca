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

from spacy.tokens import Doc

from ..actors.index import ActorIndex
from ...records import Article, Evidence
from ..meetings.records import MeetingRecord
from ..offices.records import OfficeRecord
from .records import StatementRecord
from .quotes import Quote, _pull_quotes, _runs_on, _teasers, find_quotes
from .speakers import Speakers
from .attribution import _attribution_after, _attribution_before, _attribution_possessor
from .reported import _indirect
from .unmarked import _unmarked_paragraphs


MIN_WORDS_EMBEDDED = 5


def extract_statements(doc: Doc, article: Article, index: ActorIndex, offices: list[OfficeRecord],
                       meetings: list[MeetingRecord], indirect: bool = False) -> list[StatementRecord]:
    body = doc.text
    quotes = find_quotes(body)
    speakers = Speakers(doc, index, offices, article)
    speakers.quoted = [(q.start - 1, q.end + 1) for q in quotes]
    out: list[StatementRecord] = []
    last_attributed_end = last_attributed_para_end = -1
    repeated = _pull_quotes(body, quotes)
    teasers = _teasers(body)
    for n, q in enumerate(quotes):
        text = q.text(body)
        if n in repeated or q.para_start in teasers:
            continue
        prev_end = quotes[n - 1].end + 1 if n > 0 and quotes[n - 1].para_start == q.para_start else q.para_start
        next_start = quotes[n + 1].start - 1 if n + 1 < len(quotes) and quotes[n + 1].para_start == q.para_start else q.para_end
        after = _attribution_after(doc, q, next_start, speakers)
        before = _attribution_possessor(doc, q, prev_end, speakers) or _attribution_before(doc, q, prev_end, speakers)
        choice = None
        for cand in (after, before):
            if cand is not None and cand[2]:
                choice = cand
                break
        choice = choice or after or before
        words = len(text.split())
        if choice is None:
            standalone = q.start - 1 == q.para_start or re.search(r"[.!?]\s*$", body[q.para_start:q.start - 1])
            continuing = (speakers.last_speaker is not None and 0 <= q.start - last_attributed_end < 400
                          and not speakers.others_named(last_attributed_para_end, q.start - 1,
                                                        speakers.last_speaker[1]))
            if standalone and continuing and words >= 3:
                choice = (speakers.last_speaker[1], "continues-previous-quote", False)
            else:
                continue
        if words < MIN_WORDS_EMBEDDED and not (q.start - 1 == q.para_start) and not _runs_on(body, q):
            continue
        key, rule, _ = choice
        if key is not None:
            speakers.last_speaker = (q.start, key)
        last_attributed_end, last_attributed_para_end = q.end, q.para_end
        sent = doc.char_span(q.start, q.end, alignment_mode="expand")
        sentence = body[q.para_start:q.para_end] if sent is None else sent.sent.text
        out.append(StatementRecord(
            text=text, kind="direct", speaker=key,
            evidence=Evidence(article.id, "rule:quote-" + rule, sentence=sentence.strip(), start=q.start, end=q.end,
                              confidence=0.85 if choice[2] else 0.7),
            meeting=_meeting_of(doc, q, meetings),
        ))
    out.extend(_unmarked_paragraphs(doc, article, quotes, speakers, meetings))
    if indirect:
        out.extend(_indirect(doc, article, quotes, speakers, meetings, list(out)))
    return out


def _meeting_of(doc: Doc, q: Quote, meetings: list[MeetingRecord]) -> int | None:
    """The article's meeting whose evidence sentence holds the quote, if the article says so."""
    for n, m in enumerate(meetings):
        for ev in m.evidence:
            if ev.start is not None and ev.start <= q.start < ev.end:
                return n
    return None


def extract(doc: Doc, article: Article, found: dict, settings) -> list[StatementRecord]:
    """The registry's entry (loader/facts/__init__.py); reported speech as `settings` says."""
    return extract_statements(doc, article, found["actors"], found["offices"], found["meetings"],
                              indirect=settings.indirect_speech)
