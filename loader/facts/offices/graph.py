"""The offices' records as tenures in the article's graph: a holder (the article's actor node)
in a post (the shared node `FactMapper.post` builds from role, country, organization, title)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from newsgraph.ontology.terms import RDF_TYPE, WAS_DERIVED_FROM, date_literal, ng

if TYPE_CHECKING:
    from ...rdf import FactMapper
    from .records import OfficeRecord


def graph(fm: FactMapper, offices: list[OfficeRecord]) -> list[NamedNode]:
    """The registry's entry (loader/facts/__init__.py): one tenure node per record, in order."""
    return [tenure_node(fm, office) for office in offices]


def tenure_node(fm: FactMapper, office: OfficeRecord) -> NamedNode:
    m = fm.m
    title = office.title if office.role == "other" else None
    node = fm.fact_node("tenure", office.person, office.role, office.country, office.organization,
                        *([title] if title else []))
    m.add(node, RDF_TYPE, ng("Tenure"))
    m.add(node, ng("holder"), fm.nodes["actors"][office.person])
    m.add(node, ng("post"), fm.post(office.role, office.country, office.organization, title))
    if office.start is not None:
        m.add(node, ng("start"), date_literal(office.start))
    if office.end is not None:
        m.add(node, ng("end"), date_literal(office.end))
        m.add(node, ng("evidence"), m.evidence(office.end_evidence))
    if m.article.published is not None and office.attested:  # attested on the day the article ran
        m.add(node, ng("firstAttested"), date_literal(m.article.published))
        m.add(node, ng("lastAttested"), date_literal(m.article.published))
    m.add(node, ng("evidence"), m.evidence(office.evidence))
    if office.start_evidence is not None:
        m.add(node, ng("evidence"), m.evidence(office.start_evidence))
    m.add(node, WAS_DERIVED_FROM, m.node)
    return node
