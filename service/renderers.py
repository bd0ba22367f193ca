"""The pages' output formats, each registered once (as Datasette's renderers): HTML, the rows of
a page as JSON and CSV, and the RDF serialisations the entity page and the descriptions offer.

A page says which formats it offers; `requested` picks one from the URL's suffix (NAME.json,
NAME.csv), else `?_format=`, else (for pages that negotiate RDF) `?format=` and the Accept
header. `rows_response` writes a table of plain values in a row format, `error_response` an
error in the requested format (HTML errors are the pages' own template).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from flask import Response, abort, request
from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Renderer:
    name: str
    media_type: str  # the Content-Type sent
    accept: tuple[str, ...] = ()  # media types in an Accept header that ask for it
    aliases: tuple[str, ...] = ()  # other names for it in `?format=`
    rows: bool = False  # writes a table of rows (json, csv)


RENDERERS: dict[str, Renderer] = {r.name: r for r in (
    Renderer("html", "text/html; charset=utf-8", ("text/html", "application/xhtml+xml")),
    Renderer("json", "application/json", rows=True),
    Renderer("csv", "text/csv; charset=utf-8", rows=True),
    Renderer("turtle", "text/turtle; charset=utf-8", ("text/turtle", "application/x-turtle"), ("ttl",)),
    Renderer("jsonld", "application/ld+json", ("application/ld+json",), ("json-ld", "json")),
    Renderer("ntriples", "application/n-triples", ("application/n-triples",), ("nt",)),
    Renderer("rdfxml", "application/rdf+xml", ("application/rdf+xml",)),
)}
ROW_FORMATS = tuple(name for name, r in RENDERERS.items() if r.rows)


def split_suffix(name: str) -> tuple[str, str | None]:
    """("meetings", "json") for "meetings.json"; (name, None) without a row format's suffix."""
    for fmt in ROW_FORMATS:
        if name.endswith("." + fmt):
            return name[: -len(fmt) - 1], fmt
    return name, None


def _by_name(value: str, offered: tuple[str, ...]) -> str | None:
    """The offered format named `value`, by its name before any other's alias."""
    value = value.lower()
    if value in offered:
        return value
    return next((fmt for fmt in offered if value in RENDERERS[fmt].aliases), None)


def negotiate(offered: tuple[str, ...], accept: MIMEAccept | None = None, also: dict[str, str] | None = None,
              default: str | None = None) -> str:
    """The offered format the Accept header prefers (`also`: more media types for a format, for
    one page); the first offered (or `default`) when it names none of them."""
    media = [(m, fmt) for fmt in offered for m in RENDERERS[fmt].accept] + list((also or {}).items())
    accept = request.accept_mimetypes if accept is None else accept
    best = accept.best_match([m for m, _ in media]) if accept else None
    return dict(media).get(best, default or offered[0])


def requested(suffix: str | None, offered: tuple[str, ...], format_param: str | None = None,
              negotiated: bool = False) -> str:
    """The format a request asks for among `offered` (the first is the default): the URL's
    suffix, else `?_format=`, else `?format=` (`format_param`, for the RDF names) and the Accept
    header when the page negotiates. An unknown `_format` or `format` value is a 400."""
    if suffix is not None:
        return suffix
    for key in ("_format", format_param):
        value = request.args.get(key) if key else None
        if value:
            # `?format=` is the RDF one (its "json" is JSON-LD, as before there were row formats)
            names = offered if key == "_format" else tuple(f for f in offered if not RENDERERS[f].rows)
            fmt = _by_name(value, names)
            if fmt is None:
                abort(400, description=f"unknown format {value!r} ({', '.join(offered)})")
            return fmt
    return negotiate(offered) if negotiated else offered[0]


@dataclass
class Table:
    """What a page shows as rows, in plain values (None: unbound), for JSON and CSV."""
    columns: list[str]
    rows: list[list]
    truncated: bool = False
    extra: dict = field(default_factory=dict)  # more keys of the JSON object (not in CSV)


def rows_response(fmt: str, table: Table, filename: str | None = None) -> Response:
    """The table as JSON ({"columns", "rows", "truncated", ...extra}) or CSV (a header line,
    then the rows; unbound cells empty); `filename` names a CSV download."""
    if fmt == "json":
        body = {"columns": table.columns, "rows": table.rows, "truncated": table.truncated} | table.extra
        return Response(json.dumps(body, ensure_ascii=False), content_type=RENDERERS["json"].media_type)
    if fmt != "csv":
        raise ValueError(f"{fmt!r} is not a row format ({', '.join(ROW_FORMATS)})")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else v for v in row])
    response = Response(buf.getvalue(), content_type=RENDERERS["csv"].media_type)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def text_error(status: int, message: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")


def error_response(fmt: str | None, status: int, message: str) -> Response | None:
    """An error in the requested format: JSON {"error"} for json, plain text for the others;
    None for html (the page renders its own)."""
    if fmt in (None, "html"):
        return None
    if fmt == "json":
        return Response(json.dumps({"error": message}, ensure_ascii=False), status=status,
                        content_type=RENDERERS["json"].media_type)
    return text_error(status, message)
