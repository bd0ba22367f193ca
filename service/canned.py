"""The canned-query pages: /queries/NAME (a parameter form, the results a page at a time, the
SPARQL, "open in editor") and its rows as /queries/NAME.json and /queries/NAME.csv.

The query runs through queries/run.py, the one runner (the precomputed answer for the default
parameters, else the narrowed query); parameters are bound through pyoxigraph substitutions,
never spliced into query text."""
from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from urllib.parse import urlencode

from flask import Response, abort, current_app, render_template, request, url_for
from werkzeug.exceptions import NotFound

from newsgraph.loader import settings
from newsgraph.queries import catalog as catalog_mod
from newsgraph.queries import run as runner

from . import renderers
from .cells import cell, plain
from .context import base, error_page, kept, run, service
from .query_service import OPEN, QueryError, QueryResult, QuerySyntaxError, QueryTimeout, QueryUnavailable

TIMELINE_COLUMNS = {"kind", "status", "date", "start", "end", "first_attested", "last_attested"}


class BadParameters(Exception):
    pass


def describe_query(query: catalog_mod.CannedQuery) -> dict:
    params = []
    for p in query.params:
        params.append({
            "name": p.name, "type": p.type, "default": p.default, "allowed": p.allowed,
            "description": p.description, "required": p.required,
        })
    return {"name": query.name, "title": query.title, "description": query.description, "view": query.view,
            "params": params}


def load_query(name: str) -> catalog_mod.CannedQuery:
    queries = catalog_mod.catalog()
    if name not in queries:
        abort(404, description=f"no canned query named {name!r} (known: {', '.join(queries)})")
    return queries[name]


def _param_values() -> dict[str, str]:
    """The parameters given in the query string, stripped (an empty one means: not given).
    Names starting with "_" are the page's own (`_page`, `_size`, `_format`), never a query's."""
    return {key: request.args.get(key, "").strip() for key in request.args if not key.startswith("_")}


def _paging() -> tuple[int, int]:
    """(page, size) from `_page` (1-based) and `_size`; BadParameters when one is not a whole
    number in its range."""
    out = []
    # the HTML table shows a page at a time (a whole listing would be megabytes of HTML)
    for key, default, top in (("_page", 1, None), ("_size", settings.value("page_size"), settings.value("max_page_size"))):
        raw = request.args.get(key, "").strip() or str(default)
        if not raw.isdigit() or int(raw) < 1 or (top and int(raw) > top):
            limit = f" from 1 to {top}" if top else " of 1 or more"
            raise BadParameters(f"{key} must be a whole number{limit}, not {raw!r}")
        out.append(int(raw))
    return out[0], out[1]


def _substitutions(query: catalog_mod.CannedQuery, values: dict[str, str]) -> dict:
    for p in query.params:
        if p.required and not values.get(p.name) and p.default in (None, ""):
            raise BadParameters(f"parameter {p.name!r} is required ({p.description or p.type})")
    try:
        return query.substitutions(values)
    except catalog_mod.QueryError as exc:
        raise BadParameters(str(exc)) from None


def editor_sparql(query: catalog_mod.CannedQuery, substitutions: dict) -> str:
    """The canned query with its parameter values written into it (a VALUES block at the start
    of the outer WHERE group, which binds them as the substitutions do), for the editor."""
    body = "\n".join(line for line in query.text(base()).splitlines() if not line.startswith("#+"))
    if not substitutions:
        return body.strip() + "\n"
    names = " ".join(f"?{v.value}" for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    values = f"\n  # the parameters, as /queries/{query.name} binds them\n  VALUES ({names}) {{ ({terms}) }}"
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        m = re.search(r"\bWHERE\s*\{", line, re.I)
        if m:
            lines[i] = line[:m.end()] + values + line[m.end():]
            return "\n".join(lines).strip() + "\n"
    return body.strip() + "\n"


def _hidden_columns(query: catalog_mod.CannedQuery, columns: list[str], rows: list[list], values: dict) -> set[str]:
    """Parameter columns echo the form: hidden in the HTML table when the parameter has a value
    or the column is empty (but not those the timeline reads)."""
    hidden = set()
    for p in query.params:
        if p.name not in columns or (query.view == "timeline" and p.name in TIMELINE_COLUMNS):
            continue
        i = columns.index(p.name)
        given = values.get(p.name) or p.default not in (None, "")
        if given or all(row[i] is None for row in rows):
            hidden.add(p.name)
    return hidden


def canned(name: str):
    """A canned query's page; one answered from its precomputed answer is kept per store state
    (building it reads and renders the whole answer)."""
    signature, pages = service().signature(), kept("canned")
    body_and_headers = pages.get(signature, request.full_path)
    if body_and_headers is not None:
        return Response(body_and_headers[0], headers=body_and_headers[1])
    response = current_app.make_response(_canned(name))
    if (response.status_code == 200 and response.headers.get("X-Newsgraph-Precomputed") == "true"
            and (response.content_length or 0) <= settings.value("kept_page_max_bytes")):
        pages.put(signature, request.full_path, (response.get_data(), list(response.headers.items())))
    return response


def answer(query: catalog_mod.CannedQuery, subs: dict) -> QueryResult:
    """The query's answer through the one runner, on the lane for clients' values."""
    started = time.monotonic()

    def precomputed(found) -> QueryResult:
        return QueryResult(kind="select", columns=found.columns, rows=found.rows, truncated=found.truncated,
                           elapsed=time.monotonic() - started, precomputed=found.computed_at)

    return runner.answer(query, subs, store_path=service().store_path, base=base(),
                         run=lambda text, s: run(text, substitutions=s, lane=OPEN),
                         select=lambda text, s: run(text, substitutions=s, lane=OPEN).rows,
                         limit=service().row_limit, from_precomputed=precomputed)


def _canned(name: str):
    name, suffix = renderers.split_suffix(name)
    fmt = renderers.requested(suffix, ("html", "json", "csv"))
    try:
        query = load_query(name)
    except NotFound:
        failed = renderers.error_response(fmt, 404, f"no canned query named {name!r}")
        if failed is None:
            raise
        return failed
    values = _param_values()
    info = describe_query(query)
    try:
        page, size = _paging() if fmt == "html" else (1, 0)
    except BadParameters as exc:
        return error_page(400, "No such page", str(exc))
    try:
        subs = _substitutions(query, values)
    except BadParameters as exc:
        failed = renderers.error_response(fmt, 400, str(exc))
        if failed is not None:
            return failed
        missing_only = not any(values.values())
        status = 200 if missing_only else 400
        return render_template("query.html", query=info, values=values, error=str(exc), result=None,
                               sparql=query.sparql, editor_query=editor_sparql(query, {}),
                               downloads=None, missing=missing_only), status
    try:
        result = answer(query, subs)
    except (QueryTimeout, QueryUnavailable) as exc:  # a limit, or no store: the server is fine
        return _failure(fmt, 503, str(exc))
    except QuerySyntaxError as exc:
        return _failure(fmt, 500, f"the canned query {name!r} is broken: {exc}")
    except QueryError as exc:
        return _failure(fmt, 500, str(exc))
    if fmt != "html":
        table = renderers.Table(result.columns, [[plain(t) for t in row] for row in result.rows], result.truncated)
        return _flag(renderers.rows_response(fmt, table, filename=f"{query.name}.csv"), result)
    return _flag(_html(query, info, values, subs, result, page, size), result)


def _html(query, info, values, subs, result, page: int, size: int) -> Response:
    hidden = _hidden_columns(query, result.columns, result.rows, values)
    shown = [i for i, c in enumerate(result.columns) if c not in hidden]
    total = len(result.rows)
    pages = max(1, -(-total // size))
    page = min(page, pages)
    first = (page - 1) * size
    table = {
        "columns": [result.columns[i] for i in shown],
        "rows": [[cell(row[i]) | {"value": plain(row[i]) or ""} for i in shown] for row in result.rows[first:first + size]],
    }
    args = {k: v for k, v in values.items() if v}
    suffix = ("?" + urlencode(args)) if args else ""

    def page_url(n: int) -> str:
        extra = {"_page": n} | ({"_size": size} if size != settings.value("page_size") else {})
        return url_for("pages.canned", name=query.name) + "?" + urlencode(args | extra)
    pager = {"page": page, "pages": pages, "first": first + 1, "last": min(first + size, total), "total": total,
             "prev": page_url(page - 1) if page > 1 else None, "next": page_url(page + 1) if page < pages else None}
    downloads = {"csv": url_for("pages.canned", name=f"{query.name}.csv") + suffix,
                 "json": url_for("pages.canned", name=f"{query.name}.json") + suffix}
    computed = (datetime.fromtimestamp(result.precomputed, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
                if result.precomputed is not None else None)
    page_html = render_template("query.html", query=info, values=values, error=None, table=table, computed=computed,
                                result=result, sparql=query.sparql, editor_query=editor_sparql(query, subs),
                                downloads=downloads, missing=False, row_limit=service().row_limit, pager=pager)
    return Response(page_html, content_type="text/html; charset=utf-8")


def _flag(response: Response, result) -> Response:
    response.headers["X-Newsgraph-Truncated"] = "true" if result.truncated else "false"
    response.headers["X-Newsgraph-Precomputed"] = "false" if result.precomputed is None else "true"
    response.headers["Cache-Control"] = "no-store"
    return response


def _failure(fmt: str, status: int, message: str):
    return renderers.error_response(fmt, status, message) or error_page(status, "The query failed", message)
