"""The offices' evaluation sections. offices: each loaded tenure (and each post an article names
without a holder) against the gold offices, holder, role, country and dates; tenures: the canned
`tenures` listing of each gold post (holders, order, starts, ends, last attestations). The
score part's contract is in newsgraph.loader.evaluation.scoring."""
from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from newsgraph.loader.evaluation.compare import articles_overlap, judge_date, lies_within, normalise_name, parse_date
from newsgraph.loader.evaluation.gold import Gold, GoldReader
from newsgraph.loader.evaluation.matching import PersonMap, Section, greedy_assign, plain
from newsgraph.loader.evaluation.stored import NS, Fact, Loaded, period_of, value_of
from newsgraph.ontology import terms
from newsgraph.queries.catalog import resolve

ROLES = ("defence_minister", "foreign_minister", "head_of_state", "head_of_government", "party_leader",
         "state_councilor", "spokesperson", "legislator", "military_commander", "other")
CHECKS = ("start", "last_attested_before", "end_not_after")


def read_offices(read: GoldReader, entries: list) -> list[dict]:
    offices = []
    for i, e in enumerate(entries):
        where = f"offices[{i}]"
        entry = {
            "person": read.person(read.text(e, "person", where, allow_null=True)),
            "role": read.choice(e, "role", ROLES, where),
            "country": read.text(e, "country", where),
            "organization": read.text(e, "organization", where, required=False),
            "articles": read.keys(e, where),
            "start": read.date(e, "start", "true_start", where),
            "end": read.date(e, "end", "true_end", where),
            "tier": read.tier(e, where), "raw": e,
        }
        if "person" not in e:
            read.fail(where, "missing 'person' (write null when the post is named but not its holder)")
        offices.append(entry)
    return offices


def read_tenures(read: GoldReader, entries: list) -> list[dict]:
    tenures = []
    for i, e in enumerate(entries):
        where = f"tenures[{i}]"
        order = read.names(e.get("order"), f"{where}.order")
        for p in order:
            read.person(p)
        checks = e.get("checks") or []
        if not isinstance(checks, list):
            read.fail(where, "'checks' must be a list")
        parsed = []
        for j, ch in enumerate(checks):
            cw = f"{where}.checks[{j}]"
            if not isinstance(ch, dict):
                read.fail(cw, f"expected a mapping, got {ch!r}")
            kinds = [k for k in CHECKS if k in ch]
            if len(kinds) != 1:
                read.fail(cw, "needs exactly one of start, last_attested_before, end_not_after")
            try:
                value = parse_date(ch[kinds[0]])
            except ValueError as exc:
                read.fail(cw, f"'{kinds[0]}': {exc}")
            parsed.append({"person": read.person(read.text(ch, "person", cw)), "check": kinds[0], "date": value,
                           "tier": read.tier(ch, cw), "raw": ch})
        tenures.append({"role": read.choice(e, "role", ROLES, where), "country": read.text(e, "country", where),
                        "order": order, "checks": parsed, "tier": read.tier(e, where), "raw": e})
    return tenures


GOLD = {"offices": read_offices, "tenures": read_tenures}


def post_info(loaded: Loaded, post: str) -> dict:
    role = value_of(loaded.local.one(post, NS + "role") or loaded.derived.one(post, NS + "role"))
    country = value_of(loaded.local.one(post, NS + "postCountry") or loaded.derived.one(post, NS + "postCountry"))
    org = value_of(loaded.local.one(post, NS + "postOrganization") or loaded.derived.one(post, NS + "postOrganization"))
    if role is None:  # the post's description may live only in an article graph out of scope
        for q in loaded.store.raw.quads_for_pattern(ox.NamedNode(post), terms.ng("role"), None, None):
            role = q.object.value
        for q in loaded.store.raw.quads_for_pattern(ox.NamedNode(post), terms.ng("postCountry"), None, None):
            country = q.object.value
    return {
        "role": role.rsplit("/", 1)[-1] if role else None,
        "country": loaded.label(country) if country else None,
        "organization": loaded.label(org) if org else None,
    }


def tenure_facts(loaded: Loaded) -> list[Fact]:
    out = []
    for t in sorted(loaded.derived.subjects_of_type(NS + "Tenure")):
        locals_ = loaded.locals_of.get(t, [])
        if not locals_:
            continue
        holder = value_of(loaded.derived.one(t, NS + "holder"))
        post = value_of(loaded.derived.one(t, NS + "post"))
        info = post_info(loaded, post) if post else {"role": None, "country": None, "organization": None}
        data = {"holder": holder, "holder_label": loaded.label(holder) if holder else None, "post": post, **info,
                "start": period_of(loaded.derived.one(t, NS + "start")), "end": period_of(loaded.derived.one(t, NS + "end")),
                "first_attested": period_of(loaded.derived.one(t, NS + "firstAttested")),
                "last_attested": period_of(loaded.derived.one(t, NS + "lastAttested"))}
        out.append(Fact(t, "", loaded.sources_of(t), loaded.evidence(locals_), data))
    # a post named in an article without any holder there ("the Indian defence minister")
    held = defaultdict(set)
    for s, po in loaded.local.spo.items():
        for o in po.get(NS + "post", []):
            held[loaded.graph_of.get(s)].add(o.value)
    for a in sorted(loaded.scope):
        graph = loaded.articles[a]["graph"]
        for q in loaded.store.raw.quads_for_pattern(None, terms.RDF_TYPE, terms.ng("Post"), graph):
            post = q.subject.value
            if post in held.get(a, set()):
                continue
            info = post_info(loaded, post)
            out.append(Fact(post + "#" + a, "", [loaded.source_of[a]], [],
                            {"holder": None, "holder_label": None, "post": post, **info, "start": None, "end": None,
                             "first_attested": None, "last_attested": None}))
    for f in out:
        f.text = describe_office(f.data)
    return out


def describe_office(d: dict) -> str:
    who = d.get("person") if "person" in d else d.get("holder_label")
    post = f"{d.get('role')} of {d.get('country')}"
    if d.get("organization"):
        post += f" ({d['organization']})"
    parts = [f"{who or '(holder not named)'}: {post}"]
    for k in ("start", "end"):
        if d.get(k) is not None:
            parts.append(f"{k} {d[k]}")
    return ", ".join(parts)


def describe_gold_office(e: dict) -> str:
    return describe_office(e) + (f" [{', '.join(e['articles'])}]" if e["articles"] else "")


def score_offices(gold: Gold, facts: list[Fact], pmap: PersonMap) -> Section:
    sec = Section("offices")
    pairs, near = [], defaultdict(list)
    by_post: dict[tuple, list[tuple[int, dict]]] = defaultdict(list)  # gold offices by role and country
    for gi, g in enumerate(gold.offices):
        by_post[(g["role"], normalise_name(g["country"]))].append((gi, g))
    for li, f in enumerate(facts):
        d = f.data
        holder = pmap.gold_of(d["holder"])
        for gi, g in by_post.get((d["role"], normalise_name(d["country"] or "")), ()):
            if g["person"] is None:
                if d["holder"] is not None or not articles_overlap(g["articles"], f.sources):
                    continue
            elif holder != g["person"]:
                continue
            problems = []
            for k in ("start", "end"):
                if g[k] is not None and judge_date(d[k], g[k]) != "right":
                    problems.append(f"{k} {d[k] or 'none'} does not lie within gold {g[k]}")
            if problems:
                near[li].append(f"close to gold {describe_gold_office(g)} but " + "; ".join(problems))
                continue
            quality = (articles_overlap(g["articles"], f.sources), g["start"] is not None)
            pairs.append((quality, li, gi))
    assigned, duplicates = greedy_assign(pairs)
    for li, f in enumerate(facts):
        if li in assigned:
            sec.fact(True, f)
        elif li in duplicates:
            sec.fact(False, f, "duplicate: another loaded office already matches gold "
                     + describe_gold_office(gold.offices[duplicates[li]]))
        else:
            reason = "; ".join(near[li]) if near[li] else "no gold office matches"
            if f.data["holder"] is not None and pmap.gold_of(f.data["holder"]) is None:
                reason += " (holder is not a gold person)"
            sec.fact(False, f, reason)
    found = set(assigned.values())
    for gi, g in enumerate(gold.offices):
        sec.item(g["tier"], gi in found, describe_gold_office(g), plain(g["raw"]))
    return sec


def tenure_listing(store, role: str, country: str) -> list[dict]:
    """The rows of the canned query `tenures` for one post, in its order."""
    q = resolve("tenures")
    rows = []
    for sol in store.query(q.text(store.base), substitutions=q.substitutions({"country": country, "role": role})):
        rows.append({"person": value_of(sol["person"]), "name": value_of(sol["name"]), "post": value_of(sol["post"]),
                     **{k: period_of(sol[k]) for k in ("start", "end", "first_attested", "last_attested")}})
    return rows


def collapse(seq: list[str]) -> list[str]:
    out = []
    for x in seq:
        if not out or out[-1] != x:
            out.append(x)
    return out


def score_tenures(gold: Gold, store, tenures: list[Fact], pmap: PersonMap) -> Section:
    sec = Section("tenures")
    in_scope = defaultdict(list)      # (holder, post) -> derived tenure facts from articles in scope
    for f in tenures:
        if f.data["holder"]:
            in_scope[(f.data["holder"], f.data["post"])].append(f)
    listings = []
    for t in gold.tenures:
        rows = [r for r in tenure_listing(store, t["role"], t["country"]) if (r["person"], r["post"]) in in_scope]
        names = [pmap.gold_of(r["person"]) or f"{r['name']} (not a gold person)" for r in rows]
        listed = collapse(names)
        title = f"{t['role']} of {t['country']}"
        listings.append({"post": title, "holders": [
            {"name": r["name"], **{k: str(r[k]) if r[k] else None for k in ("start", "end", "first_attested", "last_attested")}}
            for r in rows]})
        sec.item(t["tier"], listed == t["order"], f"{title}: listing names {' -> '.join(t['order'])} and no other holder",
                 plain({k: v for k, v in t["raw"].items() if k != "checks"}),
                 None if listed == t["order"] else f"listed: {' -> '.join(listed) or 'nobody'}")
        seen = set()
        for r, name in zip(rows, names):
            if r["person"] in seen:
                continue
            seen.add(r["person"])
            facts = in_scope[(r["person"], r["post"])]
            fact = Fact(r["person"], f"{r['name']} listed as {title}", facts[0].sources if facts else [],
                        [e for f in facts for e in f.evidence])
            sec.fact(name in t["order"], fact, f"{r['name']} is listed but is not in the gold order")
        for ch in t["checks"]:
            mine = [r for r, n in zip(rows, names) if n == ch["person"]]
            kind, d = ch["check"], ch["date"]
            if kind == "start":
                got = [r["start"] for r in mine]
                ok = any(lies_within(s, d) for s in got)
                label, shown = f"start lies within {d}", "start"
            elif kind == "last_attested_before":
                got = [r["last_attested"] for r in mine if r["last_attested"]]
                latest = max(got, key=lambda p: p.hi) if got else None
                ok = latest is not None and latest.hi < d.lo
                got, label, shown = ([latest] if latest else []), f"last attested before {d}", "last attested"
            else:
                got = [r["end"] for r in mine if r["end"]]
                ok = bool(got) and all(e.hi <= d.hi for e in got)
                label, shown = f"end known and not after {d}", "end"
            why = None
            if not ok:
                why = "not listed" if not mine else f"{shown}: {', '.join(str(g) for g in got if g) or 'none'}"
            sec.item(ch["tier"], ok, f"{title}: {ch['person']} {label}", plain(ch["raw"]), why)
    sec.extra["listings"] = listings
    return sec


def score(context) -> dict[str, Section]:
    tenures = tenure_facts(context.loaded)  # both sections read the loaded tenures
    return {"offices": score_offices(context.gold, tenures, context.person_map),
            "tenures": score_tenures(context.gold, context.store, tenures, context.person_map)}
