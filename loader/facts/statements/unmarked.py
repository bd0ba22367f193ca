"""Quotations written without quote marks: a paragraph a dash line attributes ("— she said."), and a
transcript's "Name: words".
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ...records import Article, Evidence
from ..meetings.records import MeetingRecord
from .records import StatementRecord
from .wording import _speech_verbs, _subject, _tokens
from .quotes import Quote, _teasers
from .speakers import Speakers


DASH_LINE = re.compile(r"^[—–-]\s*(\S.{0,60}?)[.]?\s*$")
TRANSCRIPT = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s+(\S.*)$")


def _unmarked_paragraphs(doc: Doc, article: Article, quotes: list[Quote], speakers: Speakers,
                         meetings: list[MeetingRecord]) -> list[StatementRecord]:
    """Quotations written without quote marks:
    - a paragraph followed by a line "— she said." / "– X reported." that attributes it (the
      dash-quote style of many Ukrainian and Russian outlets);
    - a transcript paragraph "Name: words" opened by the name of a person of the article (the
      answers at a press briefing)."""
    body = doc.text
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", body)]
    marked = {q.para_start for q in quotes}
    out = []
    teasers = _teasers(body)
    for n, (a, b) in enumerate(paras):
        line = body[a:b].strip()
        if a in teasers:
            continue
        m = DASH_LINE.match(line)
        if m and n > 0 and paras[n - 1][0] not in marked:
            tokens = _tokens(doc, a + line.index(m.group(1)) if m.group(1) in line else a, b)
            verbs = _speech_verbs(tokens)
            subj = _subject(verbs[0]) if verbs else None
            if subj is not None:
                pa, pb = paras[n - 1]
                key, rule, _ = speakers.resolve(subj, pa)
                text = body[pa:pb].strip()
                start = pa + body[pa:pb].index(text)
                if len(text.split()) >= 4 and key is not None:
                    speakers.last_speaker = (start, key)
                    out.append(_paragraph_record(article, text, start, key, "rule:quote-dash-line+" + rule))
            continue
        m = TRANSCRIPT.match(body[a:b])
        if m and len(m.group(2).split()) >= 4:
            label = _tokens(doc, a, a + len(m.group(1)))
            key = next((speakers.index.by_token[t.i] for t in label if t.i in speakers.index.by_token
                        and speakers.index.actors[speakers.index.by_token[t.i]].kind == "person"), None)
            if key is None and label and label[-1].pos_ == "PROPN":
                key = speakers.index.person_by_name_part(label[-1].text)
            if key is not None:
                start = a + m.start(2)
                text = m.group(2).rstrip()
                out.append(_paragraph_record(article, text, start, key, "rule:quote-transcript-speaker"))
    return out


def _paragraph_record(article: Article, text: str, start: int, key: str, rule: str) -> StatementRecord:
    trimmed = text.rstrip(" .")
    lead = len(trimmed) - len(trimmed.lstrip("—–- "))  # "— We want peace": the dash opens the quotation
    return StatementRecord(text=trimmed[lead:], kind="direct", speaker=key,
                           evidence=Evidence(article.id, rule, sentence=text, start=start + lead,
                                             end=start + len(trimmed), confidence=0.7))
