"""The statements' evaluation section: each loaded statement from the articles in scope against the
gold statements of its articles (speaker, and the quote after normalisation; the kind, direct
or indirect, is an attribute). The score part's contract is in
newsgraph.loader.evaluation.scoring."""
from __future__ import annotations

from collections import defaultdict

from newsgraph.loader.evaluation.compare import (WORD_COVERAGE, GoldByArticle, articles_overlap, quote_coverage,
                                                 quote_matches)
from newsgraph.loader.evaluation.gold import Gold, GoldReader
from newsgraph.loader.evaluation.matching import PersonMap, Section, plain
from newsgraph.loader.evaluation.stored import NS, Fact, Loaded, value_of


def read_statements(read: GoldReader, entries: list) -> list[dict]:
    statements = []
    for i, e in enumerate(entries):
        where = f"statements[{i}]"
        if "speaker" not in e:
            read.fail(where, "missing 'speaker' (write null for an unnamed speaker)")
        statements.append({
            "speaker": read.person(read.text(e, "speaker", where, allow_null=True)),
            "quote": read.text(e, "quote", where),
            "kind": read.choice(e, "kind", ("direct", "indirect"), where, required=False) or "direct",
            "articles": read.keys(e, where),
            "tier": read.tier(e, where), "raw": e,
        })
    return statements


GOLD = {"statements": read_statements}


def describe_gold_statement(e: dict) -> str:
    return (f"{e['speaker'] or '(no speaker)'}: \"{e['quote']}\" ({e['kind']})"
            + (f" [{', '.join(e['articles'])}]" if e["articles"] else ""))


def statement_facts(loaded: Loaded) -> list[Fact]:
    out = []
    resolves = {s: o[0].value for s, po in loaded.derived.spo.items() if (o := po.get(NS + "resolvesTo"))}
    for s in sorted(loaded.local.subjects_of_type(NS + "Statement")):
        a = loaded.graph_of.get(s)
        if a not in loaded.scope:
            continue
        speaker_local = value_of(loaded.local.one(s, NS + "speaker"))
        speaker = resolves.get(speaker_local, speaker_local) if speaker_local else None
        kind = value_of(loaded.local.one(s, NS + "speechKind"))
        data = {"text": value_of(loaded.local.one(s, NS + "text")) or "", "speaker": speaker,
                "speaker_label": (loaded.label(speaker) or loaded.label(speaker_local)) if speaker else None,
                "kind": kind[len(NS):] if kind and kind.startswith(NS) else kind, "article": a}
        out.append(Fact(s, "", [loaded.source_of[a]], loaded.evidence([s]), data))
    return out


def statement_fits(g: dict, d: dict, sources: list[str], pmap: PersonMap) -> bool:
    if g["speaker"] is None:
        if d["speaker"] is not None:
            return False
    elif pmap.gold_of(d["speaker"]) != g["speaker"]:
        return False
    return articles_overlap(g["articles"], sources) and quote_matches(g["quote"], d["text"])


def score_statements(gold: Gold, facts: list[Fact], pmap: PersonMap) -> Section:
    """Each loaded statement is compared only with the gold statements of its articles (and
    those that name no article), found through an index of the gold's article keys: comparing
    every statement with every gold one was quadratic."""
    sec = Section("statements")
    found = defaultdict(list)
    index = GoldByArticle(g["articles"] for g in gold.statements)
    for f in facts:
        d = f.data
        f.text = f"{d['speaker_label'] or '(no speaker)'}: \"{d['text']}\" ({d['kind']})"
        near = index.positions(f.sources)
        hits = [gi for gi in near if statement_fits(gold.statements[gi], d, f.sources, pmap)]
        for gi in hits:
            found[gi].append(f)
        if hits:
            sec.fact(True, f)
            continue
        # say why: the quote fits but not the speaker, or it covers too little of a gold quote
        reason = "no gold statement matches"
        for g in (gold.statements[gi] for gi in near):
            cov = quote_coverage(g["quote"], d["text"])
            if cov >= WORD_COVERAGE:
                reason = f"quote fits gold statement of {g['speaker'] or '(no speaker)'}, speaker differs"
                break
            if cov > 0:
                reason = f"covers only {cov:.0%} of the words of gold \"{g['quote']}\""
        sec.fact(False, f, reason)
    for gi, g in enumerate(gold.statements):
        hits = found.get(gi, [])
        if hits:
            sec.attribute("kind", "right" if any(f.data["kind"] == g["kind"] for f in hits) else "wrong")
        sec.item(g["tier"], bool(hits), describe_gold_statement(g), plain(g["raw"]))
    return sec


def score(context) -> dict[str, Section]:
    return {"statements": score_statements(context.gold, statement_facts(context.loaded), context.person_map)}
