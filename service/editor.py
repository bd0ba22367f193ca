"""The SPARQL editor at /editor (CodeMirror 5, shipped): worked examples and every canned query
with its default parameters written in, run against /sparql by static/editor.js."""
from __future__ import annotations

from flask import current_app, render_template, request, url_for

from newsgraph.ontology import terms
from newsgraph.queries import catalog as catalog_mod

from .canned import editor_sparql
from .context import base

EXAMPLES = [
    ("Meetings of a person, with the sentence each was read from", terms.sparql_prefixes("ng", "skos", "schema") + """
SELECT ?meeting ?kind ?date ?article ?headline ?sentence
WHERE {
  GRAPH ?d {
    ?person a ng:Person ; skos:prefLabel "Dong Jun" .
    ?mention ng:resolvesTo ?person .
  }
  GRAPH ?g {
    ?meeting ng:participant ?mention ; a ?kind ; ng:evidence ?ev .
    OPTIONAL { ?meeting ng:date ?date }
    ?ev ng:article ?article ; ng:sentence ?sentence .
    OPTIONAL { ?article schema:headline ?headline }
  }
}
ORDER BY STR(?date)
"""),
    ("Trace facts to the exact text they were read from", terms.sparql_prefixes("ng", "schema") + """
SELECT ?fact ?rule ?span
WHERE {
  GRAPH ?g {
    ?fact ng:evidence ?ev .
    ?ev ng:article ?article ; ng:start ?start ; ng:end ?end ; ng:derivedBy ?rule .
    ?article schema:articleBody ?body .
    BIND (SUBSTR(?body, ?start + 1, ?end - ?start) AS ?span)
  }
}
LIMIT 50
"""),
    ("People and how many articles mention them", terms.sparql_prefixes("ng", "skos") + """
SELECT ?person ?name (COUNT(DISTINCT ?article) AS ?articles)
WHERE {
  GRAPH ?d { ?person a ng:Person ; skos:prefLabel ?name ; ng:mentionedIn ?article . }
}
GROUP BY ?person ?name
ORDER BY DESC(?articles) ?name
"""),
    ("Direct quotes with their speaker", terms.sparql_prefixes("ng", "skos") + """
SELECT ?speaker ?text ?article
WHERE {
  GRAPH ?g {
    ?s a ng:Statement ; ng:speechKind ng:direct ; ng:text ?text ;
       ng:speaker ?mention ; ng:evidence/ng:article ?article .
  }
  ?mention ng:resolvesTo ?who . ?who skos:prefLabel ?speaker .
}
"""),
    ("Everything about one meeting (CONSTRUCT)", terms.sparql_prefixes("ng") + """
CONSTRUCT { ?m ?p ?o }
WHERE {
  GRAPH ?d { ?m a ng:VideoCall ; ng:sourceCount ?n ; ?p ?o }
}
LIMIT 40
"""),
]



def editor():
    examples = [{"title": title, "sparql": text} for title, text in EXAMPLES]
    for q in catalog_mod.catalog().values():
        try:
            subs = q.substitutions({})
        except catalog_mod.QueryError:
            subs = {}
        examples.append({"title": f"Canned: {q.title}", "sparql": editor_sparql(q, subs)})
    initial = request.args.get("query") or examples[0]["sparql"]
    return render_template("editor.html", examples=examples, initial=initial, base=base(),
                           endpoint=url_for("sparql.sparql") if "sparql.sparql" in current_app.view_functions
                           else "/sparql")
