"""The articles section: each loaded article in scope against its gold entry (title, date of
publication). It is no fact kind's: the articles are the scope every section is read in."""
from __future__ import annotations

from .compare import GoldByArticle, judge_date, normalise_title
from .gold import Gold
from .matching import Section, plain
from .stored import Fact, Loaded


def describe_article(e: dict) -> str:
    text = e["file"]
    if e["title"] is not None:
        text += f' "{e["title"]}"'
    if e["published"] is not None:
        text += f", published {e['published']}"
    return text


def score_articles(gold: Gold, loaded: Loaded) -> Section:
    sec = Section("articles")
    facts = loaded.article_facts()
    verdicts = {}
    index = GoldByArticle([a["file"]] for a in gold.articles)
    for f in facts:
        # the most specific gold key that names this article
        keys = index.positions([f.text])
        gi = max(keys, key=lambda i: len(gold.articles[i]["file"]))
        g = gold.articles[gi]
        problems = []
        if g["title"] is not None:
            if f.data["title"] is None:
                sec.attribute("title", "missing")
                problems.append(f"no title (gold \"{g['title']}\")")
            elif normalise_title(f.data["title"]) == normalise_title(g["title"]):
                sec.attribute("title", "right")
            else:
                sec.attribute("title", "wrong")
                problems.append(f"title \"{f.data['title']}\" (gold \"{g['title']}\")")
        verdict = judge_date(f.data["published"], g["published"], exact=True)
        sec.attribute("published", verdict)
        if verdict in ("wrong", "missing"):
            problems.append(f"published {f.data['published_text'] or 'none'} (gold {g['published']})")
        verdicts.setdefault(gi, []).append((f, problems))
        text = f'{f.text}: "{f.data["title"]}", published {f.data["published_text"] or "none"}'
        ev = f.evidence if any(p.startswith("published") for p in problems) else []
        sec.fact(not problems, Fact(f.iri, text, f.sources, ev), "; ".join(problems))
    for gi, g in enumerate(gold.articles):
        found = verdicts.get(gi, [])
        ok = any(not problems for _, problems in found)
        why = None
        if not found:
            why = "no loaded article has this file name"
        elif not ok:
            why = "; ".join(p for _, problems in found for p in problems)
        sec.item(g["tier"], ok, describe_article(g), plain(g["raw"]), why)
    return sec
