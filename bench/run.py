"""newsgraph benchmarks: each figure a ratio against a peer measured in the same run.

    python bench/run.py [--quick] [--json] [--workers N] [--service-load]

1. loader_vs_spacy     end-to-end `newsgraph load` words/s over plain spaCy `nlp.pipe` on the
                       same raw files, same pipeline, same process count
2. parallel_speedup    load throughput with N worker processes over 1
3. store_vs_bulk_load  the loader's store writes (whole articles per transaction) in quads/s over
                       pyoxigraph's `bulk_load` of the same quads
4. endpoint_vs_oxigraph  p50 latency of our /sparql over `oxigraph serve-read-only` on a copy
                       of the same store, at 8 clients (1 and 32 clients, p99 and throughput
                       under `raw`), for the canned queries with their default parameters
5. growth              per-article load cost and peak RSS as the corpus grows, the peak against
                       the Oxigraph server's own while it answers the queries a load precomputes
                       on the same store; canned-query p50 on the largest store; then as many
                       articles again added to the largest store (a load into a large store,
                       whose derived graph is largely rewritten)
6. --service-load      bench/service_load.py on the smallest store: the service under load
                       beside `oxigraph serve-read-only` (its RESULTS.md section is kept when
                       a run without it rewrites the file)

--quick (what CI may run) uses small corpora and finishes within a few minutes on 2 cores; the
full run writes bench/RESULTS.md. Corpora come from bench/corpus.py (deterministic, with gold),
so every run also scores extraction quality (on its largest corpus up to 10,000 articles).
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from newsgraph.ontology import terms

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
BIN = Path(sys.executable).parent
NEWSGRAPH = str(BIN / "newsgraph")
OXIGRAPH = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
THROUGHPUT_N = 1000  # articles of the corpus the loader_vs_spacy and parallel_speedup figures use
STEADY_MAX_N = 10000  # the largest corpus also loaded with one worker, for parallel_speedup_by_size
QUALITY_MAX_N = 10_000  # the largest corpus whose extraction quality is scored


def generate(n: int, outdir: Path) -> Path:
    from corpus import generate as gen

    if not (outdir / "gold.yaml").exists():
        gen(n, outdir, seed=7, fmt="txt")
    return outdir


def words_of(folder: Path) -> tuple[list[str], int]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((folder / "articles").glob("*.txt"))]
    return texts, sum(len(t.split()) for t in texts)


def timed_load(corpus: Path, store: Path, workers: int, into_existing: bool = False) -> dict:
    """`newsgraph load` in a child process: wall time, the peak RSS of its largest process (GNU
    time's %M), and from samples of /proc every 0.2 s, the writer's peak and its workers' apart,
    the peak of their sum, and the writer's peak in each tenth of the run (whether it levels off).
    The store is made anew, unless `into_existing`."""
    if not into_existing:
        shutil.rmtree(store, ignore_errors=True)
    cmd = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, NEWSGRAPH, "load", str(corpus / "articles"), "--store", str(store), "-q",
                             "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, int, int, int]] = []  # (seconds, writer, largest worker, sum, finishing) in kB
    sampler = threading.Thread(target=_sample_rss, args=(proc.pid, bool(cmd), samples, start), daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"load failed: {stdout}\n{stderr}")
    rss_kb = int(stderr.strip().splitlines()[-1]) if cmd else None
    # the load's last step, the canned queries' default answers (queries/precomputed.py)
    precompute = re.search(r"^precomputed the default answers .* in ([\d.]+) s$", stdout, re.M)
    result = {"seconds": round(seconds, 2), "peak_rss_mb": round(rss_kb / 1024, 1) if rss_kb else None,
              "precompute_s": float(precompute.group(1)) if precompute else 0.0}
    if samples:
        mb = lambda kb: round(kb / 1024, 1)  # noqa: E731
        result["sampled_rss_mb"] = {
            "writer": mb(max(s[1] for s in samples)), "largest_worker": mb(max(s[2] for s in samples)),
            "sum": mb(max(s[3] for s in samples)), "finishing": mb(max(s[4] for s in samples)),
            "writer_by_tenth": [mb(max((max(s[1], s[4]) for s in samples if int(10 * s[0] / seconds) == k),
                                       default=0)) for k in range(10)]}
    return result


def added_load(n: int, work: Path, workers: int) -> dict:
    """Growth past the largest corpus: the articles of the 2n-article corpus after its first n
    (which are the n-article corpus, file for file) loaded into the n-article store, which then
    holds the 2n-article corpus. Unlike a load into an empty store, this one rewrites much of
    the derived graph (deletions as well as insertions) over a store twice the size."""
    whole = generate(2 * n, work / f"corpus-{2 * n}")
    added = work / f"added-{n}"
    if not (added / "articles").is_dir():
        (added / "articles").mkdir(parents=True)
        for f in (whole / "articles").iterdir():  # 000123_slug.txt and its 000123_slug.meta.json
            if int(f.name.split("_", 1)[0]) > n:
                os.link(f, added / "articles" / f.name)
    result = timed_load(added, work / f"store-{n}", workers, into_existing=True)
    result["added"] = n
    result["ms_per_article"] = round(result["seconds"] * 1000 / n, 2)
    return result


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for t in os.listdir(f"/proc/{pid}/task")
                for c in Path(f"/proc/{pid}/task/{t}/children").read_text().split()]
    except OSError:
        return []


def _rss_kb(pid: int) -> int:
    try:
        return int(re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M).group(1))
    except (OSError, AttributeError):
        return 0


def _is_finishing(pid: int) -> bool:
    """The process a large load finishes in (derivation, compaction, precomputing:
    loader/finish.py), a child of the writer like the workers."""
    try:
        return b"newsgraph.loader.finish" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _sample_rss(pid: int, timed: bool, samples: list, start: float) -> None:
    """Until `pid` exits: the writer (`pid`, or its child when `pid` is GNU time), the process
    that finishes a large load, and the writer's other children, the workers (the spawn start
    method's resource tracker is one of them: a few MB)."""
    if not Path("/proc").is_dir():
        return
    while Path(f"/proc/{pid}").exists():
        writers = _children(pid) if timed else [pid]
        if writers:
            writer = writers[0]
            finishing, workers = [], []
            for child in _children(writer):
                (finishing if _is_finishing(child) else workers).append(_rss_kb(child))
            own = _rss_kb(writer)
            samples.append((time.perf_counter() - start, own, max(workers, default=0),
                            own + sum(workers) + sum(finishing), max(finishing, default=0)))
        time.sleep(0.2)


def spacy_baseline(texts: list[str], processes: int) -> float:
    """Seconds for plain spaCy over the raw files (page chrome included), as a user would run it."""
    code = (
        "import sys, json, spacy, time\n"
        "from newsgraph.loader.nlp import pipeline_name\n"
        "texts = json.load(sys.stdin)\n"
        "nlp = spacy.load(pipeline_name())\n"
        "t = time.perf_counter()\n"
        f"for _ in nlp.pipe(texts, batch_size=32, n_process={processes}): pass\n"
        "print(time.perf_counter() - t)\n"
    )
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    # whole run, model loading included, as for the loader
    return time.perf_counter() - start


def store_vs_bulk(corpus: Path) -> dict:
    """The loader's writer (whole articles per transaction) against bulk_load of the same quads."""
    import pyoxigraph as ox

    from newsgraph.loader.load import LoadReport, Writer, process_documents
    from newsgraph.loader.nlp import get_pipeline
    from newsgraph.loader.reading import read_inputs
    from newsgraph.loader.store import GraphStore

    docs = [d for d in read_inputs([str(corpus / "articles")]) if not isinstance(d, Exception)]
    outcomes = [o for o in process_documents(docs, terms.DEFAULT_BASE, get_pipeline())
                if o.nquads is not None]
    total = sum(o.quad_count for o in outcomes)
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp) / "ours")
        report = LoadReport()
        writer = Writer(store, report)
        writer.ontology_checked = True  # the peer loads no ontology either
        start = time.perf_counter()
        for o in outcomes:
            writer.add(o, o.source, False)
        writer.commit()
        store.flush()
        ours = time.perf_counter() - start
        if report.failed or report.loaded != len(outcomes):
            raise RuntimeError(f"the writer failed: {report.failed}")
        data = b"".join(o.nquads for o in outcomes)
        peer = ox.Store(str(Path(tmp) / "bulk"))
        start = time.perf_counter()
        peer.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        peer.flush()
        bulk = time.perf_counter() - start
        if len(peer) != len(store.raw):
            raise RuntimeError(f"the stores differ: {len(store.raw)} quads written, {len(peer)} bulk-loaded")
    return {"quads": total, "articles": len(outcomes), "ours_quads_per_s": round(total / ours),
            "bulk_quads_per_s": round(total / bulk), "ratio": round((total / ours) / (total / bulk), 3)}


# -- endpoint ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not answer")


def sample_params(q) -> dict:
    """Default parameters, plus a value for each parameter a query needs ("holders-on" a date)."""
    return {p.name: "2020-06-01" for p in q.params if p.type == "date" and p.default is None and p.name == "date"}


def inline_query(name: str) -> str:
    """A canned query with its default parameters written in as a trailing VALUES block, so the
    peer server (which has no parameter binding) runs exactly the same thing."""
    from newsgraph.queries.catalog import resolve

    q = resolve(name)
    subs = q.substitutions(sample_params(q))
    if not subs:
        return q.text(terms.DEFAULT_BASE)
    names = " ".join(f"?{v.value}" for v in subs)
    values = " ".join(str(t) for t in subs.values())
    return f"{q.text(terms.DEFAULT_BASE)}\nVALUES ({names}) {{ ({values}) }}"


def hammer(port: int, path_of, queries: list[str], clients: int, requests: int, post: bool = False) -> dict:
    """`clients` keep-alive connections sending `requests` requests in all; latencies in ms.
    With `post`, each query goes as an `application/sparql-query` body to `path_of(None)` (long
    queries overflow the 8 KB header limit of some servers as GET)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = max(1, requests // clients)

    def client(k: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        bad = 0
        for i in range(per_client):
            q = queries[(k + i) % len(queries)]
            start = time.perf_counter()
            try:
                if post:
                    conn.request("POST", path_of(None), body=q.encode("utf-8"),
                                 headers={"Accept": "application/sparql-results+json",
                                          "Content-Type": "application/sparql-query"})
                else:
                    conn.request("GET", path_of(q), headers={"Accept": "application/sparql-results+json"})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    bad += 1
            except OSError:
                bad += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    latencies.sort()
    return {"p50_ms": round(statistics.median(latencies), 2),
            "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 2),
            "throughput_rps": round(len(latencies) / wall, 1), "errors": errors, "requests": len(latencies)}


@contextlib.contextmanager
def oxigraph_server(store: Path):
    """`oxigraph serve-read-only` over `store` (union default graph) on a free port, answering;
    yields (process, port) and stops it afterwards."""
    port = free_port()
    peer = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(store), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(port, "/query?query=ASK%7B%7D")
        yield peer, port
    finally:
        peer.terminate()
        peer.wait(10)


def endpoint_vs_oxigraph(store: Path, requests: int, client_levels=(1, 8, 32)) -> dict:
    from newsgraph.queries.catalog import catalog

    names = sorted(catalog())
    queries = [inline_query(n) for n in names]
    with tempfile.TemporaryDirectory() as tmp:
        ours_store, peer_store = Path(tmp) / "ours", Path(tmp) / "peer"
        shutil.copytree(store, ours_store)
        shutil.copytree(store, peer_store)
        for lock in peer_store.glob("LOCK"):
            lock.unlink()
        p_ours = free_port()
        ours = subprocess.Popen([NEWSGRAPH, "serve", "--store", str(ours_store), "--port", str(p_ours),
                                 "--threads", "32"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with oxigraph_server(peer_store) as (_, p_peer):
                wait_http(p_ours, "/sparql?query=ASK%7B%7D")
                out = {}
                for clients in client_levels:
                    ours_r = hammer(p_ours, lambda q: "/sparql", queries, clients, requests, post=True)
                    peer_r = hammer(p_peer, lambda q: "/query", queries, clients, requests, post=True)
                    pages = hammer(p_ours, lambda n: f"/queries/{n}.json?" + urllib.parse.urlencode(
                        sample_params(catalog()[n])), names, clients, requests)
                    out[str(clients)] = {"ours": ours_r, "oxigraph": peer_r, "canned_pages": pages,
                                         "p50_ratio": round(ours_r["p50_ms"] / peer_r["p50_ms"], 2),
                                         "throughput_ratio": round(ours_r["throughput_rps"] / peer_r["throughput_rps"], 2)}
                return out
        finally:
            ours.terminate()
            ours.wait(10)


def against_oxigraph(result: dict, store: Path) -> dict:
    """A load's result with the Oxigraph server's peak over the store it left, and its peak over that."""
    peer = oxigraph_answering_rss(store)
    result["oxigraph_answering"] = peer
    result["peak_rss_vs_oxigraph"] = round(result["peak_rss_mb"] / peer["peak_rss_mb"], 2) if result["peak_rss_mb"] else None
    return result


def oxigraph_answering_rss(store: Path) -> dict:
    """The peak RSS of `oxigraph serve-read-only` over the store while it answers, one after
    another, the queries a load precomputes (queries/precomputed.py): the memory the store
    engine itself needs for that work on a store of this size, the floor of the load's own
    last step. Read from the server's VmHWM (Linux /proc); the store is only read."""
    from newsgraph.queries import precomputed
    from newsgraph.queries.catalog import catalog

    names = sorted(n for n, q in catalog().items() if precomputed.eligible(q))
    with oxigraph_server(store) as (peer, port):
        started = time.perf_counter()
        for name in names:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            conn.request("POST", "/query", body=inline_query(name).encode("utf-8"),
                         headers={"Accept": "application/sparql-results+json",
                                  "Content-Type": "application/sparql-query"})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise RuntimeError(f"oxigraph answered {resp.status} to {name}")
        seconds = time.perf_counter() - started
        status = Path(f"/proc/{peer.pid}/status").read_text()
        hwm_kb = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1))
    return {"peak_rss_mb": round(hwm_kb / 1024, 1), "seconds": round(seconds, 1), "queries": names}


def busiest_person(service) -> str | None:
    """The person in the most meetings: the filter value a researcher would most likely type."""
    rows = service.query(
        terms.sparql_prefixes("ng", "skos") +
        f"SELECT ?name (COUNT(?m) AS ?n) WHERE {{ GRAPH <{service.base}graph/derived> {{ ?m ng:participant ?p . "
        "?p skos:prefLabel ?name } } GROUP BY ?name ORDER BY DESC(?n) LIMIT 1").rows
    return rows[0][0].value if rows else None


def canned_p50(store: Path, samples: int = 20, budget_s: float = 20.0) -> dict:
    """Median latency of each canned query (JSON), of the meetings web page and of an entity
    page, in-process (through Flask and the query workers). Each query runs with its default
    parameters (answered from the precomputed answer when the load wrote one: listed under
    "precomputed"), and every query with a `person` parameter also for the busiest person;
    `meetings` also for the year with the most meetings and for the country `tenures` lists by
    default (filters that narrow the query, queries/catalog.py). At most `samples` runs per
    query, fewer when they exceed `budget_s` seconds (at least 3)."""
    from newsgraph.queries.catalog import catalog
    from newsgraph.service.app import create_app

    app = create_app({"STORE_PATH": store})
    service = app.extensions["newsgraph"]
    service.start()
    client = app.test_client()
    out = {}
    precomputed: list[str] = []  # what was answered from the loader's precomputed answer

    def measure(name: str, path: str, **headers) -> None:
        first = client.get(path, headers=headers)
        if first.status_code != 200:  # a query past the service's time limit answers 503: record it
            out[name] = f"HTTP {first.status_code}"
            return
        if first.headers.get("X-Newsgraph-Precomputed") == "true":
            precomputed.append(name)
        times, started = [], time.perf_counter()
        while len(times) < samples and (len(times) < 3 or time.perf_counter() - started < budget_s):
            start = time.perf_counter()
            client.get(path, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
        out[name] = round(statistics.median(times), 1)

    try:
        person = busiest_person(service)
        for name in sorted(catalog()):
            params = sample_params(catalog()[name])
            measure(name, f"/queries/{name}.json?" + urllib.parse.urlencode(params))
            if person and any(p.name == "person" for p in catalog()[name].params):
                measure(f"{name} (person={person})",
                        f"/queries/{name}.json?" + urllib.parse.urlencode({**params, "person": person}))
        listing = client.get("/queries/meetings.json").get_json()
        if "rows" in listing:
            at = [listing["columns"].index(c) for c in ("date", "start")]
            years = Counter(str(row[i])[:4] for row in listing["rows"] for i in at if row[i])
            if years:
                year = years.most_common(1)[0][0]
                measure(f"meetings (from={year}-01-01, to={year}-12-31)",
                        "/queries/meetings.json?" + urllib.parse.urlencode({"from": f"{year}-01-01", "to": f"{year}-12-31"}))
        country = next((p.default for p in catalog()["tenures"].params if p.name == "country"), None)
        if country:
            measure(f"meetings (country={country})", "/queries/meetings.json?" + urllib.parse.urlencode({"country": country}))
        # the web page of the longest default listing: its first page of rows, rendered
        measure("meetings (HTML page)", "/queries/meetings", Accept="text/html")
        holder = client.get("/queries/tenures.json").get_json()["rows"]
        if holder:
            path = "/" + holder[0][0][len(service.base):]  # the entity's page at its own IRI
            measure("entity_page", path, Accept="text/html")
    finally:
        service.close()
    out["precomputed"] = precomputed
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="newsgraph benchmarks")
    parser.add_argument("--quick", action="store_true", help="small corpora; a few minutes on 2 cores")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, default=None, help="keep corpora and stores in this folder")
    parser.add_argument("--service-load", action="store_true",
                        help="also run bench/service_load.py (32 clients, 60 s per run) on the smallest store")
    args = parser.parse_args()
    sizes = [300, 1000] if args.quick else [1000, 10000, 100000]
    requests = 200 if args.quick else 600
    work = args.keep or Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    raw: dict = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(), "node": platform.node()},
                 "sizes": sizes, "workers": args.workers,
                 "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    # 1 + 2: throughput on 1,000 articles in both modes: on fewer, the start of the worker
    # processes (a spaCy pipeline each) weighs on the ratios more than the work does
    small = generate(THROUGHPUT_N, work / f"corpus-{THROUGHPUT_N}")
    texts, words = words_of(small)
    one = timed_load(small, work / "store-1", 1)
    many = timed_load(small, work / f"store-{THROUGHPUT_N}", args.workers)
    spacy_1 = spacy_baseline(texts, 1)
    spacy_n = spacy_baseline(texts, args.workers)
    raw["throughput"] = {"words": words, "articles": len(texts),
                         "load_1_worker": {**one, "words_per_s": round(words / one["seconds"])},
                         f"load_{args.workers}_workers": {**many, "words_per_s": round(words / many["seconds"])},
                         "spacy_1_process_words_per_s": round(words / spacy_1),
                         f"spacy_{args.workers}_processes_words_per_s": round(words / spacy_n)}
    loader_vs_spacy = round((words / many["seconds"]) / (words / spacy_n), 3)
    parallel_speedup = round(one["seconds"] / many["seconds"], 3)
    log(f"loader_vs_spacy {loader_vs_spacy}  parallel_speedup {parallel_speedup}")

    # 3
    raw["store"] = store_vs_bulk(generate(sizes[0], work / f"corpus-{sizes[0]}"))
    log(f"store_vs_bulk_load {raw['store']['ratio']}")

    # 5: growth
    growth = {}
    for n in sizes:
        corpus = generate(n, work / f"corpus-{n}")
        # the throughput run above already loaded this size with these workers
        result = dict(many) if n == THROUGHPUT_N else timed_load(corpus, work / f"store-{n}", args.workers)
        result["ms_per_article"] = round(result["seconds"] * 1000 / n, 2)
        growth[str(n)] = against_oxigraph(result, work / f"store-{n}")
        log(f"growth {n}: {result}")
    # parallel_speedup again where the start of the processes weighs less: the full run's
    # 10,000 articles, loaded once more with one worker (3-4 minutes)
    steady = [n for n in sizes if THROUGHPUT_N < n <= STEADY_MAX_N]
    raw["parallel_speedup_by_size"] = {str(THROUGHPUT_N): parallel_speedup}
    for n in steady:
        alone = timed_load(work / f"corpus-{n}", work / "store-1", 1)
        raw["parallel_speedup_by_size"][str(n)] = round(alone["seconds"] / growth[str(n)]["seconds"], 3)
        growth[str(n)]["one_worker"] = alone
        log(f"parallel_speedup on {n} articles: {raw['parallel_speedup_by_size'][str(n)]}")
    base = growth[str(sizes[0])]["ms_per_article"]
    for n in sizes:
        growth[str(n)]["vs_smallest"] = round(growth[str(n)]["ms_per_article"] / base, 3)
    raw["growth"] = growth
    largest = work / f"store-{sizes[-1]}"
    raw["canned_query_p50_ms"] = canned_p50(largest)
    log(f"canned p50 on {sizes[-1]} articles: {raw['canned_query_p50_ms']}")

    # quality on the largest corpus up to QUALITY_MAX_N
    from newsgraph.loader.evaluation import evaluate_file
    from newsgraph.loader.store import GraphStore

    # the scorer matches loaded facts against gold facts pairwise (loader/evaluation.py): on
    # 100,000 articles that takes hours, so quality is scored on at most 10,000
    scored = max(n for n in sizes if n <= QUALITY_MAX_N)
    result = evaluate_file(GraphStore(work / f"store-{scored}", create=False), work / f"corpus-{scored}" / "gold.yaml")
    raw["quality_articles"] = scored
    raw["quality"] = {k: {m: round(v[m], 3) for m in ("core_recall", "precision")} for k, v in result["sections"].items()}

    # 5, past the largest corpus: as many articles again, added to its store (last: it changes it)
    n = sizes[-1]
    added = added_load(n, work, args.workers)
    added["vs_smallest"] = round(added["ms_per_article"] / base, 3)
    raw["growth_added"] = {str(2 * n): against_oxigraph(added, largest)}
    log(f"growth, {n} added to {n}: {added}")

    # 4
    raw["endpoint"] = endpoint_vs_oxigraph(work / f"store-{sizes[0]}", requests)
    endpoint_ratio = raw["endpoint"]["8"]["p50_ratio"]
    log(f"endpoint_vs_oxigraph (p50 at 8 clients) {endpoint_ratio}")

    summary = {"loader_vs_spacy": loader_vs_spacy, "parallel_speedup": parallel_speedup,
               "store_vs_bulk_load": raw["store"]["ratio"], "endpoint_vs_oxigraph": endpoint_ratio, "raw": raw}
    if args.json:
        print(json.dumps(summary, indent=1))
    if args.service_load:
        subprocess.run([sys.executable, str(ROOT / "bench" / "service_load.py"), "--store", str(work / f"store-{sizes[0]}")]
                       + ([] if args.quick else ["--write"]), check=True)
    if not args.quick:
        write_results(summary)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


SERVICE_SECTION = "## Service under load"  # written by bench/service_load.py


def service_section(text: str) -> str | None:
    """bench/service_load.py's section as it stands in a RESULTS.md text (each run keeps the other's)."""
    at = text.find("\n" + SERVICE_SECTION + "\n")
    if at < 0:
        return None
    end = text.find("\n## ", at + 1)
    return text[at + 1: end + 1 if end >= 0 else len(text)]


def write_results(summary: dict, command: str = "python bench/run.py") -> None:
    """bench/RESULTS.md: the figures against their goals, the tables behind them, the raw JSON."""
    raw = summary["raw"]
    t = raw["throughput"]
    workers = raw["workers"]
    lines = [
        "# Benchmark results", "",
        f"Measured {raw.get('date') or datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on "
        f"{raw['machine']['node']} ({raw['machine']['cores']} cores), Python {raw['machine']['python']}, "
        f"{workers} worker processes. Command: `{command}`. Corpora from `bench/corpus.py` (seed 7).", "",
        "| figure | value | goal |", "| --- | --- | --- |",
        f"| loader_vs_spacy | {summary['loader_vs_spacy']} | >= 0.9 |",
        f"| parallel_speedup | {summary['parallel_speedup']} | >= 1.7 |",
        *(f"| parallel_speedup on {int(n):,} articles | {v} | >= 1.7 |"
          for n, v in raw.get("parallel_speedup_by_size", {}).items() if int(n) != t["articles"]),
        f"| store_vs_bulk_load | {summary['store_vs_bulk_load']} | >= 0.5 |",
        f"| endpoint_vs_oxigraph (p50 at 8 clients) | {summary['endpoint_vs_oxigraph']} | <= 1.5 |", "",
        f"## Throughput ({t['articles']:,} articles, {t['words']:,} words)", "",
        "| run | words/s |", "| --- | --- |",
        f"| newsgraph load, 1 worker | {t['load_1_worker']['words_per_s']:,} |",
        f"| newsgraph load, {workers} workers | {t[f'load_{workers}_workers']['words_per_s']:,} |",
        f"| spaCy nlp.pipe, 1 process | {t['spacy_1_process_words_per_s']:,} |",
        f"| spaCy nlp.pipe, {workers} processes | {t[f'spacy_{workers}_processes_words_per_s']:,} |", "",
        f"Store writes: {raw['store']['ours_quads_per_s']:,} quads/s (whole articles per commit) against "
        f"{raw['store']['bulk_quads_per_s']:,} for one `bulk_load` of the same {raw['store']['quads']:,} quads.", "",
        "## Growth", "",
        "The last two columns: the peak RSS of `oxigraph serve-read-only` over the same store while it answers "
        "the queries the load precomputes, and the load's peak over it.", "",
        "| articles | load (s) | of which precomputing answers (s) | ms per article | vs smallest | peak RSS (MB) "
        "| Oxigraph answering (MB) | peak vs Oxigraph |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    growth = {**raw["growth"], **raw.get("growth_added", {})}

    def size(n: str) -> str:
        added = growth[n].get("added")
        return f"{int(n):,} ({added:,} added to the store of {int(n) - added:,})" if added else f"{int(n):,}"
    for n, g in growth.items():
        peer = g.get("oxigraph_answering", {})
        lines.append(f"| {size(n)} | {g['seconds']} | {g.get('precompute_s', '')} | {g['ms_per_article']} | "
                     f"{g['vs_smallest']} | {g['peak_rss_mb']} | {peer.get('peak_rss_mb', '')} | "
                     f"{g.get('peak_rss_vs_oxigraph', '')} |")
    sampled = {n: g["sampled_rss_mb"] for n, g in growth.items() if g.get("sampled_rss_mb")}
    if sampled:
        lines += ["", "Where the memory is, from /proc sampled every 0.2 s during the same loads: the writer "
                  "process, its largest worker and the process that finishes a load of 20,000 articles or more "
                  "(deriving, compacting and precomputing: loader/finish.py) apart, the peak of all of them "
                  "together, and the peak of the writer or the finishing process in each tenth of the load's time "
                  "(streaming, then deriving and precomputing at the end).", "",
                  "| articles | writer (MB) | largest worker (MB) | finishing (MB) | all together (MB) "
                  "| writer or finishing, by tenth of the load (MB) |",
                  "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {size(n)} | {r['writer']} | {r['largest_worker']} | {r.get('finishing') or '-'} | {r['sum']} | "
                  f"{' '.join(str(v) for v in r['writer_by_tenth'])} |" for n, r in sampled.items()]
    canned = dict(raw["canned_query_p50_ms"])
    answered = set(canned.pop("precomputed", []))
    lines += ["", f"## Canned queries on {raw['sizes'][-1]:,} articles (p50, ms, through Flask and the query workers)", "",
              "Default parameters are answered from the answer the load precomputed (queries/precomputed.py); "
              "any other value runs the query.", "",
              "| query | p50 | answered from |", "| --- | --- | --- |"]
    lines += [f"| {name} | {value} | {'precomputed answer' if name in answered else 'the query'} |"
              for name, value in canned.items()]
    lines += ["", f"## Endpoint against `oxigraph serve-read-only` ({raw['sizes'][0]:,}-article store)", "",
              "| clients | ours p50 / p99 (ms) | ours req/s | Oxigraph p50 / p99 (ms) | Oxigraph req/s | p50 ratio | "
              "throughput ratio | errors (ours, theirs) |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for clients, e in raw["endpoint"].items():
        o, x = e["ours"], e["oxigraph"]
        lines.append(f"| {clients} | {o['p50_ms']} / {o['p99_ms']} | {o['throughput_rps']} | {x['p50_ms']} / {x['p99_ms']} | "
                     f"{x['throughput_rps']} | {e['p50_ratio']} | {e['throughput_ratio']} | {o['errors']}, {x['errors']} |")
    lines += ["", f"## Extraction quality on the {raw.get('quality_articles', raw['sizes'][-1]):,}-article corpus (its generated gold file)", "",
              "| section | core recall | precision |", "| --- | --- | --- |"]
    lines += [f"| {k} | {v['core_recall']} | {v['precision']} |" for k, v in raw["quality"].items()]
    # bench/service_load.py's section stays (it is measured by its own run, or by --service-load)
    results = ROOT / "bench" / "RESULTS.md"
    kept = service_section(results.read_text(encoding="utf-8")) if results.exists() else None
    if kept:
        lines += ["", kept.rstrip("\n")]
    lines += ["", "## Raw figures", "", "```json", json.dumps(raw, indent=1), "```"]
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
