"""Reading inputs: paths, folders and globs of .txt, .html and .jsonl files into SourceDocuments.

Every problem becomes an `InputError` naming the file (and line, for JSON lines) and the
reason; readers never raise past one input, so one bad file cannot stop a load.
"""
from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from .html_text import html_to_document
from .records import InputError, SourceDocument

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
DEFAULT_MAX_BYTES = 5_000_000
METADATA_FIELDS = ("title", "published", "outlet", "url", "language")
# Non-UTF-8 English text is nearly always Windows-1252 or Latin-1 (charset-normalizer names).
PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")
# control characters other than tab, line feed, form feed and carriage return
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def expand_paths(paths: list[str]) -> tuple[list[Path], list[InputError]]:
    """Files named by `paths` (files, folders searched recursively, globs), sorted, deduplicated."""
    files: list[Path] = []
    errors: list[InputError] = []
    for given in paths:
        if any(ch in given for ch in "*?[") and not os.path.exists(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                errors.append(InputError(given, "no file matches this pattern"))
            candidates = [Path(m) for m in matches]
        else:
            candidates = [Path(given)]
        for path in candidates:
            if path.is_dir():
                found = sorted(
                    p for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                )
                if not found:
                    errors.append(InputError(str(path), "folder holds no .txt, .html or .jsonl file"))
                files.extend(found)
            elif path.is_file():
                if path.name.endswith(".meta.json"):
                    continue  # a sidecar is read with its article
                files.append(path)
            elif not path.exists():
                errors.append(InputError(str(path), "no such file or folder"))
            else:
                errors.append(InputError(str(path), "not a regular file"))
    # the same file named twice (two paths, a link) is read once; a file's identity is its
    # device and inode: one stat each, where resolving the path took one per path component
    # (on 100,000 files 0.3 s against 2.2 s, before the first article could start)
    seen: set = set()
    unique = []
    for f in files:
        try:
            stat = f.stat()
            key = (stat.st_dev, stat.st_ino)
        except OSError:
            key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Text and encoding name: UTF-8 first, then the common encodings charset-normalizer finds."""
    if not data.strip():
        raise InputError(source, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(source, f"broken UTF-16 ({exc.reason})") from None
    if b"\x00" in data:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 (byte {exc.start}: {exc.reason})"
    results = from_bytes(data)
    best = results.best()
    if best is not None:
        # charset-normalizer ranks encodings that read the bytes equally well in no useful order
        # (Windows-1250 before Windows-1252); among those, take the commonest for English text.
        equally_good = [r for r in results if r.chaos <= best.chaos and r.coherence >= best.coherence]
        best = next((r for name in PREFERRED_ENCODINGS for r in equally_good if r.encoding == name), best)
    if best is None or best.encoding in ("ascii", "utf_8"):
        raise InputError(source, f"{utf8_error}, and no common encoding fits")
    text = str(best)
    _check_text(text, source)
    return text, best.encoding


def _check_text(text: str, source: str) -> None:
    controls = len(CONTROL_CHARACTERS.findall(text))
    if controls > max(2, len(text) // 100):
        raise InputError(source, "binary file (control characters), not text")
    if not text.strip():
        raise InputError(source, "file holds no text")


def read_sidecar(path: Path) -> dict:
    """Metadata from `NAME.meta.json` beside `NAME.ext`, or {}."""
    sidecar = path.with_name(path.stem + ".meta.json")
    if not sidecar.exists():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(sidecar), f"sidecar is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise InputError(str(sidecar), "sidecar must hold a JSON object")
    return {k: v for k, v in meta.items() if v not in (None, "")}


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument | InputError]:
    """The documents in one file (one, or one per JSON line); errors are yielded, not raised."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(source, f"file is {size:,} bytes, over the limit of {max_bytes:,} (see --max-bytes)")
        if path.suffix.lower() not in SUFFIXES:
            raise InputError(source, f"unsupported file type {path.suffix or '(none)'}; expected .txt, .html or .jsonl")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(source, f"cannot read file ({exc.strerror})") from None
        text, encoding = decode(data, source)
        sidecar = read_sidecar(path)
    except InputError as exc:
        yield exc
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, text, encoding, sidecar)
        return
    try:
        if suffix in (".html", ".htm"):
            doc = html_to_document(text, source=path.name, path=source)
        else:
            doc = SourceDocument(source=path.name, path=source, text=text)
        _check_text(doc.text, source)
    except InputError as exc:
        yield exc
        return
    doc.encoding = encoding
    doc.metadata.update(sidecar)
    yield doc


def _read_jsonl(path: Path, text: str, encoding: str, sidecar: dict) -> Iterator[SourceDocument | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a JSON line must be an object with a \"text\" field")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, "JSON line has no \"text\" field with the article text")
            continue
        meta = dict(sidecar)
        meta.update({k: record[k] for k in METADATA_FIELDS if record.get(k) not in (None, "")})
        html = record.get("format") == "html" or body.lstrip().startswith("<")
        source = f"{path.name}#{number}"
        try:
            if html:
                doc = html_to_document(body, source=source, path=str(path))
            else:
                doc = SourceDocument(source=source, path=str(path), text=body)
            _check_text(doc.text, where)
        except InputError as exc:
            yield exc
            continue
        doc.encoding = encoding
        doc.metadata.update(meta)
        yield doc


def read_inputs(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument | InputError]:
    """Every document (or error) named by `paths`, in a stable order."""
    files, errors = expand_paths(paths)
    yield from errors
    for path in files:
        yield from read_file(path, max_bytes=max_bytes)


def count_documents(paths: list[str]) -> int | None:
    """How many documents `read_inputs` will yield (a line count for JSON lines), for a progress
    bar's ETA; None when it cannot be told cheaply."""
    files, _ = expand_paths(paths)
    total = 0
    for f in files:
        if f.suffix.lower() == ".jsonl":
            try:
                with open(f, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                return None
        else:
            total += 1
    return total
