"""The load job: read -> clean -> (extract) -> to RDF -> store, whole articles per transaction.

Each article is prepared fully in memory; complete articles are written a few at a time in one
atomic store call (fewer commits is most of the store's write speed), and when such a commit
fails each of its articles is retried alone, so a failure at any point leaves the other
articles loaded and the failing one absent. An article whose load signature (text + metadata +
pipeline version) is already stored is left untouched.
"""
from __future__ import annotations

import dataclasses
import json

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from . import rdf
from .articles import article_id, load_signature, prepare_article
from .derive import derived_is_current
from .disk_set import DiskSet
from .finish import finish_load
from .lexicon import lexicon
from .reading import DEFAULT_MAX_BYTES, read_inputs
from .records import Article, ExtractionSettings, InputError, Skipped, SourceDocument
from .settings import value as setting
from .engine_limits import lower_merge_priority
from .store import GraphStore
from .triple_spool import batched


@dataclass
class LoadReport:
    """What a load did. Articles loaded, replaced and left unchanged are counted, not listed:
    a load keeps nothing per article, so that its memory does not grow with the corpus (the
    store says what it holds: `newsgraph query articles`). Skipped and failed inputs are
    listed, with their reasons, to be printed."""

    loaded: int = 0
    replaced: int = 0  # loaded, in place of a stored version with other text or metadata
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    quads_written: int = 0
    derived_quads: int = 0
    interrupted: bool = False
    compacted: bool = False
    precomputed: dict[str, float] = field(default_factory=dict)  # canned query -> seconds

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary_lines(self) -> list[str]:
        lines = [
            f"loaded {self.loaded + self.replaced} article(s)"
            + (f" ({self.replaced} replacing an earlier version)" if self.replaced else "")
            + f", {self.quads_written:,} quads",
            f"unchanged {self.unchanged}",
            f"skipped {len(self.skipped)}",
        ]
        lines += [f"  skipped {s.source}: {s.reason}" for s in self.skipped]
        lines.append(f"failed {len(self.failed)}")
        lines += [f"  failed {e.source}: {e.reason}" for e in self.failed]
        if self.compacted:
            lines.append("store compacted (merged the files this load wrote, for faster queries)")
        if self.precomputed:
            names = ", ".join(sorted(self.precomputed))
            lines.append(f"precomputed the default answers of {len(self.precomputed)} canned queries "
                         f"({names}) in {sum(self.precomputed.values()):.1f} s")
        return lines


# Two settings (loader/settings.py) decide what a load does at its end: a run that wrote at
# least `compact_share` of the store's articles compacts the store (bulk loads leave many small
# files that every lookup visits until RocksDB merges them, and a writer that exits stops its
# background merging; a full compaction rewrites the whole store, so small additions to a large
# store skip it), and a store of at least `precompute_min_articles` articles gets the canned
# queries' default answers precomputed (below it the listings answer live fast enough; figures:
# docs/performance.md, "Figures behind the code").


@dataclass
class Outcome:
    """What became of one document in a worker: its graph as N-Quads to write, or why not.
    N-Quads bytes cross process boundaries cheaply and go into the store without a Python
    object per quad."""

    source: str
    article_id: str | None = None
    nquads: bytes | None = None
    quad_count: int = 0
    skipped: Skipped | None = None
    failed: InputError | None = None


def unexpected(source: str, exc: BaseException, doing: str) -> InputError:
    """An error no check foresaw, as the failure of the one input it happened on."""
    return InputError(source, f"{doing} failed ({type(exc).__name__}: {exc})")


def _parse_each(nlp, texts: list[str]):
    """spaCy's docs for `texts` in order, or for a text it cannot parse the exception; the batch
    goes through `nlp.pipe`, and when that raises, what is left is parsed one text at a time."""
    done = 0
    try:
        for parsed in nlp.pipe(texts, batch_size=32):
            done += 1
            yield parsed
    except Exception:
        for text in texts[done:]:
            try:
                yield nlp(text)
            except Exception as exc:
                yield exc


def process_documents(docs: list[SourceDocument], base: str, nlp=None,
                      settings: ExtractionSettings = ExtractionSettings(), extraction: str | None = None) -> list[Outcome]:
    """Clean, extract and map a batch of documents; spaCy runs over the batch with `nlp.pipe`.
    Pure: reads nothing from and writes nothing to the store. Never raises for one document:
    whatever goes wrong with it is its `Outcome.failed`, and the others go on."""
    from .extract import extract_from_doc  # imports spaCy: only where extraction runs

    prepared: list[tuple[SourceDocument, Article]] = []
    outcomes: dict[int, Outcome] = {}
    max_length = getattr(nlp, "max_length", None)
    for n, doc in enumerate(docs):
        try:
            article = prepare_article(doc)
        except InputError as exc:
            outcomes[n] = Outcome(doc.source, failed=exc)
            continue
        except Exception as exc:
            outcomes[n] = Outcome(doc.source, failed=unexpected(doc.source, exc, "reading the article"))
            continue
        if isinstance(article, Skipped):
            outcomes[n] = Outcome(doc.source, skipped=article)
            continue
        if extraction is not None:  # the settings are part of what identifies the extraction
            article.signature = load_signature(article.checksum, doc.metadata, extraction)
        if max_length and len(article.body) > max_length:
            # spaCy refuses such a text, and needs about 1 GB of memory per 100,000 characters
            outcomes[n] = Outcome(doc.source, failed=InputError(
                doc.source, f"story text is {len(article.body):,} characters, over the {max_length:,} "
                            "the language pipeline reads at once"))
            continue
        prepared.append((n, article))
    if nlp is not None and prepared:
        parsed = _parse_each(nlp, [a.body for _, a in prepared])
    else:
        parsed = (None for _ in prepared)
    for (n, article), doc_obj in zip(prepared, parsed):
        try:
            if isinstance(doc_obj, Exception):
                raise doc_obj
            if doc_obj is None:
                quads = rdf.article_quads(base, article)
            else:
                facts = extract_from_doc(doc_obj, article, settings)
                quads = rdf.facts_quads(base, article, facts, set(lexicon().countries))
            nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        except Exception as exc:  # an extractor bug must fail one article, not the load
            outcomes[n] = Outcome(docs[n].source, failed=unexpected(docs[n].source, exc, "extraction"))
            continue
        outcomes[n] = Outcome(docs[n].source, article_id=article.id, quad_count=len(quads), nquads=nquads)
    return [outcomes[n] for n in range(len(docs))]


# -- worker processes --------------------------------------------------------------------------
_WORKER: dict = {}


def _init_worker(pipeline: str | None, base: str, settings: ExtractionSettings, extraction: str | None = None) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from .nlp import get_pipeline

    _WORKER.update(nlp=get_pipeline(pipeline), base=base, settings=settings, extraction=extraction)


def _work(docs: list[SourceDocument]) -> list[Outcome]:
    return process_documents(docs, _WORKER["base"], _WORKER["nlp"], _WORKER["settings"], _WORKER.get("extraction"))


def _batch_failed(sources: list[str], exc: BaseException) -> list[Outcome]:
    """The outcomes of a batch whose worker call raised: each of its documents failed."""
    return [Outcome(source, failed=unexpected(source, exc, "extraction in a worker process")) for source in sources]


class Writer:
    """The single writer: buffers complete articles and commits them together.

    A commit holds at most `max_articles` articles or about `max_quads` quads, which keeps it
    below the `bulk_atomic_max` setting: one atomic ingestion. When a commit fails, each of its
    articles is written alone, so one bad article costs only itself.

    Commits start at `min_articles` and grow to a quarter of what the run has committed. Large
    commits because each is ingested as a new set of sorted files, which RocksDB merges in
    background threads of this process, competing with the workers for the cores; article
    graphs spread over the whole key space, so every merge rewrites much of the store. 256
    articles take most of that gain for little memory. Growing because the last commit is
    written after the workers have finished (figures: docs/performance.md, "Figures behind the
    code").

    Articles that replace a stored version are committed apart from new ones and in smaller
    commits (`max_update_quads`): they go through one SPARQL update, which holds its data in
    memory."""

    def __init__(self, store: GraphStore, report: LoadReport, max_articles: int = 256,
                 max_quads: int = 100_000, max_update_quads: int = 25_000, min_articles: int = 64):
        self.store, self.report = store, report
        self.max_articles, self.max_quads, self.max_update_quads = max_articles, max_quads, max_update_quads
        self.min_articles = min(min_articles, max_articles)
        self.committed = 0  # articles this writer has committed
        self.buffer: list[tuple[str, str, Outcome, bool]] = []  # (id, source, outcome, replaces)
        self.buffered_quads = 0
        self.ontology_checked = False

    def add(self, outcome: Outcome, source: str, replaces: bool) -> None:
        if self.buffer and self.buffer[-1][3] != replaces:
            self.commit()  # replacements and new articles take different paths into the store
        self.buffer.append((outcome.article_id, source, outcome, replaces))
        self.buffered_quads += outcome.quad_count
        articles = max(self.min_articles, min(self.max_articles, self.committed // 4))
        if (len(self.buffer) >= articles or self.buffered_quads >= self.max_quads
                or replaces and self.buffered_quads >= self.max_update_quads):
            self.commit()

    def commit(self) -> None:
        batch, self.buffer, self.buffered_quads = self.buffer, [], 0
        if not batch:
            return
        self.committed += len(batch)
        if not self.ontology_checked:
            self.store.ensure_ontology()
            self.ontology_checked = True
        error = self._put(batch)
        if error is None:
            self._written(batch)
            return
        for item in batch:  # find the culprit: each article alone
            if len(batch) > 1:
                error = self._put([item])
            if error is None:
                self._written([item])
            else:
                self.report.failed.append(InputError(item[1], f"could not be stored ({error}); nothing of it was written"))

    def _put(self, items: list) -> Exception | None:
        """Write these articles in one atomic step; the error when the store refused them."""
        try:
            self.store.put_articles([(i, o.nquads, replaces) for i, _, o, replaces in items])
        except Exception as exc:
            return exc
        return None

    def _written(self, items: list) -> None:
        for _, _, outcome, replaces in items:
            if replaces:
                self.report.replaced += 1
            else:
                self.report.loaded += 1
            self.report.quads_written += outcome.quad_count


def extraction_key(settings: ExtractionSettings, pipeline: str | None, extracting: bool) -> str:
    """What, besides the text and metadata, decides an article's facts: the spaCy pipeline and the
    extraction settings (or none at all); part of the load signature, so a reload with another
    `--pipeline` or `--indirect-speech` re-extracts instead of saying "unchanged"."""
    if not extracting:
        return "no-extraction"
    from .pipelines import pipeline_name

    return json.dumps({"pipeline": pipeline_name(pipeline), **dataclasses.asdict(settings)}, sort_keys=True)


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
    precompute_min_articles: int | None = None,
    apart_min_articles: int | None = None,
) -> LoadReport:
    """Load every input; one store transaction per article, then one derived-graph rebuild.

    `nlp` (a pipeline from `nlp.get_pipeline`) turns on extraction in this process; with
    `workers` > 1, that many processes each build `pipeline` (a name) and extract while this
    process reads the inputs and is the only writer. Input streams: at most a few batches are
    in flight, so memory does not grow with the corpus. An article already stored with the same
    signature is skipped before any NLP, so an interrupted load resumes where it stopped.
    `precompute_min_articles` and `apart_min_articles`: None for their settings.
    """
    report = LoadReport()
    extraction = extraction_key(settings, pipeline, nlp is not None or workers > 1)
    seen = DiskSet()  # the ids of the texts read in this run
    pending: dict[str, tuple[str, bool]] = {}  # article id -> (source, replaces an old version)

    def candidates():
        for item in progress(read_inputs(paths, max_bytes=max_bytes)):
            if isinstance(item, InputError):
                report.failed.append(item)
                continue
            try:
                short_id, checksum = article_id(item.text)
                signature = load_signature(checksum, item.metadata, extraction)
            except Exception as exc:
                report.failed.append(unexpected(item.source, exc, "identifying the article"))
                continue
            if not seen.add(short_id):
                report.skipped.append(Skipped(item.source, f"same text as an article loaded earlier in this run ({short_id})"))
                continue
            old = store.article_signature(short_id)
            if old == signature:
                report.unchanged += 1
                continue
            pending[short_id] = (item.source, old is not None)
            yield item

    writer = Writer(store, report)

    def write(outcome: Outcome) -> None:
        if outcome.failed is not None:
            report.failed.append(outcome.failed)
            return
        if outcome.skipped is not None:
            report.skipped.append(outcome.skipped)
            return
        source, replaces = pending.pop(outcome.article_id, (outcome.source, False))
        writer.add(outcome, source, replaces)

    try:
        if workers <= 1:
            for batch in batched(candidates(), batch_size):
                for outcome in process_documents(batch, store.base, nlp, settings, extraction):
                    write(outcome)
        else:
            lower_merge_priority()  # the workers come first; the store merges in the gaps
            _run_pool(candidates(), workers, pipeline, store.base, settings, batch_size, write, extraction)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        seen.close()
    writer.commit()  # what is buffered is complete: keep it
    written = report.loaded + report.replaced
    if written:
        store.reopen()  # what follows starts from an engine holding nothing of the streaming
    derive = bool(written or report.interrupted or not derived_is_current(store))
    stored = store.article_count()
    compact = bool(written and not report.interrupted and written >= setting("compact_share") * stored)
    if precompute_min_articles is None:
        precompute_min_articles = setting("precompute_min_articles")
    precompute = stored >= precompute_min_articles
    # on a large store in a fresh process, which holds nothing of the streaming (finish.py)
    report.derived_quads, report.precomputed = finish_load(store, stored, derive, compact,
                                                           None if report.interrupted else precompute,
                                                           apart_min_articles)
    report.compacted = compact
    if report.interrupted:
        raise KeyboardInterrupt
    return report


def _run_pool(items, workers: int, pipeline, base, settings, batch_size, write, extraction=None) -> None:
    """Feed batches to worker processes, at most two per worker in flight, and write results
    in input order as they come back.

    A worker that dies (killed, or out of memory) takes the batches in flight with it: a new
    pool takes over, and their documents are extracted again one at a time, so that a document
    which kills its worker again fails alone, named, and every other one is stored."""
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: a fork copies locks held by the store's and tqdm's threads
    ctx = mp.get_context("spawn")

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                   initargs=(pipeline, base, settings, extraction))

    pool = start()
    in_flight: deque = deque()  # (documents, future, extracted alone)
    again: deque = deque()      # documents in flight when a worker died

    deaths = 0  # pools broken since a batch last came back

    def restart(lost: list) -> None:
        """A worker died: every batch in flight died with it, whoever caused it."""
        nonlocal pool, deaths
        deaths += 1
        if deaths > setting("max_pool_restarts"):  # not one document's doing: the workers cannot run at all
            raise RuntimeError(f"the extraction processes died {deaths} times in a row (out of memory, or "
                               "the spaCy pipeline cannot start in them)")
        _stop(pool)
        pool = start()
        for docs, _, _ in in_flight:
            again.extend(docs)
        in_flight.clear()
        again.extend(lost)

    def submit(docs: list, alone: bool) -> None:
        try:
            in_flight.append((docs, pool.submit(_work, docs), alone))
        except BrokenProcessPool:  # broken before its death was seen through a result
            restart(docs)

    def settle() -> None:
        nonlocal deaths
        docs, future, alone = in_flight.popleft()
        try:
            outcomes = future.result()
            deaths = 0
        except BrokenProcessPool:
            restart([] if alone else docs)
            outcomes = [_worker_died(docs[0])] if alone else []
        except Exception as exc:  # the batch could not be sent, run or sent back
            outcomes = _batch_failed([d.source for d in docs], exc)
        for outcome in outcomes:
            write(outcome)

    def retry_alone() -> None:
        while again:
            submit([again.popleft()], True)
            while in_flight:
                settle()

    try:
        for batch in batched(items, batch_size):
            retry_alone()
            submit(batch, False)
            while len(in_flight) >= 2 * workers:
                settle()
        while in_flight or again:
            retry_alone()
            while in_flight:
                settle()
    finally:
        _stop(pool)


def _stop(pool) -> None:
    """Stop a pool's workers at once (they may be midway through a batch, or dead)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()
            process.join(5)
        except (OSError, ValueError, AttributeError):
            pass


def _worker_died(doc: SourceDocument) -> Outcome:
    return Outcome(doc.source, failed=InputError(doc.source, "the process extracting it died while reading it "
                                                             "(killed, or out of memory); the other inputs were loaded"))
