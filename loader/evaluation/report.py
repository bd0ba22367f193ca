"""The text report of an evaluation, for people: per section its scores, attributes, listings,
misses and wrong facts with their evidence, then the forbidden persons found."""
from __future__ import annotations


def _shorten(text: str | None, width: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _evidence_lines(evidence: list[dict], sources: list[str], limit: int = 2) -> list[str]:
    lines = []
    for e in evidence[:limit]:
        lines.append(f"        evidence ({e['source']}): \"{_shorten(e['sentence'])}\"")
    if not evidence and sources:
        lines.append(f"        source: {', '.join(sources)} (no evidence sentence stored)")
    return lines


def format_text(result: dict, gold_path=None, store_path=None) -> str:
    scope = result["sections"]["articles"].get("in_scope", [])
    out = []
    if gold_path is not None:
        out.append(f"evaluation of {store_path or 'the store'} against {gold_path}")
    out += [f"articles in scope: {len(scope)}" + (f" ({', '.join(scope)})" if len(scope) <= 8 else ""), ""]
    for name, s in result["sections"].items():  # in report order (gold.sections())
        c = s["counts"]
        out.append(f"{name:<11} core recall {s['core_recall']:.2f} ({c['core']['found']}/{c['core']['total']})   "
                   f"precision {s['precision']:.2f} ({c['loaded']['right']}/{c['loaded']['total']})   "
                   f"stretch recall {s['stretch_recall']:.2f} ({c['stretch']['found']}/{c['stretch']['total']})")
        if s.get("attributes"):
            out.append("  attributes: " + "; ".join(
                f"{k} {v['right']} right, {v['wrong']} wrong, {v['missing']} missing" for k, v in s["attributes"].items()))
        for listing in s.get("listings", []):
            holders = ", ".join(
                f"{h['name']} ({h['start'] or '?'} to {h['end'] or '?'}; attested {h['first_attested'] or '?'}"
                f"..{h['last_attested'] or '?'})" for h in listing["holders"]) or "nobody"
            out.append(f"  listing {listing['post']}: {holders}")
        for m in s["misses"]:
            out.append(f"  miss  [{m['tier']}] {m['entry']}" + (f"  -- {m['why']}" if m.get("why") else ""))
        for w in s["wrong"]:
            out.append(f"  wrong {_shorten(w['fact'], 300)}" + (f"  -- {w['reason']}" if w["reason"] else ""))
            out += _evidence_lines(w["evidence"], w["sources"])
        for a in s.get("attribute_errors", []):
            out.append(f"  attribute wrong: {a['meeting']}  -- " + "; ".join(a["issues"]))
            out.append(f"        matched gold: {a['gold']}")
            out += _evidence_lines(a["evidence"], a["sources"], limit=1)
        out.append("")
    found = result["forbidden_found"]
    out.append(f"forbidden persons found: {len(found)}")
    for f in found:
        out.append(f"  {f['person']} in {', '.join(f['sources']) or '?'}")
        out += _evidence_lines(f["evidence"], f["sources"], limit=1)
    return "\n".join(out)
