"""Sorting on disk: the same order as `sorted`, whatever the size, the records as they went in,
bounded memory, and no file left behind."""
from __future__ import annotations

import os
import random
import time
import tracemalloc

import pytest
from newsgraph.loader.disk_sort import RecordFile, merge_join, sort_on_disk


def _records(n, seed=3):
    rng = random.Random(seed)
    return [(rng.choice(["b", "a", "c", "ab"]), rng.randrange(50), f"v{rng.randrange(20)}") for _ in range(n)]


def _mixed(n, seed=5):
    """Every kind of field the derivation sorts: text (non-ASCII too), numbers, flags, tuples of
    text (a meeting's people), and None after a field that differs."""
    rng = random.Random(seed)
    return [(rng.choice(["b", "a", "ab", "Äpfel", "ωmega", ""]), rng.choice([True, False]),
             tuple(sorted(rng.sample(["x", "xy", "y", "", "é"], rng.randrange(4)))), rng.randrange(-5, 5), i,
             rng.choice([None, "2024-01-02", "2024"])) for i in range(n)]


def _open_files():
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("run_rows", [1, 7, 10_000])
def test_sorting_on_disk_gives_what_sorted_gives(tmp_path, run_rows):
    """One batch or many: the same records in the same order; with `unique`, each distinct
    record once."""
    for records in (_records(500) * 2, _mixed(500)):
        assert list(sort_on_disk(iter(records), tmp_path, run_rows=run_rows)) == sorted(records)
        assert list(sort_on_disk(iter(records), tmp_path, unique=True, run_rows=run_rows)) == sorted(set(records))
    assert list(sort_on_disk(iter([]), tmp_path, run_rows=run_rows)) == []


def test_the_records_come_back_of_the_kinds_they_went_in(tmp_path):
    out = list(sort_on_disk(_mixed(200), tmp_path, run_rows=50))
    assert {type(r[1]) for r in out} == {bool} and {type(r[2]) for r in out} == {tuple}
    assert {type(r[5]) for r in out} == {type(None), str}
    lines = [f"<s{n % 300}> <p> <o>".encode() for n in range(1000)]
    assert list(sort_on_disk(lines, tmp_path, unique=True, run_rows=64)) == sorted(set(lines))
    ids = [f"{n * 2654435761 % 2**32:08x}" for n in range(1000)]
    assert list(sort_on_disk(ids, tmp_path, run_rows=64)) == sorted(ids)


def test_text_that_is_not_valid_unicode_sorts_by_code_point(tmp_path):
    """A file name's undecodable bytes come as lone surrogates (`os.listdir`): they sort where
    `sorted` puts them, before or after a batch of ordinary names."""
    names = ["b.txt", "a\udcff.txt", "a.txt", "\ue000.txt", "\ud7ff", "\udc80", "zz"] * 3
    entries = [(name, i % 2 == 0) for i, name in enumerate(names)]
    for run_rows in (1, 4, 100):
        assert list(sort_on_disk(names, tmp_path, unique=True, run_rows=run_rows)) == sorted(set(names))
        assert list(sort_on_disk(entries, tmp_path, run_rows=run_rows)) == sorted(entries)


def test_a_sort_of_many_records_holds_few_of_them_in_memory(tmp_path):
    """50,000 records stream through in the Python memory of about `run_rows` of them
    (`sorted` would hold them all: about 8 MB)."""
    records = ((f"{n * 2654435761 % 2**32:08x}", n, "a value") for n in range(50_000))
    tracemalloc.start()
    try:
        last, count = None, 0
        for record in sort_on_disk(records, tmp_path, run_rows=1_000):
            assert last is None or last <= record
            last, count = record, count + 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 50_000
    assert peak < 2_000_000


def test_many_small_sorts_are_quick(tmp_path):
    """A folder's entries are sorted one folder at a time: a thousand small sorts take well
    under a second."""
    entries = [(f"article-{n}.json", n % 3 == 0) for n in range(20)]
    start = time.perf_counter()
    for _ in range(1000):
        assert list(sort_on_disk(reversed(entries), tmp_path)) == sorted(entries)
    assert time.perf_counter() - start < 1.0


def test_a_sort_leaves_no_file_open_when_read_to_the_end_or_dropped(tmp_path):
    before = _open_files()
    assert len(list(sort_on_disk(iter(_records(300)), tmp_path, run_rows=10))) == 300
    assert _open_files() == before
    stream = sort_on_disk(iter(_records(300)), tmp_path, run_rows=10)
    next(stream)
    assert _open_files() > before  # the records wait in their database
    assert os.listdir(tmp_path) == []  # which has no name
    stream.close()
    assert _open_files() == before


def test_merge_join_finds_each_records_key_as_a_dict_would():
    left = [("a", 1), ("c", 3), ("d", 4)]
    right = [("a", "x"), ("b", "y"), ("c", "z"), ("c", "w"), ("e", "v")]
    lookup = {k: (k, v) for k, v in left}
    assert list(merge_join(iter(left), iter(right))) == [(lookup.get(r[0]), r) for r in right]


def test_a_record_file_reads_back_in_order_as_often_as_asked(tmp_path):
    with RecordFile(tmp_path) as f:
        for r in _records(50):
            f.append(r)
        assert list(f) == _records(50) == list(f)
        next(iter(f))  # a read left halfway
        f.append(("z", 0, "last"))
        assert list(f) == [*_records(50), ("z", 0, "last")] and len(f) == 51


def test_records_that_repeat_a_value_come_back_as_they_went_in(tmp_path):
    """A record holding one object twice (one person's name as label and as key) is pickled
    with a reference to itself; records must not refer to each other's."""
    records = [(name, name, frozenset({name})) for name in (f"name {i}" for i in range(40))]
    with RecordFile(tmp_path) as f:
        for r in records:
            f.append(r)
        assert list(f) == records
