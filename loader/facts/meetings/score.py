"""The meetings' evaluation section: each loaded meeting reported in the articles in scope against
the gold meetings (participants and kind must match; date, place and status are scored as
attributes of the matched ones). The score part's contract is in
newsgraph.loader.evaluation.scoring."""
from __future__ import annotations

from collections import defaultdict

from newsgraph.loader.evaluation.compare import Period, articles_overlap, judge_date, normalise_name
from newsgraph.loader.evaluation.gold import Gold, GoldReader
from newsgraph.loader.evaluation.matching import PersonMap, Section, greedy_assign, plain
from newsgraph.loader.evaluation.stored import NS, RDF_TYPE, Fact, Loaded, period_of, value_of
from newsgraph.ontology import terms

MEETING_KINDS = ("in_person", "visit", "phone_call", "video_call")
STATUSES = ("held", "planned")


def read_meetings(read: GoldReader, entries: list) -> list[dict]:
    meetings = []
    for i, e in enumerate(entries):
        where = f"meetings[{i}]"
        kinds = e.get("kind")
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not kinds or not isinstance(kinds, list) or any(k not in MEETING_KINDS for k in kinds):
            read.fail(where, f"kind {e.get('kind')!r} must be one of {', '.join(MEETING_KINDS)} or a list of them")
        participants = read.names(e.get("participants"), f"{where}.participants")
        if not participants:
            read.fail(where, "needs at least one named participant")
        for p in participants:
            read.person(p)
        meetings.append({
            "participants": frozenset(participants), "participant_list": participants, "kinds": kinds,
            "date": read.date(e, "date", "true_date", where),
            "place": read.text(e, "place", where, required=False),
            "status": read.choice(e, "status", STATUSES, where, required=False),
            "articles": read.keys(e, where),
            "tier": read.tier(e, where), "raw": e,
        })
    return meetings


GOLD = {"meetings": read_meetings}


def describe_gold_meeting(e: dict) -> str:
    parts = ["/".join(e["kinds"]) + ": " + " + ".join(e["participant_list"])]
    if e["date"] is not None:
        parts.append(f"date {e['date']}")
    if e["place"]:
        parts.append(e["place"])
    if e["status"]:
        parts.append(e["status"])
    return ", ".join(parts) + (f" [{', '.join(e['articles'])}]" if e["articles"] else "")


def meeting_facts(loaded: Loaded) -> list[Fact]:
    out = []
    for m, po in sorted(loaded.derived.spo.items()):
        kinds = [terms.KIND_OF_CLASS[o.value[len(NS):]] for o in po.get(RDF_TYPE, [])
                 if o.value.startswith(NS) and o.value[len(NS):] in terms.KIND_OF_CLASS]
        if not kinds:
            continue
        sources = loaded.sources_of(m, NS + "reportedIn")
        if not sources:
            continue
        participants = []
        for o in po.get(NS + "participant", []):
            if NS + "Person" in loaded.derived.types(o.value):
                participants.append(o.value)
        date = period_of(loaded.derived.one(m, NS + "date"))
        if date is None:
            start, end = period_of(loaded.derived.one(m, NS + "startDate")), period_of(loaded.derived.one(m, NS + "endDate"))
            if start and end and end.hi >= start.lo:
                date = Period(start.lo, end.hi, f"{start}..{end}")
            else:
                date = start or end
        place = value_of(loaded.derived.one(m, NS + "place"))
        status = value_of(loaded.derived.one(m, NS + "status"))
        data = {"kind": kinds[0], "participants": participants,
                "participant_labels": [loaded.label(p) or p for p in participants],
                "date": date, "place": place, "place_labels": loaded.labels(place) if place else [],
                "status": status[len(NS):] if status and status.startswith(NS) else status}
        out.append(Fact(m, "", sources, loaded.evidence(loaded.locals_of.get(m, [])), data))
    return out


def describe_meeting(d: dict) -> str:
    parts = [d["kind"] + ": " + (" + ".join(d["participant_labels"]) or "(no named participant)")]
    parts.append(f"date {d['date']}" if d["date"] else "no date")
    if d["place_labels"]:
        parts.append(d["place_labels"][0])
    if d["status"]:
        parts.append(d["status"])
    return ", ".join(parts)


def meeting_participants(d: dict, pmap: PersonMap) -> frozenset:
    """Loaded participants as gold names; one that is no gold person keeps its label (and so can
    never match a gold set)."""
    return frozenset(pmap.gold_of(p) or f"?{label}" for p, label in zip(d["participants"], d["participant_labels"]))


def place_matches(gold_place: str, labels: list[str]) -> bool:
    wanted = {normalise_name(gold_place), normalise_name(gold_place.split(",")[0])}
    return any(normalise_name(l) in wanted for l in labels)


def match_meetings(facts: list[Fact], gold_meetings: list[dict], pmap: PersonMap):
    """(assigned loaded -> gold, duplicates loaded -> gold): participants and kind must match; a
    shared article, then the date that fits, then the place decide between several gold meetings
    (a loaded meeting from the gold meeting's own article is its report, even with a wrong date)."""
    pairs = []
    by_people: dict[frozenset, list[tuple[int, dict]]] = defaultdict(list)  # gold meetings by their people
    for gi, g in enumerate(gold_meetings):
        by_people[g["participants"]].append((gi, g))
    for li, f in enumerate(facts):
        d = f.data
        parts = meeting_participants(d, pmap)
        for gi, g in by_people.get(parts, ()):
            if d["kind"] not in g["kinds"]:
                continue
            date_fits = judge_date(d["date"], g["date"]) == "right"
            place_fits = bool(g["place"]) and place_matches(g["place"], d["place_labels"])
            pairs.append(((articles_overlap(g["articles"], f.sources), date_fits, place_fits), li, gi))
    return greedy_assign(pairs)


def score_meetings(gold: Gold, facts: list[Fact], pmap: PersonMap) -> Section:
    sec = Section("meetings")
    for f in facts:
        f.text = describe_meeting(f.data)
    assigned, duplicates = match_meetings(facts, gold.meetings, pmap)
    for li, f in enumerate(facts):
        if li in assigned:
            sec.fact(True, f)
            g, d = gold.meetings[assigned[li]], f.data
            sec.attribute("date", judge_date(d["date"], g["date"]))
            if g["place"]:
                sec.attribute("place", "missing" if not d["place_labels"]
                              else "right" if place_matches(g["place"], d["place_labels"]) else "wrong")
            if g["status"]:
                sec.attribute("status", "missing" if not d["status"] else "right" if d["status"] == g["status"] else "wrong")
        elif li in duplicates:
            sec.fact(False, f, "duplicate: another loaded meeting already matches gold "
                     + describe_gold_meeting(gold.meetings[duplicates[li]]))
        else:
            parts = meeting_participants(f.data, pmap)
            same_people = [g for g in gold.meetings if g["participants"] == parts]
            if same_people:
                reason = "kind differs from gold " + "; ".join(describe_gold_meeting(g) for g in same_people)
            else:
                reason = "no gold meeting has these participants"
            sec.fact(False, f, reason)
    wrong_attrs = []
    for li, gi in sorted(assigned.items(), key=lambda x: x[1]):
        g, d = gold.meetings[gi], facts[li].data
        issues = []
        v = judge_date(d["date"], g["date"])
        if v in ("wrong", "missing"):
            issues.append(f"date {d['date'] or 'none'} (gold {g['date']})")
        if g["place"] and not place_matches(g["place"], d["place_labels"]):
            issues.append(f"place {d['place_labels'][0] if d['place_labels'] else 'none'} (gold {g['place']})")
        if g["status"] and d["status"] != g["status"]:
            issues.append(f"status {d['status'] or 'none'} (gold {g['status']})")
        if issues:
            wrong_attrs.append({"meeting": facts[li].text, "gold": describe_gold_meeting(g), "issues": issues,
                                "sources": facts[li].sources, "evidence": facts[li].evidence[:3]})
    sec.extra["attribute_errors"] = wrong_attrs
    found = set(assigned.values())
    for gi, g in enumerate(gold.meetings):
        sec.item(g["tier"], gi in found, describe_gold_meeting(g), plain(g["raw"]))
    return sec


def score(context) -> dict[str, Section]:
    return {"meetings": score_meetings(context.gold, meeting_facts(context.loaded), context.person_map)}
