"""The `load` command's work around load.load_paths: the malloc arenas limited before the
store's threads start, the pipeline found once (not in every worker), and no store left behind
by a first load that loaded nothing."""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .opening import open_store


def pipeline_for(pipeline: str | None, workers: int):
    """The spaCy pipeline for one process; with more, None after checking that it is installed
    (the workers load it, so a bad name fails at once and the writer stays small). Raises
    pipelines.PipelineError."""
    from .pipelines import PipelineError, is_installed, pipeline_name

    if workers == 1:
        from .nlp import get_pipeline

        return get_pipeline(pipeline)
    name = pipeline_name(pipeline)
    if not is_installed(name):
        raise PipelineError(f"no spaCy pipeline named {name!r} is installed")
    return None


def load_files(paths: list[str], store_path: Path | None, base: str | None, *, max_bytes: int,
               pipeline: str | None, indirect_speech: bool, workers: int | None,
               progress: Callable[[int], Callable] | None = None):
    """Load articles from files, folders and globs into the store (created if need be); returns
    (the load's report, the store's folder or None when a new store got nothing and is gone).
    `progress(total)` gives load_paths' progress wrapper for `total` documents. Raises
    PipelineError, StoreError or ValueError (a bad base IRI) before anything is written, and
    KeyboardInterrupt when stopped (every article written so far is complete)."""
    from .load import load_paths
    from .reading import count_documents
    from .records import ExtractionSettings
    from .engine_limits import limit_malloc_arenas

    limit_malloc_arenas()  # before the store's threads start (loader/engine_limits.py)
    workers = workers or os.cpu_count() or 1
    nlp = pipeline_for(pipeline, workers)
    with open_store(store_path, base, create=True) as store:
        wrap = progress(count_documents(list(paths))) if progress else (lambda items: items)
        report = load_paths(list(paths), store, max_bytes=max_bytes, progress=wrap, nlp=nlp, workers=workers,
                            pipeline=pipeline, settings=ExtractionSettings(indirect_speech=indirect_speech))
        created_empty = store.created and not (report.loaded + report.replaced)
    if created_empty:
        shutil.rmtree(store.path, ignore_errors=True)
        return report, None
    return report, store.path
