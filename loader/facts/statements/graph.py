"""The statements' records in the article's graph: the exact text, its speaker (the article's
actor node), direct or indirect speech, and the meeting it was made at."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from newsgraph.ontology.terms import RDF_TYPE, date_literal, ng, schema

if TYPE_CHECKING:
    from ...rdf import FactMapper
    from .records import StatementRecord


def graph(fm: FactMapper, statements: list[StatementRecord]) -> list[NamedNode]:
    """The registry's entry (loader/facts/__init__.py): one node per record, in order."""
    return [statement_node(fm, statement) for statement in statements]


def statement_node(fm: FactMapper, statement: StatementRecord) -> NamedNode:
    m = fm.m
    ev = statement.evidence
    node = fm.fact_node("statement", ev.start, ev.end, statement.kind)
    m.add(node, RDF_TYPE, ng("Statement"))
    m.add(node, RDF_TYPE, schema("Quotation"))
    if statement.speaker:
        m.add(node, ng("speaker"), fm.nodes["actors"][statement.speaker])
    m.add(node, ng("text"), statement.text)
    m.add(node, ng("speechKind"), ng(statement.kind))
    if statement.date is not None:
        m.add(node, ng("date"), date_literal(statement.date))
    if statement.meeting is not None:
        m.add(node, ng("madeAt"), fm.nodes["meetings"][statement.meeting])
    fm.from_article(node, [ev])
    return node
