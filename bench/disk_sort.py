"""Sorting on disk measured: `loader/disk_sort.sort_on_disk` against SQLite variants and `sorted`.

Two workloads of the shapes the code sorts (synthetic, deterministic):
- `records`: the derivation's tenure reports, 12-field tuples of IRIs, a row number, dates
  (some None) and two flags, sorted by all fields; 435,378 of them on 200,000 articles.
- `lines`: the derived graph's N-Triples lines as bytes (`TripleSpool`), 5% repeated, sorted
  with `unique`; 1.56 million distinct on 100,000 articles.

Each variant runs in a fresh process (`--child`), which prints its wall time for generating
and sorting and its peak RSS (`ru_maxrss`); `none` only generates the data and reads it, the
floor the others stand on. Usage:

    python bench/disk_sort.py                     # both workloads at their 100,000/200,000-article sizes
    python bench/disk_sort.py --records 1000000 --lines 3000000 --variants module,sqlite-order,sorted
    git show e4f2a17~1:loader/disk_sort.py > /tmp/merge_sort.py     # the merge sort it replaced
    python bench/disk_sort.py --against /tmp/merge_sort.py --variants none,module,against --rounds 3

Variants: `module` is `loader/disk_sort.sort_on_disk` as it is; `against` the same function from
another file; `sorted` holds everything in memory; `sqlite-order`, `sqlite-index`, `sqlite-pk`
are the SQLite layouts tried before choosing (each record pickled beside its fields).
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import itertools
import json
import os
import pickle
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator

from newsgraph.ontology import terms

BASE = terms.DEFAULT_BASE
ROLES = ["head_of_state", "head_of_government", "foreign_minister", "defence_minister", "minister", "party_leader"]


def tenure_reports(n: int, seed: int = 1) -> Iterator[tuple]:
    """(person, n, local tenure, post, role, country, start, end, seen, article, guessed,
    succeeded), as `resolution._tenure_reports` sorts them."""
    rng = random.Random(seed)
    for i in range(n):
        person = f"{BASE}graph/article/{rng.getrandbits(64):016x}#person-{rng.randrange(40)}"
        article = f"{BASE}id/article/{rng.getrandbits(64):016x}"
        role = rng.choice(ROLES)
        country = f"{BASE}id/country/c{rng.randrange(200)}" if rng.random() < 0.8 else None
        year = 1990 + rng.randrange(35)
        start = f"{year}-{rng.randrange(1, 13):02d}-01" if rng.random() < 0.3 else None
        end = f"{year + 2}" if rng.random() < 0.1 else None
        seen = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        yield (person, i, f"{article}/tenure/{rng.getrandbits(32):08x}", f"{BASE}id/post/{role}-c{rng.randrange(200)}",
               terms.ROLE_NS + role, country, start, end, seen, article, rng.random() < 0.2, rng.random() < 0.05)


def triple_lines(n: int, seed: int = 2) -> Iterator[bytes]:
    """N-Triples lines of a derived graph (no final dot), in a load's order: 5% repeat one
    already given."""
    rng = random.Random(seed)
    given: list[bytes] = []
    for _ in range(n):
        if given and rng.random() < 0.05:
            yield rng.choice(given)
            continue
        node = f"<{BASE}id/{rng.choice(['person', 'tenure', 'meeting'])}/{rng.getrandbits(48):012x}>"
        p = rng.choice(["reportedIn", "mentionedIn", "participant", "resolvesTo", "outletCount"])
        o = f"<{BASE}id/article/{rng.getrandbits(64):016x}>" if p != "outletCount" \
            else f'"{rng.randrange(9)}"^^<{terms.XSD}integer>'
        line = f"{node} <{terms.NS}{p}> {o}".encode()
        if len(given) < 10_000:
            given.append(line)
        yield line


# --- SQLite variants (a temporary database, inserted in batches, read back in order) ---

def _key(value):
    """A field as an SQLite value that sorts as Python sorts it: text as UTF-8 bytes (byte order
    is code point order), numbers and None as themselves."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return value


def sqlite_sort(records: Iterable, folder, unique: bool, mode: str, batch: int = 10_000) -> Iterator:
    """`mode` "order": a plain table read back with ORDER BY (SQLite's sorter, its spill in the
    system's temporary folder); "index": the same, with an index built after the inserts;
    "pk": an index made before the inserts, kept in order as the table is filled (UNIQUE for
    `unique` lines, which then drops repeats as they come)."""
    with tempfile.TemporaryDirectory(dir=folder) as where:
        db = sqlite3.connect(os.path.join(where, "sort.db"), isolation_level=None)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        it = iter(records)
        first = next(it, None)
        if first is None:
            return
        plain = isinstance(first, (bytes, str))
        width = 1 if plain else len(first)
        keys = ", ".join(f"k{i}" for i in range(width))
        value = "" if plain else ", record"
        db.execute(f"CREATE TABLE rows ({keys}{value})")
        if mode == "pk":  # an index kept in order as rows come (NULL fields allowed, unlike a WITHOUT ROWID key)
            db.execute(f"CREATE {'UNIQUE ' if unique and plain else ''}INDEX ordered ON rows ({keys})")
        insert = f"INSERT {'OR IGNORE ' if mode == 'pk' else ''}INTO rows VALUES ({', '.join('?' * (width + (not plain)))})"

        def row(n, r):
            fields = [_key(r)] if plain else [_key(f) for f in r]
            if not plain:
                fields.append(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
            return fields

        n, rows = 0, []
        db.execute("BEGIN")
        for record in itertools.chain([first], it):
            rows.append(row(n, record))
            n += 1
            if len(rows) >= batch:
                db.executemany(insert, rows)
                rows.clear()
        db.executemany(insert, rows)
        db.execute("COMMIT")
        rows.clear()
        if mode == "index":
            db.execute(f"CREATE INDEX ordered ON rows ({keys})")
        column = "k0" if plain else "record"
        distinct = "DISTINCT " if unique and plain and mode != "pk" else ""
        cursor = db.execute(f"SELECT {distinct}{column} FROM rows ORDER BY {keys}")
        last = object()
        for (got,) in cursor:
            if plain:
                record = got.decode("utf-8", "surrogatepass") if isinstance(first, str) else got
            else:
                record = pickle.loads(got)
            if unique and not plain:
                if record == last:
                    continue
                last = record
            yield record
        db.close()


def run_child(workload: str, variant: str, n: int) -> dict:
    records = tenure_reports(n) if workload == "records" else triple_lines(n)
    unique = workload == "lines"
    folder = tempfile.mkdtemp(prefix="bench-disk-sort-")
    start = time.perf_counter()
    if variant == "none":
        out = records
    elif variant in ("module", "against"):
        if variant == "module":
            from newsgraph.loader.disk_sort import sort_on_disk
        else:  # another version of the module, from a file (`git show COMMIT:loader/disk_sort.py > FILE`)
            spec = importlib.util.spec_from_file_location("against", os.environ["DISK_SORT_AGAINST"])
            against = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(against)
            sort_on_disk = against.sort_on_disk
        out = sort_on_disk(records, folder, unique=unique, **({"run_rows": 2_500} if workload == "records" else {}))
    elif variant == "sorted":
        out = iter(sorted(set(records)) if unique else sorted(records))
    else:
        out = sqlite_sort(records, folder, unique, variant.split("-", 1)[1])
    digest, count = hashlib.blake2b(digest_size=8), 0
    for r in out:
        digest.update(repr(r).encode())
        count += 1
    seconds = time.perf_counter() - start
    os.rmdir(folder)
    return {"workload": workload, "variant": variant, "n": n, "out": count, "seconds": round(seconds, 1),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "digest": digest.hexdigest() if variant != "none" else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=435_378)
    ap.add_argument("--lines", type=int, default=1_640_000)
    ap.add_argument("--variants", default="none,module,sqlite-order,sqlite-index,sqlite-pk,sorted")
    ap.add_argument("--workloads", default="records,lines")
    ap.add_argument("--against", metavar="FILE", help="variant `against`: sort_on_disk from this file, another version of loader/disk_sort.py")
    ap.add_argument("--rounds", type=int, default=1, help="run the variants in turn this many times (the machine's speed drifts)")
    ap.add_argument("--child", nargs=3, metavar=("WORKLOAD", "VARIANT", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], args.child[1], int(args.child[2]))))
        return
    print("| workload | n | variant | seconds | peak RSS MB | rows out | digest |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    env = dict(os.environ, DISK_SORT_AGAINST=os.path.abspath(args.against)) if args.against else None
    for workload in args.workloads.split(","):
        n = args.records if workload == "records" else args.lines
        for variant in [v for _ in range(args.rounds) for v in args.variants.split(",")]:
            out = subprocess.run([sys.executable, __file__, "--child", workload, variant, str(n)],
                                 capture_output=True, text=True, env=env)
            if out.returncode:
                print(f"| {workload} | {n:,} | {variant} | failed: {out.stderr.strip().splitlines()[-1]} | | | |", flush=True)
                continue
            r = json.loads(out.stdout)
            print(f"| {workload} | {n:,} | {variant} | {r['seconds']} | {r['peak_mb']} | {r['out']:,} | {r['digest']} |", flush=True)


if __name__ == "__main__":
    main()
