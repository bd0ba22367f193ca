"""Page-chrome removal: keep the headline and the story, drop what the site wrapped around them.

Scraped pages put weather, menus and banner dates (the date the page was rendered, not the
story's) above the headline, and teasers, share prompts, ratings and copyright lines after the
story. The rules work on lines and know nothing of any site:

- the headline is the first title-like line followed closely by a body paragraph (or the line
  that matches a title the input states);
- lines between the headline and the first paragraph are the header (datelines, bylines) and are
  kept apart for metadata, not for extraction;
- the story ends at the first end marker ("Source link", "Related Articles", ...), and inside it
  ad tokens, disclaimers, repeats of the headline and short fragments without a sentence go.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from rapidfuzz import fuzz

from .dates import ABSOLUTE_DATE, NUMERIC_DATE, TIME_OF_DAY

END_MARKERS = re.compile(
    r"""(?ix)^(?:
      source\s+link | related(?:\s+(?:articles?|news|posts?|stories|content|coverage))?:? |
      read\s+(?:more|also|next)\b.* | more\s+(?:from|on|stories|news)\b.* | see\s+also:? |
      previous\s+(?:article|post|story) | next\s+(?:article|post|story) |
      you\s+(?:can|may)\s+share\s+this\b.* | share\s+(?:this|on)\b.* | leave\s+a\s+(?:reply|comment)\b.* |
      how\s+useful\s+was\s+this\b.* | click\s+on\s+a\s+star\b.* | (?:latest|top|trending)\s+(?:news|articles|stories)\b.* |
      most\s+(?:popular|read|viewed)\b.* | back\s+to\s+top\b.* | (?:copyright|\(c\)|©)\b.* | .*\ball\s+rights\s+reserved\b.* |
      \[ad_2\] | advertisement | subscribe\b.* | sign\s+up\s+for\b.* | follow\s+us\b.* | tags?:.* |
      comments?(?:\s+\(\d+\))? | you\s+might\s+(?:also\s+)?like\b.* | recommended(?:\s+for\s+you)? | also\s+read:?.*
    )$"""
)
# end markers pages also put inside a story (an ad slot, a "read also" link): they end it only
# where no paragraph about the story follows (`_story_goes_on`)
SOFT_MARKERS = re.compile(
    r"""(?ix)^(?:
      advertisement:? | also\s+read\b.* | read\s+(?:more|also|next)\b.* | see\s+also\b.* |
      related(?:\s+(?:articles?|news|posts?|stories|content|coverage))?:?.* | subscribe\b.* | sign\s+up\s+for\b.*
    )$"""
)
# A wire story's credit line and a page's topic list come after the story, never inside it.
HARD_END = re.compile(r"(?i)^(?:(?:reporting|writing|editing|additional\s+reporting)\s+by\s+[A-Z].*|"
                      r"(?:subjects?|topics?|keywords?)\s*:.*)$")
DROP_LINES = re.compile(r"(?i)^(?:\[ad_\d+\]|\(disclaimer:.*\)|disclaimer:.*|\(?photo/.{0,40}\)?|advertisement|"
                        r"(?:photo(?:graph)?s?|image|video)(?::| by)\s.{1,60})$")  # a photo credit line
# a section label on a line of its own inside a story ("Background:", "Quick facts:")
SECTION_LABEL = re.compile(r"^[A-Z][\w’'-]*(?:\s[\w’'-]+){0,2}:$")
SENTENCE_END = re.compile(r"[.!?:;\"”’]\s*$")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
TITLE_SUFFIX = re.compile(r"^(?P<title>.+?)\s+(?:[—–|]|-{1,2})\s+(?P<outlet>[^—–|]{2,60})$")


@dataclass
class Cleaned:
    """The parts of a page: headline, header lines (dateline, byline) and story paragraphs."""

    title: str | None
    outlet_from_title: str | None
    header: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _words(line: str) -> int:
    return len(WORD.findall(line))


def is_date_line(line: str) -> bool:
    """A line that is mostly a date ("Friday, November 8, 2024"), as banners and datelines are."""
    m = ABSOLUTE_DATE.search(line)
    return bool(m) and _words(ABSOLUTE_DATE.sub(" ", line)) <= 2


def is_paragraph(line: str) -> bool:
    return _words(line) >= 15 and bool(re.search(r"[.!?\"”:]", line))


def is_unstopped_lead(line: str) -> bool:
    """The story's lead set apart above it without its full stop ("US President X will host Y on
    May 23 ..., the White House said Friday"): a long line in sentence case, no date or byline line."""
    words = WORD.findall(line)
    if len(words) < 20 or is_dateline(line) or SEPARATORS.search(line) or BYLINE.match(line):
        return False
    return sum(w[:1].isupper() for w in words) / len(words) < 0.5


SEPARATORS = re.compile(r"\s[|·•›»/]\s|[≡☰]")
BYLINE = re.compile(r"(?i)^(?:by|from|reporting by|written by|photo(?:graph)?s? by)\s+[A-Z]")
LABEL_PREFIX = re.compile(r"^(?P<label>[^:]{1,20}):\s")


def is_title_like(line: str) -> bool:
    """A line that can be a headline: a few words of text, not a menu, banner, date or byline."""
    n = _words(line)
    if not 3 <= n <= 30 or is_date_line(line) or ABSOLUTE_DATE.search(line):
        return False
    if line.startswith(("[", "(", "©")) or "http" in line or "www." in line:
        return False
    if SEPARATORS.search(line) or BYLINE.match(line):
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        return False  # ALL-CAPS menus and section bars
    label = LABEL_PREFIX.match(line)
    if label and label.group("label").isupper():
        return False  # "LIVE: ...", "BREAKING: ..."
    # a story sentence, not a headline: several sentences, or long and ending in a full stop
    return not (len(re.findall(r"[.!?]\s+[A-Z]", line)) >= 1 and n > 12)


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    """Agencies and outlets by the names datelines and titles give them (data/outlets.yaml)."""
    text = resources.files("newsgraph.loader.data").joinpath("outlets.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


# words that make a name an outlet's ("RT World News", "The Greek Herald", "example.com")
OUTLET_WORDS = re.compile(
    r"(?i)\b(?:news|times|post|herald|tribune|journal|daily|today|online|press|agency|radio|tv|television|"
    r"channel|network|media|gazette|guardian|telegraph|express|mirror|observer|chronicle|review|standard|"
    r"magazine|weekly|insider|wire|dispatch|bulletin|courier|monitor|broadcasting|reporter)\b|\.(?:com|net|org|co)\b")


def split_outlet(title: str) -> tuple[str, str | None]:
    """"Headline — Outlet Name" -> ("Headline", "Outlet Name") when the tail looks like a site's
    name: after a bar ("Headline | Site"), several capitalised words, a known outlet or one with
    an outlet's word ("Times", "News"). A dashed one-word tail that is none of these is the
    headline's attribution ("... sanctions package - Kallas", "... before month's end - USTR":
    who said it) and stays in the headline."""
    m = TITLE_SUFFIX.match(title)
    if not m:
        return title, None
    tail = m.group("outlet").strip()
    words = tail.split()
    known = outlets()
    bar = "|" in title[m.end("title"):m.start("outlet")]  # "Headline | Site": a bar sets off the site's name
    looks_like_outlet = (bar or len(words) >= 2 or tail in known or tail in known.values()
                         or bool(OUTLET_WORDS.search(tail)))
    if (looks_like_outlet and len(words) <= 5 and _words(m.group("title")) >= 3
            and all(w[0].isupper() or not w[0].isalpha() for w in words)):
        return m.group("title").strip(), tail
    return title, None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


CHROME_PHRASES = re.compile(
    r"(?i)^(?:skip\s+to\b.*|spread\s+the\s+love|untitled(?:\s+design)?|all\s+sections|main\s+menu|"
    r"menu|search|sign\s+in|log\s+in|home(?:\s*page)?|breaking\s+news|live\s+updates?|"
    r"\d+\s+min(?:ute)?s?\s+read.*|listen\s+to\s+(?:this\s+)?(?:article|story).*)$")


WEEKDAY_OR_DATE_START = re.compile(
    r"(?i)^\W*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,4}\b|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)")


def opens_with_headline(line: str) -> bool:
    """Whether a page's first line is its headline: saved pages and scrapes that begin with the
    page title ("Ukraine's parliament appoints X defence minister") rather than with site chrome
    (weather, menus, banner dates, "Skip to main content"). A headline may name a date ("Press
    Briefing of April 28, 2023") but is not one."""
    n = _words(line)
    if n < 4 or CHROME_PHRASES.match(line) or is_date_line(line) or "°" in line:
        return False  # "°": a weather banner ("Wednesday, February 5, 2025  Beijing 3°C")
    dated = ABSOLUTE_DATE.search(line)
    if dated and (WEEKDAY_OR_DATE_START.match(line) or _words(ABSOLUTE_DATE.sub(" ", line)) < 5):
        return False  # a banner that begins with the day, not a headline naming a date
    undated = ABSOLUTE_DATE.sub("Date", line)
    return is_title_like(undated)


def find_headline(lines: list[str], title_hint: str | None) -> int | None:
    """Index of the headline: the line matching a stated title, else the page's first line when
    it is a headline, else the title-like line nearest above the first story paragraph (menus and
    banners sit further up, bylines and datelines between headline and story are not title-like)."""
    if title_hint:
        hint = _normal(title_hint)
        for i, line in enumerate(lines):
            if hint and fuzz.ratio(_normal(line), hint) >= 90:
                return i
    if lines and opens_with_headline(lines[0]):
        return 0
    first = next((i for i, line in enumerate(lines) if is_paragraph(line)), None)
    if first is None:
        return None
    for i in range(first - 1, max(-1, first - 7), -1):
        if is_title_like(lines[i]):
            return i
    return None


def remove_chrome(text: str, title_hint: str | None = None) -> Cleaned:
    lines = [" ".join(raw.split()) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    head = find_headline(lines, title_hint)
    title = outlet = None
    dropped: list[str] = []
    if head is not None:
        title, outlet = split_outlet(lines[head])
        dropped.extend(lines[:head])
        rest = lines[head + 1:]
    else:
        rest = lines
    start = next((i for i, line in enumerate(rest) if is_paragraph(line)), None)
    if start is None:
        # nothing paragraph-like: keep every non-chrome line rather than lose the story
        start = 0
    while start > 0 and is_unstopped_lead(rest[start - 1]):
        start -= 1
    header = rest[:start]
    paragraphs: list[str] = []
    body = rest[start:]
    j = 0
    while j < len(body):
        line = body[j]
        if HARD_END.match(line):
            dropped.extend(body[j:])
            break
        if SOFT_MARKERS.match(line) or END_MARKERS.match(line):
            resume = _story_goes_on(body, j, [title or "", *paragraphs]) if SOFT_MARKERS.match(line) else None
            if resume is None:
                dropped.extend(body[j:])
                break
            dropped.extend(body[j:resume])
            j = resume
            continue
        j += 1
        if DROP_LINES.match(line) or (title and _normal(line) == _normal(lines[head])):
            dropped.append(line)
            continue
        if (_words(line) < 4 and not SENTENCE_END.search(line)) or (len(paragraphs) < 3 and is_dateline(line)):
            header.append(line)  # a stray dateline or label inside the story ("BEIJING (AP)")
            continue
        paragraphs.append(line)
    teasers = _trailing_teasers(paragraphs)
    if teasers:
        dropped.extend(paragraphs[-teasers:])
        del paragraphs[-teasers:]
    return Cleaned(title=title, outlet_from_title=outlet, header=header, paragraphs=paragraphs, dropped=dropped)


def is_dateline(line: str) -> bool:
    """A line that dates the page rather than telling the story: a date with a time, a byline or a
    label beside it ("September 25, 2023 12:28 pm | Updated 12:29 pm IST - New York", "By JT - May
    31,2023 - Last updated at Jun 01,2023", "Published 6 November 2023"), no sentence."""
    if not (ABSOLUTE_DATE.search(line) or NUMERIC_DATE.search(line)):
        return False
    rest = TIME_OF_DAY.sub(" ", NUMERIC_DATE.sub(" ", ABSOLUTE_DATE.sub(" ", line)))
    return _words(rest) <= 8 and not SENTENCE_CLOSE.search(line)


NAME = re.compile(r"\b[A-Z][\w’'-]{2,}")
NOT_NAMES = frozenset(
    "The This That These Those There Then His Her Its Their Our Your She They And But For With From After Before While "
    "When What Why How Who Where Which Also Earlier Later Meanwhile However Last Next Read More Related See Advertisement "
    "Subscribe Sign Share Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July "
    "August September October November December Mr Mrs Ms Dr".split())


def _names(text: str) -> set[str]:
    return {w for w in NAME.findall(text) if w not in NOT_NAMES}


def _story_goes_on(body: list[str], k: int, story: list[str]) -> int | None:
    """Where the story resumes after the soft end marker at `body[k]`, or None when it ends
    there: after at most one teaser headline (inline in the marker line or on the next line),
    the next line must be a story paragraph naming someone or something the story named before
    (`story` is the headline and the paragraphs so far)."""
    told = _names("\n".join(story))
    teasers = 0
    for j in range(k + 1, min(k + 5, len(body))):
        line = body[j]
        if SOFT_MARKERS.match(line) or DROP_LINES.match(line) or SECTION_LABEL.match(line):
            continue  # an ad slot beside a "Read more" link, a photo credit, "Background:"
        if END_MARKERS.match(line) or HARD_END.match(line):
            return None
        if is_paragraph(line):
            # right under the lead, a marker is an inline teaser: the story has not been told yet
            return j if _names(line) & told or len(story) <= 2 else None
        teasers += 1
        if teasers > 1:
            return None
    return None


SENTENCE_CLOSE = re.compile(r"[.!?][\"”’')\]]*\s*$")


def _trailing_teasers(paragraphs: list[str]) -> int:
    """How many paragraphs at the end are a block of teasers for other stories: three or more
    lines in a row, after the story's last full sentence, none of which ends a sentence (teasers
    are standfirsts without a full stop: 'Heavy snow warning tells residents to ...')."""
    n = 0
    for line in reversed(paragraphs):
        if SENTENCE_CLOSE.search(line):
            break
        n += 1
    return n if n >= 3 and n < len(paragraphs) else 0
