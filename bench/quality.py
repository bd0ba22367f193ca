"""Extraction quality report: every gold file scored, written to bench/QUALITY.md.

    python bench/quality.py            # seeds and ../shared/dev, examples/, side by side
    python bench/quality.py --json     # the raw evaluation objects

Each corpus is loaded into a fresh store with the default settings (reported speech included)
and, for comparison, with direct quotes only (`--no-indirect-speech`), then scored with
`newsgraph evaluate`. The development corpus of real reports (../shared/dev) is the measure of
extraction; the seeds and examples are checks that nothing got worse. This is a report, not a
test: the seeds' targets are asserted in tests/test_seeds_end_to_end.py.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsgraph.loader.evaluation import SECTIONS, evaluate_file  # noqa: E402
from newsgraph.loader.extract import ExtractionSettings  # noqa: E402
from newsgraph.loader.load import load_paths  # noqa: E402
from newsgraph.loader.nlp import get_pipeline, pipeline_name  # noqa: E402
from newsgraph.loader.store import GraphStore  # noqa: E402

CORPORA = {
    "seeds": (ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "gold" / "seeds.yaml"),
    "examples": (ROOT / "examples" / "articles", ROOT / "examples" / "gold.yaml"),
    "dev": (ROOT.parent / "shared" / "dev" / "articles", ROOT.parent / "shared" / "dev" / "gold.yaml"),
}
# the attributes of matched facts reported beside the scores: section -> attribute names
ATTRIBUTES = {"articles": ("title", "published"), "meetings": ("date", "place", "status")}


def run(articles: Path, gold: Path, indirect: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp) / "store")
        start = time.perf_counter()
        report = load_paths([str(articles)], store, nlp=get_pipeline(),
                            settings=ExtractionSettings(indirect_speech=indirect))
        seconds = time.perf_counter() - start
        result = evaluate_file(store, gold)
        result["load"] = {"articles": report.loaded, "seconds": round(seconds, 2),
                          "quads": report.quads_written + report.derived_quads}
        return result


def table(results: dict[str, dict]) -> list[str]:
    """One row per section, a column per corpus: core recall / precision (stretch recall)."""
    names = list(results)
    lines = ["| section | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    for section in SECTIONS:
        cells = [f"{r['sections'][section]['core_recall']:.2f} / {r['sections'][section]['precision']:.2f} "
                 f"({r['sections'][section]['stretch_recall']:.2f})" for r in results.values()]
        lines.append(f"| {section} | " + " | ".join(cells) + " |")
    for section, attributes in ATTRIBUTES.items():
        for attribute in attributes:
            cells = []
            for r in results.values():
                counts = r["sections"][section].get("attributes", {}).get(attribute, {})
                total = sum(counts.values())
                cells.append(f"{counts.get('right', 0) / total:.2f} ({counts.get('right', 0)}/{total})" if total else "-")
            lines.append(f"| {section}: {attribute} right | " + " | ".join(cells) + " |")
    lines.append("| forbidden persons found | " + " | ".join(str(len(r["forbidden_found"])) for r in results.values()) + " |")
    lines.append("| load | " + " | ".join(f"{r['load']['articles']} articles, {r['load']['seconds']} s, "
                                          f"{r['load']['quads']:,} quads" for r in results.values()) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, dict[str, dict]] = {"default settings": {}, "direct quotes only": {}}
    for name, (articles, gold) in CORPORA.items():
        if not articles.exists() or not gold.exists():
            print(f"skipping {name}: {articles} or {gold} missing", file=sys.stderr)
            continue
        results["default settings"][name] = run(articles, gold, True)
        results["direct quotes only"][name] = run(articles, gold, False)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    out = [f"# Extraction quality\n\nMeasured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on "
           f"{platform.node()} ({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
           f"spaCy pipeline `{pipeline_name()}`. Command: `python bench/quality.py`. Each cell: core recall / "
           "precision (stretch recall); matched facts' attributes as the share right.\n"]
    for setting, by_corpus in results.items():
        out.append(f"## {setting}\n")
        out.extend(table(by_corpus))
        out.append("")
    text = "\n".join(out)
    (ROOT / "bench" / "QUALITY.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
