"""Score a loaded store against a gold-fact file (format: ../shared/gold/FORMAT.md).

`evaluate(store, gold)` reads what the store holds for the articles the gold file names and
scores its sections (gold.SECTIONS: articles, then the fact kinds' sections from the registry:
persons, offices, meetings, statements, tenures). Each section reports core recall, precision
and stretch recall, the gold entries that were missed and the loaded facts that are wrong (each
with its evidence sentence and source file), so a researcher can see what went wrong.
`format_text` renders the result for people; the result itself is plain JSON-ready data.

Only facts read from articles named in the gold file's `articles` section are scored: a gold
file key such as "004" is a prefix of a loaded article's source file name; a key holding "#"
("110_wire-digest.jsonl#1") names exactly one line of a JSON-lines file.

  gold.py      the gold file: SECTIONS, load_gold, parse_gold, GoldError
  compare.py   how gold and loaded values compare: names, titles, quotes, dates, article keys
  stored.py    what the store holds for the articles in scope (Loaded, Fact)
  matching.py  a section's tally (Section), one-to-one assignment, the person map
  articles.py  the articles section (the scope itself, no fact kind's)
  scoring.py   evaluate(): the articles, then each kind's loader/facts/<kind>/score.py (its contract)
  report.py    format_text
"""
from .gold import SECTIONS, Gold, GoldError, load_gold, parse_gold
from .report import format_text
from .scoring import Context, evaluate, evaluate_file

__all__ = ["SECTIONS", "Context", "Gold", "GoldError", "evaluate", "evaluate_file", "format_text", "load_gold",
           "parse_gold"]
