"""The HTML pages, each with its rows as NAME.json and NAME.csv (service/renderers.py):

    /                      the catalogue of canned queries and the store's counts (/.json, /.csv)
    /queries/NAME          a canned query: form, results, SPARQL, downloads (service/canned.py)
    /editor                a SPARQL editor running against /sparql (service/editor.py)
    /id/...                the entity {base}id/...: HTML, its facts as .json/.csv, or Turtle /
                           JSON-LD / N-Triples by Accept or ?format=ttl|jsonld|nt (service/entity.py)
    /search?q=NAME         entities whose name contains NAME (service/search.py)
    /model                 the data model in brief

Everything is rendered by Jinja with autoescaping; no template marks data as safe, and no page
has inline script or style (the app sends a Content-Security-Policy that forbids them): all
behaviour is in static/*.js, all styling in static/style.css.
"""
from __future__ import annotations

from flask import Blueprint, redirect, request, url_for

from . import canned, editor, entity, overview, renderers, search
from .context import error_page

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")

bp.add_url_rule("/", "index", overview.index)
bp.add_url_rule("/.json", "index_json", overview.index, defaults={"suffix": "json"})
bp.add_url_rule("/.csv", "index_csv", overview.index, defaults={"suffix": "csv"})
bp.add_url_rule("/queries/<name>", "canned", canned.canned)
bp.add_url_rule("/editor", "editor", editor.editor)
bp.add_url_rule("/search", "search", search.search)
bp.add_url_rule("/search.json", "search_json", search.search, defaults={"suffix": "json"})
bp.add_url_rule("/search.csv", "search_csv", search.search, defaults={"suffix": "csv"})
bp.add_url_rule("/model", "model", overview.model)
bp.add_url_rule("/id/<path:path>", "entity", entity.entity)
# browsers ask for /favicon.ico when they show a page's JSON or CSV, which links no icon
bp.add_url_rule("/favicon.ico", "favicon", lambda: redirect(url_for("pages.static", filename="favicon.svg"), 301))


@bp.app_errorhandler(404)
def not_found(exc):
    """Not found: JSON for .json, text for .csv and for clients that do not take HTML."""
    message = getattr(exc, "description", None) or "There is no page here."
    _, fmt = renderers.split_suffix(request.path)
    accept = request.accept_mimetypes
    if fmt is None and accept and not accept.accept_html:
        fmt = "text"
    return renderers.error_response(fmt, 404, message) or error_page(404, "Not found", message)
