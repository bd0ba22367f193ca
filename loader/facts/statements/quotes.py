"""Finding quotations: matched quote marks, pull quotes, teasers, and quotes that run on."""
from __future__ import annotations

import re
from dataclasses import dataclass


OPEN_CLOSE = {"“": "”", '"': '"', "«": "»", "„": "“"}
# the marks that may close a quotation opened by each mark: writers and scrapers mix them
# ("I mean ...,” he said; «... now “, he noted)
CLOSERS = {"“": "”\"»“", '"': '"”“', "«": "»“”\"", "„": "“”\""}


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
