"""/dump, /.well-known/void and /ns against a running server (see docs/service.md)."""
from __future__ import annotations

import gzip
from importlib import resources

import pyoxigraph as ox
import pytest
from service_fixtures import NG, http, reference, server, service_store

pytestmark = pytest.mark.slow

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def objects(triples, subject, predicate: str) -> list:
    return [t.object for t in triples if t.subject == subject and t.predicate == ox.NamedNode(predicate)]


# -- /dump -------------------------------------------------------------------------------------------

def test_dump_default_is_gzipped_nquads_of_the_whole_store(server, reference):
    reply = http("GET", server.url + "dump")
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/gzip"
    assert 'filename="newsgraph.nq.gz"' in reply.header("Content-Disposition")
    quads = list(ox.parse(gzip.decompress(reply.body), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(reference) > 1000
    named = {str(q) for q in quads if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
    assert named == {str(q) for q in reference.store
                     if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


@pytest.mark.parametrize("fmt, gz, rdf_format, suffix", [
    ("trig", "0", ox.RdfFormat.TRIG, "trig"),
    ("nquads", "0", ox.RdfFormat.N_QUADS, "nq"),
    ("jsonld", "1", ox.RdfFormat.JSON_LD, "jsonld.gz"),
])
def test_dump_formats_with_graphs(server, reference, fmt, gz, rdf_format, suffix):
    reply = http("GET", server.url + "dump", {"format": fmt, "gzip": gz})
    assert reply.status == 200, reply.text
    assert f'filename="newsgraph.{suffix}"' in reply.header("Content-Disposition")
    body = gzip.decompress(reply.body) if gz == "1" else reply.body
    if gz == "0":
        assert reply.header("Content-Type").startswith(rdf_format.media_type)
    assert len(list(ox.parse(body, format=rdf_format))) == len(reference)


def test_dump_turtle_is_the_union_of_all_graphs(server, reference):
    reply = http("GET", server.url + "dump", {"format": "turtle"})
    assert reply.status == 200
    triples = {q.triple for q in ox.parse(gzip.decompress(reply.body), format=ox.RdfFormat.TURTLE)}
    expected = {ox.Triple(q.subject, q.predicate, q.object) for q in reference.store
                if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
    assert expected <= {t for t in triples if not isinstance(t.subject, ox.BlankNode)
                        and not isinstance(t.object, ox.BlankNode)}


def test_dump_rejects_unknown_formats_and_head_sends_no_body(server):
    assert http("GET", server.url + "dump", {"format": "csv"}).status == 400
    assert http("GET", server.url + "dump", {"gzip": "maybe"}).status == 400
    head = http("HEAD", server.url + "dump")
    assert head.status == 200 and head.body == b""
    assert head.header("Access-Control-Allow-Origin") == "*"


# -- /.well-known/void ------------------------------------------------------------------------------

def test_void_describes_the_dataset(server, reference):
    reply = http("GET", server.url + ".well-known/void")
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/turtle")
    triples = [q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.TURTLE)]
    datasets = [t.subject for t in triples if t.predicate == RDF_TYPE and t.object == ox.NamedNode(VOID + "Dataset")]
    assert len(datasets) == 1
    ds = datasets[0]
    assert ox.Triple(ds, RDF_TYPE, ox.NamedNode(DCAT + "Dataset")) in triples
    assert objects(triples, ds, DCTERMS + "license") == [ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")]
    assert objects(triples, ds, VOID + "sparqlEndpoint") == [ox.NamedNode(server.endpoint)]
    assert objects(triples, ds, VOID + "dataDump") == [ox.NamedNode(server.url + "dump")]
    assert ox.NamedNode("https://w3id.org/newsgraph/ns") in objects(triples, ds, DCTERMS + "conformsTo")
    assert int(objects(triples, ds, VOID + "triples")[0].value) == len(reference)
    for key in ("created", "modified"):
        (when,) = objects(triples, ds, DCTERMS + key)
        assert when.datatype.value.endswith("#dateTime")

    articles = reference.select(f"SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?a a <{NG}Article> }} }}")
    sources = objects(triples, ds, DCTERMS + "source")
    assert len(sources) == len(articles) == 12
    assert {s.value for s in sources} == {a[0][1] for a in articles}
    partitions = {objects(triples, p, VOID + "class")[0].value: int(objects(triples, p, VOID + "entities")[0].value)
                  for p in objects(triples, ds, VOID + "classPartition")}
    assert partitions[NG + "Article"] == 12
    assert partitions[NG + "Meeting"] > 0 and partitions[NG + "Person"] > 0 and partitions[NG + "Statement"] > 0
    assert any(objects(triples, d, DCAT + "downloadURL") for d in objects(triples, ds, DCAT + "distribution"))


def test_void_as_jsonld(server):
    turtle = http("GET", server.url + ".well-known/void")
    jsonld = http("GET", server.url + ".well-known/void", headers={"Accept": "application/ld+json"})
    assert jsonld.status == 200 and jsonld.header("Content-Type").startswith("application/ld+json")
    assert len(list(ox.parse(jsonld.body, format=ox.RdfFormat.JSON_LD))) == \
        len(list(ox.parse(turtle.body, format=ox.RdfFormat.TURTLE)))


# -- /ns ----------------------------------------------------------------------------------------------

def test_ontology_at_its_namespace(server):
    source = resources.files("newsgraph.ontology").joinpath("newsgraph.ttl").read_bytes()
    ttl = http("GET", server.url + "ns.ttl")
    assert ttl.status == 200 and ttl.header("Content-Type").startswith("text/turtle") and ttl.body == source
    plain = http("GET", server.url + "ns")
    assert plain.body == source
    triples = [q.triple for q in ox.parse(plain.body, format=ox.RdfFormat.TURTLE)]
    assert ox.Triple(ox.NamedNode("https://w3id.org/newsgraph/ns"), RDF_TYPE,
                     ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")) in triples
    jsonld = http("GET", server.url + "ns", headers={"Accept": "application/ld+json"})
    assert jsonld.status == 200 and jsonld.header("Content-Type").startswith("application/ld+json")
    assert "Vary" in jsonld.headers or "vary" in {k.lower() for k in jsonld.headers}
    assert len(list(ox.parse(jsonld.body, format=ox.RdfFormat.JSON_LD))) == len(triples)
