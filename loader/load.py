"""The load job: read -> clean -> (extract) -> to RDF -> store, one article per transaction.

Each article is prepared fully in memory and written with one atomic store call, so a failure
at any point leaves earlier articles loaded and the failing one absent. An article whose load
signature (text + metadata + pipeline version) is already stored is left untouched.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import rdf
from .articles import prepare_article
from .extract import ExtractionSettings, extract_facts
from .lexicon import lexicon
from .reading import DEFAULT_MAX_BYTES, read_inputs
from .records import Article, InputError, Skipped
from .store import GraphStore


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    quads_written: int = 0
    derived_quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary_lines(self) -> list[str]:
        lines = [
            f"loaded {len(self.loaded) + len(self.replaced)} article(s)"
            + (f" ({len(self.replaced)} replacing an earlier version)" if self.replaced else "")
            + f", {self.quads_written:,} quads",
            f"unchanged {len(self.unchanged)}",
            f"skipped {len(self.skipped)}",
        ]
        lines += [f"  skipped {s.source}: {s.reason}" for s in self.skipped]
        lines.append(f"failed {len(self.failed)}")
        lines += [f"  failed {e.source}: {e.reason}" for e in self.failed]
        return lines


def build_quads(base: str, article: Article, nlp=None, settings: ExtractionSettings = ExtractionSettings()) -> list:
    """The article's named graph: metadata always, facts when a spaCy pipeline is given."""
    if nlp is None:
        return rdf.article_quads(base, article)
    facts = extract_facts(nlp, article, settings)
    return rdf.facts_quads(base, article, facts, set(lexicon().countries))


def load_paths(
    paths: list[str],
    store: GraphStore,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
    nlp=None,
    settings: ExtractionSettings = ExtractionSettings(),
) -> LoadReport:
    """Load every input; `nlp` (a spaCy pipeline from `nlp.get_pipeline`) turns on extraction."""
    from .resolution import rebuild

    report = LoadReport()
    seen: set[str] = set()
    for item in progress(read_inputs(paths, max_bytes=max_bytes)):
        if isinstance(item, InputError):
            report.failed.append(item)
            continue
        try:
            prepared = prepare_article(item)
        except InputError as exc:
            report.failed.append(exc)
            continue
        if isinstance(prepared, Skipped):
            report.skipped.append(prepared)
            continue
        if prepared.id in seen:
            report.skipped.append(Skipped(item.source, f"same text as an article loaded earlier in this run ({prepared.id})"))
            continue
        seen.add(prepared.id)
        old = store.article_signature(prepared.id)
        if old == prepared.signature:
            report.unchanged.append(item.source)
            continue
        try:
            quads = build_quads(store.base, prepared, nlp, settings)
            if not report.loaded and not report.replaced:
                store.ensure_ontology()
            store.put_article(prepared.id, quads, replace=old is not None)
        except (OSError, ValueError, RuntimeError) as exc:
            report.failed.append(InputError(item.source, f"could not be stored ({exc}); nothing of it was written"))
            continue
        (report.replaced if old is not None else report.loaded).append(item.source)
        report.quads_written += len(quads)
    if report.loaded or report.replaced:
        report.derived_quads = rebuild(store)
    store.flush()
    return report
