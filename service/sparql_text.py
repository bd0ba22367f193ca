"""Reading a SPARQL query's text as the parser does: its tokens, its form, whether it calls SERVICE.

The endpoint refuses updates and federated SERVICE calls before a query reaches a worker. That
decision is taken on the query's tokens, read by the terminals of the SPARQL 1.1 grammar
(section 19.8): IRIs, prefixed names with their escapes (`ex:a\\#b`, `ex:a\\'b`, `ex:a.b`),
strings with their escapes, comments, variables and keywords. A keyword can only be a keyword
token, so a SERVICE clause cannot hide in a name or a string, and a name, IRI or string that
merely spells "SERVICE" is not refused (a comment that names it is). The query workers cannot reach the network anyway
(`query_service._deny_network`): this check is what gives a client a clear 403.
"""
from __future__ import annotations

import re

# PN_CHARS_BASE of the grammar, as a character class body
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = (f"(?:[{_CHARS_U}:0-9]|{_PLX})"
          f"(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?")
_VARNAME = f"[{_CHARS_U}0-9][{_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
# any escape: a string the parser rejects fails the query anyway, and reading past an escape it
# accepts (\\u0041 as well as \\n) keeps the tokens after the string right
_ECHAR = r"\\."
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

# alternatives in the order the grammar's longest match needs them
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<comment>#[^\n\r]*)"
    r"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|" + _ECHAR + r"))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|' + _ECHAR + r'))*"""'
    r"|'(?:[^'\\\n\r]|" + _ECHAR + r")*'"
    r'|"(?:[^"\\\n\r]|' + _ECHAR + r')*")'
    r"|(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|" + _UCHAR + r")*>)"
    r"|(?P<pname>(?:" + _PREFIX + r")?:(?:" + _LOCAL + r")?)"
    r"|(?P<bnode>_:[" + _CHARS_U + r"0-9](?:[" + _CHARS + r".]*[" + _CHARS + r"])?)"
    r"|(?P<var>[?$]" + _VARNAME + r")"
    r"|(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>\^\^|<=|>=|!=|&&|\|\||<<|>>|\{\||\|\}|.)",
    re.DOTALL,
)

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def tokens(text: str):
    """(kind, text) for each token, comments and spaces left out. Kinds: string, iri, pname,
    bnode, var, langtag, number, word (keywords, `a`, `true`, function names), punct."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("space", "comment"):
            yield kind, m.group()


def keywords(text: str) -> list[str]:
    """The query's bare words, upper-cased, in order: its keywords and function names."""
    return [value.upper() for kind, value in tokens(text) if kind == "word"]


def query_form(text: str) -> str | None:
    """The first keyword after the prologue (BASE/PREFIX/VERSION), upper-cased: SELECT, ASK,
    CONSTRUCT, DESCRIBE, or an update keyword (INSERT, DELETE, LOAD, ...); None when the text
    does not start like SPARQL (the parser then says why)."""
    # what each prologue keyword is followed by
    shapes = {"BASE": ("iri",), "PREFIX": ("pname", "iri"), "VERSION": ("string",)}
    stream = tokens(text)
    for kind, value in stream:
        if kind != "word":
            return None
        shape = shapes.get(value.upper())
        if shape is None:
            return value.upper()
        for expected in shape:
            if next(stream, (None, None))[0] != expected:
                return None
    return None


def uses_service(text: str) -> bool:
    """True when the query holds the keyword SERVICE (a federated call); a comment naming it
    counts too, so that no difference between this reading and the parser's about where a
    comment starts can hide a call."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word" and m.group().upper() == "SERVICE":
            return True
        if kind == "comment" and _SERVICE_WORD.search(m.group()):
            return True
    return False


_SERVICE_WORD = re.compile(r"(?<![A-Za-z0-9_])SERVICE(?![A-Za-z0-9_])", re.IGNORECASE)
