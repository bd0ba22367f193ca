"""A load whose extraction worker dies (killed, or out of memory) goes on: the batches in flight
are extracted again, one document at a time, and every article is stored."""
from __future__ import annotations

import importlib.util
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from service_fixtures import clean_env, newsgraph_command

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
ARTICLES = 120


def bench_corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extraction_workers(load: subprocess.Popen) -> list[psutil.Process]:
    try:
        children = psutil.Process(load.pid).children(recursive=True)
    except psutil.Error:
        return []
    workers = []
    for child in children:
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                workers.append(child)
        except psutil.Error:
            pass
    return workers


def extracting(worker: psutil.Process) -> bool:
    """Busy for a while: its pipeline loaded, extracting (False once it has ended)."""
    try:
        return worker.cpu_percent(interval=0.2) > 50 and worker.create_time() < time.time() - 3
    except psutil.Error:
        return False


def test_a_worker_killed_mid_load_costs_no_article(tmp_path):
    bench_corpus().generate(ARTICLES, tmp_path / "corpus", seed=3)
    store = tmp_path / "store"
    load = subprocess.Popen(newsgraph_command("load", tmp_path / "corpus" / "articles", "--store", store, "-w", "2"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=clean_env())
    killed = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and load.poll() is None and killed is None:
            busy = [w for w in extraction_workers(load) if extracting(w)]
            if busy:
                try:
                    busy[0].send_signal(signal.SIGKILL)
                    killed = busy[0].pid
                except psutil.Error:  # it ended between the look and the kill: look again
                    pass
        assert killed is not None and load.poll() is None, "the load ended before a worker could be killed"
        output, _ = load.communicate(timeout=300)
    finally:
        if load.poll() is None:
            load.kill()
    assert load.returncode == 0, output
    assert f"loaded {ARTICLES} article(s)" in output, output
    assert "failed 0" in output, output
