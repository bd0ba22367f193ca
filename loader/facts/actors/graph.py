"""The actors' records as nodes of the article's graph: a person or organization is the
article's own node (derivation joins them across articles), a country the shared one."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from newsgraph.ontology.terms import ALT_LABEL, PREF_LABEL, RDF_TYPE, WAS_DERIVED_FROM, country_iri, ng

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not where names are compared
    from ...rdf import FactMapper
    from .index import ActorIndex


def graph(fm: FactMapper, index: ActorIndex) -> dict[str, NamedNode]:
    """The registry's entry (loader/facts/__init__.py): each actor's node by its key, which the
    later kinds' records name."""
    return {key: actor_node(fm, key, actor) for key, actor in index.actors.items()}


def actor_node(fm: FactMapper, key: str, actor) -> NamedNode:
    m = fm.m
    if actor.kind == "country":
        node = country_iri(fm.base, actor.name)
        fm.country(actor.name)
    else:
        kind, _, local = key.partition(":")
        node = NamedNode(f"{m.node.value}/{kind}/{local}")
        m.add(node, RDF_TYPE, ng("Person" if actor.kind == "person" else "Organization"))
        m.add(node, PREF_LABEL, actor.name)
        for label in sorted(actor.labels - {actor.name}):
            m.add(node, ALT_LABEL, label)
        m.add(node, WAS_DERIVED_FROM, m.node)
    for ev in actor.mentions:
        m.add(node, ng("evidence"), m.evidence(ev))
    return node
