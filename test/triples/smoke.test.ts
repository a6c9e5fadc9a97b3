import { describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { SparqlBindings } from '../../src/engine/sparql.js';

const data = `@prefix ex: <http://example.org/> .
ex:alice ex:knows ex:bob ; ex:name "Alice" ; ex:age 30 .
ex:bob ex:knows ex:carol ; ex:name "Bob" ; ex:age 25 .
ex:carol ex:name "Carol"@en .
`;

function rows(r: unknown): string[][] {
  const b = r as SparqlBindings;
  return b.rows.map((row) => row.map((t) => (t ? t.value : 'UNBOUND')));
}

describe('sparql smoke', () => {
  it('bgp, optional, filter, paths, aggregates', async () => {
    const db = await Database.open();
    expect(await db.loadRdf(data)).toBe(7);
    const P = 'PREFIX ex: <http://example.org/> ';
    expect(rows(await db.sparql(P + 'SELECT ?a ?b WHERE { ?a ex:knows ?b } ORDER BY ?a'))).toEqual([
      ['http://example.org/alice', 'http://example.org/bob'],
      ['http://example.org/bob', 'http://example.org/carol'],
    ]);
    expect(rows(await db.sparql(P + 'SELECT ?n ?age WHERE { ?a ex:name ?n OPTIONAL { ?a ex:age ?age } } ORDER BY ?n'))).toEqual([
      ['Alice', '30'], ['Bob', '25'], ['Carol', 'UNBOUND'],
    ]);
    expect(rows(await db.sparql(P + 'SELECT ?n WHERE { ?a ex:name ?n ; ex:age ?x FILTER(?x > 26) }'))).toEqual([['Alice']]);
    expect(rows(await db.sparql(P + 'SELECT ?b WHERE { ex:alice ex:knows+ ?b } ORDER BY ?b'))).toEqual([['http://example.org/bob'], ['http://example.org/carol']]);
    expect(rows(await db.sparql(P + 'SELECT (COUNT(*) AS ?c) (SUM(?x) AS ?s) WHERE { ?a ex:age ?x }'))).toEqual([['2', '55']]);
    expect(await db.sparql(P + 'ASK { ex:alice ex:knows ex:bob }')).toBe(true);
    expect(await db.sparql(P + 'ASK { ex:alice ex:knows ex:carol }')).toBe(false);
    const quads = (await db.sparql(P + 'CONSTRUCT { ?b ex:knownBy ?a } WHERE { ?a ex:knows ?b }')) as unknown[];
    expect(quads.length).toBe(2);
    await db.close();
  });
});
