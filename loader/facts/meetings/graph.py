"""The meetings' records in the article's graph: a meeting of its class (terms.MEETING_CLASS)
with its participants (the article's actor nodes), date or interval, place and status."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from newsgraph.ontology.terms import MEETING_CLASS, RDF_TYPE, date_literal, ng

if TYPE_CHECKING:
    from ...rdf import FactMapper
    from .records import MeetingRecord


def graph(fm: FactMapper, meetings: list[MeetingRecord]) -> list[NamedNode]:
    """The registry's entry (loader/facts/__init__.py): one node per record, in order, since a
    statement names its meeting by its index."""
    return [meeting_node(fm, n, meeting) for n, meeting in enumerate(meetings)]


def meeting_node(fm: FactMapper, n: int, meeting: MeetingRecord) -> NamedNode:
    m = fm.m
    actors = fm.nodes["actors"]
    node = fm.fact_node("meeting", meeting.kind, *sorted(meeting.participants), meeting.start, n)
    m.add(node, RDF_TYPE, ng(MEETING_CLASS[meeting.kind]))
    for p in meeting.participants:
        m.add(node, ng("participant"), actors[p])
    if meeting.host:
        m.add(node, ng("host"), actors[meeting.host])
    if meeting.visitor:
        m.add(node, ng("visitor"), actors[meeting.visitor])
    if meeting.start is not None:
        if meeting.end is not None and meeting.end != meeting.start:
            m.add(node, ng("startDate"), date_literal(meeting.start))
            m.add(node, ng("endDate"), date_literal(meeting.end))
        else:
            m.add(node, ng("date"), date_literal(meeting.start))
    if meeting.place:
        m.add(node, ng("place"), fm.place(meeting.place))
    m.add(node, ng("status"), ng(meeting.status))
    if meeting.framework:
        m.add(node, ng("framework"), fm.organization(meeting.framework))
    fm.from_article(node, meeting.evidence)
    return node
