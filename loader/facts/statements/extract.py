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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..actors.extract import ActorIndex
from ...lexicon import lexicon
from ...records import ActorRecord, Article, Evidence, MeetingRecord, OfficeRecord, StatementRecord

SPEECH = {"say", "add", "state", "declare", "note", "tell", "write", "explain", "insist", "stress", "continue",
          "warn", "point", "claim", "promise", "quote", "emphasize", "emphasise", "reiterate", "urge", "argue",
          "remark", "assert", "affirm", "announce", "recall", "conclude", "ask", "reply", "respond", "agree",
          "tweet", "post", "report", "concede", "admit", "acknowledge", "pledge", "vow", "predict", "suggest",
          "underline", "confirm", "caution"}
# the verbs whose "that" clause is the speaker's own claim, reported: "X warned that ...",
# "X underlined that ...", "..., he added"; not "ask", "agree", "promise" (a request, a deal, a plan)
REPORTING = {"say", "add", "state", "note", "tell", "stress", "warn", "underline", "emphasize", "emphasise",
             "insist", "reiterate", "argue", "explain", "assert", "declare", "announce", "acknowledge", "admit",
             "confirm", "point", "caution", "concede", "write", "tweet"}
OPEN_CLOSE = {"“": "”", '"': '"', "«": "»", "„": "“"}
# the marks that may close a quotation opened by each mark: writers and scrapers mix them
# ("I mean ...,” he said; «... now “, he noted)
CLOSERS = {"“": "”\"»“", '"': '"”“', "«": "»“”\"", "„": "“”\""}
MIN_WORDS_EMBEDDED = 5
NAME_ENTITY_TYPES = ("", "PERSON", "WORK_OF_ART", "PRODUCT")
PRONOUNS = {"he", "she"}
UNKNOWN_SPEAKERS = {"official", "officials", "source", "sources", "ministry", "spokesman", "spokesperson",
                    "statement", "report", "agency", "government", "office", "department"}
# a speaker phrase headed by one of these is an institution or a document, not a person: "the
# ministry said", "Mr X's office said", "the statement added", "a readout posted by Y said"
INSTITUTION_HEADS = {"ministry", "statement", "statements", "report", "reports", "agency", "government", "office",
                     "department", "release", "readout", "communique", "communiqué", "palace", "house", "embassy",
                     "council", "commission", "committee", "cabinet", "presidency", "administration", "spokesperson's",
                     "board", "company", "party", "campaign", "team", "secretariat", "ministries", "media",
                     "newspaper", "channel", "outlet", "broadcaster", "website", "post", "message", "note", "letter",
                     "declaration", "document", "text", "website", "account", "parliament", "court", "army", "military",
                     "police", "authorities", "side", "delegation", "mission", "bureau", "service", "services",
                     "kremlin", "pentagon", "elysee", "élysée", "organisation", "organization", "union", "alliance"}
FEMININE = {"she", "her", "hers", "herself"}
MASCULINE_TITLES = {"mr", "sir", "lord", "king", "prince", "sheikh", "spokesman", "chairman", "congressman"}
FEMININE_TITLES = {"ms", "mrs", "miss", "madam", "lady", "queen", "princess", "dame", "spokeswoman", "chairwoman",
                   "congresswoman"}
# the words of the role phrases ("secretary of state", "the president") that are no post on their
# own: "the source said" names no post just because role phrases contain "the"
ROLE_FUNCTION_WORDS = {"the", "of", "for", "and", "a", "an"}
MASCULINE = {"he", "him", "his", "himself"}


@dataclass
class Quote:
    start: int  # offsets of the quoted text itself (without the marks)
    end: int
    para_start: int
    para_end: int

    def text(self, body: str) -> str:
        return body[self.start:self.end]


def _single_close(body: str, start: int, end: int) -> int:
    """Where a quotation opened by ‘ ends: the first ’ after a stop or comma ("...,’ he said"), or
    one that ends the paragraph; a ’ inside a word or after a plural ("leaders’ summit") is not it."""
    for j in range(start, end):
        if body[j] == "’" and j > start and (body[j - 1] in ",.!?;" or j + 1 == end):
            return j
    return -1


def find_quotes(body: str) -> list[Quote]:
    """Quotations in the body; one left open at a paragraph's end runs to that end. Double marks
    of any style open one, closed by the first closing-looking double mark (writers mix “ with "
    and with »); single curly marks (‘...’) count only where they open a paragraph or follow a
    colon, since ’ is mostly an apostrophe."""
    quotes = []
    for para in re.finditer(r"[^\n]+", body):
        p_start, p_end = para.start(), para.end()
        i = p_start
        while i < p_end:
            ch = body[i]
            j = None
            if ch in OPEN_CLOSE and (ch != '"' or i == p_start or not body[i - 1].isalnum()):
                closers = CLOSERS[ch]
                j = next((k for k in range(i + 1, p_end) if body[k] in closers), -1)
            elif ch == "‘" and (i == p_start or body[p_start:i].rstrip().endswith(":")):
                j = _single_close(body, i + 1, p_end)
            if j is None:
                i += 1
                continue
            end = j if j != -1 else p_end
            text = body[i + 1:end]
            lead = len(text) - len(text.lstrip())
            trail = text.rstrip(" ,.;:")
            if trail.strip():
                quotes.append(Quote(i + 1 + lead, i + 1 + len(trail), p_start, p_end))
            i = end + 1
    return quotes


def _flat(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().lower()


def _pull_quotes(body: str, quotes: list[Quote]) -> set[int]:
    """The quotations that stand as a paragraph of their own and repeat words quoted elsewhere
    in the story (a subheading such as ‘Nearly there’ over the paragraph that quotes them): the
    words are counted where the story attributes them."""
    out = set()
    flat = [_flat(q.text(body)) for q in quotes]
    for n, q in enumerate(quotes):
        whole = not body[q.para_start:q.start - 1].strip() and not body[q.end + 1:q.para_end].strip(" .,”\"’»")
        if whole and flat[n] and any(m != n and flat[n] in other and len(other) >= len(flat[n])
                                     for m, other in enumerate(flat)):
            out.add(n)
    return out


TEASER_LABEL = re.compile(r"(?i)^\s*(also read|read more|read also|related(?: stories| news| articles)?|see also|"
                          r"recommended|more on this(?: story)?|watch|listen)\s*(?:[:|–—-]\s*|$)")


def _teasers(body: str) -> dict[int, int]:
    """Paragraphs (start -> end) that link to other stories: "Also read: HEADLINE", or the line
    after a bare label "RELATED" / "ALSO READ". Their quotations are another story's headline."""
    out = {}
    after_label = False
    for m in re.finditer(r"[^\n]+", body):
        line = m.group().rstrip()
        label = TEASER_LABEL.match(line)
        if label or after_label and line.strip():
            out[m.start()] = m.end()
        after_label = bool(label) and label.end() >= len(line)
    return out


def _runs_on(body: str, q: Quote) -> bool:
    """A quotation left open at its paragraph's end while the next paragraph opens with a quote
    mark: the convention for a quotation of several paragraphs (‘X said: “Yes, that is right¶“We
    are ...’), so even a short first part is someone's words, not a phrase the writer marks."""
    if any(c in "”\"’»“" for c in body[q.end:q.para_end]):
        return False
    return body[q.para_end:].lstrip()[:1] in ("“", '"', "‘", "«", "„")


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    return list(span) if span is not None else []


def _speech_verbs(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH]


def _subject(verb: Token, lo: int | None = None, hi: int | None = None) -> Token | None:
    """The verb's subject; with a character window, one inside it (the parser sometimes takes
    the quoted clause itself for the subject of "said")."""
    # the one nearest the verb: the parser sometimes takes a fronted clause's object for a
    # second subject ("Greeting X at the door, Y stressed that ...")
    subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: abs(c.i - verb.i))
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


def _qualifiers(doc: Doc, start: int) -> frozenset:
    """The lower-cased words just before a title that say whose it is ("European Commission"
    President, "Chinese" President, the "country's" leader): adjectives and proper or common
    nouns, back to a determiner, punctuation or a verb."""
    quals = []
    i = start - 1
    while i >= 0 and len(quals) < 4 and doc[i].pos_ in ("PROPN", "ADJ", "NOUN") and doc[i].lower_ not in (
            "incumbent", "former", "new", "then", "current", "newly", "outgoing", "acting", "interim"):
        quals.append(doc[i].lower_)
        i -= 1
    return frozenset(quals)


def _plural(tok: Token) -> bool:
    """A subject that is several people: "the two ministers", "X and Y"."""
    return (tok.tag_ in ("NNS", "NNPS") and tok.ent_type_ != "PERSON" or any(c.dep_ == "conj" for c in tok.children)
            or any(c.dep_ == "nummod" or c.lower_ in ("both", "two") for c in tok.children))


def _name_text(tok: Token) -> str:
    """A proper name as written up to its head, hyphens kept ("Akufo-Addo")."""
    doc, start = tok.doc, tok.i
    while start > 0 and not doc[start - 1].whitespace_ and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].text in "-‐"):
        start -= 1
    return doc[start:tok.i + 1].text


def _main_subject(doc: Doc, char: int) -> Token | None:
    """The subject of the main verb of the sentence holding a character offset."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return None
    root = span.sent.root
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


class Speakers:
    """Resolves a speaker phrase to a person key, None for unknown, with the rule used."""

    def __init__(self, doc: Doc, index: ActorIndex, offices: list[OfficeRecord], article: Article | None = None):
        self.doc, self.index, self.offices, self.article = doc, index, offices, article
        self.last_speaker: tuple[int, str] | None = None  # (char offset, key)
        self.quoted: list[tuple[int, int]] = []  # character ranges of quotations: no referent inside
        self.resolved: dict[int, str] = {}  # token index of a speaker phrase -> the person it names
        self.gender = self._genders()
        self.titled = self._title_mentions()

    def _title_mentions(self) -> list[tuple[int, str, frozenset, str]]:
        """(token, role, qualifiers, person) for each title written before a person's name in
        the article ("European Commission President X", "Chinese President Y", "President Z"):
        the words in front of the title (lower-cased) say which president a later "the
        president" or "the European Commission president" is."""
        out = []
        for span in self.doc.spans.get("roles", []):
            if not span.label_.startswith("ROLE:") or span.end >= len(self.doc):
                continue
            key = self.index.by_token.get(span.end)
            if not key or self.index.actors[key].kind != "person":
                continue
            out.append((span.start, span.label_[5:], _qualifiers(self.doc, span.start), key))
        return out

    def titled_holder(self, tok: Token) -> str | None:
        """The person a description such as "the president", "the European Commission president"
        or "the Chinese leader" names, from the titles the article writes before names: the one
        whose title had the same words in front (none for a bare "the president"), the most
        recently named of them if several."""
        if not self.titled or tok.pos_ == "PROPN" or not any(t.lower_ == "the" for t in tok.children if t.dep_ == "det"):
            return None
        roles = [s for s in self.doc.spans.get("roles", []) if s.start <= tok.i < s.end and s.label_.startswith("ROLE:")]
        if roles:
            role_set = {roles[0].label_[5:]}
            quals = _qualifiers(self.doc, roles[0].start)
        elif tok.lower_ == "leader":
            role_set = {"head_of_state", "head_of_government", "party_leader"}
            quals = _qualifiers(self.doc, tok.i)
            if not quals:
                return None  # "the leader": which one is not said
        else:
            return None
        lex = lexicon()
        countries = {lex.country_of(q) for q in quals} - {None}
        found = []
        for i, role, their, key in self.titled:
            if role not in role_set or i >= tok.i:
                continue
            theirs = {lex.country_of(q) for q in their} - {None}
            if quals == their or countries and countries == theirs and not (quals - their - {q for q in quals if lex.country_of(q)}):
                found.append((i, key))
        keys = {k for _, k in found}
        if len(keys) == 1:
            return keys.pop()
        return found[-1][1] if found else None

    # -- who is who ---------------------------------------------------------------------------
    def _genders(self) -> dict[str, str]:
        """'m' or 'f' for the persons the article marks: a title ("Mr", "Ms") before the name, or
        a pronoun later in a sentence whose subject is that person and names nobody else."""
        votes: dict[str, list[int]] = {}
        for i, key in self.index.person_mentions:
            v = votes.setdefault(key, [0, 0])
            # a title just before the name ("Mr", "spokeswoman Mao Ning", "Chairwoman X")
            for prev in (self.doc[j].lower_.rstrip(".") for j in range(max(0, i - 3), i)):
                if prev in MASCULINE_TITLES:
                    v[0] += 2
                elif prev in FEMININE_TITLES:
                    v[1] += 2
            if i in self.index.subjects:
                sent = self.doc[i].sent
                before = {t.lower_ for t in sent if t.i < i}
                # "She said that X had not known ..., and she ...": a pronoun ahead of the name
                # is someone else already in play, so the pronouns after it say nothing of X
                if self.index.persons_in(sent) == [key] and not before & (MASCULINE | FEMININE):
                    after = [t.lower_ for t in sent if t.i > i]
                    v[0] += sum(w in MASCULINE for w in after)
                    v[1] += sum(w in FEMININE for w in after)
        return {k: ("m" if m > f else "f") for k, (m, f) in votes.items() if m != f}

    def others_named(self, start: int, end: int, key: str) -> bool:
        """Someone other than `key` is named outside quotations between two character offsets:
        then a quotation standing alone after them no longer plainly continues `key`'s words."""
        return any(k != key and start <= self.doc[i].idx < end and not self._inside_quote(self.doc[i].idx)
                   for i, k in self.index.person_mentions)

    def several(self, subj: Token) -> bool:
        """The subject is more than one person: "the two ministers", "Wang and Blinken"; not one
        person with two titles ("the party leader and president, X")."""
        if not _plural(subj):
            return False
        named = {self.person_in(subj)} | {self.person_in(c) for c in subj.children if c.dep_ == "conj"}
        named |= {self.person_in(g) for c in subj.children if c.dep_ == "conj" for g in c.children if g.dep_ == "conj"}
        return self.person_in(subj) is None or len(named - {None}) > 1

    def _inside_quote(self, char: int) -> bool:
        # the quotations are in text order and do not overlap: only the last one opened before
        # `char` can hold it
        n = bisect_right(self.quoted, (char, float("inf"))) - 1
        return n >= 0 and self.quoted[n][0] <= char < self.quoted[n][1]

    def salient(self, before: int, want: str | None = None, exclude: frozenset = frozenset()) -> str | None:
        """The person a pronoun or a description most likely refers to: walking back sentence by
        sentence from the token `before`, the last one who spoke (subject of a speech verb or an
        attributed speaker) in the last few sentences, else the nearest person subject, else
        anyone named in the sentence just before; never someone named only inside a quotation,
        nor of the other gender."""
        doc = self.doc
        if before <= 0:
            return None
        ranked = []  # (sentences back, rank, -token, key)
        sent = doc[min(before, len(doc) - 1)].sent
        limit = before
        for back in range(8):
            pm = self.index.person_mentions  # sorted by token: only this sentence's part is read
            lo, hi = bisect_left(pm, (sent.start, "")), bisect_left(pm, (min(sent.end, limit), ""))
            mentions = [(i, k) for i, k in pm[lo:hi] if not self._inside_quote(doc[i].idx)]
            mentions += [(i, k) for i, k in self.resolved.items() if sent.start <= i < min(sent.end, limit)]
            mentions += self._untagged_speakers(sent, limit, {i for i, _ in mentions})
            for i, k in mentions:
                if k in exclude or (want is not None and self.gender.get(k) not in (None, want)):
                    continue
                head = doc[i]
                while head.dep_ in ("compound", "flat", "appos", "conj") and head.head.i != head.i:
                    head = head.head
                verb = head.head
                # "X welcomed Y and said ...": the speech verb coordinated with X's verb is X's too
                speaking = verb.lemma_.lower() in SPEECH or any(
                    c.dep_ == "conj" and c.lemma_.lower() in SPEECH and not any(g.dep_ == "nsubj" for g in c.children)
                    for c in verb.children)
                speech = head.dep_ in ("nsubj", "nsubjpass") and speaking and not any(
                    c.dep_ == "nsubj" and c.i < head.i for c in verb.children)  # "X said Mr Y ...": X
                subject = i in self.index.subjects or head.dep_ in ("nsubj", "nsubjpass")
                rank = 0 if speech or i in self.resolved else 1 if subject else 2
                # of two subjects in one sentence, the main clause's is the one a later "he" takes
                # up, not that of a clause inside it ("X voiced hope that talks resumed after Y won")
                subordinate = int(head.dep_ in ("nsubj", "nsubjpass") and verb.dep_ not in ("ROOT", "conj"))
                ranked.append((back, rank, subordinate, -i, k))
            if sent.start == 0:
                break
            sent = doc[sent.start - 1].sent
            limit = sent.end
        for back, rank, _, _, k in sorted(ranked, key=lambda r: (r[1], r[0], r[2], r[3])):
            if rank == 0 and back <= 4 or rank == 1 or rank == 2 and back <= 1:
                return k
        near = {k for back, _, _, _, k in ranked if back <= 2}
        if want is not None and len(near) == 1:
            return near.pop()  # "his": the one man (or no woman) named in the last sentences
        return None

    def _untagged_speakers(self, sent: Span, limit: int, known: set[int]) -> list[tuple[int, str]]:
        """Proper names the model did not tag as persons, as subjects of a speech verb ("Ruto,
        who ..., said he would ..."; "Trump said ..." tagged as an organisation)."""
        out = []
        for t in sent:
            if t.i >= limit:
                break
            if (t.dep_ == "nsubj" and t.pos_ == "PROPN" and t.head.lemma_.lower() in SPEECH and t.i not in known
                    and not self._inside_quote(t.idx)):
                key = self.person_in(t) or self.new_person(t)
                if key:
                    out.append((t.i, key))
        return out

    def person_in(self, tok: Token) -> str | None:
        """The person a noun phrase names: its head (with its name parts) or an apposition to it
        ("Yuriy Sak, an adviser", "the spokesperson, Mao Ning"); not a person merely mentioned in
        it ("Mr X's office")."""
        children = [c for c in tok.children if c.dep_ in ("compound", "flat", "appos", "conj")]
        if tok.pos_ != "PROPN":
            # a description with the name in apposition: "the party's leader and president, X,
            # said": the apposition names the speaker, not a word inside the description
            appos = [c for c in children if c.dep_ == "appos"]
            appos += [a for c in children if c.dep_ == "conj" for a in c.children if a.dep_ == "appos"]
            for a in appos:
                key = self.person_in(a)
                if key:
                    return key
        for t in [tok, *children]:
            key = self.index.by_token.get(t.i)
            if key and self.index.actors[key].kind == "person":
                return key
        # the model missed the name here ("Healey said") or took it for an organisation: a
        # proper noun (or hyphenated name) that is the first or last name of exactly one person
        # named in the article
        if tok.pos_ == "PROPN":
            name = _name_text(tok)
            same = {k for k, a in self.index.actors.items() if a.kind == "person"
                    and any(label.lower() == name.lower() for label in a.labels | {a.name})}
            if len(same) == 1:
                return same.pop()
            return self.index.person_by_name_part(name) or self.index.person_by_name_part(tok.text)
        if tok.pos_ == "NOUN" and tok.text[:1].isupper() and not tok.text.isupper():
            # an unusual name the tagger took for a common noun ("..., Zelenskyy said"): only
            # the exact first or last name of one person of the article
            same = {k for k, a in self.index.actors.items() if a.kind == "person" and any(
                tok.lower_ in (parts[0], parts[-1]) for parts in (label.lower().split() for label in a.labels | {a.name})
                if parts)}
            if len(same) == 1:
                return same.pop()
        return None

    def new_person(self, tok: Token) -> str | None:
        """A speaker the model did not tag: a capitalised proper name as the subject of a speech
        verb ("Ruto said"), that is no country, place, organisation, role or institution."""
        # the small model tags some foreign names as works of art or products ("Kampee Ditthakorn")
        if self.article is None or tok.pos_ != "PROPN" or tok.ent_type_ not in NAME_ENTITY_TYPES:
            return None
        parts = [c for c in tok.children if c.dep_ in ("compound", "flat") and c.i < tok.i and c.pos_ == "PROPN"]
        words = [*parts, tok]
        if words[0].i != tok.i - len(parts) or any(w.ent_type_ not in NAME_ENTITY_TYPES for w in words):
            return None
        lex = lexicon()
        for w in words:
            low = w.lower_
            if (not w.text[:1].isupper() or w.text.isupper() or len(w.text) < 3 or low in lex.role_words
                    or low in INSTITUTION_HEADS or lex.country_of(w.text) or low in lex.capitals
                    or lex.organization_of(w.text) or lex.institution_country(w.text) or low in lex.name_titles_lower):
                return None
        name = " ".join(w.text for w in words)
        body = self.doc.text
        if (max(len(re.findall(r"\b%s\b" % re.escape(w.text), body)) for w in words) < 2
                or re.search(r"\b%s\b" % re.escape(tok.lower_), body)):
            return None  # named once ("Mr X" later counts), or a common noun written with a capital
        from ..actors.extract import slug
        key = f"person:{slug(name)}"
        # the model tagged only the short form elsewhere ("Mr X"): that person, now with a full name
        short = [k for k, a in self.index.actors.items() if a.kind == "person" and a.name in {w.text for w in words}]
        if len(short) == 1 and key not in self.index.actors:
            key = short[0]
            self.index.actors[key].name = name
        if key in self.index.actors and self.index.actors[key].kind != "person":
            return None
        span = self.doc[words[0].i: tok.i + 1]
        actor = self.index.actors.get(key)
        if actor is None:
            actor = self.index.actors[key] = ActorRecord(key=key, kind="person", name=name)
        actor.labels.add(name)
        actor.mentions.append(Evidence(self.article.id, "rule:speaker-name", sentence=span.sent.text.strip(),
                                       start=span.start_char, end=span.end_char, confidence=0.6))
        for w in words:
            self.index.by_token[w.i] = key
        self.index.person_mentions.append((words[0].i, key))
        self.index.person_mentions.sort()
        self.index.subjects.add(words[0].i)
        return key

    def resolve(self, tok: Token, before_char: int | None = None, quoting: bool = False) -> tuple[str | None, str, bool]:
        """(speaker key, rule, named) for a subject token; `before_char`: where the search for a
        pronoun's referent starts (the quotation's start when the speaker follows it); `quoting`:
        the token introduces a quotation, so whoever it names is the speaker a later "he" most
        likely takes up."""
        result = self._resolve(tok, before_char)
        if result[0] is not None and (quoting or not result[2]):
            self.resolved[tok.i] = result[0]
        return result

    def _resolve(self, tok: Token, before_char: int | None) -> tuple[str | None, str, bool]:
        named = self.person_in(tok)
        if named:
            return named, "name", True
        low = tok.lower_
        before = tok.i
        if before_char is not None and before_char < tok.idx:
            span = self.doc.char_span(before_char, before_char + 1, alignment_mode="expand")
            if span is not None:
                before = span.start
        if low in PRONOUNS:
            return self.salient(before, "f" if low == "she" else "m"), "pronoun", False
        words = {t.lower_ for t in tok.subtree}
        determiners = {t.lower_ for t in tok.subtree if t.dep_ in ("det", "poss")}
        if low in INSTITUTION_HEADS or tok.ent_type_ in ("ORG", "GPE", "NORP", "FAC") or (
                tok.pos_ == "PROPN" and (lexicon().institution_country(tok.text) or lexicon().country_of(tok.text))):
            return None, "institution", False
        post_words = lexicon().role_words - ROLE_FUNCTION_WORDS
        if determiners & {"a", "an", "some", "one", "another"} or low in UNKNOWN_SPEAKERS and not (words & post_words):
            return None, "unnamed", False
        titled = self.titled_holder(tok)
        if titled:
            return titled, "title-named", False
        holder = self._role_holder(tok)
        if holder:
            return holder, "title-holder", False
        leader = self._country_leader(tok)
        if leader is not None:
            return leader or None, "country-leader", False
        if self._names_a_country_post(tok):
            # "the Chinese foreign minister said" where the article names no holder of that
            # post: not whoever spoke last
            return None, "title-unheld", False
        if determiners & {"the"} and (words & (post_words | {"chief", "official", "minister", "leader", "premier"})
                                      or re.search(r"\d+-year-old", " ".join(t.text for t in tok.subtree))
                                      or low == "old"):
            return self.salient(before), "description-salient", False
        new = self.new_person(tok)
        if new:
            return new, "name", True
        return None, "unnamed", False

    def _country_leader(self, tok: Token) -> str | None:
        """ "the Chinese leader", "Australia's leader": the article's head of state or government
        of that country ("" when it names none: then not whoever spoke last); None when the
        phrase is no leader of a named country."""
        if tok.lower_ not in ("leader", "leaders'") or tok.pos_ == "PROPN":
            return None
        lex = lexicon()
        quals = _qualifiers(self.doc, tok.i) | {c.lower_ for c in tok.children if c.dep_ == "poss"}
        countries = {lex.country_of(q) for q in quals} - {None}
        if len(countries) != 1:
            return None
        country = countries.pop()
        holders = [o.person for o in self.offices if o.person and o.country == country
                   and o.role in ("head_of_state", "head_of_government")]
        if len(set(holders)) <= 1:
            return holders[0] if holders else ""
        recent = ""
        for i, key in self.index.person_mentions:
            if i < tok.i and key in holders:
                recent = key
        return recent

    def _names_a_country_post(self, tok: Token) -> bool:
        span = self.doc[tok.left_edge.i: tok.right_edge.i + 1]
        roles = [s for s in self.doc.spans.get("roles", []) if s.start >= span.start and s.end <= span.end
                 and s.label_.startswith("ROLE:") and s.label_ != "ROLE:other"]
        return bool(roles) and any(lexicon().country_of(q) for q in _qualifiers(self.doc, roles[0].start))

    def _role_holder(self, tok: Token) -> str | None:
        """ "Beijing's newly-appointed defense chief" -> the person holding that post here."""
        span = self.doc[tok.left_edge.i: tok.right_edge.i + 1]
        roles = [s for s in self.doc.spans.get("roles", []) if s.start >= span.start and s.end <= span.end
                 and s.label_.startswith("ROLE:")]
        if not roles:
            return None
        lex = lexicon()
        if any(c.dep_ == "poss" and (self.person_in(c) or c.pos_ == "PROPN" and not (
                lex.country_of(c.text) or lex.capitals.get(c.lower_) or lex.institution_country(c.text)))
               for c in tok.children):
            return None  # "Putin's spokesman": a post of that person's staff, whoever holds it here
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


# titles written with a stop that do not end the attribution ("said press secretary Maj. Gen. X")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "gen", "maj", "lt", "col", "capt", "cmdr", "adm", "sgt", "gov",
                 "sen", "rep", "st", "jr", "sr", "amb", "pres", "hon", "rev", "u.s", "u.k", "u.n"}


def _sentence_end(text: str) -> int | None:
    """The offset of the stop that ends the first sentence of `text`, skipping the stops of
    abbreviated titles and initials."""
    for m in re.finditer(r"[.!?](?:\s|$)", text):
        word = re.search(r"([\w.]+)$", text[:m.start()])
        if m.group()[0] == "." and word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1
                                             and word.group(1).isupper()):
            continue
        return m.start()
    return None


def _quoted_as_saying(verb: Token) -> Token | None:
    """ "the Interfax news agency quoted X as saying": the words are X's, not the agency's."""
    if verb.lemma_.lower() != "quote":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    as_saying = any(c.lower_ == "as" and any(g.lemma_.lower() in ("say", "tell") for g in c.children)
                    for c in [*verb.children, *(obj.children if obj is not None else ())])
    return obj if as_saying else None


def _attribution_after(doc: Doc, q: Quote, limit: int, speakers: Speakers):
    """Speaker named right after a quote: "..., X said", "said X", "X was quoted as saying"."""
    tail = doc.text[q.end:limit]
    m = re.match(r"^[\s,.;:!?”\"’']*", tail)
    gap_end = q.end + (m.end() if m else 0)
    cut = _sentence_end(doc.text[gap_end:limit])
    end = gap_end + (cut + 1 if cut is not None else limit - gap_end)
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
        if verb.dep_ in ("acl", "amod", "relcl") and verb.tag_ in ("VBN", "VBG"):
            continue  # "a readout posted by the Kremlin said": the noun's participle is not the attribution
        quoted = _quoted_as_saying(verb)
        if quoted is not None:
            key, rule, named = speakers.resolve(quoted, q.start, quoting=True)
            return key, "after-quoted-as-saying+" + rule, named
        subj = _subject(verb, gap_end, end)
        if subj is None:
            # "said X": the inverted subject follows the verb
            after = [t for t in tokens if t.i > verb.i]
            if after and (after[0].ent_type_ == "PERSON" or after[0].lower_ in PRONOUNS
                          or (after[0].pos_ == "PROPN" and speakers.index.person_by_name_part(after[0].text))):
                subj = after[0]
        if subj is not None and subj.idx >= gap_end - 1:
            key, rule, named = speakers.resolve(subj, q.start, quoting=True)
            return key, "after+" + rule, named
        break
    return None


# nouns for something said or written: "his announcement that “...”", "X's statement: “...”"
SAYING_NOUNS = {"statement", "announcement", "remark", "comment", "word", "message", "post", "tweet", "claim",
                "pledge", "promise", "assertion", "warning", "vow", "declaration", "assurance", "appeal", "admission",
                "insistence", "description", "observation", "reminder"}


def _attribution_possessor(doc: Doc, q: Quote, floor: int, speakers: Speakers):
    """ "she said, in reference to his announcement that “...”", "reports X's statement that
    “...”": the quotation completes a noun for something said, and whose saying it was is the
    noun's possessor, not the subject of the sentence around it."""
    tokens = [t for t in _tokens(doc, floor, q.start - 1) if not t.is_space]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ == "that"):
        tokens.pop()
    if not tokens or tokens[-1].lemma_.lower() not in SAYING_NOUNS or tokens[-1].pos_ != "NOUN":
        return None
    poss = next((c for c in tokens[-1].children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    if poss.lower_ in ("his", "her"):
        key = speakers.salient(poss.i, "m" if poss.lower_ == "his" else "f")
        return (key, "possessor-pronoun", False) if key else None
    key, rule, named = speakers.resolve(poss)
    return key, "possessor+" + rule, named


def _attribution_before(doc: Doc, q: Quote, floor: int, speakers: Speakers):
    """Speaker named before a quote: "X said: “...”", "He added: “...”", "X stated, promising that “"."""
    head_text = doc.text[floor:q.start - 1]
    if not head_text.strip():
        return None
    tokens = _tokens(doc, floor, q.start - 1)[-40:]
    if not tokens:
        return None
    sent = tokens[-1].sent
    tokens = [t for t in tokens if t.sent == sent]  # the sentence that opens the quotation
    verbs = _speech_verbs(tokens)
    last_word = next((t for t in reversed(tokens) if not t.is_punct), None)
    for verb in reversed(verbs):
        if verb is not last_word and any(o is not verb and o.is_ancestor(verb) for o in verbs):
            # "The minister said that he and X had agreed ... “...”": the words are reported by
            # the outer speaker; an inner verb speaks only where it introduces the quotation
            # ("... said Y told him: “...”")
            continue
        quoted = _quoted_as_saying(verb)
        if quoted is not None and quoted.idx < q.start:
            key, rule, named = speakers.resolve(quoted, quoting=True)
            return key, "before-quoted-as-saying+" + rule, named
        subj = _subject(verb, floor, q.start)
        if subj is not None and subj.idx < q.start:
            if speakers.several(subj):
                return None, "before+plural", False  # "the two leaders agreed to “...”": no one person
            key, rule, named = speakers.resolve(subj, quoting=True)
            return key, "before+" + rule, named
        left = [t for t in tokens if t.i < verb.i and not t.is_punct]
        if 1 < len(left) <= 6 and left[0].lower_ == "the" and (
                re.search(r"\d+-year-old$", doc[left[0].i:verb.i].text.strip())
                or left[-1].lower_ in lexicon().role_words | {"leader", "premier", "chief"}):
            # "The 40-year-old tweeted:", parsed without a subject
            key = speakers.salient(left[0].i)
            return key, "before+description-salient", False
    return None


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


def _meeting_of(doc: Doc, q: Quote, meetings: list[MeetingRecord]) -> int | None:
    """The article's meeting whose evidence sentence holds the quote, if the article says so."""
    for n, m in enumerate(meetings):
        for ev in m.evidence:
            if ev.start is not None and ev.start <= q.start < ev.end:
                return n
    return None


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


def extract(doc: Doc, article: Article, found: dict, settings) -> list[StatementRecord]:
    """The registry's entry (loader/facts/__init__.py); reported speech as `settings` says."""
    return extract_statements(doc, article, found["actors"], found["offices"], found["meetings"],
                              indirect=settings.indirect_speech)
