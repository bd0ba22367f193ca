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

from rapidfuzz import fuzz

from .dates import ABSOLUTE_DATE

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
DROP_LINES = re.compile(r"(?i)^(?:\[ad_\d+\]|\(disclaimer:.*\)|disclaimer:.*|\(?photo/.{0,40}\)?|advertisement)$")
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


def split_outlet(title: str) -> tuple[str, str | None]:
    """"Headline — Outlet Name" -> ("Headline", "Outlet Name") when the tail looks like a name."""
    m = TITLE_SUFFIX.match(title)
    if not m:
        return title, None
    tail = m.group("outlet").strip()
    words = tail.split()
    if len(words) <= 5 and _words(m.group("title")) >= 3 and all(w[0].isupper() or not w[0].isalpha() for w in words):
        return m.group("title").strip(), tail
    return title, None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def find_headline(lines: list[str], title_hint: str | None) -> int | None:
    """Index of the headline: the line matching a stated title, else the title-like line nearest
    above the first story paragraph (menus and banners sit further up, bylines and datelines
    between headline and story are not title-like)."""
    if title_hint:
        hint = _normal(title_hint)
        for i, line in enumerate(lines):
            if hint and fuzz.ratio(_normal(line), hint) >= 90:
                return i
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
    header = rest[:start]
    paragraphs: list[str] = []
    for j, line in enumerate(rest[start:]):
        if END_MARKERS.match(line):
            dropped.extend(rest[start + j:])
            break
        if DROP_LINES.match(line) or (title and _normal(line) == _normal(lines[head])):
            dropped.append(line)
            continue
        if _words(line) < 4 and not SENTENCE_END.search(line):
            header.append(line)  # a stray dateline or label inside the story ("BEIJING (AP)")
            continue
        paragraphs.append(line)
    return Cleaned(title=title, outlet_from_title=outlet, header=header, paragraphs=paragraphs, dropped=dropped)
