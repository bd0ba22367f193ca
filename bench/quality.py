"""Extraction quality report: every gold file scored, written to bench/QUALITY.md.

    python bench/quality.py            # seeds (../shared) and examples/, default settings
    python bench/quality.py --json     # the raw evaluation objects

Each corpus is loaded into a fresh store with the default settings and, for comparison, with
`--indirect-speech`, then scored with `newsgraph evaluate`. This is a report, not a test: the
targets are asserted for the seeds in tests/test_seeds_end_to_end.py.
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

from newsgraph.loader.evaluation import evaluate_file  # noqa: E402
from newsgraph.loader.extract import ExtractionSettings  # noqa: E402
from newsgraph.loader.load import load_paths  # noqa: E402
from newsgraph.loader.nlp import get_pipeline, pipeline_name  # noqa: E402
from newsgraph.loader.store import GraphStore  # noqa: E402

CORPORA = {
    "seeds": (ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "gold" / "seeds.yaml"),
    "examples": (ROOT / "examples" / "articles", ROOT / "examples" / "gold.yaml"),
}
SECTIONS = ["articles", "persons", "offices", "meetings", "statements", "tenures"]


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


def table(result: dict) -> list[str]:
    lines = ["| section | core recall | precision | stretch recall |", "| --- | --- | --- | --- |"]
    for name in SECTIONS:
        s = result["sections"][name]
        lines.append(f"| {name} | {s['core_recall']:.2f} | {s['precision']:.2f} | {s['stretch_recall']:.2f} |")
    lines.append(f"\nforbidden persons found: {len(result['forbidden_found'])}; "
                 f"load: {result['load']['articles']} articles in {result['load']['seconds']} s, "
                 f"{result['load']['quads']:,} quads")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    for name, (articles, gold) in CORPORA.items():
        if not articles.exists() or not gold.exists():
            print(f"skipping {name}: {articles} or {gold} missing", file=sys.stderr)
            continue
        for indirect in (False, True):
            results[f"{name}{' --indirect-speech' if indirect else ''}"] = run(articles, gold, indirect)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    out = [f"# Extraction quality\n\nMeasured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on "
           f"{platform.node()} ({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
           f"spaCy pipeline `{pipeline_name()}`. Command: `python bench/quality.py`.\n"]
    for name, result in results.items():
        out.append(f"## {name}\n")
        out.extend(table(result))
        out.append("")
    text = "\n".join(out)
    (ROOT / "bench" / "QUALITY.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
