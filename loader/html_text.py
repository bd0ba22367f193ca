"""HTML pages to plain text lines plus the metadata their <head> states.

Markup goes here; page chrome in the text that is left (menus, teasers) goes in `chrome.py`,
the same way for HTML and scraped text. The story's text is trafilatura's main-text extraction
(which judges blocks by their markup: link density, position, class names); the headline, the
date and byline lines under it and the metadata are our own reading, and a page trafilatura
finds no text in is read by our own rules alone.
"""
from __future__ import annotations

import json
import logging

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from .chrome import is_paragraph

try:  # trafilatura 2.x needs lxml_html_clean beside lxml 6.2
    import trafilatura
except ImportError:  # pragma: no cover - a dependency; without it our own reading is used
    trafilatura = None
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
# Pages larger than this are read by our own rules only (trafilatura's tree work grows with them).
TRAFILATURA_MAX_CHARS = 2_000_000
from .records import InputError, SourceDocument

DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
             "iframe", "svg", "button", "select", "figure")
BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section",
              "article", "br", "tr", "figcaption", "time", "pre", "dd", "dt")


def _meta(soup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content", "").strip():
            return tag["content"].strip()
    return None


def _json_ld(soup) -> dict:
    """The first schema.org NewsArticle-like object in the page's JSON-LD, if any. JSON-LD that
    cannot be read (malformed, or nested too deeply for the parser) is ignored like a missing one:
    the page's text is the article, its JSON-LD only adds metadata."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                return item
    return {}


def _string(value) -> str | None:
    """A metadata value from JSON-LD when it is a non-empty string (JSON-LD allows lists and
    objects where a page would state a headline or a date)."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def _shown(node):
    """The elements under `node` that the page shows, in document order, each as ("start", tag),
    ("end", tag) or ("text", string); the DROP_TAGS and what is inside them are left out.
    One pass without recursion, so that deep nesting costs neither time nor stack."""
    stack: list = [("start", node)]
    while stack:
        event, item = stack.pop()
        if event == "start" and isinstance(item, Tag):
            if item.name in DROP_TAGS:
                continue
            yield event, item
            stack.append(("end", item))
            stack.extend(("start", child) for child in reversed(item.contents))
        elif event == "end":
            yield event, item
        elif type(item) in (NavigableString, CData):  # not comments, doctypes, script or ruby text
            yield "text", item


def _story_root(soup):
    """Where the story is: the first shown <article>, else the first shown <main>, else <body>."""
    found: dict = {}
    for event, item in _shown(soup):
        if event == "start" and item.name in ("article", "main") and item.name not in found:
            found[item.name] = item
            if item.name == "article":
                break
    return found.get("article") or found.get("main") or soup.body or soup


def _text(root) -> str:
    """The text `root` shows, with a line break around every block element: what get_text() gives
    after a "\n" is inserted before and after each block tag, without changing the tree (each
    insertion looks the tag up among its siblings or walks its descendants: quadratic in the
    number of paragraphs, or in the depth of nesting)."""
    pieces: list[str] = []
    for event, item in _shown(root):
        if event == "text":
            pieces.append(item)
        elif item.name in BLOCK_TAGS and item is not root:
            pieces.append("\n")
    return "".join(pieces)


def _main_text(markup: str) -> list[str]:
    """The page's main text by trafilatura, as lines; [] when it finds none or cannot read the page."""
    if trafilatura is None or len(markup) > TRAFILATURA_MAX_CHARS:
        return []
    try:
        text = trafilatura.extract(markup, output_format="txt", include_comments=False, include_tables=False,
                                   include_images=False, deduplicate=False, favor_precision=False)
    except Exception:  # a page trafilatura cannot read is read by our own rules
        return []
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    return lines if any(is_paragraph(line) for line in lines) else []


def html_to_document(markup: str, source: str, path: str) -> SourceDocument:
    try:
        soup = BeautifulSoup(markup, "html.parser")
    except Exception as exc:  # bs4 raises assorted errors on broken markup
        raise InputError(path, f"cannot parse HTML ({exc})") from None
    ld = _json_ld(soup)
    meta: dict = {}
    published = _meta(soup, "article:published_time", "datePublished", "date", "dc.date", "DC.date.issued") \
        or _string(ld.get("datePublished"))
    if published:
        meta["published"] = published
    outlet = _meta(soup, "og:site_name", "application-name")
    if not outlet and isinstance(ld.get("publisher"), dict):
        outlet = _string(ld["publisher"].get("name"))
    if outlet:
        meta["outlet"] = outlet
    url = _meta(soup, "og:url") or (soup.find("link", rel="canonical") or {}).get("href")
    if url:
        meta["url"] = url
    lang = (soup.html.get("lang") if soup.html else None)
    if lang:
        meta["language"] = lang.split("-")[0].lower()
    h1 = soup.find("h1")
    title = (h1.get_text(" ", strip=True) if h1 else None) or _meta(soup, "og:title") or _string(ld.get("headline")) \
        or (soup.title.get_text(strip=True) if soup.title else None)

    lines = [" ".join(line.split()) for line in _text(_story_root(soup)).splitlines()]
    lines = [line for line in lines if line]
    main = _main_text(markup)
    if main:
        # our reading down to the first story paragraph (headline, date and byline lines), then
        # trafilatura's story
        first = next((i for i, line in enumerate(lines) if is_paragraph(line)), len(lines))
        lines = lines[:first] + [line for line in main if line not in lines[:first]]
    if title and title not in lines:
        # a headline the page does not show goes where the story starts, so that menus and banner
        # dates stay above it, where chrome removal drops them, instead of passing for a dateline
        start = next((i for i, line in enumerate(lines) if is_paragraph(line)), 0)
        lines.insert(start, title)
    text = "\n\n".join(lines)
    return SourceDocument(source=source, path=path, text=text, metadata=meta, title_hint=title)
