"""Who a speaker phrase is: a name, a pronoun, a title held by one person of the article, or an
institution that leaves the speaker unknown.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

from ..actors.index import ActorIndex
from ...lexicon import lexicon
from ...records import Article, Evidence
from ..actors.records import ActorRecord
from ..offices.records import OfficeRecord
from .wording import PRONOUNS, SPEECH


NAME_ENTITY_TYPES = ("", "PERSON", "WORK_OF_ART", "PRODUCT")

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
        # a name the model missed ("Healey said") or took for an organisation: the first or last
        # name of exactly one person the article names
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
        from ..actors.names import slug
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
