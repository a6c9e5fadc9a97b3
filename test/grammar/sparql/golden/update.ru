# Every kind of update operation, separated by ';', each after its own prologue
PREFIX : <http://example.org/>
INSERT DATA { :s :p "o" . GRAPH :g { :s :p _:b } } ;
DELETE DATA { GRAPH <http://example.org/g> { :s :p 1 } } ;
DELETE WHERE { ?s :gone ?o } ;
BASE <http://example.org/base/>
WITH <g1> DELETE { ?s :p ?o } INSERT { ?s :q [ :r ?o ] } USING <g2> USING NAMED <g3> WHERE { ?s :p ?o } ;
INSERT { GRAPH ?g { ?s a :T } } WHERE { GRAPH ?g { ?s :p ?o } } ;
LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <g4> ;
CLEAR DEFAULT ; DROP SILENT NAMED ; CLEAR ALL ; DROP GRAPH <g5> ;
CREATE GRAPH <g6> ;
ADD DEFAULT TO GRAPH <g7> ; MOVE SILENT <g7> TO DEFAULT ; COPY GRAPH <g8> TO <g9> ;
