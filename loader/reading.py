"""Reading inputs: paths, folders and globs of .txt, .html and .jsonl files into SourceDocuments.

Every problem becomes an `InputError` naming the file (and line, for JSON lines) and the
reason; readers never raise past one input, so one bad file cannot stop a load.
"""
from __future__ import annotations

import errno
import glob
import itertools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from .disk_set import DiskSet
from .disk_sort import sort_on_disk
from .html_text import html_to_document
from .records import InputError, SourceDocument

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
DEFAULT_MAX_BYTES = 5_000_000
METADATA_FIELDS = ("title", "published", "outlet", "url", "language")
# Non-UTF-8 English text is nearly always Windows-1252 or Latin-1 (charset-normalizer names).
PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")
# control characters other than tab, line feed, form feed and carriage return
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# UTF-8 with a few bad bytes stays UTF-8 (U+FFFD for each) when it has this many well-formed non-ASCII
# characters per bad one: a one-byte code page has next to none (cp1252's 0x80-0x9f start none)
UTF8_GOOD_PER_BAD = 4
# Python's json decodes "\ud800" to a lone surrogate, which no encoder accepts (nor the store)
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def iter_files(paths: list[str]) -> Iterator[Path | InputError]:
    """Files named by `paths` (files, folders searched recursively, globs), each once, and an
    `InputError` for each path that names none; lazily, in the order of `paths` and sorted
    within a folder or a glob.

    Memory does not grow with the number of files: a folder's entries and a glob's matches are
    sorted on disk (`disk_sort`), and the files already given are remembered on disk
    (`DiskSet`); docs/performance.md, "Figures behind the code", has the measurement."""
    given_files = DiskSet()  # (device, inode) of each file given: a file named twice is read once
    try:
        for given in paths:
            if any(ch in given for ch in "*?[") and not os.path.exists(given):
                matched = False
                for match in sort_on_disk(glob.iglob(given, recursive=True)):
                    matched = True
                    yield from _files_at(Path(match), given_files)
                if not matched:
                    yield InputError(given, "no file matches this pattern")
            else:
                yield from _files_at(Path(given), given_files)
    finally:
        given_files.close()


def _files_at(path: Path, given_files: DiskSet) -> Iterator[Path | InputError]:
    if path.is_dir():
        found = False
        for file in _walk(path):
            found = True
            if isinstance(file, InputError):
                yield file
            elif _first_time(file, given_files):
                yield file
        if not found:
            yield InputError(str(path), "folder holds no .txt, .html or .jsonl file")
    elif path.is_file():
        # a sidecar (.meta.json) is read with its article
        if not path.name.endswith(".meta.json") and _first_time(path, given_files):
            yield path
    elif not path.exists():
        yield InputError(str(path), "no such file or folder")
    else:
        yield InputError(str(path), "not a regular file")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """The article files under `folder`, depth first with each folder's entries sorted by name:
    the order of `sorted(folder.rglob("*"))`, and an `InputError` for each folder that cannot be
    listed. Links to folders are not followed; links to files are."""
    try:
        with os.scandir(folder) as entries:
            names = sort_on_disk((entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries)
            first = next(names, None)  # the sort reads every entry before it gives the first
    except OSError as exc:
        yield InputError(str(folder), f"cannot read folder ({exc.strerror or exc}); the files in it were not loaded")
        return
    if first is None:
        return
    for name, is_dir in itertools.chain([first], names):
        path = folder / name
        if is_dir:
            yield from _walk(path)
        elif path.suffix.lower() in SUFFIXES and not name.startswith(".") and path.is_file():
            yield path


def _first_time(file: Path, given_files: DiskSet) -> bool:
    """Whether `file` was not given before: its identity is its device and inode, one stat each
    (resolving the path takes one per path component)."""
    try:
        stat = file.stat()
        key = f"{stat.st_dev}:{stat.st_ino}"
    except OSError:
        key = str(file.resolve())
    return given_files.add(key)


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
    text = _mostly_utf8(data)
    if text is not None:
        _check_text(text, source)
        return text, "utf-8"
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


def _mostly_utf8(data: bytes) -> str | None:
    """The text, with U+FFFD for each bad byte sequence, when `data` is UTF-8 but for a few bad
    bytes (see UTF8_GOOD_PER_BAD); else None."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")
    return text if 0 < bad and good >= UTF8_GOOD_PER_BAD * bad else None


def _check_text(text: str, source: str) -> None:
    controls = len(CONTROL_CHARACTERS.findall(text))
    if controls > max(2, len(text) // 100):
        raise InputError(source, "binary file (control characters), not text")
    if not text.strip():
        raise InputError(source, "file holds no text")


def _json_kind(value) -> str:
    """What a JSON value is, in JSON's words, for messages."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    return {list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def metadata_problem(meta: dict) -> str | None:
    """Why the metadata fields of `meta` cannot be used, or None: each must be a string (a
    publication date may be a year number)."""
    for key in METADATA_FIELDS:
        value = meta.get(key)
        if value is None or isinstance(value, str):
            continue
        if key == "published" and isinstance(value, int) and not isinstance(value, bool):
            continue
        return f"metadata {key!r} must be a string, not {_json_kind(value)}"
    return None


def without_lone_surrogates(value):
    """`value` with each lone surrogate in a string replaced by U+FFFD, the replacement character."""
    return LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _parse_json(text: str) -> object:
    """json.loads, with nesting too deep for the parser as a JSONDecodeError-like ValueError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply to read") from None


def read_sidecar(path: Path) -> dict:
    """Metadata from `NAME.meta.json` beside `NAME.ext`, or {}."""
    sidecar = path.with_name(path.stem + ".meta.json")
    try:
        if not sidecar.exists():
            return {}
        if sidecar.is_dir():
            raise InputError(str(sidecar), "sidecar is a folder, not a file of JSON metadata")
        if not sidecar.is_file():
            raise InputError(str(sidecar), "sidecar is not a regular file")
        meta = _parse_json(sidecar.read_text(encoding="utf-8"))
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return {}  # the name is too long for any file to have it: there is no sidecar
        raise InputError(str(sidecar), f"cannot read sidecar ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(str(sidecar), f"sidecar is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise InputError(str(sidecar), "sidecar must hold a JSON object")
    meta = {k: without_lone_surrogates(v) for k, v in meta.items() if v not in (None, "")}
    problem = metadata_problem(meta)
    if problem:
        raise InputError(str(sidecar), f"sidecar {problem}")
    return meta


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
    yield _clean(doc)


def _read_jsonl(path: Path, text: str, encoding: str, sidecar: dict) -> Iterator[SourceDocument | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = _parse_json(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        except ValueError as exc:
            yield InputError(where, f"malformed JSON line ({exc})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a JSON line must be an object with a \"text\" field")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, "JSON line has no \"text\" field with the article text")
            continue
        stated = {k: record[k] for k in METADATA_FIELDS if record.get(k) not in (None, "")}
        problem = metadata_problem(stated)
        if problem:
            yield InputError(where, problem)
            continue
        meta = dict(sidecar)
        meta.update(stated)
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
        yield _clean(doc)


def _clean(doc: SourceDocument) -> SourceDocument:
    """The document with no lone surrogate in its text, title or metadata (JSON can state them)."""
    doc.text = without_lone_surrogates(doc.text)
    doc.title_hint = without_lone_surrogates(doc.title_hint)
    doc.metadata = {k: without_lone_surrogates(v) for k, v in doc.metadata.items()}
    return doc


def read_inputs(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument | InputError]:
    """Every document (or error) named by `paths`, in a stable order."""
    for item in iter_files(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield from read_file(item, max_bytes=max_bytes)
        except Exception as exc:  # a case no check foresaw: this file's failure, not the load's
            yield InputError(str(item), f"cannot be read ({type(exc).__name__}: {exc})")


def count_documents(paths: list[str]) -> int | None:
    """How many documents `read_inputs` will yield (a line count for JSON lines), for a progress
    bar's ETA; None when it cannot be told cheaply."""
    total = 0
    for f in iter_files(paths):
        if isinstance(f, InputError):
            continue
        if f.suffix.lower() == ".jsonl":
            try:
                with open(f, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                return None
        else:
            total += 1
    return total
