"""Writing the whole store to a file: the format from the name's suffix (or given), gzip for
.gz, and the file whole or not at all (written beside it, then renamed)."""
from __future__ import annotations

import gzip
from pathlib import Path

from .store import SUFFIX_FORMATS, GraphStore


def format_for(output: Path | None, fmt: str | None = None) -> str:
    """The dump format: `fmt` when given, else the one the file's suffix names (data.nq.gz:
    nquads), else nquads."""
    if fmt is not None:
        return fmt
    if output is None:
        return "nquads"
    plain = output.with_suffix("") if output.suffix == ".gz" else output
    return SUFFIX_FORMATS.get(plain.suffix, "nquads")


def dump_to_file(store: GraphStore, output: Path, fmt: str) -> None:
    """Stream the store into `output` in `fmt` (gzip when it ends in .gz); OSError when it
    cannot be written, and then no file is left (nor a part of one)."""
    tmp = output.with_name(output.name + ".part")
    try:
        with (gzip.open(tmp, "wb") if output.suffix == ".gz" else open(tmp, "wb")) as fh:
            store.dump(fh, fmt)
        tmp.replace(output)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
