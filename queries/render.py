"""Query answers as text for the command line: an aligned table, CSV, TSV or JSON of columns
and rows (the web pages have their own renderers, service/renderers.py)."""
from __future__ import annotations

import csv
import io
import json

FORMATS = ("table", "csv", "json", "tsv")
CELL_MAX = 60  # a table column is at most this wide; longer values end in "…"


def term_text(term) -> str:
    """A pyoxigraph term's lexical value ("" for an unbound one)."""
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


def solutions_table(results) -> tuple[list[str], list[list[str]]]:
    """(columns, rows of text) of a SELECT's solutions."""
    columns = [v.value for v in results.variables]
    rows = [[term_text(sol[c]) for c in columns] for sol in results]
    return columns, rows


def render(columns: list[str], rows: list[list[str]], fmt: str) -> str:
    """The rows in one of FORMATS; a table ends with its row count."""
    if fmt == "json":
        return json.dumps({"columns": columns, "rows": rows}, ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    widths = [min(CELL_MAX, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]

    def fmt_row(cells):
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()
    lines = [fmt_row(columns), fmt_row(["-" * w for w in widths])] + [fmt_row(r) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
