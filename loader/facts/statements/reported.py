"""Reported speech: "X said (that) ...", "..., according to X", a belief voiced; the writer's paraphrase."""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from ...records import Article, Evidence
from ..meetings.records import MeetingRecord
from .records import StatementRecord
from .wording import REPORTING, SPEECH, _speech_verbs, _subject
from .quotes import Quote, _teasers
from .speakers import Speakers
from .attribution import _quoted_as_saying


def _indirect(doc: Doc, article: Article, quotes: list[Quote], speakers: Speakers,
              meetings: list[MeetingRecord], direct: list[StatementRecord] = ()) -> list[StatementRecord]:
    """ "X said (that) CLAUSE" and "CLAUSE, according to X", outside quotation marks."""
    inside = [(q.start - 1, q.end + 1) for q in quotes]
    out = []
    starts = [a for a, _ in inside]
    teasers = _teasers(doc.text)
    previous = None
    for sent in doc.sents:
        before, previous = previous, sent
        if any(a <= sent.start_char < b for a, b in teasers.items()):
            continue
        said_by = SAID_BY.match(sent.text)
        if said_by and before is not None and "\n" not in doc.text[before.start_char + len(before.text.rstrip()):
                                                                    sent.start_char]:
            # "CLAUSE. This was stated by X.": the sentence before is X's, reported
            by = doc.char_span(sent.start_char + said_by.end(), sent.end_char, alignment_mode="expand")
            key = next((speakers.index.by_token[t.i] for t in by or () if t.i in speakers.index.by_token
                        and speakers.index.actors[speakers.index.by_token[t.i]].kind == "person"), None)
            claim = doc[before.start: before.end]
            while len(claim) and claim[-1].is_punct:
                claim = claim[:-1]
            if key and len(claim) > 3 and not any(speakers._inside_quote(t.idx) for t in (claim[0], claim[-1])):
                out.append(_indirect_record(article, claim, key, "rule:indirect-said-by", meetings))
            continue
        near = inside[max(0, bisect_right(starts, sent.end_char) - 2): bisect_right(starts, sent.end_char)]
        near += inside[max(0, bisect_right(starts, sent.start_char) - 1): bisect_right(starts, sent.start_char)]
        if any(a <= sent.start_char < b for a, b in near):
            continue  # the sentence is quoted words; one that only ends in a quotation is read up to it
        if not re.search(r"[.!?][\"'”’)]*\s*$", sent.text):
            continue  # a sentence cut off (a teaser, a headline, a caption): its end is not known
        recorded = len(out)
        voicing = [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in VOICING]
        for verb in sorted(_speech_verbs(list(sent)) + voicing, key=lambda t: t.i):
            quoted = _quoted_as_saying(verb)
            if verb.lemma_.lower() not in REPORTING | VOICING and quoted is None or speakers._inside_quote(verb.idx):
                continue
            if verb.lemma_.lower() == "point" and not any(c.lower_ == "out" for c in verb.children):
                continue  # "pointed to", "pointed at": no claim reported
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if quoted is not None and clause is None:
                # "X quoted Y as saying (that) CLAUSE"
                clause = next((g for c in verb.children if c.lower_ == "as" for s in c.children
                               for g in s.children if g.dep_ == "ccomp"), None)
            if verb.lemma_.lower() in VOICING:
                # "X voiced optimism that ...", "expressed confidence that ...": the belief's content
                clause = next((g for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in BELIEFS
                               for g in c.children if g.dep_ in ("acl", "ccomp") and g.left_edge.lower_ == "that"),
                              None)
                if clause is None:
                    continue
            through_adverbial = clause is None or verb.lemma_.lower() in VOICING or (
                quoted is not None and clause.i > quoted.i)
            if clause is None:
                # "X told reporters as he left ... that ...": the parser hangs the "that" clause on
                # the verb of the adverbial clause in between
                clause = next((g for c in verb.children if c.dep_ == "advcl" and c.i > verb.i
                               and c.lemma_.lower() not in SPEECH for g in c.children
                               if g.dep_ == "ccomp" and g.left_edge.lower_ == "that"), None)
            subj = _subject(verb)
            if subj is None:
                trailing = _trailing_attribution(doc, sent, verb, speakers)
                if trailing is not None:
                    out.append(_indirect_record(article, trailing[1], trailing[0], "rule:indirect-trailing-name",
                                                meetings))
                    break
            if clause is None or subj is None:
                continue
            if quoted is None and speakers.several(subj):
                continue  # "the two ministers stressed ...": no one person said it; but "the party
                # leader and president, X, said": one person with two titles
            key, rule, named = speakers.resolve(quoted if quoted is not None else subj)
            if key is None:
                continue
            span = doc[clause.left_edge.i: clause.right_edge.i + 1]
            glued = _day_glued_subject(verb, clause)
            if glued is not None:
                # "X said on Friday talks would resume": the parser read "Friday talks" as one noun
                span = doc[glued: clause.right_edge.i + 1]
                through_adverbial = True
            introduced = span[0].lower_ == "that"  # "that where ... , he should ...": declarative
            if introduced:
                span = span[1:]
            while len(span) and span[-1].is_punct and span[-1].text in ",;:–—-":
                span = span[:-1]  # the comma before "X said" may hang on the clause's last word
            if not len(span) or span.start <= subj.i < span.end:
                continue  # the parser took the attribution into the clause
            if not introduced and _asks_a_question(span[0], clause):
                continue  # "explained what he saw as ...", "stressing how important X is": a topic, no claim
            if span.start < verb.i:
                # "CLAUSE, X said": the clause ends at a comma right before the attribution
                between = doc[span.end: subj.left_edge.i]
                if not any(t.text == "," for t in between) or any(not t.is_punct for t in between):
                    continue
            elif not through_adverbial and any(not (t.dep_ in ("mark", "dobj", "iobj", "dative", "npadvmod", "advmod", "prep", "pobj", "det",
                                      "compound", "amod", "punct", "poss", "case")) for t in doc[verb.i + 1: span.start]):
                continue  # "X said ... CLAUSE" with something else between: not the verb's own clause
            quoted = sum(max(0, min(b, span.end_char) - max(a, span.start_char)) for a, b in inside)
            again = quoted * 2 > len(span.text) and any(
                st.speaker is not None and span.start_char <= st.evidence.start < span.end_char for st in direct)
            if len(span) < 4 or again or span.start_char < verb.idx < span.end_char:
                continue  # "said so", an attributed direct quotation again, or a clause the parser tore apart
            out.append(_indirect_record(article, span, key, "rule:indirect-said+" + rule, meetings))
            break
        fronted = FRONTED_ACCORDING.match(sent.text.rstrip())
        if fronted and len(out) == recorded:
            # "According to X, CLAUSE.": X's words unless X is a document or an institution
            target = doc.char_span(sent.start_char + fronted.start(1), sent.start_char + fronted.end(1),
                                   alignment_mode="expand")
            span = doc.char_span(sent.start_char + fronted.start(2), sent.start_char + fronted.end(2),
                                 alignment_mode="contract")
            if target is not None and span is not None and len(span) > 3 and not any(
                    speakers._inside_quote(t.idx) for t in (span[0], span[-1])):
                key, _, _ = speakers.resolve(target.root)
                if key:
                    out.append(_indirect_record(article, span, key, "rule:indirect-according-to-fronted", meetings))
        acc = re.search(r",\s+according\s+to\s+(.+?)[.]?$", sent.text.rstrip())
        if acc:
            target = doc.char_span(sent.start_char + acc.start(1), sent.start_char + acc.end(1), alignment_mode="expand")
            if target is not None:
                key = speakers.person_in(target.root)
                if key:
                    span = doc.char_span(sent.start_char, sent.start_char + acc.start(), alignment_mode="contract")
                    if span is not None and len(span) > 3:
                        out.append(_indirect_record(article, span, key, "rule:indirect-according-to", meetings))
    return out


WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _day_glued_subject(verb: Token, clause: Token) -> int | None:
    """Where the reported clause really starts when the parser glued the day of "said on
    Friday" to the clause's bare subject ("on [Friday talks] with Hamas would resume"): the token
    after the day, if the clause the parser found has no subject of its own."""
    if clause.i < verb.i or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
        return None
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "on" or not prep.i < clause.i:
            continue
        for noun in prep.children:
            day = next((c for c in noun.children if c.dep_ == "compound" and c.lower_ in WEEKDAYS), None)
            if noun.dep_ == "pobj" and day is not None and noun.lower_ not in WEEKDAYS and day.i + 1 < clause.i:
                return day.i + 1
    return None


def _trailing_attribution(doc: Doc, sent: Span, verb: Token, speakers: Speakers) -> tuple[str, Span] | None:
    """ "CLAUSE, electoral commissioner X said." / "CLAUSE, its leader X said on Tuesday; ...":
    the parser, finding no subject for the closing "said", hung the name on the clause's last
    noun. The speaker is the person named between the last comma and the verb (words with no
    verb among them), the claim everything before that comma (after a dateline "City –")."""
    after = [t for t in doc[verb.i + 1: sent.end] if not t.is_space]
    stop = next((n for n, t in enumerate(after) if t.text in (";", ".", "!", "?")), len(after))
    if any(not (t.is_punct or t.dep_ in ("prep", "pobj", "npadvmod", "compound", "det")) for t in after[:stop]):
        return None  # "..., X said on Tuesday" at most: anything else is not a closing attribution
    comma = next((t for t in reversed(doc[sent.start: verb.i]) if t.text == ","), None)
    if comma is None:
        return None
    described = doc[comma.i + 1: verb.i]
    if not len(described) or len(described) > 8 or any(t.pos_ in ("VERB", "AUX") for t in described):
        return None
    key = next((speakers.person_in(t) for t in reversed(described) if t.pos_ == "PROPN" and speakers.person_in(t)), None)
    if key is None:
        return None
    claim = doc[sent.start: comma.i]
    if len(claim) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in claim) or any(
            speakers._inside_quote(t.idx) for t in claim):
        return None
    return key, claim


# "X voiced optimism that ...": a belief made public is a claim of its holder
VOICING = {"voice", "express", "convey"}
BELIEFS = {"optimism", "hope", "confidence", "concern", "belief", "conviction", "fear", "view", "certainty",
           "expectation", "doubt", "doubts", "worry", "regret"}
WH_WORDS = {"what", "how", "why", "whether", "where", "who", "whom", "which", "if", "when"}


def _asks_a_question(first: Token, clause: Token) -> bool:
    """The clause is a wh-clause (its own wh-word opens it), not a clause with a fronted
    adverbial ("said when talks resume, they would ..."): the wh-word hangs on the clause's
    verb or a word of it, not inside an adverbial clause."""
    if first.lower_ not in WH_WORDS:
        return False
    tok = first
    while tok.i != clause.i and tok.head.i != tok.i:
        if tok.dep_ in ("advcl", "csubj") or tok.dep_ == "mark" and tok.head.i != clause.i:
            return False  # a fronted adverbial clause, or a free relative as subject ("what X said amounts to")
        tok = tok.head
    return tok.i == clause.i


SAID_BY = re.compile(r"^(?:This|That|It|This information) (?:was|has been|had been) (?:said|stated|announced|reported|"
                     r"noted|declared|emphasi[sz]ed|underlined|stressed) by ")
FRONTED_ACCORDING = re.compile(r"^(?:[A-Z][\w.]*(?: [A-Z][\w.]*)* [–—-] )?According to ([^,]{2,80}), (.+?)[.!]?$")
DATELINE = re.compile(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)* [–—-] ")


def _indirect_record(article: Article, span: Span, key: str, rule: str, meetings) -> StatementRecord:
    dateline = DATELINE.match(span.text) if span.start == span.sent.start else None
    if dateline:  # "Harare – CLAUSE, X said": the place the story was filed from is no one's words
        span = span.doc.char_span(span.start_char + dateline.end(), span.end_char, alignment_mode="contract") or span
    text = span.text.strip().rstrip(",.")
    return StatementRecord(
        text=text, kind="indirect", speaker=key,
        evidence=Evidence(article.id, rule, sentence=span.sent.text.strip(), start=span.start_char,
                          end=span.start_char + len(text), confidence=0.6),
    )
