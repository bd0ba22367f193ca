"""Sorting on disk: the same order as `sorted`, whatever the number of runs, and files cleaned up."""
from __future__ import annotations

import os
import random

import pytest
from newsgraph.loader import disk_sort
from newsgraph.loader.disk_sort import RecordFile, merge_join, sort_on_disk


def _records(n, seed=3):
    rng = random.Random(seed)
    return [(rng.choice(["b", "a", "c", "ab"]), rng.randrange(50), f"v{rng.randrange(20)}") for _ in range(n)]


def _open_files():
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("run_rows, fan_in", [(1000, 200), (7, 200), (7, 3)])
def test_sorting_on_disk_gives_what_sorted_gives(tmp_path, monkeypatch, run_rows, fan_in):
    """One run, many runs, and so many that they are merged in stages: the same records in the
    same order; with `unique`, each distinct record once."""
    monkeypatch.setattr(disk_sort, "MERGE_FAN_IN", fan_in)
    records = _records(500)
    assert list(sort_on_disk(iter(records), tmp_path, run_rows=run_rows)) == sorted(records)
    assert list(sort_on_disk(iter(records), tmp_path, unique=True, run_rows=run_rows)) == sorted(set(records))
    assert list(sort_on_disk(iter([]), tmp_path, run_rows=run_rows)) == []


def test_a_sort_leaves_no_file_open_when_read_to_the_end_or_dropped(tmp_path):
    before = _open_files()
    assert len(list(sort_on_disk(iter(_records(300)), tmp_path, run_rows=10))) == 300
    assert _open_files() == before
    stream = sort_on_disk(iter(_records(300)), tmp_path, run_rows=10)
    next(stream)
    assert _open_files() > before  # the runs wait in their files
    stream.close()
    assert _open_files() == before
    assert os.listdir(tmp_path) == []  # the files had no name


@pytest.fixture
def spilled(monkeypatch) -> list[int]:
    """The number of records of each file the sort writes (its runs, then its merged runs)."""
    sizes = []
    real = disk_sort._spill

    def spill(rows, folder):
        rows = list(rows)
        sizes.append(len(rows))
        return real(rows, folder)

    monkeypatch.setattr(disk_sort, "_spill", spill)
    return sizes


def test_a_sort_holds_one_run_in_memory_not_the_records(tmp_path, spilled):
    """What a run holds is what the sort holds: records are spilled every `run_rows`."""
    assert len(list(sort_on_disk(iter(_records(1000)), tmp_path, run_rows=100))) == 1000
    assert spilled == [100] * 10


def test_merging_in_stages_rewrites_each_record_once_per_stage(tmp_path, monkeypatch, spilled):
    """Runs are merged by size, as a tree: 81 runs of one record with 3 per merge take four
    stages, each record written 1 + 4 times (merging each run into the one merged before
    wrote the merged run again each time: 1,761 records here, and minutes on a large answer)."""
    monkeypatch.setattr(disk_sort, "MERGE_FAN_IN", 3)
    records = _records(81)
    assert list(sort_on_disk(iter(records), tmp_path, run_rows=1)) == sorted(records)
    assert sum(spilled) == 81 * 5
    assert max(spilled) == 81


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
    records = [(name, name, (name,)) for name in (f"name {i}" for i in range(40))]
    assert list(sort_on_disk(iter(records), tmp_path, run_rows=7)) == sorted(records)
    with RecordFile(tmp_path) as f:
        for r in records:
            f.append(r)
        assert list(f) == records
