"""Who takes part in a meeting: the visitor, the one who only reports it, pronouns, counterparts,
captions, "the two ministers", and whether it is one meeting with each.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..actors.index import ActorIndex
from ...lexicon import lexicon
from ..offices.records import OfficeRecord
from .wording import MEET_NOUNS, SPEECH_VERBS, _framing


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
