"""Load check of `newsgraph serve` beside `oxigraph serve-read-only` on the same store.

    python bench/service_load.py [--store STORE | --articles 1000] [--clients 32] [--seconds 60]
                                 [--phase sparql|cheap|all] [--write] [--json]

1. sparql  `--clients` clients, each its own loopback address (127.0.0.10, .11, ...) and one
           keep-alive connection, send SELECTs (each of MIXES in turn) one after another for
           `--seconds` seconds (at most MAX_REQUESTS each), to our /sparql and then, the same
           way, to Oxigraph's /query over a copy of the same store (union default graph):
           requests/s, p50, p99, errors of both, and the ratio of requests/s.
2. cheap   the same clients fetch cheap pages (a static file, an entity page, a canned query
           answered from its precomputed answer) while two runaway queries (a count over a
           four-way cross join, which runs to the time limit) are kept in flight from two
           other addresses: p50, p99 and errors per kind of page and overall.

Everything is on 127.0.0.1 (127/8 for the client addresses); the servers are started and
stopped here. With --write the figures replace the "Service under load" section of
bench/RESULTS.md (bench/run.py keeps that section when it rewrites the file).
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from newsgraph.ontology import terms  # noqa: E402

import run  # noqa: E402  (bench/run.py: corpora, loads, the Oxigraph server)

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = run.SERVICE_SECTION
BASE = terms.DEFAULT_BASE
MAX_REQUESTS = 100_000  # per client and phase: every loop here ends by count as well as by time
PREFIXES = terms.sparql_prefixes("ng", "schema", "skos")
MIXES = {  # name -> the SELECTs its clients send in turn (times: pyoxigraph alone, 1,000 articles)
    # lookups, each under 0.1 ms: what the HTTP stack costs per request
    "lookups": [PREFIXES + q for q in (
        "SELECT ?a ?t WHERE { ?a a ng:Article ; schema:headline ?t } LIMIT 10",
        "SELECT ?p ?name WHERE { ?p a ng:Person ; skos:prefLabel ?name } LIMIT 10",
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5",
        "SELECT ?m ?p WHERE { ?m ng:participant ?p } LIMIT 10",
        "SELECT ?a ?d WHERE { ?a schema:datePublished ?d } LIMIT 10",
    )],
    # small SELECTs of 1-3 ms each: a group count, a sort, a count, a text filter
    "small": [PREFIXES + q for q in (
        "SELECT ?p (COUNT(?m) AS ?n) WHERE { ?m ng:participant ?p } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10",
        "SELECT ?a ?d WHERE { ?a schema:datePublished ?d } ORDER BY DESC(?d) LIMIT 10",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a ng:Person }",
        'SELECT ?p ?name WHERE { ?p skos:prefLabel ?name FILTER(CONTAINS(LCASE(?name), "min")) } LIMIT 10',
    )],
}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def address(n: int) -> str:
    """The n-th client's loopback address (127.0.0.10 onwards, then 127.0.1.x, ...)."""
    n += 10
    return f"127.0.{n // 250}.{n % 250 + 1}" if n >= 250 else f"127.0.0.{n}"


def summary(latencies: list[float], errors: int, seconds: float, statuses: dict) -> dict:
    latencies = sorted(latencies)
    if not latencies:
        return {"requests": 0, "errors": errors, "statuses": statuses}
    return {"requests": len(latencies), "errors": errors, "req_per_s": round(len(latencies) / seconds, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1),
            "statuses": statuses}


def load(port: int, requests_of, clients: int, seconds: float) -> dict:
    """`clients` threads, each on its own address and keep-alive connection, sending
    `requests_of(client, i)` -> (kind, method, path, body, headers) back to back until `seconds`
    have passed (or MAX_REQUESTS each). Latencies and errors by kind and overall."""
    results: dict[str, list] = {}
    errors: dict[str, int] = {}
    statuses: dict[str, dict] = {}
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def one(k: int) -> None:
        source = (address(k), 0)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=source)
        mine: dict[str, list] = {}
        bad: dict[str, int] = {}
        seen: dict[str, dict] = {}
        for i in range(MAX_REQUESTS):
            if time.perf_counter() >= deadline:
                break
            kind, method, path, body, headers = requests_of(k, i)
            t = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                status = "connection"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=source)
            mine.setdefault(kind, []).append(time.perf_counter() - t)
            seen.setdefault(kind, {}).setdefault(str(status), 0)
            seen[kind][str(status)] += 1
            if status != 200:
                bad[kind] = bad.get(kind, 0) + 1
        conn.close()
        with lock:
            for kind, values in mine.items():
                results.setdefault(kind, []).extend(values)
                errors[kind] = errors.get(kind, 0) + bad.get(kind, 0)
                for status, n in seen.get(kind, {}).items():
                    statuses.setdefault(kind, {}).setdefault(status, 0)
                    statuses[kind][status] += n

    threads = [threading.Thread(target=one, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    wall = time.perf_counter() - start
    out = {kind: summary(values, errors.get(kind, 0), wall, statuses.get(kind, {})) for kind, values in results.items()}
    if len(out) > 1:
        every = [v for values in results.values() for v in values]
        merged: dict = {}
        for s in statuses.values():
            for status, n in s.items():
                merged[status] = merged.get(status, 0) + n
        out["all"] = summary(every, sum(errors.values()), wall, merged)
    return out


def sparql_request(path: str, queries: list[str]):
    def requests_of(k: int, i: int):
        q = queries[(k + i) % len(queries)]
        return ("sparql", "POST", path, q.encode("utf-8"),
                {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    return requests_of


@contextlib.contextmanager
def newsgraph_server(store: Path, *options: str):
    port = run.free_port()
    proc = subprocess.Popen([run.NEWSGRAPH, "serve", "--store", str(store), "--port", str(port), *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        run.wait_http(port, "/sparql?query=ASK%7B%7D")
        yield proc, port
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children so far (Linux /proc)."""
    total = 0.0
    for p in [pid, *run._children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def sparql_phase(ours_store: Path, peer_store: Path, clients: int, seconds: float) -> dict:
    """Each mix against our /sparql, then against Oxigraph's /query (one server at a time)."""
    out: dict = {}
    with newsgraph_server(ours_store) as (proc, port):
        for mix, queries in MIXES.items():
            cpu = cpu_seconds(proc.pid)
            out.setdefault(mix, {})["ours"] = load(port, sparql_request("/sparql", queries), clients, seconds)["sparql"]
            out[mix]["ours"]["cpu_s"] = round(cpu_seconds(proc.pid) - cpu, 1)
    with run.oxigraph_server(peer_store) as (proc, port):
        for mix, queries in MIXES.items():
            cpu = cpu_seconds(proc.pid)
            out[mix]["oxigraph"] = load(port, sparql_request("/query", queries), clients, seconds)["sparql"]
            out[mix]["oxigraph"]["cpu_s"] = round(cpu_seconds(proc.pid) - cpu, 1)
    for mix in MIXES:
        out[mix]["throughput_ratio"] = round(out[mix]["ours"]["req_per_s"] / out[mix]["oxigraph"]["req_per_s"], 3)
    return out


def precompute(store: Path) -> list[str]:
    """The canned queries' default answers written into `store` (as a load of 2,000 articles
    or more does), so that their pages are answered from them; the names answered."""
    from newsgraph.loader.precompute import precompute as precompute_answers
    from newsgraph.loader.store import GraphStore

    gs = GraphStore(store, base=BASE)
    precompute_answers(gs)
    del gs
    gc.collect()
    from newsgraph.queries import precomputed
    from newsgraph.queries.catalog import catalog

    return sorted(n for n, q in catalog().items() if precomputed.eligible(q))


def cheap_phase(store: Path, clients: int, seconds: float, canned: str) -> dict:
    with newsgraph_server(store) as (_, port):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", f"/queries/{canned}", headers={"Accept": "text/html"})
        resp = conn.getresponse()
        resp.read()
        if resp.getheader("X-Newsgraph-Precomputed") != "true":
            raise RuntimeError(f"/queries/{canned} is not answered from a precomputed answer")
        q = PREFIXES + "SELECT ?p WHERE { ?p a ng:Person } ORDER BY ?p LIMIT 1"
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": q}),
                     headers={"Accept": "application/sparql-results+json"})
        person = json.loads(conn.getresponse().read())["results"]["bindings"][0]["p"]["value"]
        conn.close()
        entity = "/" + person[len(BASE):]
        pages = [("static", "/assets/style.css"), ("entity", entity), ("precomputed", f"/queries/{canned}")]

        def requests_of(k: int, i: int):
            kind, path = pages[(k + i) % len(pages)]
            return kind, "GET", path, None, {"Accept": "text/html"}

        stop = threading.Event()
        runaway_answers: list[int] = []

        def runaway(n: int) -> None:
            for attempt in range(1000):  # one after another from its own address, until the phase ends
                if stop.is_set():
                    return
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=600, source_address=(address(clients + 2 * attempt + n), 0))
                try:
                    c.request("POST", "/sparql", body=RUNAWAY.encode(), headers={"Content-Type": "application/sparql-query"})
                    resp = c.getresponse()
                    resp.read()
                    runaway_answers.append(resp.status)
                except (OSError, http.client.HTTPException):
                    runaway_answers.append(0)
                finally:
                    c.close()

        runners = [threading.Thread(target=runaway, args=(n,), daemon=True) for n in range(2)]
        for t in runners:
            t.start()
        time.sleep(1)  # both running before the clients start
        try:
            out = load(port, requests_of, clients, seconds)
        finally:
            stop.set()
        for t in runners:
            t.join(60)
        out["runaway_answers"] = runaway_answers
        out["entity_path"] = entity
        out["precomputed_path"] = f"/queries/{canned}"
        return out


def markdown(result: dict) -> list[str]:
    lines = [SECTION, "",
             f"Measured {result['date']} on {result['node']} ({result['cores']} cores) on the "
             f"{result['store']} store. Command: `{result['command']}`. {result['clients']} clients, each on its own "
             f"loopback address with one keep-alive connection, {result['seconds']:g} s per run; `newsgraph serve` "
             "with its defaults.", ""]
    s = result.get("sparql")
    if s:
        lines += ["SELECTs sent one after another by each client (`MIXES` in bench/service_load.py): *lookups* take "
                  "under 0.1 ms each in pyoxigraph, so they measure what the HTTP stack costs; *small* take 1-3 ms "
                  "(a group count, a sort, a count, a text filter). CPU: the server's process and its workers "
                  "over the run.", "",
                  "| SELECTs | server | requests | errors | p50 (ms) | p99 (ms) | req/s | CPU (s) | req/s ratio |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for mix, m in s.items():
            for name, label in (("ours", "newsgraph serve `/sparql`"), ("oxigraph", "oxigraph serve-read-only `/query`")):
                r = m[name]
                ratio = f"**{m['throughput_ratio']}**" if name == "ours" else ""
                lines.append(f"| {mix} | {label} | {r['requests']:,} | {r['errors']} | {r['p50_ms']} | {r['p99_ms']} | "
                             f"{r['req_per_s']} | {r.get('cpu_s', '')} | {ratio} |")
        lines.append("")
    c = result.get("cheap")
    if c:
        lines += [f"Cheap pages while two runaway queries are kept in flight (each a count over a four-way cross "
                  f"join, stopped at the time limit: answers {c['runaway_answers']}): `/assets/style.css`, "
                  f"an entity page (`{c['entity_path']}`), `{c['precomputed_path']}` (HTML, answered from the "
                  "precomputed answer), in turn.", "",
                  "| page | requests | errors | p50 (ms) | p99 (ms) | req/s |", "| --- | --- | --- | --- | --- | --- |"]
        for kind in ("static", "entity", "precomputed", "all"):
            r = c.get(kind)
            if r:
                lines.append(f"| {kind} | {r['requests']:,} | {r['errors']} | {r['p50_ms']} | {r['p99_ms']} | {r['req_per_s']} |")
        lines.append("")
    return lines


def write_section(lines: list[str]) -> None:
    """Replace (or add) the section in bench/RESULTS.md, before the raw figures."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    text = without_section(text)
    marker = "\n## Raw figures"
    block = "\n".join(lines).rstrip("\n") + "\n"
    if marker in text:
        at = text.index(marker) + 1
        text = text[:at] + block + "\n" + text[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text, encoding="utf-8")


def without_section(text: str) -> str:
    section = run.service_section(text)
    return text.replace(section, "") if section else text


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a store to copy (else one is loaded from a generated corpus)")
    parser.add_argument("--articles", type=int, default=1000, help="the generated corpus's size (without --store)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--phase", choices=("sparql", "cheap", "all"), default="all")
    parser.add_argument("--write", action="store_true", help="write the figures into bench/RESULTS.md")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--clients from 1 to 200, --seconds from 1 to 600")
    if not run.OXIGRAPH:
        parser.error("the `oxigraph` command is not installed (pip install oxigraph)")
    with tempfile.TemporaryDirectory(prefix="newsgraph-service-load-") as tmp:
        tmp = Path(tmp)
        if args.store:
            source, label = args.store, f"`{args.store.name}`"
        else:
            corpus = run.generate(args.articles, tmp / f"corpus-{args.articles}")
            source = tmp / "store"
            run.timed_load(corpus, source, 2)
            label = f"{args.articles:,}-article (`bench/corpus.py`, seed 7)"
        ours, peer = tmp / "ours", tmp / "peer"
        shutil.copytree(source, ours)
        shutil.copytree(source, peer)
        for lock in (ours / "LOCK", peer / "LOCK"):
            lock.unlink(missing_ok=True)
        result = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "node": os.uname().nodename,
                  "cores": os.cpu_count(), "store": label, "clients": args.clients, "seconds": args.seconds,
                  "command": "python bench/service_load.py" + (" " + " ".join(argv or sys.argv[1:]) if (argv or sys.argv[1:]) else "")}
        if args.phase in ("sparql", "all"):
            result["sparql"] = sparql_phase(ours, peer, args.clients, args.seconds)
            print(f"sparql: {json.dumps(result['sparql'])}", file=sys.stderr)
        if args.phase in ("cheap", "all"):
            names = precompute(ours)
            canned = "meetings" if "meetings" in names else names[0]
            result["cheap"] = cheap_phase(ours, args.clients, args.seconds, canned)
            print(f"cheap: {json.dumps(result['cheap'])}", file=sys.stderr)
    if args.write:
        write_section(markdown(result))
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print("\n".join(markdown(result)))
    return result


if __name__ == "__main__":
    main()
