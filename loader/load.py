"""The load job: read -> clean -> (extract) -> to RDF -> store, one article per transaction.

Each article is prepared fully in memory and written with one atomic store call, so a failure
at any point leaves earlier articles loaded and the failing one absent. An article whose load
signature (text + metadata + pipeline version) is already stored is left untouched.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


import pyoxigraph as ox

from . import rdf
from .articles import article_id, load_signature, prepare_article
from .extract import ExtractionSettings, extract_from_doc
from .lexicon import lexicon
from .reading import DEFAULT_MAX_BYTES, read_inputs
from .records import Article, InputError, Skipped, SourceDocument
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
    interrupted: bool = False

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


@dataclass
class Outcome:
    """What became of one document in a worker: quads to write, or why not."""

    source: str
    article_id: str | None = None
    quads: list | bytes | None = None
    skipped: Skipped | None = None
    failed: InputError | None = None


def process_documents(docs: list[SourceDocument], base: str, nlp=None,
                      settings: ExtractionSettings = ExtractionSettings()) -> list[Outcome]:
    """Clean, extract and map a batch of documents; spaCy runs over the batch with `nlp.pipe`.
    Pure: reads nothing from and writes nothing to the store."""
    prepared: list[tuple[SourceDocument, Article]] = []
    outcomes: dict[int, Outcome] = {}
    for n, doc in enumerate(docs):
        try:
            article = prepare_article(doc)
        except InputError as exc:
            outcomes[n] = Outcome(doc.source, failed=exc)
            continue
        if isinstance(article, Skipped):
            outcomes[n] = Outcome(doc.source, skipped=article)
            continue
        prepared.append((n, article))
    if nlp is not None and prepared:
        parsed = nlp.pipe([a.body for _, a in prepared], batch_size=32)
    else:
        parsed = (None for _ in prepared)
    for (n, article), doc_obj in zip(prepared, parsed):
        try:
            if doc_obj is None:
                quads = rdf.article_quads(base, article)
            else:
                facts = extract_from_doc(doc_obj, article, settings)
                quads = rdf.facts_quads(base, article, facts, set(lexicon().countries))
        except Exception as exc:  # an extractor bug must fail one article, not the load
            outcomes[n] = Outcome(docs[n].source, failed=InputError(docs[n].source, f"extraction failed ({exc!r})"))
            continue
        outcomes[n] = Outcome(docs[n].source, article_id=article.id, quads=quads)
    return [outcomes[n] for n in range(len(docs))]


# -- worker processes --------------------------------------------------------------------------
_WORKER: dict = {}


def _init_worker(pipeline: str | None, base: str, settings: ExtractionSettings) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from .nlp import get_pipeline

    _WORKER.update(nlp=get_pipeline(pipeline), base=base, settings=settings)


def _work(docs: list[SourceDocument]) -> list[Outcome]:
    outcomes = process_documents(docs, _WORKER["base"], _WORKER["nlp"], _WORKER["settings"])
    for o in outcomes:  # quads cross the process boundary as N-Quads bytes
        if o.quads is not None:
            o.quads = ox.serialize(o.quads, format=ox.RdfFormat.N_QUADS)
    return outcomes


def load_paths(
    paths: list[str],
    store: GraphStore,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
    nlp=None,
    settings: ExtractionSettings = ExtractionSettings(),
    workers: int = 1,
    pipeline: str | None = None,
    batch_size: int = 16,
) -> LoadReport:
    """Load every input; one store transaction per article, then one derived-graph rebuild.

    `nlp` (a pipeline from `nlp.get_pipeline`) turns on extraction in this process; with
    `workers` > 1, that many processes each build `pipeline` (a name) and extract while this
    process reads the inputs and is the only writer. Input streams: at most a few batches are
    in flight, so memory does not grow with the corpus. An article already stored with the same
    signature is skipped before any NLP, so an interrupted load resumes where it stopped.
    """
    from .resolution import rebuild

    report = LoadReport()
    seen: set[str] = set()
    pending: dict[str, tuple[str, bool]] = {}  # article id -> (source, replaces an old version)

    def candidates():
        for item in progress(read_inputs(paths, max_bytes=max_bytes)):
            if isinstance(item, InputError):
                report.failed.append(item)
                continue
            short_id, checksum = article_id(item.text)
            if short_id in seen:
                report.skipped.append(Skipped(item.source, f"same text as an article loaded earlier in this run ({short_id})"))
                continue
            seen.add(short_id)
            old = store.article_signature(short_id)
            if old == load_signature(checksum, item.metadata):
                report.unchanged.append(item.source)
                continue
            pending[short_id] = (item.source, old is not None)
            yield item

    def write(outcome: Outcome) -> None:
        if outcome.failed is not None:
            report.failed.append(outcome.failed)
            return
        if outcome.skipped is not None:
            report.skipped.append(outcome.skipped)
            return
        source, replaces = pending.pop(outcome.article_id, (outcome.source, False))
        quads = outcome.quads
        if isinstance(quads, bytes):
            quads = list(ox.parse(quads, format=ox.RdfFormat.N_QUADS))
        try:
            if not report.loaded and not report.replaced:
                store.ensure_ontology()
            store.put_article(outcome.article_id, quads, replace=replaces)
        except (OSError, ValueError, RuntimeError) as exc:
            report.failed.append(InputError(source, f"could not be stored ({exc}); nothing of it was written"))
            return
        (report.replaced if replaces else report.loaded).append(source)
        report.quads_written += len(quads)

    try:
        if workers <= 1:
            for batch in _batches(candidates(), batch_size):
                for outcome in process_documents(batch, store.base, nlp, settings):
                    write(outcome)
        else:
            _run_pool(candidates(), workers, pipeline, store.base, settings, batch_size, write)
    except KeyboardInterrupt:
        report.interrupted = True
    if report.loaded or report.replaced or report.interrupted or not store.derived_is_current():
        report.derived_quads = rebuild(store)
    store.flush()
    if report.interrupted:
        raise KeyboardInterrupt
    return report


def _batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run_pool(items, workers: int, pipeline, base, settings, batch_size, write) -> None:
    """Feed batches to worker processes, at most two per worker in flight, and write results
    in input order as they come back."""
    import multiprocessing as mp
    from collections import deque

    # spawn, not fork: a fork copies locks held by the store's and tqdm's threads
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(pipeline, base, settings)) as pool:
        in_flight: deque = deque()
        for batch in _batches(items, batch_size):
            in_flight.append(pool.apply_async(_work, (batch,)))
            while len(in_flight) >= 2 * workers:
                for outcome in in_flight.popleft().get():
                    write(outcome)
        while in_flight:
            for outcome in in_flight.popleft().get():
                write(outcome)
